package nn

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/petridish-go/petridish/petri/autodiff"
)

// Linear is an affine layer y = x W + b. With Batch = M > 0 it is a batch
// of M independent layers: W has shape [M, In, Out] and b [M, 1, Out], and
// inputs are [M, N, In] or shared [N, In]; outputs are [M, N, Out]. With
// Batch = 0, W is [In, Out], b [1, Out] and inputs [N, In].
type Linear struct {
	In, Out int
	Batch   int
}

// WeightShape returns the shape of W.
func (l Linear) WeightShape() []int {
	if l.Batch > 0 {
		return []int{l.Batch, l.In, l.Out}
	}
	return []int{l.In, l.Out}
}

// BiasShape returns the shape of b.
func (l Linear) BiasShape() []int {
	if l.Batch > 0 {
		return []int{l.Batch, 1, l.Out}
	}
	return []int{1, l.Out}
}

// Init returns W and b: W normal with standard deviation 1/sqrt(In) and
// b zero. With shared, every network of the batch gets the same weights
// (the Petri dish starts all motif-networks from one theta_init).
func (l Linear) Init(r *rand.Rand, shared bool) (w, b Param) {
	w = Param{Name: "W", Shape: l.WeightShape()}
	b = Param{Name: "b", Shape: l.BiasShape()}
	w.Data = make([]float64, w.Len())
	b.Data = make([]float64, b.Len())
	per := l.In * l.Out
	std := 1 / math.Sqrt(float64(max(l.In, 1)))
	for i := range w.Data {
		if shared && i >= per {
			w.Data[i] = w.Data[i%per]
			continue
		}
		w.Data[i] = std * r.NormFloat64()
	}
	return w, b
}

// Forward returns x W + b.
func (l Linear) Forward(x, w, b autodiff.Tensor) autodiff.Tensor {
	return x.MatMul(w).Add(b)
}

// validate reports a layer with impossible sizes.
func (l Linear) validate() error {
	if l.In <= 0 || l.Out <= 0 || l.Batch < 0 {
		return fmt.Errorf("nn: Linear{In: %d, Out: %d, Batch: %d}: sizes must be positive and Batch >= 0", l.In, l.Out, l.Batch)
	}
	return nil
}
