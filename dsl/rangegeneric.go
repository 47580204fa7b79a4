package dsl

import (
	"go/ast"
	"go/parser"
)

// A loop over a method of a generic type, `for v := range lst.All()`
// with lst a List[int] and All returning iter.Seq[T], is rewritten as a
// call (rangefunc.go) with the yield function's parameter types written
// for the instance: T of the receiver `*List[T]` is the type argument
// that the variable's definition writes (`lst := List[int]{}`, `&List[int]{}`,
// `var lst List[int]`, a parameter `lst *List[int]`). Without it the loop
// failed to compile with "undefined: T", named at another method.

// genericMethodResults returns the results of method name of variable x,
// whose type is an instance of a generic cell type (as the chunk writes it,
// or as the Session recorded it for a variable of an earlier cell), with
// the receiver's type parameters replaced by the instance's type
// arguments. generic is true when x's type is a generic cell type: results
// is then nil when they cannot be told (the parameters would be undefined
// in the rewritten loop).
func (s *Session) genericMethodResults(x *ast.Ident, name string, local map[string]*ast.FuncDecl) (results *ast.FieldList, generic bool) {
	var t ast.Expr
	if x.Obj == nil {
		d, ok := s.state.decls[x.Name]
		if !ok || d.kind != "var" || d.typ == "" {
			return nil, false
		}
		if td := s.state.decls[d.typ]; !td.generic {
			return nil, false
		}
		e, err := parser.ParseExpr(d.inst)
		if err != nil {
			return nil, true
		}
		t = e
	} else {
		t = definedType(x)
	}
	if star, ok := t.(*ast.StarExpr); ok {
		t = star.X
	}
	base, args := genericInstance(t)
	if base == "" {
		if id, ok := t.(*ast.Ident); ok && s.state.decls[id.Name].generic {
			return nil, true
		}
		return nil, false
	}
	fd := s.declaredFunc(base+"."+name, local)
	if fd == nil || fd.Recv == nil || len(fd.Recv.List) != 1 || fd.Type.TypeParams != nil || fd.Type.Results == nil {
		return nil, true
	}
	rt := fd.Recv.List[0].Type
	if star, ok := rt.(*ast.StarExpr); ok {
		rt = star.X
	}
	_, params := genericInstance(rt)
	if len(params) != len(args) {
		return nil, true
	}
	subst := map[string]string{}
	for i, p := range params {
		id, ok := p.(*ast.Ident)
		if !ok {
			return nil, true
		}
		if id.Name != "_" {
			subst[id.Name] = nodeString(args[i])
		}
	}
	results = &ast.FieldList{}
	for _, f := range fd.Type.Results.List {
		e, err := parser.ParseExpr(nodeString(f.Type))
		if err != nil {
			return nil, true
		}
		ast.Inspect(e, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				if a, ok := subst[id.Name]; ok {
					id.Name = a // printed as written: the argument's source
				}
			}
			return true
		})
		results.List = append(results.List, &ast.Field{Names: f.Names, Type: e})
	}
	return results, true
}

// instanceSource writes type t, T[A] or *T[A], as its instance T[A].
func instanceSource(t ast.Expr) string {
	if star, ok := t.(*ast.StarExpr); ok {
		t = star.X
	}
	return nodeString(t)
}

// genericInstance splits t, an instance T[A, B] of a generic type named T, into
// T and its type arguments; "" when t is no such instance.
func genericInstance(t ast.Expr) (string, []ast.Expr) {
	switch t := t.(type) {
	case *ast.IndexExpr:
		if id, ok := t.X.(*ast.Ident); ok {
			return id.Name, []ast.Expr{t.Index}
		}
	case *ast.IndexListExpr:
		if id, ok := t.X.(*ast.Ident); ok {
			return id.Name, t.Indices
		}
	}
	return "", nil
}

// genericCallResults returns the result of call, a call of a generic
// function of the cells, instantiated with its type arguments: written
// out (`Evens[string](xs)`) or inferred from the arguments as the Session
// infers them (typeargs.go); nil when they cannot be told. A loop over
// such a call's sequence (`for v := range Evens(xs)`) failed with "nil
// type".
func (s *Session) genericCallResults(call *ast.CallExpr, local map[string]*ast.FuncDecl) *ast.FieldList {
	var args []string
	var decl *ast.FuncDecl
	fun := call.Fun
	var indices []ast.Expr
	switch f := fun.(type) {
	case *ast.IndexExpr:
		fun, indices = f.X, []ast.Expr{f.Index}
	case *ast.IndexListExpr:
		fun, indices = f.X, f.Indices
	}
	if indices != nil {
		fn, ok := fun.(*ast.Ident)
		if !ok {
			return nil
		}
		if decl = s.genericFunc(fn, local); decl == nil {
			return nil
		}
		for _, i := range indices {
			args = append(args, nodeString(i))
		}
	} else {
		var ok bool
		if args, decl, ok = s.inferTypeArgs(call, local); !ok {
			return nil
		}
	}
	res, ok := instantiatedResult(decl, args)
	if !ok {
		return nil
	}
	e, err := parser.ParseExpr(res)
	if err != nil {
		return nil
	}
	return &ast.FieldList{List: []*ast.Field{{Type: e}}}
}
