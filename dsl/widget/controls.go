package widget

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
)

// Widget is a Jupyter widget: an interactive control in a notebook, text
// anywhere else. Every widget of this package is one.
type Widget interface {
	// ModelID is the id of the widget's model (and comm).
	ModelID() string
	// MIMEBundle displays the widget: its view for notebooks, and a
	// text/plain line for everything else (nil when the widget showed
	// itself to a front end of widget protocol 1).
	MIMEBundle() map[string]any
}

// base is what every widget has: its model and the layout model that
// carries its CSS, and for controls, a style model.
type base struct {
	m      *model
	layout *model
	style  *model
}

// ModelID returns the id of the widget's model and comm.
func (b *base) ModelID() string { return b.m.id }

// MIMEBundle returns the bundle that displays the widget: its
// application/vnd.jupyter.widget-view+json view and a text/plain line.
// For a front end of widget protocol 1 it shows the view with a "display"
// message instead and returns nil, so the notebook shows only the view.
func (b *base) MIMEBundle() map[string]any {
	if legacy.Load() {
		send("comm_msg", map[string]any{"comm_id": b.m.id, "data": map[string]any{"method": "display"}}, nil)
		return nil
	}
	return map[string]any{
		ViewMIME:     map[string]any{"model_id": b.m.id, "version_major": 2, "version_minor": 0},
		"text/plain": b.String(),
	}
}

// String describes the widget in one line, such as
// `FloatSlider(description="slope", value=1.5)`.
func (b *base) String() string {
	s := b.m.snapshot()
	var parts []string
	if d, _ := s["description"].(string); d != "" {
		parts = append(parts, "description="+strconv.Quote(d))
	}
	if labels, ok := s["_options_labels"].([]any); ok {
		if i, ok := s["index"].(int); ok && i >= 0 && i < len(labels) {
			parts = append(parts, "value="+textValue(labels[i]))
		}
	} else if v, ok := s["value"]; ok {
		parts = append(parts, "value="+textValue(v))
	}
	if ch, ok := s["children"].([]any); ok {
		parts = append(parts, fmt.Sprintf("children=%d", len(ch)))
	}
	return b.m.kind + "(" + strings.Join(parts, ", ") + ")"
}

func textValue(v any) string {
	switch x := v.(type) {
	case string:
		return strconv.Quote(x)
	case []byte:
		return fmt.Sprintf("<%d bytes>", len(x))
	}
	return fmt.Sprint(v)
}

// Get returns the widget's attribute key as the front end sees it (JSON
// types: float64 or int numbers, string, bool, nil, []any), or nil.
func (b *base) Get(key string) any { return b.m.get(key) }

// Set changes any attribute of the widget's ipywidgets model, such as
// "continuous_update", "readout_format" or "disabled", and tells the
// front end. Values of the typed attributes are checked as their typed
// setters check them.
func (b *base) Set(key string, value any) error { return b.m.set(key, value) }

// SetLayout sets a CSS property of the widget's layout, in ipywidgets'
// names: "width", "height", "margin", "border", "display", ...
func (b *base) SetLayout(property, value string) error { return b.layout.set(property, value) }

// SetStyle sets a property of the widget's style, such as
// "description_width" or, for buttons, "button_color".
func (b *base) SetStyle(property string, value any) error {
	if b.style == nil {
		return fmt.Errorf("%s has no style", b.m.kind)
	}
	return b.style.set(property, value)
}

// SetDisabled greys the control out (true) or enables it.
func (b *base) SetDisabled(disabled bool) { b.m.set("disabled", disabled) }

// Close removes the widget from the front end and forgets it; its views
// disappear.
func (b *base) Close() {
	b.m.close()
	b.layout.close()
	if b.style != nil {
		b.style.close()
	}
}

func newLayout() *model {
	mod, ver := module("base")
	return newModel("Layout", map[string]any{
		"_model_module": mod, "_model_module_version": ver, "_model_name": "LayoutModel",
		"_view_module": mod, "_view_module_version": ver, "_view_name": "LayoutView",
	}, coerceLayout)
}

func coerceLayout(m *model, key string, v any) (any, error) {
	if strings.HasPrefix(key, "_") {
		return v, nil
	}
	if v == nil {
		return nil, nil
	}
	s, ok := v.(string)
	if !ok {
		return nil, fmt.Errorf("a layout property is a CSS string such as \"300px\", not %T", v)
	}
	return s, nil
}

