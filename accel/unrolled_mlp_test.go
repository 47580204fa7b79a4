package accel

import (
	"math"
	"regexp"
	"strings"
	"testing"

	"github.com/petridish-go/petridish/accel/cuda"
)

// unrolledShapes are the networks the GPU tests train: the paper's
// 10-1-1-10 motif-network on 10 samples, one with two wider hidden layers
// and several outputs, and one with a single hidden layer. Steps stay small
// so that the host emulation of the kernels is quick (it runs a block's
// threads as host threads, and each __syncthreads wakes all of them).
var unrolledShapes = []struct {
	dims           []int
	samples, steps int
}{
	{[]int{10, 1, 1, 10}, 10, 30},
	{[]int{3, 4, 2, 2}, 5, 25},
	{[]int{3, 4, 2}, 5, 20},
}

// unrolledSlopes include a negative slope and a large one.
var unrolledSlopes = []float64{0.05, 0.5, 1.3, 3, -0.7}

// TestGPUUnrolledMLPScores compares the scores of ScoreMLPs and
// ScoreGradMLPs with the float64 Go reference.
//
// Tolerance 1e-10 relative: both sides compute in float64 the same
// operations, the kernels in nearly the same order, so they differ only by
// rounding (the GPU's exp and its fused multiply-adds against Go's). The
// kernels spread each phase over a block's threads, but by elements: every
// dot product and every sum over samples is still one thread's loop in the
// serial order, and the loss is summed by one thread, so parallelism adds
// no rounding of its own; on the host emulation the scores equal the
// reference's to the last bit. Adam's
// division by sqrt(v) amplifies such differences over the steps (a
// parameter whose gradient is near zero has its step set by the ratio
// m/sqrt(v) of two rounded small numbers), but over a few tens of steps
// they stay far below 1e-10 (on the host emulation with a GPU's rounding,
// FMA contraction and exp off by an ulp, the largest is 2e-16); any mistake in the port (a wrong index, bias
// correction, slope or epsilon) changes the score in its first few digits.
func TestGPUUnrolledMLPScores(t *testing.T) {
	g := cudaOrSkip(t)
	worst := 0.0
	for k, sh := range unrolledShapes {
		p := newUnrolledProblem(sh.dims, sh.samples, sh.steps, uint64(20+k))
		n := len(unrolledSlopes)
		scores, scores2 := make([]float64, n), make([]float64, n)
		gt, gv := make([]float64, n*p.spec.InputLen()), make([]float64, n*p.spec.InputLen())
		if err := g.ScoreMLPs(p.spec, unrolledSlopes, p.theta0, p.xTrain, p.xValid, p.label, scores); err != nil {
			t.Fatal(err)
		}
		if err := g.ScoreGradMLPs(p.spec, unrolledSlopes, p.theta0, p.xTrain, p.xValid, p.label, scores2, gt, gv); err != nil {
			t.Fatal(err)
		}
		for i, s := range unrolledSlopes {
			want := p.refScore(s, p.xTrain, p.xValid)
			for _, got := range []struct {
				op string
				v  float64
			}{{"ScoreMLPs", scores[i]}, {"ScoreGradMLPs", scores2[i]}} {
				e := math.Abs(got.v-want) / math.Abs(want)
				if !(e <= 1e-10) {
					t.Errorf("%v n=%d steps=%d slope %v: %s score %.15g, reference %.15g (relative error %.3g > 1e-10)",
						sh.dims, sh.samples, sh.steps, s, got.op, got.v, want, e)
				}
				worst = max(worst, e)
			}
		}
	}
	t.Logf("UnrolledMLP scores: %d shapes x %d slopes; largest relative error vs the Go reference %.3g", len(unrolledShapes), len(unrolledSlopes), worst)
}

