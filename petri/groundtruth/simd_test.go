package groundtruth

import (
	"math"
	"testing"

	"github.com/petridish-go/petridish/petri/rng"
)

// TestAxpyMatchesGonumBitForBit: the trainer's results, and so the cached
// ground truth, must not depend on which axpy kernel the CPU allows.
func TestAxpyMatchesGonumBitForBit(t *testing.T) {
	r := rng.New(3)
	for n := 0; n <= 37; n++ {
		for _, a := range []float64{0, 1, -0.37, 1e-3 * r.NormFloat64(), 3e5} {
			x := make([]float64, n)
			y := make([]float64, n+3) // longer than x: its tail stays put
			for i := range x {
				x[i] = r.NormFloat64() * math.Pow(10, float64(r.IntN(7)-3))
			}
			for i := range y {
				y[i] = r.NormFloat64()
			}
			want := append([]float64(nil), y...)
			impl.Daxpy(n, a, x, 1, want, 1)
			got := append([]float64(nil), y...)
			axpy(a, x, got)
			for i := range want {
				if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
					t.Fatalf("n %d a %v: y[%d] = %v, gonum %v", n, a, i, got[i], want[i])
				}
			}
		}
	}
}

func BenchmarkAxpy100(b *testing.B) {
	x, y := make([]float64, 100), make([]float64, 100)
	for i := range x {
		x[i] = float64(i)
	}
	b.Run("axpy", func(b *testing.B) {
		for range b.N {
			axpy(1e-3, x, y)
		}
	})
	b.Run("gonum", func(b *testing.B) {
		for range b.N {
			impl.Daxpy(100, 1e-3, x, 1, y, 1)
		}
	})
}
