package dsl

import (
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/petridish-go/petridish/dsl/stdsymbols"
	"github.com/petridish-go/petridish/dsl/symbols"
)

// exports returns the symbol table of an importable package path.
func exportsOf(path string) map[string]reflect.Value {
	key := path + "/" + pkgNameOf(path)
	if m, ok := symbols.Symbols[key]; ok {
		return m
	}
	return stdsymbols.Std()[key]
}

// docOf returns the documentation of name in package path ("" for the
// package's): the generated one of a compiled package, or that of a
// package a cell imported from source.
func (s *Session) docOf(path, name string) (symbols.DocEntry, bool) {
	if e, ok := symbols.Doc(path, name); ok {
		return e, true
	}
	e, ok := s.state.srcDocs[path][name]
	return e, ok
}

// sourceMembers returns the exported names of a package a cell imported
// from source, methods left out; nil for other packages.
func (s *Session) sourceMembers(path string) []string {
	var out []string
	for n := range s.state.srcDocs[path] {
		if n != "" && !strings.Contains(n, ".") {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

// describeMember documents pkg.member (or pkg.Type.Method) from the
// generated documentation, falling back to the compiled signature.
func (s *Session) describeMember(path, member string, withSource bool) (string, bool) {
	if e, ok := s.docOf(path, member); ok {
		return formatDoc(path, e, withSource), true
	}
	syms := exportsOf(path)
	typ, method, isMethod := strings.Cut(member, ".")
	if isMethod {
		if v, ok := syms[typ]; ok && v.Kind() == reflect.Pointer && v.IsNil() {
			if sig := methodSignature(v.Type().Elem(), method); sig != "" {
				return sig + "\n", true
			}
		}
		return "", false
	}
	v, ok := syms[member]
	if !ok {
		return "", false
	}
	pkg := pkgNameOf(path)
	switch {
	case v.Kind() == reflect.Func:
		return fmt.Sprintf("func %s.%s%s", pkg, member, strings.TrimPrefix(v.Type().String(), "func")), true
	case v.Kind() == reflect.Pointer && v.IsNil():
		return fmt.Sprintf("type %s.%s %s", pkg, member, kindString(v.Type().Elem())), true
	case v.Kind() == reflect.Pointer:
		return fmt.Sprintf("var %s.%s %s", pkg, member, v.Type().Elem()), true
	}
	return fmt.Sprintf("const %s.%s = %v", pkg, member, v.Interface()), true
}

func kindString(t reflect.Type) string {
	if t.Kind() == reflect.Struct || t.Kind() == reflect.Interface {
		return t.Kind().String()
	}
	return t.String()
}

// describePackage documents a package: its doc comment and members.
func (s *Session) describePackage(path string, withSource bool) (string, bool) {
	var b strings.Builder
	if e, ok := s.docOf(path, ""); ok {
		b.WriteString(formatDoc(path, e, withSource))
	} else {
		fmt.Fprintf(&b, "package %s // import %q\n", pkgNameOf(path), path)
	}
	syms := exportsOf(path)
	var names []string
	for n := range syms {
		if !strings.HasPrefix(n, "_") {
			names = append(names, n)
		}
	}
	if syms == nil {
		names = s.sourceMembers(path)
	}
	if len(names) == 0 {
		return b.String(), b.Len() > 0
	}
	sort.Strings(names)
	b.WriteString("\nMembers: " + strings.Join(names, ", ") + "\n")
	return b.String(), true
}

func formatDoc(path string, e symbols.DocEntry, withSource bool) string {
	var b strings.Builder
	b.WriteString(e.Decl)
	b.WriteString("\n")
	if e.Doc != "" {
		b.WriteString("\n" + strings.TrimRight(e.Doc, "\n") + "\n")
	}
	if withSource && e.Pos != "" {
		fmt.Fprintf(&b, "\nDefined in %s (package %q)\n", e.Pos, path)
	}
	return b.String()
}

// builtinDoc documents Go's predeclared identifiers and keywords briefly.
func builtinDoc(name string) (string, bool) {
	if e, ok := symbols.Doc("builtin", name); ok {
		return formatDoc("builtin", e, false), true
	}
	if d, ok := builtins[name]; ok {
		return d, true
	}
	return "", false
}

// builtins lists the predeclared functions, for completion and fallback
// documentation when no generated docs are available.
var builtins = map[string]string{
	"append":  "func append(slice []Type, elems ...Type) []Type",
	"cap":     "func cap(v Type) int",
	"clear":   "func clear[T ~[]Type | ~map[Type]Type1](t T)",
	"close":   "func close(c chan<- Type)",
	"complex": "func complex(r, i FloatType) ComplexType",
	"copy":    "func copy(dst, src []Type) int",
	"delete":  "func delete(m map[Type]Type1, key Type)",
	"imag":    "func imag(c ComplexType) FloatType",
	"len":     "func len(v Type) int",
	"make":    "func make(t Type, size ...IntegerType) Type",
	"max":     "func max[T cmp.Ordered](x T, y ...T) T",
	"min":     "func min[T cmp.Ordered](x T, y ...T) T",
	"new":     "func new(Type) *Type",
	"panic":   "func panic(v any)",
	"print":   "func print(args ...Type)",
	"println": "func println(args ...Type)",
	"real":    "func real(c ComplexType) FloatType",
	"recover": "func recover() any",
}

// predeclared lists Go's predeclared types and constants for completion.
var predeclared = []string{
	"any", "bool", "byte", "comparable", "complex128", "complex64", "error", "false",
	"float32", "float64", "int", "int16", "int32", "int64", "int8", "iota", "nil",
	"rune", "string", "true", "uint", "uint16", "uint32", "uint64", "uint8", "uintptr",
}