// TestGPUUnrolledMLPGradients checks every coordinate of both per-motif
// gradients of ScoreGradMLPs against finite differences of the Go reference
// score: the five-point stencil (8(f(x+h)-f(x-h)) - (f(x+2h)-f(x-2h)))/12h
// with h = 1e-3, as petri/motif's own tests use.
//
// Tolerance 1e-6 of the gradient's largest entry. The finite differences,
// not the kernel, limit the agreement: their O(h^4) truncation error grows
// with h and their rounding error (scores good to ~1e-15, amplified by
// Adam's 1/sqrt(v), divided by h) with 1/h, and the gradients span five
// orders of magnitude across these slopes (max |grad| from 1e-6 at slope
// 0.05 to 1e-2 at slope 3). A plain central difference cannot serve all of
// them (with h = 1e-5 the rounding error alone is 2e-5 of the smallest
// gradient). Measured with this stencil: at most 5e-7 of max |grad| over
// all shapes and slopes; the kernel agrees with the reference score to
// 1e-15, so its gradient error is far below that. A real bug (a dropped
// second-order term, a missing weight-decay or bias-correction factor in
// the adjoint) moves the gradient by 1e-4 or more of its norm.
func TestGPUUnrolledMLPGradients(t *testing.T) {
	g := cudaOrSkip(t)
	const h, tol = 1e-3, 1e-6
	worst := 0.0
	for k, sh := range unrolledShapes {
		p := newUnrolledProblem(sh.dims, sh.samples, sh.steps, uint64(30+k))
		n, nx := len(unrolledSlopes), p.spec.InputLen()
		scores, gt, gv := make([]float64, n), make([]float64, n*nx), make([]float64, n*nx)
		if err := g.ScoreGradMLPs(p.spec, unrolledSlopes, p.theta0, p.xTrain, p.xValid, p.label, scores, gt, gv); err != nil {
			t.Fatal(err)
		}
		for i, s := range unrolledSlopes {
			for _, set := range []struct {
				name  string
				valid bool
				grad  []float64
			}{{"dScore/dxTrain", false, gt[i*nx : (i+1)*nx]}, {"dScore/dxValid", true, gv[i*nx : (i+1)*nx]}} {
				norm := 0.0
				for _, v := range set.grad {
					norm = max(norm, math.Abs(v))
				}
				if !(norm > 0) {
					t.Fatalf("%v slope %v: %s is %v", sh.dims, s, set.name, set.grad)
				}
				for j := range nx {
					fd := p.fivePoint(s, set.valid, j, h)
					d := math.Abs(fd - set.grad[j])
					if !(d <= tol*norm) {
						t.Errorf("%v n=%d steps=%d slope %v: %s[%d] = %.12g, finite differences %.12g (|diff| %.3g > %.0e x max |grad| %.3g)",
							sh.dims, sh.samples, sh.steps, s, set.name, j, set.grad[j], fd, d, tol, norm)
					}
					worst = max(worst, d/norm)
				}
			}
		}
	}
	t.Logf("UnrolledMLP gradients: largest |GPU - finite difference| = %.3g of max |grad| (tolerance %.0e)", worst, tol)
}

// fivePoint is the five-point finite difference of the reference score in
// coordinate j of the training (valid false) or validation inputs.
func (p unrolledProblem) fivePoint(slope float64, valid bool, j int, h float64) float64 {
	at := func(e float64) float64 {
		xt, xv := append([]float64(nil), p.xTrain...), append([]float64(nil), p.xValid...)
		if valid {
			xv[j] += e
		} else {
			xt[j] += e
		}
		return p.refScore(slope, xt, xv)
	}
	return (8*(at(h)-at(-h)) - (at(2*h) - at(-2*h))) / (12 * h)
}

