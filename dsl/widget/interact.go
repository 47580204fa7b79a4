package widget

import (
	"fmt"

	"github.com/petridish-go/petridish/dsl/display"
)

// Interact displays controls in a column with the value of render below
// them, and calls render again whenever a control changes (a slider
// moves, an option is picked, a button is clicked), replacing the output
// in place: the notebook's way to explore a function of a few
// parameters. render reads the controls' values itself and returns
// anything display.Render shows: a *plot.Plot, an image, a table, text.
// A panic in render is shown in place of its output.
//
// Without a live front end (`petridish run`, `petridish exec`) render
// runs once, with the controls' initial values.
func Interact(render func() any, controls ...Widget) {
	box := NewVBox(controls...)
	display.Show(box) // publishes nothing when the box showed itself (protocol 1)
	out := display.New(nil)
	draw := func() {
		data, md := renderSafely(render)
		out.UpdateMIME(data, md)
	}
	for _, c := range controls {
		m := lookup(c.ModelID())
		if m == nil {
			continue
		}
		if m.get("_options_labels") != nil {
			m.observe("index", draw) // its "value" follows the index
		} else {
			m.observe("value", draw)
		}
		m.onClick(draw)
	}
	draw()
}

// renderSafely calls render and renders its value, turning a panic or a
// rendering error into text.
func renderSafely(render func() any) (data, md map[string]any) {
	defer func() {
		if r := recover(); r != nil {
			data, md = map[string]any{"text/plain": fmt.Sprintf("render panicked: %v", r)}, nil
		}
	}()
	data, md, err := display.Render(render())
	if err != nil {
		return map[string]any{"text/plain": "render: " + err.Error()}, nil
	}
	return data, md
}
