package dish

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"sync/atomic"

	"github.com/petridish-go/petridish/accel"
	"github.com/petridish-go/petridish/petri/motif"
)

// engine computes dish scores and meta-gradients on one resolved path:
// on PathDevice, the family's Batch trains a whole batch of motifs in one
// call on the accel backend; otherwise it trains motif-networks in
// parallel, one worker (with its own scratch memory) per goroutine,
// motifs handed out one at a time. Each motif's result depends only on
// the motif and the data, never on which worker computed it, so results
// are identical for any thread count.
type engine struct {
	path    string        // PathDevice, PathFused or PathGeneric
	backend accel.Backend // PathDevice: the backend batch runs on
	batch   motif.Batch   // PathDevice only
	workers []motif.Fused // the CPU paths only
}

// resolvePath returns the path a Config.Path runs on for family fam now,
// and, for PathDevice, the backend: PathAuto picks PathDevice when the
// family is a motif.BatchFamily and the current accel backend can batch
// it, else PathFused when the family has a fused path, else PathGeneric.
// Other paths must be supported (checkPath, with the current backend).
func resolvePath(fam motif.Family, path string) (string, accel.Backend, error) {
	if err := checkPath(fam, path, false); err != nil {
		return "", nil, err
	}
	switch path {
	case PathGeneric, PathFused:
		return path, nil, nil
	case PathDevice:
		b, err := deviceBackend(fam.(motif.BatchFamily))
		if err != nil {
			return "", nil, err
		}
		return PathDevice, b, nil
	}
	if bf, ok := fam.(motif.BatchFamily); ok {
		b, err := accel.Current()
		if err != nil {
			return "", nil, fmt.Errorf("path %q cannot choose a device: %w", PathAuto, err)
		}
		if bf.CanBatch(b) {
			return PathDevice, b, nil
		}
	}
	if _, fused := fam.(motif.FusedFamily); fused {
		return PathFused, nil, nil
	}
	return PathGeneric, nil, nil
}

// deviceBackend returns the current accel backend if family bf can run
// its device path there, else an error saying how to select one.
func deviceBackend(bf motif.BatchFamily) (accel.Backend, error) {
	b, err := accel.Current()
	if err != nil {
		return nil, fmt.Errorf("path is %q but no device is usable: %w", PathDevice, err)
	}
	if !bf.CanBatch(b) {
		return nil, fmt.Errorf("path is %q but the current accel backend (%s) cannot train %s motif-networks on a device; select a GPU with %s=cuda (or %%device cuda in a notebook), or use path %q to fall back to the CPU",
			PathDevice, b.Name(), bf.Name(), accel.EnvDevice, PathAuto)
	}
	return b, nil
}

// sameBackend reports whether a and b are the same backend value.
func sameBackend(a, b accel.Backend) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	ta, tb := reflect.TypeOf(a), reflect.TypeOf(b)
	return ta == tb && ta.Comparable() && a == b
}

