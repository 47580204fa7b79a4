package motif

import (
	"fmt"
	"math"
)

// mlpWorker is the sigmoid family's fused path: it runs the inner Adam
// loop of one motif-network at a time, keeping every step's state, and
// then the hand-written adjoint of the whole trajectory.
type mlpWorker struct {
	lay    mlpLayout
	in     Inner
	theta0 []float64
	y      []float64

	// Per-step trajectory, step-major: theta_t, g_t, m_{t+1}, v_{t+1}
	// (nParam each), hidden activations (hLen) and output probabilities
	// (outLen) of the forward pass at theta_t on the training inputs.
	thetaH, gH, mH, vH, hH, pH []float64

	// Scratch.
	theta, m, v, g       []float64 // nParam
	thetaBar, mBar, vBar []float64 // nParam
	gBar, hv             []float64 // nParam
	h, z, p              []float64 // one pass's activations
	c1, c2               []float64 // Adam bias corrections 1/(1-beta^t), t = 1..Steps
	sc                   *mlpScratch
}

func newMLPWorker(p Problem) *mlpWorker {
	lay := newMLPLayout(p.Net)
	np := lay.nParam
	w := &mlpWorker{
		lay: lay, in: p.Inner,
		theta0: append([]float64(nil), p.Theta0...),
		y:      append([]float64(nil), p.Labels...),
		h:      make([]float64, lay.hLen), z: make([]float64, lay.outLen), p: make([]float64, lay.outLen),
		sc: newMLPScratch(&lay),
	}
	for _, s := range []*[]float64{&w.theta, &w.m, &w.v, &w.g, &w.thetaBar, &w.mBar, &w.vBar, &w.gBar, &w.hv} {
		*s = make([]float64, np)
	}
	T := p.Inner.Steps
	w.c1, w.c2 = make([]float64, T), make([]float64, T)
	for t := range T {
		w.c1[t] = 1 / (1 - math.Pow(p.Inner.Beta1, float64(t+1)))
		w.c2[t] = 1 / (1 - math.Pow(p.Inner.Beta2, float64(t+1)))
	}
	return w
}

// allocTrajectory makes the per-step storage on first use, so workers
// that only Score (Predict) stay small.
func (w *mlpWorker) allocTrajectory() {
	if w.thetaH != nil {
		return
	}
	T, np := w.in.Steps, w.lay.nParam
	w.thetaH, w.gH = make([]float64, T*np), make([]float64, T*np)
	w.mH, w.vH = make([]float64, T*np), make([]float64, T*np)
	w.hH, w.pH = make([]float64, T*w.lay.hLen), make([]float64, T*w.lay.outLen)
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
	w.train(s, xTrain, false)
	w.lay.forward(s, w.theta, xValid, w.h, w.z, false)
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
	w.allocTrajectory()
	w.train(s, xTrain, true)

	// Validation loss at theta_T and its direct gradients.
	lay := &w.lay
	lay.forward(s, w.theta, xValid, w.h, w.z, false)
	score := bceLoss(w.z, w.y, w.p)
	clear(gradValid)
	lay.backward(s, w.theta, xValid, w.h, w.p, w.y, w.thetaBar, gradValid, w.sc)

	w.adjoint(s, xTrain, gradTrain)
	return score, nil
}

// train runs the inner Adam loop from theta0 on xTrain, leaving theta_T
// in w.theta. With record it stores each step's state for the adjoint.
func (w *mlpWorker) train(s float64, xTrain []float64, record bool) {
	lay := &w.lay
	np, in := lay.nParam, w.in
	copy(w.theta, w.theta0)
	clear(w.m)
	v0 := in.Eps * in.Eps * in.Eps * in.Eps
	for j := range w.v {
		w.v[j] = v0
	}
	h, p, g := w.h, w.p, w.g
	for t := range in.Steps {
		if record {
			copy(w.thetaH[t*np:(t+1)*np], w.theta)
			h = w.hH[t*lay.hLen : (t+1)*lay.hLen]
			p = w.pH[t*lay.outLen : (t+1)*lay.outLen]
			g = w.gH[t*np : (t+1)*np]
		}
		lay.gradStep(s, w.theta, xTrain, h, p, w.y, g, w.sc)
		c1, c2 := w.c1[t], w.c2[t]
		for j, gj := range g {
			gj += in.WeightDecay * w.theta[j]
			g[j] = gj
			w.m[j] = (1-in.Beta1)*gj + in.Beta1*w.m[j]
			w.v[j] = (1-in.Beta2)*(gj*gj) + in.Beta2*w.v[j]
			w.theta[j] -= in.LR * (w.m[j] * c1) / (math.Sqrt(w.v[j]*c2) + in.Eps)
		}
		if record {
			copy(w.mH[t*np:(t+1)*np], w.m)
			copy(w.vH[t*np:(t+1)*np], w.v)
		}
	}
}

// adjoint runs the inner loop backwards. On entry w.thetaBar holds
// dScore/dtheta_T; it adds dScore/dxTrain into gradTrain (after clearing
// it).
//
// Step t maps (theta_t, m_t, v_t) to (theta_{t+1}, m_{t+1}, v_{t+1}) via
// g_t = grad L(theta_t) + wd theta_t. With mh = m c1, vh = v c2,
// r = sqrt(vh), den = r + eps, the update theta_{t+1} = theta_t - lr mh/den
// has partials -lr c1/den (by m_{t+1}) and lr mh c2/(2 r den^2) (by
// v_{t+1}); m_{t+1} and v_{t+1} depend on g_t through (1-b1) and
// 2 (1-b2) g_t; and g_t on theta_t and x through the Hessian products
// computed by hvp, plus wd on theta_t.
func (w *mlpWorker) adjoint(s float64, xTrain, gradTrain []float64) {
	lay := &w.lay
	np, in := lay.nParam, w.in
	clear(gradTrain)
	clear(w.mBar)
	clear(w.vBar)
	for t := in.Steps - 1; t >= 0; t-- {
		c1, c2 := w.c1[t], w.c2[t]
		m := w.mH[t*np : (t+1)*np]
		v := w.vH[t*np : (t+1)*np]
		g := w.gH[t*np : (t+1)*np]
		for j := range np {
			mh, vh := m[j]*c1, v[j]*c2
			r := math.Sqrt(vh)
			den := r + in.Eps
			tb := w.thetaBar[j]
			w.mBar[j] += tb * (-in.LR * c1 / den)
			w.vBar[j] += tb * (in.LR * mh * c2 / (2 * r * den * den))
			gb := (1-in.Beta1)*w.mBar[j] + 2*(1-in.Beta2)*g[j]*w.vBar[j]
			w.gBar[j] = gb
			w.mBar[j] *= in.Beta1
			w.vBar[j] *= in.Beta2
			w.thetaBar[j] = tb + in.WeightDecay*gb
		}
		theta := w.thetaH[t*np : (t+1)*np]
		h := w.hH[t*lay.hLen : (t+1)*lay.hLen]
		p := w.pH[t*lay.outLen : (t+1)*lay.outLen]
		lay.hvp(s, theta, xTrain, h, p, w.y, w.gBar, w.hv, gradTrain, w.sc)
		for j, hj := range w.hv {
			w.thetaBar[j] += hj
		}
	}
}
