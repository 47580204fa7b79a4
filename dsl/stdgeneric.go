package dsl

import (
	"go/ast"
	"go/token"
	"slices"
)

// Calls of standard generic functions that yaegi v0.16.1 cannot compile as
// written, and which the Session rewrites (generic.go has the sources):
//
//   - yaegi infers a type parameter only from parameters that are not
//     variadic, so `cmp.Or(a, b)` and `slices.Concat(xs, ys)` failed with
//     "undefined type for T". A call without type arguments becomes a call
//     of a function of the same package whose first parameter tells the
//     type (`cmp.or(a, b)`, `slices.concat(xs, ys)`; `cmp.orOne(a)` for
//     one argument), and one with a
//     spread slice a call of a function that takes the slice
//     (`cmp.orSlice(xs)`, `slices.concatSlice(xss)`). When every argument
//     is a constant, each becomes a constant of the type Go infers
//     (constFuncs).
//   - The generic functions of packages yaegi has compiled (sync.OnceValue,
//     sync.OnceValues, rand.N of math/rand/v2) are not in the compiled
//     package, and the interpreter looks an imported compiled package's
//     members up there only. The Session compiles their source under a
//     name of its own (__pdsync, __pdrand) and writes that name for the
//     package's: `sync.OnceValue(f)` runs as `__pdsync.OnceValue(f)`.

// variadicHelpers gives, for the variadic generic functions of the
// standard packages compiled from source, the functions of the same
// package that serve a call without type arguments: of several listed
// arguments, of one (yaegi cannot compile a generic call that leaves a
// variadic parameter without arguments: "index out of range"), and of a
// spread slice.
var variadicHelpers = map[string]map[string][3]string{
	"cmp":    {"Or": {"or", "orOne", "orSlice"}},
	"slices": {"Concat": {"concat", "concatOne", "concatSlice"}},
}

// constFuncs are the standard generic functions whose arguments all have
// the type of their one type parameter. When they are all constants, each
// becomes T(...), with T their default type (int, rune, float64 or
// string), as Go infers it: yaegi instantiated them for an untyped type
// ("untyped float does not implement cmp.Ordered", and rand.N(10) failed
// to compile). A constant before a variable tells yaegi the wrong type
// (cmp.Compare(2, x) of a float64 x: "cannot use type float64 as type
// untyped int"): Compare and Less are called with their arguments swapped,
// as cmp.compareRev(x, 2) (constants have no side effects, so the order in
// which they are evaluated does not matter).
var constFuncs = map[string][]string{
	"cmp":          {"Compare", "Less", "Or"},
	"math/rand/v2": {"N"},
}

// swappedHelpers are the functions that take Compare's and Less's
// arguments the other way round.
var swappedHelpers = map[string]string{"Compare": "compareRev", "Less": "lessRev"}

// stdPackageOf returns the import path of the package that x, the left of
// a selector, names in a cell; false when x is not an imported package.
func (s *Session) stdPackageOf(x ast.Expr) (string, bool) {
	id, ok := x.(*ast.Ident)
	if !ok || id.Obj != nil {
		return "", false
	}
	if _, isDecl := s.state.decls[id.Name]; isDecl {
		return "", false // a variable or type of the cells
	}
	path, ok := s.state.imports[id.Name]
	return path, ok
}

// hiddenMemberEdit returns the edit that writes, for the package of
// selector sel, the name the Session's source of its generic functions is
// compiled under, when sel names one of those (sync.OnceValue), or the
// Session's own function that serves a call of sel (errors.As,
// widget.Interact). call is the call of sel, nil when sel is not called.
func (s *Session) hiddenMemberEdit(sel *ast.SelectorExpr, call *ast.CallExpr, off func(token.Pos) int, resume func(token.Pos) string) (edit, bool) {
	path, ok := s.stdPackageOf(sel.X)
	if !ok {
		return edit{}, false
	}
	if path == "errors" && (sel.Sel.Name == "As" || sel.Sel.Name == "Is") {
		// The Session's errors.As and errors.Is, in the cells' package
		// (generic_errors.go.txt), for calls: errors.As with a target
		// written &x, whose type tells the generic As what to look for.
		// errors.As as a value, or with a target of another form (an
		// any), stays the compiled one.
		if call == nil || sel.Sel.Name == "As" && (len(call.Args) != 2 || !isAddressOf(call.Args[1])) {
			return edit{}, false
		}
		return edit{off(sel.X.Pos()), off(sel.Sel.End()), "__pderrors" + sel.Sel.Name + resume(sel.Sel.End())}, true
	}
	if path == "sync/atomic" && sel.Sel.Name == "Pointer" {
		// The Session's atomic.Pointer, a generic type of the cells'
		// package (source_atomic.go.txt).
		return edit{off(sel.X.Pos()), off(sel.Sel.End()), "__pdatomicPointer" + resume(sel.Sel.End())}, true
	}
	if path == widgetPath && sel.Sel.Name == "Interact" && call != nil {
		// The Session's Interact, which gives compiled code render's
		// value with the methods of its cell type (displayvalues.go).
		return edit{off(sel.X.Pos()), off(sel.Sel.End()), "__pdInteract" + resume(sel.Sel.End())}, true
	}
	as, ok := hiddenPackage(path)
	if !ok || !slices.Contains(genericMembers()[path], sel.Sel.Name) {
		return edit{}, false
	}
	return edit{off(sel.X.Pos()), off(sel.X.End()), as + resume(sel.X.End())}, true
}

