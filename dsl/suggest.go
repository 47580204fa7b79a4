package dsl

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Yaegi's two messages for a name a package does not export: `package
// dish "path" has no symbol Train`, and `undefined selector path.Train`.
var (
	noSymbolRE          = regexp.MustCompile(`package (\S+) "([^"]+)" has no symbol (\S+)`)
	undefinedSelectorRE = regexp.MustCompile(`undefined selector (\S+)\.([^.\s]+)`)
)

// displayNoValueRE matches the compile error of a display function that
// shows its argument used as a value (`h := display.HTML(s)`).
var displayNoValueRE = regexp.MustCompile(`\b(display\.(?:HTML|Markdown|LaTeX|Text|SVG|PNG|JPEG|MIME|MIMEWithMetadata))\(\.\.\.\) \(no value\) used as value`)

// explainNoValue adds to the error of a display function used as a value
// what to write instead: those functions show their content at once and
// return nothing, where IPython's HTML(...) is a value to display later.
func explainNoValue(msg string) string {
	return displayNoValueRE.ReplaceAllString(msg, "$0: $1 shows its content now and returns nothing; "+
		"to show it in a handle that you update later, use h := display.New(nil) and "+
		`h.UpdateMIME(map[string]any{"text/html": s}, nil) (the MIME type of your content)`)
}

// explainMissing rewrites yaegi's complaint about a name that a package
// does not export into one that names the package as the cell does and
// suggests the exported names closest to it.
func explainMissing(msg string) string {
	msg = noSymbolRE.ReplaceAllStringFunc(msg, func(m string) string {
		sub := noSymbolRE.FindStringSubmatch(m)
		return missingMember(sub[1], sub[2], sub[3])
	})
	return undefinedSelectorRE.ReplaceAllStringFunc(msg, func(m string) string {
		sub := undefinedSelectorRE.FindStringSubmatch(m)
		return missingMember(pkgNameOf(sub[1]), sub[1], sub[2])
	})
}

// missingMember says that package name (imported from path) has no
// exported member, and which of its members, or of the methods of its
// types, the user may have meant.
func missingMember(name, path, member string) string {
	// Candidates are spelt as the user would write them: "dish.New", and
	// "(*dish.Dish).Train" for a method (of the first type, in name order,
	// that has it; a package member wins over a method of the same name).
	var names []string
	spelt := map[string]string{}
	exports := exportsOf(path)
	members := make([]string, 0, len(exports))
	for n := range exports {
		members = append(members, n)
	}
	sort.Strings(members)
	for _, n := range members {
		v := exports[n]
		if r, _ := utf8.DecodeRuneInString(n); !unicode.IsUpper(r) {
			continue
		}
		if _, seen := spelt[n]; !seen {
			names = append(names, n)
		}
		spelt[n] = name + "." + n
		if !v.IsValid() || v.Kind() != reflect.Pointer || !v.IsNil() {
			continue // not a type (types are stored as (*T)(nil))
		}
		pt := v.Type()
		for i := 0; i < pt.NumMethod(); i++ {
			m := pt.Method(i).Name
			recv := name + "." + n
			if _, ok := pt.Elem().MethodByName(m); !ok {
				recv = "*" + recv
			}
			if _, seen := spelt[m]; !seen {
				names = append(names, m)
				spelt[m] = fmt.Sprintf("(%s).%s", recv, m)
			}
		}
	}
	msg := fmt.Sprintf("undefined: %s.%s (package %s, %q, has no exported %s", name, member, name, path, member)
	otherwise := fmt.Sprintf("; %s? lists what it has", name)
	for _, n := range genericMembers()[path] {
		if _, seen := spelt[n]; !seen {
			names = append(names, n)
		}
		spelt[n] = name + "." + n
	}
	if len(exports) == 0 {
		// yaegi compiles cmp, maps and slices from source, and only part of
		// them: slices without its sorting functions.
		msg += " in the interpreter, which compiles only part of this generic package"
		otherwise = "; write the loop, or use a non-generic package such as sort or gonum's floats"
	}
	if near := closestNames(member, names, 3); len(near) > 0 {
		for i := range near {
			near[i] = spelt[near[i]]
		}
		return msg + "; did you mean " + strings.Join(near, ", ") + "?)"
	}
	return msg + otherwise + ")"
}

