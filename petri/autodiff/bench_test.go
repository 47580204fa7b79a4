package autodiff

import (
	"testing"

	"github.com/petridish-go/petridish/petri/rng"
)

// BenchmarkNodeOverhead records a chain of 1000 small elementwise ops on
// a [4] tensor and differentiates it without and with createGraph; ns/op
// divided by 1000 is the per-op cost of the tape when arithmetic is
// negligible.
func BenchmarkNodeOverhead(b *testing.B) {
	for _, cg := range []bool{false, true} {
		name := "scratch"
		if cg {
			name = "createGraph"
		}
		b.Run(name, func(b *testing.B) {
			tp := NewTape()
			dst := make([]Tensor, 1)
			data := []float64{0.1, 0.2, 0.3, 0.4}
			run := func() {
				tp.Reset()
				x := tp.From(data, 4)
				y := x
				for i := 0; i < 250; i++ {
					y = y.Mul(x).Scale(0.5).AddScalar(0.1).Tanh()
				}
				if err := tp.GradTo(dst, y.Sum(), []Tensor{x}, cg); err != nil {
					b.Fatal(err)
				}
			}
			run()
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				run()
			}
		})
	}
}

// BenchmarkMatMulBatched measures a batched [15, 50, 100] x [15, 100, 100]
// product forward and backward (BLAS path).
func BenchmarkMatMulBatched(b *testing.B) {
	r := rng.New(1)
	a := randInput(r, -1, 1, 15, 50, 100)
	w := randInput(r, -1, 1, 15, 100, 100)
	tp := NewTape()
	dst := make([]Tensor, 2)
	run := func() {
		tp.Reset()
		x, y := tp.From(a.data, a.shape...), tp.From(w.data, w.shape...)
		if err := tp.GradTo(dst, x.MatMul(y).Sum(), []Tensor{x, y}, false); err != nil {
			b.Fatal(err)
		}
	}
	run()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		run()
	}
}
