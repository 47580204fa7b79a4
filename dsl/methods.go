package dsl

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"strings"
)

// Method values and expressions of cell types. yaegi v0.16.1 gets both
// wrong: a method value `f := p.Double` binds its receiver when f is
// called, not when f is made (later changes to p show), and a method
// expression `P.Double` panics when called ("reflect: Call with too many
// input arguments"). The Session records the signature of every method a
// cell declares and writes both as function literals:
//
//	P.Double    ->  func(__pdr P) int { return __pdr.Double() }
//	p.Double    ->  func() func() int { __pdr := p; return func() int { return __pdr.Double() } }()
//
// In the method value the receiver is evaluated once, where the value is
// made: p for a value receiver (*p when p is a pointer), &p for a pointer
// receiver (p when p is a pointer), as Go does. Method values are rewritten
// only on a variable of an earlier cell whose cell type is known.

// methodSig is the signature of a method declared in a cell.
type methodSig struct {
	pointer  bool     // the receiver is *T
	params   []string // parameter types, as written ("...float64" for a variadic one)
	results  string   // the result list as written after the parameters ("", "int", "(int, error)")
	variadic bool
}

// recordMethod notes the signature of method d of cell type t.
func (st *state) recordMethod(t string, d *ast.FuncDecl) {
	sig, ok := methodSigOf(d)
	if !ok {
		return
	}
	if st.methodSigs[t] == nil {
		st.methodSigs[t] = map[string]methodSig{}
	}
	st.methodSigs[t][d.Name.Name] = sig
}

// methodSigOf returns the signature of method d, unless its receiver is
// of a generic type.
func methodSigOf(d *ast.FuncDecl) (methodSig, bool) {
	if len(d.Recv.List) != 1 || d.Recv.List[0].Type == nil {
		return methodSig{}, false
	}
	recv := d.Recv.List[0].Type
	sig := methodSig{}
	if star, ok := recv.(*ast.StarExpr); ok {
		sig.pointer = true
		recv = star.X
	}
	if _, ok := recv.(*ast.Ident); !ok {
		return methodSig{}, false // a generic type's method: T[K]
	}
	sig.params = fieldTypes(d.Type.Params)
	if n := len(d.Type.Params.List); n > 0 {
		_, sig.variadic = d.Type.Params.List[n-1].Type.(*ast.Ellipsis)
	}
	sig.results = resultList(fieldTypes(d.Type.Results))
	return sig, true
}

// chunkMethodSigs returns the signatures of the methods that chunk c
// declares, by type, for the method expressions of its own functions
// (the Session records a chunk's declarations after it runs), and of the
// methods its struct types promote from embedded types
// (`(*Stats).Inc` of a `type Stats struct{ Counter }`, where yaegi
// panicked).
func (s *Session) chunkMethodSigs(c *chunk) map[string]map[string]methodSig {
	sigs := map[string]map[string]methodSig{}
	structs := map[string]*ast.StructType{}
	for _, d := range c.decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil {
				continue
			}
			t := baseTypeName(d.Recv.List[0].Type)
			sig, ok := methodSigOf(d)
			if t == "" || !ok {
				continue
			}
			if sigs[t] == nil {
				sigs[t] = map[string]methodSig{}
			}
			sigs[t][d.Name.Name] = sig
		case *ast.GenDecl:
			for _, sp := range d.Specs {
				if ts, ok := sp.(*ast.TypeSpec); ok && ts.TypeParams == nil {
					if st, ok := ts.Type.(*ast.StructType); ok {
						structs[ts.Name.Name] = st
					}
				}
			}
		}
	}
	methodsOf := func(t string) map[string]methodSig {
		if m := sigs[t]; m != nil {
			return m
		}
		return s.state.methodSigs[t]
	}
	structOf := func(t string) *ast.StructType {
		if st := structs[t]; st != nil {
			return st
		}
		return s.state.cellStruct(t)
	}
	for t := range structs {
		for name, sig := range promotedMethods(t, methodsOf, structOf) {
			if _, own := sigs[t][name]; own {
				continue
			}
			if sigs[t] == nil {
				sigs[t] = map[string]methodSig{}
			}
			sigs[t][name] = sig
		}
	}
	return sigs
}

