package dish

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/petridish-go/petridish/accel"
	"github.com/petridish-go/petridish/petri/motif"
	"github.com/petridish-go/petridish/petri/progress"
	"github.com/petridish-go/petridish/petri/rng"
)

// History records one Train call, one entry per completed outer step.
type History struct {
	// Loss is the outer loss (z-normalised MSE plus L2) on the data at the
	// start of each step, i.e. the loss whose gradient the step followed
	// (on that step's motifs when Outer.Batch samples them).
	Loss []float64
	// MSE is Loss without the L2 term.
	MSE []float64
	// Spearman is the rank correlation between the dish scores and the
	// ground truth of the step's motifs (1 is a perfect ordering).
	Spearman []float64
	// LR is the outer learning rate each step used.
	LR []float64
	// Seconds is each step's wall time: all its motifs' inner loops and
	// meta-gradients plus the update.
	Seconds []float64
	// FinalLoss and FinalSpearman describe the data after the last update,
	// on all training motifs (NaN if training stopped early).
	FinalLoss     float64
	FinalSpearman float64
	// Kept is the step whose starting data the dish kept; Kept == len(Loss)
	// means the data after the last update. KeptLoss is its outer loss.
	Kept     int
	KeptLoss float64
	// Path is the path that computed the scores and meta-gradients
	// (PathDevice, PathFused or PathGeneric; see Config.Path), and Device
	// where, as Dish.Engine reports it.
	Path   string
	Device string
}

// snapshot is a candidate synthetic data set with its outer loss and the
// scores and ground truth of the motifs it was measured on.
type snapshot struct {
	loss           float64
	step           int
	xTrain, xValid []float64
	scores, gt     []float64
}

