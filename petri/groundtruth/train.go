package groundtruth

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/petridish-go/petridish/petri/data"
	"github.com/petridish-go/petridish/petri/progress"
	"github.com/petridish-go/petridish/petri/rng"
)

// RunResult is the outcome of one training run of one slope.
type RunResult struct {
	// Slope is the sigmoid slope s of the hidden activations sigmoid(s*x)
	// (0 for TrainActivation, whose activation has none).
	Slope float64
	// Seed is the run's seed (initial weights and batch order).
	Seed uint64
	// Loss is the final mean validation cross-entropy.
	Loss float64
	// Accuracy is the final validation accuracy in [0,1].
	Accuracy float64
	// Seconds is the run's wall time, training and validation.
	Seconds float64
	// SamplesPerSecond is the training throughput (0 for a cached run).
	SamplesPerSecond float64
	// Cached is true when the run was read from the store, not trained.
	Cached bool
	// Device is where the run was trained: "cpu" (float64) or a GPU
	// backend's name such as "cuda" (float32). A GPU trains many runs at
	// once, so there Seconds is the wall time of the runs trained together
	// and SamplesPerSecond, each run's rate, includes its validation.
	Device string
}

// trainer holds the compressed data shared (read-only) by concurrent runs.
type trainer struct {
	cfg          Config
	train, valid *sparseSet
	// trainSet and validSet are the same samples dense, for a device.
	trainSet, validSet data.Set
}

func newTrainer(cfg Config, train, valid data.Set) (*trainer, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	if train.Count < cfg.TrainSamples {
		return nil, fmt.Errorf("ground truth: the training set has %d samples but TrainSamples is %d; lower TrainSamples", train.Count, cfg.TrainSamples)
	}
	if valid.Count < cfg.ValidSamples {
		return nil, fmt.Errorf("ground truth: the validation set has %d samples but ValidSamples is %d; lower ValidSamples", valid.Count, cfg.ValidSamples)
	}
	if train.Pixels() != valid.Pixels() {
		return nil, fmt.Errorf("ground truth: training images have %d pixels, validation images %d; use sets of the same kind", train.Pixels(), valid.Pixels())
	}
	train, valid = head(train, cfg.TrainSamples), head(valid, cfg.ValidSamples)
	tr, err := newSparseSet(train, "training")
	if err != nil {
		return nil, err
	}
	va, err := newSparseSet(valid, "validation")
	if err != nil {
		return nil, err
	}
	return &trainer{cfg: cfg, train: tr, valid: va, trainSet: train, validSet: valid}, nil
}

// head returns the first n samples of s (no copy).
func head(s data.Set, n int) data.Set {
	p := s.Pixels()
	return data.Set{Images: s.Images[:n*p], Labels: s.Labels[:n], Count: n, Rows: s.Rows, Cols: s.Cols}
}

func (t *trainer) newNet() *mlp { return newMLP(t.train.inputs, t.cfg.Hidden, t.cfg.BatchSize) }

// run trains net from scratch for one slope and seed. onEpoch, if not nil,
// is called after each epoch. It stops within one batch of ctx ending.
func (t *trainer) run(ctx context.Context, net *mlp, slope float64, seed uint64, onEpoch func(epoch int)) (RunResult, error) {
	r := rng.New(seed)
	net.reset(r, slope, t.cfg.InitScale)
	res, err := t.fit(ctx, net, r, fmt.Sprintf("slope %g", slope), seed, onEpoch)
	res.Slope = slope
	return res, err
}

// network is a ground-truth network that trainer.fit trains: the
// hand-written sigmoid MLP (mlp) or, for any hidden activation, actNet on
// petri/autodiff.
type network interface {
	// trainBatch takes one Adam step (learning rate lr, L2 l2) on the
	// batch rows of set.
	trainBatch(set *sparseSet, rows []int32, lr, l2 float64) error
	// score returns the mean cross-entropy and the accuracy on set.
	score(set *sparseSet) (loss, acc float64, err error)
}

// fit trains net, already reset with r, for cfg.Epochs over the training
// set in batches shuffled by r, then scores it on the validation set.
// label names the run in errors ("slope 0.5"). onEpoch, if not nil, is
// called after each epoch. It stops within one batch of ctx ending.
func (t *trainer) fit(ctx context.Context, net network, r *rand.Rand, label string, seed uint64, onEpoch func(epoch int)) (RunResult, error) {
	start := time.Now()
	n, bs := t.train.n, t.cfg.BatchSize
	order := make([]int32, n)
	for i := range order {
		order[i] = int32(i)
	}
	done := ctx.Done()
	for epoch := 0; epoch < t.cfg.Epochs; epoch++ {
		r.Shuffle(n, func(i, j int) { order[i], order[j] = order[j], order[i] })
		for lo := 0; lo < n; lo += bs {
			select {
			case <-done:
				return RunResult{}, fmt.Errorf("ground truth %s: stopped in epoch %d: %w", label, epoch+1, ctx.Err())
			default:
			}
			if err := net.trainBatch(t.train, order[lo:min(lo+bs, n)], t.cfg.LearningRate, t.cfg.L2); err != nil {
				return RunResult{}, fmt.Errorf("ground truth %s seed %d: epoch %d: %w", label, seed, epoch+1, err)
			}
		}
		if onEpoch != nil {
			onEpoch(epoch + 1)
		}
	}
	trained := time.Since(start).Seconds()
	loss, acc, err := net.score(t.valid)
	if err != nil {
		return RunResult{}, fmt.Errorf("ground truth %s seed %d: validation: %w", label, seed, err)
	}
	if err := checkLoss(label, seed, loss); err != nil {
		return RunResult{}, err
	}
	return RunResult{Seed: seed, Loss: loss, Accuracy: acc,
		Seconds: time.Since(start).Seconds(), SamplesPerSecond: float64(n*t.cfg.Epochs) / trained, Device: DeviceCPU}, nil
}

// checkLoss reports a run (label: "slope 0.5") whose validation loss is
// not finite.
func checkLoss(label string, seed uint64, loss float64) error {
	if math.IsNaN(loss) || math.IsInf(loss, 0) {
		return fmt.Errorf("ground truth %s seed %d: validation loss is %v (training diverged); try a smaller LearningRate", label, seed, loss)
	}
	return nil
}

// Train trains one MLP (inputs-Hidden-Hidden-10, hidden activations
// sigmoid(slope*x), softmax cross-entropy, Adam with L2) for cfg.Epochs over
// the first cfg.TrainSamples samples of train in shuffled batches of
// cfg.BatchSize, then returns its loss and accuracy on the first
// cfg.ValidSamples samples of valid. It uses one core, in float64;
// cfg.Runs, Seed, Threads, Device and RunsInFlight are ignored (seed is
// given). rep, which may be nil, gets one
// report per epoch. Train stops within one batch when ctx ends.
func Train(ctx context.Context, slope float64, seed uint64, cfg Config, train, valid data.Set, rep progress.Reporter) (RunResult, error) {
	if math.IsNaN(slope) || math.IsInf(slope, 0) {
		return RunResult{}, fmt.Errorf("ground truth: slope %v is not a finite number", slope)
	}
	t, err := newTrainer(cfg, train, valid)
	if err != nil {
		return RunResult{}, err
	}
	return t.run(ctx, t.newNet(), slope, seed, func(epoch int) {
		progress.Report(rep, epoch, cfg.Epochs, fmt.Sprintf("slope %g epoch %d/%d", slope, epoch, cfg.Epochs))
	})
}