// TestGPUUnrolledMLPPacked runs ScoreMLPs on just enough motifs that the
// score kernel packs four of the paper's networks into a block (a warp
// each), with the last block's fourth group past the end, and checks the
// scores equal those of one network per block bit for bit (each element is
// still computed by one thread with the same loop, whichever thread it is)
// and the Go reference.
func TestGPUUnrolledMLPPacked(t *testing.T) {
	g := cudaOrSkip(t)
	p := newUnrolledProblem([]int{10, 1, 1, 10}, 10, 6, 41)
	n := 32*g.dev.Props().SMs + 3 // 128-thread blocks pack past 2*64 warps per multiprocessor
	plan, err := g.planUnrolled(p.spec, n, false)
	if err != nil {
		t.Fatal(err)
	}
	lay, _ := newUnrolledLayout(p.spec)
	if plan.perBlock != 4 || plan.threads != 128 || plan.sharedBytes != 4*8*uint64(lay.scoreState) {
		t.Fatalf("%d motifs: %d per block of %d threads with %d B shared; want 4 of 128 with %d B", n, plan.perBlock, plan.threads, plan.sharedBytes, 4*8*lay.scoreState)
	}
	if one, _ := g.planUnrolled(p.spec, n-4, false); one.perBlock != 1 {
		t.Errorf("%d motifs packed %d per block; want 1 below the threshold", n-4, one.perBlock)
	}
	slopes := make([]float64, n)
	for i := range slopes {
		slopes[i] = 0.02 + 2.5*float64(i)/float64(n)
	}
	packed, single := make([]float64, n), make([]float64, n)
	if err := g.ScoreMLPs(p.spec, slopes, p.theta0, p.xTrain, p.xValid, p.label, packed); err != nil {
		t.Fatal(err)
	}
	unrolledPacking = false
	defer func() { unrolledPacking = true }()
	if err := g.ScoreMLPs(p.spec, slopes, p.theta0, p.xTrain, p.xValid, p.label, single); err != nil {
		t.Fatal(err)
	}
	if !equal(packed, single) {
		t.Errorf("scores differ between four motifs per block and one")
	}
	for _, i := range []int{0, 5, n - 2, n - 1} {
		want := p.refScore(slopes[i], p.xTrain, p.xValid)
		if e := math.Abs(packed[i]-want) / want; !(e <= 1e-10) {
			t.Errorf("motif %d of %d (slope %v): packed score %v, reference %v (relative error %.3g)", i, n, slopes[i], packed[i], want, e)
		}
	}
}

// TestGPUUnrolledMLPChunks runs a batch in several launches (scratch
// budget lowered to 3 motifs), and with the block state in global scratch
// instead of shared memory (shared-memory limit lowered to 0), and checks
// the results equal one launch's bit for bit: each motif's block does the
// same operations whatever its launch and wherever its state is.
func TestGPUUnrolledMLPChunks(t *testing.T) {
	g := cudaOrSkip(t)
	p := newUnrolledProblem([]int{10, 1, 1, 10}, 10, 5, 40)
	slopes := make([]float64, 20)
	for i := range slopes {
		slopes[i] = 0.01 * float64(i+1)
	}
	run := func() (sc, sc2, gt, gv []float64) {
		n, nx := len(slopes), p.spec.InputLen()
		sc, sc2, gt, gv = make([]float64, n), make([]float64, n), make([]float64, n*nx), make([]float64, n*nx)
		if err := g.ScoreMLPs(p.spec, slopes, p.theta0, p.xTrain, p.xValid, p.label, sc); err != nil {
			t.Fatal(err)
		}
		if err := g.ScoreGradMLPs(p.spec, slopes, p.theta0, p.xTrain, p.xValid, p.label, sc2, gt, gv); err != nil {
			t.Fatal(err)
		}
		return
	}
	a1, a2, a3, a4 := run()
	lay, _ := newUnrolledLayout(p.spec)
	savedBudget, savedShared := unrolledScratchBudget, unrolledSharedLimit
	defer func() { unrolledScratchBudget, unrolledSharedLimit = savedBudget, savedShared }()
	unrolledScratchBudget = 3 * 8 * uint64(lay.traj)
	b1, b2, b3, b4 := run()
	unrolledScratchBudget, unrolledSharedLimit = savedBudget, 0
	c1, c2, c3, c4 := run()
	for _, c := range []struct {
		name    string
		a, b, c []float64
	}{{"ScoreMLPs scores", a1, b1, c1}, {"ScoreGradMLPs scores", a2, b2, c2}, {"gradTrain", a3, b3, c3}, {"gradValid", a4, b4, c4}} {
		if !equal(c.a, c.b) {
			t.Errorf("%s differ between one launch and chunks of 3 motifs", c.name)
		}
		if !equal(c.a, c.c) {
			t.Errorf("%s differ between state in shared memory and in global scratch", c.name)
		}
	}
	for i, s := range []int{0, 13, 19} {
		want := p.refScore(slopes[s], p.xTrain, p.xValid)
		if e := math.Abs(b1[s]-want) / want; !(e <= 1e-10) {
			t.Errorf("check %d: motif %d (slope %v): score %v, reference %v", i, s, slopes[s], b1[s], want)
		}
	}
}