// newStyle opens a style model, or returns nil when the front end's
// widgets have no such style (protocol 1 has only a few).
func newStyle(name string) *model {
	if legacy.Load() && !legacyStyles[name] {
		return nil
	}
	mod, ver := module("controls")
	viewMod, viewVer := module("base")
	return newModel(strings.TrimSuffix(name, "Model"), map[string]any{
		"_model_module": mod, "_model_module_version": ver, "_model_name": name,
		"_view_module": viewMod, "_view_module_version": viewVer, "_view_name": "StyleView",
	}, nil)
}

// newBase opens a control's layout, style and model. kind names the
// ipywidgets model (kind+"Model") and view is its view; style is the
// style model's name, or "" for none.
func newBase(kind, view, style string, state map[string]any, coerce func(*model, string, any) (any, error)) base {
	b := base{layout: newLayout()}
	mod, ver := module("controls")
	state["_model_module"], state["_model_module_version"], state["_model_name"] = mod, ver, kind+"Model"
	state["_view_module"], state["_view_module_version"], state["_view_name"] = mod, ver, view
	state["_dom_classes"], state["layout"], state["tabbable"], state["tooltip"] = []any{}, b.layout.ref(), nil, nil
	if style != "" {
		if b.style = newStyle(style); b.style != nil {
			state["style"] = b.style.ref()
		}
	}
	if _, ok := state["description"]; ok {
		state["description_allow_html"] = false
	}
	b.m = newModel(kind, state, coerce)
	return b
}

// Coercion of the typed attributes, shared by the controls.

func toFloat(v any) (float64, error) {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Float32, reflect.Float64:
		return rv.Float(), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return float64(rv.Int()), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return float64(rv.Uint()), nil
	}
	return 0, fmt.Errorf("want a number, got %T %v", v, v)
}

// commonTypes are the types of the attributes many widgets share.
var commonTypes = map[string]string{
	"description": "string", "placeholder": "string", "readout_format": "string", "button_style": "string",
	"icon": "string", "orientation": "string", "box_style": "string", "behavior": "string",
	"disabled": "bool", "continuous_update": "bool", "readout": "bool", "indent": "bool", "description_allow_html": "bool",
}

// coerceCommon checks an attribute of commonTypes; ok reports whether key
// is one.
func coerceCommon(key string, v any) (c any, ok bool, err error) {
	kind, ok := commonTypes[key]
	if !ok {
		return v, false, nil
	}
	c, err = typed(kind, v)
	return c, true, err
}

// typed checks that v is of kind, "bool" or "string"; any other kind
// (none) lets every value through.
func typed(kind string, v any) (any, error) {
	switch kind {
	case "bool":
		if b, ok := v.(bool); ok {
			return b, nil
		}
		return nil, fmt.Errorf("want a bool, got %T", v)
	case "string":
		if s, ok := v.(string); ok {
			return s, nil
		}
		return nil, fmt.Errorf("want a string, got %T", v)
	}
	return v, nil
}

// FloatSlider is a slider over a range of float64 values.
type FloatSlider struct{ base }

// NewFloatSlider makes a slider labelled description, at value, over
// [min, max] in steps of step. It panics when min > max or step <= 0, as
// these are mistakes in the calling code.
func NewFloatSlider(description string, value, min, max, step float64) *FloatSlider {
	checkRange(min, max, step)
	s := &FloatSlider{newBase("FloatSlider", "FloatSliderView", "SliderStyleModel", map[string]any{
		"description": description, "value": clamp(value, min, max), "min": min, "max": max, "step": step,
		"disabled": false, "continuous_update": true, "orientation": "horizontal",
		"readout": true, "readout_format": ".2f", "behavior": "drag-tap",
	}, coerceSlider(false))}
	reclampOnRange(&s.base)
	return s
}

// Value returns the slider's value.
func (s *FloatSlider) Value() float64 { f, _ := toFloat(s.m.get("value")); return f }

// SetValue moves the slider to v, clamped to its range; NaN is an error.
func (s *FloatSlider) SetValue(v float64) error { return s.m.set("value", v) }

// OnChange runs f with the new value after every change, made in the
// browser or by SetValue.
func (s *FloatSlider) OnChange(f func(value float64)) {
	s.m.observe("value", func() { f(s.Value()) })
}

// IntSlider is a slider over a range of integers.
type IntSlider struct{ base }

