package groundtruth

import (
	"math"
	"testing"

	"github.com/petridish-go/petridish/petri/rng"
)

func randMat(n int, seed uint64, zeroFrac float64) []float64 {
	r := rng.New(seed)
	out := make([]float64, n)
	for i := range out {
		if r.Float64() >= zeroFrac {
			out[i] = r.NormFloat64()
		}
	}
	return out
}

// naiveMul returns a (m x k) times b (k x n).
func naiveMul(a, b []float64, m, k, n int) []float64 {
	c := make([]float64, m*n)
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			for l := 0; l < k; l++ {
				c[i*n+j] += a[i*k+l] * b[l*n+j]
			}
		}
	}
	return c
}

func naiveT(a []float64, rows, cols int) []float64 {
	t := make([]float64, len(a))
	for r := 0; r < rows; r++ {
		for c := 0; c < cols; c++ {
			t[c*rows+r] = a[r*cols+c]
		}
	}
	return t
}

func closeTo(t *testing.T, what string, got, want []float64) {
	t.Helper()
	if len(got) < len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-12*(1+math.Abs(want[i])) {
			t.Fatalf("%s[%d] = %v, want %v", what, i, got[i], want[i])
		}
	}
}

func compress(x []float64, m, k int) *sparseSet {
	s := &sparseSet{n: m, inputs: k, ptr: make([]int32, m+1)}
	for r := 0; r < m; r++ {
		for i, v := range x[r*k : (r+1)*k] {
			if v != 0 {
				s.idx = append(s.idx, int32(i))
				s.val = append(s.val, v)
			}
		}
		s.ptr[r+1] = int32(len(s.idx))
	}
	return s
}

func TestLinalgAgainstNaiveProducts(t *testing.T) {
	for _, sz := range [][3]int{{5, 13, 19}, {3, 7, 8}, {4, 20, 3}, {50, 30, 100}} {
		m, k, n := sz[0], sz[1], sz[2]
		x := randMat(m*k, 1, 0.6)
		w := randMat(k*n, 2, 0)
		d := randMat(m*n, 4, 0)
		bias := randMat(n, 3, 0)
		xw := naiveMul(x, w, m, k, n)

		got := make([]float64, m*n)
		gemm(false, false, m, n, k, x, k, w, n, 0, got, n)
		closeTo(t, "gemm NN", got, xw)
		gemm(true, false, m, n, k, naiveT(x, m, k), m, w, n, 0, got, n)
		closeTo(t, "gemm TN", got, xw)
		gemm(false, true, m, n, k, x, k, naiveT(w, k, n), k, 0, got, n)
		closeTo(t, "gemm NT", got, xw)

		// The sparse path, rows in reverse order, on top of the bias.
		s := compress(x, m, k)
		rows := make([]int32, m)
		for i := range rows {
			rows[i] = int32(m - 1 - i)
		}
		fillRows(got, bias, m)
		sparseTimesW(got, n, s, rows, w)
		for i := 0; i < m; i++ {
			want := append([]float64(nil), xw[(m-1-i)*n:(m-i)*n]...)
			for j := range want {
				want[j] += bias[j]
			}
			closeTo(t, "sparseTimesW", got[i*n:(i+1)*n], want)
		}

		// x^T d through the compressed rows, every entry overwritten.
		ident := make([]int32, m)
		for i := range ident {
			ident[i] = int32(i)
		}
		g := make([]float64, k*n)
		for i := range g {
			g[i] = math.NaN()
		}
		sparseTransTimesD(g, n, s, ident, d)
		closeTo(t, "sparseTransTimesD", g, naiveMul(naiveT(x, m, k), d, k, m, n))

		sums := make([]float64, n)
		sumRows(sums, d, m, n)
		ones := make([]float64, m)
		for i := range ones {
			ones[i] = 1
		}
		closeTo(t, "sumRows", sums, naiveMul(ones, d, 1, m, n))

		// The benchmark's pure-Go alternatives compute the same products.
		ref := make([]float64, m*n)
		fillRows(ref, bias, m)
		gemm(false, false, m, n, k, x, k, w, n, 1, ref, n)
		denseTimesW(got, m, n, bias, x, k, w)
		closeTo(t, "denseTimesW", got, ref)
		rowsTimesW(got, n, bias, ident, s.ptr, s.idx, s.val, w)
		closeTo(t, "rowsTimesW", got, ref)
	}
}
