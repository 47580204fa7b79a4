package display_test

import (
	"fmt"

	"github.com/petridish-go/petridish/dsl/display"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
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

// PlotSize shows a plot at a size of its own, here wide and short; in a
// notebook it is a PNG of 768x288 logical pixels (drawn at twice that)
// with an SVG alternative, and in a terminal its text placeholder.
func ExamplePlotSize() {
	p := plot.New()
	line, _ := plotter.NewLine(plotter.XYs{{X: 0, Y: 1}, {X: 1, Y: 3}, {X: 2, Y: 2}})
	p.Add(line)
	display.PlotSize(p, 8*vg.Inch, 3*vg.Inch)
	// Output:
	// [plot 768x288]
}
