package dsl

import (
	"go/ast"
	"go/token"
	"reflect"
	"strconv"
)

// xtype is the static type of an expression as far as completion and
// inspection can tell it without running the cell: a reflect type where
// reflection knows one, with the name of the cell type it is (or points
// to), whose methods reflection does not see; for the types of the cell
// being edited, which do not exist yet, their name and shape.
type xtype struct {
	t      reflect.Type
	cell   string        // the cell type t is or points to
	ptr    bool          // with t nil and cell set: a pointer to cell
	elem   *xtype        // the element type (slices, arrays, maps) when t cannot say it all
	fn     *ast.FuncType // a function declared in cells, when t is nil
	isType bool          // the expression names a type, not a value
}

// resolver works out the types of expressions of the cell being edited.
type resolver struct {
	s           *Session
	scope       *cellScope
	depth       int
	structNames map[string]string // cellStructNames, once needed
}

func (s *Session) newResolver(sc *cellScope) *resolver {
	if sc == nil {
		sc = newCellScope()
	}
	return &resolver{s: s, scope: sc}
}

var basicTypes = map[string]reflect.Type{
	"bool": reflect.TypeFor[bool](), "byte": reflect.TypeFor[byte](), "rune": reflect.TypeFor[rune](),
	"int": reflect.TypeFor[int](), "int8": reflect.TypeFor[int8](), "int16": reflect.TypeFor[int16](),
	"int32": reflect.TypeFor[int32](), "int64": reflect.TypeFor[int64](), "uint": reflect.TypeFor[uint](),
	"uint8": reflect.TypeFor[uint8](), "uint16": reflect.TypeFor[uint16](), "uint32": reflect.TypeFor[uint32](),
	"uint64": reflect.TypeFor[uint64](), "uintptr": reflect.TypeFor[uintptr](), "float32": reflect.TypeFor[float32](),
	"float64": reflect.TypeFor[float64](), "complex64": reflect.TypeFor[complex64](),
	"complex128": reflect.TypeFor[complex128](), "string": reflect.TypeFor[string](),
	"error": reflect.TypeFor[error](), "any": reflect.TypeFor[any](),
}

// local returns the declaration of name in the cell being edited, if any,
// passing over one being resolved (in x := x.Next(), x is the earlier x).
func (r *resolver) local(name string) *localName {
	for n := r.scope.names[name]; n != nil; n = n.prev {
		if !n.busy {
			return n
		}
	}
	return nil
}

// shadowed reports whether name is declared in the cell being edited or
// the session, so that it is not a package or builtin.
func (r *resolver) shadowed(name string) bool {
	if r.local(name) != nil {
		return true
	}
	_, ok := r.s.state.decls[name]
	return ok
}

// pkgPath resolves name as a package name.
func (r *resolver) pkgPath(name string) (string, bool) {
	if r.scope.names[name] != nil {
		return "", false
	}
	if p, ok := r.scope.imports[name]; ok {
		return p, true
	}
	return r.s.packagePath(name)
}

// fromReflect is the xtype of reflect type t, naming the cell struct type
// it is or points to.
func (r *resolver) fromReflect(t reflect.Type) xtype {
	x := xtype{t: t}
	base := t
	if base.Kind() == reflect.Pointer {
		base = base.Elem()
	}
	if base.Kind() == reflect.Struct && base.Name() == "" {
		if r.structNames == nil {
			r.structNames = r.s.cellStructNames()
		}
		x.cell = r.structNames[base.String()]
	}
	return x
}

// cellType is the xtype of the session's cell type name.
func (r *resolver) cellType(name string) (xtype, bool) {
	if d, ok := r.s.state.decls[name]; !ok || d.kind != "type" || d.generic {
		return xtype{}, false
	}
	v, err := r.s.interp.Eval("(*" + name + ")(nil)")
	if err != nil || !v.IsValid() || v.Kind() != reflect.Pointer {
		return xtype{cell: name}, true
	}
	return xtype{t: v.Type().Elem(), cell: name}, true
}

