package widget

import (
	"bytes"
	"encoding/json"
	"image"
	"math"
	"reflect"
	"strings"
	"sync"
	"testing"

	"gonum.org/v1/plot"

	"github.com/petridish-go/petridish/dsl/display"
)

// recorder is a Transport that keeps every message, as JSON would carry
// it (so the test sees what a front end would decode).
type recorder struct {
	mu   sync.Mutex
	msgs []sent
}

type sent struct {
	Type     string
	Content  map[string]any
	Metadata map[string]any
	Buffers  [][]byte
}

func (r *recorder) Comm(msgType string, content, metadata map[string]any, buffers [][]byte) {
	var c, md map[string]any
	roundTrip(content, &c)
	roundTrip(metadata, &md)
	r.mu.Lock()
	r.msgs = append(r.msgs, sent{msgType, c, md, buffers})
	r.mu.Unlock()
}

func roundTrip(v any, into *map[string]any) {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	if err := json.Unmarshal(b, into); err != nil {
		panic(err)
	}
}

func (r *recorder) take() []sent {
	r.mu.Lock()
	defer r.mu.Unlock()
	m := r.msgs
	r.msgs = nil
	return m
}

// methods lists "comm_msg:<method>" (or the message type) of msgs.
func methods(msgs []sent) []string {
	var out []string
	for _, m := range msgs {
		if data, ok := m.Content["data"].(map[string]any); ok && m.Type == "comm_msg" {
			out = append(out, "comm_msg:"+data["method"].(string))
		} else {
			out = append(out, m.Type)
		}
	}
	return out
}

func setup(t *testing.T) *recorder {
	t.Helper()
	CloseAll()
	legacy.Store(false)
	r := &recorder{}
	prev := SetTransport(r)
	t.Cleanup(func() { CloseAll(); SetTransport(prev); legacy.Store(false) })
	return r
}

// update sends a front-end state change to the widget.
func update(t *testing.T, w Widget, state map[string]any) error {
	t.Helper()
	var content map[string]any
	roundTrip(map[string]any{"comm_id": w.ModelID(), "data": map[string]any{"method": "update", "state": state}}, &content)
	handled, err := Receive("comm_msg", content)
	if !handled {
		t.Fatalf("update of %s not handled: %v", w.ModelID(), err)
	}
	return err
}

func TestSliderOpensItsModels(t *testing.T) {
	r := setup(t)
	s := NewFloatSlider("slope", 1.5, 0.25, 4, 0.25)
	msgs := r.take()
	if got := methods(msgs); !reflect.DeepEqual(got, []string{"comm_open", "comm_open", "comm_open"}) {
		t.Fatalf("messages %v, want the layout's, the style's and the slider's comm_open", got)
	}
	ids := map[string]map[string]any{}
	for _, m := range msgs {
		if m.Content["target_name"] != Target || m.Metadata["version"] != ProtocolVersion {
			t.Errorf("comm_open %v / %v: want target %s, version %s", m.Content, m.Metadata, Target, ProtocolVersion)
		}
		data := m.Content["data"].(map[string]any)
		if _, ok := data["buffer_paths"].([]any); !ok {
			t.Errorf("comm_open data without buffer_paths: %v", data)
		}
		ids[m.Content["comm_id"].(string)] = data["state"].(map[string]any)
	}
	state := ids[s.ModelID()]
	want := map[string]any{
		"_model_name": "FloatSliderModel", "_model_module": "@jupyter-widgets/controls", "_model_module_version": "2.0.0",
		"_view_name": "FloatSliderView", "_view_module": "@jupyter-widgets/controls", "_view_module_version": "2.0.0",
		"description": "slope", "value": 1.5, "min": 0.25, "max": 4.0, "step": 0.25,
	}
	for k, v := range want {
		if state[k] != v {
			t.Errorf("state[%s] = %v, want %v", k, state[k], v)
		}
	}
	layout := ids[strings.TrimPrefix(state["layout"].(string), "IPY_MODEL_")]
	style := ids[strings.TrimPrefix(state["style"].(string), "IPY_MODEL_")]
	if layout["_model_name"] != "LayoutModel" || layout["_model_module"] != "@jupyter-widgets/base" {
		t.Errorf("layout reference %v leads to %v", state["layout"], layout)
	}
	if style["_model_name"] != "SliderStyleModel" || style["_view_name"] != "StyleView" {
		t.Errorf("style reference %v leads to %v", state["style"], style)
	}
	b := s.MIMEBundle()
	view := b[ViewMIME].(map[string]any)
	if view["model_id"] != s.ModelID() || view["version_major"] != 2 {
		t.Errorf("view %v", view)
	}
	if b["text/plain"] != `FloatSlider(description="slope", value=1.5)` {
		t.Errorf("text/plain %q", b["text/plain"])
	}
}

