package dsl

import (
	"fmt"
	"go/parser"
	"reflect"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/petridish-go/petridish/dsl/internal/interpvalue"
)

// Inspect returns documentation for what cursor (a Unicode code point
// offset into code) is on, for Jupyter's inspect_request: the signature
// and doc comment of a package member, method, field or package, the type
// and current value of a session variable, the declaration of a name of
// the cell being edited; inside a call's arguments, the function called
// (see inspectAt). detail 1 adds the source location.
func (s *Session) Inspect(code string, cursor, detail int) (data map[string]any, found bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, false
	}
	text, ok := s.inspectAt(code, runeToByte(code, cursor), detail > 0)
	if !ok {
		return nil, false
	}
	return map[string]any{"text/plain": text}, true
}

// helpPage answers `name?` and `name??` (or `?name` and `??name`) with a
// pager bundle.
func (s *Session) helpPage(q string) map[string]any {
	name, more, _ := helpQuery(q)
	text, ok := s.describe(name, more)
	if !ok {
		text = fmt.Sprintf("%s: no documentation found; it is not a package, package member, method, builtin or name declared in this session", name)
	}
	return map[string]any{"text/plain": text}
}

// describe documents a (possibly qualified) name.
func (s *Session) describe(name string, withSource bool) (string, bool) {
	e, err := parser.ParseExpr(name)
	if err != nil {
		return "", false
	}
	return s.describeExpr(s.newResolver(nil), e, withSource)
}

// describeName documents an unqualified name: a package, a name declared
// in the session or a builtin.
func (s *Session) describeName(name string, withSource bool) (string, bool) {
	if path, ok := s.packagePath(name); ok {
		return s.describePackage(path, withSource)
	}
	if d, ok := s.state.decls[name]; ok {
		return s.describeDecl(name, d), true
	}
	if doc, ok := builtinDoc(name); ok {
		return doc, true
	}
	return "", false
}

// packagePath resolves a package name used in cells: an import of the
// session or, failing that, a name auto-import would resolve.
func (s *Session) packagePath(name string) (string, bool) {
	if p, ok := s.state.imports[name]; ok {
		return p, true
	}
	if _, ok := s.state.decls[name]; ok {
		return "", false
	}
	if ps := packages()[name]; len(ps) == 1 {
		return ps[0], true
	}
	return "", false
}

// describeDecl documents a name declared in a cell.
func (s *Session) describeDecl(name string, d decl) string {
	switch d.kind {
	case "var", "const":
		v, ok := s.interp.Globals()[name]
		if d.kind == "const" {
			// Globals holds untyped constants as constant.Values.
			if ev, err := s.interp.Eval(name); err == nil {
				v, ok = ev, true
			}
		}
		if ok && v.IsValid() {
			return fmt.Sprintf("%s %s %s\nvalue: %s", d.kind, name, s.typeString(v), valueString(v))
		}
	case "type":
		return "type " + d.src
	case "func":
		if fd := s.state.recordedFunc(name); fd != nil {
			return funcDeclString(fd)
		}
	}
	if v, err := s.interp.Eval(name); err == nil && v.IsValid() {
		return fmt.Sprintf("%s %s %s", d.kind, name, v.Type())
	}
	return d.kind + " " + name
}

// describeVarMember documents v.member for a session variable v.
func (s *Session) describeVarMember(v, member string) (string, bool) {
	val, ok := s.interp.Globals()[v]
	if !ok || !val.IsValid() {
		return "", false
	}
	if val.Kind() == reflect.Interface && !val.IsNil() {
		val = val.Elem()
	}
	t := val.Type()
	if _, ok := methodOf(t, member); ok {
		return methodSignature(t, member) + "\n", true
	}
	st := t
	if st.Kind() == reflect.Pointer {
		st = st.Elem()
	}
	if st.Kind() == reflect.Struct {
		if f, ok := st.FieldByName(member); ok {
			text := fmt.Sprintf("field %s %s", member, s.typeName(f.Type))
			fv := reflect.Indirect(val)
			if fv.IsValid() && fv.Kind() == reflect.Struct {
				text += "\nvalue: " + valueString(fv.FieldByIndex(f.Index))
			}
			return text, true
		}
	}
	return "", false
}

// typeString is v's type as a cell would write it (see typeName).
func (s *Session) typeString(v reflect.Value) string {
	if v.Kind() == reflect.Interface && !v.IsNil() {
		return s.typeName(v.Elem().Type())
	}
	return s.typeName(v.Type())
}

// typeName is t as a cell would write it: struct types declared in cells,
// which reflection knows only as struct literals, go by their names
// ([]Run, not []struct { Slope float64; ... }).
func (s *Session) typeName(t reflect.Type) string {
	return renameStructs(t.String(), s.cellStructNames())
}

// renameStructs replaces in the type string str each struct literal of
// names (see cellStructNames) by the name of the cell type.
func renameStructs(str string, names map[string]string) string {
	lits := make([]string, 0, len(names))
	for lit := range names {
		lits = append(lits, lit)
	}
	// Longest first: a struct's literal contains those of its fields.
	sort.Slice(lits, func(i, j int) bool { return len(lits[i]) > len(lits[j]) })
	for _, lit := range lits {
		str = strings.ReplaceAll(str, lit, names[lit])
	}
	return str
}

// cellStructNames maps the reflect string of each struct type declared in
// cells to its name, leaving out literals that two types share.
func (s *Session) cellStructNames() map[string]string {
	names, shared := map[string]string{}, map[string]bool{}
	for n, d := range s.state.decls {
		if d.kind != "type" || d.generic {
			continue
		}
		v, err := s.interp.Eval("(*" + n + ")(nil)")
		if err != nil || !v.IsValid() || v.Kind() != reflect.Pointer {
			continue
		}
		t := v.Type().Elem()
		if t.Kind() != reflect.Struct {
			continue
		}
		if _, ok := names[t.String()]; ok {
			shared[t.String()] = true
		}
		names[t.String()] = n
	}
	for lit := range shared {
		delete(names, lit)
	}
	return names
}

// valueString is v for the inspector: %+v, cut to about 500 bytes at a
// rune boundary.
func valueString(v reflect.Value) string {
	var s string
	if v.CanInterface() {
		// The fields of cell types by their names (best, not Xbest).
		s = fmt.Sprintf("%+v", interpvalue.Printable(v.Interface()))
	} else {
		s = v.String()
	}
	if len(s) > 500 {
		cut := 500
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}

// runeToByte converts a code point offset into a byte offset into s.
func runeToByte(s string, cursor int) int {
	if cursor < 0 {
		return 0
	}
	off := 0
	for i := 0; i < cursor && off < len(s); i++ {
		_, n := utf8.DecodeRuneInString(s[off:])
		off += n
	}
	return off
}

func isIdentRune(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }
