package dsl

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"slices"
	"strings"
)

// Ranging over a function (Go 1.23) is not in yaegi v0.16.1 ("nil
// type"). Besides the standard iterators (rangeiter.go), the Session
// rewrites a loop over a function whose element types it can read from
// the cells' source, calling the function with the loop body as its
// yield function:
//
//	for k, v := range X { body }  ->  X(func(k K, v V) bool { body; return true })
//
// (X in parentheses unless it is a name, selector, call or index), with
// the body's own `continue` as `return true` and its own `break` as
// `return false`; inside a function, a `return` in the body sets the
// function's results, stops the sequence, and the function returns after
// the call (returnEdits). K and V are read from what X is: a call of a
// function or method declared in a cell, a function of a cell, a
// parameter, or a variable defined from one of those; the type they
// return is iter.Seq[V], iter.Seq2[K, V], func(yield func(K, V) bool), or
// a cell type defined as one of those. For a call of a function of a
// compiled package (strings.Lines(s), ast.Preorder(n)) the reflect type
// of its result tells them, when the cell can name them (sourceOfType).
// Each call of the yield function has variables of its own, as each
// iteration of a Go 1.22 loop does. A body with a defer, goto or label of
// its own (or a return at the top level of a cell), a loop that assigns to
// existing variables (`for k = range X`; `for _ = range X` is rewritten),
// a labelled loop, and sequences of generic functions keep the error,
// which says what to write.

// enclosingFunc is the function a loop is in: its results, or none at
// the top level of a cell.
type enclosingFunc struct {
	in      bool
	results *ast.FieldList
}

// rangeFuncEdits returns the edits that run loop r, in function fn, over
// a function as a call of it; false when r is not such a loop the Session
// can rewrite. k numbers the variables a return in the body needs.
func (s *Session) rangeFuncEdits(r *ast.RangeStmt, fn enclosingFunc, local map[string]*ast.FuncDecl, off func(token.Pos) int, resume func(token.Pos) string, k int) ([]edit, bool) {
	if r.Tok == token.ASSIGN && (!isBlank(r.Key) || r.Value != nil && !isBlank(r.Value)) {
		return nil, false // for k = range X: k is no variable of the yield function
	}
	types := s.seqTypes(r.X, local, 0)
	if types == nil {
		return nil, false
	}
	names := []string{}
	for _, e := range []ast.Expr{r.Key, r.Value} {
		if e == nil {
			break
		}
		id, ok := e.(*ast.Ident)
		if !ok {
			return nil, false
		}
		names = append(names, id.Name)
	}
	if len(names) > len(types) {
		return nil, false
	}
	breaks, continues, returns, ok := scanExits(r.Body, fn.in)
	if !ok {
		return nil, false
	}
	var before, after string
	var returnEdits []edit
	if len(returns) > 0 {
		if returnEdits, before, after, ok = s.returnEdits(r, returns, fn, local, off, resume, k); !ok {
			return nil, false
		}
	}
	params := make([]string, len(types))
	for i, t := range types {
		name := "_"
		if i < len(names) {
			name = names[i]
		}
		params[i] = name + " " + t
	}
	// yaegi fails to call a parenthesised function name, (f)(...), so
	// only other expressions get parentheses.
	open, close := "(", ")"
	switch r.X.(type) {
	case *ast.Ident, *ast.SelectorExpr, *ast.CallExpr, *ast.IndexExpr, *ast.IndexListExpr, *ast.ParenExpr:
		open, close = "", ""
	}
	header := close + "(func(" + strings.Join(params, ", ") + ") bool {"
	edits := []edit{
		{off(r.Pos()), off(r.X.Pos()), before + open + resume(r.X.Pos())},
		{off(r.X.End()), off(r.Body.Lbrace) + 1, header + resume(r.Body.Lbrace+1)},
		{off(r.Body.Rbrace), off(r.Body.Rbrace) + 1, "\nreturn true\n})" + after + resume(r.Body.Rbrace+1)},
	}
	edits = append(edits, returnEdits...)
	for _, b := range breaks {
		edits = append(edits, edit{off(b.Pos()), off(b.End()), "return false" + resume(b.End())})
	}
	for _, c := range continues {
		edits = append(edits, edit{off(c.Pos()), off(c.End()), "return true" + resume(c.End())})
	}
	return edits, true
}

