package accel

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// hostOuter is the reference for OuterMLP: petri/dish's outer step on the
// host (train.go's reduction, outer.go's zMSE, adam.go's Adam), which
// accel cannot import, rebuilt here on ScoreGradMLPs's per-motif
// gradients, with the same loops in the same order.
type hostOuter struct {
	g                               *cudaBackend
	spec                            UnrolledMLPSpec
	outer                           OuterSpec
	slopes, theta0, labels, targets []float64
	x, m, v                         [2][]float64 // training set, validation set
	t                               int
}

func newHostOuter(g *cudaBackend, p unrolledProblem, outer OuterSpec, slopes, targets []float64) *hostOuter {
	h := &hostOuter{g: g, spec: p.spec, outer: outer, slopes: slopes, theta0: p.theta0, labels: p.label, targets: targets}
	h.x = [2][]float64{append([]float64(nil), p.xTrain...), append([]float64(nil), p.xValid...)}
	h.reset()
	return h
}

func (h *hostOuter) reset() {
	e := h.outer.Eps
	for s := range 2 {
		h.m[s], h.v[s] = make([]float64, len(h.x[s])), make([]float64, len(h.x[s]))
		for i := range h.v[s] {
			h.v[s][i] = e * e * e * e
		}
	}
	h.t = 0
}

// step is one outer step as Dish.Train takes it; it returns the scores
// and the loss on the inputs before the update.
func (h *hostOuter) step(t *testing.T, lr float64) ([]float64, OuterLoss) {
	t.Helper()
	M, nx := len(h.slopes), h.spec.InputLen()
	scores, gt, gv := make([]float64, M), make([]float64, M*nx), make([]float64, M*nx)
	if err := h.g.ScoreGradMLPs(h.spec, h.slopes, h.theta0, h.x[0], h.x[1], h.labels, scores, gt, gv); err != nil {
		t.Fatal(err)
	}
	// zMSE (petri/dish/outer.go).
	fM := float64(M)
	var mean, ss float64
	for _, s := range scores {
		mean += s
	}
	mean /= fM
	for _, s := range scores {
		ss += (s - mean) * (s - mean)
	}
	std := math.Sqrt(ss / fM)
	z, a := make([]float64, M), make([]float64, M)
	var mse, ma, maz float64
	for i, s := range scores {
		z[i] = (s - mean) / std
		d := z[i] - h.targets[i]
		mse += d * d
		a[i] = 2 * d / fM
		ma += a[i]
		maz += a[i] * z[i]
	}
	mse /= fM
	ma /= fM
	maz /= fM
	var sq float64
	for s := range 2 {
		var q float64
		for _, v := range h.x[s] {
			q += v * v
		}
		sq += q
	}
	loss := OuterLoss{MSE: mse, SumSquares: sq, Loss: mse + h.outer.WeightDecay*sq}
	// The reduction and Adam (petri/dish/train.go, adam.go).
	h.t++
	b1, b2, eps, wd := h.outer.Beta1, h.outer.Beta2, h.outer.Eps, h.outer.WeightDecay
	c1 := 1 / (1 - math.Pow(b1, float64(h.t)))
	c2 := 1 / (1 - math.Pow(b2, float64(h.t)))
	for s, g := range [][]float64{gt, gv} {
		x, m, v := h.x[s], h.m[s], h.v[s]
		grad := make([]float64, nx)
		for j := range grad {
			grad[j] = 2 * wd * x[j]
		}
		for i := range M {
			ds := (a[i] - ma - z[i]*maz) / std
			for j := range grad {
				grad[j] += ds * g[i*nx+j]
			}
		}
		for j, gj := range grad {
			m[j] = (1-b1)*gj + b1*m[j]
			v[j] = (1-b2)*(gj*gj) + b2*v[j]
			x[j] -= lr * (m[j] * c1) / (math.Sqrt(v[j]*c2) + eps)
		}
	}
	return scores, loss
}

// relDiff is |a - b| / |b| in the 2-norm (|a - b| when b is 0).
func relDiff(a, b []float64) float64 {
	var num, den float64
	for i := range a {
		num += (a[i] - b[i]) * (a[i] - b[i])
		den += b[i] * b[i]
	}
	if den == 0 {
		return math.Sqrt(num)
	}
	return math.Sqrt(num / den)
}

