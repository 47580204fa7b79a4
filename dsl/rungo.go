package dsl

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/scanner"
	"go/token"
	"slices"
	"strconv"
	"strings"
)

// chunk is a run of items of one kind, evaluated by one interpreter call.
type chunk struct {
	kind   itemKind
	text   string // source text of the items
	off    int    // byte offset of text in the part
	dir    string // line directive giving text its cell position
	fset   *token.FileSet
	line   int // cell line and column where text starts
	col    int
	decls  []ast.Decl // for itemDecl and itemImport
	stmts  []ast.Stmt // for itemStmt
	result bool       // a final expression whose value is the cell's result
	values bool       // the result is a list of values, a, b (see splitValueList)
	alone  bool       // no other item may join this chunk
	orig   string     // text before the rewrites (set when the chunk runs)
	// assigned holds the variables of earlier cells that `x := v`
	// statements of the chunk assign rather than define (rewrite).
	assigned map[string]bool
}

// inspect walks c's declarations, then its statements, with ast.Inspect.
func (c *chunk) inspect(visit func(ast.Node) bool) {
	for _, d := range c.decls {
		ast.Inspect(d, visit)
	}
	for _, st := range c.stmts {
		ast.Inspect(st, visit)
	}
}

// source returns c's text preceded by the line directive that keeps its
// cell positions.
func (c *chunk) source() string { return c.dir + c.text }

// statementSource is source for running c. yaegi reads source whose first
// token is func or var as declarations of a file: a var plan moved among
// statements (readsEarlierVar) would fail again, and statements after a
// leading `func() {...}()` (a rewrite's, or the cell's) would become
// locals of a function, so that `x := 1` after it defined nothing. An
// empty statement first makes yaegi read the chunk as statements.
func (c *chunk) statementSource() string {
	if c.kind == itemStmt {
		var sc scanner.Scanner
		fset := token.NewFileSet()
		sc.Init(fset.AddFile("", fset.Base(), len(c.text)), []byte(c.text), nil, 0)
		if _, tok, _ := sc.Scan(); tok == token.FUNC || tok == token.VAR {
			return ";" + c.source()
		}
	}
	return c.source()
}

// offset returns the byte offset in c's text, as it was parsed (before the
// rewrites), of position p of c's parse.
func (c *chunk) offset(p token.Pos) int {
	prefix := len(c.parseSource()) - len(c.text)
	if c.kind == itemStmt {
		prefix -= len("\n}")
	}
	return c.fset.Position(p).Offset - prefix
}

// directiveAt returns a line directive that places the code after it at
// position p of c's cell.
func (c *chunk) directiveAt(p token.Pos) string {
	ps := c.fset.Position(p)
	return fmt.Sprintf("/*line _.go:%d:%d*/", ps.Line, ps.Column)
}

// parseSource returns the file that our parser sees for c, wrapped the
// way yaegi wraps it: statements go into func main, declarations into
// package main.
func (c *chunk) parseSource() string {
	if c.kind == itemStmt {
		return "package main; func main() {" + c.source() + "\n}"
	}
	return "package main;" + c.source()
}

// runGo runs one Go part of a cell. line is the part's first cell line.
// When last is true, the value of a final expression statement becomes the
// result.
func (s *Session) runGo(ctx context.Context, name, text string, line int, last bool) (*Result, error) {
	chunks, err := s.plan(name, text, line, last)
	if err != nil {
		return nil, err
	}
	imports, err := s.autoImports(name, chunks)
	if err != nil {
		return nil, err
	}
	if err := s.checkTypes(name, chunks); err != nil {
		return nil, err
	}
	for _, spec := range imports {
		if err := s.importSpec(ctx, name, spec, nil); err != nil {
			return nil, err
		}
	}
	defer s.flushOldValueNotes()
	res := &Result{}
	ranBefore := 0      // the line of the first chunk not yet run, when statements ran
	declaredBefore := 0 // and when declarations did
	for _, c := range chunks {
		if err := s.runChunk(ctx, name, c, res); err != nil {
			if e, ok := err.(*Error); ok && e.Name == "compile error" {
				// Go compiles a whole program before running any of it;
				// a cell runs chunk by chunk, so say what ran already.
				switch {
				case ranBefore > 0:
					e.setValue(e.Value + fmt.Sprintf(" (the statements of this cell before line %d ran before this error)", ranBefore))
				case declaredBefore > 0:
					// A type changed, a function redefined: they stay.
					e.setValue(e.Value + fmt.Sprintf(" (the declarations of this cell before line %d took effect before this error)", declaredBefore))
				}
			}
			return nil, err
		}
		end := c.line + strings.Count(c.orig, "\n") + 1
		switch c.kind {
		case itemStmt:
			ranBefore = end
		case itemDecl:
			declaredBefore = end
		}
	}
	return res, nil
}