func TestUpdateFromTheBrowser(t *testing.T) {
	r := setup(t)
	s := NewFloatSlider("slope", 1, 0, 4, 0.5)
	var seen []float64
	s.OnChange(func(v float64) { seen = append(seen, v) })
	r.take()

	if err := update(t, s, map[string]any{"value": 2.5}); err != nil {
		t.Fatal(err)
	}
	msgs := r.take()
	if got := methods(msgs); !reflect.DeepEqual(got, []string{"comm_msg:echo_update"}) {
		t.Fatalf("after an in-range update: %v, want only the echo", got)
	}
	if echo := msgs[0].Content["data"].(map[string]any)["state"]; !reflect.DeepEqual(echo, map[string]any{"value": 2.5}) {
		t.Errorf("echo state %v", echo)
	}
	if s.Value() != 2.5 || !reflect.DeepEqual(seen, []float64{2.5}) {
		t.Errorf("value %v, callbacks %v; want 2.5 and one call", s.Value(), seen)
	}

	// Out of range: echoed as sent, then corrected to the maximum.
	if err := update(t, s, map[string]any{"value": 99}); err != nil {
		t.Fatal(err)
	}
	msgs = r.take()
	if got := methods(msgs); !reflect.DeepEqual(got, []string{"comm_msg:echo_update", "comm_msg:update"}) {
		t.Fatalf("after an out-of-range update: %v", got)
	}
	if st := msgs[1].Content["data"].(map[string]any)["state"]; !reflect.DeepEqual(st, map[string]any{"value": 4.0}) {
		t.Errorf("correction %v, want value 4", st)
	}
	if s.Value() != 4 || len(seen) != 2 || seen[1] != 4 {
		t.Errorf("value %v, callbacks %v", s.Value(), seen)
	}

	// A value of the wrong type is refused, the browser is told the kept
	// value, and no callback runs.
	err := update(t, s, map[string]any{"value": "high"})
	if err == nil || !strings.Contains(err.Error(), "want a number") || !strings.Contains(err.Error(), "kept 4") {
		t.Errorf("error %v, want one saying a number is wanted and 4 kept", err)
	}
	if got := methods(r.take()); !reflect.DeepEqual(got, []string{"comm_msg:echo_update", "comm_msg:update"}) {
		t.Errorf("after a bad update: %v", got)
	}
	if len(seen) != 2 {
		t.Errorf("a refused value ran the callback: %v", seen)
	}

	// The same value again changes nothing.
	update(t, s, map[string]any{"value": 4})
	if len(seen) != 2 {
		t.Errorf("an unchanged value ran the callback: %v", seen)
	}
}

func TestIntSliderRoundsAndClamps(t *testing.T) {
	setup(t)
	s := NewIntSlider("seed", 3, 0, 4)
	var seen []int
	s.OnChange(func(v int) { seen = append(seen, v) })
	update(t, s, map[string]any{"value": 1.6})
	if s.Value() != 2 {
		t.Errorf("value %d after 1.6, want 2", s.Value())
	}
	s.SetValue(-3)
	if s.Value() != 0 || !reflect.DeepEqual(seen, []int{2, 0}) {
		t.Errorf("value %d, callbacks %v", s.Value(), seen)
	}
	// Narrowing the range moves the value into it.
	if err := s.Set("min", 1); err != nil {
		t.Fatal(err)
	}
	if s.Value() != 1 {
		t.Errorf("value %d after min 1, want 1", s.Value())
	}
}

