package motif

import "github.com/petridish-go/petridish/petri/autodiff"

// NetworkLoss is the sigmoid MLP written with petri/autodiff: MLPLoss with
// hidden activations sigmoid(s*a), in the layout of the fused path.
func (sigmoidFamily) NetworkLoss(spec NetSpec, m Motif, theta, x, y autodiff.Tensor) (autodiff.Tensor, error) {
	s, err := slopeOf(m)
	if err != nil {
		return autodiff.Tensor{}, err
	}
	return MLPLoss(spec, theta, x, y, func(a autodiff.Tensor) autodiff.Tensor { return a.Sigmoid(s) })
}