// outerTargets are standardised targets for slopes: a U-shaped curve
// with its minimum at 0.6, z-scored.
func outerTargets(slopes []float64) []float64 {
	t := make([]float64, len(slopes))
	var mean, ss float64
	for i, s := range slopes {
		t[i] = math.Log(s/0.6) * math.Log(s/0.6)
		mean += t[i]
	}
	mean /= float64(len(t))
	for _, v := range t {
		ss += (v - mean) * (v - mean)
	}
	std := math.Sqrt(ss / float64(len(t)))
	for i := range t {
		t[i] = (t[i] - mean) / std
	}
	return t
}

var testOuterSpec = OuterSpec{Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, WeightDecay: 1e-5}

// TestGPUOuterMLPSteps runs several outer steps on the device, with a
// restart of Adam and a new learning rate in the middle (as the outer
// schedule does), and compares every step's scores, loss, measured inputs
// and updated inputs with the host reference (hostOuter).
//
// Tolerance 1e-12 relative. Both sides are float64 and get their scores
// and per-motif gradients from the same score+grad kernel, so at equal
// inputs those agree bit for bit; what differs is the order of the sums
// in the z-scored MSE, its gradient and the weighted sum over motifs
// (strided partial sums and a fixed tree on the device, serial loops on
// the host), a few ulps of each. Adam's step lr*m/(sqrt(v)+eps) is
// insensitive to a relative change of the gradient, and the inputs'
// next-step differences stay at rounding level over these steps
// (measured on the host emulation: 1e-14 with the host's rounding, 5.5e-14
// with a GPU's, FMA contraction and exp off by an ulp; TestFakeCUDA runs
// both). A planted bug (the sign
// of the gradient, a missing standardisation term, the L2 factor 2, a
// bias correction, v starting at 0) moves the inputs by a sizeable part
// of lr = 0.05 in the first step, some 1e-3 relative or more.
func TestGPUOuterMLPSteps(t *testing.T) {
	g := cudaOrSkip(t)
	const tol = 1e-12
	cases := []struct {
		dims           []int
		samples, steps int
		slopes         []float64
		budget         int // motifs per launch of the score+grad kernel; 0: all
	}{
		{[]int{10, 1, 1, 10}, 10, 20, []float64{0.3, 0.6, 0.9, 1.2, 1.5, 1.8}, 0},
		// 11 motifs (more than the 8 rows of the reduction's block, not a
		// multiple), 15 inputs (half a tile), three launches of 4 motifs.
		{[]int{3, 4, 2, 2}, 5, 15, []float64{0.2, 0.35, 0.5, 0.65, 0.8, 1, 1.2, 1.5, 1.9, 2.4, 3}, 4},
	}
	saved := unrolledScratchBudget
	defer func() { unrolledScratchBudget = saved }()
	worst := 0.0
	for k, c := range cases {
		p := newUnrolledProblem(c.dims, c.samples, c.steps, uint64(70+k))
		if c.budget > 0 {
			lay, _ := newUnrolledLayout(p.spec)
			unrolledScratchBudget = uint64(c.budget) * 8 * uint64(lay.traj)
		} else {
			unrolledScratchBudget = saved
		}
		targets := outerTargets(c.slopes)
		ref := newHostOuter(g, p, testOuterSpec, c.slopes, targets)
		o, err := g.NewOuterMLP(p.spec, testOuterSpec, c.slopes, p.theta0, p.label, targets, p.xTrain, p.xValid)
		if err != nil {
			t.Fatal(err)
		}
		if o.Motifs() != len(c.slopes) {
			t.Errorf("Motifs() = %d, want %d", o.Motifs(), len(c.slopes))
		}
		nx := p.spec.InputLen()
		xt, xv := make([]float64, nx), make([]float64, nx)
		check := func(what string, got, want []float64) {
			t.Helper()
			e := relDiff(got, want)
			worst = max(worst, e)
			if !(e <= tol) {
				t.Errorf("%v: %s differs from the host reference by %.3g relative (> %.0e)\n got %v\nwant %v", c.dims, what, e, tol, got, want)
			}
		}
		if err := o.Measured(xt, xv); err != nil || !equal(xt, p.xTrain) || !equal(xv, p.xValid) {
			t.Errorf("Measured before any step: %v; want the starting inputs", err)
		}
		lr := 0.05
		for step := range 5 {
			if step == 3 { // a new phase: lr decays, Adam restarts
				lr *= 0.4
				ref.reset()
				if err := o.ResetAdam(); err != nil {
					t.Fatal(err)
				}
			}
			before := [2][]float64{append([]float64(nil), ref.x[0]...), append([]float64(nil), ref.x[1]...)}
			wantS, wantL := ref.step(t, lr)
			gotS := make([]float64, len(c.slopes))
			gotL, err := o.Step(lr, gotS)
			if err != nil {
				t.Fatal(err)
			}
			check("scores", gotS, wantS)
			check("loss (MSE, sum of squares, loss)", []float64{gotL.MSE, gotL.SumSquares, gotL.Loss}, []float64{wantL.MSE, wantL.SumSquares, wantL.Loss})
			if err := o.Measured(xt, xv); err != nil {
				t.Fatal(err)
			}
			check("measured inputs", append(xt, xv...), append(before[0], before[1]...))
			if err := o.Inputs(xt, xv); err != nil {
				t.Fatal(err)
			}
			check("updated inputs", append(xt, xv...), append(append([]float64(nil), ref.x[0]...), ref.x[1]...))
			if relDiff(append(xt, xv...), append(before[0], before[1]...)) < 1e-4 {
				t.Errorf("%v step %d: the inputs barely moved", c.dims, step)
			}
		}
		if err := o.Close(); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("OuterMLP: %d shapes x 5 steps; largest relative difference from the host reference %.3g (tolerance %.0e)", len(cases), worst, tol)
}

// TestGPUOuterMLPErrors checks the errors of a step: scores that cannot
// be z-normalised (every motif the same slope, so every score the same)
// leave the inputs alone and match ErrConstantScores; a closed handle
// refuses every call; bad arguments are rejected.
func TestGPUOuterMLPErrors(t *testing.T) {
	g := cudaOrSkip(t)
	p := newUnrolledProblem([]int{10, 1, 1, 10}, 10, 3, 80)
	nx := p.spec.InputLen()
	// Four equal scores: their mean is exact, so their deviation is 0.
	same := []float64{0.7, 0.7, 0.7, 0.7}
	o, err := g.NewOuterMLP(p.spec, testOuterSpec, same, p.theta0, p.label, []float64{-1, 0, 0, 1}, p.xTrain, p.xValid)
	if err != nil {
		t.Fatal(err)
	}
	sc := make([]float64, 4)
	l, err := o.Step(0.05, sc)
	if !errors.Is(err, ErrConstantScores) || !strings.Contains(err.Error(), "standard deviation 0") || !math.IsNaN(l.Loss) {
		t.Errorf("Step with equal scores: loss %v, error %v; want NaN and ErrConstantScores", l, err)
	}
	if !(sc[0] > 0) || sc[0] != sc[1] || sc[1] != sc[2] || sc[2] != sc[3] {
		t.Errorf("Step with equal scores wrote scores %v; want four equal positive losses", sc)
	}
	xt, xv := make([]float64, nx), make([]float64, nx)
	if err := o.Inputs(xt, xv); err != nil || !equal(xt, p.xTrain) || !equal(xv, p.xValid) {
		t.Errorf("a failed step changed the inputs (%v)", err)
	}
	if _, err := o.Step(0, sc); err == nil || !strings.Contains(err.Error(), "lr is 0") {
		t.Errorf("Step with lr 0: %v", err)
	}
	if _, err := o.Step(0.05, sc[:2]); err == nil || !strings.Contains(err.Error(), "scores has 2 values; want 4") {
		t.Errorf("Step with short scores: %v", err)
	}
	if err := o.Inputs(xt[:1], xv); err == nil || !strings.Contains(err.Error(), "want 100 each") {
		t.Errorf("Inputs with a short slice: %v", err)
	}
	if err := o.Close(); err != nil {
		t.Fatal(err)
	}
	if err := o.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	for name, err := range map[string]error{
		"Step":      func() error { _, err := o.Step(0.05, sc); return err }(),
		"Inputs":    o.Inputs(xt, xv),
		"Measured":  o.Measured(xt, xv),
		"ResetAdam": o.ResetAdam(),
	} {
		if err == nil || !strings.Contains(err.Error(), name+" after Close") {
			t.Errorf("%s after Close: %v", name, err)
		}
	}
}

// TestGPUOuterMLPNoLeak creates, steps and closes 30 outer loops (some
// failing to be created, some failing a step) and checks that the memory
// pool has as much in use afterwards as before.
func TestGPUOuterMLPNoLeak(t *testing.T) {
	g := cudaOrSkip(t)
	p := newUnrolledProblem([]int{3, 4, 2}, 5, 3, 90)
	slopes := []float64{0.5, 1, 1.5, 2}
	before := g.dev.PoolStats()
	for i := range 30 {
		sl := slopes
		if i%3 == 1 {
			sl = []float64{1, 1, 1, 1} // a step that fails
		}
		o, err := g.NewOuterMLP(p.spec, testOuterSpec, sl, p.theta0, p.label, outerTargets(slopes), p.xTrain, p.xValid)
		if err != nil {
			t.Fatal(err)
		}
		_, err = o.Step(0.05, make([]float64, 4))
		if (err != nil) != (i%3 == 1) {
			t.Fatalf("cycle %d: Step: %v", i, err)
		}
		if err := o.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if st := g.dev.PoolStats(); st.InUse != before.InUse {
		t.Fatalf("after 30 create/step/close cycles %d bytes are in use, %d before: %v", st.InUse, before.InUse, st)
	}
}

// TestOuterMLPArgErrors checks the input errors of NewOuterMLP, which
// come before the device is touched (so it runs without a GPU).
func TestOuterMLPArgErrors(t *testing.T) {
	p := newUnrolledProblem([]int{10, 1, 1, 10}, 10, 3, 81)
	g := &cudaBackend{} // no device: every case must fail before using it
	slopes, targets := []float64{0.5, 1}, []float64{-1, 1}
	type args struct {
		spec                                            UnrolledMLPSpec
		outer                                           OuterSpec
		slopes, theta0, labels, targets, xTrain, xValid []float64
	}
	good := args{p.spec, testOuterSpec, slopes, p.theta0, p.label, targets, p.xTrain, p.xValid}
	with := func(f func(*args)) args { a := good; f(&a); return a }
	for _, c := range []struct {
		a    args
		want string
	}{
		{with(func(a *args) { a.spec.Steps = 0 }), "steps is 0"},
		{with(func(a *args) { a.theta0 = a.theta0[1:] }), "theta0 has 32 values; want 33"},
		{with(func(a *args) { a.xValid = nil }), "xValid has 0 values; want 100"},
		{with(func(a *args) { a.slopes = []float64{1, math.NaN()} }), "slope 1 is NaN"},
		{with(func(a *args) { a.outer.Beta1 = 1 }), "outer beta1 is 1"},
		{with(func(a *args) { a.outer.Beta2 = -1 }), "outer beta2 is -1"},
		{with(func(a *args) { a.outer.Eps = 0 }), "outer eps is 0"},
		{with(func(a *args) { a.outer.WeightDecay = math.Inf(1) }), "outer weight decay is +Inf"},
		{with(func(a *args) { a.slopes, a.targets = []float64{1}, []float64{0} }), "needs at least 2 motifs"},
		{with(func(a *args) { a.targets = []float64{1} }), "targets has 1 values; want 2"},
		{with(func(a *args) { a.targets = []float64{1, math.Inf(-1)} }), "target 1 is -Inf"},
	} {
		a := c.a
		o, err := g.NewOuterMLP(a.spec, a.outer, a.slopes, a.theta0, a.labels, a.targets, a.xTrain, a.xValid)
		if o != nil || err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "accel: ") {
			t.Errorf("NewOuterMLP: %v, %v; want an error containing %q", o, err, c.want)
		}
	}
}