func TestSetFromTheKernel(t *testing.T) {
	r := setup(t)
	c := NewCheckbox("bias", false)
	calls := 0
	c.OnChange(func(bool) { calls++ })
	r.take()
	if err := c.SetValue(true); err != nil {
		t.Fatal(err)
	}
	msgs := r.take()
	if got := methods(msgs); !reflect.DeepEqual(got, []string{"comm_msg:update"}) || calls != 1 {
		t.Fatalf("SetValue sent %v and ran %d callbacks", got, calls)
	}
	c.SetValue(true)
	if len(r.take()) != 0 || calls != 1 {
		t.Errorf("setting the same value again sent a message or ran a callback")
	}
	if err := c.Set("value", "yes"); err == nil || !strings.Contains(err.Error(), "want a bool") {
		t.Errorf("Set(value, \"yes\") = %v", err)
	}
	if err := c.SetLayout("width", "300px"); err != nil {
		t.Fatal(err)
	}
	if err := c.SetStyle("description_width", "initial"); err != nil {
		t.Fatal(err)
	}
	if err := NewVBox().SetStyle("x", "y"); err == nil {
		t.Error("a box accepted a style")
	}
}

func TestDropdown(t *testing.T) {
	setup(t)
	d := NewDropdown("activation", "tanh", "relu", "sigmoid")
	var seen []string
	d.OnChange(func(v string) { seen = append(seen, v) })
	if d.Value() != "tanh" || d.Index() != 0 {
		t.Fatalf("initial %q %d", d.Value(), d.Index())
	}
	update(t, d, map[string]any{"index": 2})
	if err := d.SetValue("relu"); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(seen, []string{"sigmoid", "relu"}) {
		t.Errorf("callbacks %v", seen)
	}
	if err := d.SetValue("gelu"); err == nil || !strings.Contains(err.Error(), `no option "gelu"`) {
		t.Errorf("SetValue(gelu) = %v", err)
	}
	if err := update(t, d, map[string]any{"index": 7}); err == nil || !strings.Contains(err.Error(), "not one of the 3 options") {
		t.Errorf("index 7: %v", err)
	}
	update(t, d, map[string]any{"index": nil})
	if d.Index() != -1 || d.Value() != "" {
		t.Errorf("no selection: %d %q", d.Index(), d.Value())
	}
	if d.String() != `Dropdown(description="activation")` {
		t.Errorf("String %q", d.String())
	}
}

func TestButtonClicks(t *testing.T) {
	setup(t)
	b := NewButton("train")
	clicks := 0
	b.OnClick(func() { clicks++ })
	b.OnClick(func() {
		if clicks == 2 {
			panic("out of memory")
		}
	})
	click := map[string]any{"comm_id": b.ModelID(), "data": map[string]any{"method": "custom", "content": map[string]any{"event": "click"}}}
	if _, err := Receive("comm_msg", click); err != nil || clicks != 1 {
		t.Fatalf("click: %v, %d clicks", err, clicks)
	}
	_, err := Receive("comm_msg", click)
	if err == nil || !strings.Contains(err.Error(), `Button "train": the click callback panicked: out of memory`) {
		t.Errorf("panicking callback: %v", err)
	}
	if err := b.Click(); err != nil || clicks != 3 {
		t.Errorf("the button is unusable after a panic: %v, %d clicks", err, clicks)
	}
}

func TestStateRequests(t *testing.T) {
	r := setup(t)
	s := NewText("name", "cell-1")
	r.take()
	Receive("comm_msg", map[string]any{"comm_id": s.ModelID(), "data": map[string]any{"method": "request_state"}})
	msgs := r.take()
	st := msgs[0].Content["data"].(map[string]any)["state"].(map[string]any)
	if len(msgs) != 1 || st["value"] != "cell-1" || st["_model_name"] != "TextModel" {
		t.Errorf("request_state answered %v", msgs)
	}

	// A reloaded page asks for everything on the control comm.
	if handled, err := Receive("comm_open", map[string]any{"comm_id": "ctl", "target_name": ControlTarget, "data": map[string]any{}}); !handled || err != nil {
		t.Fatalf("control comm_open: %v %v", handled, err)
	}
	if got := Comms(ControlTarget); !reflect.DeepEqual(got, map[string]string{"ctl": ControlTarget}) {
		t.Errorf("Comms(control) = %v", got)
	}
	Receive("comm_msg", map[string]any{"comm_id": "ctl", "data": map[string]any{"method": "request_states"}})
	msgs = r.take()
	data := msgs[0].Content["data"].(map[string]any)
	states := data["states"].(map[string]any)
	entry := states[s.ModelID()].(map[string]any)
	if data["method"] != "update_states" || len(states) != 3 || entry["model_name"] != "TextModel" || entry["state"].(map[string]any)["value"] != "cell-1" {
		t.Errorf("request_states answered %v", data)
	}
	Receive("comm_close", map[string]any{"comm_id": "ctl", "data": map[string]any{}})
	if len(Comms(ControlTarget)) != 0 {
		t.Error("the control comm stayed open")
	}
}

func TestCommsAndClose(t *testing.T) {
	r := setup(t)
	s := NewLabel("hello")
	if got := Comms(Target); len(got) != 3 || got[s.ModelID()] != Target {
		t.Errorf("Comms = %v, want the label, its layout and its style", got)
	}
	r.take()
	s.Close()
	if got := methods(r.take()); !reflect.DeepEqual(got, []string{"comm_close", "comm_close", "comm_close"}) {
		t.Errorf("Close sent %v", got)
	}
	if err := s.SetValue("again"); err != errClosed {
		t.Errorf("SetValue on a closed label: %v", err)
	}
	_, err := Receive("comm_msg", map[string]any{"comm_id": s.ModelID(), "data": map[string]any{"method": "update", "state": map[string]any{}}})
	if err == nil || !strings.Contains(err.Error(), "not open") {
		t.Errorf("message for a closed comm: %v", err)
	}
	// The front end closing a comm forgets the widget without an answer.
	h := NewHTML("<b>x</b>")
	r.take()
	if handled, _ := Receive("comm_close", map[string]any{"comm_id": h.ModelID(), "data": map[string]any{}}); !handled {
		t.Error("comm_close of a widget not handled")
	}
	if len(r.take()) != 0 || Comms(Target)[h.ModelID()] != "" {
		t.Error("comm_close answered, or the widget stayed open")
	}
	// Other targets are not widgets'; front-end-made widgets are refused.
	if handled, err := Receive("comm_open", map[string]any{"comm_id": "x", "target_name": "other"}); handled || err != nil {
		t.Errorf("comm_open of another target: %v %v", handled, err)
	}
	if handled, err := Receive("comm_open", map[string]any{"comm_id": "y", "target_name": Target, "data": map[string]any{}}); handled || err == nil {
		t.Errorf("comm_open of a widget from the front end: %v %v", handled, err)
	}
}

func TestStateForNotebooks(t *testing.T) {
	setup(t)
	if State() != nil {
		t.Fatal("State with no widgets is not nil")
	}
	s := NewIntSlider("n", 2, 0, 9)
	box := NewHBox(s)
	st := State()
	var decoded map[string]any
	roundTrip(st, &decoded)
	models := decoded["state"].(map[string]any)
	if decoded["version_major"] != 2.0 || len(models) != 5 {
		t.Fatalf("State %v", decoded)
	}
	bm := models[box.ModelID()].(map[string]any)
	if bm["model_name"] != "HBoxModel" || bm["model_module_version"] != "2.0.0" {
		t.Errorf("box entry %v", bm)
	}
	children := bm["state"].(map[string]any)["children"].([]any)
	if !reflect.DeepEqual(children, []any{"IPY_MODEL_" + s.ModelID()}) {
		t.Errorf("children %v", children)
	}
}

// displays records what the display package publishes.
type displays struct {
	mu  sync.Mutex
	out []string // "new:<id>:<text>" or "update:<id>:<text>"
}

func (d *displays) Display(data, metadata map[string]any, id string, update bool) {
	kind := "new"
	if update {
		kind = "update"
	}
	text, _ := data["text/plain"].(string)
	if _, ok := data[ViewMIME]; ok {
		text = "view " + text
	}
	d.mu.Lock()
	d.out = append(d.out, kind+":"+text)
	d.mu.Unlock()
}

func (d *displays) ClearOutput(bool) {}