// isBlank reports whether e is the blank identifier.
func isBlank(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == "_"
}

// maxSeqChase bounds how far seqTypes follows variables and type names.
const maxSeqChase = 8

// seqTypes returns the types of the values that e, a sequence, yields, as
// source; nil when e is not a function whose types the Session can read.
// local holds the functions and methods of the chunk being rewritten,
// which the Session has not recorded yet (by funcKey).
func (s *Session) seqTypes(e ast.Expr, local map[string]*ast.FuncDecl, depth int) []string {
	if depth > maxSeqChase {
		return nil
	}
	switch e := e.(type) {
	case *ast.ParenExpr:
		return s.seqTypes(e.X, local, depth+1)
	case *ast.CallExpr:
		if types, ok := s.backwardTypes(e); ok {
			return types
		}
		if types, ok := s.compiledSeqTypes(e); ok {
			return types
		}
		results := s.callResults(e, local)
		if results == nil {
			results = s.genericCallResults(e, local)
		}
		if results == nil || len(results.List) != 1 || len(results.List[0].Names) > 1 {
			return nil
		}
		return s.yieldTypes(results.List[0].Type, depth+1)
	case *ast.Ident:
		if e.Obj == nil {
			// A function or variable of an earlier cell (or chunk).
			d, ok := s.state.decls[e.Name]
			switch {
			case ok && d.kind == "func" && !d.generic:
				if fd := s.cellFunc(e.Name, local); fd != nil {
					return s.yieldTypes(fd.Type, depth+1)
				}
			case ok && d.kind == "var":
				return s.globalYieldTypes(e.Name)
			}
			return nil
		}
		switch d := e.Obj.Decl.(type) {
		case *ast.Field: // a parameter
			return s.yieldTypes(d.Type, depth+1)
		case *ast.FuncDecl:
			if d.Recv == nil && d.Type.TypeParams == nil {
				return s.yieldTypes(d.Type, depth+1)
			}
		case *ast.ValueSpec:
			if d.Type != nil {
				return s.yieldTypes(d.Type, depth+1)
			}
		}
		if v := definingValue(e); v != nil {
			return s.seqTypes(v, local, depth+1)
		}
	}
	return nil
}

// backwardTypes returns the element types of call's sequence when call is
// slices.Backward(s) with s a slice whose type the source states: int and
// s's element type.
func (s *Session) backwardTypes(call *ast.CallExpr) ([]string, bool) {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || len(call.Args) != 1 || call.Ellipsis.IsValid() || sel.Sel.Name != "Backward" {
		return nil, false
	}
	if pkg, ok := sel.X.(*ast.Ident); !ok || pkg.Obj != nil || !s.isStdPackage(pkg.Name) || pkg.Name != "slices" {
		return nil, false
	}
	t, ok := s.argType(call.Args[0]).(*ast.ArrayType)
	if !ok || t.Len != nil {
		return nil, false
	}
	return []string{"int", nodeString(t.Elt)}, true
}

