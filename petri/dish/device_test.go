package dish

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/petridish-go/petridish/accel"
	"github.com/petridish-go/petridish/accel/cuda"
	"github.com/petridish-go/petridish/accel/fakecuda"
	"github.com/petridish-go/petridish/petri/motif"
	"github.com/petridish-go/petridish/petri/rng"
)

// useBackend makes the named accel backend current (as %device does) for
// the rest of the test, and restores the previous one afterwards.
func useBackend(t *testing.T, name string) accel.Backend {
	t.Helper()
	prev, err := accel.Current()
	if err != nil {
		t.Fatal(err)
	}
	b, err := accel.Use(name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if _, err := accel.Use(prev.Name()); err != nil {
			t.Errorf("restoring the %s backend: %v", prev.Name(), err)
		}
	})
	return b
}

// checkNoDeviceErr checks that err is the clear error of PathDevice
// without a capable backend.
func checkNoDeviceErr(t *testing.T, what string, err error) {
	t.Helper()
	if err == nil {
		t.Errorf("%s succeeded with path %q on the CPU backend", what, PathDevice)
		return
	}
	for _, want := range []string{`path is "device"`, "backend (cpu)", "PETRI_DEVICE=cuda", "%device cuda", `use path "auto"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %q lacks %q", what, err, want)
		}
	}
}

// TestPathsOnCPUBackend checks that on the CPU backend PathAuto still
// runs the fused path (bit for bit as PathFused), that Engine and
// History say so, and that PathDevice fails clearly everywhere it can be
// asked for: Validate, New, SetPath, and Scores of a dish loaded from a
// GPU machine (which loads, and runs after SetPath(PathAuto)).
func TestPathsOnCPUBackend(t *testing.T) {
	useBackend(t, "cpu")
	ms := motif.Slopes(linspace(0.3, 1.5, 5))
	gt := uCurve(linspace(0.3, 1.5, 5))
	c := smallConfig(20, 2)
	c.Threads = 2
	auto := mustNew(t, c)
	path, dev, err := auto.Engine()
	if err != nil || path != PathFused || dev != "cpu: 2 goroutines" {
		t.Errorf("Engine() = %q, %q, %v; want %q, %q", path, dev, err, PathFused, "cpu: 2 goroutines")
	}
	h, err := auto.Train(context.Background(), ms, gt, nil)
	if err != nil {
		t.Fatal(err)
	}
	if h.Path != PathFused || h.Device != "cpu: 2 goroutines" {
		t.Errorf("History.Path, Device = %q, %q; want %q, %q", h.Path, h.Device, PathFused, "cpu: 2 goroutines")
	}
	c.Path = PathFused
	fused := mustNew(t, c)
	hf, err := fused.Train(context.Background(), ms, gt, nil)
	if err != nil {
		t.Fatal(err)
	}
	if relErr(h.Loss, hf.Loss) != 0 {
		t.Errorf("auto on the CPU lost %v; fused %v; want the same numbers", h.Loss, hf.Loss)
	}

	c.Path = PathDevice
	checkNoDeviceErr(t, "Validate", c.Validate())
	_, err = New(c)
	checkNoDeviceErr(t, "New", err)
	checkNoDeviceErr(t, "SetPath", fused.SetPath(PathDevice))
	if got := fused.Config().Path; got != PathFused {
		t.Errorf("a failed SetPath changed the path to %q", got)
	}
	if _, err := ParseConfig([]byte(`{"path": "gpu"}`)); err == nil || !strings.Contains(err.Error(), `"device"`) {
		t.Errorf("ParseConfig with path gpu: error %v; want one listing %q", err, PathDevice)
	}

	// A dish saved with PathDevice (on a machine with a GPU) loads here.
	var buf bytes.Buffer
	if err := fused.Save(&buf); err != nil {
		t.Fatal(err)
	}
	var f map[string]any
	if err := json.Unmarshal(buf.Bytes(), &f); err != nil {
		t.Fatal(err)
	}
	f["config"].(map[string]any)["path"] = PathDevice
	js, _ := json.Marshal(f)
	d, err := Load(bytes.NewReader(js))
	if err != nil {
		t.Fatalf("Load of a dish saved with path device on the CPU: %v", err)
	}
	_, err = d.Predict(context.Background(), ms)
	checkNoDeviceErr(t, "Predict of the loaded dish", err)
	if err := d.SetPath(PathAuto); err != nil {
		t.Fatal(err)
	}
	want, _ := fused.Predict(context.Background(), ms)
	got, err := d.Predict(context.Background(), ms)
	if err != nil || relErr(got, want) != 0 {
		t.Errorf("after SetPath(auto) the loaded dish predicts %v, %v; the saved one %v", got, err, want)
	}
}

// TestDeviceOnFakeCUDA runs TestDeviceMatchesFused and
// TestDeviceOuterStep in a child process on the host emulation of CUDA (package accel/fakecuda): the real cgo
// driver layer and the real unrolled-MLP kernels of accel, compiled as
// C++, behind the dish's device path.
//
// It runs them twice: with the host's rounding, and with a GPU's (FMA
// contraction, exp and log off by CUDA's ulps: fakecuda.GPURounding), so
// that the tolerances below are known to hold for a device that rounds
// differently from the CPU path.
func TestDeviceOnFakeCUDA(t *testing.T) {
	dir := fakecuda.BuildForTest(t)
	gpuRounding, gpuRoundingErr := fakecuda.GPURounding(dir)
	for _, c := range []struct {
		name string
		env  []string
		skip error // why this machine cannot emulate it
	}{{"host rounding", nil, nil}, {"GPU rounding", gpuRounding, gpuRoundingErr}} {
		t.Run(c.name, func(t *testing.T) {
			if c.skip != nil {
				t.Skip(c.skip)
			}
			out, err := fakecuda.RunTests(dir, "^TestDevice(MatchesFused|OuterStep)$", c.env...)
			if err != nil {
				t.Fatalf("child failed: %v\n%s", err, out)
			}
			for _, name := range []string{"TestDeviceMatchesFused", "TestDeviceOuterStep"} {
				if !strings.Contains(out, "--- PASS: "+name+" ") {
					t.Fatalf("%s did not pass:\n%s", name, out)
				}
			}
			t.Log(out)
		})
	}
}

// deviceUnderTest skips t unless there is a CUDA device to compare with
// the CPU: the emulated one inside a fake-CUDA child process (FAKECUDA_DIR
// is set), or a real one asked for with PETRI_DEVICE=cuda. It returns the
// device's name, as the dish's Engine and History must report it.
func deviceUnderTest(t *testing.T) string {
	t.Helper()
	if os.Getenv("FAKECUDA_DIR") != "" {
		return "Fake CUDA device"
	}
	if os.Getenv("PETRI_DEVICE") != "cuda" {
		t.Skip("needs a CUDA device: runs on the emulated one as a child of TestDeviceOnFakeCUDA, or on a real one with PETRI_DEVICE=cuda")
	}
	b, err := accel.Select("cuda")
	if err != nil {
		t.Fatalf("PETRI_DEVICE=cuda but %v", err)
	}
	return b.(interface{ Device() *cuda.Device }).Device().Props().Name
}

// TestDeviceMatchesFused checks the device path against the CPU fused
// path, on the emulated GPU (TestDeviceOnFakeCUDA runs it) or on a real
// one (with PETRI_DEVICE=cuda, as scripts/gpu/run.sh runs it).
//
// Both paths compute in float64 with the same operations. The emulation
// runs the .cu kernels as C++ on the host, so they agree to rounding
// (summation order, and FMA contraction where the host compiler or Go
// fuses): 1e-12 relative, far below what a wrong term would give. A real
// GPU, whose compiler contracts a*b+c into FMAs and whose exp is not
// glibc's, differs from the CPU by about 1e-16 per operation; emulated
// (TestDeviceOnFakeCUDA's "GPU rounding"), that leaves the meta-gradients
// within 6e-15 and the outer losses within 1e-14 of the fused path.
func TestDeviceMatchesFused(t *testing.T) {
	want := deviceUnderTest(t)
	const tol = 1e-12
	b := useBackend(t, "cuda")
	t.Log(b.Describe())
	ctx := context.Background()
	ms := motif.Slopes(linspace(0.3, 1.8, 6))
	gt := uCurve(linspace(0.3, 1.8, 6))
	c := smallConfig(35, 2)
	c.Threads = 1
	cpuC, devC := c, c
	cpuC.Path, devC.Path = PathFused, PathDevice

	// PathAuto picks the device when the current backend can run it.
	auto := mustNew(t, c)
	path, dev, err := auto.Engine()
	if err != nil || path != PathDevice || !strings.Contains(dev, want) {
		t.Errorf("auto on cuda: Engine() = %q, %q, %v; want %q on %q", path, dev, err, PathDevice, want)
	}

	// (1) Scores and per-motif meta-gradients, with distinct train and
	// validation inputs.
	xtr, xva, _ := auto.SyntheticData()
	r := rng.New(11)
	for i := range xva {
		xva[i] += 0.5 * r.NormFloat64()
	}
	sF, trF, vaF := metaGrads(t, c, PathFused, ms, xtr, xva)
	sD, trD, vaD := metaGrads(t, c, PathDevice, ms, xtr, xva)
	if e := relErr(sD, sF); e > tol {
		t.Errorf("device scores %v differ from fused %v by %.3g relative", sD, sF, e)
	}
	worst := 0.0
	for i := range ms {
		for _, e := range []float64{relErr(trD[i], trF[i]), relErr(vaD[i], vaF[i])} {
			worst = max(worst, e)
			if !(e <= tol) {
				t.Errorf("motif %v: device meta-gradient differs from fused by %.3g relative", ms[i], e)
			}
		}
	}
	t.Logf("scores differ by %.3g, meta-gradients by at most %.3g relative", relErr(sD, sF), worst)

	// (2) Two outer steps each way: the loss history, the learned data and
	// the predictions of the trained dishes.
	dF, dD := mustNew(t, cpuC), mustNew(t, devC)
	hF, err := dF.Train(ctx, ms, gt, nil)
	if err != nil {
		t.Fatal(err)
	}
	hD, err := dD.Train(ctx, ms, gt, nil)
	if err != nil {
		t.Fatal(err)
	}
	if hD.Path != PathDevice || !strings.Contains(hD.Device, want) || hF.Path != PathFused {
		t.Errorf("History says device run on %q (%q), CPU run on %q", hD.Path, hD.Device, hF.Path)
	}
	if e := relErr(hD.Loss, hF.Loss); e > tol {
		t.Errorf("outer losses: device %v, fused %v (%.3g relative)", hD.Loss, hF.Loss, e)
	}
	if e := relErr([]float64{hD.FinalLoss, hD.KeptLoss}, []float64{hF.FinalLoss, hF.KeptLoss}); e > tol || hD.Kept != hF.Kept {
		t.Errorf("final/kept loss: device %v/%v (step %d), fused %v/%v (step %d)", hD.FinalLoss, hD.KeptLoss, hD.Kept, hF.FinalLoss, hF.KeptLoss, hF.Kept)
	}
	xtrF, xvaF, _ := dF.SyntheticData()
	xtrD, xvaD, _ := dD.SyntheticData()
	if e := max(relErr(xtrD, xtrF), relErr(xvaD, xvaF)); e > tol {
		t.Errorf("learned synthetic data differs by %.3g relative", e)
	}
	news := motif.Slopes(linspace(0.05, 2.5, 9))
	pF, err := dF.Predict(ctx, news)
	if err != nil {
		t.Fatal(err)
	}
	pD, err := dD.Predict(ctx, news)
	if err != nil {
		t.Fatal(err)
	}
	if e := relErr(pD, pF); e > tol {
		t.Errorf("predictions: device %v, fused %v (%.3g relative)", pD, pF, e)
	}
	t.Logf("outer losses %v (device) vs %v (fused), %.3g relative", hD.Loss, hF.Loss, relErr(hD.Loss, hF.Loss))

	// (3) %device cpu: auto falls back to the fused path and gives the same
	// scores; PathDevice fails clearly; %device cuda brings the device back.
	if _, err := accel.Use("cpu"); err != nil {
		t.Fatal(err)
	}
	if path, _, err := auto.Engine(); err != nil || path != PathFused {
		t.Errorf("auto after %%device cpu: Engine() = %q, %v; want %q", path, err, PathFused)
	}
	_, err = dD.Scores(ctx, ms)
	checkNoDeviceErr(t, "Scores with path device after %device cpu", err)
	_, err = New(devC)
	checkNoDeviceErr(t, "New with path device after %device cpu", err)
	if _, err := accel.Use("cuda"); err != nil {
		t.Fatal(err)
	}
	if path, _, err := auto.Engine(); err != nil || path != PathDevice {
		t.Errorf("auto after %%device cuda again: Engine() = %q, %v; want %q", path, err, PathDevice)
	}
}

// trainRun is one Train call and what it reported.
type trainRun struct {
	d       *Dish
	h       History
	err     error
	reports []string
}

// trainOn trains a dish of c on path, with the whole outer step on the
// device or not (deviceOuterStep), cancelling ctx after step cancelAt
// when it is positive.
func trainOn(t *testing.T, c Config, path string, outerOnDevice bool, ms []motif.Motif, gt []float64, cancelAt int) trainRun {
	t.Helper()
	saved := deviceOuterStep
	defer func() { deviceOuterStep = saved }()
	deviceOuterStep = outerOnDevice
	c.Path = path
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	run := trainRun{d: mustNew(t, c)}
	rep := progressFunc(func(done, total int, status string) {
		run.reports = append(run.reports, fmt.Sprintf("%d/%d", done, total))
		if done == cancelAt {
			cancel()
		}
	})
	run.h, run.err = run.d.Train(ctx, ms, gt, rep)
	return run
}

// progressFunc adapts a function to progress.Reporter.
type progressFunc func(done, total int, status string)

func (f progressFunc) Progress(done, total int, status string) { f(done, total, status) }

// compareRuns checks that two trainings agree to tol: history, final and
// kept losses, learned data and calibration, and the same progress
// reports.
func compareRuns(t *testing.T, what string, got, want trainRun, tol float64) float64 {
	t.Helper()
	worst := 0.0
	cmp := func(name string, a, b []float64) {
		t.Helper()
		e := relErr(a, b)
		worst = max(worst, e)
		if !(e <= tol) || len(a) != len(b) {
			t.Errorf("%s: %s %v, want %v (%.3g relative, tolerance %.0e)", what, name, a, b, e, tol)
		}
	}
	g, w := got.h, want.h
	cmp("Loss", g.Loss, w.Loss)
	cmp("MSE", g.MSE, w.MSE)
	cmp("Spearman", g.Spearman, w.Spearman)
	if fmt.Sprint(g.LR) != fmt.Sprint(w.LR) {
		t.Errorf("%s: LR %v, want %v", what, g.LR, w.LR)
	}
	if !math.IsNaN(w.FinalLoss) || !math.IsNaN(g.FinalLoss) {
		cmp("final loss and rank", []float64{g.FinalLoss, g.FinalSpearman}, []float64{w.FinalLoss, w.FinalSpearman})
	}
	cmp("kept loss", []float64{g.KeptLoss}, []float64{w.KeptLoss})
	if g.Kept != w.Kept {
		t.Errorf("%s: kept step %d, want %d", what, g.Kept, w.Kept)
	}
	gx, gv, _ := got.d.SyntheticData()
	wx, wv, _ := want.d.SyntheticData()
	cmp("kept training inputs", gx, wx)
	cmp("kept validation inputs", gv, wv)
	gc, gok := got.d.Calibration()
	wc, wok := want.d.Calibration()
	if gok != wok {
		t.Errorf("%s: trained %v, want %v", what, gok, wok)
	}
	cmp("calibration", []float64{gc.GTMean, gc.GTStd, gc.ScoreMean, gc.ScoreStd}, []float64{wc.GTMean, wc.GTStd, wc.ScoreMean, wc.ScoreStd})
	if strings.Join(got.reports, " ") != strings.Join(want.reports, " ") {
		t.Errorf("%s: progress %v, want %v", what, got.reports, want.reports)
	}
	return worst
}

// TestDeviceOuterStep checks Train with the whole outer step on the
// device (emulated or real, as TestDeviceMatchesFused), accel.OuterMLPs, against the same device path with
// the meta-gradients reduced and Adam run on the host (deviceOuterStep
// off), and against the CPU fused path: over five outer steps in three
// phases (the middle one empty), so Adam restarts after the learning
// rate has decayed twice; then cancelled in the middle; then with sampled
// batches, which keep the host reduction.
//
// Tolerance 1e-12 relative, all float64. Against the host reduction the
// scores and per-motif meta-gradients come from the same kernel, so at
// equal data they are equal bit for bit; only the order of the sums in
// the z-scored MSE, its gradient, the sum over motifs and the sum of
// squares differs (a fixed tree on the device, serial loops on the host),
// a few ulps each, which Adam's normalised step passes on without
// amplifying over these steps (measured: 6e-15, and 9e-15 with a GPU's
// rounding). The CPU fused path also sums inside the inner loop in its
// own order (measured: 2e-14, and 2.4e-14 with a GPU's rounding). A wrong
// sign, standardisation term, L2 factor or Adam constant changes the
// first update by a sizeable part of the outer lr, 1e-3 relative or more.
func TestDeviceOuterStep(t *testing.T) {
	deviceUnderTest(t)
	const tol = 1e-12
	b := useBackend(t, "cuda")
	dev := b.(interface{ Device() *cuda.Device }).Device()
	ms := motif.Slopes(linspace(0.3, 1.8, 6))
	gt := uCurve(linspace(0.3, 1.8, 6))
	c := smallConfig(25, 2, 0, 3)
	c.Threads = 1

	// (1) Whole trainings. The device outer step allocates its buffers
	// once; the host reduction calls ScoreGradMLPs, which allocates its
	// own, every step: the pool's count tells which ran.
	before := dev.PoolStats()
	outer := trainOn(t, c, PathDevice, true, ms, gt, 0)
	mid := dev.PoolStats()
	host := trainOn(t, c, PathDevice, false, ms, gt, 0)
	after := dev.PoolStats()
	fused := trainOn(t, c, PathFused, true, ms, gt, 0)
	for _, r := range []trainRun{outer, host, fused} {
		if r.err != nil {
			t.Fatal(r.err)
		}
	}
	if len(outer.h.Loss) != 5 || outer.h.Path != PathDevice || fused.h.Path != PathFused {
		t.Fatalf("device outer step: %d steps on %q; fused on %q", len(outer.h.Loss), outer.h.Path, fused.h.Path)
	}
	if a, h := mid.Allocs-before.Allocs, after.Allocs-mid.Allocs; !(a < h) {
		t.Errorf("the device outer step made %d allocations, the host reduction %d; want fewer (did the whole step run on the device?)", a, h)
	}
	if mid.InUse != before.InUse || after.InUse != before.InUse {
		t.Errorf("device memory in use: %d before, %d after the device outer step, %d after the host reduction", before.InUse, mid.InUse, after.InUse)
	}
	e1 := compareRuns(t, "device outer step vs host reduction", outer, host, tol)
	e2 := compareRuns(t, "device outer step vs CPU fused", outer, fused, tol)
	t.Logf("device outer step: losses %v; vs host reduction %.3g, vs CPU fused %.3g relative at most", outer.h.Loss, e1, e2)

	// (2) Cancelled after the third step (in the second non-empty phase).
	outer = trainOn(t, c, PathDevice, true, ms, gt, 3)
	host = trainOn(t, c, PathDevice, false, ms, gt, 3)
	for _, r := range []trainRun{outer, host} {
		if !errors.Is(r.err, context.Canceled) || len(r.h.Loss) != 3 || !r.d.Trained() {
			t.Errorf("cancelled at step 3: %d steps, trained %v, error %v; want 3, true and context.Canceled", len(r.h.Loss), r.d.Trained(), r.err)
		}
	}
	compareRuns(t, "cancelled: device outer step vs host reduction", outer, host, tol)
	if outer.err != nil && host.err != nil && outer.err.Error() != host.err.Error() {
		t.Errorf("cancelled: errors differ:\n%v\n%v", outer.err, host.err)
	}

	// (3) Sampled batches reduce on the host whether or not the device can
	// run the whole step: the same numbers, bit for bit.
	c.Outer.Batch = 4
	outer = trainOn(t, c, PathDevice, true, ms, gt, 0)
	host = trainOn(t, c, PathDevice, false, ms, gt, 0)
	if outer.err != nil || host.err != nil {
		t.Fatal(outer.err, host.err)
	}
	compareRuns(t, "sampled batches", outer, host, 0)
}

// fakeOuter is an accel.OuterMLP whose Step fails with err after writing
// equal scores, to check how Train's device step reports failures.
type fakeOuter struct {
	accel.OuterMLP
	err   error
	steps int
}

func (f *fakeOuter) Motifs() int { return 3 }

func (f *fakeOuter) Step(lr float64, scores []float64) (accel.OuterLoss, error) {
	f.steps++
	for i := range scores {
		scores[i] = 0.25
	}
	return accel.OuterLoss{}, f.err
}

// TestDeviceStepErrors checks deviceStep without a device: scores that
// cannot be z-normalised give zMSE's error, other failures are wrapped
// with the path, and a cancelled context stops it before the step.
func TestDeviceStepErrors(t *testing.T) {
	ctx := context.Background()
	f := &fakeOuter{err: fmt.Errorf("accel: outer step: std 0: %w", accel.ErrConstantScores)}
	_, _, _, err := deviceStep(ctx, f, 0.05)
	_, _, want := zMSE([]float64{0.25, 0.25, 0.25}, []float64{-1, 0, 1})
	if err == nil || want == nil || err.Error() != want.Error() {
		t.Errorf("constant scores on the device: %v; want the host's %v", err, want)
	}
	f.err = errors.New("accel: outer step Step on GPU: launch failed")
	if _, _, _, err := deviceStep(ctx, f, 0.05); err == nil || !errors.Is(err, f.err) || !strings.Contains(err.Error(), `dish outer step on the device (path "device")`) {
		t.Errorf("device failure: %v", err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	n := f.steps
	if _, _, _, err := deviceStep(cctx, f, 0.05); !errors.Is(err, context.Canceled) || f.steps != n {
		t.Errorf("cancelled: %v after %d steps; want context.Canceled before stepping", err, f.steps-n)
	}
	// The CPU paths never take the device step.
	d := mustNew(t, smallConfig(5, 1))
	e, err := newEngine(d.fam, PathFused, nil, d.problem(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if h, err := e.newOuter(nil, nil, nil, nil, Outer{}); h != nil || err != nil {
		t.Errorf("newOuter on the fused path: %v, %v; want nil, nil", h, err)
	}
}