func TestInteract(t *testing.T) {
	setup(t)
	d := &displays{}
	prev := display.SetPublisher(d)
	defer display.SetPublisher(prev)
	a := NewFloatSlider("a", 1, 0, 10, 1)
	op := NewDropdown("op", "add", "mul")
	b := NewButton("again")
	renders := 0
	Interact(func() any {
		renders++
		if a.Value() == 7 {
			panic("seven")
		}
		if op.Value() == "mul" {
			return a.Value() * 2
		}
		return a.Value() + 2
	}, a, op, b)
	update(t, a, map[string]any{"value": 3})
	update(t, op, map[string]any{"index": 1})
	b.Click()
	update(t, a, map[string]any{"value": 7})
	want := []string{"view VBox(children=3)", "new:", "update:3", "update:5", "update:6", "update:6", "update:render panicked: seven"}
	if len(d.out) > 0 && strings.HasPrefix(d.out[0], "new:view ") {
		d.out[0] = strings.TrimPrefix(d.out[0], "new:")
	}
	if !reflect.DeepEqual(d.out, want) || renders != 5 {
		t.Errorf("displays %q (%d renders), want %q", d.out, renders, want)
	}
}

func TestLogSlider(t *testing.T) {
	r := setup(t)
	lr := NewFloatLogSlider("learning rate", 1e-3, 1e-5, 1e-1)
	msgs := r.take()
	st := msgs[len(msgs)-1].Content["data"].(map[string]any)["state"].(map[string]any)
	if st["_model_name"] != "FloatLogSliderModel" || st["min"] != -5.0 || st["max"] != -1.0 || st["base"] != 10.0 || st["value"] != 1e-3 {
		t.Errorf("state %v: want exponents -5 and -1 of base 10, value 0.001", st)
	}
	var seen []float64
	lr.OnChange(func(v float64) { seen = append(seen, v) })
	update(t, lr, map[string]any{"value": 0.5})
	if lr.Value() != 0.1 {
		t.Errorf("value %v after 0.5, want the maximum 0.1", lr.Value())
	}
	if err := lr.SetValue(math.NaN()); err == nil {
		t.Error("NaN accepted")
	}
	if !reflect.DeepEqual(seen, []float64{0.1}) {
		t.Errorf("callbacks %v", seen)
	}
	defer func() {
		if recover() == nil {
			t.Error("a log slider from 0 did not panic")
		}
	}()
	NewFloatLogSlider("x", 1, 0, 10)
}

func TestToggleButtons(t *testing.T) {
	setup(t)
	tb := NewToggleButtons("motif", "sigmoid", "cell")
	var seen []string
	tb.OnChange(func(v string) { seen = append(seen, v) })
	update(t, tb, map[string]any{"index": 1})
	if tb.Value() != "cell" || !reflect.DeepEqual(seen, []string{"cell"}) {
		t.Errorf("value %q, callbacks %v", tb.Value(), seen)
	}
	if tb.Get("_model_name") != "ToggleButtonsModel" || tb.style.get("_model_name") != "ToggleButtonsStyleModel" {
		t.Errorf("models %v / %v", tb.Get("_model_name"), tb.style.get("_model_name"))
	}
	if err := tb.SetValue("lstm"); err == nil || !strings.Contains(err.Error(), `ToggleButtons "motif" has no option "lstm"`) {
		t.Errorf("SetValue(lstm) = %v", err)
	}
}

// requestRecorder is a recorder that serves a request of a known id.
type requestRecorder struct {
	recorder
	id string
}

func (r *requestRecorder) RequestID() string { return r.id }

func (r *recorder) RequestID() string { return "" }

