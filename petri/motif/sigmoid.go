package motif

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
)

// SigmoidFamily is the registry name of the sigmoid-slope family.
const SigmoidFamily = "sigmoid"

// Sigmoid is a motif of Experiment 1: the slope s of the hidden
// activation sigmoid(s*x). Its text encoding is the slope as the shortest
// decimal that reads back to the same float64, e.g. "0.23".
type Sigmoid float64

// Family returns "sigmoid".
func (Sigmoid) Family() string { return SigmoidFamily }

// String returns the slope's shortest round-tripping decimal encoding.
func (s Sigmoid) String() string { return strconv.FormatFloat(float64(s), 'g', -1, 64) }

// Features returns the slope as a one-element vector.
func (s Sigmoid) Features() []float64 { return []float64{float64(s)} }

// Slopes wraps slope values as sigmoid motifs, in order.
func Slopes(values []float64) []Motif {
	out := make([]Motif, len(values))
	for i, v := range values {
		out[i] = Sigmoid(v)
	}
	return out
}

// sigmoidFamily builds, for each slope, an MLP motif-network with
// sigmoid(s*x) hidden activations, linear outputs and a
// binary-cross-entropy-with-logits loss.
type sigmoidFamily struct{}

func init() { Register(sigmoidFamily{}) }

// Name returns "sigmoid".
func (sigmoidFamily) Name() string { return SigmoidFamily }

// String says what the family is, for a notebook cell showing it.
func (sigmoidFamily) String() string {
	return `motif family "sigmoid" (built in; motif.Sigmoid slopes; fused, generic and device paths)`
}

// Parse reads a slope written as a decimal; it rejects NaN and infinities.
func (sigmoidFamily) Parse(text string) (Motif, error) {
	s, err := parseFinite(SigmoidFamily, "the slope", text, "0.23")
	if err != nil {
		return nil, err
	}
	return Sigmoid(s), nil
}

// CheckNet requires at least one hidden layer and no time steps.
func (sigmoidFamily) CheckNet(spec NetSpec) error {
	if len(spec.Hidden) == 0 {
		return fmt.Errorf("the sigmoid motif-network needs at least one hidden layer (its slope acts there); the paper uses hidden [1, 1]")
	}
	if spec.TimeSteps > 1 {
		return fmt.Errorf("the sigmoid motif-network is feed-forward; time_steps is %d, set it to 0", spec.TimeSteps)
	}
	return nil
}

// NumParams counts the MLP's weights and biases.
func (sigmoidFamily) NumParams(spec NetSpec) int { return newMLPLayout(spec).nParam }

// InitParams draws every weight and bias from N(0, InitStd^2), layer by
// layer (weights row-major, then biases).
func (sigmoidFamily) InitParams(spec NetSpec, r *rand.Rand) []float64 {
	return normalParams(newMLPLayout(spec).nParam, spec.InitStd, r)
}

// NewFused returns a worker of the hand-written MLP adjoint.
func (f sigmoidFamily) NewFused(p Problem) (Fused, error) {
	if err := p.Validate(f); err != nil {
		return nil, err
	}
	return newMLPWorker(p), nil
}

// slopeOf extracts the slope of a sigmoid motif.
func slopeOf(m Motif) (float64, error) {
	s, ok := m.(Sigmoid)
	if !ok {
		if m == nil {
			return 0, fmt.Errorf("motif is nil; want a sigmoid slope")
		}
		return 0, fmt.Errorf("motif %q of family %q is a %T, not a sigmoid slope (motif.Sigmoid); make slopes with motif.Slopes(values) or motif.Sigmoid(s)", m.String(), m.Family(), m)
	}
	v := float64(s)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("sigmoid slope %v is not finite", v)
	}
	return v, nil
}
