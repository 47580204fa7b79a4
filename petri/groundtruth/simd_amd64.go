package groundtruth

import "golang.org/x/sys/cpu"

// hasAVX reports whether axpy can use the AVX kernel.
var hasAVX = cpu.X86.HasAVX

// axpyAVX sets y[i] += a*x[i] for i < len(x) (len(y) >= len(x)) with
// 256-bit vectors; implemented in simd_amd64.s.
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

// adamAVX is adamVector's kernel; implemented in simd_amd64.s.
//
//go:noescape
func adamAVX(p, g, m, v []float64, c *adamConsts)

// adamVector does mlp.adam's update of p, m and v from g with AVX and
// reports true, or reports false where the CPU lacks AVX. The results are
// the Go loop's, bit for bit.
func adamVector(p, g, m, v []float64, c *adamConsts) bool {
	if !hasAVX || len(p) == 0 {
		return hasAVX
	}
	_, _, _ = g[len(p)-1], m[len(p)-1], v[len(p)-1] // bounds: the assembly trusts them
	adamAVX(p, g, m, v, c)
	return true
}
