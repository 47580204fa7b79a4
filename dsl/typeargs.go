package dsl

import (
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"slices"
	"strings"
)

// yaegi v0.16.1 infers every type parameter of a generic call from the
// first argument that mentions one, so `Map(xs, func(i int) string {...})`
// of `Map[T, U any](xs []T, f func(T) U) []U` read U as int and failed, and
// it cannot infer a type parameter from a variadic list (`NewSet(1, 2)`
// of `NewSet[T comparable](xs ...T)`). For a call of a generic function
// declared in a cell, without type arguments, the Session infers them
// itself from the arguments whose types the source states, and writes
// them out (`Map[int, string](xs, ...)`):
//
//   - a function literal, a composite literal (`[]int{...}`, `&T{...}`),
//     a conversion (`float64(x)`, `[]byte(s)`), a variable defined from
//     one of those, a parameter, or a variable of an earlier cell (its
//     value's type, when the interpreter names it as Go would);
//   - untyped constants (`1`, `2.5`, `"s"`) give their default type to a
//     type parameter no typed argument gives a type, as in Go.
//
// Types are matched by structure (slices, maps, pointers, channels,
// function signatures). A call whose type parameters are not all
// determined this way, or are determined two different ways, is left to
// yaegi.

// typeArgsEdit returns the edit that writes out the type arguments of
// call, a call of a generic function of the cells (or of the chunk:
// local); false when it leaves the call alone.
func (s *Session) typeArgsEdit(call *ast.CallExpr, local map[string]*ast.FuncDecl, off func(token.Pos) int) (edit, bool) {
	fn, ok := call.Fun.(*ast.Ident)
	if !ok {
		return edit{}, false
	}
	args, _, ok := s.inferTypeArgs(call, local)
	if !ok {
		return edit{}, false
	}
	p := off(fn.End())
	return edit{p, p, "[" + strings.Join(args, ", ") + "]"}, true
}

// inferTypeArgs returns the type arguments of call, a call without type
// arguments of a generic function of the cells (or of the chunk: local),
// and the function's declaration; false when the source does not tell
// them all.
func (s *Session) inferTypeArgs(call *ast.CallExpr, local map[string]*ast.FuncDecl) ([]string, *ast.FuncDecl, bool) {
	fn, ok := call.Fun.(*ast.Ident)
	if !ok || fn.Name == "min" || fn.Name == "max" {
		return nil, nil, false
	}
	decl := s.genericFunc(fn, local)
	if decl == nil {
		return nil, nil, false
	}
	inf := inference{bound: map[string]string{}, untyped: map[string]token.Token{}, unknown: map[string]bool{}}
	for _, f := range decl.Type.TypeParams.List {
		for _, n := range f.Names {
			inf.params = append(inf.params, n.Name)
		}
	}
	for _, f := range decl.Type.TypeParams.List {
		if mentionsAny(f.Type, inf.params) {
			// A constraint with a core type of other type parameters
			// (`S ~[]E`): the interpreter infers those from it, which
			// this inference does not.
			return nil, nil, false
		}
	}
	var params []ast.Expr
	for _, f := range decl.Type.Params.List {
		for range max(len(f.Names), 1) {
			params = append(params, f.Type)
		}
	}
	for i, arg := range call.Args {
		var p ast.Expr
		switch {
		case len(params) == 0:
			return nil, nil, false
		case i < len(params)-1:
			p = params[i]
		default:
			p = params[len(params)-1]
			if e, variadic := p.(*ast.Ellipsis); variadic {
				p = e.Elt
				if call.Ellipsis.IsValid() { // f(xs...): xs is the slice
					p = &ast.ArrayType{Elt: e.Elt}
				}
			} else if i >= len(params) {
				return nil, nil, false
			}
		}
		if lit, ok := arg.(*ast.BasicLit); ok {
			if id, ok := p.(*ast.Ident); ok && inf.isParam(id.Name) {
				inf.untypedConst(id.Name, lit.Kind)
			}
			continue
		}
		if t := s.argType(arg); t != nil {
			inf.unify(p, t)
		} else {
			inf.unknownArg(p)
		}
	}
	args, ok := inf.result()
	return args, decl, ok
}