// TestGPUUnrolledMLPErrors checks that the CUDA backend rejects bad input
// before touching the device, and that an empty batch is a no-op.
func TestGPUUnrolledMLPErrors(t *testing.T) {
	g := cudaOrSkip(t)
	p := newUnrolledProblem([]int{10, 1, 1, 10}, 10, 3, 50)
	nx := p.spec.InputLen()
	err := g.ScoreGradMLPs(p.spec, []float64{1, 2}, p.theta0, p.xTrain, p.xValid, p.label, make([]float64, 2), make([]float64, nx), make([]float64, 2*nx))
	if err == nil || !strings.Contains(err.Error(), "gradTrain has 100 values; want 200") {
		t.Errorf("short gradTrain: %v", err)
	}
	bad := p.spec
	bad.Steps = 0
	if err := g.ScoreMLPs(bad, []float64{1}, p.theta0, p.xTrain, p.xValid, p.label, make([]float64, 1)); err == nil || !strings.Contains(err.Error(), "steps is 0") {
		t.Errorf("zero steps: %v", err)
	}
	if err := g.ScoreMLPs(p.spec, nil, p.theta0, p.xTrain, p.xValid, p.label, nil); err != nil {
		t.Errorf("empty batch: %v", err)
	}
}

// TestUnrolledMLPSpecErrors checks every input error of the UnrolledMLPs
// methods (on the host, so it runs without a GPU).
func TestUnrolledMLPSpecErrors(t *testing.T) {
	p := newUnrolledProblem([]int{10, 1, 1, 10}, 10, 3, 51)
	ok := p.spec
	nx := ok.InputLen()
	slopes := []float64{0.5, 1}
	spec := func(f func(*UnrolledMLPSpec)) UnrolledMLPSpec {
		s := ok
		s.Dims = append([]int(nil), ok.Dims...)
		f(&s)
		return s
	}
	type call struct {
		spec                                               UnrolledMLPSpec
		slopes, theta0, xTrain, xValid, labels, sc, gt, gv []float64
	}
	good := call{ok, slopes, p.theta0, p.xTrain, p.xValid, p.label, make([]float64, 2), make([]float64, 2*nx), make([]float64, 2*nx)}
	with := func(f func(*call)) call { c := good; f(&c); return c }
	for _, c := range []struct {
		call call
		want string
	}{
		{with(func(c *call) { c.spec = spec(func(s *UnrolledMLPSpec) { s.Dims = []int{10, 10} }) }), "need inputs, at least one hidden layer and outputs"},
		{with(func(c *call) { c.spec = spec(func(s *UnrolledMLPSpec) { s.Dims[1] = 0 }) }), "layer 1 has width 0"},
		{with(func(c *call) { c.spec = spec(func(s *UnrolledMLPSpec) { s.Samples = 0 }) }), "samples is 0"},
		{with(func(c *call) { c.spec = spec(func(s *UnrolledMLPSpec) { s.Steps = -1 }) }), "steps is -1"},
		{with(func(c *call) { c.spec = spec(func(s *UnrolledMLPSpec) { s.LR = math.NaN() }) }), "lr is NaN"},
		{with(func(c *call) { c.spec = spec(func(s *UnrolledMLPSpec) { s.Beta1 = 1 }) }), "beta1 is 1"},
		{with(func(c *call) { c.spec = spec(func(s *UnrolledMLPSpec) { s.Beta2 = -0.1 }) }), "beta2 is -0.1"},
		{with(func(c *call) { c.spec = spec(func(s *UnrolledMLPSpec) { s.Eps = 0 }) }), "eps is 0"},
		{with(func(c *call) { c.spec = spec(func(s *UnrolledMLPSpec) { s.WeightDecay = -1 }) }), "weight decay is -1"},
		{with(func(c *call) {
			c.spec = spec(func(s *UnrolledMLPSpec) { s.Dims = []int{1000, 1000, 1000}; s.Steps = 1000 })
		}), "doubles of scratch and trajectory exceed 1073741824 values per motif"},
		{with(func(c *call) {
			c.spec = spec(func(s *UnrolledMLPSpec) { s.Dims = []int{1 << 30, 1 << 30, 1 << 30, 1 << 30, 1 << 30} })
		}), "parameters or activations exceed"},
		{with(func(c *call) { c.spec = spec(func(s *UnrolledMLPSpec) { s.Samples = 1 << 40 }) }), "samples or steps exceed"},
		{with(func(c *call) { c.theta0 = c.theta0[1:] }), "theta0 has 32 values; want 33 (the parameters of a [10 1 1 10] network)"},
		{with(func(c *call) { c.xTrain = nil }), "xTrain has 0 values; want 100 (samples x inputs)"},
		{with(func(c *call) { c.xValid = c.xValid[:99] }), "xValid has 99 values; want 100"},
		{with(func(c *call) { c.labels = c.labels[:10] }), "labels has 10 values; want 100 (samples x outputs)"},
		{with(func(c *call) { c.sc = make([]float64, 3) }), "scores has 3 values; want 2 (one per slope)"},
		{with(func(c *call) { c.gv = make([]float64, nx) }), "gradValid has 100 values; want 200 (2 slopes x 10 samples x 10 inputs)"},
		{with(func(c *call) { c.slopes = []float64{1, math.Inf(1)} }), "slope 1 is +Inf; slopes must be finite"},
	} {
		a := c.call
		err := a.spec.checkArgs("ScoreGradMLPs", a.slopes, a.theta0, a.xTrain, a.xValid, a.labels, a.sc, a.gt, a.gv, true)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "accel: ") {
			t.Errorf("error = %v; want one containing %q", err, c.want)
		}
	}
	a := good
	if err := a.spec.checkArgs("ScoreGradMLPs", a.slopes, a.theta0, a.xTrain, a.xValid, a.labels, a.sc, a.gt, a.gv, true); err != nil {
		t.Errorf("valid call rejected: %v", err)
	}
	if err := a.spec.checkArgs("ScoreMLPs", a.slopes, a.theta0, a.xTrain, a.xValid, a.labels, a.sc, nil, nil, false); err != nil {
		t.Errorf("valid score-only call rejected: %v", err)
	}
}

