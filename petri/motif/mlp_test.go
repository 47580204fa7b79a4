package motif

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/petridish-go/petridish/petri/rng"
)

// testProblem builds a sigmoid problem with Experiment 1's shapes and the
// given inner steps, plus random synthetic inputs.
func testProblem(t testing.TB, hidden []int, steps int, seed uint64) (Problem, []float64, []float64) {
	t.Helper()
	spec := NetSpec{Inputs: 10, Hidden: hidden, Outputs: 10, Samples: 10, InitStd: 0.1}
	r := rng.New(seed)
	f, err := Lookup(SigmoidFamily)
	if err != nil {
		t.Fatal(err)
	}
	in := DefaultInner()
	in.Steps = steps
	p := Problem{Net: spec, Inner: in, Theta0: f.InitParams(spec, r)}
	// Larger initial weights than the default so that every layer matters
	// and second-order terms are far from negligible.
	for i := range p.Theta0 {
		p.Theta0[i] *= 5
	}
	xtr := randNorm(r, spec.XLen())
	xva := append([]float64(nil), xtr...)
	for i := range xva {
		xva[i] += 0.3 * r.NormFloat64()
	}
	p.Labels = make([]float64, spec.YLen())
	for i := range p.Labels {
		p.Labels[i] = math.Round(r.Float64())
	}
	return p, xtr, xva
}

func randNorm(r *rand.Rand, n int) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = r.NormFloat64()
	}
	return x
}

// relErr is ||a-b|| / max(||b||, tiny).
func relErr(a, b []float64) float64 {
	var num, den float64
	for i := range a {
		num += (a[i] - b[i]) * (a[i] - b[i])
		den += b[i] * b[i]
	}
	return math.Sqrt(num) / math.Max(math.Sqrt(den), 1e-300)
}

// fivePoint is the fourth-order central difference of f at 0 with step
// h: truncation error O(h^4), rounding error O(ulp/h). With h = 1e-3 both
// are around 1e-12 relative for the smooth functions tested here, so
// tolerances of 1e-8 leave a wide margin while still catching any wrong
// term (which shows up at 1e-2 or worse).
func fivePoint(f func(float64) float64, h float64) float64 {
	return (8*(f(h)-f(-h)) - (f(2*h) - f(-2*h))) / (12 * h)
}

// lossAt evaluates the training loss and its gradients at theta on x.
func lossAt(lay *mlpLayout, s float64, theta, x, y []float64) (float64, []float64, []float64) {
	h, z, p := make([]float64, lay.hLen), make([]float64, lay.outLen), make([]float64, lay.outLen)
	lay.forward(s, theta, x, h, z, false)
	loss := bceLoss(z, y, p)
	gT, gX := make([]float64, lay.nParam), make([]float64, len(x))
	lay.backward(s, theta, x, h, p, y, gT, gX, newMLPScratch(lay))
	return loss, gT, gX
}

func TestMLPBackwardMatchesFiniteDifferences(t *testing.T) {
	for _, hidden := range [][]int{{1, 1}, {3, 2}, {4}} {
		p, x, _ := testProblem(t, hidden, 1, 3)
		lay := newMLPLayout(p.Net)
		s := 0.7
		_, gT, gX := lossAt(&lay, s, p.Theta0, x, p.Labels)
		fdT := make([]float64, len(gT))
		for j := range fdT {
			fdT[j] = fivePoint(func(e float64) float64 {
				th := append([]float64(nil), p.Theta0...)
				th[j] += e
				l, _, _ := lossAt(&lay, s, th, x, p.Labels)
				return l
			}, 1e-3)
		}
		fdX := make([]float64, len(gX))
		for i := range fdX {
			fdX[i] = fivePoint(func(e float64) float64 {
				xx := append([]float64(nil), x...)
				xx[i] += e
				l, _, _ := lossAt(&lay, s, p.Theta0, xx, p.Labels)
				return l
			}, 1e-3)
		}
		if e := relErr(gT, fdT); e > 1e-8 {
			t.Errorf("hidden %v: dL/dtheta differs from finite differences by %.3g relative", hidden, e)
		}
		if e := relErr(gX, fdX); e > 1e-8 {
			t.Errorf("hidden %v: dL/dx differs from finite differences by %.3g relative", hidden, e)
		}
	}
}

