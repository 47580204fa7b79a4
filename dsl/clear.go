package dsl

import (
	"fmt"
	"reflect"

	"github.com/petridish-go/petridish/dsl/internal/interpvalue"
)

// The builtin clear (Go 1.21) is missing from yaegi v0.16.1, where
// `clear(m)` fails with "undefined: clear". Every session declares it as
// a function that hands its argument to the compiled clearValue.
const clearSrc = `func clear(x any) { ` + internalName + `.Clear(x) }`

// clearValue deletes the entries of a map or zeroes the elements of a
// slice, as the builtin does; any other argument panics, saying so (Go
// rejects it when compiling).
func clearValue(x any) {
	x, _ = interpvalue.Unwrap(x)
	v := reflect.ValueOf(x)
	switch v.Kind() {
	case reflect.Map, reflect.Slice:
		v.Clear()
	default:
		panic(fmt.Sprintf("invalid argument: clear(%T): the argument must be a map or a slice", x))
	}
}
