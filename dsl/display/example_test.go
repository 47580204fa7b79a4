package display_test

import (
	"fmt"

	"github.com/petridish-go/petridish/dsl/display"
)

type score struct {
	Motif string
	Loss  float64
}

// Render picks a MIME bundle by type; here a slice of structs becomes a
// table with an HTML and a text form.
func ExampleRender() {
	data, _, _ := display.Render([]score{{"slope 0.5", 0.31}, {"slope 2", 0.12}})
	fmt.Println(data["text/plain"])
	// Output:
	// Motif      Loss
	// ---------  ----
	// slope 0.5  0.31
	// slope 2    0.12
}

// With no publisher installed, display functions print text for a
// terminal.
func Example() {
	display.Markdown("**done**")
	display.MIME(map[string]any{"image/png": "iVBORw0KGgo="})
	// Output:
	// **done**
	// [image/png]
}
