package groundtruth

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// The trainer's linear algebra. Dense products go to gonum's Dgemm, whose
// assembly axpy and dot kernels beat hand-written register-blocked Go on
// these shapes; the first layer's products walk only the non-zero pixels of
// each image (about a fifth of MNIST's) with axpy (AVX where the CPU has
// it, else gonum's Daxpy; the same bits either way). Measured with
// the benchmarks in kernels_bench_test.go. All matrices are row-major.
// Dgemm goes parallel (goroutines) once c has four or more 64 x 64 blocks:
// of the MLP's products only the second layer's 100 x 100 weight gradient
// (a^T b, 2 x 2 blocks) does; the others are serial. Running the products
// serially with AVX axpy gives the same bits, but the one-run figure was
// not reliably faster for it on the 2-core development machine.

var impl gonum.Implementation

// gemm computes c = op(a) * op(b) + beta*c, where op transposes when the
// flag is set; op(a) is (m x k), op(b) is (k x n), c is (m x n).
func gemm(transA, transB bool, m, n, k int, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	ta, tb := blas.NoTrans, blas.NoTrans
	if transA {
		ta = blas.Trans
	}
	if transB {
		tb = blas.Trans
	}
	impl.Dgemm(ta, tb, m, n, k, 1, a, lda, b, ldb, beta, c, ldc)
}

// sparseTimesW adds x*w to out, where x holds the given rows of set in
// compressed form, w is (set.inputs x n) and out is (len(rows) x n): for
// each non-zero x[r, p], out[r, :] += x[r, p] * w[p, :].
func sparseTimesW(out []float64, n int, set *sparseSet, rows []int32, w []float64) {
	for r, row := range rows {
		lo, hi := set.ptr[row], set.ptr[row+1]
		o := out[r*n : (r+1)*n]
		vals := set.val[lo:hi]
		for k, p := range set.idx[lo:hi] {
			axpy(vals[k], w[int(p)*n:int(p+1)*n], o)
		}
	}
}

// sparseTransTimesD sets g = x^T d, where x holds the given rows of set in
// compressed form, d is (len(rows) x n) and g is (set.inputs x n): for each
// non-zero x[r, p], g[p, :] += x[r, p] * d[r, :].
func sparseTransTimesD(g []float64, n int, set *sparseSet, rows []int32, d []float64) {
	clear(g)
	for r, row := range rows {
		lo, hi := set.ptr[row], set.ptr[row+1]
		dr := d[r*n : (r+1)*n]
		vals := set.val[lo:hi]
		for k, p := range set.idx[lo:hi] {
			axpy(vals[k], dr, g[int(p)*n:int(p+1)*n])
		}
	}
}

// fillRows copies bias into each of the first rows rows of out.
func fillRows(out, bias []float64, rows int) {
	n := len(bias)
	for r := 0; r < rows; r++ {
		copy(out[r*n:(r+1)*n], bias)
	}
}

// sumRows sets out[j] to the sum over rows of a[r, j].
func sumRows(out, a []float64, rows, cols int) {
	clear(out[:cols])
	for r := 0; r < rows; r++ {
		for j, v := range a[r*cols : (r+1)*cols] {
			out[j] += v
		}
	}
}
