package groundtruth

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/petridish-go/petridish/accel"
	"github.com/petridish-go/petridish/petri/data"
	"github.com/petridish-go/petridish/petri/progress"
	"github.com/petridish-go/petridish/petri/store"
)

// Result is the ground truth of one slope: means and standard errors over
// its runs.
type Result struct {
	// Slope is the sigmoid slope s.
	Slope float64
	// Motif is the slope's encoding in the store and CSV files.
	Motif string
	// Loss is the mean final validation cross-entropy over the runs.
	Loss float64
	// LossStd is the standard error of Loss.
	LossStd float64
	// Accuracy is the mean final validation accuracy over the runs.
	Accuracy float64
	// AccuracyStd is the standard error of Accuracy.
	AccuracyStd float64
	// Runs are the individual runs, in seed order.
	Runs []RunResult
}

// Sweep is the outcome of Sigmoid, SigmoidOn, ActivationSweep or
// ActivationSweepOn.
type Sweep struct {
	// Family is the motifs' family: Family ("sigmoid") for a sweep of
	// slopes, the motifs' own for a sweep of activations.
	Family string
	// Results holds one entry per motif, in the order the motifs were
	// given.
	Results []Result
	// ConfigHash identifies the settings and data in the store.
	ConfigHash string
	// Trained and Cached count the runs trained now and read from the store.
	Trained, Cached int
	// Device is where the runs were trained, and for cached runs where
	// they had been: "cpu" (float64) or a GPU backend's name such as
	// "cuda" (float32). ConfigHash tells the two apart.
	Device string
}

// Motif returns the store and CSV encoding of a slope: the shortest decimal
// that reads back as the same float64.
func Motif(slope float64) string { return strconv.FormatFloat(slope, 'g', -1, 64) }

// Sigmoid computes the ground truth of the sigmoid-slope experiment on
// MNIST for each slope: cfg.Runs runs (seeds cfg.Seed, cfg.Seed+1, ...) of
// Train on the first cfg.TrainSamples training images, scored on
// cfg.ValidSamples held-out images from index ValidOffset of the training
// split. See SigmoidOn for threads, the store and interruption.
func Sigmoid(ctx context.Context, slopes []float64, cfg Config, st *store.Store, rep progress.Reporter) (Sweep, error) {
	train, valid, err := mnist(cfg)
	if err != nil {
		return Sweep{}, err
	}
	return SigmoidOn(ctx, slopes, cfg, train, valid, st, rep)
}

// mnist loads the MNIST samples cfg asks for: the first cfg.TrainSamples
// training images, and cfg.ValidSamples held-out ones from ValidOffset.
func mnist(cfg Config) (train, valid data.Set, err error) {
	if err := cfg.check(); err != nil {
		return train, valid, err
	}
	if cfg.TrainSamples > MaxTrainSamples || cfg.ValidSamples > MaxValidSamples {
		return train, valid, fmt.Errorf("ground truth: MNIST gives at most %d training and %d validation samples, asked for %d and %d; lower TrainSamples or ValidSamples",
			MaxTrainSamples, MaxValidSamples, cfg.TrainSamples, cfg.ValidSamples)
	}
	if train, err = data.MNIST(data.MNISTTrain, 0, cfg.TrainSamples); err != nil {
		return train, valid, err
	}
	valid, err = data.MNIST(data.MNISTTrain, ValidOffset, cfg.ValidSamples)
	return train, valid, err
}

