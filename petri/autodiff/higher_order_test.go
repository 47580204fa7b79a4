package autodiff

import (
	"math"
	"testing"
)

// TestThirdOrderGradient differentiates sigmoid(s*x) three times through
// recorded gradients and compares with the closed form
// d^3/dx^3 sigmoid(s x) = s^3 p (1-p) (1 - 6p + 6p^2), p = sigmoid(s x).
func TestThirdOrderGradient(t *testing.T) {
	const s = 1.7
	xs := []float64{-1.2, -0.3, 0, 0.4, 2}
	tp := NewTape()
	x := tp.From(xs, len(xs))
	y := x.Sigmoid(s).Sum()
	g1, err := Grad(y, []Tensor{x}, true)
	if err != nil {
		t.Fatal(err)
	}
	g2, err := Grad(g1[0].Sum(), []Tensor{x}, true)
	if err != nil {
		t.Fatal(err)
	}
	g3, err := Grad(g2[0].Sum(), []Tensor{x}, false)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range xs {
		p := 1 / (1 + math.Exp(-s*v))
		d1 := s * p * (1 - p)
		d2 := s * s * p * (1 - p) * (1 - 2*p)
		d3 := s * s * s * p * (1 - p) * (1 - 6*p + 6*p*p)
		for k, pair := range [][2]float64{{g1[0].Data()[i], d1}, {g2[0].Data()[i], d2}, {g3[0].Data()[i], d3}} {
			if math.Abs(pair[0]-pair[1]) > 1e-14 {
				t.Errorf("x=%v: derivative %d = %v, want %v", v, k+1, pair[0], pair[1])
			}
		}
	}
}

// TestGradThroughGradOfMatMulChain checks a mixed second derivative that
// the unrolled inner loop relies on: d/dX of <dL/dW, U> where
// L = sum(tanh(X W)) and X is shared by a batch of weights.
func TestGradThroughGradOfMatMulChain(t *testing.T) {
	r := newRand(t)
	X := randInput(r, -1, 1, 3, 4)
	W := randInput(r, -1, 1, 2, 4, 2)
	U := randInput(r, -1, 1, 2, 4, 2)
	f := func(xd []float64) (float64, []float64) {
		tp := NewTape()
		x := tp.From(xd, 3, 4)
		w := tp.From(W.data, W.shape...)
		g, err := Grad(x.MatMul(w).Tanh().Sum(), []Tensor{w}, true)
		if err != nil {
			t.Fatal(err)
		}
		h := g[0].Mul(tp.From(U.data, U.shape...)).Sum()
		dx, err := Grad(h, []Tensor{x}, false)
		if err != nil {
			t.Fatal(err)
		}
		return h.Item(), append([]float64(nil), dx[0].Data()...)
	}
	_, got := f(X.data)
	const h = 1e-6
	for i := range X.data {
		p := append([]float64(nil), X.data...)
		m := append([]float64(nil), X.data...)
		p[i] += h
		m[i] -= h
		fp, _ := f(p)
		fm, _ := f(m)
		if fd := (fp - fm) / (2 * h); !close(got[i], fd, 1e-7) {
			t.Errorf("X[%d]: %v, finite difference %v", i, got[i], fd)
		}
	}
}
