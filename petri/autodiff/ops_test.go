package autodiff

import (
	"fmt"
	"testing"
)

// Each test draws random shapes with a leading batch-of-networks dimension
// and checks first and second derivatives against finite differences.

const trials = 3

func TestUnaryOpsGradients(t *testing.T) {
	r := newRand(t)
	ops := []struct {
		name   string
		lo, hi float64
		f      func(x Tensor) Tensor
	}{
		{"Neg", -1, 1, Tensor.Neg},
		{"Scale", -1, 1, func(x Tensor) Tensor { return x.Scale(1.7) }},
		{"AddScalar", -1, 1, func(x Tensor) Tensor { return x.AddScalar(0.3) }},
		{"Exp", -1, 1, Tensor.Exp},
		{"Log", 0.5, 2, Tensor.Log},
		{"Sqrt", 0.5, 2, Tensor.Sqrt},
		{"Pow3", -1, 1, func(x Tensor) Tensor { return x.Pow(3) }},
		{"PowFrac", 0.5, 2, func(x Tensor) Tensor { return x.Pow(-1.5) }},
		{"Pow1", -1, 1, func(x Tensor) Tensor { return x.Pow(1) }},
		{"Square", -1, 1, Tensor.Square},
		{"Sigmoid", -2, 2, func(x Tensor) Tensor { return x.Sigmoid(0.7) }},
		{"SigmoidSteep", -1, 1, func(x Tensor) Tensor { return x.Sigmoid(3) }},
		{"Tanh", -2, 2, Tensor.Tanh},
		{"ReLU", -1, 1, Tensor.ReLU},
		{"Identity", -1, 1, Tensor.Identity},
	}
	for _, op := range ops {
		for trial := 0; trial < trials; trial++ {
			m, n, k := dims(r)
			x := randInput(r, op.lo, op.hi, m, n, k)
			name := fmt.Sprintf("%s%v", op.name, x.shape)
			f := op.f
			newChecker(t, r, name, func(xs []Tensor) Tensor { return f(xs[0]) }, x).run()
		}
	}
}

func TestBinaryOpsGradientsBroadcast(t *testing.T) {
	r := newRand(t)
	ops := []struct {
		name       string
		lo, hi     float64 // range of a
		blo, bhi   float64 // range of b
		f          func(a, b Tensor) Tensor
		sameShapes bool
	}{
		{"Add", -1, 1, -1, 1, Tensor.Add, false},
		{"Sub", -1, 1, -1, 1, Tensor.Sub, false},
		{"Mul", -1, 1, -1, 1, Tensor.Mul, false},
		{"Div", -1, 1, 0.5, 2, Tensor.Div, false},
		{"Maximum", -1, 1, -1, 1, Tensor.Maximum, false},
		{"Minimum", -1, 1, -1, 1, Tensor.Minimum, false},
		{"BCEWithLogits", -3, 3, 0, 1, Tensor.BCEWithLogits, false},
		{"SquaredError", -1, 1, -1, 1, Tensor.SquaredError, false},
		{"MSE", -1, 1, -1, 1, Tensor.MSE, false},
	}
	for _, op := range ops {
		for trial := 0; trial < trials; trial++ {
			m, n, k := dims(r)
			pairs := [][2][]int{
				{{m, n, k}, {m, n, k}},
				{{m, n, k}, {k}},
				{{m, 1, k}, {m, n, 1}},
				{{m, n, k}, {}},
				{{n, k}, {m, 1, k}},
			}
			for _, p := range pairs {
				a := randInput(r, op.lo, op.hi, p[0]...)
				b := randInput(r, op.blo, op.bhi, p[1]...)
				f := op.f
				name := fmt.Sprintf("%s%v%v", op.name, p[0], p[1])
				newChecker(t, r, name, func(xs []Tensor) Tensor { return f(xs[0], xs[1]) }, a, b).run()
			}
		}
	}
}

func TestWhereGradients(t *testing.T) {
	r := newRand(t)
	for trial := 0; trial < trials; trial++ {
		m, n, k := dims(r)
		cond := make([]float64, n*k)
		for i := range cond {
			cond[i] = float64(r.IntN(2))
		}
		a := randInput(r, -1, 1, m, n, k)
		b := randInput(r, -1, 1, m, 1, k)
		newChecker(t, r, fmt.Sprint("Where", a.shape), func(xs []Tensor) Tensor {
			c := xs[0].Tape().From(cond, n, k)
			return Where(c, xs[0].curve(), xs[1])
		}, a, b).run()
	}
}

// curve is a smooth nonlinearity used to give linear ops curvature in tests.
func (x Tensor) curve() Tensor { return x.Mul(x).AddScalar(1).Log() }

