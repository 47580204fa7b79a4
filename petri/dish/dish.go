package dish

import (
	"fmt"
	"math"

	"github.com/petridish-go/petridish/petri/motif"
	"github.com/petridish-go/petridish/petri/rng"
)

// Dish is a Synthetic Petri Dish: the shared initial motif-network
// weights, the fixed synthetic labels and the learned synthetic training
// and validation inputs, plus, once trained, the calibration that maps
// dish scores to the ground-truth scale.
//
// A Dish is not safe for concurrent use; it parallelises internally.
type Dish struct {
	cfg     Config
	fam     motif.Family
	theta0  []float64
	labels  []float64
	xTrain  []float64
	xValid  []float64
	cal     *Calibration
	trainMs []string
	trainGT []float64
	eng     *engine
}

// Calibration maps dish scores to the ground-truth scale: a score s
// predicts GTMean + GTStd*(s - ScoreMean)/ScoreStd. GTMean and GTStd are
// the training ground truth's mean and population standard deviation;
// ScoreMean and ScoreStd those of the training motifs' dish scores on the
// kept synthetic data. (If a training with sampled batches is interrupted,
// both come from the last batch instead of all training motifs.)
type Calibration struct {
	GTMean    float64 `json:"gt_mean"`
	GTStd     float64 `json:"gt_std"`
	ScoreMean float64 `json:"score_mean"`
	ScoreStd  float64 `json:"score_std"`
}

// New returns an untrained dish. From rng.New(cfg.Seed) it draws, in this
// order, theta_init (the family's InitParams), the synthetic training
// inputs (standard normal; the validation inputs start as a copy) and the
// labels (round(uniform), shared by both sets, fixed for the dish's life).
func New(cfg Config) (*Dish, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.clone()
	fam, _ := motif.Lookup(cfg.Family)
	r := rng.New(cfg.Seed)
	d := &Dish{cfg: cfg, fam: fam}
	d.theta0 = fam.InitParams(cfg.Net, r)
	d.xTrain = make([]float64, cfg.Net.XLen())
	for i := range d.xTrain {
		d.xTrain[i] = r.NormFloat64()
	}
	d.xValid = append([]float64(nil), d.xTrain...)
	d.labels = make([]float64, cfg.Net.YLen())
	for i := range d.labels {
		d.labels[i] = math.Round(r.Float64())
	}
	return d, nil
}

// Config returns a copy of the dish's settings.
func (d *Dish) Config() Config { return d.cfg.clone() }

// SetThreads changes how many goroutines train motif-networks (0 means
// GOMAXPROCS). Results do not depend on it.
func (d *Dish) SetThreads(n int) error {
	if n < 0 {
		return fmt.Errorf("threads is %d; use 0 for GOMAXPROCS or a positive count", n)
	}
	d.cfg.Threads = n
	d.eng = nil
	return nil
}

// Family returns the name of the dish's motif family.
func (d *Dish) Family() string { return d.cfg.Family }

// Trained reports whether the dish has a calibration, i.e. whether Train
// completed at least one outer step (or a trained dish was loaded).
func (d *Dish) Trained() bool { return d.cal != nil }

// Calibration returns the score-to-ground-truth mapping and whether the
// dish has one.
func (d *Dish) Calibration() (Calibration, bool) {
	if d.cal == nil {
		return Calibration{}, false
	}
	return *d.cal, true
}

// SyntheticData returns copies of the synthetic training inputs, the
// validation inputs (each Samples x Inputs, row-major) and the labels
// (Samples x Outputs).
func (d *Dish) SyntheticData() (xTrain, xValid, labels []float64) {
	return append([]float64(nil), d.xTrain...), append([]float64(nil), d.xValid...), append([]float64(nil), d.labels...)
}

// TrainingSet returns the encodings and ground-truth losses of the motifs
// the dish was last trained on (nil before training).
func (d *Dish) TrainingSet() (motifs []string, losses []float64) {
	return append([]string(nil), d.trainMs...), append([]float64(nil), d.trainGT...)
}

