package dsl

import (
	"context"
	"go/ast"
	"strings"
)

// evalResult evaluates the final expression chunk c through the show
// helper, which renders its value into s.result. Expressions with no
// value, and fmt's print functions, run as plain statements.
func (s *Session) evalResult(ctx context.Context, name string, c *chunk) (data, md map[string]any, err error) {
	expr := c.stmts[0].(*ast.ExprStmt).X
	if !isPrintCall(expr) {
		s.result.take()
		_, err := s.eval(ctx, "__pdShow("+c.source(name)+",\n)")
		if err == nil {
			return s.result.take()
		}
		if e, ok := err.(*Error); !ok || e.Name != "compile error" {
			return nil, nil, err
		}
		// No value (or a genuine compile error): run it plainly, which
		// reports the error against the user's own code.
	}
	if _, err := s.eval(ctx, c.source(name)); err != nil {
		return nil, nil, err
	}
	return nil, nil, nil
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
		if err := s.importSpec(ctx, name, sp); err != nil {
			return nil, err
		}
	}
	s.cellCtx.Store(&ctx)
	defer func() {
		bg := context.Background()
		s.cellCtx.Store(&bg)
	}()
	s.result.take()
	if _, err := s.eval(ctx, "__pdShow("+chunks[0].source(name)+",\n)"); err != nil {
		return nil, err
	}
	data, _, err := s.result.take()
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