func TestReductionGradients(t *testing.T) {
	r := newRand(t)
	ops := []struct {
		name string
		f    func(x Tensor) Tensor
	}{
		{"SumAll", func(x Tensor) Tensor { return x.Sum() }},
		{"Sum1", func(x Tensor) Tensor { return x.Sum(1) }},
		{"SumKeep02", func(x Tensor) Tensor { return x.SumKeep(0, 2) }},
		{"MeanLast", func(x Tensor) Tensor { return x.Mean(-1) }},
		{"MeanKeep1", func(x Tensor) Tensor { return x.MeanKeep(1) }},
		{"SumTo", func(x Tensor) Tensor { return x.SumTo(1, x.Dim(2)) }},
		{"BroadcastTo", func(x Tensor) Tensor { return x.BroadcastTo(2, x.Dim(0), x.Dim(1), x.Dim(2)) }},
		{"LogSumExp1", func(x Tensor) Tensor { return x.LogSumExp(1) }},
		{"Softmax2", func(x Tensor) Tensor { return x.Softmax(2) }},
		{"LogSoftmax0", func(x Tensor) Tensor { return x.LogSoftmax(0) }},
		{"ZNorm2", func(x Tensor) Tensor { return x.ZNorm(2, 0) }},
		{"ZNormEps", func(x Tensor) Tensor { return x.ZNorm(-1, 1e-3) }},
		{"Std", func(x Tensor) Tensor { return x.Std(2, 1e-6) }},
		{"Variance", func(x Tensor) Tensor { return x.Variance(0) }},
	}
	for _, op := range ops {
		for trial := 0; trial < trials; trial++ {
			m, n, k := dims(r)
			x := randInput(r, -1, 1, m, n, k)
			f := op.f
			newChecker(t, r, fmt.Sprintf("%s%v", op.name, x.shape), func(xs []Tensor) Tensor { return f(xs[0]) }, x).run()
		}
	}
}

func TestCrossEntropyGradients(t *testing.T) {
	r := newRand(t)
	for trial := 0; trial < trials; trial++ {
		m, n, k := dims(r)
		logits := randInput(r, -2, 2, m, n, k)
		targets := randInput(r, 0, 1, m, n, k)
		newChecker(t, r, fmt.Sprint("CrossEntropy", logits.shape), func(xs []Tensor) Tensor {
			return xs[0].CrossEntropy(xs[1], -1)
		}, logits, targets).run()
	}
}

func TestShapeOpsGradients(t *testing.T) {
	r := newRand(t)
	for trial := 0; trial < trials; trial++ {
		m, n, k := dims(r)
		x := randInput(r, -1, 1, m, n, k)
		y := randInput(r, -1, 1, m, 2, k)
		idx := []int{n - 1, 0, n - 1}
		cases := []struct {
			name string
			f    func(xs []Tensor) Tensor
		}{
			{"Reshape", func(xs []Tensor) Tensor { return xs[0].curve().Reshape(m*n, -1) }},
			{"TransposeLast2", func(xs []Tensor) Tensor { return xs[0].curve().Transpose() }},
			{"Transpose201", func(xs []Tensor) Tensor { return xs[0].curve().Transpose(2, 0, 1) }},
			{"Concat1", func(xs []Tensor) Tensor { return Concat(1, xs[0].curve(), xs[1], xs[0]) }},
			{"Slice", func(xs []Tensor) Tensor { return xs[0].curve().Slice(2, 1, k) }},
			{"Gather", func(xs []Tensor) Tensor { return xs[0].curve().Gather(1, idx) }},
			{"Index", func(xs []Tensor) Tensor { return xs[0].curve().Index(0, m-1) }},
			{"Detach", func(xs []Tensor) Tensor { return xs[0].curve().Add(xs[1].Detach().Sum().Scale(0)) }},
		}
		for _, c := range cases {
			newChecker(t, r, fmt.Sprintf("%s%v", c.name, x.shape), c.f, x, y).run()
		}
	}
}

func TestMatMulGradients(t *testing.T) {
	r := newRand(t)
	for trial := 0; trial < trials; trial++ {
		m, n, k := dims(r)
		p := 1 + r.IntN(3)
		pairs := [][2][]int{
			{{n, k}, {k, p}},
			{{m, n, k}, {m, k, p}},
			{{n, k}, {m, k, p}},
			{{m, n, k}, {k, p}},
			{{2, m, n, k}, {2, m, k, p}},
		}
		for _, pr := range pairs {
			a := randInput(r, -1, 1, pr[0]...)
			b := randInput(r, -1, 1, pr[1]...)
			newChecker(t, r, fmt.Sprint("MatMul", pr[0], pr[1]), func(xs []Tensor) Tensor {
				return xs[0].MatMul(xs[1])
			}, a, b).run()
		}
		// the transposed forms used inside gradients
		for flags := uint8(0); flags < 4; flags++ {
			sa, sb := []int{m, n, k}, []int{m, k, p}
			if flags&transA != 0 {
				sa = []int{m, k, n}
			}
			if flags&transB != 0 {
				sb = []int{m, p, k}
			}
			a := randInput(r, -1, 1, sa...)
			b := randInput(r, -1, 1, sb...)
			fl := flags
			newChecker(t, r, fmt.Sprint("MatMulT", flags, sa, sb), func(xs []Tensor) Tensor {
				return matmul(xs[0], xs[1], fl)
			}, a, b).run()
		}
	}
}

func TestBigMatMulUsesBLASCorrectly(t *testing.T) {
	r := newRand(t)
	a := randInput(r, -1, 1, 2, 20, 18)
	b := randInput(r, -1, 1, 18, 17)
	for flags := uint8(0); flags < 4; flags++ {
		tp := NewTape()
		x, y := tp.From(a.data, a.shape...), tp.From(b.data, b.shape...)
		if flags&transA != 0 {
			x = x.Transpose().Detach()
		}
		if flags&transB != 0 {
			y = y.Transpose().Detach()
		}
		got := matmul(x, y, flags).Data()
		for bi := 0; bi < 2; bi++ {
			for i := 0; i < 20; i++ {
				for j := 0; j < 17; j++ {
					want := 0.0
					for p := 0; p < 18; p++ {
						want += a.data[bi*360+i*18+p] * b.data[p*17+j]
					}
					if g := got[bi*340+i*17+j]; !close(g, want, 1e-12) {
						t.Fatalf("flags %d: [%d,%d,%d] = %v, want %v", flags, bi, i, j, g, want)
					}
				}
			}
		}
	}
}