// genericMembers lists the exported functions and types of the generic
// standard packages that the interpreter compiles from source, by import
// path: cmp, maps and slices (yaegi's and the Session's source), iter,
// and the generic functions of sync and math/rand/v2 (the Session's).
var genericMembers = sync.OnceValue(func() map[string][]string {
	out := map[string][]string{}
	for _, src := range stdSources() {
		f, err := parser.ParseFile(token.NewFileSet(), "", src.src, parser.SkipObjectResolution)
		if err != nil {
			continue
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil && d.Name.IsExported() && !slices.Contains(out[src.path], d.Name.Name) {
					out[src.path] = append(out[src.path], d.Name.Name)
				}
			case *ast.GenDecl:
				for _, sp := range d.Specs {
					if ts, ok := sp.(*ast.TypeSpec); ok && ts.Name.IsExported() {
						out[src.path] = append(out[src.path], ts.Name.Name)
					}
				}
			}
		}
	}
	return out
})

// closestNames returns up to max of names that target may be a misspelling
// or a shortening of, best first: the same name in another case (alone),
// else names that start with it, then those within a small edit distance
// (a third of its length, at least one), and only when there are none of
// those, names that contain it. Ties go to the shorter name.
func closestNames(target string, names []string, max int) []string {
	type cand struct {
		name string
		rank int
	}
	lt := strings.ToLower(target)
	limit := utf8.RuneCountInString(target) / 3
	if limit < 1 {
		limit = 1
	}
	var cs []cand
	for _, n := range names {
		ln := strings.ToLower(n)
		switch d := editDistance(lt, ln); {
		case ln == lt:
			cs = append(cs, cand{n, 0})
		case strings.HasPrefix(ln, lt):
			cs = append(cs, cand{n, 1})
		case d <= limit:
			cs = append(cs, cand{n, 2 + d})
		case len(lt) >= 3 && strings.Contains(ln, lt):
			cs = append(cs, cand{n, 2 + limit + 1})
		}
	}
	sort.Slice(cs, func(i, j int) bool {
		if cs[i].rank != cs[j].rank {
			return cs[i].rank < cs[j].rank
		}
		if len(cs[i].name) != len(cs[j].name) {
			return len(cs[i].name) < len(cs[j].name)
		}
		return cs[i].name < cs[j].name
	})
	// The same name in another case says it all, and names that merely
	// contain the target only help when nothing is closer.
	contains := 2 + limit + 1
	if len(cs) > 0 && cs[0].rank < contains {
		best := contains
		if cs[0].rank == 0 {
			best = 1
		}
		n := 0
		for n < len(cs) && cs[n].rank < best {
			n++
		}
		cs = cs[:n]
	}
	var out []string
	for i := 0; i < len(cs) && i < max; i++ {
		out = append(out, cs[i].name)
	}
	return out
}

// editDistance is the optimal-string-alignment distance between a and b,
// in runes: insertions, deletions, substitutions and swaps of two adjacent
// runes ("Trian" for "Train") each count one.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	// d[i][j] is the distance between ra[:i] and rb[:j].
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}

// undefinedMethodRE matches yaegi's messages for a selector that names no
// field or method of its operand ("method" for fields too, and "selector"
// for types declared in cells).
var undefinedMethodRE = regexp.MustCompile(`undefined (?:method|selector):? ([\pL_][\pL\pN_]*)(\.[\pL_][\pL\pN_]*)?`)

