// Package interpvalue recovers the values that yaegi hands compiled code
// wrapped in its own struct.
//
// When a value of a type declared in a cell, one with methods, is stored
// in an interface (an `any` variable, an `any` parameter of an
// interpreted function, an element of a []any or map[string]any), yaegi
// keeps it as an unexported interp.valueInterface{node, value}. Compiled
// code that receives such an interface sees that struct, so fmt prints
// `{node:0xc000... value:{typ_:... ptr:... flag:409}}` instead of the
// value's fields. Unwrap returns the value inside: a struct of the same
// fields (yaegi builds cell types with reflect), which fmt and the
// display package render as they render any struct. The methods of the
// cell type stay invisible to compiled code, wrapped or not.
package interpvalue

import (
	"reflect"
	"unsafe"

	"github.com/petridish-go/petridish/internal/yaegi/interp"
)

// wrapperPkg and wrapperName name yaegi's wrapper type.
const (
	wrapperPkg  = "github.com/petridish-go/petridish/internal/yaegi/interp"
	wrapperName = "valueInterface"
)

// maxDepth bounds how deep Unwrap looks into slices and maps of
// interfaces; values nest no deeper in practice, and the bound keeps a
// self-referencing []any from recursing forever.
const maxDepth = 8

var reflectValueType = reflect.TypeFor[reflect.Value]()

// Unwrap returns v with yaegi's wrappers replaced by the values they hold:
// v itself when it is one, and the elements of slices, arrays and maps of
// interfaces (copied, never changed in place), recursively. changed
// reports whether it replaced anything; when it is false, out is v.
func Unwrap(v any) (out any, changed bool) {
	if v == nil {
		return nil, false
	}
	return replace(v, unwrapped)
}

// replace returns v with each value that leaf replaces replaced, walking
// as Unwrap does.
func replace(v any, leaf func(reflect.Value) (reflect.Value, bool)) (any, bool) {
	rv, changed := walk(reflect.ValueOf(v), maxDepth, leaf)
	if !changed {
		return v, false
	}
	if !rv.IsValid() {
		return nil, true
	}
	return rv.Interface(), true
}

// unwrapped is the leaf of Unwrap: the value inside a valueInterface
// wrapper, invalid when it held nil.
func unwrapped(rv reflect.Value) (reflect.Value, bool) {
	inner, ok := Wrapped(rv)
	if !ok {
		return rv, false
	}
	for inner.IsValid() && inner.Kind() == reflect.Interface {
		inner = inner.Elem()
	}
	if inner.IsValid() && !inner.CanInterface() {
		return rv, false
	}
	return inner, true
}

// walk is replace on a reflect.Value; the result is invalid when a
// wrapper held nil. What leaf returns is walked again.
func walk(rv reflect.Value, depth int, leaf func(reflect.Value) (reflect.Value, bool)) (reflect.Value, bool) {
	if depth == 0 || !rv.IsValid() {
		return rv, false
	}
	if inner, ok := leaf(rv); ok {
		deeper, _ := walk(inner, depth-1, leaf)
		return deeper, true
	}
	switch rv.Kind() {
	case reflect.Slice, reflect.Array:
		if rv.Type().Elem().Kind() != reflect.Interface {
			return rv, false
		}
		var out reflect.Value
		for i := 0; i < rv.Len(); i++ {
			e, ok := element(rv.Index(i), rv.Type().Elem(), depth, leaf)
			if !ok {
				continue
			}
			if !out.IsValid() {
				out = copyOf(rv)
			}
			out.Index(i).Set(e)
		}
		if !out.IsValid() {
			return rv, false
		}
		return out, true
	case reflect.Map:
		if rv.Type().Elem().Kind() != reflect.Interface {
			return rv, false
		}
		var out reflect.Value
		for it := rv.MapRange(); it.Next(); {
			if _, ok := element(it.Value(), rv.Type().Elem(), depth, leaf); ok {
				out = reflect.MakeMapWithSize(rv.Type(), rv.Len())
				break
			}
		}
		if !out.IsValid() {
			return rv, false
		}
		for it := rv.MapRange(); it.Next(); {
			val := it.Value()
			if e, ok := element(val, rv.Type().Elem(), depth, leaf); ok {
				val = e
			}
			out.SetMapIndex(it.Key(), val)
		}
		return out, true
	case reflect.Struct:
		if isMethodWrapper(rv.Type()) {
			// A wrapper that gives compiled code a cell value's methods
			// (an error's): its value stays as the interpreter keeps it,
			// with its type, so that assertions on the error that comes
			// back (errors.Unwrap, errors.As) tell its type.
			return rv, false
		}
		// Exported fields of interface type; the others cannot be set.
		var out reflect.Value
		for i := 0; i < rv.NumField(); i++ {
			sf := rv.Type().Field(i)
			if sf.Type.Kind() != reflect.Interface || !sf.IsExported() {
				continue
			}
			e, ok := element(rv.Field(i), sf.Type, depth, leaf)
			if !ok {
				continue
			}
			if !out.IsValid() {
				out = reflect.New(rv.Type()).Elem()
				out.Set(rv)
			}
			out.Field(i).Set(e)
		}
		if !out.IsValid() {
			return rv, false
		}
		return out, true
	}
	return rv, false
}

