package dsl

import (
	"go/ast"
	"go/token"
	"strings"
)

// The builtins min and max (Go 1.21) are missing from yaegi v0.16.1, where
// `max(a, b)` fails with "constant definition loop". Every session
// declares them as generic functions instead. yaegi infers their type
// parameter from the first argument only, and cannot from an untyped
// float constant, so the Session also rewrites calls: constants move after
// the first argument that is not a constant (they have no side effects, so
// evaluation order is kept), and when every argument is a constant and one
// is a float, each becomes float64(...), the type Go gives the result.
// They follow the builtins, NaN included, except that they do not order
// -0 before +0.

// minMaxSrc declares min and max for cells.
const minMaxSrc = `
type __pdOrdered interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 | ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr | ~float32 | ~float64 | ~string
}

func min[__pdT __pdOrdered](x __pdT, y ...__pdT) __pdT {
	for _, v := range y {
		if v != v || v < x {
			x = v
		}
	}
	return x
}

func max[__pdT __pdOrdered](x __pdT, y ...__pdT) __pdT {
	for _, v := range y {
		if x != x {
			break
		}
		if v != v || v > x {
			x = v
		}
	}
	return x
}
`

// minMaxEdit returns the edit that reorders or converts the arguments of a
// call of min or max as described above, or false when none is needed.
func minMaxEdit(call *ast.CallExpr, src func(ast.Node) string, off func(token.Pos) int) (edit, bool) {
	id, ok := call.Fun.(*ast.Ident)
	if !ok || id.Obj != nil || (id.Name != "min" && id.Name != "max") || len(call.Args) < 2 || call.Ellipsis.IsValid() {
		return edit{}, false
	}
	first := -1 // the first argument that is not a constant
	float := false
	for i, a := range call.Args {
		c, f := constArg(a)
		float = float || f
		if !c && first < 0 {
			first = i
		}
	}
	args := make([]string, 0, len(call.Args))
	switch {
	case first > 0:
		args = append(args, src(call.Args[first]))
		for i, a := range call.Args {
			if i != first {
				args = append(args, src(a))
			}
		}
	case first < 0 && float:
		for _, a := range call.Args {
			args = append(args, "float64("+src(a)+")")
		}
	default:
		return edit{}, false
	}
	start, end := off(call.Lparen)+1, off(call.Rparen)
	return edit{start, end, strings.Join(args, ", ")}, true
}

// minMaxDefinition returns the edits that give a top-level `x :=
// max(...)` (or min) a type, since yaegi cannot give a global the type of
// a generic call's result (the cell would fail with "nil reflect type").
// When the call's first argument (after minMaxEdit's reordering) is a
// variable a, the result has a's type: the statement becomes `x := a; x =
// max(...)`. When every argument is a constant, it becomes `x :=
// T(max(...))`, with T the constants' default type.
func (s *Session) minMaxDefinition(st *ast.AssignStmt, off func(token.Pos) int, resume func(token.Pos) string) ([]edit, bool) {
	if st.Tok != token.DEFINE || len(st.Lhs) != 1 || len(st.Rhs) != 1 {
		return nil, false
	}
	x, ok := st.Lhs[0].(*ast.Ident)
	call, ok2 := st.Rhs[0].(*ast.CallExpr)
	if !ok || !ok2 || x.Name == "_" {
		return nil, false
	}
	fn, ok := call.Fun.(*ast.Ident)
	if !ok || !s.isGeneric(fn) || (fn.Name != "min" && fn.Name != "max") || call.Ellipsis.IsValid() {
		return nil, false
	}
	kinds := map[token.Token]bool{}
	for _, a := range call.Args {
		if c, _ := constArg(a); c {
			litKinds(a, kinds)
			continue
		}
		v, ok := a.(*ast.Ident)
		if !ok {
			return nil, false
		}
		start := off(st.Pos())
		return []edit{
			{start, start, x.Name + " := " + v.Name + "; " + resume(st.Pos())},
			{off(st.TokPos), off(st.TokPos) + len(":="), "=" + resume(st.TokPos+2)},
		}, true
	}
	typ := defaultType(kinds)
	return []edit{{off(call.Pos()), off(call.Pos()), typ + "(" + resume(call.Pos())}, {off(call.End()), off(call.End()), ")" + resume(call.End())}}, true
}

// defaultType is the type Go gives an expression of untyped constants
// whose literals are of kinds: string, float64 if any is a float, rune if
// any is a rune, else int.
func defaultType(kinds map[token.Token]bool) string {
	switch {
	case kinds[token.STRING]:
		return "string"
	case kinds[token.FLOAT]:
		return "float64"
	case kinds[token.CHAR]:
		return "rune"
	}
	return "int"
}

// litKinds records the kinds of the literals in constant expression e.
func litKinds(e ast.Expr, kinds map[token.Token]bool) {
	ast.Inspect(e, func(n ast.Node) bool {
		if l, ok := n.(*ast.BasicLit); ok {
			kinds[l.Kind] = true
		}
		return true
	})
}

// constArg reports whether e is a constant made of literals, and whether
// one of them is a floating-point literal.
func constArg(e ast.Expr) (isConst, isFloat bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		return e.Kind != token.IMAG, e.Kind == token.FLOAT
	case *ast.ParenExpr:
		return constArg(e.X)
	case *ast.UnaryExpr:
		if e.Op == token.SUB || e.Op == token.ADD {
			return constArg(e.X)
		}
	case *ast.BinaryExpr:
		xc, xf := constArg(e.X)
		yc, yf := constArg(e.Y)
		return xc && yc, xf || yf
	}
	return false, false
}