// NewIntSlider makes a slider labelled description, at value, over
// [min, max] in steps of 1. It panics when min > max.
func NewIntSlider(description string, value, min, max int) *IntSlider {
	checkRange(float64(min), float64(max), 1)
	s := &IntSlider{newBase("IntSlider", "IntSliderView", "SliderStyleModel", map[string]any{
		"description": description, "value": int(clamp(float64(value), float64(min), float64(max))),
		"min": min, "max": max, "step": 1,
		"disabled": false, "continuous_update": true, "orientation": "horizontal",
		"readout": true, "readout_format": "d", "behavior": "drag-tap",
	}, coerceSlider(true))}
	reclampOnRange(&s.base)
	return s
}

// Value returns the slider's value.
func (s *IntSlider) Value() int { v, _ := s.m.get("value").(int); return v }

// SetValue moves the slider to v, clamped to its range.
func (s *IntSlider) SetValue(v int) error { return s.m.set("value", v) }

// OnChange runs f with the new value after every change.
func (s *IntSlider) OnChange(f func(value int)) {
	s.m.observe("value", func() { f(s.Value()) })
}

// FloatLogSlider is a slider over a range of positive values on a log
// scale, for learning rates, weight decays and other scale parameters.
type FloatLogSlider struct{ base }

// NewFloatLogSlider makes a log-scale slider labelled description, at
// value, over [min, max], moving in steps of a tenth of a decade (the
// browser shows a value between steps at the nearest step; Set("step",
// 0.01) makes them finer). It panics unless 0 < min <= max.
func NewFloatLogSlider(description string, value, min, max float64) *FloatLogSlider {
	if !(min > 0) {
		panic(fmt.Sprintf("widget: a log slider needs a positive minimum; got %v", min))
	}
	checkRange(min, max, 1)
	lo, hi := round15(math.Log10(min)), round15(math.Log10(max))
	s := &FloatLogSlider{newBase("FloatLogSlider", "FloatLogSliderView", "SliderStyleModel", map[string]any{
		"description": description, "value": clamp(value, min, max), "base": 10.0, "min": lo, "max": hi, "step": 0.1,
		"disabled": false, "continuous_update": true, "orientation": "horizontal",
		"readout": true, "readout_format": ".3~g", "behavior": "drag-tap",
	}, coerceLogSlider)}
	reclampOnRange(&s.base)
	return s
}

// coerceLogSlider is coerceSlider for a log slider, whose min and max
// are exponents of its base.
func coerceLogSlider(m *model, key string, v any) (any, error) {
	if key != "value" {
		return coerceSlider(false)(m, key, v)
	}
	f, err := toFloat(v)
	if err != nil {
		return nil, err
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, fmt.Errorf("want a finite number, got %v", f)
	}
	base, _ := toFloat(m.get("base"))
	lo, _ := toFloat(m.get("min"))
	hi, _ := toFloat(m.get("max"))
	return clamp(f, round15(math.Pow(base, lo)), round15(math.Pow(base, hi))), nil
}

// round15 rounds x to 15 significant digits, so that a log slider made
// over [1e-5, 0.1] has exponents -5 and -1 and bounds 1e-5 and 0.1, not
// those plus the rounding of a logarithm and a power.
func round15(x float64) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 15, 64), 64)
	return r
}

// Value returns the slider's value.
func (s *FloatLogSlider) Value() float64 { f, _ := toFloat(s.m.get("value")); return f }

// SetValue moves the slider to v, clamped to its range.
func (s *FloatLogSlider) SetValue(v float64) error { return s.m.set("value", v) }

// OnChange runs f with the new value after every change.
func (s *FloatLogSlider) OnChange(f func(value float64)) {
	s.m.observe("value", func() { f(s.Value()) })
}

func checkRange(min, max, step float64) {
	if !(min <= max) || !(step > 0) {
		panic(fmt.Sprintf("widget: a slider needs min <= max and step > 0; got min %v, max %v, step %v", min, max, step))
	}
}

func clamp(v, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, v)) }