// explainMember rewrites yaegi's "undefined method: name" in e into
// "undefined field or method: name" and, when the operand is a variable
// of an earlier cell, says its type and suggests the closest of its
// fields and methods.
func (s *Session) explainMember(c *chunk, e *Error) {
	m := undefinedMethodRE.FindStringSubmatch(e.Value)
	if m == nil {
		return
	}
	if m[2] != "" {
		// pkg.Member, of a package the interpreter compiles from source
		// (yaegi's generic standard library), or of a struct variable.
		if path, ok := s.state.imports[m[1]]; ok {
			e.setValue(strings.Replace(e.Value, m[0], missingMember(m[1], path, m[2][1:]), 1))
			return
		}
	}
	member := m[1]
	msg := "undefined field or method: " + member
	if stream := stdStreamOperand(c, member); stream != "" {
		// petridish: os.Stdout.WriteString(s), out.Sync() of an `out :=
		// os.Stdout`: in cells the standard streams are the Session's
		// (its output, its input), not *os.File values.
		if _, ok := reflect.TypeFor[*os.File]().MethodByName(member); ok {
			msg += fmt.Sprintf(" (%s in cells is the Session's stream, an %s without the methods of *os.File", stream, streamInterface(stream))
			if stream == "os.Stdin" {
				msg += ": read it with bufio.NewScanner(os.Stdin) or fmt.Scan)"
			} else {
				msg += fmt.Sprintf(": write with fmt.Fprint(%s, ...) or io.WriteString(%s, s))", stream, stream)
			}
			e.setValue(strings.Replace(e.Value, m[0], msg, 1))
			return
		}
	}
	if v, t, ok := s.selectorOperand(c, member); ok {
		// Methods declared in cells are invisible to reflection.
		names := fieldsAndMethods(t)
		typ := s.typeName(t)
		if d, ok := s.state.decls[v]; ok && d.typ != "" {
			// A cell type: reflection knows none of its methods.
			names = append(names, s.state.methods[d.typ]...)
			typ = d.typ
		}
		if near := closestNames(member, names, 3); len(near) > 0 {
			for i := range near {
				near[i] = v + "." + near[i]
			}
			msg += fmt.Sprintf(" (%s is %s %s; did you mean %s?)", v, article(typ), typ, strings.Join(near, ", "))
		} else {
			msg += fmt.Sprintf(" (%s is %s %s, which has no field or method %s)", v, article(typ), typ, member)
		}
	}
	e.setValue(strings.Replace(e.Value, m[0], msg, 1))
}

// stdStreamOperand returns "os.Stdout", "os.Stderr" or "os.Stdin" when c
// has a selector x.member whose operand x is that variable of package os,
// or a name the chunk defines or assigns from it (`out := os.Stdout`);
// "" otherwise.
func stdStreamOperand(c *chunk, member string) string {
	stream := func(x ast.Expr) string {
		if sel, ok := x.(*ast.SelectorExpr); ok {
			if pkg, ok := sel.X.(*ast.Ident); ok && pkg.Name == "os" {
				switch sel.Sel.Name {
				case "Stdout", "Stderr", "Stdin":
					return "os." + sel.Sel.Name
				}
			}
		}
		return ""
	}
	var operand ast.Expr
	from := map[string]string{} // names assigned a stream
	c.inspect(func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			if operand == nil && n.Sel.Name == member {
				operand = n.X
			}
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				for i, l := range n.Lhs {
					if id, ok := l.(*ast.Ident); ok {
						if st := stream(n.Rhs[i]); st != "" {
							from[id.Name] = st
						}
					}
				}
			}
		case *ast.ValueSpec:
			if len(n.Names) == len(n.Values) {
				for i, id := range n.Names {
					if st := stream(n.Values[i]); st != "" {
						from[id.Name] = st
					}
				}
			}
		}
		return true
	})
	if operand == nil {
		return ""
	}
	if st := stream(operand); st != "" {
		return st
	}
	if id, ok := operand.(*ast.Ident); ok {
		return from[id.Name]
	}
	return ""
}

// streamInterface names the interface a standard stream of cells is.
func streamInterface(stream string) string {
	if stream == "os.Stdin" {
		return "io.Reader"
	}
	return "io.Writer"
}

// selectorOperand finds in c a selector x.member whose operand x is a
// variable declared by an earlier cell, or a chain of its fields (v.A.B),
// and returns x as written and its type.
func (s *Session) selectorOperand(c *chunk, member string) (string, reflect.Type, bool) {
	var x ast.Expr
	visit := func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok && x == nil && sel.Sel.Name == member {
			x = sel.X
		}
		return x == nil
	}
	c.inspect(visit)
	var path []string
	for x != nil {
		switch e := x.(type) {
		case *ast.Ident:
			path = append([]string{e.Name}, path...)
			x = nil
		case *ast.SelectorExpr:
			path = append([]string{e.Sel.Name}, path...)
			x = e.X
		default:
			return "", nil, false
		}
	}
	if len(path) == 0 {
		return "", nil, false
	}
	var t reflect.Type
	if val, ok := s.interp.Globals()[path[0]]; ok && val.IsValid() {
		t = val.Type()
	} else if t = s.definedInChunk(c, path[0]); t == nil {
		return "", nil, false
	}
	for _, f := range path[1:] {
		if t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct {
			return "", nil, false
		}
		sf, ok := t.FieldByName(f)
		if !ok {
			return "", nil, false
		}
		t = sf.Type
	}
	return strings.Join(path, "."), t, true
}