// element unwraps e, an element of interface type elem, and reports
// whether it changed and the result can be stored back as an elem.
func element(e reflect.Value, elem reflect.Type, depth int, leaf func(reflect.Value) (reflect.Value, bool)) (reflect.Value, bool) {
	if e.IsNil() {
		return e, false
	}
	u, ok := walk(e.Elem(), depth-1, leaf)
	if !ok {
		return e, false
	}
	if !u.IsValid() {
		return reflect.Zero(elem), true
	}
	if !u.Type().AssignableTo(elem) {
		return e, false
	}
	return u, true
}

// copyOf returns a settable copy of the slice or array rv.
func copyOf(rv reflect.Value) reflect.Value {
	if rv.Kind() == reflect.Array {
		out := reflect.New(rv.Type()).Elem()
		reflect.Copy(out, rv)
		return out
	}
	out := reflect.MakeSlice(rv.Type(), rv.Len(), rv.Len())
	reflect.Copy(out, rv)
	return out
}

// Wrapped returns the value inside rv when rv is yaegi's wrapper (its
// valueInterface); false otherwise. The wrapper's field is unexported,
// so it is read through an addressable copy of rv.
func Wrapped(rv reflect.Value) (reflect.Value, bool) {
	t := rv.Type()
	if t.Kind() != reflect.Struct || t.Name() != wrapperName || t.PkgPath() != wrapperPkg {
		return reflect.Value{}, false
	}
	f, ok := t.FieldByName("value")
	if !ok || f.Type != reflectValueType {
		return reflect.Value{}, false
	}
	c := reflect.New(t).Elem()
	c.Set(rv)
	field := c.FieldByIndex(f.Index)
	return *(*reflect.Value)(unsafe.Pointer(field.UnsafeAddr())), true
}

// Interface returns the value of a cell type inside v, when v is one of
// the structs yaegi makes for compiled code to call a cell value's
// methods through an interface (an `error` holding a cell error type is
// an interp._error{IValue, WError}): their first field, IValue, holds the
// value. It unwraps valueInterface too. False when v is neither.
func Interface(v any) (reflect.Value, bool) {
	if v == nil {
		return reflect.Value{}, false
	}
	rv := reflect.ValueOf(v)
	if inner, ok := Wrapped(rv); ok {
		return inner, true
	}
	inner, ok := wrapperValue(rv)
	if !ok {
		return reflect.Value{}, false
	}
	for inner.IsValid() && inner.Kind() == reflect.Interface {
		inner = inner.Elem()
	}
	return inner, inner.IsValid()
}

// isMethodWrapper reports whether t is one of the structs yaegi makes for
// compiled code to call a cell value's methods: a first field IValue, of
// interface type, and a field a method.
func isMethodWrapper(t reflect.Type) bool {
	return t.Kind() == reflect.Struct && t.NumField() >= 2 && t.Field(0).Name == "IValue" && t.Field(0).Type.Kind() == reflect.Interface
}