// Train optimises the synthetic inputs so that the dish's scores of the
// motifs order them like their ground-truth losses (lower is better; see
// LossesFromAccuracies for accuracies). Each outer step trains every
// motif-network (or Outer.Batch sampled ones) from theta_init through the
// full inner loop, computes the outer loss and its exact gradient through
// the unrolled inner loop, and takes an Adam step on both input sets (see
// Outer for the loss and the schedule). A second call continues from the
// current data with fresh optimiser state.
//
// With all motifs in every step, the dish keeps the data with the lowest
// outer loss seen (including the data after the last update); with
// sampled batches, whose losses are not comparable, it keeps the latest.
// Predict is calibrated on the kept data. If ctx is cancelled, Train stops
// within one outer step, keeps the best (or latest) data so far, and
// returns the history with an error wrapping ctx.Err(). Progress goes to r
// (may be nil) after every step: outer step, loss, rank correlation and
// estimated time left.
//
// On PathDevice with all motifs in every step, when the backend
// implements accel.OuterMLPs (the CUDA backend does), the whole outer
// step runs on the device: the synthetic inputs and Adam's state stay
// there, and the meta-gradients are reduced across motifs and the update
// applied there too. Its results agree with the host's reduction to
// rounding (the sums run in another order), not bit for bit. Sampled
// batches reduce on the host.
//
// Train rejects, without changing the dish: mismatched lengths, fewer
// than MinTrainMotifs motifs, motifs of another family, invalid or
// repeated motifs, losses that are not finite or all equal, and a family
// defined again (motif.Define) since the dish was made (see Rebind).
func (d *Dish) Train(ctx context.Context, ms []motif.Motif, gt []float64, r progress.Reporter) (History, error) {
	h := History{FinalLoss: math.NaN(), FinalSpearman: math.NaN(), Kept: -1, KeptLoss: math.NaN()}
	if err := d.current(); err != nil {
		return h, err
	}
	if err := checkGroundTruth(d.fam, ms, gt); err != nil {
		return h, err
	}
	eng, err := d.engine()
	if err != nil {
		return h, err
	}
	h.Path, h.Device = eng.path, eng.device()
	o := d.cfg.Outer
	batched := o.Batch > 0 && o.Batch < len(ms)
	B := len(ms)
	if batched {
		B = o.Batch
	}
	sampler := rng.New(d.cfg.Seed ^ 0x6261746368) // "batch": a stream apart from New's
	n := len(d.xTrain)
	xtr, xva := append([]float64(nil), d.xTrain...), append([]float64(nil), d.xValid...)
	l2 := func() float64 { return o.WeightDecay * (sumSquares(xtr) + sumSquares(xva)) }
	var stop error

	// With every motif in every step, a device that can runs the whole
	// step: the inputs and Adam's state stay there, and xtr and xva are
	// refreshed from it only to keep a best step and at the end.
	var dev accel.OuterMLP
	if !batched {
		if gtZ, err := zscore(gt); err != nil {
			stop = fmt.Errorf("the motifs sampled for step 0 have equal ground truth: %w", err)
		} else if dev, stop = eng.newOuter(ms, gtZ, xtr, xva, o); dev != nil {
			defer dev.Close() // also on the early returns; Close again is a no-op
		}
	}
	var gTr, gVa [][]float64
	var gradTr, gradVa []float64
	if dev == nil {
		gTr, gVa = make([][]float64, B), make([][]float64, B)
		for i := range gTr {
			gTr[i], gVa[i] = make([]float64, n), make([]float64, n)
		}
		gradTr, gradVa = make([]float64, n), make([]float64, n)
	}

	best := snapshot{loss: math.Inf(1), step: -1}
	keep := func(loss float64, step int, scores, g []float64) {
		if loss < best.loss || batched {
			best = snapshot{loss: loss, step: step, scores: scores, gt: g,
				xTrain: append(best.xTrain[:0], xtr...), xValid: append(best.xValid[:0], xva...)}
		}
	}
	bm, bg := ms, gt
	total, step, lr := o.Steps(), 0, o.LR
	start := etaClock()
	// Within TrainRestarts or Tune, the time left is the whole
	// operation's, which the part reporter adds.
	part, _ := r.(*partReporter)
phases:
	for p, steps := range o.Schedule {
		if stop != nil {
			break
		}
		aTr, aVa := newAdam(n, o.Eps), newAdam(n, o.Eps)
		if dev != nil && p > 0 && steps > 0 {
			if err := dev.ResetAdam(); err != nil {
				stop = errOuterDevice(err)
				break
			}
		}
		for range steps {
			t0 := time.Now()
			if batched {
				bm, bg = sample(sampler, ms, gt, B)
			}
			gtZ, err := zscore(bg)
			if err != nil {
				stop = fmt.Errorf("the motifs sampled for step %d have equal ground truth: %w", step, err)
				break phases
			}
			var (
				scores, dS []float64
				mse, loss  float64
			)
			if dev != nil {
				// The whole step, update included; the loss and scores
				// are the data's before the update.
				if scores, mse, loss, err = deviceStep(ctx, dev, lr); err != nil {
					stop = err
					break phases
				}
			} else {
				if scores, err = eng.scoreGrads(ctx, bm, xtr, xva, gTr, gVa); err != nil {
					stop = err
					break phases
				}
				if mse, dS, err = zMSE(scores, gtZ); err != nil {
					stop = err
					break phases
				}
				loss = mse + l2()
			}
			rho := Spearman(scores, bg)
			if math.IsNaN(loss) || math.IsInf(loss, 0) {
				stop = fmt.Errorf("outer loss became %v at step %d; lower the outer lr (now %v)", loss, step, lr)
				break phases
			}
			if dev != nil {
				// The device has updated the data already; if this step
				// is the best, fetch the data it measured.
				if loss < best.loss {
					if err := dev.Measured(xtr, xva); err != nil {
						stop = errOuterDevice(err)
						break phases
					}
					keep(loss, step, scores, bg)
				}
			} else {
				keep(loss, step, scores, bg)
				for j := range gradTr {
					gradTr[j] = 2 * o.WeightDecay * xtr[j]
					gradVa[j] = 2 * o.WeightDecay * xva[j]
				}
				for i, ds := range dS {
					for j := range gradTr {
						gradTr[j] += ds * gTr[i][j]
						gradVa[j] += ds * gVa[i][j]
					}
				}
				aTr.step(xtr, gradTr, lr, o.Beta1, o.Beta2, o.Eps)
				aVa.step(xva, gradVa, lr, o.Beta1, o.Beta2, o.Eps)
			}
			h.Loss, h.MSE, h.Spearman, h.LR = append(h.Loss, loss), append(h.MSE, mse), append(h.Spearman, rho), append(h.LR, lr)
			h.Seconds = append(h.Seconds, time.Since(t0).Seconds())
			step++
			status := fmt.Sprintf("outer step %d/%d loss=%.4g rank=%.3f", step, total, loss, rho)
			if part != nil {
				part.Progress(step, total, status)
			} else {
				progress.Report(r, step, total, status+" "+eta(start, step, total))
			}
		}
		lr *= o.Decay
	}
	if stop == nil && dev != nil {
		// The data after the last update, from the device, whose memory
		// the final scores below can then use.
		err := dev.Inputs(xtr, xva)
		if err = errors.Join(err, dev.Close()); err != nil {
			stop = errOuterDevice(err)
		}
	}
	if stop == nil {
		// The data after the last update, on all training motifs.
		scores, err := eng.scores(ctx, ms, xtr, xva)
		if err != nil {
			stop = err
		} else {
			gtZ, _ := zscore(gt)
			if mse, _, err := zMSE(scores, gtZ); err == nil {
				h.FinalLoss, h.FinalSpearman = mse+l2(), Spearman(scores, gt)
				keep(h.FinalLoss, step, scores, gt)
			}
		}
	}
	if best.step < 0 {
		if stop == nil {
			stop = errors.New("no outer step completed")
		}
		return h, fmt.Errorf("dish training stopped before the first outer step finished; the dish is unchanged: %w", stop)
	}
	d.adopt(best, ms, gt)
	h.Kept, h.KeptLoss = best.step, best.loss
	if stop != nil {
		return h, fmt.Errorf("dish training stopped after %d of %d outer steps; kept the data of step %d (outer loss %.4g): %w", step, total, best.step, best.loss, stop)
	}
	return h, nil
}

// sample draws B of the motifs without replacement.
func sample(r interface{ Perm(int) []int }, ms []motif.Motif, gt []float64, B int) ([]motif.Motif, []float64) {
	idx := r.Perm(len(ms))[:B]
	bm, bg := make([]motif.Motif, B), make([]float64, B)
	for k, i := range idx {
		bm[k], bg[k] = ms[i], gt[i]
	}
	return bm, bg
}

// adopt makes a snapshot the dish's data and calibrates on the scores and
// ground truth it was measured on; it records the whole training set.
func (d *Dish) adopt(s snapshot, ms []motif.Motif, gt []float64) {
	d.xTrain, d.xValid = s.xTrain, s.xValid
	gm, gs := meanStd(s.gt)
	sm, ss := meanStd(s.scores)
	d.cal = &Calibration{GTMean: gm, GTStd: gs, ScoreMean: sm, ScoreStd: ss}
	d.trainMs = make([]string, len(ms))
	for i, m := range ms {
		d.trainMs[i] = m.String()
	}
	d.trainGT = append([]float64(nil), gt...)
}