func TestOutputCaptures(t *testing.T) {
	setup(t)
	rr := &requestRecorder{id: "req-7"}
	SetTransport(rr)
	o := NewOutput()
	rr.take()
	ran := false
	o.Capture(func() {
		ran = true
		if got := o.Get("msg_id"); got != "req-7" {
			t.Errorf("msg_id %v while capturing, want the request's id", got)
		}
	})
	msgs := rr.take()
	var ids []any
	for _, m := range msgs {
		ids = append(ids, m.Content["data"].(map[string]any)["state"].(map[string]any)["msg_id"])
	}
	if !ran || !reflect.DeepEqual(ids, []any{"req-7", ""}) {
		t.Errorf("Capture sent msg_id %v (ran %v), want req-7 then empty", ids, ran)
	}
	o.Clear()
	o.Clear()
	if got := methods(rr.take()); len(got) != 2 {
		t.Errorf("Clear sent %v, want an update each time", got)
	}
	// Offline, Capture only runs f.
	SetTransport(nil)
	ran = false
	o.Capture(func() { ran = true })
	if !ran || o.Get("msg_id") != "" {
		t.Errorf("offline Capture: ran %v, msg_id %v", ran, o.Get("msg_id"))
	}
	st := o.Get("_model_module")
	if st != "@jupyter-widgets/output" || o.String() != "Output()" {
		t.Errorf("module %v, text %q", st, o.String())
	}
}

// TestProtocol1 is the classic Notebook with the ipywidgets 6 extension:
// it checks the version, and the widgets made after speak its dialect.
func TestProtocol1(t *testing.T) {
	r := setup(t)
	if handled, err := Receive("comm_open", map[string]any{"comm_id": "v", "target_name": VersionTarget, "data": map[string]any{}}); !handled || err != nil {
		t.Fatalf("version comm_open: %v %v", handled, err)
	}
	msgs := r.take()
	if len(msgs) != 1 || msgs[0].Content["data"].(map[string]any)["version"] != "~2.1.4" {
		t.Fatalf("the version check was answered with %v", msgs)
	}
	if _, err := Receive("comm_msg", map[string]any{"comm_id": "v", "data": map[string]any{"validated": true, "frontend_version": "2.1.4"}}); err != nil {
		t.Errorf("a validated version: %v", err)
	}
	if _, err := Receive("comm_msg", map[string]any{"comm_id": "v", "data": map[string]any{"validated": false, "frontend_version": "3.0.0"}}); err == nil || !strings.Contains(err.Error(), "3.0.0") {
		t.Errorf("a refused version: %v", err)
	}

	s := NewIntSlider("n", 3, 0, 10)
	c := NewCheckbox("bias", true)
	msgs = r.take()
	if len(msgs) != 5 {
		t.Fatalf("%d comm_opens for a slider and a check box, want 5 (no style for the check box)", len(msgs))
	}
	for _, m := range msgs {
		data := m.Content["data"].(map[string]any)
		if data["_model_module"] != "jupyter-js-widgets" || data["_model_module_version"] != "~2.1.4" || m.Metadata != nil {
			t.Errorf("protocol 1 comm_open %v (metadata %v): want flat jupyter-js-widgets state", data, m.Metadata)
		}
	}
	if c.Get("style") != nil {
		t.Errorf("the check box has style %v; jupyter-js-widgets 2.1 has no CheckboxStyle", c.Get("style"))
	}
	var seen []int
	s.OnChange(func(v int) { seen = append(seen, v) })
	Receive("comm_msg", map[string]any{"comm_id": s.ModelID(), "data": map[string]any{"method": "backbone", "sync_data": map[string]any{"value": 7.0}}})
	if s.Value() != 7 || !reflect.DeepEqual(seen, []int{7}) || len(r.take()) != 0 {
		t.Errorf("backbone sync: value %d, callbacks %v (and no echo)", s.Value(), seen)
	}
	b := s.MIMEBundle()
	msgs = r.take()
	if len(msgs) != 1 || msgs[0].Content["data"].(map[string]any)["method"] != "display" || b != nil {
		t.Errorf("display: bundle %v, messages %v; want a display message and no text", b, msgs)
	}

	// Protocol 1 selects options by label.
	d := NewDropdown("act", "tanh", "relu")
	var picked []string
	d.OnChange(func(v string) { picked = append(picked, v) })
	Receive("comm_msg", map[string]any{"comm_id": d.ModelID(), "data": map[string]any{"method": "backbone", "sync_data": map[string]any{"value": "relu"}}})
	if d.Index() != 1 || !reflect.DeepEqual(picked, []string{"relu"}) {
		t.Errorf("picking relu by label: index %d, callbacks %v", d.Index(), picked)
	}
	r.take()
	d.SetValue("tanh")
	sent := map[string]any{}
	for _, m := range r.take() {
		for k, v := range m.Content["data"].(map[string]any)["state"].(map[string]any) {
			sent[k] = v
		}
	}
	if sent["value"] != "tanh" || sent["index"] != 0.0 {
		t.Errorf("SetValue sent %v, want the label and the index", sent)
	}
	if _, err := Receive("comm_msg", map[string]any{"comm_id": d.ModelID(), "data": map[string]any{"method": "backbone", "sync_data": map[string]any{"value": "gelu"}}}); err == nil {
		t.Error("an unknown label was accepted")
	}
}