// runChunk rewrites and runs chunk c of cell name, setting res's value
// when c is the cell's result.
func (s *Session) runChunk(ctx context.Context, name string, c *chunk, res *Result) error {
	// Rewritten just before it runs: some rewrites look at the
	// variables the chunks before it defined.
	c.orig = c.text
	s.rewrite(c)
	switch {
	case c.kind == itemImport:
		for _, d := range c.decls {
			for _, sp := range d.(*ast.GenDecl).Specs {
				if err := s.importSpec(ctx, name, sp.(*ast.ImportSpec), c); err != nil {
					return err
				}
			}
		}
	case c.result:
		data, md, err := s.evalResult(ctx, c)
		if err != nil {
			return err
		}
		res.Data, res.Metadata = data, md
	default:
		restore := s.forgetChangedTypes(c)
		if _, err := s.eval(ctx, c.statementSource()); err != nil {
			handled, gerr := s.genericDefinition(ctx, c, c.orig, err)
			if !handled || gerr != nil {
				for _, r := range restore {
					r()
				}
			}
			if !handled {
				err = s.explainVague(c, err)
				if c.kind == itemDecl {
					s.undoFailedFuncs(ctx, name, c)
				}
				return err
			}
			if gerr != nil {
				return gerr
			}
		}
		redefined := s.recordDecls(c)
		if len(redefined) > 0 {
			s.refreshCallers(ctx, c, redefined)
		}
	}
	return nil
}

// ensureImports auto-imports the packages that text uses, for code that
// magics compile in a wrapper of their own.
func (s *Session) ensureImports(ctx context.Context, name, text string, line int) error {
	chunks, err := s.plan(name, text, line, false)
	if err != nil {
		return err
	}
	imports, err := s.autoImports(name, chunks)
	if err != nil {
		return err
	}
	for _, sp := range imports {
		if err := s.importSpec(ctx, name, sp, nil); err != nil {
			return err
		}
	}
	return nil
}

// plan splits text into chunks and parses them, so that a syntax error
// anywhere stops the cell before any of it runs.
func (s *Session) plan(name, text string, line int, last bool) ([]*chunk, error) {
	items, err := splitItems(text)
	tupleAt := -1
	if err != nil && last {
		text, items, tupleAt, err = s.splitValueList(name, text, line, err.(scanner.ErrorList))
	}
	if err != nil {
		return nil, s.syntaxError(name, err.(scanner.ErrorList), line)
	}
	var chunks []*chunk
	cellGenerics := genericFuncsOf(text)
	// Variables defined by the chunks before the last one, and by the last.
	earlier, current := map[string]bool{}, map[string]bool{}
	for i, it := range items {
		if n := len(chunks); it.kind == itemDecl && n > 0 && chunks[n-1].kind != itemDecl {
			for name := range current { // the last chunk runs before this one
				earlier[name] = true
			}
		}
		if it.kind == itemDecl && s.readsEarlierVar(it.stmt, earlier) {
			it.kind = itemStmt // see readsEarlierVar
		}
		isResult := last && i == len(items)-1 && it.kind == itemStmt && !it.explicitSemi
		// A definition from a generic call runs in a chunk of its own
		// (see genericDefinition).
		alone := isResult || it.kind == itemStmt && s.definesFromGeneric(text[it.start:it.end], cellGenerics)
		if n := len(chunks); n > 0 && chunks[n-1].kind == it.kind && it.kind != itemImport && !alone && !chunks[n-1].alone {
			prev := chunks[n-1]
			prev.text = text[prev.off:it.end]
			definedVars(it.stmt, current)
			prev.alone = prev.alone || s.definesEarlierVar(it)
			continue
		}
		for name := range current {
			earlier[name] = true
		}
		clear(current)
		definedVars(it.stmt, current)
		before := text[:it.start]
		ch := &chunk{
			kind:   it.kind,
			text:   text[it.start:it.end],
			off:    it.start,
			line:   line + strings.Count(before, "\n"),
			col:    it.start - strings.LastIndex(before, "\n"),
			result: isResult,
			alone:  alone || s.definesEarlierVar(it),
			values: isResult && it.start == tupleAt,
		}
		chunks = append(chunks, ch)
	}
	for _, c := range chunks {
		c.dir = s.directive(name, c.line, c.col)
		if err := s.parseChunk(name, c); err != nil {
			return nil, err
		}
		if c.result {
			if _, ok := c.stmts[len(c.stmts)-1].(*ast.ExprStmt); !ok || len(c.stmts) != 1 {
				c.result = false
			}
		}
	}
	return chunks, nil
}