// typedDefinitionEdits returns the edits that write a top-level
// definition `x := f(...)` of a generic function f of the cells, whose
// type arguments the source tells, as `var x R; x = f[...](...)`, R being
// f's result type instantiated. yaegi gives x := f(...) the type of the
// value without its methods (a generic type's methods are then missing
// on x), or fails ("nil reflect type").
func (s *Session) typedDefinitionEdits(a *ast.AssignStmt, local map[string]*ast.FuncDecl, src func(ast.Node) string, off func(token.Pos) int, resume func(token.Pos) string) ([]edit, bool) {
	if a.Tok != token.DEFINE || len(a.Lhs) != 1 || len(a.Rhs) != 1 {
		return nil, false
	}
	x, ok := a.Lhs[0].(*ast.Ident)
	call, ok2 := a.Rhs[0].(*ast.CallExpr)
	if !ok || !ok2 || x.Name == "_" {
		return nil, false
	}
	var args []string
	var decl *ast.FuncDecl
	switch fun := call.Fun.(type) {
	case *ast.Ident:
		if args, decl, ok = s.inferTypeArgs(call, local); !ok {
			return nil, false
		}
	case *ast.IndexExpr, *ast.IndexListExpr: // f[T](...)
		var fn ast.Expr
		if ix, isIndex := fun.(*ast.IndexExpr); isIndex {
			fn, args = ix.X, []string{src(ix.Index)}
		} else {
			ixl := fun.(*ast.IndexListExpr)
			fn = ixl.X
			for _, t := range ixl.Indices {
				args = append(args, src(t))
			}
		}
		id, isIdent := fn.(*ast.Ident)
		if !isIdent {
			return nil, false
		}
		if decl = s.genericFunc(id, local); decl == nil {
			return nil, false
		}
	default:
		return nil, false
	}
	typ, ok := instantiatedResult(decl, args)
	if !ok {
		return nil, false
	}
	return []edit{{off(a.Pos()), off(call.Pos()), "var " + x.Name + " " + typ + "\n" + x.Name + " = " + resume(call.Pos())}}, true
}

// instantiatedResult returns the one result type of generic function
// decl with args put in for its type parameters.
func instantiatedResult(decl *ast.FuncDecl, args []string) (string, bool) {
	results := fieldExprs(decl.Type.Results)
	if len(results) != 1 {
		return "", false
	}
	sub := map[string]string{}
	i := 0
	for _, f := range decl.Type.TypeParams.List {
		for _, n := range f.Names {
			if i >= len(args) {
				return "", false
			}
			sub[n.Name] = args[i]
			i++
		}
	}
	if i != len(args) {
		return "", false
	}
	// A copy of the result type, with the type parameters replaced.
	res, err := parser.ParseExpr(nodeString(results[0]))
	if err != nil {
		return "", false
	}
	ast.Inspect(res, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if t, ok := sub[id.Name]; ok {
				id.Name = t
			}
		}
		return true
	})
	return nodeString(res), true
}

// genericFunc returns the declaration of the generic function fn names:
// one of the chunk (local) or of an earlier cell; nil otherwise.
func (s *Session) genericFunc(fn *ast.Ident, local map[string]*ast.FuncDecl) *ast.FuncDecl {
	if _, ok := local[fn.Name]; !ok {
		if fn.Obj != nil {
			return nil // a local name
		}
		if d, ok := s.state.decls[fn.Name]; !ok || d.kind != "func" || !d.generic {
			return nil
		}
	}
	d := s.declaredFunc(fn.Name, local)
	if d == nil || d.Recv != nil || d.Type.TypeParams == nil {
		return nil
	}
	return d
}