// definedInChunk returns the type of variable name when chunk c defines
// it from an expression whose type the source tells (exprType: `tp :=
// autodiff.NewTape()`, `p := plot.XY{}`), which the interpreter has not
// made yet when the chunk fails to compile; nil when c does not, or the
// type is not known.
func (s *Session) definedInChunk(c *chunk, name string) reflect.Type {
	var rhs ast.Expr
	c.inspect(func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if n.Tok == token.DEFINE && len(n.Lhs) == len(n.Rhs) {
				for i, l := range n.Lhs {
					if id, ok := l.(*ast.Ident); ok && id.Name == name && rhs == nil {
						rhs = n.Rhs[i]
					}
				}
			}
		case *ast.ValueSpec:
			if len(n.Names) == len(n.Values) {
				for i, id := range n.Names {
					if id.Name == name && rhs == nil {
						rhs = n.Values[i]
					}
				}
			}
		}
		return rhs == nil
	})
	if rhs == nil {
		return nil
	}
	return s.exprType(rhs)
}

// exprType returns the type of expression e when the source alone tells
// it and it is not a cell type: a literal (an untyped constant's default
// type), a conversion to or composite literal of a predeclared type, a
// slice or map of those, or of a compiled package's type, and a call of a
// compiled package's function with one result; nil otherwise.
func (s *Session) exprType(e ast.Expr) reflect.Type {
	switch e := e.(type) {
	case *ast.ParenExpr:
		return s.exprType(e.X)
	case *ast.BasicLit:
		switch e.Kind {
		case token.INT:
			return basicTypes["int"]
		case token.FLOAT:
			return basicTypes["float64"]
		case token.IMAG:
			return basicTypes["complex128"]
		case token.CHAR:
			return basicTypes["rune"]
		case token.STRING:
			return basicTypes["string"]
		}
	case *ast.Ident:
		if e.Name == "true" || e.Name == "false" {
			return basicTypes["bool"]
		}
	case *ast.UnaryExpr:
		switch e.Op {
		case token.SUB, token.ADD, token.XOR, token.NOT:
			return s.exprType(e.X)
		case token.AND:
			if lit, ok := e.X.(*ast.CompositeLit); ok {
				if t := s.typeExprType(lit.Type); t != nil {
					return reflect.PointerTo(t)
				}
			}
		}
	case *ast.CompositeLit:
		return s.typeExprType(e.Type)
	case *ast.FuncLit:
		// `loss := func(x float64) float64 {...}` run again with a new
		// body: the functions of earlier cells that call loss see it.
		return s.typeExprType(e.Type)
	case *ast.CallExpr:
		if len(e.Args) == 1 {
			if t := s.typeExprType(e.Fun); t != nil {
				return t // a conversion
			}
		}
		if f, ok := s.compiledMember(e.Fun); ok && f.Kind() == reflect.Func && f.Type().NumOut() == 1 {
			return f.Type().Out(0)
		}
		if id, ok := e.Fun.(*ast.Ident); ok {
			return s.cellFuncResult(id.Name)
		}
	}
	return nil
}

// cellFuncResult returns the result type of function name of the cells
// when it has one result whose type typeExprType knows; nil otherwise.
func (s *Session) cellFuncResult(name string) reflect.Type {
	d := s.state.recordedFunc(name)
	if d == nil || d.Recv != nil || d.Type.TypeParams != nil || d.Type.Results == nil || len(d.Type.Results.List) != 1 || len(d.Type.Results.List[0].Names) > 1 {
		return nil
	}
	return s.typeExprType(d.Type.Results.List[0].Type)
}

