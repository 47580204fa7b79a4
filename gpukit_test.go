package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestGPUKitSummary runs scripts/gpu/summary.py, which closes the GPU kit's
// run, on step outputs the test writes in the formats the kit's programs
// print (the format strings are copied from accel's timing tests, the
// PyTorch scripts and petridish bench groundtruth), and checks that it
// finds every figure and judges each target right, both ways.
func TestGPUKitSummary(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("no python3")
	}
	write := func(dir, name string, lines ...string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	outputs := func(outer1000, outer15, predict, clf, bench1, bench100 float64) string {
		dir := t.TempDir()
		logf := func(format string, args ...any) string {
			return "    gpu_timing_test.go:1: " + fmt.Sprintf(format, args...)
		}
		write(dir, "accel_timings.txt",
			logf("%-52s %12.3f ms", fmt.Sprintf("OuterMLP.Step %d motifs, 10-1-1-10, %d steps", 15, 250), outer15),
			logf("%-52s %12.3f ms", fmt.Sprintf("OuterMLP.Step %d motifs, 10-1-1-10, %d steps", 1000, 250), outer1000),
			logf("%-52s %12.3f ms %12.0f motifs/s", fmt.Sprintf("ScoreMLPs %d motifs, %d steps, %d per block", 100000, 250, 4), 1e8/predict, predict),
			logf("%-52s %12.3f ms %12.0f motifs/s", fmt.Sprintf("ScoreMLPs %d motifs, %d steps, %d per block", 100000, 250, 1), 4e8/predict, predict/4),
			logf("classifier %d-%d-%d-%d batch %d, %3d runs, GEMMs on %-7s: %d steps in %8.1f ms (%7.1f µs/step): %10.0f samples/s per run, %12.0f total",
				784, 100, 100, 10, 50, 1, "cublas", 300, 100.0, 333.3, clf, clf),
			logf("classifier %d-%d-%d-%d batch %d, %3d runs, GEMMs on %-7s: %d steps in %8.1f ms (%7.1f µs/step): %10.0f samples/s per run, %12.0f total",
				784, 100, 100, 10, 50, 100, "cublas", 300, 100.0, 333.3, clf/3, clf*33))
		write(dir, "torch_dish.txt",
			"torch 2.9.0 cuda float32: dish outer step, 15 motif-networks 10-1-1-10, 10 samples, 250 inner steps: 1650.2 ms (best of 3)",
			"torch 2.9.0 cuda float32: dish outer step, 1000 motif-networks 10-1-1-10, 10 samples, 250 inner steps: 1802.5 ms (best of 3)",
			"torch 2.9.0 cuda float32: Predict 100000 motifs, 250 inner steps: 0.91 s, 109,890 motifs/s")
		write(dir, "torch_mnist.txt",
			"torch 2.9.0 cuda threads=16: 784-100-100-10 sigmoid MLP, batch 50: 0.400 ms/step, 125,000 samples/s per run; one 10-epoch run of 50,000 samples 4.0 s, 100 slopes one after another 6.7 min")
		for runs, perRun := range map[int]float64{1: bench1, 100: bench100} {
			write(dir, fmt.Sprintf("bench_groundtruth_%d.txt", runs),
				"groundtruth: cpu, one run, one thread, MLP 784-100-100-10, batch 50: 48000 samples/s (50000 samples x 1 epochs)",
				fmt.Sprintf("groundtruth: gpu (%s, float32), %d runs in flight, batch %d: %.0f samples/s per run, %.0f samples/s in all (including validation; %s)",
					"cuda", runs, 50, perRun, perRun*float64(runs), "cuda: NVIDIA H100 80GB HBM3"))
		}
		out, err := exec.Command(py, "scripts/gpu/summary.py", dir).CombinedOutput()
		if err != nil {
			t.Fatalf("summary.py: %v\n%s", err, out)
		}
		return string(out)
	}
	expect := func(out string, verdicts ...string) {
		t.Helper()
		var got []string
		for _, l := range strings.Split(strings.TrimSpace(out), "\n")[1:] {
			got = append(got, strings.TrimSpace(l[:8]))
		}
		if strings.Join(got, ",") != strings.Join(verdicts, ",") {
			t.Errorf("verdicts %v, want %v:\n%s", got, verdicts, out)
		}
	}
	good := outputs(12.5, 3.1, 3.2e6, 210000, 180000, 40000)
	expect(good, "met", "met", "met", "info", "met", "met", "met")
	for _, want := range []string{"ours 12.5, reference 1,802", "ours 3,200,000, reference 109,890", "ours 800,000, reference -", "ours 4,000,000, reference 125,000"} {
		if !strings.Contains(good, want) {
			t.Errorf("summary lacks %q:\n%s", want, good)
		}
	}
	t.Log(good)
	expect(outputs(25, 6, 9e5, 100000, 90000, 1000), "NOT met", "NOT met", "NOT met", "info", "NOT met", "NOT met", "NOT met")
	// Nothing ran: every figure is missing, none is made up.
	out, err := exec.Command(py, "scripts/gpu/summary.py", t.TempDir()).CombinedOutput()
	if err != nil {
		t.Fatal(err)
	}
	expect(string(out), "missing", "missing", "missing", "missing", "missing", "missing")
}
