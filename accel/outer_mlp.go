package accel

import (
	"errors"
	"fmt"
	"math"

	"github.com/petridish-go/petridish/accel/cuda"
)

// OuterSpec holds the constants of the outer loop that OuterMLPs runs on
// the device: Adam on the synthetic inputs and the L2 penalty on them.
type OuterSpec struct {
	// Beta1, Beta2 and Eps are Adam's constants (0.9, 0.999, 1e-8). As
	// in the inner loop, Adam's second moment starts at Eps^4, not 0.
	Beta1, Beta2, Eps float64
	// WeightDecay is the L2 coefficient: the loss adds WeightDecay times
	// the sum of squares of both input sets, and the gradient
	// 2*WeightDecay*x (1e-5).
	WeightDecay float64
}

// check reports the first setting that cannot work.
func (o OuterSpec) check() error {
	return checkAdam("outer", o.Beta1, o.Beta2, o.Eps, o.WeightDecay)
}

// OuterLoss is the outer loss of one OuterMLP.Step, measured on the
// inputs the step started from.
type OuterLoss struct {
	// MSE is mean((z(scores) - targets)^2), z standardising the scores
	// over the motifs with the population standard deviation.
	MSE float64
	// SumSquares is the sum of squares of both input sets.
	SumSquares float64
	// Loss is MSE + WeightDecay*SumSquares, the loss whose gradient the
	// step followed.
	Loss float64
}

// ErrConstantScores is matched (errors.Is) by the error of an
// OuterMLP.Step whose scores have no positive standard deviation (all
// equal, or not finite), so that they cannot be z-normalised.
var ErrConstantScores = errors.New("the scores cannot be z-normalised: their population standard deviation is not positive (all equal, or not finite)")

// OuterMLPs is implemented by backends that run the Synthetic Petri
// Dish's whole outer step on their device for sigmoid-slope MLP
// motif-networks, with every motif in every step (Experiment 1). It
// extends UnrolledMLPs, whose per-motif gradients go to the host, by
// keeping the synthetic inputs and their Adam state on the device: each
// step trains every network through the unrolled inner loop and takes the
// adjoint (as ScoreGradMLPs), computes the z-scored MSE and its gradient
// with respect to the scores, reduces the per-motif input gradients
// weighted by it across the networks, adds the L2 gradient and applies
// Adam, all on the device, in float64; only the scores and the loss come
// back. The CUDA backend implements it; reach it with an interface
// assertion:
//
//	if o, ok := b.(accel.OuterMLPs); ok { h, err := o.NewOuterMLP(...); defer h.Close() ... }
type OuterMLPs interface {
	// NewOuterMLP uploads one dish and returns the handle that trains its
	// inputs: one motif-network per slope (at least 2), all sharing
	// theta0 and the labels (as for UnrolledMLPs), the standardised
	// targets the z-scored scores should match (one per slope; the dish's
	// z-scored ground truth), and the starting inputs xTrain and xValid
	// (spec.InputLen() values each). Adam's state starts fresh. Close the
	// handle to free its device memory.
	NewOuterMLP(spec UnrolledMLPSpec, outer OuterSpec, slopes, theta0, labels, targets, xTrain, xValid []float64) (OuterMLP, error)
}

