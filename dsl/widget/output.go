package widget

const (
	outputModule  = "@jupyter-widgets/output"
	outputVersion = "1.0.0"
)

// Output is an area of the notebook that collects output: whatever is
// printed or displayed while Capture runs, in a cell or in a callback,
// appears in it instead of where it would go otherwise. It is how a
// callback's prints become visible (without it they go to the front
// end's log). Output is ipywidgets' Output widget.
type Output struct{ base }

// NewOutput makes an empty output area.
func NewOutput() *Output {
	b := base{layout: newLayout()}
	mod, ver := module("output")
	b.m = newModel("Output", map[string]any{
		"_model_module": mod, "_model_module_version": ver, "_model_name": "OutputModel",
		"_view_module": mod, "_view_module_version": ver, "_view_name": "OutputView",
		"_dom_classes": []any{}, "layout": b.layout.ref(), "tabbable": nil, "tooltip": nil,
		"msg_id": "", "outputs": []any{},
	}, nil)
	return &Output{b}
}

// Capture runs f with its output going into the area: the front end is
// told to route the outputs of the request being served (the cell, or the
// browser event running a callback) there until f returns. Without a live
// front end (`petridish run`, `petridish exec`) f's output goes where it
// would without Capture.
func (o *Output) Capture(f func()) {
	id := requestID()
	if id == "" {
		f()
		return
	}
	o.m.set("msg_id", id)
	defer o.m.set("msg_id", "")
	f()
}

// Clear empties the area.
func (o *Output) Clear() {
	o.m.mu.Lock()
	o.m.state["outputs"] = []any{}
	o.m.mu.Unlock()
	// Sent even when the kernel's copy is already empty: the front end
	// keeps the outputs it captured.
	o.m.sendState("update", map[string]any{"outputs": []any{}})
}
