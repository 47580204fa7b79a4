package dsl

import (
	"context"
	"go/ast"
	"strings"
)

// evalResult evaluates the final expression chunk c and renders its
// value into s.result: single values through __pdv and __pdShow,
// multi-valued calls through __pdShowN. Expressions with no value, and
// fmt's print functions, run as plain statements. The forms are compiled
// first, without running, so the expression runs exactly once.
func (s *Session) evalResult(ctx context.Context, c *chunk) (data, md map[string]any, err error) {
	expr := c.stmts[0].(*ast.ExprStmt).X
	if !isPrintCall(expr) {
		// __pdShowN(E) compiles exactly when E has at least one value.
		multi, err := s.compile("__pdShowN(" + c.source() + ",\n)")
		if err == nil {
			s.result.take()
			if single, err := s.compile("__pdv := " + c.source()); err == nil {
				if _, err := s.execute(ctx, single); err != nil {
					return nil, nil, err
				}
				if _, err := s.eval(ctx, "__pdShow(__pdv)"); err != nil {
					return nil, nil, err
				}
			} else if _, err := s.execute(ctx, multi); err != nil {
				return nil, nil, err
			}
			return s.result.take()
		}
		// No value (or a genuine compile error): run it plainly, which
		// reports any error against the user's own code.
	}
	if _, err := s.eval(ctx, c.source()); err != nil {
		return nil, nil, err
	}
	return nil, nil, nil
}

func isCompileError(err error) bool {
	e, ok := err.(*Error)
	return ok && e.Name == "compile error"
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
