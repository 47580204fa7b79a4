package dish

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"
)

// TestDescriptions checks what a notebook shows for a dish, its History,
// Restarts and TuneResult: one readable summary with the numbers a user
// looks at first, not a dump of the fields.
func TestDescriptions(t *testing.T) {
	cfg := smallConfig(20, 2, 1)
	cfg.Threads = 1
	s := linspace(0.3, 1.5, 6)
	gt := uCurve(s)
	d, res, err := TrainRestarts(context.Background(), cfg, 2, slopes(s...), gt, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := "sigmoid dish: 10-1-1-10 motif-networks on 10 synthetic samples, seed " + fmt.Sprint(res.Seeds[res.Best])
	if got := d.String(); !strings.HasPrefix(got, want+"; trained on 6 motifs (ground truth mean ") {
		t.Errorf("trained dish shows %q; want it to start %q and name the 6 training motifs", got, want)
	}
	if got := mustNew(t, cfg).String(); got != "sigmoid dish: 10-1-1-10 motif-networks on 10 synthetic samples, seed 7; untrained" {
		t.Errorf("new dish shows %q", got)
	}

	h := res.History
	hs := h.String()
	for _, part := range []string{
		"3 outer steps on the fused path (cpu: 1 goroutine) in ",
		fmt.Sprintf("outer loss %.4g → %.4g", h.Loss[0], h.FinalLoss),
		fmt.Sprintf("rank correlation %.3f → %.3f", h.Spearman[0], h.FinalSpearman),
		fmt.Sprintf("(outer loss %.4g, rank correlation %.3f)", h.KeptLoss, h.KeptSpearman()),
	} {
		if !strings.Contains(hs, part) {
			t.Errorf("History shows %q; want it to contain %q", hs, part)
		}
	}
	if (h.Kept == len(h.Loss)) != strings.Contains(hs, "kept the final data") {
		t.Errorf("History with Kept %d of %d steps shows %q", h.Kept, len(h.Loss), hs)
	}
	if got := formatSeconds(0.000858) + ", " + formatSeconds(12.34); got != "0.858 ms, 12.3 s" {
		t.Errorf("formatSeconds gives %q", got)
	}
	if got := (History{Path: PathFused, Device: "cpu"}).String(); got != "no outer steps (fused path, cpu)" {
		t.Errorf("empty History shows %q", got)
	}
	if got := (History{}).String(); got != "no outer steps" {
		t.Errorf("the History of a Train that rejected its inputs shows %q", got)
	}

	rs := res.String()
	wantR := fmt.Sprintf("kept restart %d of 2 (seed %d) by outer loss %s\n%s", res.Best+1, res.Seeds[res.Best], formatList(res.KeptLoss), hs)
	if rs != wantR {
		t.Errorf("Restarts shows\n%s\nwant\n%s", rs, wantR)
	}

	tr := TuneResult{Best: 1, ValidMSE: []float64{0.5, 0.25, math.Inf(1)}, Errors: []string{"", "", "diverged"}, Train: []int{0, 1, 2}, Valid: []int{3, 4}}
	if got, want := tr.String(), "grid[1] wins of 3 configs, trained on 3 motifs and validated on 2: validation MSE [0.5 0.25 +Inf]; 1 failed (see Errors)"; got != want {
		t.Errorf("TuneResult shows %q, want %q", got, want)
	}
}

// TestKeptSpearman checks which step's rank correlation KeptSpearman picks.
func TestKeptSpearman(t *testing.T) {
	h := History{Spearman: []float64{0.1, 0.5, 0.9}, FinalSpearman: 0.95, Kept: 1}
	if got := h.KeptSpearman(); got != 0.5 {
		t.Errorf("kept step 1: %v, want 0.5", got)
	}
	h.Kept = 3
	if got := h.KeptSpearman(); got != 0.95 {
		t.Errorf("kept the final data: %v, want FinalSpearman 0.95", got)
	}
}
