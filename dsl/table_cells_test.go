package dsl

import (
	"strings"
	"testing"
)

// TestTableOfCellStructTags checks that display.Table reads the table tags
// of a struct type declared in a cell, and rounds its floats.
func TestTableOfCellStructTags(t *testing.T) {
	s := newSession(t)
	_, r := mustRun(t, s, "type run struct {\n\tStep int `table:\"step\"`\n\tLoss float64 `table:\"Loss,%.3f\"`\n\tRank float64\n\tNote string `table:\"-\"`\n}\n"+
		"display.Table([]run{{1, 0.123456, 2.0 / 3, \"x\"}})")
	if len(r.displays) != 1 {
		t.Fatalf("%d displays, want the table", len(r.displays))
	}
	txt, _ := r.displays[0].data["text/plain"].(string)
	if want := "step  Loss   Rank\n----  -----  --------\n1     0.123  0.666667"; txt != want {
		t.Errorf("table:\n%s\nwant\n%s", txt, want)
	}
}

// TestDisplayErrorShownOnce checks that a display function that cannot
// show its value shows the error in a cell, whether or not the call is
// the cell's last line, and only once when it is.
func TestDisplayErrorShownOnce(t *testing.T) {
	s := newSession(t)
	const msg = "display.Table: got int; want a slice of structs"
	for _, code := range []string{"display.Table(3)\nx := 1\n_ = x", "display.Table(3)", "(display.Table(3))", "err := display.Table(3)\n_ = err", "err"} {
		res, r := mustRun(t, s, code)
		shown := 0
		for _, d := range r.displays {
			if txt, _ := d.data["text/plain"].(string); strings.Contains(txt, msg) {
				shown++
			}
		}
		if txt := text(res); strings.Contains(txt, msg) {
			shown++
		}
		if shown != 1 {
			t.Errorf("cell %q shows the error %d times, want once (displays %v, result %q)", code, shown, r.displays, text(res))
		}
	}
}
