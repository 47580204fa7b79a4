package accel

// GPU tests of the classifier trainer against the float64 reference in
// classifier_test.go. They skip without a GPU; TestFakeCUDAClassifier runs
// them on the host emulation of the CUDA libraries.

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// clfTrainerOrSkip returns a trainer on the GPU, or skips.
func clfTrainerOrSkip(t *testing.T, spec ClassifierSpec, slopes, params []float64) ClassifierTrainer {
	t.Helper()
	g := cudaOrSkip(t)
	var b Backend = g
	cb, ok := b.(ClassifierBackend)
	if !ok {
		t.Fatal("the CUDA backend does not implement ClassifierBackend")
	}
	tr, err := cb.NewClassifierTrainer(spec, slopes, params)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := tr.Close(); err != nil {
			t.Error(err)
		}
	})
	return tr
}

// clfPaths are the two GEMM paths of the CUDA trainer, by subtest name:
// kernels true forces the built-in kernels.
var clfPaths = []struct {
	name    string
	kernels bool
}{{"cublas", false}, {"kernels", true}}

// clfPathTrainer returns a trainer on the given GEMM path, or skips (the
// cuBLAS path where cuBLAS did not load). It checks that the trainer took
// that path and says so in Describe.
func clfPathTrainer(t *testing.T, kernels bool, spec ClassifierSpec, slopes, params []float64) *cudaClassifier {
	t.Helper()
	g := cudaOrSkip(t)
	if err := g.dev.Props().CublasErr; !kernels && err != nil {
		t.Skipf("no cuBLAS: %v", err)
	}
	tr, err := g.newClassifier(spec, slopes, params, kernels)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := tr.Close(); err != nil {
			t.Error(err)
		}
	})
	want := "GEMMs on cuBLAS (strided-batched over the runs)"
	if kernels {
		want = "GEMMs on the built-in kernels (forced)"
	}
	if tr.blas == kernels || !strings.Contains(tr.Describe(), want) {
		t.Fatalf("trainer with kernels=%v: blas %v, Describe %q", kernels, tr.blas, tr.Describe())
	}
	return tr
}

// Tolerances of the float32 trainer against the float64 reference.
//
// Parameters: |θ_gpu - θ_ref| ≤ clfParamTol·(|θ_ref| + LR·steps). One Adam
// step moves a parameter by LR·m̂/(√v̂+ε), a ratio of order 1 that depends
// on the gradient only through normalised averages, so a relative error δ
// in the float32 gradient moves the update by about LR·δ. The gradients are
// sums of at most Inputs+1 = 13 products of float32 values through expf, so
// δ is a few times the float32 unit roundoff 6e-8; with the float32 storage
// of θ (relative 6e-8 per step) and the feedback of earlier errors through
// later gradients, the error after 10 steps is of order
// 10⁻⁶·(|θ| + LR·steps). The one place rounding is amplified is the first
// step, whose update is LR·g/(|g|+ε): an absolute gradient error Δg moves it
// by LR·ε·Δg/(|g|+ε)², which exceeds the tolerance only for a gradient
// below about 1e-7; on these seeds the largest error is 0.06 of the
// tolerance (on the emulated device), and it is logged with its parameter.
// The tolerance 1e-4 leaves that margin for a real GPU's summation orders
// and FMA contraction, while a wrong index, slope, bias, weight decay or
// bias correction moves parameters by a good fraction of LR per step,
// hundreds to thousands of times the tolerance (each was tried).
//
// Loss: relative clfLossTol = 1e-4: the per-sample cross-entropies are
// float32 (relative error ~1e-6 through the forward pass and logf) of
// parameters that carry the error above.
//
// Accuracy: equal, unless the reference has a sample whose top two logits
// are within clfMarginTol, where float32 may pick the other one.
const (
	clfParamTol  = 1e-4
	clfLossTol   = 1e-4
	clfMarginTol = 1e-3
)

