package nn

import (
	"fmt"
	"math"
)

// AdamConfig holds Adam's hyper-parameters. The update, as in the
// Synthetic Petri Dish authors' code, for step t = 1, 2, ...:
//
//	g  = grad + WeightDecay*x           (L2)
//	m  = Beta1*m + (1-Beta1)*g
//	v  = Beta2*v + (1-Beta2)*g^2
//	x -= LR * (m/(1-Beta1^t)) / (sqrt(v/(1-Beta2^t)) + Eps)
//
// m starts at 0 and v at 0, or at Eps^4 with VInitEps4 (the paper's code
// does this so that sqrt(v) is differentiable even for a zero gradient).
type AdamConfig struct {
	LR          float64
	Beta1       float64
	Beta2       float64
	Eps         float64
	WeightDecay float64
	VInitEps4   bool
}

// DefaultAdam returns Adam with the given learning rate, Beta1 0.9, Beta2
// 0.999, Eps 1e-8, no weight decay and v starting at 0.
func DefaultAdam(lr float64) AdamConfig {
	return AdamConfig{LR: lr, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8}
}

// Validate reports hyper-parameters outside their domain.
func (c AdamConfig) Validate() error {
	switch {
	case !(c.LR > 0) || math.IsInf(c.LR, 0):
		return fmt.Errorf("nn: Adam: LR = %v; it must be a positive finite number", c.LR)
	case !(c.Beta1 >= 0 && c.Beta1 < 1) || !(c.Beta2 >= 0 && c.Beta2 < 1):
		return fmt.Errorf("nn: Adam: Beta1 = %v, Beta2 = %v; both must be in [0, 1) (use DefaultAdam for 0.9, 0.999)", c.Beta1, c.Beta2)
	case !(c.Eps > 0):
		return fmt.Errorf("nn: Adam: Eps = %v; it must be positive (1e-8 is usual)", c.Eps)
	case !(c.WeightDecay >= 0):
		return fmt.Errorf("nn: Adam: WeightDecay = %v; it must be >= 0", c.WeightDecay)
	}
	return nil
}

// vInit is the starting value of the second moment.
func (c AdamConfig) vInit() float64 {
	if c.VInitEps4 {
		return c.Eps * c.Eps * c.Eps * c.Eps
	}
	return 0
}

// Adam is the stateful Adam optimizer for ordinary training: Step updates
// Param data in place and keeps the moments between calls.
type Adam struct {
	Config AdamConfig
	m, v   [][]float64
	t      int
}

// NewAdam returns an Adam optimizer with the given configuration.
func NewAdam(cfg AdamConfig) (*Adam, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &Adam{Config: cfg}, nil
}

// Reset forgets the moments and the step count (the paper restarts Adam at
// each learning-rate decay).
func (a *Adam) Reset() { a.m, a.v, a.t = nil, nil, 0 }

// Steps returns the number of steps taken since the last Reset.
func (a *Adam) Steps() int { return a.t }

// Step applies one Adam update to params given their gradients (one slice
// per param, same length). The first Step fixes the set of params; a later
// call with different sizes is an error until Reset.
func (a *Adam) Step(params []Param, grads [][]float64) error {
	if err := checkGrads("Adam.Step", params, grads); err != nil {
		return err
	}
	if err := a.Config.Validate(); err != nil {
		return err
	}
	if a.m == nil {
		a.m, a.v = make([][]float64, len(params)), make([][]float64, len(params))
		for i, p := range params {
			a.m[i] = make([]float64, len(p.Data))
			a.v[i] = make([]float64, len(p.Data))
			for k := range a.v[i] {
				a.v[i][k] = a.Config.vInit()
			}
		}
	}
	if len(a.m) != len(params) {
		return fmt.Errorf("nn: Adam.Step: %d params but the optimizer holds state for %d; call Reset to start over with new params", len(params), len(a.m))
	}
	for i, p := range params {
		if len(a.m[i]) != len(p.Data) {
			return fmt.Errorf("nn: Adam.Step: param %d (%s) has %d values but the optimizer's state has %d; call Reset to start over", i, p.Name, len(p.Data), len(a.m[i]))
		}
	}
	a.t++
	c := a.Config
	c1 := 1 - math.Pow(c.Beta1, float64(a.t))
	c2 := 1 - math.Pow(c.Beta2, float64(a.t))
	for i, p := range params {
		m, v, g := a.m[i], a.v[i], grads[i]
		for k, x := range p.Data {
			gk := g[k] + c.WeightDecay*x
			m[k] = c.Beta1*m[k] + (1-c.Beta1)*gk
			v[k] = c.Beta2*v[k] + (1-c.Beta2)*gk*gk
			p.Data[k] = x - c.LR*(m[k]/c1)/(math.Sqrt(v[k]/c2)+c.Eps)
		}
	}
	return nil
}
