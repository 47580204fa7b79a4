package groundtruth

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// The trainer's linear algebra. Dense products go to gonum's Dgemm, whose
// assembly axpy and dot kernels beat hand-written register-blocked Go on
// these shapes, except the products without a transposed b (a b and
// a^T b, with beta 0 or 1), which gemm runs itself with Dgemm's serial
// loops on axpy (AVX where the CPU has it): the same bits as Dgemm (which
// sums each element in the same order, with gonum's axpy, whose bits
// axpy's AVX kernel gives), twice as wide, and always on the calling
// goroutine, where Dgemm splits a product as small as 100 x 100 (the
// second layer's weight gradient) over goroutines. The first layer's
// products walk only the non-zero pixels of each image (about a fifth of
// MNIST's) with axpy. Measured with the benchmarks in
// kernels_bench_test.go. All matrices are row-major.

var impl gonum.Implementation

// gemm computes c = op(a) * op(b) + beta*c, where op transposes when the
// flag is set; op(a) is (m x k), op(b) is (k x n), c is (m x n).
func gemm(transA, transB bool, m, n, k int, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	if !transB && (beta == 0 || beta == 1) {
		gemmAxpy(transA, m, n, k, a, lda, b, ldb, beta, c, ldc)
		return
	}
	ta, tb := blas.NoTrans, blas.NoTrans
	if transA {
		ta = blas.Trans
	}
	if transB {
		tb = blas.Trans
	}
	impl.Dgemm(ta, tb, m, n, k, 1, a, lda, b, ldb, beta, c, ldc)
}

// gemmAxpy is gemm for op(b) = b and beta 0 or 1, with Dgemm's serial
// loops for alpha = 1 (dgemmSerialNotNot and dgemmSerialTransNot): row i
// of c gets a[i, l] b[l, :] (a^T: a[l, i] b[l, :]) for l in increasing
// order, terms with a zero coefficient skipped, each through axpy.
func gemmAxpy(transA bool, m, n, k int, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	if beta == 0 {
		for i := range m {
			clear(c[i*ldc : i*ldc+n])
		}
	}
	if transA {
		for l := range k {
			bl := b[l*ldb : l*ldb+n]
			for i, v := range a[l*lda : l*lda+m] {
				if v != 0 {
					axpy(v, bl, c[i*ldc:i*ldc+n])
				}
			}
		}
		return
	}
	for i := range m {
		ci := c[i*ldc : i*ldc+n]
		for l, v := range a[i*lda : i*lda+k] {
			if v != 0 {
				axpy(v, b[l*ldb:l*ldb+n], ci)
			}
		}
	}
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
