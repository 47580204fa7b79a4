package dsl

import (
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"strconv"
	"strings"
)

// cellScope is what the cell being edited declares before the cursor, as
// completion and inspection see it before the cell runs: the names in
// scope at the cursor and how each was declared, from parsing the cell's
// text.
type cellScope struct {
	names   map[string]*localName
	methods map[string][]*ast.FuncDecl // receiver type name -> methods
	imports map[string]string          // package name -> import path
}

// localName is one declaration of the cell being edited.
type localName struct {
	kind    string        // "var", "const", "type" or "func"
	typ     ast.Expr      // the type written in the declaration, if any
	val     ast.Expr      // the expression the name was defined from
	idx     int           // which of val's values (v, err := f())
	rangeOf bool          // val is a range clause's expression: idx 0 key, 1 value
	spec    *ast.TypeSpec // for a type
	fn      *ast.FuncDecl // for a function
	prev    *localName    // the declaration of the same name it shadows
	busy    bool          // being resolved (x := x.Next())
}

func newCellScope() *cellScope {
	return &cellScope{names: map[string]*localName{}, methods: map[string][]*ast.FuncDecl{}, imports: map[string]string{}}
}

// parseCellScope parses code, the cell being edited, before the line of
// byte offset off. Lines that do not parse are dropped from the end until
// the rest does; brackets still open at the cut are closed, so that the
// declarations of an enclosing function or block count.
func parseCellScope(code string, off int) *cellScope {
	cut := strings.LastIndexByte(code[:off], '\n') + 1
	// Statements before a ';' on the cursor's line count too, and so do
	// the parameters of a function, or the clause of a for, opened by a
	// '{' on it (func g(aParam int) { aPa).
	if semi := lastStatementBreak(code[cut:off]); semi >= 0 {
		if sc, ok := parseScopeOf(code[:cut+semi+1]); ok {
			return sc
		}
	}
	for tries := 0; cut > 0 && tries < 32; tries++ {
		if sc, ok := parseScopeOf(code[:cut]); ok {
			return sc
		}
		cut = strings.LastIndexByte(code[:cut-1], '\n') + 1
	}
	return newCellScope()
}

// lastStatementBreak returns the offset of the last ';' or '{' token in
// line, after which a statement may start, or -1.
func lastStatementBreak(line string) int {
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(line))
	var s scanner.Scanner
	s.Init(file, []byte(line), func(token.Position, string) {}, 0)
	last := -1
	for {
		pos, t, lit := s.Scan()
		if t == token.EOF {
			return last
		}
		if t == token.SEMICOLON && lit == ";" || t == token.LBRACE {
			last = file.Offset(pos)
		}
	}
}

// parseScopeOf collects the declarations of src, which ends at the start
// of the cursor's line.
func parseScopeOf(src string) (*cellScope, bool) {
	closers, ok := closingBrackets(src)
	if !ok {
		return nil, false
	}
	full := src + closers
	items, err := splitItems(full)
	if err != nil {
		return nil, false
	}
	sc := newCellScope()
	fset := token.NewFileSet()
	for _, it := range items {
		text := full[it.start:it.end]
		var prefix, suffix string
		switch {
		case it.kind == itemImport || it.stmt == nil:
			prefix = "package p;"
		default:
			prefix, suffix = "package p; func _() {", "\n}"
		}
		f, err := parser.ParseFile(fset, "", prefix+text+suffix, parser.SkipObjectResolution)
		if err != nil {
			return nil, false
		}
		tf := fset.File(f.Package)
		start := it.start
		// closed reports whether the node ending at end ends before the
		// cursor's line, in the text of the cell.
		closed := func(end token.Pos) bool {
			return tf.Offset(end)-len(prefix)+start <= len(src)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			name := pkgNameOf(path)
			if imp.Name != nil {
				name = imp.Name.Name
			}
			sc.imports[name] = path
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Name.Name == "_" && suffix != "" {
					for _, st := range d.Body.List {
						sc.walk(st, closed)
					}
					continue
				}
				sc.walk(d, closed)
			}
		}
	}
	return sc, true
}

// closingBrackets returns the brackets that close those left open at the
// end of src, or false when src ends inside a string or comment.
func closingBrackets(src string) (string, bool) {
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	broken := false
	var s scanner.Scanner
	s.Init(file, []byte(src), func(token.Position, string) { broken = true }, 0)
	var open []token.Token
	for {
		_, t, _ := s.Scan()
		switch t {
		case token.EOF:
			if broken {
				return "", false
			}
			var b strings.Builder
			for i := len(open) - 1; i >= 0; i-- {
				b.WriteString("\n")
				b.WriteString(map[token.Token]string{token.LPAREN: ")", token.LBRACK: "]", token.LBRACE: "}"}[open[i]])
			}
			return b.String(), true
		case token.LPAREN, token.LBRACK, token.LBRACE:
			open = append(open, t)
		case token.RPAREN, token.RBRACK, token.RBRACE:
			if len(open) == 0 {
				return "", false
			}
			open = open[:len(open)-1]
		}
	}
}

