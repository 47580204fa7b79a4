package motif

import (
	"math"
	"testing"
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
