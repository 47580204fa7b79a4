package display

import (
	"math"
	"strconv"

	"gonum.org/v1/plot"
)

// Ticks is gonum's plot.DefaultTicks with labels that say their ticks'
// values. gonum's labels can have too few digits for a narrow range: on
// [6.11, 6.29] it puts ticks at 6.12, 6.2 and 6.28 and labels them 6.1,
// 6.2 and 6.3, misplacing every value by up to 0.02, and on [6.06, 6.13]
// all three labels read 6.1. Ticks keeps gonum's tick positions and
// gives every label of an axis the fewest decimals that name each tick
// exactly. Plot, PlotSize, PlotBundle and PlotPNG draw an axis whose
// Tick.Marker is plot.DefaultTicks with Ticks; set it yourself for a plot
// you save with p.Save:
//
//	p.Y.Tick.Marker = display.Ticks{}
type Ticks struct{}

// Ticks returns the ticks of [min, max]: DefaultTicks' positions, labelled
// with their values.
func (Ticks) Ticks(min, max float64) []plot.Tick {
	ticks := plot.DefaultTicks{}.Ticks(min, max)
	var values []float64
	for _, t := range ticks {
		if t.Label != "" {
			values = append(values, t.Value)
		}
	}
	if len(values) == 0 || labelsExact(ticks) {
		return ticks
	}
	format := tickFormat(values)
	for i := range ticks {
		if ticks[i].Label != "" {
			ticks[i].Label = format(ticks[i].Value)
		}
	}
	return ticks
}

// labelsExact reports whether every label of ticks reads as its tick's
// value, to within a millionth of the ticks' spacing.
func labelsExact(ticks []plot.Tick) bool {
	tol := tickTolerance(ticks)
	for _, t := range ticks {
		if t.Label == "" {
			continue
		}
		v, err := strconv.ParseFloat(t.Label, 64)
		if err != nil || math.Abs(v-t.Value) > tol {
			return false
		}
	}
	return true
}

// tickTolerance is a millionth of the smallest spacing of ticks, or of
// their magnitude when there is one tick.
func tickTolerance(ticks []plot.Tick) float64 {
	step, last, have := math.Inf(1), 0.0, false
	for _, t := range ticks {
		if have && t.Value != last {
			step = math.Min(step, math.Abs(t.Value-last))
		}
		last, have = t.Value, true
	}
	if math.IsInf(step, 1) {
		step = math.Max(math.Abs(last), 1)
	}
	return step * 1e-6
}

// tickFormat returns the formatting of values with the fewest decimals
// (or, for very large or small magnitudes, significant digits) that write
// each of them to within a millionth of their spacing.
func tickFormat(values []float64) func(float64) string {
	ticks := make([]plot.Tick, len(values))
	for i, v := range values {
		ticks[i].Value = v
	}
	tol := tickTolerance(ticks)
	exact := func(f func(float64) string) bool {
		for _, v := range values {
			w, err := strconv.ParseFloat(f(v), 64)
			if err != nil || math.Abs(w-v) > tol {
				return false
			}
		}
		return true
	}
	big := 0.0
	for _, v := range values {
		big = math.Max(big, math.Abs(v))
	}
	clean := func(s string) string {
		if w, err := strconv.ParseFloat(s, 64); err == nil && w == 0 {
			return "0" // not -0.00
		}
		return s
	}
	if big >= 1e-4 && big < 1e6 {
		for d := 0; d <= 12; d++ {
			f := func(v float64) string { return clean(strconv.FormatFloat(v, 'f', d, 64)) }
			if exact(f) {
				return f
			}
		}
	}
	for sig := 1; sig <= 15; sig++ {
		f := func(v float64) string { return clean(strconv.FormatFloat(v, 'g', sig, 64)) }
		if exact(f) {
			return f
		}
	}
	return func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
}

// withTicks runs draw with Ticks as the marker of each axis of p that has
// gonum's plot.DefaultTicks, and puts the markers back after.
func withTicks(p *plot.Plot, draw func()) {
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		if _, ok := a.Tick.Marker.(plot.DefaultTicks); ok {
			a.Tick.Marker = Ticks{}
			defer func(a *plot.Axis) { a.Tick.Marker = plot.DefaultTicks{} }(a)
		}
	}
	draw()
}
