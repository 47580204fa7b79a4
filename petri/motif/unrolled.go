package motif

import "math"

// innerNet is a motif-network as the fused inner loop sees it: its
// training loss's gradient and Hessian products, on flat parameters.
// Implementations own their scratch and are used by one goroutine.
type innerNet interface {
	// gradStep writes dL/dtheta of the training loss at theta on inputs x
	// into g. With record, the net may keep step t's activations for hvp.
	gradStep(t int, record bool, theta, x, g []float64)
	// hvp writes H v into hv, where H is the Hessian of the training loss
	// in theta at step t's theta on x, and adds (d^2 L / dx dtheta) v into
	// gx: the two products the adjoint of a gradient step needs.
	hvp(t int, theta, x, v, hv, gx []float64)
}

// unrolledAdam runs the inner loop of motif.Inner (full-batch Adam with
// v started at Eps^4) on an innerNet, keeping each step's state, and the
// hand-written adjoint of the whole trajectory. Families' fused workers
// share it and bring their own innerNet.
type unrolledAdam struct {
	in     Inner
	np     int
	theta0 []float64

	// Per-step trajectory, step-major: theta_t, g_t, m_{t+1}, v_{t+1}
	// (np each).
	thetaH, gH, mH, vH []float64

	// Scratch.
	theta, m, v, g       []float64
	thetaBar, mBar, vBar []float64
	gBar, hv             []float64
	c1, c2               []float64 // Adam bias corrections 1/(1-beta^t), t = 1..Steps
}

func newUnrolledAdam(in Inner, theta0 []float64) *unrolledAdam {
	np := len(theta0)
	u := &unrolledAdam{in: in, np: np, theta0: append([]float64(nil), theta0...)}
	for _, s := range []*[]float64{&u.theta, &u.m, &u.v, &u.g, &u.thetaBar, &u.mBar, &u.vBar, &u.gBar, &u.hv} {
		*s = make([]float64, np)
	}
	T := in.Steps
	u.c1, u.c2 = make([]float64, T), make([]float64, T)
	for t := range T {
		u.c1[t] = 1 / (1 - math.Pow(in.Beta1, float64(t+1)))
		u.c2[t] = 1 / (1 - math.Pow(in.Beta2, float64(t+1)))
	}
	return u
}

// allocTrajectory makes the per-step storage on first use, so workers
// that only Score (Predict) stay small.
func (u *unrolledAdam) allocTrajectory() {
	if u.thetaH != nil {
		return
	}
	n := u.in.Steps * u.np
	u.thetaH, u.gH, u.mH, u.vH = make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
}

// train runs the inner Adam loop from theta0 on xTrain, leaving theta_T
// in u.theta. With record it stores each step's state for adjoint.
func (u *unrolledAdam) train(net innerNet, xTrain []float64, record bool) {
	np, in := u.np, u.in
	if record {
		u.allocTrajectory()
	}
	copy(u.theta, u.theta0)
	clear(u.m)
	v0 := in.Eps * in.Eps * in.Eps * in.Eps
	for j := range u.v {
		u.v[j] = v0
	}
	g := u.g
	for t := range in.Steps {
		if record {
			copy(u.thetaH[t*np:(t+1)*np], u.theta)
			g = u.gH[t*np : (t+1)*np]
		}
		net.gradStep(t, record, u.theta, xTrain, g)
		c1, c2 := u.c1[t], u.c2[t]
		for j, gj := range g {
			gj += in.WeightDecay * u.theta[j]
			g[j] = gj
			u.m[j] = (1-in.Beta1)*gj + in.Beta1*u.m[j]
			u.v[j] = (1-in.Beta2)*(gj*gj) + in.Beta2*u.v[j]
			u.theta[j] -= in.LR * (u.m[j] * c1) / (math.Sqrt(u.v[j]*c2) + in.Eps)
		}
		if record {
			copy(u.mH[t*np:(t+1)*np], u.m)
			copy(u.vH[t*np:(t+1)*np], u.v)
		}
	}
}

// adjoint runs the recorded inner loop backwards. On entry u.thetaBar
// holds dScore/dtheta_T; it writes dScore/dxTrain into gradTrain.
//
// Step t maps (theta_t, m_t, v_t) to (theta_{t+1}, m_{t+1}, v_{t+1}) via
// g_t = grad L(theta_t) + wd theta_t. With mh = m c1, vh = v c2,
// r = sqrt(vh), den = r + eps, the update theta_{t+1} = theta_t - lr mh/den
// has partials -lr c1/den (by m_{t+1}) and lr mh c2/(2 r den^2) (by
// v_{t+1}); m_{t+1} and v_{t+1} depend on g_t through (1-b1) and
// 2 (1-b2) g_t; and g_t on theta_t and x through the Hessian products of
// innerNet.hvp, plus wd on theta_t.
func (u *unrolledAdam) adjoint(net innerNet, xTrain, gradTrain []float64) {
	np, in := u.np, u.in
	clear(gradTrain)
	clear(u.mBar)
	clear(u.vBar)
	for t := in.Steps - 1; t >= 0; t-- {
		c1, c2 := u.c1[t], u.c2[t]
		m := u.mH[t*np : (t+1)*np]
		v := u.vH[t*np : (t+1)*np]
		g := u.gH[t*np : (t+1)*np]
		for j := range np {
			mh, vh := m[j]*c1, v[j]*c2
			r := math.Sqrt(vh)
			den := r + in.Eps
			tb := u.thetaBar[j]
			u.mBar[j] += tb * (-in.LR * c1 / den)
			u.vBar[j] += tb * (in.LR * mh * c2 / (2 * r * den * den))
			gb := (1-in.Beta1)*u.mBar[j] + 2*(1-in.Beta2)*g[j]*u.vBar[j]
			u.gBar[j] = gb
			u.mBar[j] *= in.Beta1
			u.vBar[j] *= in.Beta2
			u.thetaBar[j] = tb + in.WeightDecay*gb
		}
		net.hvp(t, u.thetaH[t*np:(t+1)*np], xTrain, u.gBar, u.hv, gradTrain)
		for j, hj := range u.hv {
			u.thetaBar[j] += hj
		}
	}
}
