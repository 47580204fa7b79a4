package dish

import (
	"math"
	"testing"

	"github.com/petridish-go/petridish/petri/motif"
)

// uCurve is a toy ground truth over sigmoid slopes: a U-shaped loss with
// its minimum at 0.6, like the paper's accuracy peak.
func uCurve(slopes []float64) []float64 {
	gt := make([]float64, len(slopes))
	for i, s := range slopes {
		gt[i] = 0.03 + 0.1*(math.Log(s/0.6))*(math.Log(s/0.6))
	}
	return gt
}

// linspace returns n points from a to b inclusive.
func linspace(a, b float64, n int) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = a + (b-a)*float64(i)/float64(n-1)
	}
	return x
}

// smallConfig is Experiment 1's dish with a shorter inner loop and
// schedule, for fast tests.
func smallConfig(inner int, schedule ...int) Config {
	c := DefaultConfig()
	c.Seed = 7
	c.Inner.Steps = inner
	c.Outer.Schedule = schedule
	return c
}

func relErr(a, b []float64) float64 {
	var num, den float64
	for i := range a {
		num += (a[i] - b[i]) * (a[i] - b[i])
		den += b[i] * b[i]
	}
	return math.Sqrt(num) / math.Max(math.Sqrt(den), 1e-300)
}

func mustNew(t testing.TB, c Config) *Dish {
	t.Helper()
	d, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func slopes(v ...float64) []motif.Motif { return motif.Slopes(v) }
