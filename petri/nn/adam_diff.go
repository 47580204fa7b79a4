package nn

import (
	"fmt"
	"math"

	"github.com/petridish-go/petridish/petri/autodiff"
)

// AdamState is the state of a differentiable Adam run on a tape: the
// current parameter tensors and moments. Each Update replaces them with
// new tensors recorded on the tape (nothing is modified in place), so the
// final parameters are differentiable functions of everything that fed
// the gradients — through hundreds of unrolled steps if need be.
type AdamState struct {
	Params []autodiff.Tensor // current parameters
	M, V   []autodiff.Tensor // first and second moments
	Steps  int               // updates taken since Start
}

// Start begins a differentiable Adam run from params: M starts at zeros
// and V at zeros or Eps^4 (VInitEps4), recorded on params' tape. It reuses
// the slices of s when s is not nil (so an outer loop allocates nothing)
// and returns the state.
func (c AdamConfig) Start(s *AdamState, params []autodiff.Tensor) *AdamState {
	if s == nil {
		s = &AdamState{}
	}
	s.Params = resize(s.Params, len(params))
	s.M = resize(s.M, len(params))
	s.V = resize(s.V, len(params))
	s.Steps = 0
	for i, p := range params {
		s.Params[i] = p
		s.M[i] = p.FullLike(0)
		s.V[i] = p.FullLike(c.vInit())
	}
	return s
}

// Update takes one differentiable Adam step with the given gradients
// (normally from autodiff.Grad with createGraph), replacing s.Params,
// s.M and s.V by the new tensors. Bad input (invalid config, wrong
// number of gradients) is recorded as an error on the tape.
func (c AdamConfig) Update(s *AdamState, grads []autodiff.Tensor) {
	tp := tapeOf(s.Params, grads)
	if tp == nil {
		return
	}
	if err := c.Validate(); err != nil {
		tp.Fail("nn.AdamConfig.Update", err.Error())
		return
	}
	if len(grads) != len(s.Params) || len(s.M) != len(s.Params) || len(s.V) != len(s.Params) {
		tp.Fail("nn.AdamConfig.Update", fmt.Sprintf("%d gradients for %d params (state has %d, %d moments); call Start first and pass one gradient per param", len(grads), len(s.Params), len(s.M), len(s.V)))
		return
	}
	s.Steps++
	t := float64(s.Steps)
	c1 := 1 - math.Pow(c.Beta1, t)
	c2 := 1 - math.Pow(c.Beta2, t)
	for i, x := range s.Params {
		g := grads[i]
		if c.WeightDecay != 0 {
			g = g.Add(x.Scale(c.WeightDecay))
		}
		if !sameShape(x, g, s.M[i], s.V[i]) {
			// The fused ops below need equal shapes; the plain chain
			// broadcasts (or records the error).
			m := s.M[i].Scale(c.Beta1).Add(g.Scale(1 - c.Beta1))
			v := s.V[i].Scale(c.Beta2).Add(g.Square().Scale(1 - c.Beta2))
			den := v.Scale(1 / c2).Sqrt().AddScalar(c.Eps)
			s.Params[i] = x.Sub(m.Scale(c.LR / c1).Div(den))
			s.M[i], s.V[i] = m, v
			continue
		}
		// The same chain as above, each line one node of the tape with
		// the chain's values and gradients bit for bit.
		m := s.M[i].EMA(g, c.Beta1)
		v := s.V[i].EMASquare(g, c.Beta2)
		s.Params[i] = autodiff.AdamStep(x, m, v, c.LR/c1, 1/c2, c.Eps)
		s.M[i], s.V[i] = m, v
	}
}

// sameShape reports whether the tensors are valid and of one shape.
func sameShape(x autodiff.Tensor, ys ...autodiff.Tensor) bool {
	if !x.Valid() {
		return false
	}
	for _, y := range ys {
		if !y.Valid() || y.Rank() != x.Rank() {
			return false
		}
		for d := 0; d < x.Rank(); d++ {
			if y.Dim(d) != x.Dim(d) {
				return false
			}
		}
	}
	return true
}

func resize(ts []autodiff.Tensor, n int) []autodiff.Tensor {
	if cap(ts) < n {
		return make([]autodiff.Tensor, n)
	}
	return ts[:n]
}