// clfCompareParams checks the trainer's parameters against the references'
// and returns the largest error as a fraction of the tolerance.
func clfCompareParams(t *testing.T, tr ClassifierTrainer, refs []*clfRef, what string) float64 {
	t.Helper()
	got, err := tr.Params()
	if err != nil {
		t.Fatal(err)
	}
	np := tr.Spec().NumParams()
	worst, where := 0.0, ""
	for r, ref := range refs {
		scale := tr.Spec().LR * float64(ref.step)
		for i, want := range ref.p {
			tol := clfParamTol * (math.Abs(want) + scale)
			d := math.Abs(got[r*np+i] - want)
			if !(d <= tol) {
				t.Fatalf("%s: run %d (slope %v) parameter %d = %v, reference %v, |diff| %.3g > tolerance %.3g",
					what, r, ref.slope, i, got[r*np+i], want, d, tol)
			}
			if d/tol > worst {
				worst = d / tol
				where = fmt.Sprintf("run %d parameter %d: %v, reference %v", r, i, got[r*np+i], want)
			}
		}
	}
	t.Logf("%s: largest parameter error %.4f of the tolerance (%s)", what, worst, where)
	return worst
}

// clfCompareEval checks Evaluate against the references on a data set.
func clfCompareEval(t *testing.T, tr ClassifierTrainer, refs []*clfRef, images []float64, labels []int) {
	t.Helper()
	loss, acc, err := tr.Evaluate(images, labels)
	if err != nil {
		t.Fatal(err)
	}
	if len(loss) != len(refs) || len(acc) != len(refs) {
		t.Fatalf("Evaluate returned %d losses and %d accuracies for %d runs", len(loss), len(acc), len(refs))
	}
	for r, ref := range refs {
		wl, wa, margin := ref.evaluate(images, labels)
		if d := math.Abs(loss[r] - wl); !(d <= clfLossTol*wl) {
			t.Errorf("run %d (slope %v): loss %v, reference %v", r, ref.slope, loss[r], wl)
		}
		if acc[r] != wa && margin > clfMarginTol {
			t.Errorf("run %d (slope %v): accuracy %v, reference %v (smallest logit margin %.3g)", r, ref.slope, acc[r], wa, margin)
		}
		t.Logf("run %d slope %v: loss %.6f (reference %.6f), accuracy %.3f (reference %.3f)", r, ref.slope, loss[r], wl, acc[r], wa)
	}
}

// TestGPUClassifierTrain trains three runs of a 12-6-6-10 network with
// slopes 0.3, 1 and 2.5 for 10 Adam steps on 40 samples (full batches by
// Step and by Steps, and a short batch) and compares the parameters and
// the evaluation with the float64 reference after the first step and at
// the end, on each GEMM path (cuBLAS and the built-in kernels).
func TestGPUClassifierTrain(t *testing.T) {
	for _, path := range clfPaths {
		t.Run(path.name, func(t *testing.T) { testGPUClassifierTrain(t, path.kernels) })
	}
}

