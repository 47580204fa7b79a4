package autodiff

import (
	"fmt"
	"testing"
)

// TestDirectVJPMatchesRecorded checks that the backward pass without
// createGraph gives the same float64s with vjpDirect (the ops' gradients
// computed straight into scratch buffers) as with vjp (the same gradients
// built from recorded ops): first-order gradients of checker losses, and
// Hessian-vector products, whose second backward pass runs through the
// gradient ops themselves (SigmoidGrad, TanhGrad, MaskPositive, Pad,
// BroadcastTo, ...). Shapes include broadcasting against [k], [n, 1] and
// scalars.
func TestDirectVJPMatchesRecorded(t *testing.T) {
	r := newRand(t)
	const m, n, k = 2, 3, 4
	type tc struct {
		name string
		f    func(xs []Tensor) Tensor
		ins  []input
	}
	full := func(lo, hi float64) input { return randInput(r, lo, hi, m, n, k) }
	unary := func(name string, lo, hi float64, f func(Tensor) Tensor) tc {
		return tc{name, func(xs []Tensor) Tensor { return f(xs[0]) }, []input{full(lo, hi)}}
	}
	var cases []tc
	for _, u := range []struct {
		name   string
		lo, hi float64
		f      func(Tensor) Tensor
	}{
		{"Neg", -1, 1, Tensor.Neg},
		{"Scale", -1, 1, func(x Tensor) Tensor { return x.Scale(1.7) }},
		{"AddScalar", -1, 1, func(x Tensor) Tensor { return x.AddScalar(0.3) }},
		{"Exp", -1, 1, Tensor.Exp},
		{"Log", 0.5, 2, Tensor.Log},
		{"Sqrt", 0.5, 2, Tensor.Sqrt},
		{"Pow3", -1, 1, func(x Tensor) Tensor { return x.Pow(3) }},
		{"Pow1", -1, 1, func(x Tensor) Tensor { return x.Pow(1) }},
		{"Pow0", -1, 1, func(x Tensor) Tensor { return x.Pow(0).Add(x) }},
		{"Square", -1, 1, Tensor.Square},
		{"Sigmoid", -2, 2, func(x Tensor) Tensor { return x.Sigmoid(0.7) }},
		{"Tanh", -2, 2, Tensor.Tanh},
		{"ReLU", -1, 1, Tensor.ReLU},
		{"Sum", -1, 1, func(x Tensor) Tensor { return x.Sum(0, 2) }},
		{"MeanKeep", -1, 1, func(x Tensor) Tensor { return x.MeanKeep(1) }},
		{"SumAll", -1, 1, func(x Tensor) Tensor { return x.Sum() }},
		{"BroadcastTo", -1, 1, func(x Tensor) Tensor { return x.Slice(1, 0, 1).BroadcastTo(m, n, k) }},
		{"Slice", -1, 1, func(x Tensor) Tensor { return x.Slice(2, 1, 3).Square() }},
		{"Reshape", -1, 1, func(x Tensor) Tensor { return x.Reshape(m*n, k).Square() }},
		{"LogSoftmax", -1, 1, func(x Tensor) Tensor { return x.LogSoftmax(2) }},
		{"ZNorm", -1, 1, func(x Tensor) Tensor { return x.ZNorm(1, 1e-3) }},
	} {
		cases = append(cases, unary(u.name, u.lo, u.hi, u.f))
	}
	for _, b := range []struct {
		name     string
		blo, bhi float64
		f        func(a, b Tensor) Tensor
	}{
		{"Add", -1, 1, Tensor.Add},
		{"Sub", -1, 1, Tensor.Sub},
		{"Mul", -1, 1, Tensor.Mul},
		{"Div", 0.5, 2, Tensor.Div},
		{"Maximum", -1, 1, Tensor.Maximum},
		{"BCEWithLogits", 0, 1, Tensor.BCEWithLogits},
		{"MulSigmoid", -1, 1, func(a, b Tensor) Tensor { return a.Mul(b).Sigmoid(1.3).Mul(a) }},
	} {
		for _, bs := range [][]int{{m, n, k}, {k}, {n, 1}, {1}, {}} {
			cases = append(cases, tc{fmt.Sprint(b.name, bs), func(xs []Tensor) Tensor { return b.f(xs[0], xs[1]) },
				[]input{full(-1, 1), randInput(r, b.blo, b.bhi, bs...)}})
			cases = append(cases, tc{fmt.Sprint(b.name, bs, " swapped"), func(xs []Tensor) Tensor { return b.f(xs[1], xs[0]) },
				[]input{full(b.blo, b.bhi), randInput(r, -1, 1, bs...)}})
		}
	}
	cases = append(cases,
		tc{"MatMul", func(xs []Tensor) Tensor { return xs[0].MatMul(xs[1]).Sigmoid(1) },
			[]input{full(-1, 1), randInput(r, -1, 1, k, 2)}},
		tc{"MatMul shared a", func(xs []Tensor) Tensor { return xs[0].MatMul(xs[1]).Tanh() },
			[]input{randInput(r, -1, 1, n, k), randInput(r, -1, 1, m, k, 2)}},
		tc{"MatMul batched", func(xs []Tensor) Tensor { return xs[0].MatMul(xs[1]).Square() },
			[]input{full(-1, 1), randInput(r, -1, 1, m, k, 2)}},
		tc{"MLP", func(xs []Tensor) Tensor {
			h := xs[0].MatMul(xs[1].Slice(0, 0, 2*k).Reshape(k, 2)).Add(xs[1].Slice(0, 2*k, 2*k+2)).Tanh()
			return h.MatMul(xs[1].Slice(0, 2*k+2, 2*k+4).Reshape(2, 1)).ReLU()
		}, []input{full(-1, 1), randInput(r, -1, 1, 2*k+4)}},
		tc{"Concat", func(xs []Tensor) Tensor { return Concat(1, xs[0], xs[0].Square()).Tanh() }, []input{full(-1, 1)}},
	)
	defer func() { useDirectVJP = true }()
	for _, c := range cases {
		ch := newChecker(t, r, c.name, c.f, c.ins...)
		base := ch.base()
		useDirectVJP = true
		g1, h1 := ch.grad(base, false), ch.hvp(base)
		useDirectVJP = false
		g0, h0 := ch.grad(base, false), ch.hvp(base)
		for k := range g1 {
			if !bitsEqual(g1[k], g0[k]) {
				t.Errorf("%s: gradient %d is %v with vjpDirect, %v without", c.name, k, g1[k], g0[k])
			}
			if !bitsEqual(h1[k], h0[k]) {
				t.Errorf("%s: Hessian-vector product %d is %v with vjpDirect, %v without", c.name, k, h1[k], h0[k])
			}
		}
	}
}
