package groundtruth

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/petridish-go/petridish/accel"
	"github.com/petridish-go/petridish/petri/rng"
)

// The values of Config.Device.
const (
	// DeviceAuto trains on the current accel backend when it can train
	// classifiers (a GPU), else on the CPU.
	DeviceAuto = "auto"
	// DeviceCPU trains on the CPU in float64, the reference.
	DeviceCPU = "cpu"
	// DeviceCUDA trains on the GPU in float32, or fails when there is none.
	DeviceCUDA = "cuda"
)

// device returns c.Device normalised (case and surrounding space ignored,
// "" read as auto), or "" when it names no device.
func (c Config) device() string {
	switch d := strings.ToLower(strings.TrimSpace(c.Device)); d {
	case "", DeviceAuto:
		return DeviceAuto
	case DeviceCPU, DeviceCUDA:
		return d
	}
	return ""
}

func (c Config) runsInFlight() int {
	if c.RunsInFlight > 0 {
		return c.RunsInFlight
	}
	return DefaultRunsInFlight
}

// deviceBackend resolves c.Device to the backend that trains and its name:
// nil and "cpu" for the CPU trainer.
func (c Config) deviceBackend() (accel.ClassifierBackend, string, error) {
	switch c.device() {
	case DeviceCPU:
		return nil, DeviceCPU, nil
	case DeviceCUDA:
		b, err := accel.Select(DeviceCUDA)
		if err != nil {
			return nil, "", fmt.Errorf("ground truth: Device is %q but there is no usable GPU (%w); set Device to %q or %q to train on the CPU",
				c.Device, err, DeviceAuto, DeviceCPU)
		}
		cb, ok := b.(accel.ClassifierBackend)
		if !ok {
			return nil, "", fmt.Errorf("ground truth: Device is %q but the %s backend cannot train classifiers; set Device to %q or %q",
				c.Device, b.Name(), DeviceAuto, DeviceCPU)
		}
		return cb, b.Name(), nil
	}
	b, err := accel.Current()
	if err != nil {
		return nil, "", fmt.Errorf("ground truth: Device is auto but the current device is unusable: %w", err)
	}
	if cb, ok := b.(accel.ClassifierBackend); ok {
		return cb, b.Name(), nil
	}
	return nil, DeviceCPU, nil
}

// deviceChunkSteps is how many steps one ClassifierTrainer.Steps call takes
// at most; the context is checked between calls, so a sweep stops within
// about this many steps. (A variable so tests can force several chunks.)
var deviceChunkSteps = 200

// deviceTrainer trains batches of runs on a device, keeping one
// ClassifierTrainer (and the training set on the device) while the batch
// size stays the same.
type deviceTrainer struct {
	t    *trainer
	cb   accel.ClassifierBackend
	name string
	spec accel.ClassifierSpec
	tr   accel.ClassifierTrainer
}

func newDeviceTrainer(t *trainer, cb accel.ClassifierBackend, name string) *deviceTrainer {
	c := t.cfg
	return &deviceTrainer{t: t, cb: cb, name: name, spec: accel.ClassifierSpec{
		Inputs: t.train.inputs, Hidden: c.Hidden, Classes: classes, Batch: c.BatchSize,
		LR: c.LearningRate, Beta1: adamBeta1, Beta2: adamBeta2, Eps: adamEps, L2: c.L2}}
}

func (d *deviceTrainer) close() error {
	if d.tr == nil {
		return nil
	}
	err := d.tr.Close()
	d.tr = nil
	return err
}

// start makes d.tr a trainer of len(slopes) runs from params, on the
// training set.
func (d *deviceTrainer) start(slopes, params []float64) error {
	if d.tr != nil && d.tr.Runs() == len(slopes) {
		return d.tr.Reset(slopes, params)
	}
	if err := d.close(); err != nil {
		return err
	}
	tr, err := d.cb.NewClassifierTrainer(d.spec, slopes, params)
	if err != nil {
		return err
	}
	if err := tr.SetData(d.t.trainSet.Images, d.t.trainSet.Labels); err != nil {
		return errors.Join(err, tr.Close())
	}
	d.tr = tr
	return nil
}

