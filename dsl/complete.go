package dsl

import (
	"go/scanner"
	"go/token"
	"reflect"
	"sort"
	"strings"
	"unicode/utf8"
)

// Complete returns completions for the identifier before cursor, a Unicode
// code point offset into code, and the code point range [start, end) that
// a match replaces. After `pkg.` it offers the package's members; after
// `v.` the fields and methods of session variable v; after `%` the magics;
// otherwise keywords, builtins, package names and the names declared in
// the session or earlier in code.
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
		cands = s.memberCandidates(exprBefore(pre[:i-1]))
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
		cands = s.scopeCandidates(code)
	}
	seen := map[string]bool{}
	for _, c := range cands {
		if strings.HasPrefix(c, prefix) && !seen[c] && !internalIdent(c) {
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

// memberCandidates lists what may follow `x.`.
func (s *Session) memberCandidates(x string) []string {
	if x == "" || s.closed {
		return nil
	}
	if !strings.Contains(x, ".") {
		if path, ok := s.packagePath(x); ok {
			var out []string
			for name := range exportsOf(path) {
				if !strings.HasPrefix(name, "_") {
					out = append(out, name)
				}
			}
			// Generic functions of the standard packages compiled from
			// source (slices.Sorted, sync.OnceValue).
			out = append(out, sourceExports[path]...)
			return out
		}
	}
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
// for pointers, of the element type.
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
			if f := base.Field(i); f.IsExported() {
				out = append(out, f.Name)
			}
		}
	}
	pt := reflect.PointerTo(base)
	for i := 0; i < pt.NumMethod(); i++ {
		out = append(out, pt.Method(i).Name)
	}
	return out
}

// scopeCandidates lists the names usable at the start of an expression.
func (s *Session) scopeCandidates(code string) []string {
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
	// Names declared earlier in the cell being edited.
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(code))
	var sc scanner.Scanner
	sc.Init(file, []byte(code), nil, 0)
	for {
		_, t, lit := sc.Scan()
		if t == token.EOF {
			break
		}
		if t == token.IDENT {
			out = append(out, lit)
		}
	}
	return out
}
