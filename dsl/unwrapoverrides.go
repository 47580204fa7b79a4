package dsl

import (
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	htmltemplate "html/template"
	"io"
	"reflect"
	"strconv"
	"strings"
	"text/template"

	"github.com/petridish-go/petridish/dsl/internal/interpvalue"
	"github.com/petridish-go/petridish/internal/yaegi/interp"
)

// unwrapOverrides replaces fmt's printing functions and json.Marshal(Indent)
// for interpreted code with ones that first unwrap the interpreter's
// wrappers of cell values (interpvalue): without them, fmt.Println(v) of
// an `any` holding a struct of a cell type with methods printed yaegi's
// internals ({0xc000... {0x... 0x... 409}}) instead of the struct's
// fields, and json.Marshal wrote {} for it. errors.As and errors.Is see
// through the wrappers that carry cell error types in compiled code. Print, Printf and Println
// write to stdout, as yaegi's own replacements do. The interface wrappers
// yaegi makes for these functions' arguments (so that String, Format and
// MarshalJSON methods of cell types work) are kept: each replacement is
// registered with the same interfaces as the function it replaces.
// printingTypes are the interfaces in which fmt's and log's printing
// functions get values of cell types, so that their methods are called:
// Formatter, error, Stringer, the order in which fmt looks for them.
// jsonDecodeMapTypes are the map types of json's decoding functions: the
// interpreter gives them values of cell types with these methods so that
// json calls them, inside other values too.
var jsonDecodeMapTypes = []reflect.Type{reflect.TypeFor[json.Unmarshaler](), reflect.TypeFor[encoding.TextUnmarshaler]()}

var printingTypes = []reflect.Type{reflect.TypeFor[fmt.Formatter](), reflect.TypeFor[error](), reflect.TypeFor[fmt.Stringer]()}