// compiledSeqTypes returns the element types of call's sequence when call
// calls a function of a compiled package (pkg.F(...), from the symbol
// tables) whose result is a sequence: its reflect type tells them
// (strings.Lines returns an iter.Seq[string], a func(func(string) bool)).
// False when call is no such call, or when a type cannot be written in the
// cell (sourceOfType).
func (s *Session) compiledSeqTypes(call *ast.CallExpr) ([]string, bool) {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return nil, false
	}
	path, ok := s.stdPackageOf(sel.X)
	if !ok {
		return nil, false
	}
	v, ok := exportsOf(path)[sel.Sel.Name]
	if !ok || !v.IsValid() || v.Kind() != reflect.Func {
		return nil, false
	}
	ft := v.Type()
	if ft.NumOut() != 1 {
		return nil, false
	}
	elems, ok := seqElemTypes(ft.Out(0))
	if !ok {
		return nil, false
	}
	types := []string{}
	for _, t := range elems {
		src, ok := s.sourceOfType(t)
		if !ok {
			return nil, false
		}
		types = append(types, src)
	}
	return types, true
}

// seqElemTypes returns the types that a sequence of type t, a
// func(yield func(A, B) bool) (iter.Seq[V], iter.Seq2[K, V], ...), yields.
func seqElemTypes(t reflect.Type) ([]reflect.Type, bool) {
	if t.Kind() != reflect.Func || t.NumIn() != 1 || t.NumOut() != 0 || t.IsVariadic() {
		return nil, false
	}
	y := t.In(0)
	if y.Kind() != reflect.Func || y.NumOut() != 1 || y.Out(0).Kind() != reflect.Bool || y.Out(0).PkgPath() != "" || y.IsVariadic() || y.NumIn() > 2 {
		return nil, false
	}
	elems := make([]reflect.Type, y.NumIn())
	for i := range elems {
		elems[i] = y.In(i)
	}
	return elems, true
}

// sourceOfType writes compiled type t as Go source that a cell can use:
// predeclared types, []byte, slices, arrays, maps, pointers and channels
// of such types, and named types of packages that the cells import, under
// the name they import them as; false for other types (function, struct,
// interface types other than any and error, instances of generic types,
// types of packages the cells do not import).
func (s *Session) sourceOfType(t reflect.Type) (string, bool) {
	if t.Name() != "" {
		if t.PkgPath() == "" {
			return t.Name(), true // predeclared, error included
		}
		if strings.Contains(t.Name(), "[") {
			return "", false // an instance of a generic type
		}
		var names []string
		for name, path := range s.state.imports {
			if _, shadowed := s.state.decls[name]; path == t.PkgPath() && !shadowed && name != "_" && name != "." {
				names = append(names, name)
			}
		}
		if len(names) == 0 {
			return "", false
		}
		slices.Sort(names) // one choice when the cells import it twice
		return names[0] + "." + t.Name(), true
	}
	switch t.Kind() {
	case reflect.Slice:
		if t.Elem() == reflect.TypeFor[byte]() {
			return "[]byte", true
		}
		e, ok := s.sourceOfType(t.Elem())
		return "[]" + e, ok
	case reflect.Array:
		e, ok := s.sourceOfType(t.Elem())
		return fmt.Sprintf("[%d]%s", t.Len(), e), ok
	case reflect.Pointer:
		e, ok := s.sourceOfType(t.Elem())
		return "*" + e, ok
	case reflect.Map:
		k, ok := s.sourceOfType(t.Key())
		e, ok2 := s.sourceOfType(t.Elem())
		return "map[" + k + "]" + e, ok && ok2
	case reflect.Chan:
		e, ok := s.sourceOfType(t.Elem())
		switch t.ChanDir() {
		case reflect.RecvDir:
			return "<-chan " + e, ok
		case reflect.SendDir:
			return "chan<- " + e, ok
		}
		if t.Elem().Kind() == reflect.Chan && t.Elem().ChanDir() == reflect.RecvDir {
			return "chan (" + e + ")", ok
		}
		return "chan " + e, ok
	case reflect.Interface:
		if t.NumMethod() == 0 {
			return "any", true
		}
	}
	return "", false
}

