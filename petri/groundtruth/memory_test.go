package groundtruth

import (
	"context"
	"runtime"
	"strings"
	"testing"

	"github.com/petridish-go/petridish/petri/motif"
	"github.com/petridish-go/petridish/petri/rng"
)

// withMachineMemory makes the memory check see a machine of n bytes (0:
// unknown) for the rest of the test.
func withMachineMemory(t *testing.T, n uint64) {
	old := machineMemory
	machineMemory = func() (uint64, bool) { return n, n > 0 }
	t.Cleanup(func() { machineMemory = old })
}

// TestPTBConfigRefusesWhatCannotFit checks that Validate refuses, with an
// error naming the setting, the sizes whose model could never be
// allocated (they used to end the process with "fatal error: runtime: out
// of memory" in newLM), on a machine of 16 GB and on one whose memory is
// unknown, and that it accepts the default and NAO's own settings.
func TestPTBConfigRefusesWhatCannotFit(t *testing.T) {
	nao := DefaultPTBConfig()
	nao.Hidden, nao.Batch, nao.InitRange, nao.TrainTokens, nao.ValidTokens = 850, 64, 0.04, 0, 0
	for _, mem := range []uint64{16e9, 0} {
		withMachineMemory(t, mem)
		for _, cfg := range []PTBConfig{DefaultPTBConfig(), nao} {
			if err := cfg.Validate(); err != nil {
				t.Errorf("memory %d: Hidden %d Batch %d: %v", mem, cfg.Hidden, cfg.Batch, err)
			}
		}
		for _, c := range []struct {
			set  func(*PTBConfig)
			want []string
		}{
			{func(c *PTBConfig) { c.Hidden = 100000000 }, []string{"Hidden is 100000000", "weights", "need at least"}},
			{func(c *PTBConfig) { c.Hidden = 1000000 }, []string{"Hidden is 1000000", "need at least"}},
			// A window as long as the corpus: its logits alone need 74 GB.
			{func(c *PTBConfig) { c.BPTT, c.Batch, c.TrainTokens = 1000000, 100, 0 }, []string{"BPTT is 1000000 and Batch is 100", "smaller BPTT or Batch"}},
		} {
			cfg := DefaultPTBConfig()
			c.set(&cfg)
			if mem == 0 && cfg.BPTT > 1000 {
				continue // fits in the address space
			}
			err := cfg.Validate()
			if err == nil {
				t.Errorf("memory %d: %+v passes", mem, cfg)
				continue
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("memory %d: %q lacks %q", mem, err, w)
				}
			}
			if have := "this machine has 16 GB"; (mem > 0) != strings.Contains(err.Error(), have) {
				t.Errorf("memory %d: %q (%q?)", mem, err, have)
			}
		}
	}
	// A size that fits a large machine but not a small one.
	cfg := DefaultPTBConfig()
	cfg.Hidden = 20000
	withMachineMemory(t, 1e12)
	if err := cfg.Validate(); err != nil {
		t.Errorf("Hidden 20000 on 1 TB: %v", err)
	}
	withMachineMemory(t, 16e9)
	if err := cfg.Validate(); err == nil || !strings.Contains(err.Error(), "Hidden is 20000") {
		t.Errorf("Hidden 20000 on 16 GB: %v", err)
	}
}

// TestTrainCellRefusesWhatCannotFit checks that TrainCell checks the
// memory against its corpus's own vocabulary and tokens (Validate assumes
// PTB's), before allocating the model.
func TestTrainCellRefusesWhatCannotFit(t *testing.T) {
	corpus := toyCorpus(600, 200, 1)
	for len(corpus.Words) < 30000 { // a vocabulary larger than PTB's
		corpus.Words = append(corpus.Words, "x")
	}
	cfg := toyConfig()
	ptbModel, ptbWindow, _ := ptbMemory(cfg, ptbVocab, ptbTrainTokens, ptbValidTokens)
	model, window, _ := ptbMemory(cfg, len(corpus.Words), 600, 200)
	if ptbModel+ptbWindow >= model+window {
		t.Fatalf("the corpus does not need more memory than PTB: %v and %v bytes", model+window, ptbModel+ptbWindow)
	}
	withMachineMemory(t, uint64(ptbModel+ptbWindow))
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	_, err := TrainCell(context.Background(), motif.RandomCells(1, rng.New(1))[0].(motif.Cell), corpus, cfg, nil)
	if err == nil || !strings.Contains(err.Error(), "30000 words") {
		t.Errorf("TrainCell on a machine too small: %v", err)
	}
}

// TestPTBMemoryIsALowerBound checks that ptbMemory does not overstate
// what the model really allocates (so the check never refuses a size that
// would have trained): the heap a model holds after training one window,
// and the window's garbage, are at least the estimate.
func TestPTBMemoryIsALowerBound(t *testing.T) {
	for _, cfg := range []PTBConfig{
		{Hidden: 16, Batch: 8, BPTT: 12},
		{Hidden: 64, Batch: 4, BPTT: 35},
		{Hidden: 128, Batch: 16, BPTT: 8},
	} {
		const vocab = 300
		tokens := (cfg.BPTT + 1) * cfg.Batch
		model, window, n := ptbMemory(cfg, vocab, tokens, 0)
		if n != cfg.BPTT*cfg.Batch {
			t.Errorf("%+v: a window of %d tokens, want %d", cfg, n, cfg.BPTT*cfg.Batch)
		}
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		m := newLM(motif.RandomCells(1, rng.New(2))[0].(motif.Cell), vocab, cfg.Hidden, 0.1, rng.New(1))
		input, target := make([]int, n), make([]int, n)
		for i := range input {
			input[i], target[i] = i%vocab, (i+1)%vocab
		}
		if _, err := m.trainWindow(context.Background(), input, target, cfg.BPTT, cfg.Batch, make([]float64, cfg.Batch*cfg.Hidden)); err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&after)
		runtime.KeepAlive(m)
		allocated := float64(after.TotalAlloc - before.TotalAlloc)
		if est := model + window; est > allocated {
			t.Errorf("%+v: estimated %.0f bytes, more than the %.0f allocated", cfg, est, allocated)
		} else {
			t.Logf("%+v: estimated %.0f bytes, %.0f allocated (%.2f)", cfg, est, allocated, est/allocated)
		}
	}
}
