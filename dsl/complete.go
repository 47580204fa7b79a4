package dsl

import (
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/petridish-go/petridish/dsl/internal/interpvalue"
)

// Complete returns completions for the identifier before cursor, a Unicode
// code point offset into code, and the code point range [start, end) that
// a match replaces. After `pkg.` it offers the package's members; after
// `x.` the fields and methods of x's type, where x is a variable of the
// session or of code before the cursor, a call, an index expression or a
// composite literal; after `%` the magics; otherwise keywords, builtins,
// package names and the names declared in the session or earlier in code;
// at a key of a struct literal (dish.Config{Se, search.Loop{Init: 10, It),
// the struct's fields not given yet. It offers only names that exist, never the word typed as such.
func (s *Session) Complete(code string, cursor int) (matches []string, start, end int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	off := runeToByte(code, cursor)
	pre := code[:off]
	i := len(pre)
	for i > 0 {
		r, n := utf8.DecodeLastRuneInString(pre[:i])
		if !isIdentRune(r) {
			break
		}
		i -= n
	}
	prefix := pre[i:]
	start = cursor - utf8.RuneCountInString(prefix)
	end = cursor
	var cands []string
	switch {
	case i > 0 && pre[i-1] == '.':
		cands = s.memberCandidates(code, off, pre[:i-1])
	case i > 1 && pre[i-1] == '%' && pre[i-2] == '%' && lineStart(pre, i-2):
		for n := range cellMagics {
			cands = append(cands, n)
		}
	case i > 0 && pre[i-1] == '%' && lineStart(pre, i-1):
		for n := range lineMagics {
			cands = append(cands, n)
		}
	default:
		if s.closed {
			return nil, start, end
		}
		// At a key of a struct literal, its fields: only them once the
		// literal is keyed, else when one matches (T{x could start a
		// value as well).
		if fields, keyed, ok := s.literalKeys(code, off, pre[:i]); ok && (keyed || slices.ContainsFunc(fields, func(f string) bool { return strings.HasPrefix(f, prefix) })) {
			cands = fields
			break
		}
		cands = s.scopeCandidates(code, off)
	}
	seen := map[string]bool{}
	for _, c := range cands {
		if strings.HasPrefix(c, prefix) && !seen[c] && !internalIdent(c) && (token.IsIdentifier(c) || token.IsKeyword(c)) {
			seen[c] = true
			matches = append(matches, c)
		}
	}
	sort.Strings(matches)
	return matches, start, end
}

// lineStart reports whether only blanks precede offset i on its line.
func lineStart(s string, i int) bool {
	j := strings.LastIndexByte(s[:i], '\n')
	return strings.TrimSpace(s[j+1:i]) == ""
}

// exprBefore returns the identifier (or dotted identifiers) ending s.
func exprBefore(s string) string {
	i := len(s)
	for i > 0 {
		r, n := utf8.DecodeLastRuneInString(s[:i])
		if !isIdentRune(r) && r != '.' {
			break
		}
		i -= n
	}
	return s[i:]
}

// memberCandidates lists what may follow `x.`, where x is the operand
// that ends before: the members of a package, or the fields and methods
// of x's type as far as it can be told without running code (see
// resolver); failing that, those of the value of a session variable.
func (s *Session) memberCandidates(code string, off int, before string) []string {
	if s.closed {
		return nil
	}
	x := exprEndingAt(before)
	e, err := parser.ParseExpr(x)
	if x == "" || err != nil {
		return nil
	}
	r := s.newResolver(parseCellScope(code, off))
	if id, ok := e.(*ast.Ident); ok {
		if path, ok := r.pkgPath(id.Name); ok {
			var out []string
			for name := range exportsOf(path) {
				if !strings.HasPrefix(name, "_") {
					out = append(out, name)
				}
			}
			// Generic functions of the standard packages compiled from
			// source (slices.Sorted, sync.OnceValue).
			out = append(out, sourceExports[path]...)
			// Packages imported from source: a module's, %go get's.
			out = append(out, s.sourceMembers(path)...)
			return out
		}
	}
	if t, ok := r.exprType(e, 0); ok {
		if out := r.members(t); len(out) > 0 {
			return out
		}
	}
	if root, _, _ := strings.Cut(x, "."); r.local(root) == nil && x == exprBefore(x) {
		return s.valueMembers(x)
	}
	return nil
}

// valueMembers lists the fields and methods of the dynamic type of the
// value of x, a session variable or a field path from one (v.f.g).
func (s *Session) valueMembers(x string) []string {
	root, rest, _ := strings.Cut(x, ".")
	v, ok := s.interp.Globals()[root]
	if !ok || !v.IsValid() {
		return nil
	}
	var cellMethods []string
	if rest == "" {
		// Methods declared in cells are invisible to reflection.
		cellMethods = s.state.methods[s.state.decls[root].typ]
	}
	for _, f := range strings.Split(rest, ".") {
		if f == "" {
			break
		}
		v = reflect.Indirect(v)
		if v.Kind() == reflect.Interface {
			v = v.Elem()
		}
		v = reflect.Indirect(v)
		if v.Kind() != reflect.Struct {
			return nil
		}
		v = v.FieldByName(f)
		if !v.IsValid() {
			return nil
		}
	}
	return append(fieldsAndMethods(v.Type()), cellMethods...)
}

// fieldsAndMethods lists the exported fields and methods of t, *t and,
// for pointers, of the element type, and a cell struct's unexported
// fields by their names.
func fieldsAndMethods(t reflect.Type) []string {
	var out []string
	if t.Kind() == reflect.Interface {
		for i := 0; i < t.NumMethod(); i++ {
			out = append(out, t.Method(i).Name)
		}
		return out
	}
	base := t
	if base.Kind() == reflect.Pointer {
		base = base.Elem()
	}
	if base.Kind() == reflect.Struct {
		for i := 0; i < base.NumField(); i++ {
			// A cell struct's unexported field x is an exported Xx in the
			// interpreter's type; cells, in its package, write x.
			if name, exported := interpvalue.FieldName(base, i); exported || name != base.Field(i).Name {
				out = append(out, name)
			}
		}
	}
	pt := reflect.PointerTo(base)
	for i := 0; i < pt.NumMethod(); i++ {
		out = append(out, pt.Method(i).Name)
	}
	return out
}

// scopeCandidates lists the names usable at the start of an expression at
// byte offset off of code.
func (s *Session) scopeCandidates(code string, off int) []string {
	var out []string
	for tok := token.BREAK; tok <= token.VAR; tok++ {
		if tok.IsKeyword() {
			out = append(out, tok.String())
		}
	}
	for n := range builtins {
		out = append(out, n)
	}
	out = append(out, predeclared...)
	for n := range s.state.imports {
		out = append(out, n)
	}
	for n := range packages() {
		out = append(out, n)
	}
	out = append(out, s.state.names("")...)
	// Names declared earlier in the cell being edited, and its functions
	// and types wherever they are.
	sc := parseCellScope(code, off)
	for n := range sc.names {
		out = append(out, n)
	}
	for n := range sc.imports {
		out = append(out, n)
	}
	return append(out, topLevelNames(code, off)...)
}
