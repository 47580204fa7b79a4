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
	transpose(t, a, rows, cols)
	return t
}

func closeTo(t *testing.T, what string, got, want []float64) {
	t.Helper()
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-12*(1+math.Abs(want[i])) {
			t.Fatalf("%s[%d] = %v, want %v", what, i, got[i], want[i])
		}
	}
}

func TestKernelsAgainstNaiveProducts(t *testing.T) {
	for _, sz := range [][3]int{{5, 13, 19}, {3, 7, 8}, {4, 20, 3}, {50, 30, 100}} {
		m, k, n := sz[0], sz[1], sz[2]
		x := randMat(m*k, 1, 0.6)
		w := randMat(k*n, 2, 0)
		bias := randMat(n, 3, 0)
		d := randMat(m*n, 4, 0)
		want := naiveMul(x, w, m, k, n)
		for i := 0; i < m; i++ {
			for j := 0; j < n; j++ {
				want[i*n+j] += bias[j]
			}
		}

		got := make([]float64, m*n)
		denseTimesW(got, m, n, bias, x, k, w)
		closeTo(t, "denseTimesW", got, want)

		// Same product through the sparse path, rows in reverse order.
		s := tinySetFrom(x, m, k)
		rows := make([]int32, m)
		for i := range rows {
			rows[i] = int32(m - 1 - i)
		}
		rowsTimesW(got, n, bias, rows, s.ptr, s.idx, s.val, w)
		for i := 0; i < m; i++ {
			closeTo(t, "rowsTimesW", got[i*n:(i+1)*n], want[(m-1-i)*n:(m-i)*n])
		}

		// x^T d, dense and column-compressed.
		wantG := naiveMul(naiveT(x, m, k), d, k, m, n)
		g := make([]float64, k*n)
		transposedTimesD(g, k, n, naiveT(x, m, k), m, d)
		closeTo(t, "transposedTimesD", g, wantG)

		net := newMLP(k, n, m)
		ident := make([]int32, m)
		for i := range ident {
			ident[i] = int32(i)
		}
		net.batchColumns(s, ident)
		for i := range g {
			g[i] = math.NaN() // every entry must be written, zero rows too
		}
		colsTimesD(g, n, net.cptr, net.crow, net.cval, d)
		closeTo(t, "colsTimesD", g, wantG)

		// d w^T
		wantDX := naiveMul(d, naiveT(w, k, n), m, n, k)
		dx := make([]float64, m*k)
		dTimesWT(dx, m, k, d, n, w)
		closeTo(t, "dTimesWT", dx, wantDX)
	}
}

func tinySetFrom(x []float64, m, k int) *sparseSet {
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
