package motif

// The cell's inner loops are products of tiny matrices (k and cols are 3
// to 10). These kernels keep four rows of a sum in flight at once, so
// the CPU overlaps their multiply-adds instead of waiting on one
// accumulator or one load-add-store per term, yet every output element is
// summed in the same order as the plain triple loop, so the results are
// bit-identical to it (TestSmallMatMatchesPlainLoops). Re-slicing to equal
// lengths lets the compiler drop the bounds checks.

// matAdd adds in (rows x k) times w (k x cols) into out (rows x cols):
// out[r][j] += in[r][0] w[0][j], then in[r][1] w[1][j], and so on.
func matAdd(out, in, w []float64, rows, k, cols int) {
	if hasVectorRows {
		axpyRows(out, rows, cols, cols, in, k, 1, w, cols, k)
		return
	}
	for r := range rows {
		o := out[r*cols : (r+1)*cols]
		x := in[r*k : (r+1)*k]
		q := 0
		for ; q+4 <= k; q += 4 {
			x0, x1, x2, x3 := x[q], x[q+1], x[q+2], x[q+3]
			w0 := w[q*cols : (q+1)*cols]
			w1 := w[(q+1)*cols : (q+2)*cols]
			w2 := w[(q+2)*cols : (q+3)*cols]
			w3 := w[(q+3)*cols : (q+4)*cols]
			w0, w1, w2, w3 = w0[:len(o)], w1[:len(o)], w2[:len(o)], w3[:len(o)]
			for j, oj := range o {
				o[j] = oj + x0*w0[j] + x1*w1[j] + x2*w2[j] + x3*w3[j]
			}
		}
		switch k - q {
		case 3:
			x0, x1, x2 := x[q], x[q+1], x[q+2]
			w0 := w[q*cols : (q+1)*cols]
			w1 := w[(q+1)*cols : (q+2)*cols]
			w2 := w[(q+2)*cols : (q+3)*cols]
			w0, w1, w2 = w0[:len(o)], w1[:len(o)], w2[:len(o)]
			for j, oj := range o {
				o[j] = oj + x0*w0[j] + x1*w1[j] + x2*w2[j]
			}
		case 2:
			x0, x1 := x[q], x[q+1]
			w0 := w[q*cols : (q+1)*cols]
			w1 := w[(q+1)*cols : (q+2)*cols]
			w0, w1 = w0[:len(o)], w1[:len(o)]
			for j, oj := range o {
				o[j] = oj + x0*w0[j] + x1*w1[j]
			}
		case 1:
			x0 := x[q]
			w0 := w[q*cols : (q+1)*cols]
			w0 = w0[:len(o)]
			for j, oj := range o {
				o[j] = oj + x0*w0[j]
			}
		}
	}
}

// outerAdd adds a^T b into w: a is (rows x k), b (rows x cols), w (k x
// cols): w[q][j] += a[0][q] b[0][j], then a[1][q] b[1][j], and so on.
func outerAdd(w, a, b []float64, rows, k, cols int) {
	if hasVectorRows {
		axpyRows(w, k, cols, cols, a, 1, k, b, cols, rows)
		return
	}
	r := 0
	for ; r+4 <= rows; r += 4 {
		b0 := b[r*cols : (r+1)*cols]
		b1 := b[(r+1)*cols : (r+2)*cols]
		b2 := b[(r+2)*cols : (r+3)*cols]
		b3 := b[(r+3)*cols : (r+4)*cols]
		a0, a1, a2, a3 := a[r*k:(r+1)*k], a[(r+1)*k:(r+2)*k], a[(r+2)*k:(r+3)*k], a[(r+3)*k:(r+4)*k]
		a1, a2, a3 = a1[:len(a0)], a2[:len(a0)], a3[:len(a0)]
		for q, c0 := range a0 {
			c1, c2, c3 := a1[q], a2[q], a3[q]
			wq := w[q*cols : (q+1)*cols]
			b0, b1, b2, b3 := b0[:len(wq)], b1[:len(wq)], b2[:len(wq)], b3[:len(wq)]
			for j, wj := range wq {
				wq[j] = wj + c0*b0[j] + c1*b1[j] + c2*b2[j] + c3*b3[j]
			}
		}
	}
	for ; r < rows; r++ {
		br := b[r*cols : (r+1)*cols]
		for q, v := range a[r*k : (r+1)*k] {
			wq := w[q*cols : (q+1)*cols]
			wq = wq[:len(br)]
			for j, bj := range br {
				wq[j] += v * bj
			}
		}
	}
}

// matAddT adds in (rows x cols) times w^T, w being (k x cols), into out
// (rows x k): out[r][q] += the dot product of in[r] and w[q], summed from
// zero in order of j. Four dot products run at once.
func matAddT(out, in, w []float64, rows, k, cols int) {
	for r := range rows {
		ir := in[r*cols : (r+1)*cols]
		o := out[r*k : (r+1)*k]
		q := 0
		for ; q+4 <= len(o); q += 4 {
			w0 := w[q*cols : (q+1)*cols]
			w1 := w[(q+1)*cols : (q+2)*cols]
			w2 := w[(q+2)*cols : (q+3)*cols]
			w3 := w[(q+3)*cols : (q+4)*cols]
			w0, w1, w2, w3 = w0[:len(ir)], w1[:len(ir)], w2[:len(ir)], w3[:len(ir)]
			var s0, s1, s2, s3 float64
			for j, v := range ir {
				s0 += v * w0[j]
				s1 += v * w1[j]
				s2 += v * w2[j]
				s3 += v * w3[j]
			}
			o[q] += s0
			o[q+1] += s1
			o[q+2] += s2
			o[q+3] += s3
		}
		switch len(o) - q {
		case 3:
			w0 := w[q*cols : (q+1)*cols]
			w1 := w[(q+1)*cols : (q+2)*cols]
			w2 := w[(q+2)*cols : (q+3)*cols]
			w0, w1, w2 = w0[:len(ir)], w1[:len(ir)], w2[:len(ir)]
			var s0, s1, s2 float64
			for j, v := range ir {
				s0 += v * w0[j]
				s1 += v * w1[j]
				s2 += v * w2[j]
			}
			o[q] += s0
			o[q+1] += s1
			o[q+2] += s2
		case 2:
			w0 := w[q*cols : (q+1)*cols]
			w1 := w[(q+1)*cols : (q+2)*cols]
			w0, w1 = w0[:len(ir)], w1[:len(ir)]
			var s0, s1 float64
			for j, v := range ir {
				s0 += v * w0[j]
				s1 += v * w1[j]
			}
			o[q] += s0
			o[q+1] += s1
		case 1:
			w0 := w[q*cols : (q+1)*cols]
			w0 = w0[:len(ir)]
			var s0 float64
			for j, v := range ir {
				s0 += v * w0[j]
			}
			o[q] += s0
		}
	}
}