// add declares name.
func (sc *cellScope) add(name string, n *localName) {
	if name == "_" || name == "" {
		return
	}
	n.prev = sc.names[name]
	sc.names[name] = n
}

// addFields declares the named parameters (or results) of fl.
func (sc *cellScope) addFields(fl *ast.FieldList) {
	if fl == nil {
		return
	}
	for _, f := range fl.List {
		for _, n := range f.Names {
			sc.add(n.Name, &localName{kind: "var", typ: f.Type})
		}
	}
}

// walk collects the declarations of n that are in scope after it: those
// of blocks and statements that closed before the cursor's line are not.
func (sc *cellScope) walk(n ast.Node, closed func(token.Pos) bool) {
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			if n.Recv != nil && len(n.Recv.List) == 1 {
				if t := baseTypeName(n.Recv.List[0].Type); t != "" {
					sc.methods[t] = append(sc.methods[t], n)
				}
			} else {
				sc.add(n.Name.Name, &localName{kind: "func", fn: n})
			}
			if n.Body == nil || closed(n.Body.End()) {
				return false
			}
			sc.addFields(n.Recv)
			sc.addFields(n.Type.Params)
			sc.addFields(n.Type.Results)
			for _, st := range n.Body.List {
				sc.walk(st, closed)
			}
			return false
		case *ast.FuncLit:
			if closed(n.Body.End()) {
				return false
			}
			sc.addFields(n.Type.Params)
			sc.addFields(n.Type.Results)
			return true
		case *ast.BlockStmt, *ast.IfStmt, *ast.ForStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt, *ast.CaseClause, *ast.CommClause:
			return !closed(n.End())
		case *ast.RangeStmt:
			if closed(n.End()) {
				return false
			}
			if n.Tok == token.DEFINE {
				for i, e := range []ast.Expr{n.Key, n.Value} {
					if id, ok := e.(*ast.Ident); ok {
						sc.add(id.Name, &localName{kind: "var", val: n.X, idx: i, rangeOf: true})
					}
				}
			}
			return true
		case *ast.AssignStmt:
			if n.Tok != token.DEFINE {
				return true
			}
			// The values are resolved before the names are declared.
			for _, r := range n.Rhs {
				sc.walk(r, closed)
			}
			for i, l := range n.Lhs {
				id, ok := l.(*ast.Ident)
				if !ok {
					continue
				}
				ln := &localName{kind: "var"}
				ln.val, ln.idx = nthValue(n.Rhs, len(n.Lhs), i)
				sc.add(id.Name, ln)
			}
			return false
		case *ast.GenDecl:
			for _, spec := range n.Specs {
				switch spec := spec.(type) {
				case *ast.TypeSpec:
					sc.add(spec.Name.Name, &localName{kind: "type", spec: spec})
				case *ast.ValueSpec:
					for _, v := range spec.Values {
						sc.walk(v, closed)
					}
					kind := "var"
					if n.Tok == token.CONST {
						kind = "const"
					}
					for i, id := range spec.Names {
						ln := &localName{kind: kind, typ: spec.Type}
						ln.val, ln.idx = nthValue(spec.Values, len(spec.Names), i)
						sc.add(id.Name, ln)
					}
				}
			}
			return false
		}
		return true
	})
}

// topLevelNames returns the functions and types declared at the top level
// anywhere in code, leaving out an identifier that touches byte offset
// off (the word being typed).
func topLevelNames(code string, off int) []string {
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(code))
	var s scanner.Scanner
	s.Init(file, []byte(code), nil, 0)
	var out []string
	depth := 0
	prev := token.ILLEGAL
	for {
		pos, t, lit := s.Scan()
		switch t {
		case token.EOF:
			return out
		case token.LPAREN, token.LBRACK, token.LBRACE:
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			depth--
		case token.IDENT:
			o := file.Offset(pos)
			if depth == 0 && (prev == token.FUNC || prev == token.TYPE) && (off < o || off > o+len(lit)) {
				out = append(out, lit)
			}
		}
		prev = t
	}
}

// nthValue returns what gives the i-th of n names defined together its
// value: its own expression of values, or the one multi-valued expression
// and the index of the value in it; nil when values is neither.
func nthValue(values []ast.Expr, n, i int) (ast.Expr, int) {
	switch {
	case len(values) == n:
		return values[i], 0
	case len(values) == 1:
		return values[0], i
	}
	return nil, 0
}