// cellStruct returns the struct type that a cell declared as type t, or
// nil when t is no cell struct type (or a generic one).
func (st *state) cellStruct(t string) *ast.StructType {
	d, ok := st.decls[t]
	if !ok || d.kind != "type" || d.generic {
		return nil
	}
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p; type "+d.src, parser.SkipObjectResolution)
	if err != nil || len(f.Decls) != 1 {
		return nil
	}
	gd, ok := f.Decls[0].(*ast.GenDecl)
	if !ok || len(gd.Specs) != 1 {
		return nil
	}
	stype, _ := gd.Specs[0].(*ast.TypeSpec).Type.(*ast.StructType)
	return stype
}

// recordPromoted notes the signatures of the methods that the struct
// types chunk c declared promote from embedded types, beside those of
// their own methods, for method expressions in later cells.
func (s *Session) recordPromoted(c *chunk) {
	for t, sigs := range s.chunkMethodSigs(c) {
		if s.state.cellStruct(t) == nil {
			continue
		}
		for name, sig := range sigs {
			if _, ok := s.state.methodSigs[t][name]; ok {
				continue
			}
			if s.state.methodSigs[t] == nil {
				s.state.methodSigs[t] = map[string]methodSig{}
			}
			s.state.methodSigs[t][name] = sig
		}
	}
}

// promotedMethods returns the signatures of the methods struct type t
// gets from the types it embeds, nearer ones first, up to three levels
// deep.
func promotedMethods(t string, methodsOf func(string) map[string]methodSig, structOf func(string) *ast.StructType) map[string]methodSig {
	out := map[string]methodSig{}
	level := []string{t}
	for depth := 0; depth < 3 && len(level) > 0; depth++ {
		var next []string
		found := map[string]methodSig{}
		for _, lt := range level {
			st := structOf(lt)
			if st == nil {
				continue
			}
			for _, f := range st.Fields.List {
				if len(f.Names) != 0 {
					continue
				}
				e := baseTypeName(f.Type)
				if e == "" {
					continue
				}
				for name, sig := range methodsOf(e) {
					if _, ok := out[name]; !ok {
						found[name] = sig
					}
				}
				next = append(next, e)
			}
		}
		for name, sig := range found {
			out[name] = sig
		}
		level = next
	}
	return out
}

// resultList writes result types as after a signature's parameters: ""
// for none, "T" for one, "(A, B)" for more.
func resultList(types []string) string {
	list := strings.Join(types, ", ")
	if len(types) > 1 {
		list = "(" + list + ")"
	}
	return list
}

// isCellMethodName reports whether some cell type has a method called name.
func (s *Session) isCellMethodName(name string) bool {
	for _, sigs := range s.state.methodSigs {
		if _, ok := sigs[name]; ok {
			return true
		}
	}
	return false
}

// fieldTypes returns the type of each parameter (or result) of fl, as
// written, one per name; nil for a nil list.
func fieldTypes(fl *ast.FieldList) []string {
	if fl == nil {
		return nil
	}
	var types []string
	for _, f := range fl.List {
		for range max(len(f.Names), 1) {
			types = append(types, nodeString(f.Type))
		}
	}
	return types
}

// varCellType returns the cell type of variable id and whether id is a
// pointer to it: for a variable of an earlier cell from the Session's
// records and its value, for one the chunk defines from its definition
// (`p := T{...}`, `p := &T{...}`, `var p T`, `var p *T`).
func (s *Session) varCellType(id *ast.Ident) (typ string, pointer, ok bool) {
	if id.Obj == nil {
		d, ok := s.state.decls[id.Name]
		if !ok || d.kind != "var" || d.typ == "" {
			return "", false, false
		}
		v, ok := s.interp.Globals()[id.Name]
		if !ok || !v.IsValid() {
			return "", false, false
		}
		return d.typ, v.Kind() == reflect.Pointer, true
	}
	if _, param := id.Obj.Decl.(*ast.Field); param {
		return "", false, false
	}
	t := definedType(id)
	if star, ok := t.(*ast.StarExpr); ok {
		t, pointer = star.X, true
	}
	name, isIdent := t.(*ast.Ident)
	if !isIdent {
		return "", false, false
	}
	if d, ok := s.state.decls[name.Name]; !ok || d.kind != "type" {
		return "", false, false
	}
	return name.Name, pointer, true
}