// OuterMLP is one dish's outer loop resident on a device (see OuterMLPs):
// its inputs, Adam's first and second moments for each input set, and
// buffers for one step. It is not safe for concurrent use.
type OuterMLP interface {
	// Motifs returns the number of motif-networks of every step.
	Motifs() int
	// Step takes one outer step with learning rate lr. It writes every
	// network's score on the current inputs into scores (Motifs()
	// values) and returns the outer loss there; then, if the loss is
	// finite, it updates the inputs with Adam step t (t counts the
	// updates since the start or ResetAdam):
	//
	//	g = dMSE/dx + 2*WeightDecay*x   (dMSE/dx: through every network's inner loop)
	//	m = Beta1*m + (1-Beta1)*g
	//	v = Beta2*v + (1-Beta2)*g*g
	//	x -= lr * (m/(1-Beta1^t)) / (sqrt(v/(1-Beta2^t)) + Eps)
	//
	// A step whose loss is not finite changes nothing and returns no
	// error; the caller decides whether to stop. When the scores cannot
	// be z-normalised the error matches ErrConstantScores, scores are
	// still written and nothing changes. After any other error the
	// handle's state is undefined: Close it.
	Step(lr float64, scores []float64) (OuterLoss, error)
	// Inputs copies the current inputs to the host: xTrain and xValid
	// must hold spec.InputLen() values each.
	Inputs(xTrain, xValid []float64) error
	// Measured copies to the host the inputs the last Step measured its
	// loss and scores on (those before its update); before the first
	// Step, or after a Step that did not update, they are the current
	// inputs. A caller that keeps the best inputs seen calls it when a
	// step's loss is a new best.
	Measured(xTrain, xValid []float64) error
	// ResetAdam restarts Adam: m = 0, v = Eps^4 and t = 0, as at the
	// start. The outer schedule calls it at each new learning-rate phase.
	ResetAdam() error
	// Close frees the device memory. Other methods fail after Close;
	// Close again does nothing.
	Close() error
}

var _ OuterMLPs = (*cudaBackend)(nil)

// Launch shapes of the kernels of kernels/outer_step.cu.
const (
	outerZMSEBlock = 128 // threads of outer_zmse_f64's one block: a power of two <= 256
	outerCols      = 32  // outer_reduce_adam_f64 blocks are outerCols x outerRows
	outerRows      = 8
)

// cudaOuterMLP is the CUDA OuterMLP. A step is the score+grad kernel (in
// as many launches as its scratch budget needs), outer_zmse_f64, one
// download of the scores and the loss, and outer_reduce_adam_f64; the
// update is queued without waiting for it.
type cudaOuterMLP struct {
	c      *cudaBackend
	spec   UnrolledMLPSpec
	outer  OuterSpec
	motifs int
	plan   unrolledPlan
	bufs   scratch        // every device buffer, freed by Close
	ub     unrolledBufs   // the score+grad kernel's; ub.xTrain and ub.xValid point into x
	x      cuda.DevicePtr // both input sets, xTrain then xValid: 2*nx doubles
	m, v   cuda.DevicePtr // Adam's moments, laid out as x
	xPrev  cuda.DevicePtr // the inputs before the last update
	tgt    cuda.DevicePtr // the targets
	dS     cuda.DevicePtr // dMSE/dscore
	out    cuda.DevicePtr // the scores (ub.scores), then 4 stats of outer_zmse_f64
	host   []float64      // the download of out
	zmse   *cuda.Func
	adam   *cuda.Func
	t      int  // Adam updates since the start or ResetAdam
	moved  bool // the last Step updated x, so xPrev holds what it measured
	closed bool
}

