package groundtruth

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/petridish-go/petridish/accel"
	"github.com/petridish-go/petridish/accel/fakecuda"
	"github.com/petridish-go/petridish/petri/progress"
	"github.com/petridish-go/petridish/petri/store"
)

// cpuTinyHash is tinyConfig's hash on tinySet(60,4,4,1) and tinySet(30,4,4,2)
// as it was before GPUs could train: CPU runs keep their cache keys.
const cpuTinyHash = "9a2b6d9f04347fe8"

func TestDeviceSettings(t *testing.T) {
	train, valid := tinySet(60, 4, 4, 1), tinySet(30, 4, 4, 2)
	if d := DefaultConfig(); d.Device != DeviceAuto || d.RunsInFlight != DefaultRunsInFlight {
		t.Fatalf("default Device %q RunsInFlight %d", d.Device, d.RunsInFlight)
	}
	for _, c := range []struct {
		mutate  func(*Config)
		mention []string
	}{
		{func(c *Config) { c.Device = "tpu" }, []string{`Device is "tpu"`, `use "auto", "cpu" or "cuda"`}},
		{func(c *Config) { c.RunsInFlight = -1 }, []string{"RunsInFlight is -1", "use 0 for 64"}},
	} {
		cfg := tinyConfig()
		c.mutate(&cfg)
		_, err := SigmoidOn(t.Context(), []float64{1}, cfg, train, valid, nil, nil)
		for _, m := range c.mention {
			if err == nil || !strings.Contains(err.Error(), m) {
				t.Errorf("error %v does not mention %q", err, m)
			}
		}
	}

	// The CPU hash is unchanged, and a device's hash differs and says why.
	cfg := tinyConfig()
	fp := fingerprint(train, valid)
	if h, desc := cfg.hash(fp, ""); h != cpuTinyHash || strings.Contains(desc, "device") {
		t.Errorf("CPU hash %s (%s), want %s with no device", h, desc, cpuTinyHash)
	}
	if h, desc := cfg.hash(fp, "cuda"); h == cpuTinyHash || !strings.Contains(desc, `"device":"cuda","precision":"float32"`) {
		t.Errorf("device hash %s (%s)", h, desc)
	}
	cfg.Device, cfg.Threads = " CPU ", 1
	sw, err := SigmoidOn(t.Context(), []float64{0.5}, cfg, train, valid, nil, nil)
	if err != nil || sw.ConfigHash != cpuTinyHash || sw.Device != "cpu" || sw.Results[0].Runs[1].Device != "cpu" {
		t.Fatalf("cpu sweep: hash %s device %q, %v", sw.ConfigHash, sw.Device, err)
	}

	// Auto trains where the current backend does; with the CPU current
	// that is the CPU trainer under the CPU hash.
	if b, err := accel.Current(); err == nil && b.Name() == "cpu" {
		cfg.Device = ""
		auto, err := SigmoidOn(t.Context(), []float64{0.5}, cfg, train, valid, nil, nil)
		if err != nil || auto.ConfigHash != cpuTinyHash || auto.Device != "cpu" || !reflect.DeepEqual(strip(auto), strip(sw)) {
			t.Errorf("auto on the CPU: hash %s device %q, %v", auto.ConfigHash, auto.Device, err)
		}
	}
	// Device cuda on a machine without a GPU fails and says what to do.
	if _, err := accel.Select("cuda"); err != nil {
		cfg.Device = DeviceCUDA
		_, err := SigmoidOn(t.Context(), []float64{0.5}, cfg, train, valid, nil, nil)
		if err == nil || !strings.Contains(err.Error(), `Device is "cuda" but there is no usable GPU`) ||
			!strings.Contains(err.Error(), `set Device to "auto" or "cpu"`) {
			t.Errorf("cuda without a GPU: %v", err)
		}
	}
}

// TestSweepOnFakeCUDA runs TestSweepOnDevice in child processes on the
// host emulation of CUDA (package accel/fakecuda): the sweep's GPU path,
// with the real cgo layer and the real classifier kernels compiled as C++,
// against the CPU trainer, with the host's rounding and with a GPU's (see
// fakecuda.GPURounding); and once with a driver that sees no device.
func TestSweepOnFakeCUDA(t *testing.T) {
	dir := fakecuda.BuildForTest(t)
	gpuRounding, gpuRoundingErr := fakecuda.GPURounding(dir)
	for _, c := range []struct {
		name string
		env  []string
		want string
		skip error // why this machine cannot emulate it
	}{
		{"device", nil, "Fake CUDA device 0 (host emulation)", nil},
		{"device with a GPU's rounding", gpuRounding, "Fake CUDA device 0 (host emulation)", gpuRoundingErr},
		{"no device", []string{"FAKECUDA_DEVICES=0", "GROUNDTRUTH_FAKECUDA=nodevice"}, "no CUDA device", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.skip != nil {
				t.Skip(c.skip)
			}
			out, err := fakecuda.RunTests(dir, "^TestSweepOnDevice$", c.env...)
			if err != nil || !strings.Contains(out, "--- PASS: TestSweepOnDevice ") || !strings.Contains(out, c.want) {
				t.Fatalf("child failed (%v) or did not run on the expected device (%q):\n%s", err, c.want, out)
			}
			t.Log(out)
		})
	}
}

