package autodiff

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// beta1 and beta2 are variables so that 1-beta is computed at run time, as
// callers of the ops compute it (a constant 1-0.9 would be exact).
var beta1, beta2 = 0.9, 0.999

// adamOps are the fused Adam ops beside the chains of primitive ops they
// stand for; every operand of AdamStep is positive where v is, so that
// the inputs drawn in 0.1..2 are valid for all.
var adamOps = []struct {
	name         string
	fused, chain func(xs []Tensor) Tensor
	nin          int
}{
	{"EMA", func(xs []Tensor) Tensor { return xs[0].EMA(xs[1], beta1) },
		func(xs []Tensor) Tensor { return xs[0].Scale(beta1).Add(xs[1].Scale(1 - beta1)) }, 2},
	{"EMASquare", func(xs []Tensor) Tensor { return xs[0].EMASquare(xs[1], beta2) },
		func(xs []Tensor) Tensor { return xs[0].Scale(beta2).Add(xs[1].Square().Scale(1 - beta2)) }, 2},
	{"AdamStep", func(xs []Tensor) Tensor { return AdamStep(xs[0], xs[1], xs[2], 0.37, 1.9, 1e-3) },
		func(xs []Tensor) Tensor {
			return xs[0].Sub(xs[1].Scale(0.37).Div(xs[2].Scale(1.9).Sqrt().AddScalar(1e-3)))
		}, 3},
}

// TestAdamOpsGradcheck checks the fused ops' first and second derivatives
// against finite differences (checker.run), in both Grad modes.
func TestAdamOpsGradcheck(t *testing.T) {
	r := newRand(t)
	for _, op := range adamOps {
		for _, shape := range [][]int{{5}, {2, 3}} {
			ins := make([]input, op.nin)
			for k := range ins {
				ins[k] = randInput(r, 0.1, 2, shape...)
			}
			newChecker(t, r, fmt.Sprint(op.name, shape), op.fused, ins...).run()
		}
	}
}

// bitsEqual reports whether a and b hold the same float64 bit patterns.
func bitsEqual(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return false
		}
	}
	return true
}

// TestAdamOpsMatchChainBitForBit compares each fused op with its chain:
// the values, and the gradients of the checker's loss with respect to
// every subset of the operands (in scratch and createGraph mode), must
// be the same float64s; the Hessian-vector products, whose second
// backward pass adds the same terms in another order, agree to rounding.
func TestAdamOpsMatchChainBitForBit(t *testing.T) {
	r := newRand(t)
	for _, op := range adamOps {
		ins := make([]input, op.nin)
		for k := range ins {
			ins[k] = randInput(r, 0.1, 2, 3, 4)
		}
		cf := newChecker(t, r, op.name, op.fused, ins...)
		cc := &checker{t: t, name: op.name + " chain", f: op.chain, ins: ins, w: cf.w, u: cf.u}
		base := cf.base()
		if a, b := cf.value(base), cc.value(base); math.Float64bits(a) != math.Float64bits(b) {
			t.Errorf("%s: loss %v, chain %v", op.name, a, b)
		}
		for mask := 1; mask < 1<<op.nin; mask++ {
			for _, cg := range []bool{false, true} {
				gf, gc := subsetGrad(cf, mask, cg), subsetGrad(cc, mask, cg)
				for k := range gf {
					if !bitsEqual(gf[k], gc[k]) {
						t.Errorf("%s: operands %b, createGraph %v: gradient %d is %v, chain %v", op.name, mask, cg, k, gf[k], gc[k])
					}
				}
			}
		}
		hf, hc := cf.hvp(base), cc.hvp(base)
		for k := range hf {
			for i := range hf[k] {
				if !close(hf[k][i], hc[k][i], 1e-13) {
					t.Errorf("%s: Hessian-vector product %d[%d] is %v, chain %v", op.name, k, i, hf[k][i], hc[k][i])
				}
			}
		}
	}
}

// subsetGrad returns the gradients of c's loss with respect to the
// operands in mask only.
func subsetGrad(c *checker, mask int, createGraph bool) [][]float64 {
	tp := NewTape()
	xs := c.leaves(tp, nil)
	var sel []Tensor
	for k, x := range xs {
		if mask&(1<<k) != 0 {
			sel = append(sel, x)
		}
	}
	gs, err := Grad(c.loss(tp, xs), sel, createGraph)
	if err != nil {
		c.t.Fatalf("%s: %v", c.name, err)
	}
	out := make([][]float64, len(gs))
	for k, g := range gs {
		out[k] = append([]float64(nil), g.Data()...)
	}
	return out
}

// TestAdamOpsUnrolledMatchChain unrolls a few Adam steps whose gradient is
// itself recorded (the dish's inner loop: g = dL/dx with createGraph) and
// differentiates the final loss with respect to the data, with the fused
// ops and with the chains; operands are shared (g feeds both moments, x
// feeds the loss, the weight decay and the step), so the order in which
// contributions are accumulated is checked too.
func TestAdamOpsUnrolledMatchChain(t *testing.T) {
	r := newRand(t)
	x0 := randInput(r, -1, 1, 4)
	data := randInput(r, -1, 1, 4)
	run := func(fused bool, createGraph bool) ([]float64, []float64) {
		tp := NewTape()
		d := tp.From(data.data, 4)
		x := tp.From(x0.data, 4)
		m, v := x.FullLike(0), x.FullLike(1e-8)
		loss := func(x Tensor) Tensor { return x.Mul(d).Tanh().Add(x.Square()).Sum() }
		for step := 1; step <= 4; step++ {
			gs, err := Grad(loss(x), []Tensor{x}, true)
			if err != nil {
				t.Fatal(err)
			}
			g := gs[0].Add(x.Scale(1e-2))
			c1, c2 := 1-math.Pow(beta1, float64(step)), 1-math.Pow(beta2, float64(step))
			if fused {
				m = m.EMA(g, beta1)
				v = v.EMASquare(g, beta2)
				x = AdamStep(x, m, v, 0.1/c1, 1/c2, 1e-8)
			} else {
				m = m.Scale(beta1).Add(g.Scale(1 - beta1))
				v = v.Scale(beta2).Add(g.Square().Scale(1 - beta2))
				x = x.Sub(m.Scale(0.1 / c1).Div(v.Scale(1 / c2).Sqrt().AddScalar(1e-8)))
			}
		}
		y := loss(x)
		gs, err := Grad(y, []Tensor{d}, createGraph)
		if err != nil {
			t.Fatal(err)
		}
		return []float64{y.Item()}, gs[0].Data()
	}
	for _, cg := range []bool{false, true} {
		yf, gf := run(true, cg)
		yc, gc := run(false, cg)
		if !bitsEqual(yf, yc) || !bitsEqual(gf, gc) {
			t.Errorf("createGraph %v: fused loss %v gradient %v; chain %v %v", cg, yf, gf, yc, gc)
		}
	}
}

// TestAdamOpsShapeError checks that operands of different shapes are
// refused with an error naming the op.
func TestAdamOpsShapeError(t *testing.T) {
	tp := NewTape()
	a, b := tp.Zeros(3), tp.Zeros(1)
	if y := a.EMA(b, 0.9); y.Valid() {
		t.Fatal("EMA of shapes [3] and [1] is valid")
	}
	if err := tp.Err(); err == nil || !strings.Contains(err.Error(), "EMA") || !strings.Contains(err.Error(), "same shape") {
		t.Errorf("error %v, want EMA ... same shape", err)
	}
}