func TestMLPHessianVectorMatchesFiniteDifferences(t *testing.T) {
	for _, hidden := range [][]int{{1, 1}, {3, 2}, {4}} {
		p, x, _ := testProblem(t, hidden, 1, 5)
		lay := newMLPLayout(p.Net)
		s := 1.3
		r := rng.New(9)
		v := randNorm(r, lay.nParam)
		h, pr := make([]float64, lay.hLen), make([]float64, lay.outLen)
		lay.forward(s, p.Theta0, x, h, pr, true)
		hvT, hvX := make([]float64, lay.nParam), make([]float64, len(x))
		lay.hvp(s, p.Theta0, x, h, pr, p.Labels, v, hvT, hvX, newMLPScratch(&lay))

		// Directional derivative of both gradients along v, per coordinate.
		gradsAt := func(e float64) ([]float64, []float64) {
			th := append([]float64(nil), p.Theta0...)
			for j := range v {
				th[j] += e * v[j]
			}
			_, gT, gX := lossAt(&lay, s, th, x, p.Labels)
			return gT, gX
		}
		fdT, fdX := make([]float64, lay.nParam), make([]float64, len(x))
		for j := range fdT {
			fdT[j] = fivePoint(func(e float64) float64 { g, _ := gradsAt(e); return g[j] }, 1e-3)
		}
		for i := range fdX {
			fdX[i] = fivePoint(func(e float64) float64 { _, g := gradsAt(e); return g[i] }, 1e-3)
		}
		if e := relErr(hvT, fdT); e > 1e-8 {
			t.Errorf("hidden %v: Hessian-vector product differs from finite differences by %.3g relative", hidden, e)
		}
		if e := relErr(hvX, fdX); e > 1e-8 {
			t.Errorf("hidden %v: mixed Hessian-vector product differs from finite differences by %.3g relative", hidden, e)
		}
	}
}

// TestGradStepMatchesForwardBackward checks that the fused training step
// gives bit-identical results to forward followed by backward.
func TestGradStepMatchesForwardBackward(t *testing.T) {
	for _, hidden := range [][]int{{1, 1}, {3, 2}, {4}} {
		p, x, _ := testProblem(t, hidden, 1, 4)
		lay := newMLPLayout(p.Net)
		sc := newMLPScratch(&lay)
		h1, p1, g1 := make([]float64, lay.hLen), make([]float64, lay.outLen), make([]float64, lay.nParam)
		lay.forward(0.8, p.Theta0, x, h1, p1, true)
		lay.backward(0.8, p.Theta0, x, h1, p1, p.Labels, g1, nil, sc)
		h2, p2, g2 := make([]float64, lay.hLen), make([]float64, lay.outLen), make([]float64, lay.nParam)
		lay.gradStep(0.8, p.Theta0, x, h2, p2, p.Labels, g2, sc)
		for _, pair := range [][2][]float64{{h1, h2}, {p1, p2}, {g1, g2}} {
			for i := range pair[0] {
				if pair[0][i] != pair[1][i] {
					t.Fatalf("hidden %v: gradStep differs from forward+backward at %d: %v vs %v", hidden, i, pair[1][i], pair[0][i])
				}
			}
		}
	}
}

// TestHVPUnitLayersMatchGeneralLoops checks that hvp's shortcuts for
// layers with one input or one output unit (hvpUnitLayers) give the
// general loops' results bit for bit, on networks where every kind of
// layer occurs: unit layers first, last and in the middle, one input and
// one output.
func TestHVPUnitLayersMatchGeneralLoops(t *testing.T) {
	defer func(old bool) { hvpUnitLayers = old }(hvpUnitLayers)
	r := rng.New(21)
	for _, c := range []struct {
		in, out int
		hidden  []int
	}{
		{10, 10, []int{1, 1}}, {10, 10, []int{3, 2}}, {10, 10, []int{4}}, {10, 10, []int{1}},
		{10, 10, []int{2, 1, 3}}, {1, 10, []int{1, 1}}, {1, 1, []int{3}}, {10, 1, []int{2, 1}}, {1, 1, []int{1}},
	} {
		spec := NetSpec{Inputs: c.in, Hidden: c.hidden, Outputs: c.out, Samples: 7, InitStd: 0.5}
		lay := newMLPLayout(spec)
		theta, v := randNorm(r, lay.nParam), randNorm(r, lay.nParam)
		x, y := randNorm(r, spec.XLen()), make([]float64, spec.YLen())
		for i := range y {
			y[i] = math.Round(r.Float64())
		}
		hvX0 := randNorm(r, len(x)) // hvp adds into hvX
		s := 1.7
		h, pr := make([]float64, lay.hLen), make([]float64, lay.outLen)
		lay.forward(s, theta, x, h, pr, true)
		run := func(unit bool) ([]float64, []float64) {
			hvpUnitLayers = unit
			hvT, hvX := make([]float64, lay.nParam), append([]float64(nil), hvX0...)
			lay.hvp(s, theta, x, h, pr, y, v, hvT, hvX, newMLPScratch(&lay))
			return hvT, hvX
		}
		genT, genX := run(false)
		unitT, unitX := run(true)
		for _, pair := range [][2][]float64{{genT, unitT}, {genX, unitX}} {
			for i := range pair[0] {
				if math.Float64bits(pair[0][i]) != math.Float64bits(pair[1][i]) {
					t.Fatalf("%d-%v-%d: unit-layer hvp differs from the general loops at %d: %v vs %v", c.in, c.hidden, c.out, i, pair[1][i], pair[0][i])
				}
			}
		}
	}
}