// SigmoidOn is Sigmoid on given training and validation sets.
//
// cfg.Device picks the trainer. On the CPU, runs train concurrently,
// cfg.Threads at a time (0: every core), each on one core, in float64; the
// results do not depend on the thread count. On a GPU (Device auto with a
// GPU selected, or cuda), cfg.RunsInFlight runs train at once as one
// batched trainer in float32, each run with the same initial weights and
// batches as on the CPU; the results do not depend on RunsInFlight and
// agree with the CPU's to float32 accuracy. If st is not nil, every
// finished run is stored at once (family "sigmoid", the config hash, the
// slope's Motif and the run's seed), and runs already stored under the same
// settings, data and device are read instead of trained, so an interrupted
// sweep resumes where it stopped; GPU runs have their own config hash, so
// they never stand in for CPU runs or the other way round. rep, which may
// be nil, counts finished epochs over all runs. When ctx ends, SigmoidOn
// stops within about a second (one batch per thread on the CPU, a few
// hundred steps on a GPU) and returns ctx's error; the runs finished by
// then are in the store.
func SigmoidOn(ctx context.Context, slopes []float64, cfg Config, train, valid data.Set, st *store.Store, rep progress.Reporter) (Sweep, error) {
	if len(slopes) == 0 {
		return Sweep{}, errors.New("ground truth: no slopes given; pass at least one, e.g. Linspace(0.01, 2.01, 100)")
	}
	seen := map[string]int{}
	for i, s := range slopes {
		if math.IsNaN(s) || math.IsInf(s, 0) {
			return Sweep{}, fmt.Errorf("ground truth: slope %d is %v; slopes must be finite numbers", i, s)
		}
		if j, dup := seen[Motif(s)]; dup {
			return Sweep{}, fmt.Errorf("ground truth: slope %d (%g) repeats slope %d; give each slope once (Runs sets the repeats)", i, s, j)
		}
		seen[Motif(s)] = i
	}
	t, err := newTrainer(cfg, train, valid)
	if err != nil {
		return Sweep{}, err
	}
	cb, device, err := cfg.deviceBackend()
	if err != nil {
		return Sweep{}, err
	}
	motifs := make([]string, len(slopes))
	for i, s := range slopes {
		motifs[i] = Motif(s)
	}
	return t.sweep(ctx, sweepSpec{family: Family, motifs: motifs, slopes: slopes,
		label: func(i int) string { return fmt.Sprintf("slope %.4g", slopes[i]) },
		run: func(ctx context.Context, net *mlp, i int, seed uint64, onEpoch func(int)) (RunResult, error) {
			return t.run(ctx, net, slopes[i], seed, onEpoch)
		}}, cb, device, st, rep)
}

// sweepSpec is what a sweep trains: cfg.Runs runs of each motif.
type sweepSpec struct {
	// family names the motifs' family in the store.
	family string
	// motifs are the motifs' encodings, distinct.
	motifs []string
	// slopes are the sigmoid slopes of the motifs (Result.Slope), or nil
	// for a sweep of another family, which only the CPU trains.
	slopes []float64
	// label names motif i in progress reports ("slope 0.5").
	label func(i int) string
	// run trains one run of motif i on the CPU with net, from scratch.
	run func(ctx context.Context, net *mlp, i int, seed uint64, onEpoch func(epoch int)) (RunResult, error)
}

// sweep trains and stores the runs of spec that st does not hold yet, on
// cb (the sigmoid only) or, with cb nil, on the CPU; device names where.
// See SigmoidOn.
func (t *trainer) sweep(ctx context.Context, spec sweepSpec, cb accel.ClassifierBackend, device string, st *store.Store, rep progress.Reporter) (Sweep, error) {
	cfg := t.cfg
	hashDevice := ""
	if cb != nil {
		hashDevice = device
	}
	hash, desc := cfg.hash(fingerprint(t.trainSet, t.validSet), hashDevice)
	sw := Sweep{Family: spec.family, ConfigHash: hash, Device: device, Results: make([]Result, len(spec.motifs))}
	cached := map[[2]string]store.Run{}
	if st != nil {
		if err := st.PutConfig(store.Config{Family: spec.family, Hash: hash, Description: desc}); err != nil {
			return Sweep{}, err
		}
		runs, err := st.Runs(spec.family, hash)
		if err != nil {
			return Sweep{}, err
		}
		for _, r := range runs {
			cached[[2]string{r.Motif, strconv.FormatUint(r.Seed, 10)}] = r
		}
	}

	// Jobs run-major, so a partial sweep already covers every motif.
	var jobs []job
	slope := func(i int) float64 {
		if spec.slopes == nil {
			return 0
		}
		return spec.slopes[i]
	}
	for i, m := range spec.motifs {
		sw.Results[i] = Result{Slope: slope(i), Motif: m, Runs: make([]RunResult, cfg.Runs)}
	}
	for r := 0; r < cfg.Runs; r++ {
		seed := cfg.Seed + uint64(r)
		for i, m := range spec.motifs {
			if c, ok := cached[[2]string{m, strconv.FormatUint(seed, 10)}]; ok {
				sw.Results[i].Runs[r] = RunResult{Slope: slope(i), Seed: seed, Loss: c.Loss, Accuracy: c.Accuracy, Seconds: c.Seconds, Cached: true, Device: device}
				sw.Cached++
				continue
			}
			jobs = append(jobs, job{i, r})
		}
	}

	total := len(spec.motifs) * cfg.Runs * cfg.Epochs
	var epochs atomic.Int64
	epochs.Store(int64(sw.Cached * cfg.Epochs))
	progress.Report(rep, int(epochs.Load()), total, fmt.Sprintf("%d runs cached, %d to train", sw.Cached, len(jobs)))

	var mu sync.Mutex
	// finish stores a trained run and records it; workers call it concurrently.
	finish := func(j job, res RunResult) error {
		if st != nil {
			err := st.PutRun(store.Run{Family: spec.family, Config: hash, Motif: spec.motifs[j.slope], Seed: res.Seed,
				Loss: res.Loss, Accuracy: res.Accuracy, Seconds: res.Seconds})
			if err != nil {
				return err
			}
		}
		mu.Lock()
		sw.Results[j.slope].Runs[j.run] = res
		sw.Trained++
		mu.Unlock()
		return nil
	}
	var err error
	if cb != nil {
		err = t.sweepOnDevice(ctx, cb, device, spec.slopes, jobs, func(batch []job, epoch int) {
			d := epochs.Add(int64(len(batch)))
			progress.Report(rep, int(d), total, fmt.Sprintf("%d runs on %s (%s run %d/%d ...) epoch %d/%d",
				len(batch), device, spec.label(batch[0].slope), batch[0].run+1, cfg.Runs, epoch, cfg.Epochs))
		}, finish)
	} else {
		err = t.sweepOnCPU(ctx, spec, jobs, func(j job) {
			d := epochs.Add(1)
			progress.Report(rep, int(d), total, fmt.Sprintf("%s run %d/%d", spec.label(j.slope), j.run+1, cfg.Runs))
		}, finish)
	}
	if err != nil {
		return Sweep{}, err
	}
	if err := ctx.Err(); err != nil {
		return Sweep{}, fmt.Errorf("ground truth sweep stopped after %d of %d runs (finished runs are stored): %w", sw.Trained, len(jobs), err)
	}
	for i := range sw.Results {
		aggregate(&sw.Results[i])
	}
	return sw, nil
}