// TestUnrolledLayout checks the sizes of the paper's network and that the
// Go layout indices match the enum the kernels read.
func TestUnrolledLayout(t *testing.T) {
	spec := UnrolledMLPSpec{Dims: []int{10, 1, 1, 10}, Samples: 10, Steps: 250}
	lay, err := newUnrolledLayout(spec)
	if err != nil {
		t.Fatal(err)
	}
	if got := spec.NumParams(); got != 33 {
		t.Fatalf("NumParams = %d, want 33 (10+1, 1+1, 10+10)", got)
	}
	want := map[int]int32{layL: 3, layN: 10, layNP: 33, layHLen: 20, layOutLen: 100, layMaxAct: 100, layNX: 100,
		laySScore: 452, laySGrad: 1004, layTraj: 63000, sG: 252, sGXT: 904, tH: 4 * 250 * 33, tP: 4*250*33 + 250*20,
		layDims: 10, layDims + 3: 10, layDims + 4: 0, layDims + 5: 11, layDims + 6: 13, // dims end, wOff
		layDims + 7: 10, layDims + 8: 12, layDims + 9: 23, layDims + 10: 0, layDims + 11: 10} // bOff, hOff
	for i, w := range want {
		if lay.ints[i] != w {
			t.Errorf("layout[%d] = %d, want %d (layout %v)", i, lay.ints[i], w, lay.ints)
		}
	}
	if len(lay.ints) != layDims+4*3+1 {
		t.Errorf("layout has %d ints, want %d", len(lay.ints), layDims+13)
	}
	// Score state: 4 x 33 + 20 + 100 + 2 x 100; the score+grad kernel's
	// adds 4 x 33 + 120 + 2 x 100 + 100; the trajectory is 250 x (4 x 33
	// + 20 + 100).
	if lay.scoreState != 452 || lay.gradState != 452+4*33+120+2*100+100 || lay.traj != 250*252 {
		t.Errorf("per motif: score state %d, grad state %d, trajectory %d doubles", lay.scoreState, lay.gradState, lay.traj)
	}

	src := string(cuda.KernelSources()["unrolled_mlp.cu"])
	start := strings.Index(src, "enum {")
	end := strings.Index(src[start:], "};")
	if start < 0 || end < 0 {
		t.Fatal("unrolled_mlp.cu has no layout enum")
	}
	body := regexp.MustCompile(`//[^\n]*`).ReplaceAllString(src[start+6:start+end], "")
	names := regexp.MustCompile(`[A-Z][A-Z0-9_]*`).FindAllString(body, -1)
	goNames := []string{"LAY_L", "LAY_N", "LAY_NP", "LAY_HLEN", "LAY_OUTLEN", "LAY_MAXACT", "LAY_NX",
		"LAY_SSCORE", "LAY_SGRAD", "LAY_TRAJ", "S_THETA", "S_M", "S_V", "S_H", "S_P", "S_G",
		"S_THETABAR", "S_MBAR", "S_VBAR", "S_GBAR", "S_RA", "S_RG", "S_GXT",
		"T_THETA", "T_G", "T_M", "T_V", "T_H", "T_P", "LAY_DIMS"}
	if strings.Join(names, " ") != strings.Join(goNames, " ") || len(goNames) != layDims+1 || tP != layDims-1 {
		t.Errorf("the kernel's layout enum is\n%v\nbut the Go indices are\n%v", names, goNames)
	}
}