// runBatch trains one run per slope and seed at once, each exactly as
// trainer.run would on the CPU: the same initial parameters drawn from the
// seed's generator, and then the same shuffled order each epoch from the
// same generator, so that run r sees the CPU run's batches. onEpoch, if not
// nil, is called after each epoch. When ctx ends it returns stopped true
// within about deviceChunkSteps steps. Seconds is the batch's wall time,
// shared by its runs; SamplesPerSecond is each run's training throughput,
// counting the validation too, as the device works asynchronously.
func (d *deviceTrainer) runBatch(ctx context.Context, slopes []float64, seeds []uint64, onEpoch func(epoch int)) (res []RunResult, stopped bool, err error) {
	start := time.Now()
	cfg, runs := d.t.cfg, len(slopes)
	n, bs, np := d.t.train.n, cfg.BatchSize, d.spec.NumParams()
	params := make([]float64, runs*np)
	gens := make([]*rand.Rand, runs)
	orders := make([][]int32, runs)
	for r := range gens {
		gens[r] = rng.New(seeds[r])
		drawParams(gens[r], params[r*np:(r+1)*np], d.spec.Inputs, d.spec.Hidden, cfg.InitScale)
		orders[r] = make([]int32, n)
		for i := range orders[r] {
			orders[r][i] = int32(i)
		}
	}
	if err := d.start(slopes, params); err != nil {
		return nil, false, fmt.Errorf("ground truth on %s: %w", d.name, err)
	}
	full, rest := n/bs, n%bs
	chunk := max(1, deviceChunkSteps)
	buf := make([]int32, min(full, chunk)*runs*bs)
	tail := make([]int32, runs*rest)
	for epoch := 0; epoch < cfg.Epochs; epoch++ {
		for r, o := range orders {
			gens[r].Shuffle(n, func(i, j int) { o[i], o[j] = o[j], o[i] })
		}
		// Step s of run r trains on rows[(s*runs+r)*bs:][:bs], as Steps wants.
		for lo := 0; lo < full; lo += chunk {
			if ctx.Err() != nil {
				return nil, true, nil
			}
			k := min(chunk, full-lo)
			rows := buf[:k*runs*bs]
			for s := 0; s < k; s++ {
				for r, o := range orders {
					copy(rows[(s*runs+r)*bs:(s*runs+r+1)*bs], o[(lo+s)*bs:])
				}
			}
			if err := d.tr.Steps(rows); err != nil {
				return nil, false, fmt.Errorf("ground truth on %s: %w", d.name, err)
			}
		}
		if rest > 0 {
			if ctx.Err() != nil {
				return nil, true, nil
			}
			for r, o := range orders {
				copy(tail[r*rest:(r+1)*rest], o[full*bs:])
			}
			if err := d.tr.Step(tail); err != nil {
				return nil, false, fmt.Errorf("ground truth on %s: %w", d.name, err)
			}
		}
		if onEpoch != nil {
			onEpoch(epoch + 1)
		}
	}
	loss, acc, err := d.tr.Evaluate(d.t.validSet.Images, d.t.validSet.Labels)
	if err != nil {
		return nil, false, fmt.Errorf("ground truth on %s: validation: %w", d.name, err)
	}
	secs := time.Since(start).Seconds()
	res = make([]RunResult, runs)
	for r := range res {
		res[r] = RunResult{Slope: slopes[r], Seed: seeds[r], Loss: loss[r], Accuracy: acc[r], Seconds: secs,
			SamplesPerSecond: float64(n*cfg.Epochs) / secs, Device: d.name}
	}
	return res, false, nil
}

// sweepOnDevice trains jobs on cb, cfg.RunsInFlight at a time in job order.
// onEpoch is called after each epoch of a batch with the batch's jobs;
// finish is called with each finished run, and the first error it returns
// ends the sweep. When ctx ends, it returns nil within about
// deviceChunkSteps steps; the caller reports the stop.
func (t *trainer) sweepOnDevice(ctx context.Context, cb accel.ClassifierBackend, name string, slopes []float64, jobs []job,
	onEpoch func(batch []job, epoch int), finish func(j job, res RunResult) error) (err error) {
	d := newDeviceTrainer(t, cb, name)
	defer func() { err = errors.Join(err, d.close()) }()
	for lo := 0; lo < len(jobs) && ctx.Err() == nil; lo += t.cfg.runsInFlight() {
		batch := jobs[lo:min(lo+t.cfg.runsInFlight(), len(jobs))]
		ss, seeds := make([]float64, len(batch)), make([]uint64, len(batch))
		for i, j := range batch {
			ss[i], seeds[i] = slopes[j.slope], t.cfg.Seed+uint64(j.run)
		}
		res, stopped, err := d.runBatch(ctx, ss, seeds, func(epoch int) { onEpoch(batch, epoch) })
		if err != nil || stopped {
			return err
		}
		var diverged error
		for i, r := range res {
			if err := checkLoss(fmt.Sprintf("slope %g", r.Slope), r.Seed, r.Loss); err != nil {
				if diverged == nil {
					diverged = err
				}
				continue
			}
			if err := finish(batch[i], r); err != nil {
				return err
			}
		}
		if diverged != nil {
			return diverged
		}
	}
	return nil
}