// typeExprType returns the type that type expression e denotes when it
// is predeclared, a compiled package's, or a slice, array, map or pointer
// of those; nil otherwise.
func (s *Session) typeExprType(e ast.Expr) reflect.Type {
	switch e := e.(type) {
	case *ast.Ident:
		if _, shadowed := s.state.decls[e.Name]; !shadowed {
			return basicTypes[e.Name]
		}
	case *ast.SelectorExpr:
		return s.compiledType(e)
	case *ast.StarExpr:
		if t := s.typeExprType(e.X); t != nil {
			return reflect.PointerTo(t)
		}
	case *ast.ArrayType:
		t := s.typeExprType(e.Elt)
		if t == nil {
			return nil
		}
		if e.Len == nil {
			return reflect.SliceOf(t)
		}
		if n, ok := e.Len.(*ast.BasicLit); ok && n.Kind == token.INT {
			if k, err := strconv.Atoi(n.Value); err == nil {
				return reflect.ArrayOf(k, t)
			}
		}
	case *ast.MapType:
		k, v := s.typeExprType(e.Key), s.typeExprType(e.Value)
		if k != nil && v != nil && k.Comparable() {
			return reflect.MapOf(k, v)
		}
	case *ast.FuncType:
		if e.TypeParams != nil {
			return nil
		}
		in, variadic, ok := s.fieldTypes(e.Params)
		if !ok {
			return nil
		}
		out, _, ok := s.fieldTypes(e.Results)
		if !ok {
			return nil
		}
		return reflect.FuncOf(in, out, variadic)
	}
	return nil
}

// fieldTypes returns the types of a function's parameters or results
// when typeExprType knows them all, and whether the last is variadic.
func (s *Session) fieldTypes(fl *ast.FieldList) (types []reflect.Type, variadic, ok bool) {
	if fl == nil {
		return nil, false, true
	}
	for _, f := range fl.List {
		te := f.Type
		if el, ok := te.(*ast.Ellipsis); ok {
			variadic = true
			te = &ast.ArrayType{Elt: el.Elt}
		}
		t := s.typeExprType(te)
		if t == nil {
			return nil, false, false
		}
		for range max(len(f.Names), 1) {
			types = append(types, t)
		}
	}
	return types, variadic, true
}

// compiledMember returns the member of a compiled package that e, a
// selector pkg.Name of a package the cells import, denotes.
func (s *Session) compiledMember(e ast.Expr) (reflect.Value, bool) {
	sel, ok := e.(*ast.SelectorExpr)
	if !ok {
		return reflect.Value{}, false
	}
	path, ok := s.stdPackageOf(sel.X)
	if !ok {
		return reflect.Value{}, false
	}
	v, ok := exportsOf(path)[sel.Sel.Name]
	return v, ok && v.IsValid()
}

// compiledType returns the type that e, a selector pkg.Name, denotes when
// it names a type of a compiled package (its symbol table holds types as
// nil pointers, variables as non-nil ones); nil otherwise.
func (s *Session) compiledType(e ast.Expr) reflect.Type {
	if v, ok := s.compiledMember(e); ok && v.Kind() == reflect.Pointer && v.IsNil() {
		return v.Type().Elem()
	}
	return nil
}

// explainInference adds to a type mismatch or an undefined type
// parameter in e, in a chunk that calls a generic function (of an earlier
// cell, or of slices, maps or cmp) without type arguments, that the
// interpreter may have inferred them wrongly (yaegi v0.16.1 takes every
// type parameter from the first argument that mentions one, and cannot
// infer one from a variadic list of slices), and how to give them.
func (s *Session) explainInference(c *chunk, e *Error) {
	if !strings.Contains(e.Value, "cannot use ") && !strings.Contains(e.Value, "undefined type for") {
		return
	}
	// petridish: for "undefined type for T", the first call of a
	// function with a type parameter T; the first generic call was named
	// (slices.Sort, for a failure in a call of the cell's Keys[T]).
	param := ""
	if m := undefinedTypeParamRE.FindStringSubmatch(e.Value); m != nil {
		param = m[1]
	}
	var fn, first string
	visit := func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok && fn == "" {
			if _, explicit := call.Fun.(*ast.IndexExpr); explicit {
				return true
			}
			name, ok := s.genericCallee(call)
			if id, isIdent := call.Fun.(*ast.Ident); !ok && isIdent {
				// A generic function the failing chunk declares.
				name, ok = id.Name, len(s.typeParamsOf(c, id.Name)) > 0
			}
			if ok && name != "min" && name != "max" {
				if first == "" {
					first = name
				}
				if param == "" || slices.Contains(s.typeParamsOf(c, name), param) {
					fn = name
				}
			}
		}
		return fn == ""
	}
	c.inspect(visit)
	if fn == "" {
		fn = first
	}
	if fn == "" {
		return
	}
	e.setValue(e.Value + fmt.Sprintf(" (the interpreter may have inferred the type arguments of %s wrongly: write them out, %s[T1, T2, ...](...))", fn, fn))
}

