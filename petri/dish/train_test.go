package dish

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/petridish-go/petridish/petri/motif"
	"github.com/petridish-go/petridish/petri/progress"
)

// TestTrainImprovesRankCorrelation trains the paper's dish on a toy
// U-shaped ground truth and checks that the ordering of the training
// motifs gets much better.
func TestTrainImprovesRankCorrelation(t *testing.T) {
	c := DefaultConfig()
	c.Seed = 3
	s := linspace(0.2, 2, 12)
	gt := uCurve(s)
	d := mustNew(t, c)
	var reports int
	h, err := d.Train(context.Background(), motif.Slopes(s), gt, progress.Func(func(done, total int, status string) {
		reports++
		if total != 80 || !strings.Contains(status, "outer step") || !strings.Contains(status, "ETA") {
			t.Errorf("progress %d/%d %q", done, total, status)
		}
	}))
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Loss) != 80 || reports != 80 {
		t.Fatalf("history has %d steps and %d progress reports; want 80", len(h.Loss), reports)
	}
	first := h.Spearman[0]
	kept := h.FinalSpearman
	if h.Kept < len(h.Spearman) {
		kept = h.Spearman[h.Kept]
	}
	t.Logf("rank correlation %.3f -> %.3f (kept step %d), outer loss %.3f -> %.3f", first, kept, h.Kept, h.Loss[0], h.KeptLoss)
	if !(kept > 0.9 && kept > first+0.2) {
		t.Errorf("rank correlation went from %.3f to %.3f; want above 0.9 and clearly better", first, kept)
	}
	if !(h.KeptLoss < 0.5*h.Loss[0]) {
		t.Errorf("outer loss went from %v to %v; want it at least halved", h.Loss[0], h.KeptLoss)
	}
	if h.LR[0] != 0.05 || math.Abs(h.LR[20]-0.02) > 1e-15 || math.Abs(h.LR[79]-0.008) > 1e-15 {
		t.Errorf("learning rates %v, %v, %v; want the 0.05/0.02/0.008 schedule", h.LR[0], h.LR[20], h.LR[79])
	}

	// Predictions of the training motifs are on the ground-truth scale:
	// same mean and spread, same ordering quality.
	pred, err := d.Predict(context.Background(), motif.Slopes(s))
	if err != nil {
		t.Fatal(err)
	}
	pm, ps := meanStd(pred)
	gm, gs := meanStd(gt)
	if math.Abs(pm-gm) > 1e-12 || math.Abs(ps-gs) > 1e-12 {
		t.Errorf("predictions of the training motifs have mean %v std %v; ground truth %v %v", pm, ps, gm, gs)
	}
	if r := Spearman(pred, gt); math.Abs(r-kept) > 1e-12 {
		t.Errorf("Spearman of predictions %v, history says %v", r, kept)
	}
}

// TestTrainDeterministicAcrossThreads checks that one seed reproduces a
// run bit for bit with 1 and 2 threads, on both paths.
func TestTrainDeterministicAcrossThreads(t *testing.T) {
	s := motif.Slopes(linspace(0.3, 1.5, 5))
	gt := uCurve(linspace(0.3, 1.5, 5))
	for _, path := range []string{PathFused, PathGeneric} {
		var ref []float64
		for _, threads := range []int{1, 2, 3} {
			c := smallConfig(30, 3, 2)
			c.Threads, c.Path = threads, path
			d := mustNew(t, c)
			h, err := d.Train(context.Background(), s, gt, nil)
			if err != nil {
				t.Fatal(err)
			}
			xtr, xva, _ := d.SyntheticData()
			got := append(append(append([]float64(nil), h.Loss...), xtr...), xva...)
			if ref == nil {
				ref = got
				continue
			}
			for i := range ref {
				if ref[i] != got[i] {
					t.Fatalf("%s path, threads %d: value %d is %v, with 1 thread %v", path, threads, i, got[i], ref[i])
				}
			}
		}
	}
}

func TestTrainRejectsBadGroundTruth(t *testing.T) {
	d := mustNew(t, smallConfig(5, 1))
	before, _, _ := d.SyntheticData()
	cases := map[string]struct {
		ms []motif.Motif
		gt []float64
	}{
		"too few":    {slopes(0.1, 0.2), []float64{1, 2}},
		"mismatch":   {slopes(0.1, 0.2, 0.3), []float64{1, 2}},
		"NaN loss":   {slopes(0.1, 0.2, 0.3), []float64{1, math.NaN(), 2}},
		"Inf loss":   {slopes(0.1, 0.2, 0.3), []float64{1, math.Inf(1), 2}},
		"NaN motif":  {slopes(0.1, math.NaN(), 0.3), []float64{1, 2, 3}},
		"duplicate":  {slopes(0.1, 0.2, 0.1), []float64{1, 2, 3}},
		"all equal":  {slopes(0.1, 0.2, 0.3), []float64{1, 1, 1}},
		"equal 0.1":  {slopes(0.1, 0.2, 0.3), []float64{0.1, 0.1, 0.1}}, // their std is a rounding error, not 0
		"nil motif":  {[]motif.Motif{nil, motif.Sigmoid(1), motif.Sigmoid(2)}, []float64{1, 2, 3}},
		"wrong fam.": {[]motif.Motif{fakeMotif{}, motif.Sigmoid(1), motif.Sigmoid(2)}, []float64{1, 2, 3}},
	}
	for name, c := range cases {
		if _, err := d.Train(context.Background(), c.ms, c.gt, nil); err == nil {
			t.Errorf("%s: Train accepted it", name)
		}
	}
	// A bad loss is named by its index and its motif's text, quoted, so
	// that the motif "1" is not read as an index.
	_, err := d.Train(context.Background(), slopes(0.5, 0.7, 1), []float64{1, 2, math.NaN()}, nil)
	if want := `ground-truth loss 2, of motif "1", is NaN`; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("NaN loss: %v, want it to say %s", err, want)
	}
	after, _, _ := d.SyntheticData()
	if relErr(after, before) != 0 || d.Trained() {
		t.Error("a rejected Train changed the dish")
	}
	if _, err := d.Predict(context.Background(), slopes(1)); err == nil || !strings.Contains(err.Error(), "not trained") {
		t.Errorf("Predict on an untrained dish: %v", err)
	}
}

