package motif

import (
	"math"
	"testing"

	"github.com/petridish-go/petridish/petri/rng"
)

func TestExpMatchesMath(t *testing.T) {
	worst := 0.0
	for i := -709000; i <= 709000; i += 3 {
		x := float64(i)*0.001 + 0.000123
		a, b := exp(x), math.Exp(x)
		if d := math.Abs(a-b) / b; d > worst {
			worst = d
		}
	}
	if worst > 4.5e-16 {
		t.Errorf("exp differs from math.Exp by up to %.3g relative; want within 2 ulp", worst)
	}
	for _, x := range []float64{-1000, -745.2, 709.8, 1000, math.Inf(1), math.Inf(-1), 0} {
		if a, b := exp(x), math.Exp(x); a != b {
			t.Errorf("exp(%v) = %v, math.Exp gives %v", x, a, b)
		}
	}
	if !math.IsNaN(exp(math.NaN())) {
		t.Error("exp(NaN) should be NaN")
	}
}

func TestSigmoidInPlaceMatchesSigmoid(t *testing.T) {
	var x []float64
	for i := -8000; i <= 8000; i++ {
		x = append(x, float64(i)*0.1+0.0137)
	}
	x = append(x, math.Inf(1), math.Inf(-1))
	for _, s := range []float64{1, 0.23, -1.7} {
		got := append([]float64(nil), x...)
		sigmoidInPlace(got, s)
		for i, v := range x {
			if want := sigmoid(s * v); got[i] != want {
				t.Fatalf("sigmoidInPlace(%v, slope %v) = %v, sigmoid gives %v", v, s, got[i], want)
			}
		}
	}
}

// TestSigmoidVectorMatchesScalar checks sigmoidInPlace, which hands
// blocks of four to sigmoidVector where the CPU allows, against
// sigmoidScalar bit for bit: on every length up to 37 (so every
// remainder), with arguments over the whole fast range, at its edges and
// outside it (where a block falls back to the scalar loop), zeros of both
// signs, infinities and NaN, for several slopes.
func TestSigmoidVectorMatchesScalar(t *testing.T) {
	if !hasVectorSigmoid {
		t.Skip("no vector sigmoid on this CPU; sigmoidInPlace is sigmoidScalar")
	}
	r := rng.New(3)
	special := []float64{0, math.Copysign(0, -1), 707.999, 708, 708.001, -708.999, -709, -709.001, 745.2, -745.2,
		1e-310, -1e-310, math.Inf(1), math.Inf(-1), math.NaN(), 36.7, -36.7}
	for _, s := range []float64{1, 0.23, -1.7, 1e-3} {
		for n := 0; n <= 37; n++ {
			for trial := range 20 {
				x := make([]float64, n)
				for i := range x {
					x[i] = r.NormFloat64() * math.Exp(2*r.NormFloat64()) / s
					if trial%2 == 1 && r.IntN(7) == 0 {
						x[i] = special[r.IntN(len(special))]
					}
				}
				got, want := append([]float64(nil), x...), append([]float64(nil), x...)
				sigmoidInPlace(got, s)
				sigmoidScalar(want, s)
				for i := range x {
					if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
						t.Fatalf("slope %v, length %d: sigmoid of %v is %v, the scalar loop gives %v", s, n, x[i], got[i], want[i])
					}
				}
			}
		}
	}
	// The vector kernel does the blocks in range and stops at the first
	// block that is not.
	x := []float64{1, 2, 3, 4, 5, 6, 800, 8, 9, 10}
	if got := sigmoidVector(x, -1); got != 4 {
		t.Errorf("sigmoidVector did %d values of %v; want 4 (the second block has -800)", got, x)
	}
}
