package search

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/petridish-go/petridish/petri/data"
	"github.com/petridish-go/petridish/petri/groundtruth"
	"github.com/petridish-go/petridish/petri/motif"
	"github.com/petridish-go/petridish/petri/progress"
	"github.com/petridish-go/petridish/petri/store"
)

// PTBEvaluator is Experiment 2's ground truth as an Evaluator: a cell's
// loss is its mean validation loss (nats per token) over Runs runs of a
// Penn Treebank language model with the cell inside
// (groundtruth.TrainCell through groundtruth.CellSweep, seeds
// Config.Seed, Config.Seed+1, ...).
//
// With a Store, every finished run is kept there and runs already there
// are read instead of trained: an interrupted search loses at most the
// run in progress, a rerun with the same seed replays the finished part
// at no cost, and cells whose ground truth a sweep (petridish groundtruth
// rnncell) already stored with the same settings cost nothing, which
// makes them a free warm start (Loop.Warm).
//
// A cell whose every run diverges gets the loss of the unigram model
// (groundtruth.PTBUnigramLoss): a network that learned nothing of the
// context, worse than every cell that trains, and finite, so the search
// ranks the cell last without an infinite target.
type PTBEvaluator struct {
	// Corpus is Penn Treebank (data.PTB).
	Corpus *data.Corpus
	// Config is the trainer's (groundtruth.DefaultPTBConfig at CPU scale).
	Config groundtruth.PTBConfig
	// Runs is the number of runs per cell, at least 1.
	Runs int
	// Store keeps the runs; nil keeps nothing.
	Store *store.Store
	// Progress, which may be nil, counts the runs of each Evaluate call.
	Progress progress.Reporter
}

// Evaluate returns each cell's ground-truth loss, in order.
func (e PTBEvaluator) Evaluate(ctx context.Context, ms []motif.Motif) ([]float64, error) {
	if e.Corpus == nil {
		return nil, errors.New("PTB evaluator: the corpus is nil; load it with data.PTB()")
	}
	sw, err := groundtruth.CellSweep(ctx, ms, e.Corpus, e.Config, e.Runs, e.Store, e.Progress)
	if err != nil {
		return nil, fmt.Errorf("PTB evaluator: %w", err)
	}
	losses := make([]float64, len(sw.Results))
	var unigram float64
	for i, r := range sw.Results {
		if !math.IsNaN(r.Loss) {
			losses[i] = r.Loss
			continue
		}
		if unigram == 0 {
			if unigram, err = groundtruth.PTBUnigramLoss(e.Corpus, e.Config); err != nil {
				return nil, fmt.Errorf("PTB evaluator: %w", err)
			}
		}
		losses[i] = unigram
	}
	return losses, nil
}
