package interp

import "reflect"

// petridish: the wrappers that carry a value of an interpreted error type
// into compiled code kept only its Error method, so compiled errors.Is,
// errors.As and errors.Unwrap (and fmt's %w chains) could not see its
// Unwrap, Is and As methods: errors.Is(&WrapErr{ErrEmpty}, ErrEmpty) was
// false. These composed wrappers, listed from the most methods to the
// fewest, are tried in turn by getWrapper before the plain _error; the
// first whose methods the type has, with the same signatures, is used.

type _error_Unwrap_Is_As struct {
	IValue  interface{}
	WError  func() string
	WUnwrap func() error
	WIs     func(error) bool
	WAs     func(any) bool
}

func (w _error_Unwrap_Is_As) Error() string      { return w.WError() }
func (w _error_Unwrap_Is_As) Unwrap() error      { return w.WUnwrap() }
func (w _error_Unwrap_Is_As) Is(err error) bool  { return w.WIs(err) }
func (w _error_Unwrap_Is_As) As(target any) bool { return w.WAs(target) }

type _error_Unwrap_Is struct {
	IValue  interface{}
	WError  func() string
	WUnwrap func() error
	WIs     func(error) bool
}

func (w _error_Unwrap_Is) Error() string     { return w.WError() }
func (w _error_Unwrap_Is) Unwrap() error     { return w.WUnwrap() }
func (w _error_Unwrap_Is) Is(err error) bool { return w.WIs(err) }

type _error_Unwrap_As struct {
	IValue  interface{}
	WError  func() string
	WUnwrap func() error
	WAs     func(any) bool
}

func (w _error_Unwrap_As) Error() string      { return w.WError() }
func (w _error_Unwrap_As) Unwrap() error      { return w.WUnwrap() }
func (w _error_Unwrap_As) As(target any) bool { return w.WAs(target) }

type _error_Unwrap struct {
	IValue  interface{}
	WError  func() string
	WUnwrap func() error
}

func (w _error_Unwrap) Error() string { return w.WError() }
func (w _error_Unwrap) Unwrap() error { return w.WUnwrap() }

// _error_UnwrapAll carries an error that wraps several, as errors.Join's
// do: Unwrap() []error.
type _error_UnwrapAll struct {
	IValue  interface{}
	WError  func() string
	WUnwrap func() []error
}

func (w _error_UnwrapAll) Error() string   { return w.WError() }
func (w _error_UnwrapAll) Unwrap() []error { return w.WUnwrap() }

type _error_Is_As struct {
	IValue interface{}
	WError func() string
	WIs    func(error) bool
	WAs    func(any) bool
}

func (w _error_Is_As) Error() string      { return w.WError() }
func (w _error_Is_As) Is(err error) bool  { return w.WIs(err) }
func (w _error_Is_As) As(target any) bool { return w.WAs(target) }

type _error_Is struct {
	IValue interface{}
	WError func() string
	WIs    func(error) bool
}

func (w _error_Is) Error() string     { return w.WError() }
func (w _error_Is) Is(err error) bool { return w.WIs(err) }

type _error_As struct {
	IValue interface{}
	WError func() string
	WAs    func(any) bool
}

func (w _error_As) Error() string      { return w.WError() }
func (w _error_As) As(target any) bool { return w.WAs(target) }

// composedErrorWrappers lists the wrappers above in the order getWrapper
// tries them.
var composedErrorWrappers = []reflect.Type{
	reflect.TypeFor[_error_Unwrap_Is_As](),
	reflect.TypeFor[_error_Unwrap_Is](),
	reflect.TypeFor[_error_Unwrap_As](),
	reflect.TypeFor[_error_Unwrap](),
	reflect.TypeFor[_error_UnwrapAll](),
	reflect.TypeFor[_error_Is_As](),
	reflect.TypeFor[_error_Is](),
	reflect.TypeFor[_error_As](),
}