// typeOf resolves a type expression.
func (r *resolver) typeOf(e ast.Expr) (xtype, bool) {
	if r.depth > 40 {
		return xtype{}, false
	}
	r.depth++
	defer func() { r.depth-- }()
	switch e := e.(type) {
	case *ast.Ident:
		if n := r.local(e.Name); n != nil {
			if n.kind != "type" {
				return xtype{}, false
			}
			return xtype{cell: e.Name}, true
		}
		if x, ok := r.cellType(e.Name); ok {
			return x, true
		}
		if t, ok := basicTypes[e.Name]; ok && !r.shadowed(e.Name) {
			return xtype{t: t}, true
		}
	case *ast.SelectorExpr:
		id, ok := e.X.(*ast.Ident)
		if !ok {
			return xtype{}, false
		}
		path, ok := r.pkgPath(id.Name)
		if !ok {
			return xtype{}, false
		}
		if v, ok := exportsOf(path)[e.Sel.Name]; ok && v.Kind() == reflect.Pointer && v.IsNil() {
			return r.fromReflect(v.Type().Elem()), true
		}
	case *ast.ParenExpr:
		return r.typeOf(e.X)
	case *ast.StarExpr:
		if x, ok := r.typeOf(e.X); ok {
			return pointerTo(x), true
		}
	case *ast.Ellipsis:
		return r.sliceOf(e.Elt, nil)
	case *ast.ArrayType:
		return r.sliceOf(e.Elt, e.Len)
	case *ast.MapType:
		k, ok1 := r.typeOf(e.Key)
		v, ok2 := r.typeOf(e.Value)
		if !ok2 {
			return xtype{}, false
		}
		x := xtype{elem: &v}
		if ok1 && k.t != nil && v.t != nil && k.t.Comparable() {
			x.t = reflect.MapOf(k.t, v.t)
		}
		return x, true
	case *ast.ChanType:
		if v, ok := r.typeOf(e.Value); ok {
			x := xtype{elem: &v}
			if v.t != nil {
				x.t = reflect.ChanOf(reflect.BothDir, v.t)
			}
			return x, true
		}
	case *ast.FuncType:
		return xtype{fn: e}, true
	case *ast.InterfaceType:
		if len(e.Methods.List) == 0 {
			return xtype{t: reflect.TypeFor[any]()}, true
		}
	}
	return xtype{}, false
}

// sliceOf is []elt, or [n]elt.
func (r *resolver) sliceOf(elt, n ast.Expr) (xtype, bool) {
	el, ok := r.typeOf(elt)
	if !ok {
		return xtype{}, false
	}
	x := xtype{elem: &el}
	if el.t != nil {
		x.t = reflect.SliceOf(el.t)
		if lit, ok := n.(*ast.BasicLit); ok {
			if k, err := strconv.Atoi(lit.Value); err == nil && k >= 0 {
				x.t = reflect.ArrayOf(k, el.t)
			}
		}
	}
	return x, true
}

func pointerTo(x xtype) xtype {
	if x.t != nil {
		return xtype{t: reflect.PointerTo(x.t), cell: x.cell}
	}
	return xtype{cell: x.cell, ptr: true}
}

