package groundtruth

import (
	"testing"
)

// TestSweepString checks what a notebook shows for a sweep: the counts,
// the device and the best slope (or motif, for a sweep of another
// family), not every run.
func TestSweepString(t *testing.T) {
	sw := Sweep{
		Results: []Result{
			{Slope: 0.5, Accuracy: 0.9, AccuracyStd: 0.01, Loss: 0.3, LossStd: 0.02, Runs: make([]RunResult, 2)},
			{Slope: 1, Accuracy: 0.95, AccuracyStd: 0.005, Loss: 0.2, LossStd: 0.01, Runs: make([]RunResult, 2)},
		},
		Trained: 3, Cached: 1, Device: "cpu",
	}
	want := "2 slopes, 4 runs on cpu (3 trained now, 1 from the store); best slope 1: validation accuracy 0.9500 ± 0.0050, loss 0.2000 ± 0.0100"
	if got := sw.String(); got != want {
		t.Errorf("sweep shows %q, want %q", got, want)
	}
	sw.Family = "swish"
	sw.Results[0].Motif, sw.Results[1].Motif, sw.Results[1].Slope = "0.5", "1.25", 0
	want = "2 swish motifs, 4 runs on cpu (3 trained now, 1 from the store); best motif 1.25: validation accuracy 0.9500 ± 0.0050, loss 0.2000 ± 0.0100"
	if got := sw.String(); got != want {
		t.Errorf("sweep of activations shows %q, want %q", got, want)
	}
	if got, want := (Sweep{Device: "cuda"}).String(), "0 slopes, 0 runs on cuda (0 trained now, 0 from the store)"; got != want {
		t.Errorf("empty sweep shows %q, want %q", got, want)
	}
}
