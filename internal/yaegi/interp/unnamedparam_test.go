package interp_test

import (
	"testing"

	"github.com/petridish-go/petridish/internal/yaegi/interp"
)

// TestUnnamedParameters checks that functions, methods and function
// literals with unnamed parameters (func (c C) LR(int) float64, common
// for a parameter an interface requires and a method ignores) run: the
// argument went into the frame slot of the first local or of a result.
func TestUnnamedParameters(t *testing.T) {
	i := interp.New(interp.Options{})
	if _, err := i.Eval(`type C struct{ V float64 }
func (c C) LR(int) float64 { return c.V }
func f(int) float64 { x := 1.5; return x }
func g(int, string) (a float64) { y := "ab"; a = float64(len(y)); return }
type Sched interface{ LR(step int) float64 }
var sc Sched = C{0.25}
var h = func(int) float64 { z := 2.5; return z }`); err != nil {
		t.Fatal(err)
	}
	for src, want := range map[string]any{
		"C{0.3}.LR(3)": 0.3,
		"sc.LR(3)":     0.25,
		"f(2)":         1.5,
		`g(1, "x")`:    2.0,
		"h(1)":         2.5,
	} {
		v, err := i.Eval(src)
		if err != nil {
			t.Errorf("%s: %v", src, err)
			continue
		}
		if got := v.Interface(); got != want {
			t.Errorf("%s = %v, want %v", src, got, want)
		}
	}
}