// Tolerances of the float32 device against the float64 CPU trainer on the
// tiny sweep (32 Adam steps, lr 0.05, of a 16-8-8-10 network). The device
// rounds every product and sum to float32 (unit roundoff 6e-8); the sums
// here have at most 16 terms, so a step's gradients differ by about 1e-6
// relative. Adam normalises the update by the gradient's size, so those
// differences reach the parameters as about lr*1e-6 per step, except where
// a gradient is near zero and m/sqrt(v) is ill-conditioned; L2 keeps the
// gradients of weights from pixels missing in a batch at l2*w, computed
// alike on both. The validation loss (about 2.3) then agrees to about 1e-7
// relative: the largest difference on the emulated device is 1.2e-7, with
// the host's rounding and with a GPU's (FMA contraction, expf and logf off
// by CUDA's ulps), and the test logs it. devLossTol, 1e-4 relative, leaves three orders of
// magnitude for a real GPU's summation orders and fast exp, and stays far
// below what a real mistake changes: the slopes 0.25 and 0.75 differ by
// 4e-3 (checked below), and skipping the shuffle or laying out the Steps
// indices run-major instead of step-major moved losses by 1e-3 to 2e-2
// (each was tried). The accuracy counts argmax hits over 30 samples; a
// logit tie within float32 rounding could flip one prediction, so a run's
// accuracy may differ by one sample.
const devLossTol = 1e-4

