package dsl

import (
	"context"
	"fmt"
	"go/ast"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"github.com/petridish-go/petridish/dsl/display"
)

// evalResult evaluates the final expression chunk c, exactly once, and
// renders its value into a bundle. yaegi handles some forms of code badly
// (it may even panic while compiling them), so the strategy is careful:
//
//   - the plain statement E is compiled first, so that errors in it are
//     reported as they are;
//   - calls are classified by how many values they return, by
//     compiling (not running) `_, _ = E`;
//   - no value: E runs as a plain statement;
//   - several values: __pdShowN(E) shows them as a tuple;
//   - one value: `__pdv := E` stores it where the interpreted __pdShow can
//     call the String, Error or MIMEBundle methods of types declared in
//     cells; when that form does not compile, E runs plainly and its value
//     is rendered by compiled code.
func (s *Session) evalResult(ctx context.Context, c *chunk) (data, md map[string]any, err error) {
	// The plain form first: a genuine error is reported against the
	// user's code, before other forms could leave the interpreter confused.
	plain, err := s.compile(c.source())
	if err != nil {
		return nil, nil, s.explainVague(c, err)
	}
	runPlain := func() (reflect.Value, error) { return s.execute(ctx, plain) }
	if c.values {
		s.result.take()
		if _, err := runPlain(); err != nil {
			return nil, nil, err
		}
		return s.result.take()
	}
	expr := c.stmts[0].(*ast.ExprStmt).X
	if s.isType(expr) {
		// Go's error; yaegi gave the value of the global frame's first
		// variable, and panicked assigning it ("reflect.Set: value of
		// type context.Context is not assignable to type int").
		return nil, nil, s.compileError(fmt.Sprintf("%s: %s (type) is not an expression", c.posString(expr.Pos()), nodeString(expr)))
	}
	if id, ok := expr.(*ast.Ident); ok && id.Name == "nil" {
		if _, shadowed := s.state.decls["nil"]; !shadowed {
			// Untyped nil has no value to show (yaegi gave the value of
			// the global frame's first variable, ctx).
			return nil, nil, nil
		}
	}
	if isPrintCall(expr) {
		_, err := runPlain()
		return nil, nil, err
	}
	switch n := s.arity(expr, c); {
	case n == 0:
		_, err := runPlain()
		return nil, nil, err
	case n > 1:
		prog, err := s.compile("__pdShowN(" + c.source() + ",\n)")
		if err != nil {
			_, err := runPlain()
			return nil, nil, err
		}
		s.result.take()
		if _, err := s.execute(ctx, prog); err != nil {
			return nil, nil, err
		}
		return s.result.take()
	}
	// yaegi fails, sometimes noisily, to compile `__pdv := E` when E
	// instantiates a generic: those values are rendered from the plain run.
	if s.usesGeneric(expr) {
		v, err := runPlain()
		if err != nil {
			return nil, nil, err
		}
		return renderValue(v)
	}
	if prog, err := s.compile("__pdv := " + c.source()); err == nil {
		v, err := s.execute(ctx, prog)
		if err != nil {
			return nil, nil, err
		}
		if nilInterface(v) {
			return nil, nil, nil
		}
		s.result.take()
		s.result.setCall(isCall(expr))
		_, err = s.eval(ctx, `__pdShow(__pdv, __pdfmt.Sprintf("%+v", __pdv), __pd.Displayable(__pdv))`)
		s.result.setCall(false)
		if err == nil {
			return s.result.take()
		}
		return renderValue(v)
	}
	v, err := runPlain()
	if err != nil {
		return nil, nil, err
	}
	return renderValue(v)
}

// isCall reports whether e is a call (or conversion), in parentheses or
// not.
func isCall(e ast.Expr) bool {
	for {
		p, ok := e.(*ast.ParenExpr)
		if !ok {
			break
		}
		e = p.X
	}
	_, ok := e.(*ast.CallExpr)
	return ok
}

// mismatch reads the number of values from yaegi's complaint about
// `_, _ = E`.
var mismatch = regexp.MustCompile(`assignment mismatch: 2 variables but .*returns (\d+) values?`)

