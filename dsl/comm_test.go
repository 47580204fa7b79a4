package dsl

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/petridish-go/petridish/dsl/widget"
)

// commRecorder is a recorder whose front end has comms.
type commRecorder struct {
	recorder
	cmu   sync.Mutex
	comms []map[string]any // content, with "msg_type" added
}

func (c *commRecorder) RequestID() string { return "request-1" }

func (c *commRecorder) Comm(msgType string, content, metadata map[string]any, buffers [][]byte) {
	c.cmu.Lock()
	defer c.cmu.Unlock()
	m := map[string]any{"msg_type": msgType}
	for k, v := range content {
		m[k] = v
	}
	c.comms = append(c.comms, m)
}

// TestWidgetCallbacksRunInTheSession makes a slider in a cell, moves it
// as a browser would, and checks that the cell's callback ran with its
// output going to the comm message's Output, and that later cells see
// the new value.
func TestWidgetCallbacksRunInTheSession(t *testing.T) {
	defer widget.CloseAll()
	s := newSession(t)
	cell := &commRecorder{}
	res, err := s.Execute(context.Background(), `
slope := widget.NewFloatSlider("slope", 1, 0.25, 4, 0.25)
moves := 0
slope.OnChange(func(v float64) {
	moves++
	fmt.Println("slope is now", v)
	if v == 4 {
		panic("too steep")
	}
})
slope`, cell)
	if err != nil {
		t.Fatal(err)
	}
	view, ok := res.Data[widget.ViewMIME].(map[string]any)
	if !ok {
		t.Fatalf("the slider displays as %v, want a widget view", res.Data)
	}
	id := view["model_id"].(string)
	opens := 0
	for _, c := range cell.comms {
		if c["msg_type"] == "comm_open" {
			opens++
		}
	}
	if opens != 3 {
		t.Errorf("the cell opened %d comms, want 3 (layout, style, slider)", opens)
	}
	if got := s.Comms(widget.Target)[id]; got != widget.Target {
		t.Errorf("Comms does not list the slider: %v", s.Comms(""))
	}

	msg := &commRecorder{}
	update := func(v any) bool {
		return s.HandleComm(context.Background(), "comm_msg", map[string]any{
			"comm_id": id, "data": map[string]any{"method": "update", "state": map[string]any{"value": v}},
		}, msg)
	}
	if !update(2.5) {
		t.Fatal("the update was not handled")
	}
	if got := msg.out(); got != "slope is now 2.5\n" {
		t.Errorf("callback output %q", got)
	}
	if len(msg.comms) != 1 || msg.comms[0]["data"].(map[string]any)["method"] != "echo_update" {
		t.Errorf("the update was answered with %v, want its echo through the message's Output", msg.comms)
	}
	if len(cell.comms) != 3 {
		t.Errorf("the echo went to the cell's Output")
	}
	update(4.0)
	if !strings.Contains(msg.errText(), `FloatSlider "slope": the value callback panicked: too steep`) {
		t.Errorf("a panicking callback reported %q", msg.errText())
	}

	res, _, err = run(t, s, `fmt.Sprint(slope.Value(), moves)`)
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Data["text/plain"]; got != "4 2" {
		t.Errorf("a later cell sees %v, want value 4 after 2 moves", got)
	}

	// Other comm targets are not the session's.
	if s.HandleComm(context.Background(), "comm_open", map[string]any{"comm_id": "x", "target_name": "ipyvolume"}, msg) {
		t.Error("a comm_open of an unknown target was taken")
	}

	// %reset closes the widgets.
	if _, _, err := run(t, s, `%reset`); err != nil {
		t.Fatal(err)
	}
	if len(s.Comms("")) != 0 {
		t.Errorf("widgets survive %%reset: %v", s.Comms(""))
	}
}