// definesEarlierVar reports whether statement item it defines again a
// variable of an earlier cell (`m := NewModel(2)`, `var hist []float64`):
// its chunk ends with it, so that the functions of earlier cells that use
// the variable, compiled again when the chunk has run (refreshCallers),
// use the new one in the statements after it (`m := NewModel(2);
// train()` trained the old m).
func (s *Session) definesEarlierVar(it item) bool {
	if it.kind != itemStmt || it.stmt == nil {
		return false
	}
	names := map[string]bool{}
	definedVars(it.stmt, names)
	for name := range names {
		if d, ok := s.state.decls[name]; ok && d.kind == "var" {
			return true
		}
	}
	return false
}

// readsEarlierVar reports whether st is a var declaration whose values
// read a variable that an earlier evaluation defined: one of an earlier
// cell, or of an earlier chunk of this cell (names in earlier). yaegi
// v0.16.1 fails on those at the top level ("variable definition loop":
// `n := 2` then `var m = n`) but not inside a statement chunk, where the
// declaration still defines a variable of the cell's scope; plan moves
// them there.
func (s *Session) readsEarlierVar(st ast.Stmt, earlier map[string]bool) bool {
	ds, ok := st.(*ast.DeclStmt)
	if !ok || ds.Decl.(*ast.GenDecl).Tok != token.VAR {
		return false
	}
	reads := false
	var walk func(n ast.Node) bool
	walk = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			ast.Inspect(n.X, walk) // x.Sel names a field or method, not a variable
			return false
		case *ast.Ident:
			if d, ok := s.state.decls[n.Name]; earlier[n.Name] || ok && d.kind == "var" {
				reads = true
			}
		}
		return !reads
	}
	for _, sp := range ds.Decl.(*ast.GenDecl).Specs {
		for _, v := range sp.(*ast.ValueSpec).Values {
			ast.Inspect(v, walk)
		}
	}
	return reads
}

// definedVars adds to names the variables statement st defines at the
// top level: the names of a := or of a var declaration.
func definedVars(st ast.Stmt, names map[string]bool) {
	switch st := st.(type) {
	case *ast.AssignStmt:
		if st.Tok == token.DEFINE {
			for _, l := range st.Lhs {
				if id, ok := l.(*ast.Ident); ok {
					names[id.Name] = true
				}
			}
		}
	case *ast.DeclStmt:
		if g := st.Decl.(*ast.GenDecl); g.Tok == token.VAR {
			for _, sp := range g.Specs {
				for _, id := range sp.(*ast.ValueSpec).Names {
					names[id.Name] = true
				}
			}
		}
	}
}

// parseChunk parses c and fills its declarations or statements.
func (s *Session) parseChunk(name string, c *chunk) error {
	c.fset = token.NewFileSet()
	f, err := parser.ParseFile(c.fset, "", c.parseSource(), parser.ParseComments)
	if err != nil {
		if el, ok := err.(scanner.ErrorList); ok {
			return s.syntaxError(name, el, 0)
		}
		return s.compileError(err.Error())
	}
	if c.kind == itemStmt {
		c.stmts = f.Decls[0].(*ast.FuncDecl).Body.List
	} else {
		c.decls = f.Decls
	}
	return nil
}

// importSpec imports one package unless the same name already refers to
// the same path. c is the chunk that wrote the import, whose position an
// error names; nil for an import the Session added.
func (s *Session) importSpec(ctx context.Context, name string, sp *ast.ImportSpec, c *chunk) error {
	path, err := strconv.Unquote(sp.Path.Value)
	if err != nil {
		return s.compileError(fmt.Sprintf("bad import path %s", sp.Path.Value))
	}
	local := pkgNameOf(path)
	if sp.Name != nil {
		local = sp.Name.Name
	}
	if local != "_" && local != "." && s.state.imports[local] == path {
		return nil
	}
	if err := s.completeGeneric(path); err != nil {
		return err
	}
	src := "import "
	if sp.Name != nil {
		src += sp.Name.Name + " "
	}
	if c != nil {
		src += c.directiveAt(sp.Path.Pos())
	}
	src += strconv.Quote(path)
	if _, err := s.eval(ctx, src); err != nil {
		if e, ok := err.(*Error); ok && !strings.Contains(e.Value, path) {
			e.Value = fmt.Sprintf("import %q: %s", path, e.Value)
		}
		return err
	}
	if sp.Name == nil {
		// A package's name is its package clause's, which need not be
		// the last element of its path.
		if name, ok := s.interp.PackageName(path); ok && name != "" {
			local = name
		}
	}
	if local != "_" && local != "." {
		s.state.imports[local] = path
	}
	s.documentSource(path)
	return nil
}

