package motif

import (
	"math"

	"golang.org/x/sys/cpu"
)

// hasVectorSigmoid reports whether sigmoidVector runs (it needs AVX2).
var hasVectorSigmoid = cpu.X86.HasAVX2

// hasVectorRows reports whether matAdd and outerAdd use axpyRows (AVX).
var hasVectorRows = cpu.X86.HasAVX

// sigmoidK holds sigmoidAVX2's constants, each in four lanes: exp's fast
// range, the constants of exp and expm1Poly (the same float64 values as
// there), the masks that take 2^(k>>6) and k&63 out of the bits of
// t*64/ln2 + 1.5*2^52, and 1.
var sigmoidK = func() (k [14][4]float64) {
	const (
		invLn2N = 64 / math.Ln2
		ln2HiN  = 6.93147180369123816490e-01 / 64
		ln2LoN  = 1.90821492927058770002e-10 / 64
		shift   = 0x1.8p52
	)
	vals := [14]float64{
		-708, 709, invLn2N, shift,
		math.Float64frombits(63), math.Float64frombits(^uint64(63)),
		ln2HiN, ln2LoN,
		1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720,
		1,
	}
	for i, v := range vals {
		k[i] = [4]float64{v, v, v, v}
	}
	return k
}()

// sigmoidAVX2 replaces x[i] by sigmoid(-negS*x[i]) four at a time, as
// sigmoidScalar does with s = -negS, for the blocks of four from the start
// of x whose arguments are all inside exp's fast range (-708, 709); it
// stops at the first block that is not, or when fewer than four values
// are left, and returns how many values it replaced. Implemented in
// exp_amd64.s.
//
//go:noescape
func sigmoidAVX2(x []float64, negS float64) int

// sigmoidVector is sigmoidAVX2; callers check hasVectorSigmoid.
func sigmoidVector(x []float64, negS float64) int { return sigmoidAVX2(x, negS) }

// axpyRowsAVX is axpyRows's kernel; implemented in exp_amd64.s.
//
//go:noescape
func axpyRowsAVX(out *float64, nout, ostride, cols int, coef *float64, crs, ccs int, rows *float64, rstride, nterms int)

// axpyRows sets, for each output row o < nout and column j < cols,
// out[o*ostride+j] = ((out[o*ostride+j] + c_0 r_0) + c_1 r_1) + ... over
// t < nterms, with c_t = coef[o*crs+t*ccs] and r_t = rows[t*rstride+j]:
// the plain loops' sum, in their order and with their roundings, four
// columns at a time. It panics, as indexing would, if a slice is too
// short. Callers check hasVectorRows.
func axpyRows(out []float64, nout, ostride, cols int, coef []float64, crs, ccs int, rows []float64, rstride, nterms int) {
	if nout <= 0 || cols <= 0 || nterms <= 0 {
		return
	}
	_ = out[(nout-1)*ostride+cols-1]
	_ = coef[(nout-1)*crs+(nterms-1)*ccs]
	_ = rows[(nterms-1)*rstride+cols-1]
	axpyRowsAVX(&out[0], nout, ostride, cols, &coef[0], crs, ccs, &rows[0], rstride, nterms)
}