// job is one run to train: slope index and run index (seed Seed+run).
type job struct{ slope, run int }

// sweepOnCPU trains jobs cfg.Threads at a time, one core each, with
// spec.run. onEpoch is called after each epoch of a job; finish is called
// with each finished run. The first error of a run or of finish ends the
// sweep and is returned, and so does a panic in a run (in an activation
// written in a notebook cell, say), which on a worker goroutine would
// otherwise end the program; when ctx ends, the runs stop within a batch
// and it returns that run's error.
func (t *trainer) sweepOnCPU(ctx context.Context, spec sweepSpec, jobs []job, onEpoch func(j job), finish func(j job, res RunResult) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		mu       sync.Mutex
		firstErr error
		next     atomic.Int64
		wg       sync.WaitGroup
	)
	fail := func(err error) {
		mu.Lock()
		if firstErr == nil {
			firstErr = err
		}
		mu.Unlock()
		cancel()
	}
	runJob := func(net *mlp, j job) (res RunResult, err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("ground truth %s run %d: panic: %v", spec.label(j.slope), j.run+1, r)
			}
		}()
		return spec.run(ctx, net, j.slope, t.cfg.Seed+uint64(j.run), func(int) { onEpoch(j) })
	}
	for w := 0; w < min(t.cfg.threads(), len(jobs)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			net := t.newNet()
			for {
				k := int(next.Add(1) - 1)
				if k >= len(jobs) || ctx.Err() != nil {
					return
				}
				j := jobs[k]
				res, err := runJob(net, j)
				if err == nil {
					err = finish(j, res)
				}
				if err != nil {
					fail(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	return firstErr
}

func aggregate(r *Result) {
	loss := make([]float64, len(r.Runs))
	acc := make([]float64, len(r.Runs))
	for i, run := range r.Runs {
		loss[i], acc[i] = run.Loss, run.Accuracy
	}
	r.Loss, r.LossStd = store.MeanStdErr(loss)
	r.Accuracy, r.AccuracyStd = store.MeanStdErr(acc)
}

// fingerprint is a fast deterministic 64-bit hash of the samples and labels,
// so runs on different data never share a config hash.
func fingerprint(sets ...data.Set) string {
	h := uint64(0xcbf29ce484222325)
	mix := func(x uint64) {
		h ^= x
		h *= 0x100000001b3
		h ^= h >> 29
	}
	for _, s := range sets {
		mix(uint64(s.Count))
		mix(uint64(s.Rows)<<32 | uint64(s.Cols))
		for _, v := range s.Images {
			mix(math.Float64bits(v))
		}
		for _, l := range s.Labels {
			mix(uint64(l))
		}
	}
	return strconv.FormatUint(h, 16)
}
