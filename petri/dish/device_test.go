package dish

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/petridish-go/petridish/accel"
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

// TestDeviceOnFakeCUDA runs TestDeviceOnFakeCUDAChild in a child process
// on the host emulation of CUDA (package accel/fakecuda): the real cgo
// driver layer and the real unrolled-MLP kernels of accel, compiled as
// C++, behind the dish's device path.
func TestDeviceOnFakeCUDA(t *testing.T) {
	dir := fakecuda.BuildForTest(t)
	out, err := fakecuda.RunTests(dir, "^TestDeviceOnFakeCUDAChild$")
	if err != nil {
		t.Fatalf("child failed: %v\n%s", err, out)
	}
	if !strings.Contains(out, "--- PASS: TestDeviceOnFakeCUDAChild ") {
		t.Fatalf("the child did not pass:\n%s", out)
	}
	t.Log(out)
}

// TestDeviceOnFakeCUDAChild checks the device path against the CPU fused
// path on the emulated GPU; TestDeviceOnFakeCUDA runs it.
//
// Both paths compute in float64 with the same operations. The emulation
// runs the .cu kernels as C++ on the host, so they agree to rounding
// (summation order, and FMA contraction where the host compiler or Go
// fuses): 1e-12 relative, far below what a wrong term would give. A real
// GPU, whose compiler contracts a*b+c into FMAs, differs from the CPU by
// about 1e-15 per operation, and so to about the same tolerance.
func TestDeviceOnFakeCUDAChild(t *testing.T) {
	if os.Getenv("FAKECUDA_DIR") == "" {
		t.Skip("runs only as a child of TestDeviceOnFakeCUDA, on the emulated GPU")
	}
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
	if err != nil || path != PathDevice || !strings.Contains(dev, "Fake CUDA device") {
		t.Errorf("auto on cuda: Engine() = %q, %q, %v; want %q on the fake device", path, dev, err, PathDevice)
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
	if hD.Path != PathDevice || !strings.Contains(hD.Device, "Fake CUDA device") || hF.Path != PathFused {
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