// recordDecls remembers the names a successfully evaluated chunk
// declared, which of them are generic, the methods of cell types, and the
// cell type of variables made by `x := T{...}`, `x := &T{...}` or
// `var x T` (for completion of x.), and keeps the source of functions
// (redefine.go). It returns the functions and methods c redefined.
func (s *Session) recordDecls(c *chunk) (redefined []string) {
	st := s.state
	for _, d := range c.decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			key := funcKey(d)
			if fs, ok := s.funcSourceOf(c, d); ok {
				old, had := st.funcs[key]
				switch {
				case had && old.src == fs.src: // the same cell again
				case had:
					redefined = append(redefined, key)
					st.funcs[key] = fs
				default:
					st.funcs[key] = fs
				}
			}
			if d.Recv == nil {
				st.decls[d.Name.Name] = decl{kind: "func", generic: d.Type.TypeParams != nil}
			} else if len(d.Recv.List) == 1 {
				if t := baseTypeName(d.Recv.List[0].Type); t != "" {
					if !slices.Contains(st.methods[t], d.Name.Name) {
						st.methods[t] = append(st.methods[t], d.Name.Name)
					}
					st.recordMethod(t, d)
				}
			}
		case *ast.GenDecl:
			redefined = append(redefined, s.redefinedConsts(d)...)
			redefined = append(redefined, s.redeclaredVars(d)...)
			changed := s.changedTypes(d)
			redefined = append(redefined, changed...)
			s.noteOldValues(changed)
			s.recordGenDecl(d)
		}
	}
	for _, stmt := range c.stmts {
		if ds, ok := stmt.(*ast.DeclStmt); ok { // a var plan moved among statements
			redefined = append(redefined, s.redeclaredVars(ds.Decl.(*ast.GenDecl))...)
			s.recordGenDecl(ds.Decl.(*ast.GenDecl))
			continue
		}
		a, ok := stmt.(*ast.AssignStmt)
		if !ok || a.Tok != token.DEFINE {
			continue
		}
		for i, l := range a.Lhs {
			id, ok := l.(*ast.Ident)
			if !ok {
				continue
			}
			if d, ok := st.decls[id.Name]; ok && d.kind == "var" && !c.assigned[id.Name] && id.Name != "_" && !slices.Contains(redefined, id.Name) {
				// A new x of an earlier cell's x (another type, or one
				// the source does not tell: m := NewModel(2)): the
				// functions of earlier cells that use x are compiled
				// again for it, as for a redefined function; they kept
				// the old x.
				redefined = append(redefined, id.Name)
			}
			st.declare(id.Name, "var", "")
			if len(a.Rhs) == len(a.Lhs) {
				rhs := a.Rhs[i]
				if u, ok := rhs.(*ast.UnaryExpr); ok && u.Op == token.AND {
					rhs = u.X
				}
				if cl, ok := rhs.(*ast.CompositeLit); ok && cl.Type != nil {
					s.setVarType(id.Name, cl.Type)
				}
			}
		}
	}
	s.recordPromoted(c)
	return redefined
}

// redefinedConsts returns the constants of declaration d that an earlier
// cell declared: yaegi compiles a constant's value into the code that
// uses it, so the functions of earlier cells that use one are compiled
// again (refreshCallers), as for a redefined function; `const N = 5`
// after `const N = 3` left getN() returning 3.
func (s *Session) redefinedConsts(d *ast.GenDecl) []string {
	if d.Tok != token.CONST {
		return nil
	}
	var names []string
	for _, sp := range d.Specs {
		for _, id := range sp.(*ast.ValueSpec).Names {
			if old, ok := s.state.decls[id.Name]; ok && old.kind == "const" {
				names = append(names, id.Name)
			}
		}
	}
	return names
}