// TestScoresNamesTheBadMotif: a motif of another family, or an invalid
// one, is named once by its index among those given, and repeats are
// allowed (Predict gives them the same value).
func TestScoresNamesTheBadMotif(t *testing.T) {
	d := mustNew(t, smallConfig(5, 1))
	for _, c := range []struct {
		ms   []motif.Motif
		want string
	}{
		{[]motif.Motif{motif.Sigmoid(1), motif.Sigmoid(1), fakeMotif{}}, `motif 2 ("0 1 0 1") is of family "cell", but this dish is for family "sigmoid"`},
		{[]motif.Motif{motif.Sigmoid(1), nil}, "motif 1 is nil"},
		{[]motif.Motif{motif.Sigmoid(1), motif.Sigmoid(math.NaN())}, "motif 1 (\"NaN\") is not valid"},
	} {
		_, err := d.Scores(context.Background(), c.ms)
		if err == nil || !strings.HasPrefix(err.Error(), c.want) || strings.Contains(err.Error(), "motif 0") {
			t.Errorf("Scores(%v): %v; want %q, the motif named once", c.ms, err, c.want)
		}
	}
	if _, err := d.Scores(context.Background(), slopes(0.5, 0.5)); err != nil {
		t.Errorf("Scores of a repeated motif: %v", err)
	}
}

// TestTrainInterrupt cancels training from the progress callback and
// checks that Train stops within one step and keeps the best data.
func TestTrainInterrupt(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	d := mustNew(t, smallConfig(20, 10, 10))
	s := linspace(0.3, 1.5, 5)
	h, err := d.Train(ctx, motif.Slopes(s), uCurve(s), progress.Func(func(done, _ int, _ string) {
		if done == 3 {
			cancel()
		}
	}))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v should wrap context.Canceled", err)
	}
	if len(h.Loss) != 3 {
		t.Errorf("Train ran %d steps after cancelling at step 3", len(h.Loss))
	}
	if !d.Trained() || h.Kept < 0 || h.Kept > 2 || h.KeptLoss != minOf(h.Loss) {
		t.Errorf("interrupted dish: trained %v, kept step %d loss %v (losses %v)", d.Trained(), h.Kept, h.KeptLoss, h.Loss)
	}
	if _, err := d.Predict(context.Background(), slopes(0.7)); err != nil {
		t.Errorf("Predict after an interrupt: %v", err)
	}

	// Cancelled before the first step: the dish stays untrained.
	d2 := mustNew(t, smallConfig(20, 10))
	if _, err := d2.Train(ctx, motif.Slopes(s), uCurve(s), nil); !errors.Is(err, context.Canceled) || d2.Trained() {
		t.Errorf("pre-cancelled Train: err %v, trained %v", err, d2.Trained())
	}
}

func minOf(x []float64) float64 {
	m := math.Inf(1)
	for _, v := range x {
		m = math.Min(m, v)
	}
	return m
}

type fakeMotif struct{}

func (fakeMotif) Family() string { return "cell" }
func (fakeMotif) String() string { return "0 1 0 1" }

// TestTrainSampledBatches trains with 4 of 8 motifs per outer step, as
// Experiment 2 does with 40 of all motifs.
func TestTrainSampledBatches(t *testing.T) {
	c := DefaultConfig()
	c.Seed = 2
	c.Outer.Batch = 4
	s := linspace(0.2, 2, 8)
	gt := uCurve(s)
	var runs [2]History
	for i := range runs {
		d := mustNew(t, c)
		h, err := d.Train(context.Background(), motif.Slopes(s), gt, nil)
		if err != nil {
			t.Fatal(err)
		}
		runs[i] = h
		if h.Kept != len(h.Loss) {
			t.Errorf("batched training kept step %d; want the final data (%d)", h.Kept, len(h.Loss))
		}
	}
	h := runs[0]
	t.Logf("rank correlation on all motifs after training: %.3f", h.FinalSpearman)
	if !(h.FinalSpearman > 0.8) {
		t.Errorf("final rank correlation %.3f; want above 0.8", h.FinalSpearman)
	}
	for i := range h.Loss {
		if h.Loss[i] != runs[1].Loss[i] {
			t.Fatalf("step %d: loss %v then %v; batches must come from the seed", i, h.Loss[i], runs[1].Loss[i])
		}
	}
}