// newEngine builds the engine of a path resolvePath returned, so one the
// family supports, for problem p; b is the backend of PathDevice.
func newEngine(fam motif.Family, path string, b accel.Backend, p motif.Problem, threads int) (*engine, error) {
	e := &engine{path: path}
	switch path {
	case PathDevice:
		batch, err := fam.(motif.BatchFamily).NewBatch(p, b)
		if err != nil {
			return nil, err
		}
		e.backend, e.batch = b, batch
		return e, nil
	case PathFused, PathGeneric:
	default:
		return nil, fmt.Errorf("internal error: engine for unresolved path %q", path)
	}
	ff, _ := fam.(motif.FusedFamily)
	fused := path == PathFused
	e.workers = make([]motif.Fused, max(threads, 1))
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

// device describes where the engine computes: the accel backend's
// Describe line on PathDevice, else the CPU and its goroutines.
func (e *engine) device() string {
	if e.batch != nil {
		return e.batch.Device()
	}
	if len(e.workers) == 1 {
		return "cpu: 1 goroutine"
	}
	return fmt.Sprintf("cpu: %d goroutines", len(e.workers))
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
	if e.batch != nil {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		if err := e.batch.Scores(ms, xTrain, xValid, out); err != nil {
			return out, fmt.Errorf("dish scores on the device (path %q): %w", PathDevice, err)
		}
		return out, nil
	}
	err := e.run(ctx, len(ms), func(w motif.Fused, i int) error {
		return guard(ms, i, func() (err error) {
			out[i], err = w.Score(ms[i], xTrain, xValid)
			return err
		})
	})
	return out, err
}

// scoreGrads returns each motif's dish score and writes its gradients
// with respect to the synthetic inputs into gTrain[i] and gValid[i].
//
// On PathDevice the whole batch is one call, which ctx cannot interrupt
// once it has started.
func (e *engine) scoreGrads(ctx context.Context, ms []motif.Motif, xTrain, xValid []float64, gTrain, gValid [][]float64) ([]float64, error) {
	out := make([]float64, len(ms))
	if e.batch != nil {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		if err := e.batch.ScoreGrads(ms, xTrain, xValid, out, gTrain[:len(ms)], gValid[:len(ms)]); err != nil {
			return out, fmt.Errorf("dish meta-gradients on the device (path %q): %w", PathDevice, err)
		}
		return out, nil
	}
	err := e.run(ctx, len(ms), func(w motif.Fused, i int) error {
		return guard(ms, i, func() (err error) {
			out[i], err = w.ScoreGrad(ms[i], xTrain, xValid, gTrain[i], gValid[i])
			return err
		})
	})
	return out, err
}

// guard runs the work for motif i and names the motif in its error. A
// panic in the family's code (a NetworkLoss written in a notebook cell
// that indexes out of range, say) becomes that error too: it happens on
// one of the engine's goroutines, where nothing else could recover it, so
// it would otherwise end the program and, in a kernel, the user's session.
func guard(ms []motif.Motif, i int, work func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("motif %d (%v): panic in the motif family's code: %v", i, ms[i], r)
		}
	}()
	if err := work(); err != nil {
		return fmt.Errorf("motif %d (%v): %w", i, ms[i], err)
	}
	return nil
}

// deviceOuterStep lets Train run whole outer steps on the device (see
// engine.newOuter). Tests turn it off to compare with the host reduction
// of the per-motif meta-gradients.
var deviceOuterStep = true

// newOuter returns, for Train with every motif in every step, the outer
// loop of ms resident on the device (motif.OuterBatch, accel.OuterMLPs):
// the synthetic inputs start at xTrain and xValid and the z-scored scores
// should match targets. It returns nil and no error when the engine
// cannot run the whole outer step on its device (a CPU path, or a backend
// without accel.OuterMLPs); Train then reduces the meta-gradients and
// runs Adam on the host.
func (e *engine) newOuter(ms []motif.Motif, targets, xTrain, xValid []float64, o Outer) (accel.OuterMLP, error) {
	ob, ok := e.batch.(motif.OuterBatch)
	if !ok || !deviceOuterStep {
		return nil, nil
	}
	spec := accel.OuterSpec{Beta1: o.Beta1, Beta2: o.Beta2, Eps: o.Eps, WeightDecay: o.WeightDecay}
	h, err := ob.NewOuter(ms, targets, xTrain, xValid, spec)
	if err != nil {
		return nil, errOuterDevice(err)
	}
	return h, nil
}

// errOuterDevice wraps an error of the outer loop on the device
// (accel.OuterMLP) with where it happened.
func errOuterDevice(err error) error {
	return fmt.Errorf("dish outer step on the device (path %q): %w", PathDevice, err)
}

// deviceStep takes one outer step of h with learning rate lr (see
// accel.OuterMLP.Step): the scores, MSE and outer loss on the data before
// the update. Like scoreGrads, it checks ctx first, and a started step
// runs to its end.
func deviceStep(ctx context.Context, h accel.OuterMLP, lr float64) (scores []float64, mse, loss float64, err error) {
	if err := ctx.Err(); err != nil {
		return nil, 0, 0, err
	}
	scores = make([]float64, h.Motifs())
	l, err := h.Step(lr, scores)
	if errors.Is(err, accel.ErrConstantScores) {
		return nil, 0, 0, errSameScores(scores[0])
	}
	if err != nil {
		return nil, 0, 0, errOuterDevice(err)
	}
	return scores, l.MSE, l.Loss, nil
}