func TestImageSendsBuffers(t *testing.T) {
	r := setup(t)
	img := NewImage([]byte("png-1"))
	msgs := r.take()
	open := msgs[len(msgs)-1]
	data := open.Content["data"].(map[string]any)
	if _, inJSON := data["state"].(map[string]any)["value"]; inJSON || !reflect.DeepEqual(data["buffer_paths"], []any{[]any{"value"}}) ||
		len(open.Buffers) != 1 || string(open.Buffers[0]) != "png-1" {
		t.Errorf("comm_open %v with buffers %q: want value as the one buffer at path [value]", data, open.Buffers)
	}
	if img.String() != "Image(value=<5 bytes>)" {
		t.Errorf("String %q", img.String())
	}
	if err := img.SetValue([]byte("png-2")); err != nil {
		t.Fatal(err)
	}
	msgs = r.take()
	if len(msgs) != 1 || string(msgs[0].Buffers[0]) != "png-2" || !reflect.DeepEqual(msgs[0].Content["data"].(map[string]any)["buffer_paths"], []any{[]any{"value"}}) {
		t.Errorf("SetValue sent %+v", msgs)
	}
	if err := img.Set("value", "not bytes"); err == nil {
		t.Error("a string image was accepted")
	}
	if err := img.SetImage(image.NewRGBA(image.Rect(0, 0, 3, 2))); err != nil || !bytes.HasPrefix(img.Value(), []byte("\x89PNG")) {
		t.Errorf("SetImage: %v, value starts %q", err, img.Value()[:4])
	}
	p := plot.New()
	if err := img.SetPlot(p); err != nil || img.Get("width") != "576" {
		t.Errorf("SetPlot: %v, width %v (want the logical 576 px)", err, img.Get("width"))
	}
	if err := img.SetPlot(nil); err == nil {
		t.Error("a nil plot was accepted")
	}

	// Saved notebooks carry the bytes as base64 beside the state.
	img.SetValue([]byte("png-3"))
	entry := State()["state"].(map[string]any)[img.ModelID()].(map[string]any)
	saved := entry["buffers"].([]any)[0].(map[string]any)
	if _, inState := entry["state"].(map[string]any)["value"]; inState || saved["data"] != "cG5nLTM=" || saved["encoding"] != "base64" {
		t.Errorf("saved entry %v", entry)
	}
	// The control comm sends them as buffers with [model, key] paths.
	r.take()
	Receive("comm_open", map[string]any{"comm_id": "ctl", "target_name": ControlTarget})
	Receive("comm_msg", map[string]any{"comm_id": "ctl", "data": map[string]any{"method": "request_states"}})
	msgs = r.take()
	paths := msgs[0].Content["data"].(map[string]any)["buffer_paths"]
	if !reflect.DeepEqual(paths, []any{[]any{img.ModelID(), "value"}}) || len(msgs[0].Buffers) != 1 || string(msgs[0].Buffers[0]) != "png-3" {
		t.Errorf("update_states buffer_paths %v, buffers %q", paths, msgs[0].Buffers)
	}

	// Protocol 1 (jupyter-js-widgets 2.1) reads an image as base64 text.
	legacy.Store(true)
	img.SetValue([]byte("png-4"))
	msgs = r.take()
	if got := msgs[0].Content["data"].(map[string]any)["state"]; !reflect.DeepEqual(got, map[string]any{"_b64value": "cG5nLTQ="}) || msgs[0].Buffers != nil {
		t.Errorf("protocol 1 update %v with buffers %q", got, msgs[0].Buffers)
	}
}
