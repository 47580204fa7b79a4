package display

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
)

func labels(ticks []plot.Tick) []string {
	var out []string
	for _, t := range ticks {
		if t.Label != "" {
			out = append(out, t.Label)
		}
	}
	return out
}

// TestTicksLabelTheirValues checks Ticks' labels where gonum's are wrong
// (a loss axis of Experiment 2) and that it keeps gonum's where they are
// right.
func TestTicksLabelTheirValues(t *testing.T) {
	for _, c := range []struct {
		min, max float64
		want     string
	}{
		{6.1104, 6.2886, "6.12 6.20 6.28"}, // gonum: 6.1 6.2 6.3
		{6.06, 6.13, "6.06 6.09 6.12"},     // gonum: 6.1 6.1 6.1
		{0, 1, "0.0 0.5 1.0"},              // gonum's, exact
		{100, 250, "100 150 200 250"},
		{1e6, 3e6, "1000000 2000000 3000000"},
		{-3, 7, "-2 2 6"},
	} {
		if got := strings.Join(labels(Ticks{}.Ticks(c.min, c.max)), " "); got != c.want {
			t.Errorf("Ticks(%v, %v) labels %q, want %q", c.min, c.max, got, c.want)
		}
	}
}

// TestTicksAreExactOnNarrowRanges draws many narrow ranges, where gonum
// labelled about a third of them wrong, and checks that every label reads
// as its tick's value and that an axis's labels differ.
func TestTicksAreExactOnNarrowRanges(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	wrongBefore := 0
	for i := 0; i < 2000; i++ {
		lo := (r.Float64() - 0.5) * math.Pow(10, float64(r.IntN(10)-4))
		hi := lo + math.Abs(lo)*r.Float64()*0.2 + 1e-9
		if !labelsExact(plot.DefaultTicks{}.Ticks(lo, hi)) {
			wrongBefore++
		}
		ticks := Ticks{}.Ticks(lo, hi)
		if !labelsExact(ticks) {
			t.Fatalf("Ticks(%v, %v) = %v: a label is not its value", lo, hi, ticks)
		}
		seen := map[string]bool{}
		for _, l := range labels(ticks) {
			if seen[l] {
				t.Fatalf("Ticks(%v, %v): label %q twice", lo, hi, l)
			}
			seen[l] = true
			if _, err := strconv.ParseFloat(l, 64); err != nil {
				t.Fatalf("Ticks(%v, %v): label %q is not a number", lo, hi, l)
			}
		}
	}
	if wrongBefore == 0 {
		t.Error("gonum's labels were right on every range: the test no longer tests anything")
	}
}

// TestPlotDrawsExactTicks checks that a plot left at gonum's DefaultTicks
// is drawn with Ticks' labels, and that its markers are put back.
func TestPlotDrawsExactTicks(t *testing.T) {
	p := plot.New()
	sc, err := plotter.NewScatter(plotter.XYs{{X: 6.1104, Y: 1}, {X: 6.2886, Y: 2}})
	if err != nil {
		t.Fatal(err)
	}
	p.Add(sc)
	b, _, err := PlotBundle(p, PlotWidth, PlotHeight)
	if err != nil {
		t.Fatal(err)
	}
	svg := b[MIMESVG].(string)
	for _, want := range []string{">6.12<", ">6.20<", ">6.28<"} {
		if !strings.Contains(svg, want) {
			t.Errorf("the SVG has no label %s", want)
		}
	}
	if _, ok := p.X.Tick.Marker.(plot.DefaultTicks); !ok {
		t.Errorf("the X axis's marker is %T after drawing, want plot.DefaultTicks back", p.X.Tick.Marker)
	}
}
