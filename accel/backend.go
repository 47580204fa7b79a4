package accel

import "fmt"

// Backend runs the numerical kernels petri needs on one kind of device.
//
// Methods take host slices of float64 in row-major order and return when the
// result is in the output slice, so callers need not know where the work
// ran. The CPU backend computes in float64 and is the reference; the CUDA
// backend computes in float32 on the GPU and converts at the boundary, so
// its results agree with the CPU's to float32 accuracy (the GPU tests state
// the tolerances). Backends are safe for concurrent use.
type Backend interface {
	// Name is the device name Select takes: "cpu" or "cuda".
	Name() string
	// Describe is one line about the device, for the %device magic and logs.
	Describe() string
	// Gemm computes C = Alpha*op(A)*op(B) + Beta*C for one matrix triple
	// shaped by s. When Beta is 0, C is only written.
	Gemm(s GemmSpec, a, b, c []float64) error
	// GemmBatched does Gemm for batch independent triples stored one after
	// another: triple i is a[i*M*K:], b[i*K*N:], c[i*M*N:].
	GemmBatched(batch int, s GemmSpec, a, b, c []float64) error
	// SigmoidSlope sets y[i] = 1/(1+exp(-slope*x[i])), the activation of the
	// sigmoid-slope motif. x and y have the same length and may be the same
	// slice.
	SigmoidSlope(slope float64, x, y []float64) error
}

// GemmSpec shapes a GEMM: op(A) is M×K, op(B) is K×N and C is M×N, all dense
// and row-major. A is stored K×M when TransA (op(A) = Aᵀ), and B is stored
// N×K when TransB.
type GemmSpec struct {
	TransA, TransB bool
	M, N, K        int
	Alpha, Beta    float64
}

// maxDim bounds each GEMM dimension and the batch so that every index fits
// the int32 arithmetic of the GPU kernels.
const maxDim = 1 << 24

// check validates s against the lengths of a, b and c for batch triples.
func (s GemmSpec) check(batch, la, lb, lc int) error {
	if s.M < 0 || s.N < 0 || s.K < 0 || batch < 0 {
		return fmt.Errorf("accel: gemm with negative size (batch %d, M %d, N %d, K %d)", batch, s.M, s.N, s.K)
	}
	if s.M > maxDim || s.N > maxDim || s.K > maxDim || batch > maxDim {
		return fmt.Errorf("accel: gemm size (batch %d, M %d, N %d, K %d) exceeds %d in some dimension; split the work", batch, s.M, s.N, s.K, maxDim)
	}
	for _, x := range []struct {
		name    string
		got     int
		r, c    int
		storage string
	}{
		{"A", la, s.M, s.K, storage(s.TransA, s.M, s.K)},
		{"B", lb, s.K, s.N, storage(s.TransB, s.K, s.N)},
		{"C", lc, s.M, s.N, storage(false, s.M, s.N)},
	} {
		if want := batch * x.r * x.c; x.got != want {
			return fmt.Errorf("accel: gemm %s has %d elements, want %d (batch %d × %s)", x.name, x.got, want, batch, x.storage)
		}
	}
	return nil
}

// storage describes how a matrix with op(X) r×c is stored.
func storage(trans bool, r, c int) string {
	if trans {
		return fmt.Sprintf("%d×%d, transposed", c, r)
	}
	return fmt.Sprintf("%d×%d", r, c)
}

// checkUnary validates the slices of an elementwise op.
func checkUnary(op string, x, y []float64) error {
	if len(x) != len(y) {
		return fmt.Errorf("accel: %s: x has %d elements but y has %d; they must match", op, len(x), len(y))
	}
	if len(x) > 1<<31-1 {
		return fmt.Errorf("accel: %s of %d elements exceeds 2^31-1; split the work", op, len(x))
	}
	return nil
}