// stdGenericCallEdits returns the edits described above for call, a call
// of a standard generic function without type arguments; false when it
// needs none.
func (s *Session) stdGenericCallEdits(call *ast.CallExpr, src func(ast.Node) string, off func(token.Pos) int, resume func(token.Pos) string) ([]edit, bool) {
	if ix, ok := call.Fun.(*ast.IndexExpr); ok {
		return s.concatTypeArgEdits(ix, src, off, resume)
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || len(call.Args) == 0 {
		return nil, false
	}
	path, ok := s.stdPackageOf(sel.X)
	if !ok {
		return nil, false
	}
	var edits []edit
	if h, ok := variadicHelpers[path][sel.Sel.Name]; ok {
		if call.Ellipsis.IsValid() {
			if len(call.Args) != 1 {
				return nil, false
			}
			p := off(call.Ellipsis)
			return []edit{
				{off(sel.Sel.Pos()), off(sel.Sel.End()), h[2] + resume(sel.Sel.End())},
				{p, p + len("..."), resume(call.Ellipsis + 3)},
			}, true
		}
		helper := h[0]
		if len(call.Args) == 1 {
			helper = h[1]
		}
		edits = append(edits, edit{off(sel.Sel.Pos()), off(sel.Sel.End()), helper + resume(sel.Sel.End())})
	}
	if !slices.Contains(constFuncs[path], sel.Sel.Name) || call.Ellipsis.IsValid() {
		return edits, len(edits) > 0
	}
	kinds := map[token.Token]bool{}
	consts := 0
	for _, a := range call.Args {
		if c, _ := constArg(a); c {
			litKinds(a, kinds)
			consts++
		}
	}
	switch {
	case consts == len(call.Args):
		typ := defaultType(kinds)
		for _, a := range call.Args {
			edits = append(edits, edit{off(a.Pos()), off(a.End()), typ + "(" + src(a) + ")" + resume(a.End())})
		}
	case len(call.Args) == 2 && consts == 1 && swappedHelpers[sel.Sel.Name] != "":
		if c, _ := constArg(call.Args[0]); c {
			x, y := call.Args[0], call.Args[1]
			edits = append(edits,
				edit{off(sel.Sel.Pos()), off(sel.Sel.End()), swappedHelpers[sel.Sel.Name] + resume(sel.Sel.End())},
				edit{off(x.Pos()), off(y.End()), resume(y.Pos()) + src(y) + ", " + resume(x.Pos()) + src(x) + resume(y.End())})
		}
	}
	return edits, len(edits) > 0
}

// concatTypeArgEdits returns the edit that writes Go's type argument of
// slices.Concat, the slice type (slices.Concat[[]int](...)), as the
// element type that the Session's Concat takes (slices.Concat[int]).
func (s *Session) concatTypeArgEdits(ix *ast.IndexExpr, src func(ast.Node) string, off func(token.Pos) int, resume func(token.Pos) string) ([]edit, bool) {
	sel, ok := ix.X.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Concat" {
		return nil, false
	}
	if path, ok := s.stdPackageOf(sel.X); !ok || path != "slices" {
		return nil, false
	}
	t, ok := ix.Index.(*ast.ArrayType)
	if !ok || t.Len != nil {
		return nil, false
	}
	return []edit{{off(ix.Index.Pos()), off(ix.Index.End()), src(t.Elt) + resume(ix.Index.End())}}, true
}

// onceVarEdits returns the edits that give a variable declared from
// sync.OnceValue or sync.OnceValues of a function literal its type, `var
// config = sync.OnceValue(func() T {...})` as `var config func() T =
// ...`: yaegi cannot give a variable declared at the top level of a cell
// the type of a generic call's result ("reflect.Type is nil").
func (s *Session) onceVarEdits(d ast.Decl, src func(ast.Node) string, off func(token.Pos) int, resume func(token.Pos) string) []edit {
	g, ok := d.(*ast.GenDecl)
	if !ok || g.Tok != token.VAR {
		return nil
	}
	var edits []edit
	for _, sp := range g.Specs {
		v, ok := sp.(*ast.ValueSpec)
		if !ok || v.Type != nil || len(v.Names) != 1 || len(v.Values) != 1 {
			continue
		}
		call, ok := v.Values[0].(*ast.CallExpr)
		if !ok || len(call.Args) != 1 {
			continue
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "OnceValue" && sel.Sel.Name != "OnceValues" {
			continue
		}
		if path, ok := s.stdPackageOf(sel.X); !ok || path != "sync" {
			continue
		}
		f, ok := call.Args[0].(*ast.FuncLit)
		if !ok || f.Type.Results == nil || len(f.Type.Params.List) != 0 {
			continue
		}
		p := off(v.Names[0].End())
		edits = append(edits, edit{p, p, " func() " + src(f.Type.Results) + resume(v.Names[0].End())})
	}
	return edits
}

// isAddressOf reports whether e is &x.
func isAddressOf(e ast.Expr) bool {
	u, ok := ast.Unparen(e).(*ast.UnaryExpr)
	return ok && u.Op == token.AND
}
