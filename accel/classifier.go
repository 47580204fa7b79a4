package accel

import (
	"fmt"
)

// ClassifierSpec shapes a batch of classifier MLPs trained together by a
// ClassifierTrainer: Inputs -> Hidden -> Hidden -> Classes, hidden
// activations sigmoid(slope*a), a softmax output trained on the mean
// cross-entropy of each minibatch, and Adam with L2 weight decay added to
// the gradient (PyTorch's Adam weight_decay) on every weight and bias.
//
// A network's parameters are one flat vector of NumParams values: for each
// of the three layers its weights (fan-in × fan-out, row-major) and then its
// biases, in layer order.
type ClassifierSpec struct {
	// Inputs, Hidden and Classes are the layer widths (784, 100, 10 for the
	// MNIST ground truth).
	Inputs, Hidden, Classes int
	// Batch is the largest minibatch a step takes; device buffers are sized
	// for it.
	Batch int
	// LR is Adam's learning rate.
	LR float64
	// Beta1, Beta2 and Eps are Adam's constants (PyTorch: 0.9, 0.999, 1e-8).
	Beta1, Beta2, Eps float64
	// L2 is the weight decay added to the gradient, g += L2*theta.
	L2 float64
}

// NumParams returns the length of one network's parameter vector.
func (s ClassifierSpec) NumParams() int {
	i, h, c := s.Inputs, s.Hidden, s.Classes
	return i*h + h + h*h + h + h*c + c
}

// maxClassifierDim bounds every width, the batch and the number of runs, so
// that the products the kernels form stay far inside int64 and each
// dimension inside int32.
const maxClassifierDim = 1 << 20

// Check reports the first setting that cannot be trained, saying what to
// change.
func (s ClassifierSpec) Check() error {
	for _, d := range []struct {
		name string
		v    int
		min  int
	}{{"Inputs", s.Inputs, 1}, {"Hidden", s.Hidden, 1}, {"Classes", s.Classes, 2}, {"Batch", s.Batch, 1}} {
		if d.v < d.min || d.v > maxClassifierDim {
			return fmt.Errorf("accel: classifier %s is %d; it must be between %d and %d", d.name, d.v, d.min, maxClassifierDim)
		}
	}
	switch {
	case !finite(s.LR) || s.LR <= 0:
		return fmt.Errorf("accel: classifier LR is %v; it must be a positive number", s.LR)
	case !(s.Beta1 >= 0 && s.Beta1 < 1):
		return fmt.Errorf("accel: classifier Beta1 is %v; it must be in [0, 1) (PyTorch's default is 0.9)", s.Beta1)
	case !(s.Beta2 >= 0 && s.Beta2 < 1):
		return fmt.Errorf("accel: classifier Beta2 is %v; it must be in [0, 1) (PyTorch's default is 0.999)", s.Beta2)
	case !finite(s.Eps) || s.Eps <= 0:
		return fmt.Errorf("accel: classifier Eps is %v; it must be a positive number (PyTorch's default is 1e-8)", s.Eps)
	case !finite(s.L2) || s.L2 < 0:
		return fmt.Errorf("accel: classifier L2 is %v; it must be a non-negative number", s.L2)
	}
	if p := s.NumParams(); p > 1<<31-1 {
		return fmt.Errorf("accel: a classifier of %d-%d-%d-%d has %d parameters, more than 2^31-1; use narrower layers", s.Inputs, s.Hidden, s.Hidden, s.Classes, p)
	}
	return nil
}

// ClassifierBackend is implemented by backends that train classifiers on
// their device (the CUDA backend); find it with a type assertion:
//
//	if cb, ok := b.(accel.ClassifierBackend); ok { tr, err := cb.NewClassifierTrainer(spec, slopes, params) ... }
type ClassifierBackend interface {
	// NewClassifierTrainer starts len(slopes) independent runs ("runs in
	// flight") of the network spec describes, run r with hidden activations
	// sigmoid(slopes[r]*a) and initial parameters
	// params[r*P:(r+1)*P], P = spec.NumParams(). Adam's state starts at
	// zero. Call SetData before training.
	NewClassifierTrainer(spec ClassifierSpec, slopes, params []float64) (ClassifierTrainer, error)
}