// redeclaredVars returns the variables of declaration d (`var hist
// []float64` run again) that an earlier cell declared: d makes new ones,
// for which the functions of earlier cells that use them are compiled
// again (refreshCallers); they kept the old.
func (s *Session) redeclaredVars(d *ast.GenDecl) []string {
	if d.Tok != token.VAR {
		return nil
	}
	var names []string
	for _, sp := range d.Specs {
		for _, id := range sp.(*ast.ValueSpec).Names {
			if old, ok := s.state.decls[id.Name]; ok && old.kind == "var" && id.Name != "_" {
				names = append(names, id.Name)
			}
		}
	}
	return names
}

// recordGenDecl records the types, variables and constants d declares.
func (s *Session) recordGenDecl(d *ast.GenDecl) {
	st := s.state
	for _, sp := range d.Specs {
		switch sp := sp.(type) {
		case *ast.TypeSpec:
			st.decls[sp.Name.Name] = decl{kind: "type", src: nodeString(sp), generic: sp.TypeParams != nil}
		case *ast.ValueSpec:
			kind := "var"
			if d.Tok == token.CONST {
				kind = "const"
			}
			for _, n := range sp.Names {
				st.declare(n.Name, kind, "")
				if sp.Type != nil {
					s.setVarType(n.Name, sp.Type)
				}
			}
		}
	}
}

// setVarType records that variable name holds a value of cell type t.
func (s *Session) setVarType(name string, t ast.Expr) {
	if tn := baseTypeName(t); tn != "" {
		if d, ok := s.state.decls[tn]; ok && d.kind == "type" {
			v := s.state.decls[name]
			v.typ = tn
			v.inst = ""
			if d.generic {
				v.inst = instanceSource(t)
			}
			s.state.decls[name] = v
		}
	}
}

// baseTypeName returns T for T, *T, T[K] and *T[K].
func baseTypeName(e ast.Expr) string {
	for {
		switch t := e.(type) {
		case *ast.StarExpr:
			e = t.X
		case *ast.IndexExpr:
			e = t.X
		case *ast.IndexListExpr:
			e = t.X
		case *ast.Ident:
			return t.Name
		default:
			return ""
		}
	}
}

// usesGeneric reports whether e mentions a generic function or type
// declared in a cell.
func (s *Session) usesGeneric(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && s.isGeneric(id) {
			found = true
		}
		return !found
	})
	return found
}

// isGeneric reports whether id names a generic function or type: one
// declared in a cell, or the session's min and max (minmax.go) when no
// cell declared its own.
func (s *Session) isGeneric(id *ast.Ident) bool {
	if d, ok := s.state.decls[id.Name]; ok {
		return d.generic
	}
	return id.Obj == nil && (id.Name == "min" || id.Name == "max")
}

// checkTypes refuses to redefine a type with a different definition: the
// interpreter would silently keep the old one.
func (s *Session) checkTypes(name string, chunks []*chunk) error {
	methods := map[string]string{} // "T.M" -> where the cell declares it
	for _, c := range chunks {
		for _, d := range c.decls {
			if f, ok := d.(*ast.FuncDecl); ok && f.Recv != nil {
				if f.Name.Name == "_" {
					continue // any number of blank methods, as in Go
				}
				// A method declared again in a later cell replaces the
				// old one; twice in one cell it is Go's error.
				key := funcKey(f)
				if at, dup := methods[key]; dup {
					return s.compileError(fmt.Sprintf("%s: method %s already declared at %s", c.posString(f.Name.Pos()), key, at))
				}
				methods[key] = c.posString(f.Name.Pos())
				continue
			}
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.TYPE {
				continue
			}
			for _, sp := range g.Specs {
				ts := sp.(*ast.TypeSpec)
				old, ok := s.state.decls[ts.Name.Name]
				if ok && old.kind == "type" && old.src != nodeString(ts) && (old.generic || ts.TypeParams != nil) {
					return s.compileError(fmt.Sprintf("%s: generic type %s is already declared with a different definition (%s); "+
						"the interpreter cannot change a declared generic type: give the new type another name, or run %%reset to start over",
						c.posString(ts.Pos()), ts.Name.Name, old.src))
				}
			}
		}
	}
	return nil
}

// posString formats the (encoded) cell position of pos, a position in c's
// parsed source; errors built with it go through decodePositions.
func (c *chunk) posString(pos token.Pos) string {
	p := c.fset.Position(pos)
	return fmt.Sprintf("%d:%d", p.Line, p.Column)
}

func nodeString(n ast.Node) string {
	var b strings.Builder
	printer.Fprint(&b, token.NewFileSet(), n)
	return b.String()
}