// TestSweepOnDevice checks the sweep's GPU path against the CPU trainer:
// inside TestSweepOnFakeCUDA's child processes, with the fake CUDA
// libraries loaded, or on a real GPU with PETRI_DEVICE=cuda (as
// scripts/gpu/run.sh runs it).
func TestSweepOnDevice(t *testing.T) {
	if os.Getenv("FAKECUDA_DIR") == "" && os.Getenv("PETRI_DEVICE") != "cuda" {
		t.Skip("needs a CUDA device: runs on the emulated one as a child of TestSweepOnFakeCUDA, or on a real one with PETRI_DEVICE=cuda")
	}
	train, valid := tinySet(60, 4, 4, 1), tinySet(30, 4, 4, 2)
	slopes := []float64{0.25, 0.75, 1.5}
	cfg := tinyConfig()
	cfg.BatchSize = 8 // 7 full batches and a short one of 4 per epoch
	cfg.Threads = 1
	cfg.Epochs, cfg.LearningRate = 4, 0.05 // enough to set the slopes apart

	if os.Getenv("GROUNDTRUTH_FAKECUDA") == "nodevice" {
		cfg.Device = DeviceCUDA
		_, err := SigmoidOn(t.Context(), slopes, cfg, train, valid, nil, nil)
		for _, m := range []string{`Device is "cuda" but there is no usable GPU`, "no CUDA device", `set Device to "auto" or "cpu"`} {
			if err == nil || !strings.Contains(err.Error(), m) {
				t.Errorf("cuda without a device: error %v does not mention %q", err, m)
			}
		}
		t.Log(err)
		cfg.Device = DeviceAuto
		sw, err := SigmoidOn(t.Context(), slopes[:1], cfg, train, valid, nil, nil)
		if err != nil || sw.Device != "cpu" {
			t.Fatalf("auto without a device: device %q, %v; want the CPU", sw.Device, err)
		}
		return
	}

	b, err := accel.Use("cuda")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("device: %s", b.Describe())
	defer func(n int) { deviceChunkSteps = n }(deviceChunkSteps)
	deviceChunkSteps = 3 // several Steps calls per epoch: 3, 3, 1, then Step

	cpu, err := SigmoidOn(t.Context(), slopes, cfg, train, valid, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Device, cfg.RunsInFlight = DeviceAuto, 4 // two trainers: 4 runs, then 2
	gpu, err := SigmoidOn(t.Context(), slopes, cfg, train, valid, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if gpu.Device != "cuda" || gpu.Trained != 6 || gpu.ConfigHash == cpu.ConfigHash {
		t.Fatalf("gpu sweep: device %q trained %d hash %s (cpu %s)", gpu.Device, gpu.Trained, gpu.ConfigHash, cpu.ConfigHash)
	}
	worst := 0.0
	for i, res := range gpu.Results {
		for j, g := range res.Runs {
			c := cpu.Results[i].Runs[j]
			if g.Device != "cuda" || g.Seed != c.Seed || g.Slope != c.Slope || !(g.SamplesPerSecond > 0) || !(g.Seconds > 0) {
				t.Fatalf("gpu run %+v for cpu run %+v", g, c)
			}
			d := math.Abs(g.Loss-c.Loss) / math.Abs(c.Loss)
			worst = max(worst, d)
			if !(d <= devLossTol) {
				t.Errorf("slope %g seed %d: gpu loss %.8g, cpu %.8g: relative difference %.3g > %g", g.Slope, g.Seed, g.Loss, c.Loss, d, devLossTol)
			}
			if math.Abs(g.Accuracy-c.Accuracy) > 1.5/float64(cfg.ValidSamples) {
				t.Errorf("slope %g seed %d: gpu accuracy %v, cpu %v: more than one sample apart", g.Slope, g.Seed, g.Accuracy, c.Accuracy)
			}
		}
	}
	t.Logf("largest relative loss difference, gpu against cpu: %.3g (tolerance %g)", worst, devLossTol)
	// The tolerance must tell the slopes apart, or it proves nothing.
	if l0, l1 := cpu.Results[0].Runs[0].Loss, cpu.Results[1].Runs[0].Loss; math.Abs(l0-l1) < 10*devLossTol*l0 {
		t.Fatalf("slopes' losses %v and %v are too close for the tolerance to check anything", l0, l1)
	} else {
		t.Logf("slopes 0.25 and 0.75 differ in loss by %.3g relative", math.Abs(l0-l1)/l0)
	}

	// Runs are independent on the device: one batch of six gives the same
	// numbers bit for bit, and cuda names the same trainer as auto.
	cfg.Device, cfg.RunsInFlight = DeviceCUDA, 6
	one, err := SigmoidOn(t.Context(), slopes, cfg, train, valid, nil, nil)
	if err != nil || one.ConfigHash != gpu.ConfigHash || !reflect.DeepEqual(strip(one), strip(gpu)) {
		t.Fatalf("RunsInFlight changed the results or the hash (%s, %s): %v", one.ConfigHash, gpu.ConfigHash, err)
	}

	// Store: interrupt, resume, reuse; CPU and GPU runs kept apart.
	st, err := store.Open(filepath.Join(t.TempDir(), "gt.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cfg.RunsInFlight = 4
	ctx, cancel := context.WithCancel(t.Context())
	var last atomic.Int32
	stop := progress.Func(func(done, total int, status string) {
		last.Store(int32(done))
		if done > 4*cfg.Epochs { // the first batch's 4 runs are done
			cancel()
		}
	})
	_, err = SigmoidOn(ctx, slopes, cfg, train, valid, st, stop)
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "stopped after 4 of 6 runs") {
		t.Fatalf("interrupted gpu sweep: %v", err)
	}
	if stored, _ := st.Runs(Family, gpu.ConfigHash); len(stored) != 4 || int(last.Load()) != 4*cfg.Epochs+2 {
		t.Fatalf("%d runs stored, progress at %d after the interrupt; want 4 and %d (one epoch of the second batch)", len(stored), last.Load(), 4*cfg.Epochs+2)
	}
	var final [2]atomic.Int32
	count := progress.Func(func(done, total int, status string) { final[0].Store(int32(done)); final[1].Store(int32(total)) })
	resumed, err := SigmoidOn(t.Context(), slopes, cfg, train, valid, st, count)
	if err != nil || resumed.Cached != 4 || resumed.Trained != 2 || !reflect.DeepEqual(strip(resumed), strip(gpu)) {
		t.Fatalf("resumed gpu sweep: cached %d trained %d, equal %v, %v", resumed.Cached, resumed.Trained, reflect.DeepEqual(strip(resumed), strip(gpu)), err)
	}
	if want := 6 * cfg.Epochs; int(final[0].Load()) != want || int(final[1].Load()) != want {
		t.Errorf("progress ended at %d of %d, want %d of %d", final[0].Load(), final[1].Load(), want, want)
	}
	again, err := SigmoidOn(t.Context(), slopes, cfg, train, valid, st, nil)
	if err != nil || again.Cached != 6 || again.Trained != 0 || again.Device != "cuda" || again.Results[2].Runs[1].Device != "cuda" ||
		!reflect.DeepEqual(strip(again), strip(gpu)) {
		t.Fatalf("cached gpu sweep: cached %d trained %d device %q, %v", again.Cached, again.Trained, again.Device, err)
	}
	cfg.Device = DeviceCPU
	onCPU, err := SigmoidOn(t.Context(), slopes, cfg, train, valid, st, nil)
	if err != nil || onCPU.Cached != 0 || onCPU.Trained != 6 || !reflect.DeepEqual(strip(onCPU), strip(cpu)) {
		t.Fatalf("cpu sweep on a store of gpu runs: cached %d trained %d, %v", onCPU.Cached, onCPU.Trained, err)
	}
	confs, err := st.Configs(Family)
	if err != nil || len(confs) != 2 {
		t.Fatalf("configs %+v, %v; want one cpu and one gpu", confs, err)
	}
	for _, c := range confs {
		isGPU := strings.Contains(c.Description, `"device":"cuda","precision":"float32"`)
		if isGPU != (c.Hash == gpu.ConfigHash) {
			t.Errorf("config %s: %s", c.Hash, c.Description)
		}
	}

	// A run that diverges on the device fails the sweep as on the CPU.
	cfg.Device, cfg.LearningRate = DeviceCUDA, math.MaxFloat64
	if _, err := SigmoidOn(t.Context(), slopes[:1], cfg, train, valid, nil, nil); err == nil || !strings.Contains(err.Error(), "training diverged") {
		t.Errorf("a diverging gpu run: %v", err)
	}
}