// ClassifierTrainer trains R classifier networks at once on a device, each
// with its own slope, parameters, Adam state and minibatches, all on one
// data set kept on the device. Parameters and optimiser state stay on the
// device between steps; only sample indices go up. A ClassifierTrainer is
// not safe for concurrent use.
type ClassifierTrainer interface {
	// Runs returns R, the number of networks trained at once.
	Runs() int
	// Spec returns the shape and optimiser settings.
	Spec() ClassifierSpec
	// Describe is one line for logs: the device, the runs and the network,
	// and how the work is done (on the CUDA backend, whether the GEMMs run
	// on cuBLAS or on the built-in kernels, and why).
	Describe() string
	// SetData uploads the training set, replacing any earlier one: n
	// samples of Inputs values each, row-major in images (n*Inputs values),
	// and their classes in labels (n values in [0, Classes)).
	SetData(images []float64, labels []int) error
	// Step takes one Adam step for every run, each on its own minibatch:
	// run r trains on samples rows[r*b:(r+1)*b] of the data set, where
	// b = len(rows)/R must be between 1 and Batch (a short last batch of an
	// epoch is fine). The loss is the mean cross-entropy over those b.
	Step(rows []int32) error
	// Steps takes len(rows)/(R*Batch) full-batch steps with one upload:
	// step s of run r trains on rows[(s*R+r)*Batch:][:Batch]. len(rows)
	// must be a positive multiple of R*Batch. Prefer it to Step for
	// throughput: each upload of indices waits for the device to finish
	// the work before it, so one upload per epoch keeps the GPU busy.
	Steps(rows []int32) error
	// StepCount returns the number of Adam steps taken since the start or
	// the last Reset.
	StepCount() int
	// Evaluate returns, per run, the mean cross-entropy and the accuracy
	// (fraction of samples whose first largest logit is the label) on the
	// n samples given as in SetData. The samples are uploaded for this call
	// only.
	Evaluate(images []float64, labels []int) (loss, accuracy []float64, err error)
	// Params downloads all runs' parameters, run r at [r*P:(r+1)*P].
	Params() ([]float64, error)
	// Reset starts fresh runs on the same data: new slopes and initial
	// parameters (laid out as in NewClassifierTrainer; len(slopes) must
	// be Runs()), Adam's state cleared and the step count zero.
	Reset(slopes, params []float64) error
	// Close frees the device memory. The trainer cannot be used after.
	Close() error
}

// checkClassifierRuns validates slopes and params for spec.
func checkClassifierRuns(spec ClassifierSpec, slopes, params []float64) error {
	r := len(slopes)
	if r < 1 || r > maxClassifierDim {
		return fmt.Errorf("accel: classifier trainer with %d slopes; give between 1 and %d, one per run", r, maxClassifierDim)
	}
	for i, s := range slopes {
		if !finite(s) {
			return fmt.Errorf("accel: classifier slope %d is %v; slopes must be finite", i, s)
		}
	}
	p := spec.NumParams()
	if int64(r)*int64(p) > 1<<31-1 {
		return fmt.Errorf("accel: %d runs of %d parameters is more than 2^31-1 values; train fewer runs at once", r, p)
	}
	if len(params) != r*p {
		return fmt.Errorf("accel: classifier params has %d values, want %d (%d runs × %d parameters of a %d-%d-%d-%d network)",
			len(params), r*p, r, p, spec.Inputs, spec.Hidden, spec.Hidden, spec.Classes)
	}
	for i, v := range params {
		if !finite(v) {
			return fmt.Errorf("accel: classifier parameter %d of run %d is %v; parameters must be finite", i%p, i/p, v)
		}
	}
	return nil
}

// checkClassifierData validates a data set for spec and returns its size.
func checkClassifierData(spec ClassifierSpec, what string, images []float64, labels []int) (int, error) {
	n := len(labels)
	if n < 1 || n > 1<<31-1 {
		return 0, fmt.Errorf("accel: classifier %s set has %d labels; give between 1 and 2^31-1 samples", what, n)
	}
	if len(images) != n*spec.Inputs {
		return 0, fmt.Errorf("accel: classifier %s set has %d image values for %d labels; want %d (%d samples × %d inputs)",
			what, len(images), n, n*spec.Inputs, n, spec.Inputs)
	}
	for i, l := range labels {
		if l < 0 || l >= spec.Classes {
			return 0, fmt.Errorf("accel: classifier %s label %d is %d; labels must be classes 0 to %d", what, i, l, spec.Classes-1)
		}
	}
	for i, v := range images {
		if !finite(v) {
			return 0, fmt.Errorf("accel: classifier %s image value %d (sample %d) is %v; inputs must be finite", what, i, i/spec.Inputs, v)
		}
	}
	return n, nil
}

// checkClassifierRows validates sample indices against a data set of n.
func checkClassifierRows(rows []int32, n int) error {
	for i, x := range rows {
		if x < 0 || int(x) >= n {
			return fmt.Errorf("accel: classifier row index %d is %d; the data set has %d samples (indices 0 to %d)", i, x, n, n-1)
		}
	}
	return nil
}
