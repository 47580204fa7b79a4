package dsl

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"reflect"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/petridish-go/petridish/dsl/symbols"
)

// inspectAt documents what the cursor, at byte offset off of code, is on:
// the operand whose name it is in or at the end of (`cfg.Inner.Steps`,
// `d.Predict`, `dish.DefaultConfig().Validate`) or, when that says
// nothing, the function of the call whose arguments it is in, innermost
// first, as signature help does.
func (s *Session) inspectAt(code string, off int, withSource bool) (string, bool) {
	end := off
	for end < len(code) {
		r, n := utf8.DecodeRuneInString(code[end:])
		if !isIdentRune(r) {
			break
		}
		end += n
	}
	var r *resolver
	resolver := func() *resolver {
		if r == nil {
			r = s.newResolver(parseCellScope(code, off))
		}
		return r
	}
	if end > 0 && isIdentRune(lastRune(code[:end])) {
		if text := exprEndingAt(code[:end]); text != "" {
			if e, err := parser.ParseExpr(text); err == nil {
				if txt, ok := s.describeExpr(resolver(), e, withSource); ok {
					return txt, true
				}
			}
		}
	}
	for _, callee := range calleesAt(code[:off]) {
		if e, err := parser.ParseExpr(callee); err == nil {
			if txt, ok := s.describeExpr(resolver(), e, withSource); ok {
				return txt, true
			}
		}
	}
	return "", false
}

// calleesAt returns the functions of the calls left open at the end of
// src, innermost first: for `f(a, g(b, ` g then f. It looks through index
// expressions but not through braces.
func calleesAt(src string) []string {
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	var s scanner.Scanner
	s.Init(file, []byte(src), func(token.Position, string) {}, 0)
	type open struct {
		tok token.Token
		off int
	}
	var stack []open
	for {
		pos, t, _ := s.Scan()
		if t == token.EOF {
			break
		}
		switch t {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			stack = append(stack, open{t, file.Offset(pos)})
		case token.RPAREN, token.RBRACK, token.RBRACE:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
	}
	var out []string
	for i := len(stack) - 1; i >= 0 && stack[i].tok != token.LBRACE; i-- {
		if stack[i].tok == token.LPAREN {
			if fn := exprEndingAt(src[:stack[i].off]); fn != "" {
				out = append(out, fn)
			}
		}
	}
	return out
}

// describeExpr documents expression e of the cell being edited: a name,
// a package member, a method expression (`dish.Dish.Predict`,
// `(*dish.Dish).Predict`) or a field or method of an operand's type.
func (s *Session) describeExpr(r *resolver, e ast.Expr, withSource bool) (string, bool) {
	switch e := e.(type) {
	case *ast.ParenExpr:
		return s.describeExpr(r, e.X, withSource)
	case *ast.Ident:
		if n := r.local(e.Name); n != nil {
			return r.describeLocal(e.Name, n), true
		}
		return s.describeName(e.Name, withSource)
	case *ast.SelectorExpr:
		name := e.Sel.Name
		if id, ok := e.X.(*ast.Ident); ok {
			if path, ok := r.pkgPath(id.Name); ok {
				if txt, ok := s.describeMember(path, name, withSource); ok {
					return txt, true
				}
				return describeMethodAsMember(path, name, withSource)
			}
		}
		if path, typ, ok := r.pkgTypeExpr(e.X); ok {
			return s.describeMember(path, typ+"."+name, withSource)
		}
		if x, ok := r.exprType(e.X, 0); ok {
			if txt, ok := s.describeSelection(r, x, e, withSource); ok {
				return txt, true
			}
		}
		// The dynamic type of the value of a session variable.
		if id, ok := e.X.(*ast.Ident); ok && r.local(id.Name) == nil {
			return s.describeVarMember(id.Name, name)
		}
	}
	return "", false
}

// pkgTypeExpr reports whether e is pkg.T or (*pkg.T) for a type T of a
// package, as the receiver of a method expression.
func (r *resolver) pkgTypeExpr(e ast.Expr) (path, typ string, ok bool) {
	for {
		switch x := e.(type) {
		case *ast.ParenExpr:
			e = x.X
			continue
		case *ast.StarExpr:
			e = x.X
			continue
		case *ast.SelectorExpr:
			id, isIdent := x.X.(*ast.Ident)
			if !isIdent {
				return "", "", false
			}
			path, ok := r.pkgPath(id.Name)
			if !ok {
				return "", "", false
			}
			if v, ok := exportsOf(path)[x.Sel.Name]; ok && v.Kind() == reflect.Pointer && v.IsNil() {
				return path, x.Sel.Name, true
			}
		}
		return "", "", false
	}
}

// describeSelection documents sel, a field or method of a value of type x.
func (s *Session) describeSelection(r *resolver, x xtype, sel *ast.SelectorExpr, withSource bool) (string, bool) {
	name := sel.Sel.Name
	if t := x.t; t != nil {
		if _, ok := methodOf(t, name); ok {
			base := t
			if base.Kind() == reflect.Pointer {
				base = base.Elem()
			}
			text := methodSignature(t, name) + "\n"
			if base.PkgPath() != "" && base.Name() != "" {
				if e, ok := symbols.Doc(base.PkgPath(), base.Name()+"."+name); ok {
					return formatDoc(base.PkgPath(), e, withSource), true
				}
				// Interface methods are documented in the type's declaration.
				if doc := typeMemberDoc(base.PkgPath(), base.Name(), name); doc != "" {
					text += "\n" + doc
				}
			}
			return text, true
		}
	}
	if x.cell != "" {
		if fd := r.cellMethod(x.cell, name); fd != nil {
			return funcDeclString(fd), true
		}
	}
	header, doc, ok := r.fieldDoc(x, name)
	if !ok {
		return "", false
	}
	text := header + "\n"
	if v, ok := s.chainValue(r, sel); ok {
		text += "value: " + valueString(v) + "\n"
	}
	if doc != "" {
		text += "\n" + strings.TrimRight(doc, "\n") + "\n"
	}
	return text, true
}

// fieldDoc returns the declaration (`field Steps int`) and the doc
// comment of field name of type x.
func (r *resolver) fieldDoc(x xtype, name string) (header, doc string, ok bool) {
	if x.isType {
		return "", "", false
	}
	if t := x.t; t != nil {
		base := t
		if base.Kind() == reflect.Pointer {
			base = base.Elem()
		}
		if base.Kind() != reflect.Struct {
			return "", "", false
		}
		f, ok := base.FieldByName(name)
		if !ok {
			return "", "", false
		}
		header = fmt.Sprintf("field %s %s", name, r.s.typeName(f.Type))
		if len(f.Index) == 1 && base.PkgPath() != "" && base.Name() != "" {
			doc = typeMemberDoc(base.PkgPath(), base.Name(), name)
		}
		return header, doc, true
	}
	if st := r.localStruct(x.cell); st != nil {
		for _, f := range st.Fields.List {
			for _, n := range f.Names {
				if n.Name == name {
					return "field " + name + " " + nodeString(f.Type), f.Doc.Text(), true
				}
			}
		}
	}
	return "", "", false
}

// typeMemberDoc is the doc comment of field (or method) name of the
// struct (or interface) type typ of package path, from the type's
// generated documentation.
func typeMemberDoc(path, typ, name string) string {
	e, ok := symbols.Doc(path, typ)
	if !ok {
		return ""
	}
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p\n"+e.Decl, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil || len(f.Decls) == 0 {
		return ""
	}
	gd, ok := f.Decls[0].(*ast.GenDecl)
	if !ok || len(gd.Specs) == 0 {
		return ""
	}
	ts, ok := gd.Specs[0].(*ast.TypeSpec)
	if !ok {
		return ""
	}
	var fields *ast.FieldList
	switch t := ts.Type.(type) {
	case *ast.StructType:
		fields = t.Fields
	case *ast.InterfaceType:
		fields = t.Methods
	default:
		return ""
	}
	for _, fl := range fields.List {
		for _, n := range fl.Names {
			if n.Name == name {
				if d := fl.Doc.Text(); d != "" {
					return d
				}
				return fl.Comment.Text()
			}
		}
	}
	return ""
}