// problem is the motif-network problem shared by every worker.
func (d *Dish) problem() motif.Problem {
	return motif.Problem{Net: d.cfg.Net, Inner: d.cfg.Inner, Theta0: d.theta0, Labels: d.labels}
}

// current fails when the dish's family is no longer the one registered
// under its name: motif.Define ran again for the name after the dish was
// made (or loaded).
//
// Why an error rather than either definition in silence: the dish's
// synthetic data and calibration were fitted to the motif-networks of
// the definition it was made with, so scoring with the new definition
// would give uncalibrated predictions, and scoring with the old one would
// ignore the change the user just made. A user who reran Define has
// changed their motif-network (or reran the cell unchanged), and is best
// told which of the two the dish would use and how to pick.
func (d *Dish) current() error {
	if cur, err := motif.Lookup(d.cfg.Family); err == nil && cur == d.fam {
		return nil
	}
	return fmt.Errorf("dish: family %q was defined again (motif.Define) after this dish was made, and the dish's synthetic data fit the definition it was made with; "+
		"make a new dish (dish.New) and train it for the new definition, or call Rebind to move this dish to it and Train it again", d.cfg.Family)
}

// Rebind moves the dish to the family now registered under its name, for
// after motif.Define ran again with that name: until then Scores, Predict,
// Train and Engine fail, because the dish was made with the earlier
// definition. theta_init, the synthetic data and the calibration stay;
// they were fitted to the earlier definition's motif-networks, so unless
// the definition did not change, Train again (it continues from the
// current data) before trusting Predict. Rebind fails, leaving the dish as
// it was, if the new definition rejects the dish's network sizes or has
// another number of parameters. For a family that was not defined again
// it does nothing.
func (d *Dish) Rebind() error {
	fam, err := motif.Lookup(d.cfg.Family)
	if err != nil {
		return fmt.Errorf("dish: %w", err)
	}
	if fam == d.fam {
		return nil
	}
	p := d.problem()
	if err := p.Validate(fam); err != nil {
		return fmt.Errorf("dish: the new definition of family %q does not fit this dish (make a new dish with dish.New): %w", d.cfg.Family, err)
	}
	d.fam, d.eng = fam, nil
	return nil
}

// engine returns the dish's engine for its path as it resolves now (see
// Config.Path), building it on first use and again when the resolved path
// or the current accel backend changes (as %device does).
func (d *Dish) engine() (*engine, error) {
	if err := d.current(); err != nil {
		return nil, err
	}
	path, b, err := resolvePath(d.fam, d.cfg.Path)
	if err != nil {
		return nil, fmt.Errorf("dish: %w", err)
	}
	if d.eng != nil && d.eng.path == path && sameBackend(d.eng.backend, b) {
		return d.eng, nil
	}
	d.eng = nil
	e, err := newEngine(d.fam, path, b, d.problem(), d.cfg.threads())
	if err != nil {
		return nil, err
	}
	d.eng = e
	return e, nil
}

// Engine reports how Scores, Predict and Train compute now: path is the
// path that runs (PathDevice, PathFused or PathGeneric; PathAuto resolved
// against the current accel backend, which PETRI_DEVICE or %device
// selects), and device says where, in one line: "cpu: 8 goroutines", or
// the GPU backend's accel Describe line on PathDevice. It fails as they
// would, e.g. for PathDevice without a capable backend. Train records the
// same in History.Path and History.Device.
func (d *Dish) Engine() (path, device string, err error) {
	e, err := d.engine()
	if err != nil {
		return "", "", err
	}
	return e.path, e.device(), nil
}

// SetPath changes the dish's Config.Path: PathAuto, PathFused,
// PathGeneric or PathDevice (which needs a capable backend now). Use it,
// say, to run a dish saved with PathDevice on a machine without a GPU.
// Scores on different paths agree to rounding, not bit for bit.
func (d *Dish) SetPath(path string) error {
	if err := checkPath(d.fam, path, true); err != nil {
		return fmt.Errorf("dish: %w", err)
	}
	d.cfg.Path = path
	d.eng = nil
	return nil
}
