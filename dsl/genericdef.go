package dsl

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"regexp"
	"slices"
	"strings"
)

// Top-level definitions from generic calls. yaegi v0.16.1 cannot give a
// variable at the top level of a cell the type of a generic call's result:
// `evens := Filter(xs, isEven)` fails with "nil reflect type", or yaegi
// panics compiling it (inside a function it works). The Session gives such a definition a chunk of its
// own, and when it fails that way runs it in two steps: the call inside a
// function, its result kept as an any,
//
//	__pdgv := func() any { return Filter(xs, isEven) }()
//
// and then, with the result's dynamic type T, `evens := __pdgv.(T)`. The
// call runs once. When T cannot be written (a nil result, or a type a cell
// cannot name) the error says how to give the variable its type.

// genericDefRE matches the start of `x := f(`, `x := f[T](` or
// `x := pkg.f(`.
var genericDefRE = regexp.MustCompile(`^([\pL_][\pL\pN_]*)\s*:=\s*([\pL_][\pL\pN_]*(?:\.[\pL_][\pL\pN_]*)?)\s*[\[(]`)

// genericFuncRE matches the declaration of a generic function.
var genericFuncRE = regexp.MustCompile(`(?m)^func\s+([\pL_][\pL\pN_]*)\s*\[`)

// genericFuncsOf returns the names of the generic functions cell declares.
func genericFuncsOf(cell string) map[string]bool {
	names := map[string]bool{}
	for _, d := range genericFuncRE.FindAllStringSubmatch(cell, -1) {
		names[d[1]] = true
	}
	return names
}

// definesFromGeneric reports whether statement text defines one variable
// from a call of a generic function: of the session, or among cellGenerics,
// those the cell declares.
func (s *Session) definesFromGeneric(text string, cellGenerics map[string]bool) bool {
	m := genericDefRE.FindStringSubmatch(strings.TrimSpace(text))
	if m == nil {
		return false
	}
	if pkg, member, ok := strings.Cut(m[2], "."); ok {
		return s.isGenericMember(pkg, member)
	}
	return cellGenerics[m[2]] || s.isGeneric(&ast.Ident{Name: m[2]})
}

// isGenericMember reports whether pkg.member names a generic function of
// a package the interpreter compiles from source (cmp, maps, slices).
func (s *Session) isGenericMember(pkg, member string) bool {
	if path, ok := s.state.imports[pkg]; ok {
		return slices.Contains(genericMembers()[path], member)
	}
	// Not imported yet: imported by the cell, or auto-imported, under its
	// own name (math/rand/v2 as rand).
	for path, names := range genericMembers() {
		if pkgNameOf(path) == pkg && slices.Contains(names, member) {
			return true
		}
	}
	return false
}

// genericCallee returns the name of the generic function call calls, as
// written (f or pkg.f, without type arguments), and whether it is one.
func (s *Session) genericCallee(call *ast.CallExpr) (string, bool) {
	fun := call.Fun
	switch ix := fun.(type) { // explicit type arguments: f[T](...), f[T, U](...)
	case *ast.IndexExpr:
		fun = ix.X
	case *ast.IndexListExpr:
		fun = ix.X
	}
	switch f := fun.(type) {
	case *ast.Ident:
		return f.Name, s.isGeneric(f)
	case *ast.SelectorExpr:
		if pkg, ok := f.X.(*ast.Ident); ok && pkg.Obj == nil {
			return pkg.Name + "." + f.Sel.Name, s.isGenericMember(pkg.Name, f.Sel.Name)
		}
	}
	return "", false
}