// NewOuterMLP implements OuterMLPs on the GPU (float64).
func (c *cudaBackend) NewOuterMLP(spec UnrolledMLPSpec, outer OuterSpec, slopes, theta0, labels, targets, xTrain, xValid []float64) (_ OuterMLP, err error) {
	const op = "NewOuterMLP"
	if err := spec.checkArgs(op, slopes, theta0, xTrain, xValid, labels, make([]float64, len(slopes)), nil, nil, false); err != nil {
		return nil, err
	}
	if err := outer.check(); err != nil {
		return nil, err
	}
	if len(slopes) < 2 {
		return nil, fmt.Errorf("accel: %s with %d slopes; the outer loss z-normalises the scores, so it needs at least 2 motifs", op, len(slopes))
	}
	if len(targets) != len(slopes) {
		return nil, fmt.Errorf("accel: %s: targets has %d values; want %d (one per slope)", op, len(targets), len(slopes))
	}
	for i, v := range targets {
		if !finite(v) {
			return nil, fmt.Errorf("accel: %s: target %d is %v; targets must be finite", op, i, v)
		}
	}
	o := &cudaOuterMLP{c: c, spec: spec, outer: outer, motifs: len(slopes)}
	defer func() {
		if err != nil {
			err = errors.Join(fmt.Errorf("accel: %s of %d motifs on %s: %w", op, len(slopes), c.dev.Props().Name, err), o.Close())
		}
	}()
	if o.plan, err = c.planUnrolled(spec, len(slopes), true); err != nil {
		return nil, err
	}
	if o.zmse, err = c.dev.Builtin(cuda.KernelOuterZMSE); err != nil {
		return nil, err
	}
	if o.adam, err = c.dev.Builtin(cuda.KernelOuterReduceAdam); err != nil {
		return nil, err
	}
	d, nx, M := c.dev, spec.InputLen(), len(slopes)
	if o.ub.lay, err = o.bufs.uploadInt32(d, o.plan.lay.ints); err != nil {
		return nil, err
	}
	x := append(append(make([]float64, 0, 2*nx), xTrain...), xValid...)
	for _, u := range []struct {
		p *cuda.DevicePtr
		x []float64
	}{{&o.ub.corr, adamCorrections(spec)}, {&o.ub.slopes, slopes}, {&o.ub.theta0, theta0}, {&o.ub.labels, labels},
		{&o.tgt, targets}, {&o.x, x}, {&o.xPrev, x}} {
		if *u.p, err = o.bufs.upload64(d, u.x); err != nil {
			return nil, err
		}
	}
	o.ub.xTrain, o.ub.xValid = o.x, o.x+cuda.DevicePtr(8*nx)
	for _, a := range []struct {
		p *cuda.DevicePtr
		n int
	}{{&o.m, 2 * nx}, {&o.v, 2 * nx}, {&o.dS, M}, {&o.out, M + 4}, {&o.ub.gt, M * nx}, {&o.ub.gv, M * nx}, {&o.ub.scratch, o.plan.scratchLen()}} {
		if a.n == 0 {
			continue
		}
		if *a.p, err = o.bufs.alloc64(d, a.n); err != nil {
			return nil, err
		}
	}
	o.ub.scores = o.out
	o.host = make([]float64, M+4)
	if err := o.ResetAdam(); err != nil {
		return nil, err
	}
	return o, nil
}

// Motifs implements OuterMLP.
func (o *cudaOuterMLP) Motifs() int { return o.motifs }

// usable fails after Close.
func (o *cudaOuterMLP) usable(op string) error {
	if o.closed {
		return fmt.Errorf("accel: outer step %s after Close; make a new one with NewOuterMLP", op)
	}
	return nil
}

// wrap adds the operation and the device to a device error.
func (o *cudaOuterMLP) wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("accel: outer step %s on %s: %w", op, o.c.dev.Props().Name, err)
}