func testGPUClassifierTrain(t *testing.T, kernels bool) {
	spec := clfTestSpec()
	slopes := []float64{0.3, 1, 2.5}
	rnd := rand.New(rand.NewPCG(31, 32))
	params := clfInit(rnd, spec, len(slopes))
	images, labels := clfData(rnd, spec, 40)
	evalImages, evalLabels := clfData(rnd, spec, 23)
	tr := clfPathTrainer(t, kernels, spec, slopes, params)
	if tr.Runs() != 3 || tr.Spec() != spec {
		t.Fatalf("Runs %d, Spec %+v", tr.Runs(), tr.Spec())
	}
	np := spec.NumParams()
	refs := make([]*clfRef, len(slopes))
	for r, s := range slopes {
		refs[r] = newClfRef(spec, s, params[r*np:(r+1)*np])
	}
	if err := tr.SetData(images, labels); err != nil {
		t.Fatal(err)
	}
	clfCompareParams(t, tr, refs, "before training")

	// batch draws b indices per run; the runs' batches differ.
	batch := func(b int) []int32 {
		rows := make([]int32, len(slopes)*b)
		for i := range rows {
			rows[i] = int32(rnd.IntN(len(labels)))
		}
		return rows
	}
	train := func(rows []int32, b int) {
		for r, ref := range refs {
			ref.train(images, labels, rows[r*b:(r+1)*b])
		}
	}
	worst := 0.0
	for step := 0; step < 7; step++ {
		b := spec.Batch
		if step == 4 {
			b = 3 // a short batch, as at the end of an epoch
		}
		rows := batch(b)
		if err := tr.Step(rows); err != nil {
			t.Fatal(err)
		}
		train(rows, b)
		if step == 0 {
			worst = max(worst, clfCompareParams(t, tr, refs, "after 1 step"))
		}
	}
	// Three steps in one call: step s of run r at rows[(s*R+r)*Batch:].
	rows := batch(3 * spec.Batch)
	if err := tr.Steps(rows); err != nil {
		t.Fatal(err)
	}
	for s := 0; s < 3; s++ {
		train(rows[s*len(slopes)*spec.Batch:], spec.Batch)
	}
	if tr.StepCount() != 10 {
		t.Fatalf("StepCount = %d after 10 steps", tr.StepCount())
	}
	worst = max(worst, clfCompareParams(t, tr, refs, "after 10 steps"))
	t.Logf("parameters: largest error = %.4f of the tolerance", worst)

	// Evaluate in chunks of 7 samples (23 = 3×7 + 2) and in one.
	defer func(v int) { classifierEvalFloats = v }(classifierEvalFloats)
	classifierEvalFloats = 7 * len(slopes) * max(spec.Hidden, spec.Classes)
	clfCompareEval(t, tr, refs, evalImages, evalLabels)
	classifierEvalFloats = 1 << 24
	clfCompareEval(t, tr, refs, evalImages, evalLabels)
	clfCompareEval(t, tr, refs, images, labels)
}

// TestGPUClassifierStepsAndReset checks, on each GEMM path, that Steps
// equals the same steps taken one at a time by Step, bit for bit (the
// kernels and cuBLAS are deterministic for a fixed shape on one stream),
// and that Reset starts over exactly.
func TestGPUClassifierStepsAndReset(t *testing.T) {
	for _, path := range clfPaths {
		t.Run(path.name, func(t *testing.T) { testGPUClassifierStepsAndReset(t, path.kernels) })
	}
}