// argType returns the type of arg as the source states it; nil when it
// does not.
func (s *Session) argType(arg ast.Expr) ast.Expr {
	switch a := arg.(type) {
	case *ast.ParenExpr:
		return s.argType(a.X)
	case *ast.FuncLit:
		return a.Type
	case *ast.CompositeLit:
		return a.Type
	case *ast.UnaryExpr:
		if cl, ok := a.X.(*ast.CompositeLit); ok && a.Op == token.AND && cl.Type != nil {
			return &ast.StarExpr{X: cl.Type}
		}
	case *ast.CallExpr: // a conversion
		if len(a.Args) != 1 {
			return nil
		}
		switch t := a.Fun.(type) {
		case *ast.Ident:
			if builtinTypes[t.Name] && t.Obj == nil {
				return t
			}
		case *ast.ArrayType, *ast.MapType:
			return t
		}
	case *ast.Ident:
		if a.Obj == nil {
			if _, isDecl := s.state.decls[a.Name]; !isDecl {
				return nil
			}
			v, ok := s.interp.Globals()[a.Name]
			if !ok || !v.IsValid() {
				return nil
			}
			text, ok := sourceTypeName(v.Type())
			if !ok {
				return nil
			}
			t, err := parser.ParseExpr(text)
			if err != nil {
				return nil
			}
			return t
		}
		if t := definedType(a); t != nil {
			return t
		}
		if _, ok := a.Obj.Decl.(*ast.AssignStmt); ok {
			if v := definingValue(a); v != nil {
				return s.argType(v)
			}
		}
	}
	return nil
}

// sourceTypeName returns t as a cell would write it, from the name the
// interpreter gives it; false when that name is not one: the structure
// the interpreter gives a cell's struct or interface type, or one of its
// own types.
func sourceTypeName(t reflect.Type) (string, bool) {
	text := t.String()
	if strings.Contains(text, "struct {") || strings.Contains(text, "interface {") || strings.Contains(text, "interp.") {
		return "", false
	}
	return text, true
}

var builtinTypes = map[string]bool{
	"bool": true, "string": true, "error": true, "any": true,
	"int": true, "int8": true, "int16": true, "int32": true, "int64": true, "rune": true, "byte": true,
	"uint": true, "uint8": true, "uint16": true, "uint32": true, "uint64": true, "uintptr": true,
	"float32": true, "float64": true, "complex64": true, "complex128": true,
}

// inference is the state of inferring a call's type arguments.
type inference struct {
	params   []string               // the type parameters, in order
	bound    map[string]string      // type parameter -> its type argument, as source
	untyped  map[string]token.Token // type parameter -> the largest kind of untyped constant given for it
	unknown  map[string]bool        // type parameters given an argument of a type the source does not state
	conflict bool                   // a type parameter was given two types
}

// unknownArg notes that the argument for parameter type p has a type the
// source does not state: the type parameters p mentions may not take a
// constant's default type.
func (inf *inference) unknownArg(p ast.Expr) {
	ast.Inspect(p, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && inf.isParam(id.Name) {
			inf.unknown[id.Name] = true
		}
		return true
	})
}

func (inf *inference) isParam(name string) bool {
	for _, p := range inf.params {
		if p == name {
			return true
		}
	}
	return false
}

// unify matches parameter type p against argument type a, binding the
// type parameters p mentions.
func (inf *inference) unify(p, a ast.Expr) {
	if pa, ok := a.(*ast.ParenExpr); ok {
		a = pa.X
	}
	if !inf.unified(p, a) {
		// A parameter type this inference does not match with the
		// argument's: the type parameters it mentions are not known,
		// and untyped constants must not give them their default
		// types (`Scale(t, 2)` of `Scale[T Float](t *Tensor[T], a T)`
		// was written `Scale[int](t, 2)`).
		inf.unknownArg(p)
	}
}

