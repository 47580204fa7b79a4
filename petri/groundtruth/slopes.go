package groundtruth

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Linspace returns n evenly spaced values from start to stop inclusive, as
// numpy.linspace does (one value, start, when n is 1), with start and
// stop exact. A value whose computation left a rounding error next to a
// short decimal gets that decimal: Linspace(-1, 1, 21) holds -0.4, 0 and
// 0.3, not -0.3999999999999999, 2.2e-16 and 0.30000000000000004, so that
// the motifs made from them (their store keys and CSV text) read as
// written. Values on no such decimal, such as the thirds of
// Linspace(0, 1, 4) or the paper's grid Linspace(0.01, 2.01, 100), are
// the nearest computed float64 as before.
func Linspace(start, stop float64, n int) []float64 {
	if n <= 0 {
		return nil
	}
	out := make([]float64, n)
	if n == 1 {
		out[0] = start
		return out
	}
	step := (stop - start) / float64(n-1)
	scale := math.Max(math.Abs(start), math.Abs(stop))
	for i := range out {
		out[i] = shortDecimal(start+float64(i)*step, scale)
	}
	out[0], out[n-1] = start, stop
	return out
}

// shortDecimal returns the decimal with the fewest places within a few
// ulps of scale (the largest magnitude of the grid, which bounds x's
// rounding error) of x, if one has at most 10 significant digits
// relative to scale; otherwise x. Ten digits leave five of margin to
// float64's resolution, so a value that is not a short decimal is left
// alone but for a chance of about 1e-5.
func shortDecimal(x, scale float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) || scale == 0 || math.IsInf(scale, 0) {
		return x
	}
	tol := 8 * (math.Nextafter(scale, math.Inf(1)) - scale)
	maxPlaces := 9 - int(math.Floor(math.Log10(scale)))
	for places := max(0, maxPlaces-20); places <= maxPlaces; places++ {
		c, err := strconv.ParseFloat(strconv.FormatFloat(x, 'f', places, 64), 64)
		if err == nil && math.Abs(c-x) <= tol {
			if c == 0 {
				return 0 // not -0
			}
			return c
		}
	}
	return x
}

// ParseSlopes reads a list of slopes written either as start:stop:count,
// meaning Linspace(start, stop, count) (e.g. "0.01:2.01:100", the paper's
// grid), or as comma-separated values (e.g. "0.1,0.23,1").
func ParseSlopes(spec string) ([]float64, error) {
	spec = strings.TrimSpace(spec)
	if spec == "" {
		return nil, fmt.Errorf("slopes: empty; write start:stop:count such as 0.01:2.01:100, or a list such as 0.1,0.23,1")
	}
	num := func(s, what string) (float64, error) {
		x, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return 0, fmt.Errorf("slopes %q: %s %q is not a finite number", spec, what, s)
		}
		return x, nil
	}
	if parts := strings.Split(spec, ":"); len(parts) > 1 {
		if len(parts) != 3 {
			return nil, fmt.Errorf("slopes %q: a range needs three parts start:stop:count, e.g. 0.01:2.01:100", spec)
		}
		start, err := num(parts[0], "start")
		if err != nil {
			return nil, err
		}
		stop, err := num(parts[1], "stop")
		if err != nil {
			return nil, err
		}
		n, err := strconv.Atoi(strings.TrimSpace(parts[2]))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("slopes %q: count %q must be a whole number of at least 1", spec, parts[2])
		}
		if n > 1 && start == stop {
			return nil, fmt.Errorf("slopes %q: start equals stop, so the %d slopes would all be the same", spec, n)
		}
		ss := Linspace(start, stop, n)
		for i, x := range ss {
			ss[i] = dropNoise(x)
		}
		return ss, nil
	}
	var out []float64
	for i, f := range strings.Split(spec, ",") {
		x, err := num(f, fmt.Sprintf("value %d", i+1))
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, nil
}

// dropNoise returns x rounded to 12 significant digits when that is
// within 4 units in the last place of x: the rounding error of a range's
// arithmetic (1.2400000000000002 for 1.24), not a value of its own such
// as 0.030202020202020202 (0.01:2.01:100), which stays as it is.
func dropNoise(x float64) float64 {
	r, err := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 12, 64), 64)
	if err != nil || x == 0 {
		return x
	}
	ulp := math.Abs(math.Nextafter(x, math.Inf(1)) - x)
	if math.Abs(r-x) <= 4*ulp {
		return r
	}
	return x
}