func testGPUClassifierStepsAndReset(t *testing.T, kernels bool) {
	spec := clfTestSpec()
	slopes := []float64{0.5, 4}
	rnd := rand.New(rand.NewPCG(33, 34))
	params := clfInit(rnd, spec, len(slopes))
	images, labels := clfData(rnd, spec, 17)
	rows := make([]int32, 4*len(slopes)*spec.Batch)
	for i := range rows {
		rows[i] = int32(rnd.IntN(len(labels)))
	}
	tr := clfPathTrainer(t, kernels, spec, slopes, params)
	if err := tr.SetData(images, labels); err != nil {
		t.Fatal(err)
	}
	run := func(oneCall bool) []float64 {
		t.Helper()
		if err := tr.Reset(slopes, params); err != nil {
			t.Fatal(err)
		}
		if oneCall {
			// The steps' launches and GEMMs go to the device's thread as
			// one queue: besides it, only the indices' upload (and their
			// buffer, the first time) cross, not some twenty calls a step.
			dev := tr.dev
			before := dev.Crossings()
			if err := tr.Steps(rows); err != nil {
				t.Fatal(err)
			}
			if n := dev.Crossings() - before; n > 4 {
				t.Errorf("Steps of 4 steps crossed to the device's thread %d times; want at most 4 (queued)", n)
			}
		} else {
			per := len(slopes) * spec.Batch
			for lo := 0; lo < len(rows); lo += per {
				if err := tr.Step(rows[lo : lo+per]); err != nil {
					t.Fatal(err)
				}
			}
		}
		if tr.StepCount() != 4 {
			t.Fatalf("StepCount = %d after 4 steps", tr.StepCount())
		}
		p, err := tr.Params()
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	a, b, c := run(true), run(false), run(true)
	for i := range a {
		if a[i] != b[i] || a[i] != c[i] {
			t.Fatalf("parameter %d: %v by Steps, %v by Step, %v by Steps after Reset; want identical", i, a[i], b[i], c[i])
		}
		if a[i] == params[i] {
			t.Fatalf("parameter %d did not move in 4 steps", i)
		}
	}
}

// TestGPUClassifierErrors checks what bad sizes, labels and indices do.
func TestGPUClassifierErrors(t *testing.T) {
	spec := clfTestSpec()
	slopes := []float64{1, 2}
	rnd := rand.New(rand.NewPCG(35, 36))
	params := clfInit(rnd, spec, 2)
	g := cudaOrSkip(t)
	bad := spec
	bad.Batch = 0
	if _, err := g.NewClassifierTrainer(bad, slopes, params); err == nil || !strings.Contains(err.Error(), "Batch is 0") {
		t.Errorf("bad spec: %v", err)
	}
	if _, err := g.NewClassifierTrainer(spec, slopes, params[1:]); err == nil || !strings.Contains(err.Error(), "params has 379 values, want 380") {
		t.Errorf("short params: %v", err)
	}
	inUse := g.dev.PoolStats().InUse
	tr := clfTrainerOrSkip(t, spec, slopes, params)
	images, labels := clfData(rnd, spec, 8)
	full := make([]int32, 2*spec.Batch)
	want := func(what string, err error, sub string) {
		t.Helper()
		if err == nil || !strings.Contains(err.Error(), sub) {
			t.Errorf("%s: error %v, want one containing %q", what, err, sub)
		}
	}
	want("Step before SetData", tr.Step(full), "no data; call SetData before training")
	want("SetData short images", tr.SetData(images[1:], labels), "has 95 image values for 8 labels; want 96")
	labels[3] = 10
	want("SetData label 10", tr.SetData(images, labels), "label 3 is 10; labels must be classes 0 to 9")
	labels[3] = 9
	if err := tr.SetData(images, labels); err != nil {
		t.Fatal(err)
	}
	want("Step of no rows", tr.Step(nil), "Step with 0 sample indices")
	want("Step of an odd count", tr.Step(make([]int32, 3)), "Step with 3 sample indices; want b per run for 2 runs, 1 <= b <= Batch 5")
	want("Step over Batch", tr.Step(make([]int32, 12)), "Step with 12 sample indices")
	full[7] = 8
	want("Step index 8 of 8", tr.Step(full), "row index 7 is 8; the data set has 8 samples (indices 0 to 7)")
	full[7] = -1
	want("Step index -1", tr.Step(full), "row index 7 is -1")
	want("Steps of a partial batch", tr.Steps(make([]int32, 15)), "Steps with 15 sample indices; want a positive multiple of 10")
	want("Steps index", tr.Steps(append(make([]int32, 10), full...)), "row index 17 is -1")
	if tr.StepCount() != 0 {
		t.Errorf("StepCount = %d after failed steps", tr.StepCount())
	}
	_, _, err := tr.Evaluate(images, labels[1:])
	want("Evaluate mismatch", err, "evaluation set has 96 image values for 7 labels")
	want("Reset with 3 slopes", tr.Reset([]float64{1, 2, 3}, params), "Reset with 3 slopes; this trainer has 2 runs")
	want("Reset with NaN slope", tr.Reset([]float64{1, math.NaN()}, params), "slope 1 is NaN")
	if err := tr.Close(); err != nil {
		t.Fatal(err)
	}
	if st := g.dev.PoolStats(); st.InUse != inUse {
		t.Errorf("device memory in use: %d bytes before the trainer, %d after Close", inUse, st.InUse)
	}
	want("Step after Close", tr.Step(make([]int32, 10)), "used after Close")
	_, err = tr.Params()
	want("Params after Close", err, "used after Close")
	if err := tr.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}