// exprType resolves the type of the idx-th value of expression e.
func (r *resolver) exprType(e ast.Expr, idx int) (xtype, bool) {
	if r.depth > 40 {
		return xtype{}, false
	}
	r.depth++
	defer func() { r.depth-- }()
	switch e := e.(type) {
	case *ast.ParenExpr:
		return r.exprType(e.X, idx)
	case *ast.ArrayType, *ast.MapType, *ast.ChanType, *ast.FuncType, *ast.InterfaceType:
		// A type, as in the conversion []rune(s).
		x, ok := r.typeOf(e)
		x.isType = true
		return x, ok
	case *ast.BasicLit:
		t := map[token.Token]reflect.Type{
			token.INT: basicTypes["int"], token.FLOAT: basicTypes["float64"],
			token.IMAG: basicTypes["complex128"], token.CHAR: basicTypes["rune"],
			token.STRING: basicTypes["string"],
		}[e.Kind]
		return xtype{t: t}, t != nil
	case *ast.CompositeLit:
		if e.Type != nil {
			return r.typeOf(e.Type)
		}
	case *ast.FuncLit:
		return xtype{fn: e.Type}, true
	case *ast.UnaryExpr:
		x, ok := r.exprType(e.X, 0)
		if !ok {
			return x, false
		}
		switch e.Op {
		case token.AND:
			return pointerTo(x), true
		case token.ARROW:
			if idx == 1 {
				return xtype{t: basicTypes["bool"]}, true
			}
			return r.elem(x)
		case token.NOT:
			return xtype{t: basicTypes["bool"]}, true
		}
		return x, true
	case *ast.StarExpr:
		if x, ok := r.exprType(e.X, 0); ok {
			return deref(x)
		}
	case *ast.BinaryExpr:
		switch e.Op {
		case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ, token.LAND, token.LOR:
			return xtype{t: basicTypes["bool"]}, true
		}
		return r.exprType(e.X, 0)
	case *ast.Ident:
		return r.identType(e.Name, idx)
	case *ast.SelectorExpr:
		if id, ok := e.X.(*ast.Ident); ok {
			if path, ok := r.pkgPath(id.Name); ok {
				return r.pkgMember(path, e.Sel.Name)
			}
		}
		x, ok := r.exprType(e.X, 0)
		if !ok {
			return x, false
		}
		return r.selector(x, e.Sel.Name)
	case *ast.CallExpr:
		if id, ok := e.Fun.(*ast.Ident); ok && !r.shadowed(id.Name) {
			if x, ok, builtin := r.builtinCall(id.Name, e.Args); builtin {
				return x, ok
			}
		}
		f, ok := r.exprType(e.Fun, 0)
		if !ok {
			return f, false
		}
		return r.call(f, idx)
	case *ast.IndexExpr:
		x, ok := r.exprType(e.X, 0)
		if !ok {
			return x, false
		}
		if idx == 1 {
			return xtype{t: basicTypes["bool"]}, true
		}
		return r.elem(x)
	case *ast.SliceExpr:
		return r.exprType(e.X, 0)
	case *ast.TypeAssertExpr:
		if idx == 1 {
			return xtype{t: basicTypes["bool"]}, true
		}
		if e.Type != nil {
			return r.typeOf(e.Type)
		}
	}
	return xtype{}, false
}

// builtinCall resolves a call of a builtin function; builtin is false
// when name is not one.
func (r *resolver) builtinCall(name string, args []ast.Expr) (x xtype, ok, builtin bool) {
	switch name {
	case "len", "cap", "copy":
		return xtype{t: basicTypes["int"]}, true, true
	case "real", "imag":
		return xtype{t: basicTypes["float64"]}, true, true
	case "complex":
		return xtype{t: basicTypes["complex128"]}, true, true
	case "recover":
		return xtype{t: basicTypes["any"]}, true, true
	case "new", "make":
		if len(args) == 0 {
			return xtype{}, false, true
		}
		x, ok := r.typeOf(args[0])
		if ok && name == "new" {
			x = pointerTo(x)
		}
		return x, ok, true
	case "append", "min", "max":
		if len(args) == 0 {
			return xtype{}, false, true
		}
		x, ok := r.exprType(args[0], 0)
		return x, ok, true
	}
	return xtype{}, false, false
}

// identType resolves the type of an identifier's value.
func (r *resolver) identType(name string, idx int) (xtype, bool) {
	if n := r.local(name); n != nil {
		n.busy = true
		defer func() { n.busy = false }()
		switch n.kind {
		case "type":
			x, ok := r.typeOf(ast.NewIdent(name))
			x.isType = true
			return x, ok
		case "func":
			return xtype{fn: n.fn.Type}, true
		}
		switch {
		case n.typ != nil:
			return r.typeOf(n.typ)
		case n.val == nil:
			return xtype{}, false
		case n.rangeOf:
			x, ok := r.exprType(n.val, 0)
			if !ok {
				return x, false
			}
			return r.rangeType(x, n.idx)
		}
		return r.exprType(n.val, n.idx)
	}
	s := r.s
	if d, ok := s.state.decls[name]; ok {
		switch d.kind {
		case "var":
			v, ok := s.interp.Globals()[name]
			if !ok || !v.IsValid() {
				return xtype{}, false
			}
			x := r.fromReflect(v.Type())
			if d.typ != "" {
				x.cell = d.typ
			}
			return x, true
		case "type":
			x, ok := r.cellType(name)
			x.isType = true
			return x, ok
		case "func":
			if fd := s.state.recordedFunc(name); fd != nil {
				return xtype{fn: fd.Type}, true
			}
		}
		if v, err := s.interp.Eval(name); err == nil && v.IsValid() {
			return r.fromReflect(v.Type()), true
		}
		return xtype{}, false
	}
	if v, ok := s.interp.Globals()[name]; ok && v.IsValid() {
		return r.fromReflect(v.Type()), true
	}
	if t, ok := basicTypes[name]; ok {
		return xtype{t: t, isType: true}, true
	}
	return xtype{}, false
}

