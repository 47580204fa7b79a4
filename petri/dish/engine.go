package dish

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/petridish-go/petridish/petri/motif"
)

// engine trains motif-networks in parallel: one worker (with its own
// scratch memory) per goroutine, motifs handed out one at a time. Each
// motif's result depends only on the motif and the data, never on which
// worker computed it, so results are identical for any thread count.
type engine struct {
	workers []motif.Fused
}

func newEngine(fam motif.Family, path string, p motif.Problem, threads int) (*engine, error) {
	ff, fused := fam.(motif.FusedFamily)
	if path == PathGeneric {
		fused = false
	}
	if path == PathFused && !fused {
		return nil, fmt.Errorf("family %q has no fused path; use path %q", fam.Name(), PathGeneric)
	}
	e := &engine{workers: make([]motif.Fused, max(threads, 1))}
	for i := range e.workers {
		var err error
		if fused {
			e.workers[i], err = ff.NewFused(p)
		} else {
			e.workers[i], err = newGenericWorker(fam, p)
		}
		if err != nil {
			return nil, err
		}
	}
	return e, nil
}

// run calls f(worker, i) for every i in [0, n), spread over the workers.
// It stops handing out work at the first error or when ctx is done, and
// returns that error.
func (e *engine) run(ctx context.Context, n int, f func(w motif.Fused, i int) error) error {
	nw := min(len(e.workers), n)
	if nw <= 1 {
		for i := range n {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := f(e.workers[0], i); err != nil {
				return err
			}
		}
		return nil
	}
	var (
		next    atomic.Int64
		stopped atomic.Bool
		errOnce sync.Once
		first   error
		wg      sync.WaitGroup
	)
	fail := func(err error) {
		errOnce.Do(func() { first = err })
		stopped.Store(true)
	}
	for k := range nw {
		w := e.workers[k]
		wg.Go(func() {
			for !stopped.Load() {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if err := ctx.Err(); err != nil {
					fail(err)
					return
				}
				if err := f(w, i); err != nil {
					fail(err)
					return
				}
			}
		})
	}
	wg.Wait()
	return first
}

// scores returns each motif's dish score on the given synthetic data.
func (e *engine) scores(ctx context.Context, ms []motif.Motif, xTrain, xValid []float64) ([]float64, error) {
	out := make([]float64, len(ms))
	err := e.run(ctx, len(ms), func(w motif.Fused, i int) error {
		s, err := w.Score(ms[i], xTrain, xValid)
		if err != nil {
			return fmt.Errorf("motif %d (%s): %w", i, ms[i], err)
		}
		out[i] = s
		return nil
	})
	return out, err
}

// scoreGrads returns each motif's dish score and writes its gradients
// with respect to the synthetic inputs into gTrain[i] and gValid[i].
func (e *engine) scoreGrads(ctx context.Context, ms []motif.Motif, xTrain, xValid []float64, gTrain, gValid [][]float64) ([]float64, error) {
	out := make([]float64, len(ms))
	err := e.run(ctx, len(ms), func(w motif.Fused, i int) error {
		s, err := w.ScoreGrad(ms[i], xTrain, xValid, gTrain[i], gValid[i])
		if err != nil {
			return fmt.Errorf("motif %d (%s): %w", i, ms[i], err)
		}
		out[i] = s
		return nil
	})
	return out, err
}
