package interpvalue

import (
	"fmt"
	"io"
	"reflect"
)

// Formattable returns v as Unwrap does, and with the wrappers that give
// compiled code the String method of a cell value (yaegi's fmt.Stringer
// wrapper, a struct of the value and the method) replaced by a Stringer
// that fmt formats as it formats a value of the cell type: %v, %s, %q, %x
// and %X show the String method's text, and the other verbs the value
// itself (%d of a `type Color int` is its number, %.2f of a `type Loss
// float64` its digits), where fmt printed the wrapper's fields. So are
// the wrappers of cell values for the error interface (errorOf).
func Formattable(v any) (out any, changed bool) {
	return replace(v, formattable(true))
}

// FormattableKeepingErrors is Formattable leaving the wrappers of cell
// errors as they are, for fmt.Errorf: the error it returns gives them
// back (errors.Unwrap, errors.As), as the interpreter made them.
func FormattableKeepingErrors(v any) (out any, changed bool) {
	return replace(v, formattable(false))
}

func formattable(errors bool) func(rv reflect.Value) (reflect.Value, bool) {
	return func(rv reflect.Value) (reflect.Value, bool) {
		if inner, ok := unwrapped(rv); ok {
			return inner, true
		}
		if s, ok := stringerOf(rv); ok {
			return reflect.ValueOf(s), true
		}
		if e, ok := errorOf(rv); ok && errors {
			return reflect.ValueOf(e), true
		}
		if inner, ok := unprintedWrapper(rv); ok {
			return inner, true
		}
		return rv, false
	}
}

// unprintedWrapper returns the cell value inside rv when rv is one of
// yaegi's wrappers that give compiled code a cell value's methods (its
// first field, IValue, holds the value) and none of its methods is one
// fmt calls (Error, String, Format, GoString): fmt printed the wrapper,
// `{{7} 0x50dec0}` for an io.Reader holding a `myR{7}`, where Go prints
// the value, {7}. A wrapper of an error keeps its Error method for fmt.
func unprintedWrapper(rv reflect.Value) (reflect.Value, bool) {
	t := rv.Type()
	if !isMethodWrapper(t) {
		return rv, false
	}
	for _, name := range []string{"Error", "String", "Format", "GoString"} {
		if _, ok := t.MethodByName(name); ok {
			return rv, false
		}
	}
	inner, _ := wrapperValue(rv)
	if inner.IsValid() && !inner.CanInterface() {
		return rv, false
	}
	return inner, true
}

var stringMethodType = reflect.TypeFor[func() string]()

// stringerOf returns a Stringer for rv when rv is yaegi's fmt.Stringer
// wrapper: a struct {IValue any; WString func() string}.
func stringerOf(rv reflect.Value) (Stringer, bool) {
	t := rv.Type()
	if t.Kind() != reflect.Struct || t.NumField() != 2 || t.PkgPath() == "" && t.Name() == "" {
		return Stringer{}, false
	}
	v, m := t.Field(0), t.Field(1)
	if v.Name != "IValue" || v.Type.Kind() != reflect.Interface || m.Name != "WString" || m.Type != stringMethodType {
		return Stringer{}, false
	}
	str, _ := rv.Field(1).Interface().(func() string)
	if str == nil {
		return Stringer{}, false
	}
	inner := rv.Field(0)
	if !inner.IsNil() {
		inner = inner.Elem()
		if w, ok := unwrapped(inner); ok {
			inner = w
		}
	}
	var value any
	if inner.IsValid() && inner.CanInterface() && !(inner.Kind() == reflect.Interface && inner.IsNil()) {
		value = inner.Interface()
	}
	return Stringer{IValue: value, text: str}, true
}

// Stringer is a cell value with a String method, as Formattable gives it
// to fmt. IValue is the value; its first field's name is the one yaegi's
// wrappers have, so that code which looks inside them looks inside this.
type Stringer struct {
	IValue any
	text   func() string
}

// String returns the value's String method's text.
func (s Stringer) String() string { return s.text() }

// Format formats s as fmt formats a value whose type has a String method
// (formatWithMethod).
func (s Stringer) Format(st fmt.State, verb rune) {
	formatWithMethod(st, verb, s.IValue, s.text, "String")
}

// formatWithMethod formats value as fmt formats a value whose type has
// the method name, String or Error, whose text text returns: the text for
// %v, %s, %q, %x and %X (not %#v), the value itself for the other verbs,
// and for a panic in the method fmt's %!v(PANIC=String method: ...), or
// <nil> when the value is a nil pointer.
func formatWithMethod(st fmt.State, verb rune, value any, text func() string, name string) {
	switch verb {
	case 'v', 's', 'q', 'x', 'X':
		if verb == 'v' && st.Flag('#') {
			break
		}
		t, panicked := call(text)
		if panicked != nil {
			if rv := reflect.ValueOf(value); rv.Kind() == reflect.Pointer && rv.IsNil() {
				io.WriteString(st, "<nil>")
				return
			}
			fmt.Fprintf(st, "%%!%c(PANIC=%s method: %v)", verb, name, panicked)
			return
		}
		fmt.Fprintf(st, fmt.FormatString(st, verb), t)
		return
	}
	fmt.Fprintf(st, fmt.FormatString(st, verb), value)
}

// errorOf returns an Error for rv when rv is one of yaegi's wrappers of a
// cell value for an error interface (interp._error and the composed ones:
// IValue, then WError and perhaps WUnwrap, WIs, WAs) whose type has no
// String or Format method of its own: fmt printed the wrapper's fields
// for the verbs that do not call Error (%g of a `type ErrNeg float64`
// in its own Error method, as the Go tour's Sqrt exercise has it).
// petridish.
func errorOf(rv reflect.Value) (Error, bool) {
	t := rv.Type()
	if !isMethodWrapper(t) || t.Field(1).Name != "WError" || t.Field(1).Type != stringMethodType {
		return Error{}, false
	}
	for _, name := range []string{"String", "Format", "GoString"} {
		if _, ok := t.MethodByName(name); ok {
			return Error{}, false
		}
	}
	err, ok := rv.Interface().(error)
	if !ok {
		return Error{}, false
	}
	inner, _ := wrapperValue(rv)
	var value any
	if inner.IsValid() && inner.CanInterface() && !(inner.Kind() == reflect.Interface && inner.IsNil()) {
		value = inner.Interface()
	}
	return Error{IValue: value, err: err}, true
}

// Error is a cell value with an Error method, as Formattable gives it to
// fmt. IValue is the value, named as in yaegi's wrappers.
type Error struct {
	IValue any
	err    error
}

// Error returns the value's Error method's text.
func (e Error) Error() string { return e.err.Error() }

// Format formats e as fmt formats a value whose type has an Error method
// (formatWithMethod).
func (e Error) Format(st fmt.State, verb rune) {
	formatWithMethod(st, verb, e.IValue, e.err.Error, "Error")
}

// call runs a String or Error method, text, returning what it panicked
// with, if it did.
func call(text func() string) (s string, panicked any) {
	defer func() {
		if r := recover(); r != nil {
			panicked = r
		}
	}()
	return text(), nil
}
