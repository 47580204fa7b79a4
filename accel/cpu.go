package accel

import (
	"fmt"
	"math"
	"runtime"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// CPU returns the pure-Go backend: float64 throughout, GEMMs on gonum's
// BLAS. It is always available and is the reference the CUDA backend is
// tested against.
func CPU() Backend { return cpuBackend{} }

type cpuBackend struct{}

func (cpuBackend) Name() string { return "cpu" }

func (cpuBackend) Describe() string {
	return fmt.Sprintf("cpu: pure Go, float64, gonum BLAS; %d cores, GOMAXPROCS %d", runtime.NumCPU(), runtime.GOMAXPROCS(0))
}

func (cpuBackend) Gemm(s GemmSpec, a, b, c []float64) error {
	if err := s.check(1, len(a), len(b), len(c)); err != nil {
		return err
	}
	gemm64(s, a, b, c)
	return nil
}

func (cpuBackend) GemmBatched(batch int, s GemmSpec, a, b, c []float64) error {
	if err := s.check(batch, len(a), len(b), len(c)); err != nil {
		return err
	}
	sa, sb, sc := s.M*s.K, s.K*s.N, s.M*s.N
	for i := 0; i < batch; i++ {
		gemm64(s, a[i*sa:(i+1)*sa], b[i*sb:(i+1)*sb], c[i*sc:(i+1)*sc])
	}
	return nil
}

// gemm64 runs one checked GEMM on gonum's BLAS.
func gemm64(s GemmSpec, a, b, c []float64) {
	if s.M == 0 || s.N == 0 {
		return
	}
	if s.K == 0 { // op(A)·op(B) is all zeros; BLAS semantics for C
		for i := range c {
			if s.Beta == 0 {
				c[i] = 0
			} else {
				c[i] *= s.Beta
			}
		}
		return
	}
	ga := blas64.General{Rows: s.M, Cols: s.K, Stride: s.K, Data: a}
	ta := blas.NoTrans
	if s.TransA {
		ga = blas64.General{Rows: s.K, Cols: s.M, Stride: s.M, Data: a}
		ta = blas.Trans
	}
	gb := blas64.General{Rows: s.K, Cols: s.N, Stride: s.N, Data: b}
	tb := blas.NoTrans
	if s.TransB {
		gb = blas64.General{Rows: s.N, Cols: s.K, Stride: s.K, Data: b}
		tb = blas.Trans
	}
	blas64.Gemm(ta, tb, s.Alpha, ga, gb, s.Beta, blas64.General{Rows: s.M, Cols: s.N, Stride: s.N, Data: c})
}

func (cpuBackend) SigmoidSlope(slope float64, x, y []float64) error {
	if err := checkUnary("SigmoidSlope", x, y); err != nil {
		return err
	}
	for i, v := range x {
		y[i] = 1 / (1 + math.Exp(-slope*v))
	}
	return nil
}
