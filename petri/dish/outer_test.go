package dish

import (
	"math"
	"testing"
)

func TestZMSEGradientMatchesFiniteDifferences(t *testing.T) {
	scores := []float64{0.7, 0.2, 0.95, 0.4, 0.41}
	gtZ, _ := zscore([]float64{3, 1, 2, 5, 4})
	_, grad, err := zMSE(scores, gtZ)
	if err != nil {
		t.Fatal(err)
	}
	for i := range scores {
		const h = 1e-6
		s := append([]float64(nil), scores...)
		s[i] += h
		up, _, _ := zMSE(s, gtZ)
		s[i] -= 2 * h
		down, _, _ := zMSE(s, gtZ)
		fd := (up - down) / (2 * h)
		if math.Abs(fd-grad[i]) > 1e-7*math.Max(1, math.Abs(fd)) {
			t.Errorf("dMSE/dscore[%d] = %v, finite differences %v", i, grad[i], fd)
		}
	}
}

func TestZMSEPerfectOrderingIsZero(t *testing.T) {
	gt := []float64{0.1, 0.5, 0.3}
	gtZ, _ := zscore(gt)
	// An affine image of the ground truth standardises to the same values.
	mse, _, _ := zMSE([]float64{1.2, 2.0, 1.6}, gtZ)
	if mse > 1e-24 {
		t.Errorf("MSE of an affine image of the ground truth = %v, want 0", mse)
	}
	if _, _, err := zMSE([]float64{1, 1, 1}, gtZ); err == nil {
		t.Error("equal scores should be an error")
	}
}

func TestSpearman(t *testing.T) {
	cases := []struct {
		a, b []float64
		want float64
	}{
		{[]float64{1, 2, 3, 4}, []float64{10, 20, 30, 40}, 1},
		{[]float64{1, 2, 3, 4}, []float64{4, 3, 2, 1}, -1},
		{[]float64{1, 2, 3}, []float64{1, 3, 2}, 0.5},
		{[]float64{1, 1, 2}, []float64{1, 2, 3}, math.Sqrt(3) / 2},
	}
	for _, c := range cases {
		if got := Spearman(c.a, c.b); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("Spearman(%v, %v) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
	if !math.IsNaN(Spearman([]float64{1, 1}, []float64{1, 2})) {
		t.Error("constant input should give NaN")
	}
}
