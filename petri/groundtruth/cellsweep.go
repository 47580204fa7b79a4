package groundtruth

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/petridish-go/petridish/petri/data"
	"github.com/petridish-go/petridish/petri/motif"
	"github.com/petridish-go/petridish/petri/progress"
	"github.com/petridish-go/petridish/petri/store"
)

// cellTrainerVersion changes when TrainCell's arithmetic changes, so a
// store never mixes runs of two versions.
const cellTrainerVersion = 1

// CellResult is the ground truth of one cell: the mean validation loss of
// its runs that trained.
type CellResult struct {
	// Cell is the cell's NAO encoding.
	Cell string
	// Loss is the mean validation loss (nats per token) over the runs
	// that did not diverge, and LossStd its standard error; both are NaN
	// when every run diverged.
	Loss, LossStd float64
	// PPL is exp(Loss), the validation perplexity.
	PPL float64
	// Seeds and Losses are the runs in seed order; a diverged run's loss
	// is +Inf.
	Seeds  []uint64
	Losses []float64
	// Diverged counts the runs that diverged (ErrDiverged).
	Diverged int
}

// CellSweepResult is the outcome of CellSweep.
type CellSweepResult struct {
	// Results holds one entry per cell, in the order given.
	Results []CellResult
	// ConfigHash identifies the settings and data in the store.
	ConfigHash string
	// Trained and Cached count the runs trained now and read from the
	// store; Diverged counts the runs (of both kinds) that diverged.
	Trained, Cached, Diverged int
}

// Rows returns the ground-truth table of the cells with at least one run
// that trained, in the order given, for store.WriteCSV and the dish: a
// cell whose every run diverged has no loss to rank by, and is left out
// (Results still lists it).
func (s CellSweepResult) Rows() []store.Row {
	var rows []store.Row
	for _, r := range s.Results {
		if n := len(r.Losses) - r.Diverged; n > 0 {
			rows = append(rows, store.Row{Motif: r.Cell, Loss: r.Loss, Std: r.LossStd, Runs: n})
		}
	}
	return rows
}

// String summarises the sweep: counts and the best cell.
func (s CellSweepResult) String() string {
	best := -1
	for i, r := range s.Results {
		if !math.IsNaN(r.Loss) && (best < 0 || r.Loss < s.Results[best].Loss) {
			best = i
		}
	}
	out := fmt.Sprintf("%d cells (%d runs trained, %d from the store, %d diverged)", len(s.Results), s.Trained, s.Cached, s.Diverged)
	if best >= 0 {
		b := s.Results[best]
		out += fmt.Sprintf("; best cell %s: validation loss %.4f (perplexity %.1f)", b.Cell, b.Loss, b.PPL)
	}
	return out
}

