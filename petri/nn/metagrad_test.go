package nn

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/petridish-go/petridish/petri/autodiff"
	"github.com/petridish-go/petridish/petri/rng"
)

// metaProblem is the Synthetic Petri Dish's sigmoid-slope meta-gradient,
// built generically on the tape: M motif-networks 10-1-1-10 with hidden
// activations sigmoid(s_m x), all starting from the same theta_init, are
// trained with Adam (lr 0.01, L2 1e-5, v0 = eps^4) on (X_tr, Y) with BCE
// for Steps steps; their validation BCE on (X_va, Y), z-normalised over
// the networks, is compared with z-normalised ground truth by MSE. The
// outer gradient is d(outer loss)/d(X_tr, X_va) through the unrolled loop.
type metaProblem struct {
	M, N, In, Out, Steps int
	mlp                  *MLP
	theta                []Param
	xtr, xva, y, gtz     []float64
	adam                 AdamConfig

	// scratch reused across outer steps
	params, grads []autodiff.Tensor
	state         *AdamState
	xs, outer     []autodiff.Tensor
}

func newMetaProblem(seed uint64, m, steps int) *metaProblem {
	r := rng.New(seed)
	p := &metaProblem{M: m, N: 10, In: 10, Out: 10, Steps: steps}
	slopes := make([]float64, m)
	for i := range slopes {
		slopes[i] = 0.41 + (1.5-0.41)*float64(i)/float64(max(m-1, 1))
	}
	act := SigmoidSlopes(slopes)
	var err error
	p.mlp, err = NewMLP([]int{p.In, 1, 1, p.Out}, []Activation{act, act, nil}, m)
	if err != nil {
		panic(err)
	}
	p.theta = p.mlp.Init(r, true)
	p.xtr = normals(r, p.N*p.In)
	p.xva = append([]float64(nil), p.xtr...) // train and validation inputs start equal
	p.y = make([]float64, p.N*p.Out)
	for i := range p.y {
		p.y[i] = math.Round(r.Float64())
	}
	gt := normals(r, m)
	p.gtz = zscore(gt)
	p.adam = DefaultAdam(0.01)
	p.adam.WeightDecay = 1e-5
	p.adam.VInitEps4 = true
	p.params = make([]autodiff.Tensor, p.mlp.NumParams())
	p.grads = make([]autodiff.Tensor, p.mlp.NumParams())
	p.xs = make([]autodiff.Tensor, 2)
	p.outer = make([]autodiff.Tensor, 2)
	return p
}

func normals(r *rand.Rand, n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = r.NormFloat64()
	}
	return out
}

func zscore(x []float64) []float64 {
	mean, sq := 0.0, 0.0
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	for _, v := range x {
		sq += (v - mean) * (v - mean)
	}
	std := math.Sqrt(sq / float64(len(x)))
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = (v - mean) / std
	}
	return out
}

// loss records the outer loss for inputs xtr, xva. With createGraph the
// inner gradients are recorded, so the result can be differentiated with
// respect to xtr and xva.
func (p *metaProblem) loss(tp *autodiff.Tape, xtr, xva []float64, createGraph bool) autodiff.Tensor {
	Xtr, Xva := tp.From(xtr, p.N, p.In), tp.From(xva, p.N, p.In)
	p.xs[0], p.xs[1] = Xtr, Xva
	Y := tp.From(p.y, p.N, p.Out)
	LoadTo(p.params, tp, p.theta)
	p.state = p.adam.Start(p.state, p.params)
	for step := 0; step < p.Steps; step++ {
		inner := BatchLoss(p.mlp.Forward(Xtr, p.state.Params).BCEWithLogits(Y))
		if err := tp.GradTo(p.grads, inner, p.state.Params, createGraph); err != nil {
			panic(err)
		}
		p.adam.Update(p.state, p.grads)
	}
	lva := PerNetwork(p.mlp.Forward(Xva, p.state.Params).BCEWithLogits(Y)) // [M] dish scores
	return lva.ZNorm(0, 0).MSE(tp.From(p.gtz, p.M))
}

// metaGradient returns the outer loss and its gradients w.r.t. X_tr and
// X_va, reusing tp (Reset first).
func (p *metaProblem) metaGradient(tp *autodiff.Tape) (float64, []autodiff.Tensor, error) {
	tp.Reset()
	l := p.loss(tp, p.xtr, p.xva, true)
	err := tp.GradTo(p.outer, l, p.xs, false)
	return l.Item(), p.outer, err
}

// value returns the outer loss alone, for finite differences.
func (p *metaProblem) value(xtr, xva []float64) float64 {
	tp := autodiff.NewTape()
	return p.loss(tp, xtr, xva, false).Item()
}

// TestMetaGradientMatchesFiniteDifferences differentiates through 250
// unrolled Adam steps of 15 batched 10-1-1-10 sigmoid(s*x) networks and
// compares d(outer)/d(X_tr, X_va) with central finite differences.
//
// Tolerance: the five-point stencil f' ~ (f(-2h) - 8f(-h) + 8f(h) - f(2h))
// / 12h has truncation error ~h^4 |f^(5)| / 30 and rounding error
// ~1.5 e_f / h, where e_f, the float64 error of one 250-step evaluation,
// measures ~1e-14 here. h = 3e-3 balances the two at ~1e-12 absolute;
// with h = 1e-4 rounding dominates (~1e-10). The gradients checked are
// 1e-4..1e-2 in size and agree to ~1e-9..1e-8 relative, so requiring
// 1e-6 relative (plus 1e-12 absolute, far below every checked value)
// tests the unrolled derivative itself, with two orders of margin.
func TestMetaGradientMatchesFiniteDifferences(t *testing.T) {
	if testing.Short() {
		t.Skip("250-step meta-gradient check skipped in -short mode")
	}
	p := newMetaProblem(7, 15, 250)
	tp := autodiff.NewTape()
	loss, grads, err := p.metaGradient(tp)
	if err != nil {
		t.Fatal(err)
	}
	if loss != p.value(p.xtr, p.xva) {
		t.Fatalf("recorded loss %v differs from the plain evaluation %v", loss, p.value(p.xtr, p.xva))
	}
	const h = 3e-3
	for which, base := range [][]float64{p.xtr, p.xva} {
		g := grads[which].Data()
		for _, i := range []int{0, 37, 99} {
			f := func(d float64) float64 {
				x := append([]float64(nil), base...)
				x[i] += d
				if which == 0 {
					return p.value(x, p.xva)
				}
				return p.value(p.xtr, x)
			}
			fd := (f(-2*h) - 8*f(-h) + 8*f(h) - f(2*h)) / (12 * h)
			if diff := math.Abs(g[i] - fd); diff > 1e-6*math.Abs(fd)+1e-12 {
				t.Errorf("input %d coordinate %d: autodiff %.12g, finite difference %.12g (rel diff %.2g)", which, i, g[i], fd, diff/math.Abs(fd))
			} else {
				t.Logf("input %d coordinate %d: autodiff %.12g, finite difference %.12g (rel diff %.2g)", which, i, g[i], fd, diff/math.Abs(fd))
			}
		}
	}
}
