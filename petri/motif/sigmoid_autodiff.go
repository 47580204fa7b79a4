package motif

import (
	"fmt"

	"github.com/petridish-go/petridish/petri/autodiff"
)

// NetworkLoss is the sigmoid MLP written with petri/autodiff: for each
// layer a = h W + b, hidden layers h = sigmoid(s*a), then the mean binary
// cross-entropy of the output logits. It slices the weights out of the
// flat theta with the same layout as the fused path.
func (sigmoidFamily) NetworkLoss(spec NetSpec, m Motif, theta, x, y autodiff.Tensor) (autodiff.Tensor, error) {
	s, err := slopeOf(m)
	if err != nil {
		return autodiff.Tensor{}, err
	}
	lay := newMLPLayout(spec)
	if theta.Len() != lay.nParam {
		return autodiff.Tensor{}, fmt.Errorf("theta has %d values; the sigmoid motif-network has %d parameters", theta.Len(), lay.nParam)
	}
	h := x
	L := lay.layers()
	for l := 1; l <= L; l++ {
		din, dout := lay.dims[l-1], lay.dims[l]
		W := theta.Slice(0, lay.wOff[l-1], lay.wOff[l-1]+din*dout).Reshape(din, dout)
		b := theta.Slice(0, lay.bOff[l-1], lay.bOff[l-1]+dout)
		a := h.MatMul(W).Add(b)
		if l < L {
			h = a.Sigmoid(s)
		} else {
			h = a
		}
	}
	loss := h.BCEWithLogits(y).Mean()
	return loss, loss.Err()
}
