package autodiff

import "testing"

// gemmRowRef is gemm's loop for an untransposed b (c = op(a) b, each row
// of c accumulated over p in order), the reference for its special cases.
func gemmRowRef(ta bool, n, m, k int, a, b, c []float64) {
	clear(c)
	for i := 0; i < n; i++ {
		row := c[i*m : (i+1)*m]
		for p := 0; p < k; p++ {
			av := a[i*k+p]
			if ta {
				av = a[p*n+i]
			}
			for j, bv := range b[p*m : (p+1)*m] {
				row[j] += av * bv
			}
		}
	}
}

// TestGemmColumnMatchesRowLoop checks gemm's dot-product case (m == 1)
// against the row loop bit for bit, for both layouts of a.
func TestGemmColumnMatchesRowLoop(t *testing.T) {
	r := newRand(t)
	for _, ta := range []bool{false, true} {
		for _, nk := range [][2]int{{1, 1}, {10, 1}, {1, 10}, {10, 10}, {7, 13}} {
			n, k := nk[0], nk[1]
			a := randInput(r, -1, 1, n*k).data
			b := randInput(r, -1, 1, k).data
			got, want := make([]float64, n), make([]float64, n)
			gemm(ta, false, n, 1, k, a, b, got)
			gemmRowRef(ta, n, 1, k, a, b, want)
			if !bitsEqual(got, want) {
				t.Errorf("ta %v, %dx%d: gemm %v, row loop %v", ta, n, k, got, want)
			}
		}
	}
}