// callResults returns the results of the function or method call calls:
// one declared in a cell, not generic; nil otherwise.
func (s *Session) callResults(call *ast.CallExpr, local map[string]*ast.FuncDecl) *ast.FieldList {
	switch fn := call.Fun.(type) {
	case *ast.Ident:
		if fn.Obj != nil {
			if d, ok := fn.Obj.Decl.(*ast.FuncDecl); ok && d.Recv == nil && d.Type.TypeParams == nil {
				return d.Type.Results
			}
			return nil
		}
		if d, ok := s.state.decls[fn.Name]; !ok || d.kind != "func" || d.generic {
			return nil
		}
		if fd := s.cellFunc(fn.Name, local); fd != nil {
			return fd.Type.Results
		}
	case *ast.SelectorExpr:
		x, ok := fn.X.(*ast.Ident)
		if !ok {
			return nil
		}
		if results, generic := s.genericMethodResults(x, fn.Sel.Name, local); generic {
			return results
		}
		typ := s.receiverType(x)
		if typ == "" {
			return nil
		}
		if fd := s.cellFunc(typ+"."+fn.Sel.Name, local); fd != nil {
			return fd.Type.Results
		}
	}
	return nil
}

// cellFunc returns the declaration of the function or method key ("F",
// "T.M") that the chunk (local) or a cell declared, when it is not
// generic; nil otherwise.
func (s *Session) cellFunc(key string, local map[string]*ast.FuncDecl) *ast.FuncDecl {
	if fd := s.declaredFunc(key, local); fd != nil && fd.Type.TypeParams == nil {
		return fd
	}
	return nil
}

// declaredFunc returns the declaration of the function or method key: the
// chunk's own (local), or else the one a cell recorded; nil when there is
// none.
func (s *Session) declaredFunc(key string, local map[string]*ast.FuncDecl) *ast.FuncDecl {
	if fd, ok := local[key]; ok {
		return fd
	}
	return s.state.recordedFunc(key)
}

// recordedFunc parses the recorded source of the function or method key
// ("F", "T.M"), with its comments; nil when there is none.
func (st *state) recordedFunc(key string) *ast.FuncDecl {
	fs, ok := st.funcs[key]
	if !ok {
		return nil
	}
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p\n"+fs.src, parser.SkipObjectResolution|parser.ParseComments)
	if err != nil || len(f.Decls) != 1 {
		return nil
	}
	fd, _ := f.Decls[0].(*ast.FuncDecl)
	return fd
}

// yieldTypes returns the types a sequence of type t yields: t is
// func(yield func(A, B) bool), iter.Seq[V], iter.Seq2[K, V], or a cell
// type defined as one of those; nil for any other type.
func (s *Session) yieldTypes(t ast.Expr, depth int) []string {
	if depth > maxSeqChase {
		return nil
	}
	switch t := t.(type) {
	case *ast.ParenExpr:
		return s.yieldTypes(t.X, depth+1)
	case *ast.FuncType:
		if t.TypeParams != nil || t.Results != nil && len(t.Results.List) > 0 || t.Params == nil {
			return nil
		}
		params := fieldTypes(t.Params)
		if len(params) != 1 {
			return nil
		}
		yield, ok := t.Params.List[0].Type.(*ast.FuncType)
		if !ok || yield.Results == nil || len(fieldTypes(yield.Results)) != 1 {
			return nil
		}
		if id, ok := yield.Results.List[0].Type.(*ast.Ident); !ok || id.Name != "bool" {
			return nil
		}
		types := fieldTypes(yield.Params)
		if types == nil {
			types = []string{}
		}
		return types
	case *ast.IndexExpr:
		if s.isIterType(t.X, "Seq") {
			return []string{nodeString(t.Index)}
		}
	case *ast.IndexListExpr:
		if s.isIterType(t.X, "Seq2") && len(t.Indices) == 2 {
			return []string{nodeString(t.Indices[0]), nodeString(t.Indices[1])}
		}
	case *ast.Ident:
		if t.Obj != nil {
			if ts, ok := t.Obj.Decl.(*ast.TypeSpec); ok && ts.TypeParams == nil {
				return s.yieldTypes(ts.Type, depth+1)
			}
			return nil
		}
		d, ok := s.state.decls[t.Name]
		if !ok || d.kind != "type" || d.generic {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), "", "package p\ntype "+d.src, parser.SkipObjectResolution)
		if err != nil || len(f.Decls) != 1 {
			return nil
		}
		g := f.Decls[0].(*ast.GenDecl)
		if len(g.Specs) != 1 {
			return nil
		}
		return s.yieldTypes(g.Specs[0].(*ast.TypeSpec).Type, depth+1)
	}
	return nil
}