// CellSweep computes Experiment 2's ground truth for each cell: runs runs
// of TrainCell (seeds cfg.Seed, cfg.Seed+1, ...) on corpus, one after
// another (each run's decoder already uses every core). A run that
// diverges counts as Diverged and is left out of its cell's mean: at LR 20
// some cells diverge for some seeds, and an error would stop a sweep of
// hundreds of cells.
//
// If st is not nil, every finished run is stored at once (family
// "rnncell", a hash of cfg but its Seed and of the corpus's tokens, the
// cell's encoding and the seed), and runs already stored are read instead
// of trained, so an interrupted sweep resumes where it stopped. The store
// holds only finite losses, so a rerun trains diverged runs again. When ctx ends, CellSweep returns ctx's error
// within about a tenth of a second; the runs finished by then are in the
// store. rep, which may be nil, counts finished runs.
func CellSweep(ctx context.Context, cells []motif.Motif, corpus *data.Corpus, cfg PTBConfig, runs int, st *store.Store, rep progress.Reporter) (CellSweepResult, error) {
	if len(cells) == 0 {
		return CellSweepResult{}, errors.New("ground truth: no cells given; pass at least one, e.g. motif.RandomCells(40, rng.New(1))")
	}
	if runs < 1 {
		return CellSweepResult{}, fmt.Errorf("ground truth: runs is %d; train each cell at least once", runs)
	}
	if err := cfg.Validate(); err != nil {
		return CellSweepResult{}, err
	}
	if corpus == nil {
		return CellSweepResult{}, errors.New("ground truth: the corpus is nil; load one with data.PTB()")
	}
	seen := map[motif.Cell]int{}
	cs := make([]motif.Cell, len(cells))
	for i, m := range cells {
		c, err := motif.AsCell(m)
		if err != nil {
			return CellSweepResult{}, fmt.Errorf("ground truth: cell %d: %w", i, err)
		}
		if j, dup := seen[c]; dup {
			return CellSweepResult{}, fmt.Errorf("ground truth: cell %d (%s) repeats cell %d; give each cell once (runs sets the repeats)", i, c, j)
		}
		seen[c] = i
		cs[i] = c
	}
	hash, desc := cfg.hash(corpus)
	out := CellSweepResult{ConfigHash: hash, Results: make([]CellResult, len(cs))}
	cached := map[string]float64{}
	if st != nil {
		if err := st.PutConfig(store.Config{Family: motif.CellFamily, Hash: hash, Description: desc}); err != nil {
			return out, err
		}
		stored, err := st.Runs(motif.CellFamily, hash)
		if err != nil {
			return out, err
		}
		for _, r := range stored {
			cached[r.Motif+"/"+strconv.FormatUint(r.Seed, 10)] = r.Loss
		}
	}
	for i, c := range cs {
		out.Results[i] = CellResult{Cell: c.String(), Seeds: make([]uint64, runs), Losses: make([]float64, runs)}
	}
	// Progress counts runs: those in the store at once, then each trained.
	total, done := len(cs)*runs, 0
	for r := range runs {
		for _, res := range out.Results {
			if _, ok := cached[res.Cell+"/"+strconv.FormatUint(cfg.Seed+uint64(r), 10)]; ok {
				done++
			}
		}
	}
	progress.Report(rep, done, total, "ground truth of recurrent cells on PTB")
	// Run-major, so a partial sweep already covers every cell once.
	for r := range runs {
		seed := cfg.Seed + uint64(r)
		for i, c := range cs {
			res := &out.Results[i]
			res.Seeds[r] = seed
			if loss, ok := cached[res.Cell+"/"+strconv.FormatUint(seed, 10)]; ok {
				if DivergedLoss(loss, len(corpus.Words)) {
					loss = math.Inf(1) // stored by an older petridish
				}
				res.Losses[r] = loss
				out.Cached++
			} else {
				if err := ctx.Err(); err != nil {
					return out, err
				}
				run := cfg
				run.Seed = seed
				pr, err := TrainCell(ctx, c, corpus, run, nil)
				switch {
				case errors.Is(err, ErrDiverged):
					pr.ValidLoss = math.Inf(1)
				case err != nil:
					return out, fmt.Errorf("cell %s, seed %d: %w", res.Cell, seed, err)
				}
				res.Losses[r] = pr.ValidLoss
				out.Trained++
				done++
				progress.Report(rep, done, total, fmt.Sprintf("cell %d/%d, run %d/%d", i+1, len(cs), r+1, runs))
				if st != nil && !math.IsInf(pr.ValidLoss, 1) {
					if err := st.PutRun(store.Run{Family: motif.CellFamily, Config: hash, Motif: res.Cell, Seed: seed, Loss: pr.ValidLoss, Seconds: pr.Seconds}); err != nil {
						return out, err
					}
				}
			}
		}
	}
	for i := range out.Results {
		res := &out.Results[i]
		var ok []float64
		for _, l := range res.Losses {
			if math.IsInf(l, 1) {
				res.Diverged++
			} else {
				ok = append(ok, l)
			}
		}
		out.Diverged += res.Diverged
		res.Loss, res.LossStd = math.NaN(), math.NaN()
		if len(ok) > 0 {
			res.Loss, res.LossStd = store.MeanStdErr(ok)
		}
		res.PPL = math.Exp(res.Loss)
	}
	return out, nil
}

// hash identifies the settings that determine a run's result (all but
// Seed) and the corpus's tokens, so a store never mixes runs of different
// settings or data.
func (c PTBConfig) hash(corpus *data.Corpus) (hash, description string) {
	h := sha256.New()
	var buf [8]byte
	for _, split := range [][]int{corpus.Train, corpus.Valid} {
		binary.LittleEndian.PutUint64(buf[:], uint64(len(split)))
		h.Write(buf[:])
		for _, id := range split {
			binary.LittleEndian.PutUint64(buf[:], uint64(id))
			h.Write(buf[:])
		}
	}
	h.Write([]byte(strings.Join(corpus.Words, "\n")))
	d := struct {
		Trainer     int     `json:"trainer"`
		Data        string  `json:"data"`
		Hidden      int     `json:"hidden"`
		Batch       int     `json:"batch"`
		BPTT        int     `json:"bptt"`
		Epochs      int     `json:"epochs"`
		TrainTokens int     `json:"train_tokens"`
		ValidTokens int     `json:"valid_tokens"`
		LR          float64 `json:"lr"`
		Clip        float64 `json:"clip"`
		InitRange   float64 `json:"init_range"`
	}{cellTrainerVersion, hex.EncodeToString(h.Sum(nil)[:8]), c.Hidden, c.Batch, c.BPTT, c.Epochs, c.TrainTokens, c.ValidTokens, c.LR, c.Clip, c.InitRange}
	b, _ := json.Marshal(d)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8]), string(b)
}
