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