// Step implements OuterMLP.
func (o *cudaOuterMLP) Step(lr float64, scores []float64) (OuterLoss, error) {
	nan := OuterLoss{MSE: math.NaN(), SumSquares: math.NaN(), Loss: math.NaN()}
	if err := o.usable("Step"); err != nil {
		return nan, err
	}
	if !(lr > 0) || math.IsInf(lr, 0) {
		return nan, fmt.Errorf("accel: outer step: lr is %v; it must be a positive finite number", lr)
	}
	if len(scores) != o.motifs {
		return nan, fmt.Errorf("accel: outer step: scores has %d values; want %d (one per motif)", len(scores), o.motifs)
	}
	d, M, nx := o.c.dev, o.motifs, o.spec.InputLen()
	if err := o.c.launchUnrolled(o.plan, o.spec, M, o.ub); err != nil {
		return nan, o.wrap("Step", err)
	}
	err := d.Launch(o.zmse, cuda.Dim3{X: 1, Y: 1, Z: 1}, cuda.Dim3{X: outerZMSEBlock, Y: 1, Z: 1}, 0,
		cuda.Int32(int32(M)), cuda.Ptr(o.out), cuda.Ptr(o.tgt), cuda.Int32(int32(2*nx)), cuda.Ptr(o.x),
		cuda.Ptr(o.dS), cuda.Ptr(o.out+cuda.DevicePtr(8*M)))
	if err != nil {
		return nan, o.wrap("Step", err)
	}
	if err := d.DownloadFloat64(o.host, o.out); err != nil {
		return nan, o.wrap("Step", err)
	}
	copy(scores, o.host[:M])
	mse, ss, sd := o.host[M], o.host[M+1], o.host[M+2]
	o.moved = false
	if !(sd > 0) {
		return OuterLoss{MSE: math.NaN(), SumSquares: ss, Loss: math.NaN()},
			fmt.Errorf("accel: outer step of %d motif-networks: their scores have standard deviation %v (the first is %v): %w", M, sd, scores[0], ErrConstantScores)
	}
	loss := OuterLoss{MSE: mse, SumSquares: ss, Loss: mse + o.outer.WeightDecay*ss}
	if !finite(loss.Loss) {
		return loss, nil
	}
	o.t++
	b1, b2 := o.outer.Beta1, o.outer.Beta2
	c1 := 1 / (1 - math.Pow(b1, float64(o.t)))
	c2 := 1 / (1 - math.Pow(b2, float64(o.t)))
	grid := cuda.Dim3{X: uint32((nx + outerCols - 1) / outerCols), Y: 2, Z: 1}
	err = d.Launch(o.adam, grid, cuda.Dim3{X: outerCols, Y: outerRows, Z: 1}, 0,
		cuda.Int32(int32(M)), cuda.Int32(int32(nx)), cuda.Ptr(o.ub.gt), cuda.Ptr(o.ub.gv), cuda.Ptr(o.dS),
		cuda.Float64(o.outer.WeightDecay), cuda.Float64(lr), cuda.Float64(b1), cuda.Float64(b2), cuda.Float64(o.outer.Eps),
		cuda.Float64(c1), cuda.Float64(c2), cuda.Ptr(o.x), cuda.Ptr(o.m), cuda.Ptr(o.v), cuda.Ptr(o.xPrev))
	if err != nil {
		return loss, o.wrap("Step", err)
	}
	o.moved = true
	return loss, nil
}

// download copies the two input sets of buffer p into xTrain and xValid.
func (o *cudaOuterMLP) download(op string, p cuda.DevicePtr, xTrain, xValid []float64) error {
	if err := o.usable(op); err != nil {
		return err
	}
	nx := o.spec.InputLen()
	if len(xTrain) != nx || len(xValid) != nx {
		return fmt.Errorf("accel: outer step %s: xTrain and xValid have %d and %d values; want %d each (samples x inputs)", op, len(xTrain), len(xValid), nx)
	}
	d := o.c.dev
	return o.wrap(op, errors.Join(d.DownloadFloat64(xTrain, p), d.DownloadFloat64(xValid, p+cuda.DevicePtr(8*nx))))
}

// Inputs implements OuterMLP.
func (o *cudaOuterMLP) Inputs(xTrain, xValid []float64) error {
	return o.download("Inputs", o.x, xTrain, xValid)
}

// Measured implements OuterMLP.
func (o *cudaOuterMLP) Measured(xTrain, xValid []float64) error {
	p := o.x
	if o.moved {
		p = o.xPrev
	}
	return o.download("Measured", p, xTrain, xValid)
}

// ResetAdam implements OuterMLP.
func (o *cudaOuterMLP) ResetAdam() error {
	if err := o.usable("ResetAdam"); err != nil {
		return err
	}
	n := 2 * o.spec.InputLen()
	zero, v0 := make([]float64, n), make([]float64, n)
	e := o.outer.Eps
	for i := range v0 {
		v0[i] = e * e * e * e
	}
	d := o.c.dev
	if err := o.wrap("ResetAdam", errors.Join(d.UploadFloat64(o.m, zero), d.UploadFloat64(o.v, v0))); err != nil {
		return err
	}
	o.t = 0
	return nil
}

// Close implements OuterMLP.
func (o *cudaOuterMLP) Close() error {
	if o.closed {
		return nil
	}
	o.closed = true
	return o.bufs.free(o.c.dev)
}
