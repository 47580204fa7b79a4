package nn

import (
	"fmt"
	"math/rand/v2"

	"github.com/petridish-go/petridish/petri/autodiff"
)

// MLP is a multi-layer perceptron, optionally a batch of independent
// networks (see Linear). Its parameters are kept outside it, in the
// order W0, b0, W1, b1, ..., so the same MLP can run with parameters
// loaded from Params or produced by a differentiable optimizer step.
type MLP struct {
	Layers      []Linear
	Activations []Activation // one per layer; nil means identity
}

// NewMLP returns an MLP with layer widths sizes (input first, output
// last), one activation per layer (len(sizes)-1 of them; nil entries are
// identity) and batch networks (0 for a single, unbatched network).
func NewMLP(sizes []int, acts []Activation, batch int) (*MLP, error) {
	if len(sizes) < 2 {
		return nil, fmt.Errorf("nn: NewMLP: sizes %v needs at least an input and an output width", sizes)
	}
	if len(acts) != len(sizes)-1 {
		return nil, fmt.Errorf("nn: NewMLP: %d activations for %d layers; pass one per layer (nil for identity)", len(acts), len(sizes)-1)
	}
	m := &MLP{Activations: append([]Activation(nil), acts...)}
	for i := 0; i+1 < len(sizes); i++ {
		l := Linear{In: sizes[i], Out: sizes[i+1], Batch: batch}
		if err := l.validate(); err != nil {
			return nil, fmt.Errorf("nn: NewMLP: layer %d: %w", i, err)
		}
		m.Layers = append(m.Layers, l)
	}
	return m, nil
}

// NumParams returns the number of parameter tensors (two per layer).
func (m *MLP) NumParams() int { return 2 * len(m.Layers) }

// Init returns freshly initialised parameters (see Linear.Init), named
// W0, b0, W1, b1, ...
func (m *MLP) Init(r *rand.Rand, shared bool) []Param {
	ps := make([]Param, 0, m.NumParams())
	for i, l := range m.Layers {
		w, b := l.Init(r, shared)
		w.Name, b.Name = fmt.Sprintf("W%d", i), fmt.Sprintf("b%d", i)
		ps = append(ps, w, b)
	}
	return ps
}

// Forward returns the network's output for input x given parameter
// tensors in the order of Init. For the last layer the output is the raw
// pre-activation when its activation is nil (logits for BCEWithLogits).
// A wrong number of parameters is recorded as an error on x's tape.
func (m *MLP) Forward(x autodiff.Tensor, params []autodiff.Tensor) autodiff.Tensor {
	if len(params) != m.NumParams() {
		if tp := x.Tape(); tp != nil {
			return tp.Fail("nn.MLP.Forward", fmt.Sprintf("got %d parameter tensors, want %d (W0, b0, W1, b1, ...)", len(params), m.NumParams()), x)
		}
		return x
	}
	h := x
	for i, l := range m.Layers {
		h = l.Forward(h, params[2*i], params[2*i+1])
		if act := m.Activations[i]; act != nil {
			h = act(h)
		}
	}
	return h
}
