package motif

import (
	"math"
	"testing"

	"github.com/petridish-go/petridish/petri/rng"
)

// The plain triple loops that define the small-matrix kernels' results.

func plainMatAdd(out, in, w []float64, rows, k, cols int) {
	for r := range rows {
		for q := range k {
			for j := range cols {
				out[r*cols+j] += in[r*k+q] * w[q*cols+j]
			}
		}
	}
}

func plainMatAddT(out, in, w []float64, rows, k, cols int) {
	for r := range rows {
		for q := range k {
			var acc float64
			for j := range cols {
				acc += in[r*cols+j] * w[q*cols+j]
			}
			out[r*k+q] += acc
		}
	}
}

func plainOuterAdd(w, a, b []float64, rows, k, cols int) {
	for r := range rows {
		for q := range k {
			for j := range cols {
				w[q*cols+j] += a[r*k+q] * b[r*cols+j]
			}
		}
	}
}

// TestSmallMatMatchesPlainLoops checks matAdd, matAddT and outerAdd
// against the plain loops bit for bit on every shape up to 9 x 11 x 13,
// which covers each kernel's blocks of four and every remainder, with
// inputs of mixed sign and scale so that a different summation order
// would change the last bits: with the Go loops and, where the CPU has
// it, with axpyRows's AVX kernel.
func TestSmallMatMatchesPlainLoops(t *testing.T) {
	defer func(old bool) { hasVectorRows = old }(hasVectorRows)
	modes := []bool{false}
	if hasVectorRows {
		modes = append(modes, true)
	}
	for _, vector := range modes {
		hasVectorRows = vector
		testSmallMat(t)
	}
}

func testSmallMat(t *testing.T) {
	r := rng.New(5)
	vec := func(n int) []float64 {
		v := make([]float64, n)
		for i := range v {
			v[i] = r.NormFloat64() * math.Exp(3*r.NormFloat64())
		}
		return v
	}
	same := func(name string, rows, k, cols int, got, want []float64) {
		t.Helper()
		for i := range want {
			if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
				t.Fatalf("%s %dx%dx%d (vector %v): element %d is %v, the plain loop gives %v", name, rows, k, cols, hasVectorRows, i, got[i], want[i])
			}
		}
	}
	for rows := 1; rows <= 9; rows++ {
		for k := 1; k <= 11; k++ {
			for cols := 1; cols <= 13; cols++ {
				in, w := vec(rows*k), vec(k*cols)
				out := vec(rows * cols)
				want := append([]float64(nil), out...)
				matAdd(out, in, w, rows, k, cols)
				plainMatAdd(want, in, w, rows, k, cols)
				same("matAdd", rows, k, cols, out, want)

				inT := vec(rows * cols)
				outT := vec(rows * k)
				wantT := append([]float64(nil), outT...)
				matAddT(outT, inT, w, rows, k, cols)
				plainMatAddT(wantT, inT, w, rows, k, cols)
				same("matAddT", rows, k, cols, outT, wantT)

				a, b := vec(rows*k), vec(rows*cols)
				acc := vec(k * cols)
				wantAcc := append([]float64(nil), acc...)
				outerAdd(acc, a, b, rows, k, cols)
				plainOuterAdd(wantAcc, a, b, rows, k, cols)
				same("outerAdd", rows, k, cols, acc, wantAcc)
			}
		}
	}
}

// BenchmarkSmallMat times each kernel on Experiment 2's shapes (20
// samples, hidden width 3, so k = 3 and cols = 6), with the Go loops and,
// where the CPU has it, the AVX kernel.
func BenchmarkSmallMat(b *testing.B) {
	const rows, k, cols = 20, 3, 6
	r := rng.New(1)
	in, w, out := randNorm(r, rows*k), randNorm(r, k*cols), make([]float64, rows*cols)
	inT, outT := randNorm(r, rows*cols), make([]float64, rows*k)
	defer func(old bool) { hasVectorRows = old }(hasVectorRows)
	for _, vector := range []bool{false, true} {
		hasVectorRows = vector
		name := map[bool]string{false: "go", true: "vector"}[vector]
		b.Run("matAdd/"+name, func(b *testing.B) {
			for b.Loop() {
				matAdd(out, in, w, rows, k, cols)
			}
		})
		b.Run("matAddT/"+name, func(b *testing.B) {
			for b.Loop() {
				matAddT(outT, inT, w, rows, k, cols)
			}
		})
		b.Run("outerAdd/"+name, func(b *testing.B) {
			for b.Loop() {
				outerAdd(w, in, inT, rows, k, cols)
			}
		})
	}
}

// TestCellMixMatchesElementwise checks cellNet.mix, which computes the
// gate and activation a block at a time, against sigmoid and apply
// element by element, bit for bit, for every activation, with and without
// an input state, on pre-activations that include zeros of both signs and
// values beyond exp's fast range.
func TestCellMixMatchesElementwise(t *testing.T) {
	spec := NetSpec{Inputs: 2, Hidden: []int{3}, Outputs: 2, Samples: 4, TimeSteps: 2}
	n := newCellNet(spec, make([]float64, spec.Samples*spec.TimeSteps*spec.Outputs))
	r := rng.New(8)
	special := []float64{0, math.Copysign(0, -1), 800, -800, 40, -40}
	for i := range n.pre {
		n.pre[i] = 3 * r.NormFloat64()
		if i%5 == 0 {
			n.pre[i] = special[(i/5)%len(special)]
		}
	}
	H := n.lay.hid
	for _, f := range []CellAct{CellTanh, CellReLU, CellSigmoid, CellIdentity} {
		for _, withState := range []bool{false, true} {
			var sp []float64
			if withState {
				sp = randNorm(r, n.S*H)
				sp[1] = math.Copysign(0, -1)
			}
			n.mix(1, 2, sp, f)
			pre, g, a, s := n.pblock(n.pre, 1, 2), n.hblock(n.gate, 1, 2), n.hblock(n.act, 1, 2), n.hblock(n.st, 1, 2)
			for row := range n.S {
				for j := range H {
					k := row*H + j
					gk, ak := sigmoid(pre[row*2*H+j]), apply(f, pre[row*2*H+H+j])
					var spk float64
					if sp != nil {
						spk = sp[k]
					}
					sk := spk + gk*(ak-spk)
					for _, c := range [][2]float64{{g[k], gk}, {a[k], ak}, {s[k], sk}} {
						if math.Float64bits(c[0]) != math.Float64bits(c[1]) {
							t.Fatalf("activation %v, state %v, element %d: mix gives %v, element by element %v", f, withState, k, c[0], c[1])
						}
					}
				}
			}
		}
	}
}
