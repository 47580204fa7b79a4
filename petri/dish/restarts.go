package dish

import (
	"context"
	"fmt"

	"github.com/petridish-go/petridish/petri/motif"
	"github.com/petridish-go/petridish/petri/progress"
)

// Restarts is the outcome of TrainRestarts.
type Restarts struct {
	// Seeds are the seeds tried, in order: cfg.Seed, cfg.Seed+1, ...
	Seeds []uint64
	// KeptLoss is each restart's kept outer loss on the training motifs
	// (NaN where it did not finish).
	KeptLoss []float64
	// Best indexes the restart that was kept.
	Best int
	// History is the kept restart's training history.
	History History
}

// TrainRestarts trains n dishes that differ only in their seed (cfg.Seed,
// cfg.Seed+1, ..., so theta_init, the initial synthetic inputs and the
// labels differ) on the same motifs and ground truth, and returns the one
// whose kept outer loss on those motifs is lowest.
//
// The outer loss is not convex in the synthetic inputs: from some starts
// (typically one where the untrained dish orders the motifs backwards)
// Train settles with a poor rank correlation, so a few restarts make a
// dish's quality depend much less on luck. Selection uses only the
// training motifs' outer loss, never held-out ground truth.
//
// Progress counts outer steps over all restarts, and the ETA in its
// status is the time left for all of them, as a progress bar over the
// whole estimates it. If ctx is cancelled, TrainRestarts returns the best
// dish among the restarts that finished (or the interrupted one, if none
// did) together with an error wrapping ctx.Err(); a nil dish means not
// even one outer step completed.
func TrainRestarts(ctx context.Context, cfg Config, n int, ms []motif.Motif, gt []float64, r progress.Reporter) (*Dish, Restarts, error) {
	res := Restarts{Best: -1}
	if n < 1 {
		return nil, res, fmt.Errorf("restarts is %d; use 1 or more", n)
	}
	if err := cfg.Validate(); err != nil {
		return nil, res, err
	}
	total := n * cfg.Outer.Steps()
	start := etaClock()
	var best *Dish
	for i := range n {
		c := cfg.clone()
		c.Seed = cfg.Seed + uint64(i)
		d, err := New(c)
		if err != nil {
			return nil, res, err
		}
		var sub progress.Reporter
		if r != nil {
			sub = &partReporter{r: r, prefix: fmt.Sprintf("restart %d/%d ", i+1, n), offset: i * cfg.Outer.Steps(), total: total, start: start}
		}
		h, err := d.Train(ctx, ms, gt, sub)
		res.Seeds = append(res.Seeds, c.Seed)
		res.KeptLoss = append(res.KeptLoss, h.KeptLoss)
		if err != nil && ctx.Err() == nil {
			return nil, res, err // bad input: every restart would fail alike
		}
		if d.Trained() && (best == nil || h.KeptLoss < res.KeptLoss[res.Best]) {
			best, res.Best, res.History = d, i, h
		}
		if err != nil {
			if best == nil {
				return nil, res, err
			}
			return best, res, fmt.Errorf("dish restarts stopped during restart %d of %d; kept restart %d (outer loss %.4g): %w", i+1, n, res.Best+1, res.KeptLoss[res.Best], err)
		}
	}
	return best, res, nil
}