// isIterType reports whether x names the type name of package iter.
func (s *Session) isIterType(x ast.Expr, name string) bool {
	sel, ok := x.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != name {
		return false
	}
	pkg, ok := sel.X.(*ast.Ident)
	return ok && pkg.Name == "iter" && s.isStdPackage("iter")
}

// chunkFuncs returns the functions and methods chunk c declares, by
// funcKey: the Session records them only after the chunk runs.
func chunkFuncs(c *chunk) map[string]*ast.FuncDecl {
	local := map[string]*ast.FuncDecl{}
	for _, d := range c.decls {
		if fd, ok := d.(*ast.FuncDecl); ok {
			local[funcKey(fd)] = fd
		}
	}
	return local
}

// rangeFuncLoops returns the edits of each loop of chunk c, at any depth,
// that rangeFuncEdits rewrites: those not labelled. local holds c's
// functions (chunkFuncs).
func (s *Session) rangeFuncLoops(c *chunk, local map[string]*ast.FuncDecl, off func(token.Pos) int, resume func(token.Pos) string) map[*ast.RangeStmt][]edit {
	labeled := map[ast.Stmt]bool{}
	loops := map[*ast.RangeStmt][]edit{}
	var walk func(n ast.Node, fn enclosingFunc)
	walk = func(n ast.Node, fn enclosingFunc) {
		ast.Inspect(n, func(m ast.Node) bool {
			switch m := m.(type) {
			case *ast.FuncDecl:
				if m.Body != nil {
					walk(m.Body, enclosingFunc{in: true, results: m.Type.Results})
				}
				return false
			case *ast.FuncLit:
				walk(m.Body, enclosingFunc{in: true, results: m.Type.Results})
				return false
			case *ast.LabeledStmt:
				labeled[m.Stmt] = true
			case *ast.RangeStmt:
				if labeled[m] {
					break
				}
				s.temps++
				if e, ok := s.rangeFuncEdits(m, fn, local, off, resume, s.temps); ok {
					loops[m] = e
				}
			}
			return true
		})
	}
	for _, d := range c.decls {
		walk(d, enclosingFunc{})
	}
	for _, st := range c.stmts {
		walk(st, enclosingFunc{})
	}
	return loops
}

