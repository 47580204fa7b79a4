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

// engine returns the dish's worker pool, building it on first use.
func (d *Dish) engine() (*engine, error) {
	if d.eng == nil {
		e, err := newEngine(d.fam, d.cfg.Path, d.problem(), d.cfg.threads())
		if err != nil {
			return nil, err
		}
		d.eng = e
	}
	return d.eng, nil
}
