package search

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/petridish-go/petridish/petri/data"
	"github.com/petridish-go/petridish/petri/groundtruth"
	"github.com/petridish-go/petridish/petri/motif"
	"github.com/petridish-go/petridish/petri/progress"
	"github.com/petridish-go/petridish/petri/rng"
	"github.com/petridish-go/petridish/petri/store"
)

// tinyCorpus writes a PTB folder of a few thousand tokens and reads it.
func tinyCorpus(t *testing.T) *data.Corpus {
	t.Helper()
	dir := t.TempDir()
	var b strings.Builder
	for i := range 300 {
		fmt.Fprintf(&b, "the w%d cat sat on w%d mat\n", i%7, (i*3)%5)
	}
	for _, f := range []string{"ptb.train.txt", "ptb.valid.txt", "ptb.test.txt"} {
		if err := os.WriteFile(filepath.Join(dir, f), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c, err := data.ReadPTB(dir)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func tinyPTBConfig() groundtruth.PTBConfig {
	return groundtruth.PTBConfig{Hidden: 8, Batch: 4, BPTT: 10, Epochs: 1, TrainTokens: 1500, ValidTokens: 400, LR: 2, Clip: 0.25, InitRange: 0.2, Seed: 1}
}

// TestPTBEvaluator checks that the evaluator's losses are CellSweep's
// means, that a second call reads the store instead of training, and
// that a cell whose runs all diverge gets the unigram loss.
func TestPTBEvaluator(t *testing.T) {
	corpus := tinyCorpus(t)
	st, err := store.Open(filepath.Join(t.TempDir(), "gt.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cells := motif.RandomCells(2, rng.New(3))
	reports := 0
	ev := PTBEvaluator{Corpus: corpus, Config: tinyPTBConfig(), Runs: 2, Store: st,
		Progress: progress.Func(func(done, total int, status string) { reports++ })}
	got, err := ev.Evaluate(context.Background(), cells)
	if err != nil {
		t.Fatal(err)
	}
	sw, err := groundtruth.CellSweep(context.Background(), cells, corpus, ev.Config, 2, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range sw.Results {
		if got[i] != r.Loss {
			t.Errorf("cell %d: evaluator %v, CellSweep %v", i, got[i], r.Loss)
		}
	}
	cfgs, _ := st.Configs(motif.CellFamily)
	runs, _ := st.Runs(motif.CellFamily, cfgs[0].Hash)
	if len(runs) != 4 {
		t.Fatalf("%d runs stored, want 4", len(runs))
	}
	if reports != 5 {
		t.Fatalf("%d progress reports, want 5 (a first one, then one per run)", reports)
	}
	// The same cells again come from the store: nothing is trained, so
	// the sweep reports only once.
	reports = 0
	again, err := ev.Evaluate(context.Background(), cells)
	if err != nil || again[0] != got[0] || again[1] != got[1] || reports != 1 {
		t.Fatalf("second call: %v, %v, %d reports; want %v from the store and 1 report", again, err, reports, got)
	}

	div := tinyPTBConfig()
	div.LR, div.Clip = 1e12, 0
	ev = PTBEvaluator{Corpus: corpus, Config: div, Runs: 1}
	got, err = ev.Evaluate(context.Background(), cells[:1])
	if err != nil {
		t.Fatal(err)
	}
	uni, err := groundtruth.PTBUnigramLoss(corpus, div)
	if err != nil {
		t.Fatal(err)
	}
	if got[0] != uni {
		t.Errorf("diverged cell: loss %v, want the unigram loss %v", got[0], uni)
	}

	if _, err := (PTBEvaluator{Config: tinyPTBConfig(), Runs: 1}).Evaluate(context.Background(), cells); err == nil || !strings.Contains(err.Error(), "corpus is nil") {
		t.Errorf("nil corpus: error %v", err)
	}
	if _, err := (PTBEvaluator{Corpus: corpus, Config: tinyPTBConfig()}).Evaluate(context.Background(), cells); err == nil || !strings.Contains(err.Error(), "runs is 0") {
		t.Errorf("no runs: error %v", err)
	}
}