// pkgMember resolves the value (or type) pkg.name.
func (r *resolver) pkgMember(path, name string) (xtype, bool) {
	v, ok := exportsOf(path)[name]
	if !ok {
		return xtype{}, false
	}
	switch {
	case v.Kind() == reflect.Func:
		return xtype{t: v.Type()}, true
	case v.Kind() == reflect.Pointer && v.IsNil():
		x := r.fromReflect(v.Type().Elem())
		x.isType = true
		return x, true
	case v.Kind() == reflect.Pointer:
		return r.fromReflect(v.Type().Elem()), true
	}
	if v.Type().PkgPath() == "go/constant" {
		return xtype{}, false // an untyped constant
	}
	return r.fromReflect(v.Type()), true
}

// selector resolves x.name: a field or method.
func (r *resolver) selector(x xtype, name string) (xtype, bool) {
	if t := x.t; t != nil {
		if m, ok := t.MethodByName(name); ok {
			return xtype{t: m.Type}, true
		}
		if t.Kind() != reflect.Pointer && t.Kind() != reflect.Interface {
			if m, ok := reflect.PointerTo(t).MethodByName(name); ok {
				return xtype{t: m.Type}, true
			}
		}
		base := t
		if base.Kind() == reflect.Pointer {
			base = base.Elem()
		}
		if base.Kind() == reflect.Struct && !x.isType {
			if f, ok := base.FieldByName(name); ok {
				return r.fromReflect(f.Type), true
			}
		}
	}
	if x.cell == "" {
		return xtype{}, false
	}
	if fd := r.cellMethod(x.cell, name); fd != nil {
		return xtype{fn: fd.Type}, true
	}
	if x.t == nil && !x.isType {
		if st := r.localStruct(x.cell); st != nil {
			for _, f := range st.Fields.List {
				for _, n := range f.Names {
					if n.Name == name {
						return r.typeOf(f.Type)
					}
				}
				if len(f.Names) == 0 && baseTypeName(f.Type) == name {
					return r.typeOf(f.Type)
				}
			}
		}
	}
	return xtype{}, false
}

// cellMethod finds method name of cell type typ: declared in the cell
// being edited or in the session.
func (r *resolver) cellMethod(typ, name string) *ast.FuncDecl {
	for _, fd := range r.scope.methods[typ] {
		if fd.Name.Name == name {
			return fd
		}
	}
	if n := r.local(typ); n != nil && n.kind == "type" {
		return nil
	}
	return r.s.state.recordedFunc(typ + "." + name)
}

// localStruct is the struct type typ of the cell being edited, if it is
// one.
func (r *resolver) localStruct(typ string) *ast.StructType {
	n := r.local(typ)
	if n == nil || n.kind != "type" {
		return nil
	}
	st, _ := n.spec.Type.(*ast.StructType)
	return st
}

// call resolves the idx-th result of calling f.
func (r *resolver) call(f xtype, idx int) (xtype, bool) {
	switch {
	case f.isType:
		f.isType = false
		return f, idx == 0
	case f.t != nil && f.t.Kind() == reflect.Func:
		if idx < f.t.NumOut() {
			return r.fromReflect(f.t.Out(idx)), true
		}
	case f.fn != nil && f.fn.Results != nil:
		i := 0
		for _, fld := range f.fn.Results.List {
			for range max(len(fld.Names), 1) {
				if i == idx {
					return r.typeOf(fld.Type)
				}
				i++
			}
		}
	}
	return xtype{}, false
}

// elem is the type of x[i] (or <-x).
func (r *resolver) elem(x xtype) (xtype, bool) {
	if x.elem != nil {
		return *x.elem, true
	}
	t := x.t
	if t == nil {
		return xtype{}, false
	}
	if t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Array {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Slice, reflect.Array, reflect.Map, reflect.Chan:
		return r.fromReflect(t.Elem()), true
	case reflect.String:
		return xtype{t: basicTypes["byte"]}, true
	}
	return xtype{}, false
}