// definingValue returns the expression that variable id takes its value
// from where the chunk defines it, `id := v` or `var id = v`, when the
// definition gives each name one value; nil otherwise.
func definingValue(id *ast.Ident) ast.Expr {
	if id.Obj == nil {
		return nil
	}
	switch d := id.Obj.Decl.(type) {
	case *ast.AssignStmt:
		if len(d.Rhs) == len(d.Lhs) {
			for i, l := range d.Lhs {
				if li, ok := l.(*ast.Ident); ok && li.Name == id.Name {
					return d.Rhs[i]
				}
			}
		}
	case *ast.ValueSpec:
		if len(d.Values) == len(d.Names) {
			for i, n := range d.Names {
				if n.Name == id.Name {
					return d.Values[i]
				}
			}
		}
	}
	return nil
}

// definedType returns the type of variable id as its definition in the
// chunk writes it: `p := T{...}`, `p := &T{...}`, `var p T`, a parameter
// `p T`; nil when it does not.
func definedType(id *ast.Ident) ast.Expr {
	if id.Obj == nil {
		return nil
	}
	switch d := id.Obj.Decl.(type) {
	case *ast.AssignStmt:
		rhs := definingValue(id)
		if u, ok := rhs.(*ast.UnaryExpr); ok && u.Op == token.AND {
			if cl, ok := u.X.(*ast.CompositeLit); ok && cl.Type != nil {
				return &ast.StarExpr{X: cl.Type}
			}
		} else if cl, ok := rhs.(*ast.CompositeLit); ok {
			return cl.Type
		}
	case *ast.ValueSpec:
		return d.Type
	case *ast.Field:
		return d.Type
	}
	return nil
}

// literal writes a function literal with sig's parameters whose body calls
// method name on recv and returns what it returns.
func (sig methodSig) literal(recvParam, recv, name string) string {
	var params, args []string
	if recvParam != "" {
		params = append(params, recvParam)
	}
	for i, t := range sig.params {
		p := fmt.Sprintf("__pdp%d", i)
		params = append(params, p+" "+t)
		if i == len(sig.params)-1 && sig.variadic {
			p += "..."
		}
		args = append(args, p)
	}
	call := recv + "." + name + "(" + strings.Join(args, ", ") + ")"
	if sig.results != "" {
		call = "return " + call
	}
	return "func(" + strings.Join(params, ", ") + ") " + sig.results + " { " + call + " }"
}

// methodRewrite returns the function literal for selector sel when it is
// a method expression, or (not being called) a method value, of a cell
// type with a recorded signature.
func (s *Session) methodRewrite(sel *ast.SelectorExpr, called bool, chunkSigs map[string]map[string]methodSig) (string, bool) {
	// Method expressions: T.M and (*T).M.
	var typeName string
	pointer := false
	switch x := sel.X.(type) {
	case *ast.Ident:
		typeName = x.Name
	case *ast.ParenExpr:
		if star, ok := x.X.(*ast.StarExpr); ok {
			if id, ok := star.X.(*ast.Ident); ok {
				typeName, pointer = id.Name, true
			}
		}
	}
	if text, ok := s.compiledMethodExpr(sel); ok {
		return text, true
	}
	if d, ok := s.state.decls[typeName]; ok && d.kind == "type" || chunkSigs[typeName] != nil {
		sig, ok := s.state.methodSigs[typeName][sel.Sel.Name]
		if !ok {
			sig, ok = chunkSigs[typeName][sel.Sel.Name]
		}
		if !ok {
			return "", false
		}
		recv := typeName
		if pointer {
			recv = "*" + typeName
		}
		return "(" + sig.literal("__pdr "+recv, "__pdr", sel.Sel.Name) + ")", true
	}
	// Method values: p.M, with p a variable of a cell type. Most
	// selectors name no method of a cell type; they are let go before the
	// variable's type is looked up.
	id, ok := sel.X.(*ast.Ident)
	if called || !ok || !s.isCellMethodName(sel.Sel.Name) {
		return "", false
	}
	typ, isPtr, ok := s.varCellType(id)
	if !ok {
		return "", false
	}
	sig, ok := s.state.methodSigs[typ][sel.Sel.Name]
	if !ok {
		return "", false
	}
	bind := id.Name
	switch {
	case sig.pointer && !isPtr:
		bind = "&" + id.Name
	case !sig.pointer && isPtr:
		bind = "*" + id.Name
	}
	inner := sig.literal("", "__pdr", sel.Sel.Name)
	fnType := "func(" + strings.Join(sig.params, ", ") + ") " + sig.results
	return "func() " + fnType + " { __pdr := " + bind + "; return " + inner + " }()", true
}