// coerceSlider checks slider attributes: numbers, and a value clamped to
// [min, max] (rounded, for integer sliders).
func coerceSlider(integer bool) func(*model, string, any) (any, error) {
	return func(m *model, key string, v any) (any, error) {
		if c, ok, err := coerceCommon(key, v); ok {
			return c, err
		}
		switch key {
		case "value", "min", "max", "step":
			f, err := toFloat(v)
			if err != nil {
				return nil, err
			}
			if math.IsNaN(f) || math.IsInf(f, 0) {
				return nil, fmt.Errorf("want a finite number, got %v", f)
			}
			if key == "value" {
				lo, _ := toFloat(m.get("min"))
				hi, _ := toFloat(m.get("max"))
				f = clamp(f, lo, hi)
			}
			if key == "step" && f <= 0 {
				return nil, errors.New("step must be positive")
			}
			if integer {
				return int(math.Round(f)), nil
			}
			return f, nil
		}
		return v, nil
	}
}

// reclampOnRange keeps a slider's value inside its range when min or max
// change.
func reclampOnRange(b *base) {
	reclamp := func() { b.m.set("value", b.m.get("value")) }
	b.m.observe("min", reclamp)
	b.m.observe("max", reclamp)
}

// Checkbox is a labelled check box.
type Checkbox struct{ base }

// NewCheckbox makes a check box labelled description.
func NewCheckbox(description string, value bool) *Checkbox {
	return &Checkbox{newBase("Checkbox", "CheckboxView", "CheckboxStyleModel", map[string]any{
		"description": description, "value": value, "disabled": false, "indent": true,
	}, coerceTyped(map[string]string{"value": "bool"}))}
}

// Value reports whether the box is checked.
func (c *Checkbox) Value() bool { v, _ := c.m.get("value").(bool); return v }

// SetValue checks or clears the box.
func (c *Checkbox) SetValue(v bool) error { return c.m.set("value", v) }

// OnChange runs f with the new value after every change.
func (c *Checkbox) OnChange(f func(value bool)) {
	c.m.observe("value", func() { f(c.Value()) })
}

// coerceTyped checks the common attributes and the keys of types, each
// "bool" or "string".
func coerceTyped(types map[string]string) func(*model, string, any) (any, error) {
	return func(m *model, key string, v any) (any, error) {
		if c, ok, err := coerceCommon(key, v); ok {
			return c, err
		}
		return typed(types[key], v)
	}
}

// selection is what Dropdown and ToggleButtons share: a list of option
// labels and the index of the selected one.
type selection struct{ base }

func newSelection(kind, style, description string, options []string) selection {
	if len(options) == 0 {
		panic("widget: New" + kind + " needs at least one option")
	}
	labels := make([]any, len(options))
	for i, o := range options {
		labels[i] = o
	}
	// The selection is both "index" (widget protocol 2) and the selected
	// label "value" (protocol 1); each follows the other.
	state := map[string]any{"description": description, "_options_labels": labels, "index": 0, "value": options[0], "disabled": false}
	if kind == "ToggleButtons" {
		state["button_style"], state["tooltips"], state["icons"] = "", []any{}, []any{}
	}
	s := selection{newBase(kind, kind+"View", style, state, coerceSelection)}
	s.m.observe("index", func() { s.m.set("value", s.Value()) })
	s.m.observe("value", func() {
		label, _ := s.m.get("value").(string)
		for i, l := range s.m.get("_options_labels").([]any) {
			if l == label {
				s.m.set("index", i)
				return
			}
		}
	})
	return s
}

func coerceSelection(m *model, key string, v any) (any, error) {
	if c, ok, err := coerceCommon(key, v); ok {
		return c, err
	}
	if key == "value" {
		if v == nil || v == "" {
			return "", nil
		}
		for _, l := range m.get("_options_labels").([]any) {
			if l == v {
				return v, nil
			}
		}
		return nil, fmt.Errorf("%v is not one of the options %v", v, m.get("_options_labels"))
	}
	if key != "index" {
		return v, nil
	}
	if v == nil {
		return nil, nil
	}
	f, err := toFloat(v)
	if err != nil {
		return nil, err
	}
	n := len(m.get("_options_labels").([]any))
	if f != math.Trunc(f) || f < 0 || int(f) >= n {
		return nil, fmt.Errorf("index %v is not one of the %d options (0 to %d)", v, n, n-1)
	}
	return int(f), nil
}

// Index returns the position of the selected option, or -1 for none.
func (s *selection) Index() int {
	if i, ok := s.m.get("index").(int); ok {
		return i
	}
	return -1
}

