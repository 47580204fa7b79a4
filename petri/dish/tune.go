package dish

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/petridish-go/petridish/petri/motif"
	"github.com/petridish-go/petridish/petri/progress"
)

// TuneResult is the outcome of Tune.
type TuneResult struct {
	// Best is the index in the grid of the winning config, and Config a
	// copy of it.
	Best   int
	Config Config
	// ValidMSE is each config's z-normalised MSE on the validation half
	// (+Inf where its training failed; Errors says why).
	ValidMSE []float64
	// Errors holds, per config, why its training failed ("" if it did not).
	Errors []string
	// Train and Valid are the indices of the motifs in each half.
	Train, Valid []int
}

// Split returns the hyper-parameter split of n motifs: even positions for
// training, odd positions for validation. Pass motifs in a meaningful
// order (slopes ascending, say) so that both halves cover the range.
func Split(n int) (train, valid []int) {
	for i := range n {
		if i%2 == 0 {
			train = append(train, i)
		} else {
			valid = append(valid, i)
		}
	}
	return train, valid
}

// Tune is the hyper-parameter selection of the paper's Appendix A.1: it
// splits the ground truth in half (see Split), trains a fresh dish for
// each config in grid on the first half, and picks the config whose dish
// has the lowest outer MSE (z-normalised dish scores against z-normalised
// ground truth) on the second half. Each half needs at least
// MinTrainMotifs motifs. Progress counts outer steps over the whole grid,
// and its status's ETA is the time left for all of it.
// Cancelling ctx stops Tune with an error wrapping ctx.Err().
func Tune(ctx context.Context, grid []Config, ms []motif.Motif, gt []float64, r progress.Reporter) (TuneResult, error) {
	var res TuneResult
	if len(grid) == 0 {
		return res, errors.New("tune: the grid is empty; give at least one Config")
	}
	if len(ms) < 2*MinTrainMotifs {
		return res, fmt.Errorf("tune: got %d ground-truth motifs; need at least %d to split them into training and validation halves", len(ms), 2*MinTrainMotifs)
	}
	total := 0
	for i, c := range grid {
		if err := c.Validate(); err != nil {
			return res, fmt.Errorf("tune: grid config %d: %w", i, err)
		}
		if i > 0 && c.Family != grid[0].Family {
			return res, fmt.Errorf("tune: grid config %d is for family %q but config 0 for %q; tune one family at a time", i, c.Family, grid[0].Family)
		}
		total += c.Outer.Steps()
	}
	fam, _ := motif.Lookup(grid[0].Family)
	if err := checkGroundTruth(fam, ms, gt); err != nil {
		return res, fmt.Errorf("tune: %w", err)
	}
	res.Train, res.Valid = Split(len(ms))
	pick := func(idx []int) ([]motif.Motif, []float64) {
		m, g := make([]motif.Motif, len(idx)), make([]float64, len(idx))
		for k, i := range idx {
			m[k], g[k] = ms[i], gt[i]
		}
		return m, g
	}
	trM, trG := pick(res.Train)
	vaM, vaG := pick(res.Valid)
	if err := checkGroundTruth(fam, trM, trG); err != nil {
		return res, fmt.Errorf("tune: training half: %w", err)
	}
	if err := checkGroundTruth(fam, vaM, vaG); err != nil {
		return res, fmt.Errorf("tune: validation half: %w", err)
	}
	vaZ, _ := zscore(vaG)

	res.ValidMSE, res.Errors = make([]float64, len(grid)), make([]string, len(grid))
	res.Best = -1
	done := 0
	start := etaClock()
	for i, c := range grid {
		var sub progress.Reporter
		if r != nil {
			sub = &partReporter{r: r, prefix: fmt.Sprintf("config %d/%d: ", i+1, len(grid)), offset: done, total: total, start: start}
		}
		mse, err := tuneOne(ctx, c, trM, trG, vaM, vaZ, sub)
		if ctxErr := ctx.Err(); ctxErr != nil {
			return res, fmt.Errorf("tune: stopped at config %d of %d: %w", i+1, len(grid), ctxErr)
		}
		done += c.Outer.Steps()
		if err != nil {
			res.ValidMSE[i], res.Errors[i] = math.Inf(1), err.Error()
			continue
		}
		res.ValidMSE[i] = mse
		if res.Best < 0 || mse < res.ValidMSE[res.Best] {
			res.Best = i
		}
	}
	if res.Best < 0 {
		return res, fmt.Errorf("tune: every config failed; the first error: %s", res.Errors[0])
	}
	res.Config = grid[res.Best].clone()
	return res, nil
}

// tuneOne trains a dish with c on the training half and returns its outer
// MSE on the validation half.
func tuneOne(ctx context.Context, c Config, trM []motif.Motif, trG []float64, vaM []motif.Motif, vaZ []float64, r progress.Reporter) (float64, error) {
	d, err := New(c)
	if err != nil {
		return 0, err
	}
	if _, err := d.Train(ctx, trM, trG, r); err != nil {
		return 0, err
	}
	s, err := d.Scores(ctx, vaM)
	if err != nil {
		return 0, err
	}
	mse, _, err := zMSE(s, vaZ)
	return mse, err
}
