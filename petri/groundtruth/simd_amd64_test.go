package groundtruth

import (
	"math"
	"testing"

	"github.com/petridish-go/petridish/petri/rng"
)

// BenchmarkTrainRunSSE2 is BenchmarkTrainRun without the AVX kernels
// (gonum's SSE2 Daxpy and the Go Adam loop), for the comparison.
func BenchmarkTrainRunSSE2(b *testing.B) {
	defer func(v bool) { hasAVX = v }(hasAVX)
	hasAVX = false
	BenchmarkTrainRun(b)
}

// TestAdamAVXMatchesGoBitForBit: the AVX Adam step gives the Go loop's bits,
// over many steps (so m, v and the bias corrections vary) and parameter
// counts that exercise the 4-wide loop and its tail.
func TestAdamAVXMatchesGoBitForBit(t *testing.T) {
	if !hasAVX {
		t.Skip("no AVX on this CPU")
	}
	defer func(v bool) { hasAVX = v }(hasAVX)
	for _, in := range []int{1, 2, 3, 4, 7} {
		nets := [2]*mlp{newMLP(in, 3, 1), newMLP(in, 3, 1)}
		for _, net := range nets {
			net.reset(rng.New(5), 1, 1)
		}
		r := rng.New(6)
		for step := range 30 {
			for i := range nets[0].grads {
				g := r.NormFloat64() * math.Pow(10, float64(r.IntN(9)-6))
				nets[0].grads[i], nets[1].grads[i] = g, g
			}
			hasAVX = true
			nets[0].adam(0.01, 1e-3)
			hasAVX = false
			nets[1].adam(0.01, 1e-3)
			for i := range nets[0].params {
				for _, pair := range [][2]float64{{nets[0].params[i], nets[1].params[i]}, {nets[0].m[i], nets[1].m[i]}, {nets[0].v[i], nets[1].v[i]}} {
					if math.Float64bits(pair[0]) != math.Float64bits(pair[1]) {
						t.Fatalf("inputs %d step %d value %d: AVX %v, Go %v", in, step, i, pair[0], pair[1])
					}
				}
			}
		}
	}
}