func unwrapOverrides(stdout io.Writer) interp.Exports {
	fns := map[string]any{
		"Print":    func(a ...any) (int, error) { return fmt.Fprint(stdout, plainArgs(a)...) },
		"Printf":   func(f string, a ...any) (int, error) { return fmt.Fprintf(stdout, f, plainArgs(a)...) },
		"Println":  func(a ...any) (int, error) { return fmt.Fprintln(stdout, plainArgs(a)...) },
		"Sprint":   func(a ...any) string { return fmt.Sprint(plainArgs(a)...) },
		"Sprintf":  func(f string, a ...any) string { return fmt.Sprintf(f, plainArgs(a)...) },
		"Sprintln": func(a ...any) string { return fmt.Sprintln(plainArgs(a)...) },
		"Fprint":   func(w io.Writer, a ...any) (int, error) { return fmt.Fprint(w, plainArgs(a)...) },
		"Fprintf": func(w io.Writer, f string, a ...any) (int, error) {
			return fmt.Fprintf(w, f, plainArgs(a)...)
		},
		"Fprintln": func(w io.Writer, a ...any) (int, error) { return fmt.Fprintln(w, plainArgs(a)...) },
		"Errorf":   func(f string, a ...any) error { return fmt.Errorf(f, errorfArgs(f, a)...) },
		"Append":   func(b []byte, a ...any) []byte { return fmt.Append(b, plainArgs(a)...) },
		"Appendf":  func(b []byte, f string, a ...any) []byte { return fmt.Appendf(b, f, plainArgs(a)...) },
		"Appendln": func(b []byte, a ...any) []byte { return fmt.Appendln(b, plainArgs(a)...) },
	}
	jsonFns := map[string]any{
		"Marshal": func(v any) ([]byte, error) {
			v, _ = interpvalue.Unwrap(v)
			return json.Marshal(v)
		},
		"MarshalIndent": func(v any, prefix, indent string) ([]byte, error) {
			v, _ = interpvalue.Unwrap(v)
			return json.MarshalIndent(v, prefix, indent)
		},
	}
	jsonDecodeFns := map[string]any{"Unmarshal": jsonUnmarshal}
	errorsFns := map[string]any{"As": errorsAs, "Is": errorsIs}
	mapTypes := map[reflect.Value][]reflect.Type{}
	register := func(fns map[string]any, wrapAs ...reflect.Type) map[string]reflect.Value {
		syms := map[string]reflect.Value{}
		for name, f := range fns {
			v := reflect.ValueOf(f)
			syms[name] = v
			mapTypes[v] = wrapAs
		}
		return syms
	}
	// An Encoder encodes as json.Marshal does: a cell value, and the
	// elements and fields of one, with their MarshalJSON and MarshalText
	// methods (Encode wrote a cell Temp's number, not its "21.5C").
	mapTypes[reflect.ValueOf((*json.Encoder).Encode)] = jsonMapTypes
	// A Decoder decodes as json.Unmarshal does: into the fields, elements
	// and map values of cell types with UnmarshalJSON or UnmarshalText
	// methods, with those methods.
	mapTypes[reflect.ValueOf((*json.Decoder).Decode)] = jsonDecodeMapTypes
	// Templates print values with fmt: a value of a cell type with a
	// String method, and the fields and elements of one, print with it
	// (`{{.T}}` of a Temp printed its number).
	for _, execute := range []any{(*template.Template).Execute, (*template.Template).ExecuteTemplate,
		(*htmltemplate.Template).Execute, (*htmltemplate.Template).ExecuteTemplate} {
		mapTypes[reflect.ValueOf(execute)] = printingTypes
	}
	return interp.Exports{
		// Not "fmt/fmt": Use takes that key to mean a whole standard
		// library, and would load it again over these. The directory is
		// the import path the symbols join; the package keeps its name.
		// Formatter, error, Stringer: the order in which fmt looks for
		// them. With error listed, a cell error type given to fmt is
		// printed by its Error method, and %w wraps it.
		"fmt/fmt-overrides":       register(fns, printingTypes...),
		"errors/errors-overrides": register(errorsFns),
		"encoding/json/json-overrides": mergeSyms(register(jsonFns,
			reflect.TypeFor[json.Marshaler](), reflect.TypeFor[encoding.TextMarshaler]()),
			register(jsonDecodeFns, jsonDecodeMapTypes...)),
		// yaegi's key for the interfaces it wraps a function's arguments in.
		".": {"MapTypes": reflect.ValueOf(mapTypes)},
	}
}

// mergeSyms returns the symbols of a and b together.
func mergeSyms(a, b map[string]reflect.Value) map[string]reflect.Value {
	for k, v := range b {
		a[k] = v
	}
	return a
}

// jsonUnmarshal is json.Unmarshal for a pointer to a cell type with an
// UnmarshalJSON (or UnmarshalText) method too: yaegi gives the function
// the method's wrapper, a struct, which json.Unmarshal refuses ("json:
// Unmarshal(non-pointer ...)"). As Go does, it checks that data is JSON,
// then calls the method. (The interpreter now gives json a pointer to a
// shadow with the methods, inside structs, slices and maps too: see
// internal/yaegi/interp/decodeshadow.go; this covers a value given
// without a pointer.)
func jsonUnmarshal(data []byte, v any) error {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() || rv.Kind() == reflect.Pointer {
		return json.Unmarshal(data, v)
	}
	switch u := v.(type) {
	case json.Unmarshaler:
		var probe any
		if err := json.Unmarshal(data, &probe); err != nil {
			return err
		}
		return u.UnmarshalJSON(data)
	case encoding.TextUnmarshaler:
		var s string
		if err := json.Unmarshal(data, &s); err != nil {
			return err
		}
		return u.UnmarshalText([]byte(s))
	}
	return json.Unmarshal(data, v)
}

// plainArgs returns a with the interpreter's wrappers of cell values
// replaced by the values; a itself when there are none.
func plainArgs(a []any) []any {
	return replacedArgs(a, func(_ int, x any) (any, bool) { return interpvalue.Formattable(x) })
}

