package groundtruth

// The trainer's matrix kernels. All matrices are row-major float64. They are
// register-blocked over 8 output columns so each weight is loaded once per
// multiply-add and the accumulators stay in registers; the first layer
// exploits that about 80% of MNIST pixels are zero by walking only the
// non-zero inputs (a sparse x dense product). See kernels_bench_test.go for
// the comparison with gonum's blas64.Gemm.

// rowsTimesW computes, for each of the rows given in compressed form,
// out[r, :] = bias + sum_k val[k] * w[idx[k], :], where row r's non-zeros are
// idx[ptr[r]:ptr[r+1]] and val[ptr[r]:ptr[r+1]] and w is (inputs x n).
// rows lists which compressed rows to use, in output order.
func rowsTimesW(out []float64, n int, bias []float64, rows []int32, ptr []int32, idx []int32, val []float64, w []float64) {
	for r, row := range rows {
		lo, hi := ptr[row], ptr[row+1]
		spRowTimesW(out[r*n:(r+1)*n], bias, idx[lo:hi], val[lo:hi], w)
	}
}

// spRowTimesW computes o = bias + sum_k val[k] * w[idx[k], :] for one row,
// where len(o) = n is w's row length.
func spRowTimesW(o, bias []float64, idx []int32, val []float64, w []float64) {
	n := len(o)
	val = val[:len(idx)]
	j := 0
	for ; j+8 <= n; j += 8 {
		b := (*[8]float64)(bias[j : j+8])
		a0, a1, a2, a3, a4, a5, a6, a7 := b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]
		for k, p := range idx {
			v := val[k]
			off := int(p)*n + j
			r := (*[8]float64)(w[off : off+8])
			a0 += v * r[0]
			a1 += v * r[1]
			a2 += v * r[2]
			a3 += v * r[3]
			a4 += v * r[4]
			a5 += v * r[5]
			a6 += v * r[6]
			a7 += v * r[7]
		}
		t := (*[8]float64)(o[j : j+8])
		t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7] = a0, a1, a2, a3, a4, a5, a6, a7
	}
	for ; j < n; j++ {
		a := bias[j]
		for k, p := range idx {
			a += val[k] * w[int(p)*n+j]
		}
		o[j] = a
	}
}

// denseTimesW computes out = in * w + bias for m rows: in is (m x k), w is
// (k x n), out is (m x n).
func denseTimesW(out []float64, m, n int, bias, in []float64, k int, w []float64) {
	w = w[:k*n]
	for r := 0; r < m; r++ {
		x := in[r*k : (r+1)*k]
		o := out[r*n : (r+1)*n]
		j := 0
		for ; j+8 <= n; j += 8 {
			b := (*[8]float64)(bias[j : j+8])
			a0, a1, a2, a3, a4, a5, a6, a7 := b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]
			for i, v := range x {
				off := i*n + j
				r := (*[8]float64)(w[off : off+8])
				a0 += v * r[0]
				a1 += v * r[1]
				a2 += v * r[2]
				a3 += v * r[3]
				a4 += v * r[4]
				a5 += v * r[5]
				a6 += v * r[6]
				a7 += v * r[7]
			}
			t := (*[8]float64)(o[j : j+8])
			t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7] = a0, a1, a2, a3, a4, a5, a6, a7
		}
		for ; j < n; j++ {
			a := bias[j]
			for i, v := range x {
				a += v * w[i*n+j]
			}
			o[j] = a
		}
	}
}

// colsTimesD computes the weight gradient g = x^T d in column-compressed
// form: for every input p, g[p, :] = sum over entries e of column p of
// val[e] * d[row[e], :], where column p's entries are ptr[p]:ptr[p+1]. An
// input with no entries gets a zero gradient row. d is (rows x n), g is
// (inputs x n) with inputs = len(ptr)-1.
func colsTimesD(g []float64, n int, ptr []int32, row []int32, val []float64, d []float64) {
	inputs := len(ptr) - 1
	for p := 0; p < inputs; p++ {
		gp := g[p*n : (p+1)*n]
		lo, hi := ptr[p], ptr[p+1]
		if lo == hi {
			clear(gp)
			continue
		}
		rs, vs := row[lo:hi], val[lo:hi]
		j := 0
		for ; j+8 <= n; j += 8 {
			var a0, a1, a2, a3, a4, a5, a6, a7 float64
			for e, b := range rs {
				v := vs[e]
				off := int(b)*n + j
				r := (*[8]float64)(d[off : off+8])
				a0 += v * r[0]
				a1 += v * r[1]
				a2 += v * r[2]
				a3 += v * r[3]
				a4 += v * r[4]
				a5 += v * r[5]
				a6 += v * r[6]
				a7 += v * r[7]
			}
			t := (*[8]float64)(gp[j : j+8])
			t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7] = a0, a1, a2, a3, a4, a5, a6, a7
		}
		for ; j < n; j++ {
			var a float64
			for e, b := range rs {
				a += vs[e] * d[int(b)*n+j]
			}
			gp[j] = a
		}
	}
}

// transposedTimesD computes g = x^T d from xT = x^T: xT is (k x m), d is
// (m x n), g is (k x n).
func transposedTimesD(g []float64, k, n int, xT []float64, m int, d []float64) {
	d = d[:m*n]
	for i := 0; i < k; i++ {
		x := xT[i*m : (i+1)*m]
		gi := g[i*n : (i+1)*n]
		j := 0
		for ; j+8 <= n; j += 8 {
			var a0, a1, a2, a3, a4, a5, a6, a7 float64
			for b, v := range x {
				off := b*n + j
				r := (*[8]float64)(d[off : off+8])
				a0 += v * r[0]
				a1 += v * r[1]
				a2 += v * r[2]
				a3 += v * r[3]
				a4 += v * r[4]
				a5 += v * r[5]
				a6 += v * r[6]
				a7 += v * r[7]
			}
			t := (*[8]float64)(gi[j : j+8])
			t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7] = a0, a1, a2, a3, a4, a5, a6, a7
		}
		for ; j < n; j++ {
			var a float64
			for b, v := range x {
				a += v * d[b*n+j]
			}
			gi[j] = a
		}
	}
}

// dTimesWT computes dx = d * w^T: d is (m x n), w is (k x n), dx is (m x k).
// Each output is a dot product of two contiguous rows; four outputs are
// computed together so each loaded d value is used four times.
func dTimesWT(dx []float64, m, k int, d []float64, n int, w []float64) {
	w = w[:k*n]
	for b := 0; b < m; b++ {
		db := d[b*n : (b+1)*n]
		out := dx[b*k : (b+1)*k]
		i := 0
		for ; i+4 <= k; i += 4 {
			w0 := w[i*n : (i+1)*n][:len(db)]
			w1 := w[(i+1)*n : (i+2)*n][:len(db)]
			w2 := w[(i+2)*n : (i+3)*n][:len(db)]
			w3 := w[(i+3)*n : (i+4)*n][:len(db)]
			var a0, a1, a2, a3 float64
			for j, v := range db {
				a0 += v * w0[j]
				a1 += v * w1[j]
				a2 += v * w2[j]
				a3 += v * w3[j]
			}
			out[i], out[i+1], out[i+2], out[i+3] = a0, a1, a2, a3
		}
		for ; i < k; i++ {
			wi := w[i*n : (i+1)*n][:len(db)]
			var a float64
			for j, v := range db {
				a += v * wi[j]
			}
			out[i] = a
		}
	}
}
