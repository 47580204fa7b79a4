package groundtruth

import (
	"strings"
	"testing"
)

// TestSweepString checks what a notebook shows for a sweep: the counts,
// the device and the best slope (or motif, for a sweep of another
// family) by accuracy, not every run; a failed sweep's empty Sweep
// shows no empty slots, and a sweep of no family says "motifs".
func TestSweepString(t *testing.T) {
	sw := Sweep{
		Family: Family,
		Results: []Result{
			{Slope: 0.5, Accuracy: 0.9, AccuracyStd: 0.01, Loss: 0.3, LossStd: 0.02, Runs: make([]RunResult, 2)},
			{Slope: 1, Accuracy: 0.95, AccuracyStd: 0.005, Loss: 0.2, LossStd: 0.01, Runs: make([]RunResult, 2)},
		},
		Trained: 3, Cached: 1, Device: "cpu",
	}
	want := "2 slopes, 4 runs on cpu (3 trained now, 1 from the store); best by validation accuracy: slope 1, accuracy 0.9500 ± 0.0050, loss 0.2000 ± 0.0100"
	if got := sw.String(); got != want {
		t.Errorf("sweep shows %q, want %q", got, want)
	}
	sw.Family = "swish"
	sw.Results[0].Motif, sw.Results[1].Motif, sw.Results[1].Slope = "0.5", "1.25", 0
	want = "2 swish motifs, 4 runs on cpu (3 trained now, 1 from the store); best by validation accuracy: 1.25, accuracy 0.9500 ± 0.0050, loss 0.2000 ± 0.0100"
	if got := sw.String(); got != want {
		t.Errorf("sweep of activations shows %q, want %q", got, want)
	}
	sw.Family, sw.Device = "", ""
	want = "2 motifs, 4 runs (3 trained now, 1 from the store); best by validation accuracy: 1.25, accuracy 0.9500 ± 0.0050, loss 0.2000 ± 0.0100"
	if got := sw.String(); got != want {
		t.Errorf("sweep of no family or device shows %q, want %q", got, want)
	}
	for sw, want := range map[*Sweep]string{{}: "no runs", {Device: "cuda"}: "no runs on cuda", {Family: "leaky"}: "no runs"} {
		if got := sw.String(); got != want {
			t.Errorf("empty sweep %+v shows %q, want %q", *sw, got, want)
		}
	}
}

// TestBestBy: BestBy ranks as Rows does, accuracy for TargetError (as
// Best) and cross-entropy for TargetXent, which here pick different
// motifs; it rejects an unknown target and an empty sweep.
func TestBestBy(t *testing.T) {
	sw := Sweep{Results: []Result{
		{Motif: "a", Accuracy: 0.95, Loss: 0.3},
		{Motif: "b", Accuracy: 0.94, Loss: 0.2},
		{Motif: "c", Accuracy: 0.95, Loss: 0.25},
	}}
	for target, want := range map[string]string{TargetError: "a", TargetXent: "b"} {
		if got, err := sw.BestBy(target); err != nil || got.Motif != want {
			t.Errorf("BestBy(%q) = %q, %v; want %q", target, got.Motif, err, want)
		}
	}
	if best, _ := sw.Best(); best.Motif != "a" {
		t.Errorf("Best() = %q, want a (highest accuracy, first of equals)", best.Motif)
	}
	if _, err := sw.BestBy("accuracy"); err == nil || !strings.Contains(err.Error(), "unknown target") {
		t.Errorf("BestBy(accuracy): error %v, want unknown target", err)
	}
	if _, err := (Sweep{}).BestBy(TargetXent); err == nil {
		t.Error("BestBy of an empty sweep gave no error")
	}
}