// arity returns how many values expression e of chunk c has: 1 unless e
// is a call, whose count the interpreter tells by compiling `_, _ = e`.
func (s *Session) arity(e ast.Expr, c *chunk) int {
	for {
		p, ok := e.(*ast.ParenExpr)
		if !ok {
			break
		}
		e = p.X
	}
	if _, ok := e.(*ast.CallExpr); !ok {
		return 1
	}
	_, err := s.compile("_, _ = " + c.source())
	if err == nil {
		return 2
	}
	if m := mismatch.FindStringSubmatch(err.Error()); m != nil {
		n, _ := strconv.Atoi(m[1])
		if n == 0 && s.isConversion(e) {
			// yaegi says conversions such as string(b) or T(x) return 0
			// values; they have one.
			return 1
		}
		return n
	}
	return 1
}

// isConversion reports whether call expression e is a conversion such as
// string(b), []int(x) or T(x). It decides by the callee's syntax and, for
// a name, by whether the name denotes a type. (Compiling the expression
// into an assignment to find out would leave yaegi in a bad state when it
// is a call of a function without results.)
func (s *Session) isConversion(e ast.Expr) bool {
	call, ok := e.(*ast.CallExpr)
	if !ok {
		return false
	}
	fun := call.Fun
	for {
		p, ok := fun.(*ast.ParenExpr)
		if !ok {
			break
		}
		fun = p.X
	}
	switch f := fun.(type) {
	case *ast.ArrayType, *ast.MapType, *ast.ChanType, *ast.FuncType, *ast.InterfaceType, *ast.StructType, *ast.StarExpr:
		return true
	case *ast.Ident:
		return basicTypes[f.Name] != nil || s.isType(f)
	case *ast.SelectorExpr:
		return s.isType(f)
	}
	return false
}

// isType reports whether e, a name or pkg.Name, denotes a type: a type a
// cell declared, or a type of a compiled package.
func (s *Session) isType(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.Ident:
		return s.state.decls[e.Name].kind == "type"
	case *ast.SelectorExpr:
		return s.compiledType(e) != nil
	}
	return false
}

// nilInterface reports whether v is missing or a nil interface value
// (such as a nil error), which shows nothing, like Python's None.
func nilInterface(v reflect.Value) bool {
	return !v.IsValid() || v.Kind() == reflect.Interface && v.IsNil()
}

// renderValue renders a value that compiled code received from the
// interpreter.
func renderValue(v reflect.Value) (data, md map[string]any, err error) {
	if nilInterface(v) || !v.CanInterface() {
		return nil, nil, nil
	}
	return display.Render(v.Interface())
}

// isPrintCall reports whether e calls fmt.Print*, fmt.Fprint* or println,
// whose results (bytes written, error) are not worth showing.
func isPrintCall(e ast.Expr) bool {
	call, ok := e.(*ast.CallExpr)
	if !ok {
		return false
	}
	switch f := call.Fun.(type) {
	case *ast.SelectorExpr:
		x, ok := f.X.(*ast.Ident)
		return ok && x.Name == "fmt" && (strings.HasPrefix(f.Sel.Name, "Print") || strings.HasPrefix(f.Sel.Name, "Fprint"))
	case *ast.Ident:
		return f.Name == "println" || f.Name == "print"
	}
	return false
}

// Evaluate evaluates one Go expression in the session's current state and
// returns the MIME bundle of its value, for Jupyter's user_expressions. It
// does not count as a cell and publishes nothing. Evaluating an expression
// that has side effects has them.
func (s *Session) Evaluate(ctx context.Context, expr string) (map[string]any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, errClosed
	}
	return s.evaluate(ctx, expr)
}

// evaluate is Evaluate for a caller that holds s.mu.
func (s *Session) evaluate(ctx context.Context, expr string) (map[string]any, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	const name = "<expression>"
	s.state.sources[name] = expr
	chunks, err := s.plan(name, expr, 1, true)
	if err != nil {
		return nil, err
	}
	if len(chunks) != 1 || !chunks[0].result {
		return nil, s.compileError("user expression " + quoteShort(expr) + " is not a single Go expression")
	}
	imports, err := s.autoImports(name, chunks)
	if err != nil {
		return nil, err
	}
	for _, sp := range imports {
		if err := s.importSpec(ctx, name, sp, nil); err != nil {
			return nil, err
		}
	}
	s.cellCtx.Store(&ctx)
	defer func() {
		bg := context.Background()
		s.cellCtx.Store(&bg)
	}()
	s.rewrite(chunks[0])
	data, _, err := s.evalResult(ctx, chunks[0])
	if err != nil {
		return nil, err
	}
	if data == nil {
		data = map[string]any{"text/plain": "<nil>"}
	}
	return data, nil
}

func quoteShort(s string) string {
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	return "`" + s + "`"
}