// Value returns the selected option, or "" for none.
func (s *selection) Value() string {
	i := s.Index()
	labels := s.m.get("_options_labels").([]any)
	if i < 0 || i >= len(labels) {
		return ""
	}
	return labels[i].(string)
}

// SetValue selects the option labelled v; it is an error when there is
// none.
func (s *selection) SetValue(v string) error {
	for i, l := range s.m.get("_options_labels").([]any) {
		if l == v {
			return s.m.set("index", i)
		}
	}
	return fmt.Errorf("%s %q has no option %q", s.m.kind, s.m.get("description"), v)
}

// OnChange runs f with the newly selected option after every change.
func (s *selection) OnChange(f func(value string)) {
	s.m.observe("index", func() { f(s.Value()) })
}

// Dropdown picks one of a list of options.
type Dropdown struct{ selection }

// NewDropdown makes a dropdown labelled description over options, with
// the first one selected. It panics when there are no options.
func NewDropdown(description string, options ...string) *Dropdown {
	return &Dropdown{newSelection("Dropdown", "DescriptionStyleModel", description, options)}
}

// ToggleButtons picks one of a few options shown side by side as buttons.
type ToggleButtons struct{ selection }

// NewToggleButtons makes a row of buttons labelled options, with the
// first one selected. It panics when there are no options.
func NewToggleButtons(description string, options ...string) *ToggleButtons {
	return &ToggleButtons{newSelection("ToggleButtons", "ToggleButtonsStyleModel", description, options)}
}

// textual is what Text, Label and HTML share: a string value.
type textual struct{ base }

func newTextual(kind, style string, state map[string]any) textual {
	return textual{newBase(kind, kind+"View", style, state, coerceTyped(map[string]string{"value": "string"}))}
}

// Value returns the text (for HTML, the HTML fragment).
func (t *textual) Value() string { s, _ := t.m.get("value").(string); return s }

// SetValue replaces the text.
func (t *textual) SetValue(v string) error { return t.m.set("value", v) }

// Text is a one-line text box.
type Text struct{ textual }

// NewText makes a text box labelled description holding value.
func NewText(description, value string) *Text {
	return &Text{newTextual("Text", "TextStyleModel", map[string]any{
		"description": description, "value": value, "placeholder": "", "disabled": false, "continuous_update": true,
	})}
}

// OnChange runs f with the new text after every change (every keystroke,
// unless "continuous_update" is set to false: then on Enter or leaving
// the box).
func (t *Text) OnChange(f func(value string)) {
	t.m.observe("value", func() { f(t.Value()) })
}

// Button is a push button.
type Button struct{ base }

// NewButton makes a button labelled description.
func NewButton(description string) *Button {
	return &Button{newBase("Button", "ButtonView", "ButtonStyleModel", map[string]any{
		"description": description, "button_style": "", "icon": "", "disabled": false,
	}, coerceTyped(nil))}
}

// OnClick runs f after every click in the browser.
func (b *Button) OnClick(f func()) { b.m.onClick(f) }

// Click runs the button's click callbacks as a click in the browser
// would, returning their panics as an error.
func (b *Button) Click() error {
	return b.m.receive(map[string]any{"method": "custom", "content": map[string]any{"event": "click"}})
}

// Label shows a line of plain text.
type Label struct{ textual }

// NewLabel makes a label showing text.
func NewLabel(text string) *Label {
	return &Label{newTextual("Label", "LabelStyleModel", map[string]any{"description": "", "value": text, "placeholder": ""})}
}

// HTML shows a fragment of HTML, which callbacks may replace.
type HTML struct{ textual }

// NewHTML makes a widget showing the HTML fragment html.
func NewHTML(html string) *HTML {
	return &HTML{newTextual("HTML", "HTMLStyleModel", map[string]any{"description": "", "value": html, "placeholder": ""})}
}

// Box lays other widgets out in a row (NewHBox) or a column (NewVBox).
type Box struct{ base }

// NewHBox lays children out left to right.
func NewHBox(children ...Widget) *Box { return newBox("HBox", children) }

// NewVBox lays children out top to bottom.
func NewVBox(children ...Widget) *Box { return newBox("VBox", children) }

func newBox(kind string, children []Widget) *Box {
	refs := make([]any, len(children))
	for i, c := range children {
		refs[i] = refTo(c.ModelID())
	}
	return &Box{newBase(kind, kind+"View", "", map[string]any{
		"children": refs, "box_style": "",
	}, coerceTyped(nil))}
}