// genericDefinition runs chunk c, whose eval failed with err, in the two
// steps above when c is `x := f(...)` of a generic f and err is a compile
// error. It reports whether it took the chunk on, and then
// the chunk's error, if any. orig is c's text before the rewrites.
func (s *Session) genericDefinition(ctx context.Context, c *chunk, orig string, err error) (bool, error) {
	// yaegi fails with "nil reflect type", or panics while compiling.
	e, ok := err.(*Error)
	if !ok || e.Name != "compile error" || len(c.stmts) != 1 {
		return false, nil
	}
	a, ok := c.stmts[0].(*ast.AssignStmt)
	if !ok || a.Tok != token.DEFINE || len(a.Lhs) != 1 || len(a.Rhs) != 1 {
		return false, nil
	}
	x, ok := a.Lhs[0].(*ast.Ident)
	call, ok2 := a.Rhs[0].(*ast.CallExpr)
	if !ok || !ok2 {
		return false, nil
	}
	fn, ok := s.genericCallee(call)
	if !ok {
		return false, nil
	}
	// c's parse was of orig; the call runs as the rewrites left it (with
	// the type arguments typeargs.go wrote out, say).
	rhs, ok := rewrittenValue(c.text)
	if !ok {
		rhs = orig[c.offset(call.Pos()):c.offset(call.End())]
	}
	src := "__pdgv := func() any { return " + c.directiveAt(call.Pos()) + rhs + " }()"
	if _, err := s.eval(ctx, c.dir+src); err != nil {
		return true, s.explainVague(c, err)
	}
	defer s.eval(ctx, "__pdgv = nil")
	v, ok := s.interp.Globals()["__pdgv"]
	if !ok || !v.IsValid() || v.IsNil() {
		return true, s.compileError(fmt.Sprintf("%s: %s(...) returned nil, so the interpreter cannot tell %s's type: declare it first, var %s T, and assign %s = %s(...)",
			c.posString(a.Pos()), fn, x.Name, x.Name, x.Name, fn))
	}
	typ := s.typeName(v.Elem().Type())
	if _, err := s.eval(ctx, c.dir+x.Name+" := __pdgv.("+typ+")"); err != nil {
		return true, s.compileError(fmt.Sprintf("%s: %s(...) returned a %s, a type the cell cannot name: declare %s first, var %s T, and assign %s = %s(...)",
			c.posString(a.Pos()), fn, typ, x.Name, x.Name, x.Name, fn))
	}
	return true, nil
}

// explainGenericDefinition adds to yaegi's "nil reflect type" in e, for a
// chunk with a top-level `x := f(...)` or `var x = f(...)` of a generic f
// (min and max included), how to give x its type.
func (s *Session) explainGenericDefinition(c *chunk, e *Error) {
	if !strings.Contains(e.Value, "nil reflect type") {
		return
	}
	generic := func(rhs []ast.Expr) (string, bool) {
		for _, r := range rhs {
			if call, ok := r.(*ast.CallExpr); ok {
				if name, ok := s.genericCallee(call); ok {
					return name, true
				}
			}
		}
		return "", false
	}
	for _, st := range c.stmts {
		a, ok := st.(*ast.AssignStmt)
		if !ok || a.Tok != token.DEFINE || len(a.Lhs) != 1 {
			continue
		}
		fn, ok := generic(a.Rhs)
		x, isIdent := a.Lhs[0].(*ast.Ident)
		if !ok || !isIdent {
			continue
		}
		e.setValue(s.decodePositions(e.Value + fmt.Sprintf(" (%s: the interpreter cannot give a variable at the top level of a cell the type of a call of the generic %s: convert the call, %s := T(%s(...)), or declare the variable first, var %s T, and assign %s = %s(...))",
			c.posString(a.Pos()), fn, x.Name, fn, x.Name, x.Name, fn)))
		return
	}
}

// rewrittenValue returns the value of the one definition `x := value`
// that text, a rewritten chunk, holds; false when it holds something
// else.
func rewrittenValue(text string) (string, bool) {
	const prefix = "package p; func _() {"
	f, err := parser.ParseFile(token.NewFileSet(), "", prefix+text+"\n}", parser.SkipObjectResolution)
	if err != nil {
		return "", false
	}
	body := f.Decls[0].(*ast.FuncDecl).Body.List
	if len(body) != 1 {
		return "", false
	}
	a, ok := body[0].(*ast.AssignStmt)
	if !ok || a.Tok != token.DEFINE || len(a.Rhs) != 1 {
		return "", false
	}
	// A file set's first file starts at offset 1.
	start, end := int(a.Rhs[0].Pos())-1-len(prefix), int(a.Rhs[0].End())-1-len(prefix)
	if start < 0 || end > len(text) || start > end {
		return "", false
	}
	return text[start:end], true
}