// compiledMethodExpr returns the function literal for selector sel when
// it is a method expression of a compiled type, pkg.T.M or (*pkg.T).M
// (pkg.I.M for an interface).
// yaegi types those as method values without a receiver (so
// autodiff.Tensor.Tanh is a func() autodiff.Tensor, which cannot be an
// nn.Activation); the literal takes the receiver first, as in Go:
//
//	autodiff.Tensor.Tanh  ->  (func(__pdr autodiff.Tensor) autodiff.Tensor { return __pdr.Tanh() })
//
// The signature comes from the compiled method. It is only written when
// every type it names is predeclared or exported by a package the cells
// import under its own name; otherwise sel is left as it is.
func (s *Session) compiledMethodExpr(sel *ast.SelectorExpr) (string, bool) {
	x, pointer := sel.X, false
	if p, ok := x.(*ast.ParenExpr); ok {
		if star, ok := p.X.(*ast.StarExpr); ok {
			x, pointer = star.X, true
		}
	}
	tsel, ok := x.(*ast.SelectorExpr)
	if !ok {
		return "", false
	}
	pkg, ok := tsel.X.(*ast.Ident)
	if !ok || pkg.Obj != nil {
		return "", false
	}
	if _, shadowed := s.state.decls[pkg.Name]; shadowed {
		return "", false
	}
	path, ok := s.state.imports[pkg.Name]
	if !ok {
		return "", false
	}
	v, ok := exportsOf(path)[tsel.Sel.Name]
	if !ok || !v.IsValid() || v.Kind() != reflect.Pointer || !v.IsNil() {
		return "", false // not a type (types are stored as (*T)(nil))
	}
	t := v.Type().Elem()
	if pointer {
		t = v.Type()
	}
	m, ok := t.MethodByName(sel.Sel.Name)
	if !ok {
		return "", false
	}
	ft, first := m.Type, 1 // the receiver first, except in an interface's methods
	if t.Kind() == reflect.Interface {
		first = 0
	}
	sig := methodSig{variadic: ft.IsVariadic()}
	for i := first; i < ft.NumIn(); i++ {
		in := ft.In(i)
		if sig.variadic && i == ft.NumIn()-1 {
			sig.params = append(sig.params, "..."+in.Elem().String())
		} else {
			sig.params = append(sig.params, in.String())
		}
	}
	var results []string
	for i := 0; i < ft.NumOut(); i++ {
		results = append(results, ft.Out(i).String())
	}
	sig.results = resultList(results)
	for _, typ := range append(append([]string(nil), sig.params...), results...) {
		if !s.nameableType(strings.TrimPrefix(typ, "...")) {
			return "", false
		}
	}
	recv := pkg.Name + "." + tsel.Sel.Name
	if pointer {
		recv = "*" + recv
	}
	return "(" + sig.literal("__pdr "+recv, "__pdr", sel.Sel.Name) + ")", true
}

// nameableType reports whether a compiled type's String form can be
// written in a cell as it is: every package it qualifies a name with is
// imported by the cells under that name, and every qualified name is
// exported.
func (s *Session) nameableType(typ string) bool {
	e, err := parser.ParseExpr(typ)
	if err != nil {
		return false
	}
	ok := true
	ast.Inspect(e, func(n ast.Node) bool {
		sel, isSel := n.(*ast.SelectorExpr)
		if !isSel || !ok {
			return ok
		}
		pkg, isIdent := sel.X.(*ast.Ident)
		if !isIdent || !sel.Sel.IsExported() {
			ok = false
			return false
		}
		path, imported := s.state.imports[pkg.Name]
		if !imported || pkgNameOf(path) != pkg.Name {
			ok = false
		}
		return false
	})
	return ok
}