// chainValue is the current value of sel when it is a path of fields from
// a session variable (cfg.Inner.Steps) that the cell being edited does
// not redeclare.
func (s *Session) chainValue(r *resolver, sel *ast.SelectorExpr) (reflect.Value, bool) {
	var path []string
	var e ast.Expr = sel
	for {
		switch x := e.(type) {
		case *ast.SelectorExpr:
			path = append(path, x.Sel.Name)
			e = x.X
			continue
		case *ast.Ident:
			if r.local(x.Name) != nil {
				return reflect.Value{}, false
			}
			if d, ok := s.state.decls[x.Name]; !ok || d.kind != "var" {
				return reflect.Value{}, false
			}
			v, ok := s.interp.Globals()[x.Name]
			if !ok || !v.IsValid() {
				return reflect.Value{}, false
			}
			for i := len(path) - 1; i >= 0; i-- {
				for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
					if v.IsNil() {
						return reflect.Value{}, false
					}
					v = v.Elem()
				}
				if v.Kind() != reflect.Struct {
					return reflect.Value{}, false
				}
				if v = v.FieldByName(path[i]); !v.IsValid() {
					return reflect.Value{}, false
				}
			}
			return v, true
		}
		return reflect.Value{}, false
	}
}

// describeLocal documents a name declared in the cell being edited.
func (r *resolver) describeLocal(name string, n *localName) string {
	switch n.kind {
	case "func":
		return funcDeclString(n.fn)
	case "type":
		return "type " + nodeString(n.spec) + "\n"
	}
	if x, ok := r.identType(name, 0); ok {
		if t := r.typeString(x); t != "" {
			return n.kind + " " + name + " " + t + "\n"
		}
	}
	return n.kind + " " + name + "\n"
}

