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
	rv, changed := unwrap(reflect.ValueOf(v), maxDepth)
	if !changed {
		return v, false
	}
	if !rv.IsValid() {
		return nil, true
	}
	return rv.Interface(), true
}

// unwrap is Unwrap on a reflect.Value; the result is invalid when the
// wrapper held nil.
func unwrap(rv reflect.Value, depth int) (reflect.Value, bool) {
	if depth == 0 || !rv.IsValid() {
		return rv, false
	}
	if inner, ok := Wrapped(rv); ok {
		for inner.IsValid() && inner.Kind() == reflect.Interface {
			inner = inner.Elem()
		}
		if inner.IsValid() && !inner.CanInterface() {
			return rv, false
		}
		deeper, _ := unwrap(inner, depth-1)
		return deeper, true
	}
	switch rv.Kind() {
	case reflect.Slice, reflect.Array:
		if rv.Type().Elem().Kind() != reflect.Interface {
			return rv, false
		}
		var out reflect.Value
		for i := 0; i < rv.Len(); i++ {
			e, ok := element(rv.Index(i), rv.Type().Elem(), depth)
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
			if _, ok := element(it.Value(), rv.Type().Elem(), depth); ok {
				out = reflect.MakeMapWithSize(rv.Type(), rv.Len())
				break
			}
		}
		if !out.IsValid() {
			return rv, false
		}
		for it := rv.MapRange(); it.Next(); {
			val := it.Value()
			if e, ok := element(val, rv.Type().Elem(), depth); ok {
				val = e
			}
			out.SetMapIndex(it.Key(), val)
		}
		return out, true
	}
	return rv, false
}

// element unwraps e, an element of interface type elem, and reports
// whether it changed and the result can be stored back as an elem.
func element(e reflect.Value, elem reflect.Type, depth int) (reflect.Value, bool) {
	if e.IsNil() {
		return e, false
	}
	u, ok := unwrap(e.Elem(), depth-1)
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
	t := rv.Type()
	if t.Kind() != reflect.Struct || t.NumField() < 2 || t.Field(0).Name != "IValue" || t.Field(0).Type.Kind() != reflect.Interface {
		return reflect.Value{}, false
	}
	inner := rv.Field(0)
	if inner.IsNil() {
		return reflect.Value{}, false
	}
	inner = inner.Elem()
	if w, ok := Wrapped(inner); ok {
		inner = w
	}
	for inner.IsValid() && inner.Kind() == reflect.Interface {
		inner = inner.Elem()
	}
	return inner, inner.IsValid()
}