// TestUnrolledBlock checks the block sizes: a thread for every element of
// the largest phase, in whole warps, between 32 and 256.
func TestUnrolledBlock(t *testing.T) {
	for _, c := range []struct {
		dims             []int
		samples          int
		score, scoreGrad int
	}{
		{[]int{10, 1, 1, 10}, 10, 128, 160}, // 100 logits; 33 + 20 + 100 adjoint loads
		{[]int{3, 4, 2, 2}, 5, 32, 96},      // 20 activations; 32 + 30 + 10 adjoint loads
		{[]int{3, 4, 2}, 5, 32, 64},         // 20 activations; 26 + 20 + 10
		{[]int{1, 1, 1}, 1, 32, 32},         // at least a warp
		{[]int{100, 50, 10}, 20, 256, 256},  // 5050 weights: capped
	} {
		lay, err := newUnrolledLayout(UnrolledMLPSpec{Dims: c.dims, Samples: c.samples, Steps: 3})
		if err != nil {
			t.Fatal(err)
		}
		if got := lay.block(false); got != c.score {
			t.Errorf("block(%v on %d samples, score) = %d, want %d", c.dims, c.samples, got, c.score)
		}
		if got := lay.block(true); got != c.scoreGrad {
			t.Errorf("block(%v on %d samples, score+grad) = %d, want %d", c.dims, c.samples, got, c.scoreGrad)
		}
	}
}