// wrapperValue returns the value in rv's IValue, out of the interpreter's
// valueInterface, when rv is a method wrapper (isMethodWrapper); invalid
// when IValue is nil.
func wrapperValue(rv reflect.Value) (reflect.Value, bool) {
	if !isMethodWrapper(rv.Type()) {
		return reflect.Value{}, false
	}
	inner := rv.Field(0)
	if inner.IsNil() {
		return reflect.Value{}, true
	}
	inner = inner.Elem()
	if w, ok := Wrapped(inner); ok {
		inner = w
	}
	return inner, true
}

// FieldName returns the name that field i of struct type t has in Go
// source, and whether it is exported: for a struct type declared in a
// cell, whose unexported field x yaegi builds as an exported Xx, the
// cell's name x; for any other type the field's own.
func FieldName(t reflect.Type, i int) (name string, exported bool) {
	return interp.FieldName(t, i)
}

// maxPrintableDepth bounds Printable's walk: values may refer to
// themselves through pointers.
const maxPrintableDepth = 6

// Printable returns v with each struct of a cell type whose reflect type
// renames its unexported fields (x as the exported Xx: yaegi builds the
// type with reflect) copied into a struct whose fields have the cell's
// names, so that fmt's %+v shows {best:2}, not {Xbest:2}; v itself when
// there is none. It walks pointers, interfaces, slices, arrays, maps and
// fields, a few levels deep.
func Printable(v any) any {
	if v == nil {
		return nil
	}
	out, changed := printable(reflect.ValueOf(v), maxPrintableDepth)
	if !changed || !out.IsValid() || !out.CanInterface() {
		return v
	}
	return out.Interface()
}

var emptyInterfaceType = reflect.TypeFor[any]()

func printable(v reflect.Value, depth int) (reflect.Value, bool) {
	if depth == 0 || !v.IsValid() {
		return v, false
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return v, false
		}
		e, changed := printable(v.Elem(), depth-1)
		if !changed {
			return v, false
		}
		if v.Kind() == reflect.Interface {
			return e, true
		}
		p := reflect.New(e.Type())
		p.Elem().Set(e)
		return p, true
	case reflect.Slice, reflect.Array:
		var out reflect.Value
		for i := 0; i < v.Len(); i++ {
			e, changed := printable(v.Index(i), depth-1)
			if !changed {
				continue
			}
			if !out.IsValid() {
				out = reflect.MakeSlice(reflect.SliceOf(emptyInterfaceType), v.Len(), v.Len())
				for j := 0; j < v.Len(); j++ {
					if x := v.Index(j); x.CanInterface() {
						out.Index(j).Set(x)
					}
				}
			}
			out.Index(i).Set(e)
		}
		return out, out.IsValid()
	case reflect.Map:
		changedAny := false
		vals := map[int]reflect.Value{}
		keys := v.MapKeys()
		for i, k := range keys {
			if e, changed := printable(v.MapIndex(k), depth-1); changed {
				vals[i], changedAny = e, true
			}
		}
		if !changedAny {
			return v, false
		}
		out := reflect.MakeMapWithSize(reflect.MapOf(v.Type().Key(), emptyInterfaceType), len(keys))
		for i, k := range keys {
			e, ok := vals[i]
			if !ok {
				e = v.MapIndex(k)
			}
			out.SetMapIndex(k, e)
		}
		return out, true
	case reflect.Struct:
		return printableStruct(v, depth)
	}
	return v, false
}