// returnEdits returns the edits that carry the return statements of the
// body of loop r, in function fn, out of the yield function: each sets
// the results (fn's named results, or variables declared before the
// loop), notes that it returned and stops the sequence, and after the
// call the function returns if one did. before and after are the text to
// put before and after the rewritten loop. False when a return cannot be
// carried: a nested loop over a function in the body (its own rewrite
// would add returns of its own), or a result named _.
func (s *Session) returnEdits(r *ast.RangeStmt, returns []*ast.ReturnStmt, fn enclosingFunc, local map[string]*ast.FuncDecl, off func(token.Pos) int, resume func(token.Pos) string, k int) (edits []edit, before, after string, ok bool) {
	nested := false
	ast.Inspect(r.Body, func(n ast.Node) bool {
		if inner, isRange := n.(*ast.RangeStmt); isRange && s.seqTypes(inner.X, local, 0) != nil {
			nested = true
		}
		_, isLit := n.(*ast.FuncLit)
		return !nested && !isLit
	})
	if nested {
		return nil, "", "", false
	}
	flag := fmt.Sprintf("__pdret%d", k)
	var vars []string // what a return assigns
	named := fn.results != nil && len(fn.results.List) > 0 && len(fn.results.List[0].Names) > 0
	before = flag + " := false; "
	if named {
		for _, f := range fn.results.List {
			for _, n := range f.Names {
				if n.Name == "_" {
					return nil, "", "", false
				}
				vars = append(vars, n.Name)
			}
		}
		after = "; if " + flag + " { return }"
	} else {
		for i, t := range fieldTypes(fn.results) {
			v := fmt.Sprintf("__pdr%d_%d", k, i)
			vars = append(vars, v)
			before += "var " + v + " " + t + "; "
		}
		after = "; if " + flag + " { return " + strings.Join(vars, ", ") + " }"
	}
	types := fieldTypes(fn.results)
	for j, ret := range returns {
		done := flag + " = true; return false }" + resume(ret.End())
		switch {
		case len(ret.Results) == 0:
			edits = append(edits, edit{off(ret.Pos()), off(ret.End()), "{ " + done})
		case len(ret.Results) == 1:
			// `return x` or `return f()` of several results:
			// `{ v0, v1 = f(); flag = true; return false }`, leaving the
			// expression in place for the chunk's other edits.
			edits = append(edits,
				edit{off(ret.Pos()), off(ret.Results[0].Pos()), "{ " + strings.Join(vars, ", ") + " = " + resume(ret.Results[0].Pos())},
				edit{off(ret.End()), off(ret.End()), "; " + done})
		case len(ret.Results) == len(types):
			// `return a, b` -> `{ var t0 T0 = a; var t1 T1 = b; v0 = t0;
			// v1 = t1; flag = true; return false }`: yaegi panics on
			// `v0, v1 = a, nil`, and the results are all evaluated before
			// any is assigned, as in Go.
			assign := ""
			for i, e := range ret.Results {
				t := fmt.Sprintf("__pdr%d_%d_%d", k, j, i)
				sep := off(ret.Pos())
				if i > 0 {
					sep = off(ret.Results[i-1].End())
				}
				prefix := "; "
				if i == 0 {
					prefix = "{ "
				}
				edits = append(edits, edit{sep, off(e.Pos()), prefix + "var " + t + " " + types[i] + " = " + resume(e.Pos())})
				assign += vars[i] + " = " + t + "; "
			}
			edits = append(edits, edit{off(ret.End()), off(ret.End()), "; " + assign + done})
		default:
			return nil, "", "", false
		}
	}
	return edits, before, after, true
}

// globalYieldTypes returns the types that the sequence held by the cells'
// variable name yields, from its value's type: only types that
// sourceTypeName names, and no function types; nil otherwise.
func (s *Session) globalYieldTypes(name string) []string {
	v, ok := s.interp.Globals()[name]
	if !ok || !v.IsValid() || v.Kind() != reflect.Func {
		return nil
	}
	t := v.Type()
	if t.NumIn() != 1 || t.NumOut() != 0 || t.In(0).Kind() != reflect.Func {
		return nil
	}
	y := t.In(0)
	if y.NumOut() != 1 || y.Out(0).Kind() != reflect.Bool || y.IsVariadic() {
		return nil
	}
	types := []string{}
	for i := range y.NumIn() {
		ts, ok := sourceTypeName(y.In(i))
		if !ok || strings.Contains(ts, "func(") {
			return nil
		}
		types = append(types, ts)
	}
	return types
}

// receiverType returns the name of the cell type of variable x (or of
// what x points to), as its definition or parameter writes it, or as the
// Session recorded it for a variable of an earlier cell; "" when it
// cannot tell.
func (s *Session) receiverType(x *ast.Ident) string {
	if x.Obj == nil {
		typ, _, _ := s.varCellType(x)
		return typ
	}
	t := definedType(x)
	if star, ok := t.(*ast.StarExpr); ok {
		t = star.X
	}
	if id, ok := t.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}
