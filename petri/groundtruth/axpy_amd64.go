package groundtruth

import "golang.org/x/sys/cpu"

// hasAVX reports whether axpy can use the AVX kernel.
var hasAVX = cpu.X86.HasAVX

// axpyAVX sets y[i] += a*x[i] for i < len(x) (len(y) >= len(x)) with
// 256-bit vectors; implemented in axpy_amd64.s.
//
//go:noescape
func axpyAVX(a float64, x, y []float64)

// axpy sets y[i] += a*x[i] for i < len(x); len(y) must be at least len(x).
// With AVX it is twice as wide as gonum's SSE2 Daxpy and gives the same
// bits: a multiply and an add per element, each rounded, never fused.
func axpy(a float64, x, y []float64) {
	if len(x) == 0 {
		return
	}
	if hasAVX {
		_ = y[len(x)-1] // bounds: the assembly trusts len(y) >= len(x)
		axpyAVX(a, x, y)
		return
	}
	impl.Daxpy(len(x), a, x, 1, y, 1)
}