// undefinedTypeParamRE matches yaegi's message for a type parameter it
// could not infer.
var undefinedTypeParamRE = regexp.MustCompile(`undefined type for ([\pL_][\pL\pN_]*)`)

// typeParamsOf returns the names of the type parameters of function name,
// declared in chunk c or by an earlier cell; nil when it knows none.
func (s *Session) typeParamsOf(c *chunk, name string) []string {
	var fd *ast.FuncDecl
	for _, d := range c.decls {
		if f, ok := d.(*ast.FuncDecl); ok && f.Recv == nil && f.Name.Name == name {
			fd = f
		}
	}
	if fs, ok := s.state.funcs[name]; fd == nil && ok {
		if f, err := parser.ParseFile(token.NewFileSet(), "", "package p\n"+fs.src, 0); err == nil {
			for _, d := range f.Decls {
				if g, ok := d.(*ast.FuncDecl); ok && g.Recv == nil && g.Name.Name == name {
					fd = g
				}
			}
		}
	}
	if fd == nil || fd.Type.TypeParams == nil {
		return nil
	}
	var names []string
	for _, f := range fd.Type.TypeParams.List {
		for _, n := range f.Names {
			names = append(names, n.Name)
		}
	}
	return names
}

// unfoundImportRE matches yaegi's message for an import path that is
// neither compiled in nor found under its GoPath.
var unfoundImportRE = regexp.MustCompile(`import "([^"]+)" error: unable to find source related to: "[^"]+"(\. Either the GOPATH environment variable, or the Interpreter\.Options\.GoPath needs to be set)?`)

// explainImport rewrites yaegi's complaint about a package it cannot find
// into what cells can import and how to fetch the package, and, when the
// working directory is in a Go module, why that module did not provide it.
func (s *Session) explainImport(msg string) string {
	return unfoundImportRE.ReplaceAllStringFunc(msg, func(m string) string {
		path := unfoundImportRE.FindStringSubmatch(m)[1]
		// petridish: a standard package left out of cells on purpose
		// cannot be fetched; the advice to %go get it was wrong.
		if why, ok := leftOutStd[path]; ok {
			return fmt.Sprintf("cannot import %q: the standard package %s is not available in cells (%s)", path, path, why)
		}
		if mod, ok := workingModule(); ok && provides(mod.path, path) {
			dir, _ := within(path, mod)
			return fmt.Sprintf("cannot import %q: the working directory is in module %s (%s), which has no package in %s", path, mod.path, mod.dir, dir)
		}
		return fmt.Sprintf(`cannot import %q: cells import the standard library, the packages compiled into petridish (petri/..., gonum, gonum/plot, dsl/display), the packages of the Go module the working directory is in and of the modules it requires, and pure-Go packages fetched with %%go get; run %%go get %s to fetch it`, path, path) + s.srcFS.explainUnfound(path)
	})
}

// leftOutStd are the standard packages that cells cannot import (the
// interpreter keeps them for unrestricted use, or they need the
// compiler), with what to use instead.
var leftOutStd = map[string]string{
	"os/exec":          "run commands with a !command line or a %%bash cell",
	"syscall":          "the os and os/signal packages cover its common uses: os.Getpid, signal.Notify(c, os.Interrupt)",
	"unsafe":           "interpreted code has no unsafe pointers",
	"embed":            "//go:embed needs the compiler: read the files with os.ReadFile",
	"plugin":           "interpreted code loads no plugins",
	"testing/synctest": "it needs a *testing.T",
}

// article returns the indefinite article for a type's name: "an int",
// "a *autodiff.Tape".
func article(typ string) string {
	if typ != "" && strings.ContainsRune("aeiouAEIOU", rune(typ[0])) {
		return "an"
	}
	return "a"
}
