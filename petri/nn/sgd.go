package nn

import (
	"fmt"
	"math"

	"github.com/petridish-go/petridish/petri/autodiff"
)

// SGDConfig holds plain gradient descent's hyper-parameters:
// x -= LR * (grad + WeightDecay*x).
type SGDConfig struct {
	LR          float64
	WeightDecay float64
}

// Validate reports hyper-parameters outside their domain.
func (c SGDConfig) Validate() error {
	if !(c.LR > 0) || math.IsInf(c.LR, 0) {
		return fmt.Errorf("nn: SGD: LR = %v; it must be a positive finite number", c.LR)
	}
	if !(c.WeightDecay >= 0) {
		return fmt.Errorf("nn: SGD: WeightDecay = %v; it must be >= 0", c.WeightDecay)
	}
	return nil
}

// SGD is the stateful gradient-descent optimizer: Step updates Param data
// in place.
type SGD struct{ Config SGDConfig }

// NewSGD returns an SGD optimizer with the given configuration.
func NewSGD(cfg SGDConfig) (*SGD, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &SGD{Config: cfg}, nil
}

// Step applies one update to params given their gradients.
func (s *SGD) Step(params []Param, grads [][]float64) error {
	if err := checkGrads("SGD.Step", params, grads); err != nil {
		return err
	}
	if err := s.Config.Validate(); err != nil {
		return err
	}
	for i, p := range params {
		for k, x := range p.Data {
			p.Data[k] = x - s.Config.LR*(grads[i][k]+s.Config.WeightDecay*x)
		}
	}
	return nil
}

// Update is the differentiable form of SGD: it returns the new parameter
// tensors params - LR*(grads + WeightDecay*params), recorded on the tape so
// that a loop of updates can be differentiated end to end. It writes them
// into dst when dst has len(params) entries (dst may be params itself) and
// allocates a new slice otherwise.
func (c SGDConfig) Update(dst, params, grads []autodiff.Tensor) []autodiff.Tensor {
	if len(dst) != len(params) {
		dst = make([]autodiff.Tensor, len(params))
	}
	if len(grads) != len(params) {
		if tp := tapeOf(params, grads); tp != nil {
			p := tp.Fail("nn.SGDConfig.Update", fmt.Sprintf("%d gradients for %d params; pass one per param", len(grads), len(params)))
			for i := range dst {
				dst[i] = p
			}
		}
		return dst
	}
	for i, x := range params {
		g := grads[i]
		if c.WeightDecay != 0 {
			g = g.Add(x.Scale(c.WeightDecay))
		}
		dst[i] = x.Sub(g.Scale(c.LR))
	}
	return dst
}

// tapeOf returns the tape of the first tensor found in the lists.
func tapeOf(lists ...[]autodiff.Tensor) *autodiff.Tape {
	for _, l := range lists {
		for _, t := range l {
			if tp := t.Tape(); tp != nil {
				return tp
			}
		}
	}
	return nil
}
