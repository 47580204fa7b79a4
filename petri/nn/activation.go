package nn

import (
	"fmt"
	"strings"

	"github.com/petridish-go/petridish/petri/autodiff"
)

// Activation is an elementwise function applied to a layer's output. Any
// func of this type works, including one defined in a notebook cell.
type Activation func(x autodiff.Tensor) autodiff.Tensor

// Identity returns the activation that leaves its input unchanged.
func Identity() Activation { return autodiff.Tensor.Identity }

// Sigmoid returns x -> 1/(1+exp(-slope*x)).
func Sigmoid(slope float64) Activation {
	return func(x autodiff.Tensor) autodiff.Tensor { return x.Sigmoid(slope) }
}

// SigmoidSlopes returns the activation sigmoid(s_m * x) with a different
// slope s_m for each network m of a batch: x must have a leading batch
// dimension of len(slopes), e.g. [M, N, units].
func SigmoidSlopes(slopes []float64) Activation {
	s := append([]float64(nil), slopes...)
	// shapes[r] is [M, 1, ..., 1] of rank r, built once so that calls do
	// not allocate.
	var shapes [autodiff.MaxRank + 1][]int
	for r := 1; r <= autodiff.MaxRank; r++ {
		shapes[r] = make([]int, r)
		for i := range shapes[r] {
			shapes[r][i] = 1
		}
		shapes[r][0] = len(s)
	}
	return func(x autodiff.Tensor) autodiff.Tensor {
		tp := x.Tape()
		if tp == nil {
			return x
		}
		if x.Rank() < 1 || x.Dim(0) != len(s) {
			return tp.Fail("nn.SigmoidSlopes", fmt.Sprintf("input needs a leading batch dimension of %d (one per slope)", len(s)), x)
		}
		return x.Mul(tp.From(s, shapes[x.Rank()]...)).Sigmoid(1)
	}
}

// Tanh returns the hyperbolic-tangent activation.
func Tanh() Activation { return autodiff.Tensor.Tanh }

// ReLU returns the rectified-linear activation.
func ReLU() Activation { return autodiff.Tensor.ReLU }

// ActivationByName returns "identity", "sigmoid" (slope 1), "tanh" or
// "relu" (case-insensitive).
func ActivationByName(name string) (Activation, error) {
	switch strings.ToLower(name) {
	case "identity", "linear", "":
		return Identity(), nil
	case "sigmoid":
		return Sigmoid(1), nil
	case "tanh":
		return Tanh(), nil
	case "relu":
		return ReLU(), nil
	}
	return nil, fmt.Errorf("nn: unknown activation %q; use identity, sigmoid, tanh or relu", name)
}
