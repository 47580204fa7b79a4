package motif

import "fmt"

// mlpWorker is the sigmoid family's fused path: it runs the inner Adam
// loop of one motif-network at a time, keeping every step's state, and
// then the hand-written adjoint of the whole trajectory (unrolledAdam),
// with the MLP's hand-written gradient and Hessian products.
type mlpWorker struct {
	lay  mlpLayout
	y    []float64
	s    float64 // the slope being trained
	adam *unrolledAdam

	// Per-step hidden activations (hLen) and output probabilities
	// (outLen) of the forward pass at theta_t on the training inputs.
	hH, pH []float64

	// Scratch: one pass's activations.
	h, z, p []float64
	sc      *mlpScratch
}

func newMLPWorker(p Problem) *mlpWorker {
	lay := newMLPLayout(p.Net)
	return &mlpWorker{
		lay:  lay,
		y:    append([]float64(nil), p.Labels...),
		adam: newUnrolledAdam(p.Inner, p.Theta0),
		h:    make([]float64, lay.hLen), z: make([]float64, lay.outLen), p: make([]float64, lay.outLen),
		sc: newMLPScratch(&lay),
	}
}

// gradStep is innerNet's: the MLP's training-loss gradient at slope w.s,
// keeping the activations of step t when recording.
func (w *mlpWorker) gradStep(t int, record bool, theta, x, g []float64) {
	lay := &w.lay
	h, p := w.h, w.p
	if record {
		if w.hH == nil {
			w.hH, w.pH = make([]float64, w.adam.in.Steps*lay.hLen), make([]float64, w.adam.in.Steps*lay.outLen)
		}
		h = w.hH[t*lay.hLen : (t+1)*lay.hLen]
		p = w.pH[t*lay.outLen : (t+1)*lay.outLen]
	}
	lay.gradStep(w.s, theta, x, h, p, w.y, g, w.sc)
}

// hvp is innerNet's, from step t's recorded activations.
func (w *mlpWorker) hvp(t int, theta, x, v, hv, gx []float64) {
	lay := &w.lay
	h := w.hH[t*lay.hLen : (t+1)*lay.hLen]
	p := w.pH[t*lay.outLen : (t+1)*lay.outLen]
	lay.hvp(w.s, theta, x, h, p, w.y, v, hv, gx, w.sc)
}

func (w *mlpWorker) checkX(xTrain, xValid []float64) error {
	n := w.lay.n * w.lay.dims[0]
	if len(xTrain) != n || len(xValid) != n {
		return fmt.Errorf("synthetic inputs have %d (train) and %d (validation) values; the motif-network needs %d each (samples x inputs)", len(xTrain), len(xValid), n)
	}
	return nil
}

// Score trains m's network and returns the validation loss.
func (w *mlpWorker) Score(m Motif, xTrain, xValid []float64) (float64, error) {
	s, err := slopeOf(m)
	if err != nil {
		return 0, err
	}
	if err := w.checkX(xTrain, xValid); err != nil {
		return 0, err
	}
	w.s = s
	w.adam.train(w, xTrain, false)
	w.lay.forward(s, w.adam.theta, xValid, w.h, w.z, false)
	return bceLoss(w.z, w.y, w.p), nil
}

// ScoreGrad trains m's network, returns the validation loss, and writes
// its gradient with respect to both input sets by running the adjoint of
// the inner loop backwards through the stored trajectory.
func (w *mlpWorker) ScoreGrad(m Motif, xTrain, xValid, gradTrain, gradValid []float64) (float64, error) {
	s, err := slopeOf(m)
	if err != nil {
		return 0, err
	}
	if err := w.checkX(xTrain, xValid); err != nil {
		return 0, err
	}
	if len(gradTrain) != len(xTrain) || len(gradValid) != len(xValid) {
		return 0, fmt.Errorf("gradient buffers have %d and %d values; want %d each", len(gradTrain), len(gradValid), len(xTrain))
	}
	w.s = s
	u := w.adam
	u.train(w, xTrain, true)

	// Validation loss at theta_T and its direct gradients.
	lay := &w.lay
	lay.forward(s, u.theta, xValid, w.h, w.z, false)
	score := bceLoss(w.z, w.y, w.p)
	clear(gradValid)
	lay.backward(s, u.theta, xValid, w.h, w.p, w.y, u.thetaBar, gradValid, w.sc)

	u.adjoint(w, xTrain, gradTrain)
	return score, nil
}