// unified is unify; false when a type parameter that p mentions could
// not be matched in a.
func (inf *inference) unified(p, a ast.Expr) bool {
	if pa, ok := a.(*ast.ParenExpr); ok {
		a = pa.X
	}
	if !mentionsAny(p, inf.params) {
		return true
	}
	ok := false
	switch p := p.(type) {
	case *ast.Ident:
		if !inf.isParam(p.Name) {
			return true
		}
		text := nodeString(a)
		if old, ok := inf.bound[p.Name]; ok && old != text {
			inf.conflict = true
		}
		inf.bound[p.Name] = text
		return true
	case *ast.ParenExpr:
		return inf.unified(p.X, a)
	case *ast.ArrayType:
		if a, ok := a.(*ast.ArrayType); ok && (p.Len == nil) == (a.Len == nil) {
			return inf.unified(p.Elt, a.Elt)
		}
	case *ast.MapType:
		if a, ok := a.(*ast.MapType); ok {
			k := inf.unified(p.Key, a.Key)
			return inf.unified(p.Value, a.Value) && k
		}
	case *ast.StarExpr:
		if a, ok := a.(*ast.StarExpr); ok {
			return inf.unified(p.X, a.X)
		}
	case *ast.ChanType:
		if a, ok := a.(*ast.ChanType); ok {
			return inf.unified(p.Value, a.Value)
		}
	case *ast.Ellipsis:
		if a, ok := a.(*ast.Ellipsis); ok {
			return inf.unified(p.Elt, a.Elt)
		}
	case *ast.IndexExpr, *ast.IndexListExpr:
		// An instance of a generic type (`Box[T]`), given one of the
		// same type (`Box[int]`).
		pg, pargs := instanceOf(p)
		ag, aargs := instanceOf(a)
		if pg == "" || pg != ag || len(pargs) != len(aargs) {
			return false
		}
		ok = true
		for i := range pargs {
			ok = inf.unified(pargs[i], aargs[i]) && ok
		}
		return ok
	case *ast.FuncType:
		a, ok := a.(*ast.FuncType)
		if !ok {
			return false
		}
		pp, ap := fieldExprs(p.Params), fieldExprs(a.Params)
		pr, ar := fieldExprs(p.Results), fieldExprs(a.Results)
		if len(pp) != len(ap) || len(pr) != len(ar) {
			return false
		}
		ok = true
		for i := range pp {
			ok = inf.unified(pp[i], ap[i]) && ok
		}
		for i := range pr {
			ok = inf.unified(pr[i], ar[i]) && ok
		}
		return ok
	}
	return ok
}

// instanceOf returns the generic type and the type arguments of e, an
// instance of a generic type (`Box[int]`, `Pair[K, V]`), named as the
// source names it; "" when e is not one.
func instanceOf(e ast.Expr) (string, []ast.Expr) {
	switch e := e.(type) {
	case *ast.IndexExpr:
		return nodeString(e.X), []ast.Expr{e.Index}
	case *ast.IndexListExpr:
		return nodeString(e.X), e.Indices
	}
	return "", nil
}

// untypedConst notes an untyped constant of kind k given for type
// parameter name.
func (inf *inference) untypedConst(name string, k token.Token) {
	rank := map[token.Token]int{token.INT: 1, token.CHAR: 2, token.FLOAT: 3, token.IMAG: 4, token.STRING: 5}
	if old, ok := inf.untyped[name]; ok {
		if (old == token.STRING) != (k == token.STRING) {
			inf.conflict = true
		}
		if rank[k] <= rank[old] {
			return
		}
	}
	inf.untyped[name] = k
}

// result returns the type arguments, in order, when every type parameter
// has one and none has two.
func (inf *inference) result() ([]string, bool) {
	if inf.conflict {
		return nil, false
	}
	defaults := map[token.Token]string{token.INT: "int", token.CHAR: "rune", token.FLOAT: "float64", token.IMAG: "complex128", token.STRING: "string"}
	var args []string
	for _, p := range inf.params {
		t, ok := inf.bound[p]
		if !ok {
			k, untyped := inf.untyped[p]
			if !untyped || inf.unknown[p] {
				return nil, false
			}
			t = defaults[k]
		}
		args = append(args, t)
	}
	return args, true
}

// fieldExprs returns the type of each parameter or result of fl.
func fieldExprs(fl *ast.FieldList) []ast.Expr {
	if fl == nil {
		return nil
	}
	var out []ast.Expr
	for _, f := range fl.List {
		for range max(len(f.Names), 1) {
			out = append(out, f.Type)
		}
	}
	return out
}

// mentionsAny reports whether expression e names one of names.
func mentionsAny(e ast.Expr, names []string) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && slices.Contains(names, id.Name) {
			found = true
		}
		return !found
	})
	return found
}
