package groundtruth

// Hand-written pure-Go alternatives to linalg.go's gonum calls, kept as the
// baseline of kernels_bench_test.go: register-blocked over 8 output columns
// (each weight loaded once per multiply-add, accumulators in registers).
// Without SIMD they lose to gonum's assembly axpy (see linalg.go), so the
// trainer does not use them. Row-major float64 throughout.

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