// typeString writes x as a cell would.
func (r *resolver) typeString(x xtype) string {
	switch {
	case x.t != nil:
		return r.s.typeName(x.t)
	case x.cell != "" && x.ptr:
		return "*" + x.cell
	case x.cell != "":
		return x.cell
	case x.fn != nil:
		return nodeString(x.fn)
	case x.elem != nil:
		if e := r.typeString(*x.elem); e != "" {
			return "[]" + e
		}
	}
	return ""
}

// funcDeclString is the declaration of fd without its body, and its doc
// comment.
func funcDeclString(fd *ast.FuncDecl) string {
	c := *fd
	c.Body, c.Doc = nil, nil
	text := nodeString(&c) + "\n"
	if d := fd.Doc.Text(); d != "" {
		text += "\n" + d
	}
	return text
}

// methodOf finds method name in the method set of t or, for a type that
// is not a pointer or interface, of *t.
func methodOf(t reflect.Type, name string) (reflect.Method, bool) {
	if m, ok := t.MethodByName(name); ok {
		return m, true
	}
	if t.Kind() != reflect.Pointer && t.Kind() != reflect.Interface {
		return reflect.PointerTo(t).MethodByName(name)
	}
	return reflect.Method{}, false
}

// methodSignature writes method name of t as a declaration, with its
// receiver once: `func (*strings.Builder) WriteString(string) (int,
// error)`; "" when t has no such method.
func methodSignature(t reflect.Type, name string) string {
	base := t
	if base.Kind() == reflect.Pointer {
		base = base.Elem()
	}
	if base.Kind() == reflect.Interface {
		m, ok := base.MethodByName(name)
		if !ok {
			return ""
		}
		return fmt.Sprintf("func (%s) %s%s", base, name, strings.TrimPrefix(m.Type.String(), "func"))
	}
	recv := base
	m, ok := base.MethodByName(name)
	if !ok {
		recv = reflect.PointerTo(base)
		if m, ok = recv.MethodByName(name); !ok {
			return ""
		}
	}
	mt := m.Type
	in := make([]reflect.Type, 0, mt.NumIn())
	for i := 1; i < mt.NumIn(); i++ {
		in = append(in, mt.In(i))
	}
	out := make([]reflect.Type, 0, mt.NumOut())
	for i := 0; i < mt.NumOut(); i++ {
		out = append(out, mt.Out(i))
	}
	sig := reflect.FuncOf(in, out, mt.IsVariadic())
	return fmt.Sprintf("func (%s) %s%s", recv, name, strings.TrimPrefix(sig.String(), "func"))
}

// describeMethodAsMember answers pkg.name where name is not a member of
// the package but a method of its types: it names each as a method
// expression ((*dish.Dish).Train) and documents it.
func describeMethodAsMember(path, name string, withSource bool) (string, bool) {
	pkg := pkgNameOf(path)
	syms := exportsOf(path)
	types := make([]string, 0, len(syms))
	for n, v := range syms {
		if !strings.HasPrefix(n, "_") && v.Kind() == reflect.Pointer && v.IsNil() {
			types = append(types, n)
		}
	}
	sort.Strings(types)
	var exprs, docs []string
	for _, tn := range types {
		t := syms[tn].Type().Elem()
		expr := ""
		switch {
		case t.Kind() == reflect.Interface:
			if _, ok := t.MethodByName(name); ok {
				expr = pkg + "." + tn + "." + name
			}
		default:
			if _, ok := t.MethodByName(name); ok {
				expr = pkg + "." + tn + "." + name
			} else if _, ok := reflect.PointerTo(t).MethodByName(name); ok {
				expr = "(*" + pkg + "." + tn + ")." + name
			}
		}
		if expr == "" {
			continue
		}
		exprs = append(exprs, expr)
		if e, ok := symbols.Doc(path, tn+"."+name); ok {
			docs = append(docs, formatDoc(path, e, withSource))
		} else {
			docs = append(docs, methodSignature(t, name)+"\n")
		}
	}
	switch len(exprs) {
	case 0:
		return "", false
	case 1:
		return fmt.Sprintf("%s.%s is not a member of package %s; it is the method %s:\n\n%s", pkg, name, pkg, exprs[0], docs[0]), true
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s.%s is not a member of package %s; it is a method of several of its types:\n", pkg, name, pkg)
	for i, e := range exprs {
		decl, _, _ := strings.Cut(docs[i], "\n")
		fmt.Fprintf(&b, "\n%s\n\t%s\n", e, decl)
	}
	return b.String(), true
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}
