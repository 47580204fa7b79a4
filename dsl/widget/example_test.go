package widget_test

import (
	"fmt"

	"github.com/petridish-go/petridish/dsl/widget"
)

// A slider whose changes run a callback. In a notebook, returning the
// slider from a cell displays it; here, with no front end, it prints as
// text, and SetValue stands in for the browser.
func Example() {
	slope := widget.NewFloatSlider("slope", 1, 0.25, 4, 0.25)
	defer slope.Close()
	slope.OnChange(func(v float64) { fmt.Println("slope is now", v) })
	slope.SetValue(2.5)
	slope.SetValue(10) // clamped to the maximum
	fmt.Println(slope)
	// Output:
	// slope is now 2.5
	// slope is now 4
	// FloatSlider(description="slope", value=4)
}

// Interact redraws its output whenever a control changes; without a front
// end it draws once.
func ExampleInteract() {
	units := widget.NewIntSlider("hidden units", 10, 1, 100)
	act := widget.NewDropdown("activation", "sigmoid", "tanh", "relu")
	widget.Interact(func() any {
		return fmt.Sprintf("%d %s units", units.Value(), act.Value())
	}, units, act)
	widget.CloseAll()
	// Output:
	// VBox(children=2)
	// 10 sigmoid units
}