// printableStruct is printable for a struct.
func printableStruct(v reflect.Value, depth int) (reflect.Value, bool) {
	t := v.Type()
	c := reflect.New(t).Elem() // an addressable copy, to read unexported fields
	c.Set(v)
	fields := make([]reflect.StructField, t.NumField())
	values := make([]reflect.Value, t.NumField())
	changed := false
	for i := range fields {
		f := t.Field(i)
		fv := c.Field(i)
		if !fv.CanInterface() {
			fv = reflect.NewAt(fv.Type(), unsafe.Pointer(fv.UnsafeAddr())).Elem()
		}
		name, exported := FieldName(t, i)
		sf := reflect.StructField{Name: f.Name, Type: f.Type, Tag: f.Tag, Anonymous: f.Anonymous && exported}
		if name != f.Name {
			sf.Name, changed = name, true
			if !exported {
				sf.PkgPath = "main"
			}
		} else if !f.IsExported() {
			sf.PkgPath = f.PkgPath
		}
		if e, ok := printable(fv, depth-1); ok {
			fv, sf.Type, changed = e, emptyInterfaceType, true
		}
		fields[i], values[i] = sf, fv
	}
	if !changed {
		return v, false
	}
	var out reflect.Value
	func() {
		defer func() {
			if recover() != nil {
				out = reflect.Value{} // a struct reflect cannot build
			}
		}()
		out = reflect.New(reflect.StructOf(fields)).Elem()
	}()
	if !out.IsValid() {
		return v, false
	}
	for i, fv := range values {
		dst := out.Field(i)
		if !dst.CanSet() {
			dst = reflect.NewAt(dst.Type(), unsafe.Pointer(dst.UnsafeAddr())).Elem()
		}
		if fv.IsValid() {
			dst.Set(fv)
		}
	}
	return out, true
}

// Rows returns v as a slice of structs when it is how the interpreter
// gives the display API a slice of a cell struct type: a slice of
// interfaces whose elements all hold its wrappers (the type has methods),
// or copies whose fields are wrapped or named as in the cell (it has
// fields with methods, or unexported ones; see the interp package's
// genMappedComposite). A copy's type is unnamed and has an unexported
// field (a cell struct type built by reflect has none: x is Xx) or a
// field that holds a wrapper. Any other []any stays as it is, as it does
// in compiled Go. False when v is not such a slice.
func Rows(v any) (any, bool) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array || rv.Type().Elem().Kind() != reflect.Interface || rv.Len() == 0 {
		return v, false
	}
	var et reflect.Type
	elems := make([]reflect.Value, rv.Len())
	mapped := false // whether a copy has a field that holds a wrapper
	for i := range elems {
		e := rv.Index(i)
		if e.IsNil() {
			return v, false
		}
		e = e.Elem()
		wrapped := false
		if isMethodWrapper(e.Type()) {
			if e, wrapped = wrapperValue(e); !wrapped || !e.IsValid() {
				return v, false
			}
		}
		st := e.Type()
		if st.Kind() == reflect.Pointer {
			st = st.Elem()
		}
		if st.Kind() != reflect.Struct || st.Name() != "" || !e.CanInterface() || et != nil && e.Type() != et {
			return v, false
		}
		if !wrapped && e.Kind() == reflect.Struct {
			mapped = mapped || holdsWrapper(e)
		}
		et, elems[i] = e.Type(), e
	}
	if et.Kind() == reflect.Struct && !mapped && !hasUnexported(et) && !isMethodWrapper(rv.Index(0).Elem().Type()) {
		return v, false
	}
	out := reflect.MakeSlice(reflect.SliceOf(et), len(elems), len(elems))
	for i, e := range elems {
		out.Index(i).Set(e)
	}
	return out.Interface(), true
}

// hasUnexported reports whether struct type t has an unexported field.
func hasUnexported(t reflect.Type) bool {
	for i := 0; i < t.NumField(); i++ {
		if !t.Field(i).IsExported() {
			return true
		}
	}
	return false
}

// holdsWrapper reports whether an exported field of interface type of
// struct v holds one of yaegi's method wrappers.
func holdsWrapper(v reflect.Value) bool {
	for i := 0; i < v.NumField(); i++ {
		f := v.Field(i)
		if f.Kind() == reflect.Interface && !f.IsNil() && v.Type().Field(i).IsExported() && isMethodWrapper(f.Elem().Type()) {
			return true
		}
	}
	return false
}