// deref is the type of *x.
func deref(x xtype) (xtype, bool) {
	if x.t != nil && x.t.Kind() == reflect.Pointer {
		return xtype{t: x.t.Elem(), cell: x.cell}, true
	}
	if x.t == nil && x.ptr {
		return xtype{cell: x.cell}, true
	}
	return xtype{}, false
}

// rangeType is the type of the key (idx 0) or value (idx 1) of ranging
// over x.
func (r *resolver) rangeType(x xtype, idx int) (xtype, bool) {
	intType := xtype{t: basicTypes["int"]}
	t := x.t
	if t == nil {
		if x.elem == nil {
			return xtype{}, false
		}
		if idx == 0 {
			return intType, true
		}
		return *x.elem, true
	}
	if t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Array {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		if idx == 0 {
			return intType, true
		}
		return r.elem(x)
	case reflect.Map:
		if idx == 0 {
			return r.fromReflect(t.Key()), true
		}
		return r.elem(x)
	case reflect.String:
		if idx == 0 {
			return intType, true
		}
		return xtype{t: basicTypes["rune"]}, true
	case reflect.Chan:
		return r.elem(x)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return x, idx == 0
	case reflect.Func: // an iterator: func(yield func(K, V) bool)
		if t.NumIn() == 1 && t.In(0).Kind() == reflect.Func && idx < t.In(0).NumIn() {
			return r.fromReflect(t.In(0).In(idx)), true
		}
	}
	return xtype{}, false
}

// members lists the fields and methods of a value of type x.
func (r *resolver) members(x xtype) []string {
	var out []string
	if x.t != nil {
		if x.isType {
			t := x.t
			if t.Kind() != reflect.Interface {
				t = reflect.PointerTo(t)
			}
			for i := 0; i < t.NumMethod(); i++ {
				out = append(out, t.Method(i).Name)
			}
		} else {
			out = fieldsAndMethods(x.t)
		}
	}
	if x.cell == "" {
		return out
	}
	if x.t == nil && !x.isType {
		if st := r.localStruct(x.cell); st != nil {
			for _, f := range st.Fields.List {
				for _, n := range f.Names {
					out = append(out, n.Name)
				}
				if len(f.Names) == 0 {
					out = append(out, baseTypeName(f.Type))
				}
			}
		}
	}
	for _, fd := range r.scope.methods[x.cell] {
		out = append(out, fd.Name.Name)
	}
	if n := r.local(x.cell); n == nil || n.kind != "type" {
		out = append(out, r.s.state.methods[x.cell]...)
	}
	return out
}

// exprEndingAt returns the text of the operand that ends src, such as
// `d`, `cfg.Inner`, `motif.Slopes(xs)[0]` or `dish.Config{}`, for
// completing after a '.' or documenting the function before a '('; ""
// when src does not end in one.
func exprEndingAt(src string) string {
	toks := scanTokens(src)
	j := len(toks) - 1
	for j >= 0 && toks[j].tok == token.SEMICOLON && toks[j].lit != ";" {
		j-- // inserted at the end of src
	}
	start := -1
	for j >= 0 {
		switch toks[j].tok {
		case token.IDENT:
			start = toks[j].off
			j--
		case token.RPAREN, token.RBRACK, token.RBRACE:
			k := matchingOpen(toks, j)
			if k < 0 {
				return ""
			}
			start = toks[k].off
			j = k - 1
			if j >= 0 && operandEnd(toks[j].tok) {
				continue // a call, an index or a composite literal
			}
		}
		if j >= 0 && toks[j].tok == token.PERIOD && start >= 0 {
			j--
			continue
		}
		break
	}
	if start < 0 {
		return ""
	}
	return src[start:]
}

func operandEnd(t token.Token) bool {
	return t == token.IDENT || t == token.RPAREN || t == token.RBRACK || t == token.RBRACE
}

// matchingOpen returns the index of the bracket that toks[j] closes, or -1.
func matchingOpen(toks []tok, j int) int {
	return unclosedOpen(toks, j-1)
}
