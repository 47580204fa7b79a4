package groundtruth

import (
	"context"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/petridish-go/petridish/petri/motif"
	"github.com/petridish-go/petridish/petri/progress"
	"github.com/petridish-go/petridish/petri/rng"
	"github.com/petridish-go/petridish/petri/store"
)

// sweepConfig is toyConfig cut to a fraction of a second per run.
func sweepConfig() PTBConfig {
	c := toyConfig()
	c.Epochs, c.Hidden = 1, 8
	return c
}

// TestCellSweepStoresAndResumes checks that the sweep equals TrainCell run
// by run, stores every run, reads them back instead of training them
// again, and keeps diverged runs out of the means.
func TestCellSweepStoresAndResumes(t *testing.T) {
	corpus := toyCorpus(2000, 400, 3)
	cells := motif.RandomCells(3, rng.New(4))
	cfg := sweepConfig()
	st, err := store.Open(filepath.Join(t.TempDir(), "gt.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var reports int
	sw, err := CellSweep(context.Background(), cells, corpus, cfg, 2, st, progress.Func(func(done, total int, status string) { reports++ }))
	if err != nil {
		t.Fatal(err)
	}
	if sw.Trained != 6 || sw.Cached != 0 || reports != 7 {
		t.Fatalf("trained %d, cached %d, %d reports; want 6, 0, 7 (a first one, then one per run)", sw.Trained, sw.Cached, reports)
	}
	for i, m := range cells {
		r := sw.Results[i]
		for k, seed := range r.Seeds {
			run := cfg
			run.Seed = seed
			want, err := TrainCell(context.Background(), m.(motif.Cell), corpus, run, nil)
			if err != nil {
				t.Fatal(err)
			}
			if r.Losses[k] != want.ValidLoss {
				t.Errorf("cell %d seed %d: sweep %v, TrainCell %v", i, seed, r.Losses[k], want.ValidLoss)
			}
		}
		mean, _ := store.MeanStdErr(r.Losses)
		if r.Loss != mean || r.PPL != math.Exp(mean) || r.Diverged != 0 {
			t.Errorf("cell %d: loss %v ppl %v diverged %d; want the mean %v of its runs", i, r.Loss, r.PPL, r.Diverged, mean)
		}
	}
	if rows := sw.Rows(); len(rows) != 3 || rows[0].Motif != cells[0].String() || rows[0].Runs != 2 {
		t.Errorf("rows %+v", rows)
	}
	again, err := CellSweep(context.Background(), cells, corpus, cfg, 3, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	if again.Cached != 6 || again.Trained != 3 || again.ConfigHash != sw.ConfigHash {
		t.Errorf("a third run per cell: trained %d, cached %d; want 3 and 6 under the same hash", again.Trained, again.Cached)
	}
	for i := range cells {
		if again.Results[i].Losses[0] != sw.Results[i].Losses[0] {
			t.Errorf("cell %d: the stored run came back as %v, want %v", i, again.Results[i].Losses[0], sw.Results[i].Losses[0])
		}
	}
	// Other settings are other ground truth.
	other := cfg
	other.LR = 2
	o, err := CellSweep(context.Background(), cells[:1], corpus, other, 1, st, nil)
	if err != nil || o.Cached != 0 || o.ConfigHash == sw.ConfigHash {
		t.Errorf("a sweep with another LR: %v, cached %d, hash %s (first %s)", err, o.Cached, o.ConfigHash, sw.ConfigHash)
	}

	// A learning rate that diverges: runs count as diverged, the sweep
	// goes on, the table leaves the cell out, and the store, which holds
	// only finite losses, does not keep them.
	bad := cfg
	bad.LR, bad.Clip = 1e12, 0
	d, err := CellSweep(context.Background(), cells[:2], corpus, bad, 1, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	if d.Diverged != 2 || !math.IsNaN(d.Results[0].Loss) || len(d.Rows()) != 0 || !strings.Contains(d.String(), "2 diverged") {
		t.Errorf("diverging sweep: %v, results %+v, rows %v", d, d.Results, d.Rows())
	}
	d2, err := CellSweep(context.Background(), cells[:2], corpus, bad, 1, st, nil)
	if err != nil || d2.Cached != 0 || d2.Trained != 2 || d2.Diverged != 2 {
		t.Errorf("rerun of the diverging sweep: %v, cached %d trained %d diverged %d; want both trained again and diverged", err, d2.Cached, d2.Trained, d2.Diverged)
	}
}

func TestCellSweepRejects(t *testing.T) {
	corpus := toyCorpus(2000, 400, 3)
	c := motif.RandomCell(rng.New(1))
	for _, tc := range []struct {
		cells []motif.Motif
		runs  int
		want  string
	}{
		{nil, 1, "no cells given"},
		{[]motif.Motif{c}, 0, "runs is 0"},
		{[]motif.Motif{c, c}, 1, "repeats cell 0"},
		{[]motif.Motif{motif.Sigmoid(1)}, 1, "is not a recurrent cell"},
	} {
		_, err := CellSweep(context.Background(), tc.cells, corpus, sweepConfig(), tc.runs, nil, nil)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("CellSweep(%v, runs %d): %v, want %q", tc.cells, tc.runs, err, tc.want)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := CellSweep(ctx, []motif.Motif{c}, corpus, sweepConfig(), 1, nil, nil); err != context.Canceled {
		t.Errorf("cancelled sweep: %v, want context.Canceled", err)
	}
}