// errorfArgs is plainArgs for fmt.Errorf with format f, keeping the
// wrappers of cell errors given to %w: the error Errorf makes gives them back, as the
// interpreter made them (errors.Unwrap, errors.As).
func errorfArgs(f string, a []any) []any {
	wraps := wrappedArgs(f, len(a))
	return replacedArgs(a, func(i int, x any) (any, bool) {
		if wraps[i] {
			return interpvalue.FormattableKeepingErrors(x)
		}
		return interpvalue.Formattable(x)
	})
}

// replacedArgs returns a with each argument that replace changes
// replaced, in a copy; a itself when replace changes none.
func replacedArgs(a []any, replace func(i int, x any) (any, bool)) []any {
	var out []any
	for i, x := range a {
		u, changed := replace(i, x)
		if !changed {
			continue
		}
		if out == nil {
			out = append([]any(nil), a...)
		}
		out[i] = u
	}
	if out == nil {
		return a
	}
	return out
}

// wrappedArgs returns, for each of the n arguments of format f, whether a
// %w directive takes it, reading explicit argument indexes ([2]) as fmt
// does.
func wrappedArgs(f string, n int) []bool {
	wraps := make([]bool, n)
	arg := 0
	for i := 0; i < len(f); i++ {
		if f[i] != '%' {
			continue
		}
		for i++; i < len(f) && strings.IndexByte("+-# 0123456789.*[", f[i]) >= 0; i++ {
			switch f[i] {
			case '*':
				arg++
			case '[':
				end := strings.IndexByte(f[i:], ']')
				if end < 0 {
					return wraps
				}
				if k, err := strconv.Atoi(f[i+1 : i+end]); err == nil {
					arg = k - 1
				}
				i += end
			}
		}
		if i >= len(f) || f[i] == '%' {
			continue
		}
		if f[i] == 'w' && arg >= 0 && arg < n {
			wraps[arg] = true
		}
		arg++
	}
	return wraps
}

var errorType = reflect.TypeFor[error]()

// errorsAs is errors.As for targets of cell types too: compiled errors.As
// panics on a *T whose T is a cell type ("target must be interface or
// implement error": it cannot see T's Error method), and the errors in the
// chain are yaegi's wrappers of cell values, not T. This one matches the
// value inside each wrapper against T.
func errorsAs(err error, target any) bool {
	tv := reflect.ValueOf(target)
	if err == nil || tv.Kind() != reflect.Pointer || tv.IsNil() {
		return errors.As(err, target)
	}
	te := tv.Type().Elem()
	if te.Kind() == reflect.Interface || te.Implements(errorType) {
		return errors.As(err, target)
	}
	found := false
	walkErrors(err, func(e error) bool {
		if v, ok := interpvalue.Interface(e); ok && v.Type() == te {
			tv.Elem().Set(v)
			found = true
		}
		return found
	})
	return found
}

// errorsIs is errors.Is for errors of cell types too: the errors in the
// chain are yaegi's wrappers, which hold functions, so errors.Is could not
// compare them; this one compares the values inside them, as Go compares
// the errors, and then asks an error's Is method (a cell type's too: its
// wrapper has the method). Other targets go to errors.Is.
func errorsIs(err, target error) bool {
	tv, wrapped := interpvalue.Interface(target)
	if !wrapped || !tv.Comparable() {
		return errors.Is(err, target)
	}
	found := false
	walkErrors(err, func(e error) bool {
		if v, ok := interpvalue.Interface(e); ok {
			found = v.Type() == tv.Type() && v.Equal(tv)
		}
		if x, ok := e.(interface{ Is(error) bool }); ok && !found {
			found = x.Is(target)
		}
		return found
	})
	return found
}

// walkErrors calls visit on err and the errors it wraps, depth first as
// errors.Is and errors.As walk them, until visit returns true.
func walkErrors(err error, visit func(error) bool) bool {
	for err != nil {
		if visit(err) {
			return true
		}
		switch x := err.(type) {
		case interface{ Unwrap() error }:
			err = x.Unwrap()
		case interface{ Unwrap() []error }:
			for _, e := range x.Unwrap() {
				if walkErrors(e, visit) {
					return true
				}
			}
			return false
		default:
			return false
		}
	}
	return false
}
