package nn

import (
	"fmt"

	"github.com/petridish-go/petridish/petri/autodiff"
)

// Param is a trainable array kept outside any tape, so it survives
// Tape.Reset; Load records it on a tape for one step of computation.
type Param struct {
	Name  string    // e.g. "W0", "b0"
	Shape []int     // dimensions, e.g. [M, in, out]
	Data  []float64 // row-major values, len = product of Shape
}

// Len returns the number of elements the shape describes.
func (p Param) Len() int {
	n := 1
	for _, d := range p.Shape {
		n *= d
	}
	return n
}

// Clone returns a deep copy of p.
func (p Param) Clone() Param {
	return Param{Name: p.Name, Shape: append([]int(nil), p.Shape...), Data: append([]float64(nil), p.Data...)}
}

// CloneParams returns deep copies of ps.
func CloneParams(ps []Param) []Param {
	out := make([]Param, len(ps))
	for i, p := range ps {
		out[i] = p.Clone()
	}
	return out
}

// Load records each parameter on tp (copying its data) and returns the
// tensors, in order.
func Load(tp *autodiff.Tape, ps []Param) []autodiff.Tensor {
	out := make([]autodiff.Tensor, len(ps))
	LoadTo(out, tp, ps)
	return out
}

// LoadTo is Load writing into dst (len(dst) == len(ps)), for loops that
// must not allocate. A length mismatch is recorded as an error on tp.
func LoadTo(dst []autodiff.Tensor, tp *autodiff.Tape, ps []Param) {
	if len(dst) != len(ps) {
		tp.Fail("nn.LoadTo", fmt.Sprintf("dst has %d entries for %d params; pass a dst of the same length", len(dst), len(ps)))
		return
	}
	for i, p := range ps {
		dst[i] = tp.From(p.Data, p.Shape...)
	}
}

// checkGrads validates that grads match params in count and size.
func checkGrads(op string, params []Param, grads [][]float64) error {
	if len(grads) != len(params) {
		return fmt.Errorf("nn: %s: %d gradients for %d params; pass one gradient per param, in order", op, len(grads), len(params))
	}
	for i, p := range params {
		if len(p.Data) != p.Len() {
			return fmt.Errorf("nn: %s: param %d (%s) has %d values for shape %v", op, i, p.Name, len(p.Data), p.Shape)
		}
		if len(grads[i]) != len(p.Data) {
			return fmt.Errorf("nn: %s: gradient %d has %d values but param %s has %d; gradients must have the params' sizes", op, i, len(grads[i]), p.Name, len(p.Data))
		}
	}
	return nil
}

// TensorData returns the data slices of ts, for passing gradients from
// autodiff.Grad to a stateful optimizer's Step.
func TensorData(ts []autodiff.Tensor) [][]float64 {
	out := make([][]float64, len(ts))
	for i, t := range ts {
		out[i] = t.Data()
	}
	return out
}
