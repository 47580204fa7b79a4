package unsafe2_test

import (
	"fmt"
	"reflect"

	"github.com/petridish-go/petridish/internal/yaegi/unsafe2"
)

// A struct type that points to itself: built with a stand-in for the
// field's type, which SetFieldType then replaces.
func ExampleSetFieldType() {
	node := reflect.StructOf([]reflect.StructField{
		{Name: "Value", Type: reflect.TypeFor[int]()},
		{Name: "Next", Type: reflect.PointerTo(unsafe2.DummyType)},
	})
	unsafe2.SetFieldType(node, 1, reflect.PointerTo(node))
	fmt.Println(node.Field(1).Type == reflect.PointerTo(node))
	// Output: true
}

// A func type that returns itself: made with a stand-in for its result,
// which ReplaceType then replaces.
func ExampleReplaceType() {
	stand := reflect.StructOf([]reflect.StructField{{Name: "StandIn", Type: reflect.TypeFor[func()]()}})
	f := reflect.FuncOf([]reflect.Type{reflect.TypeFor[string]()}, []reflect.Type{stand}, false)
	fmt.Println(unsafe2.ReplaceType(f, stand, f), f.Out(0) == f, f.In(0))
	// Output: true true string
}
