package autodiff

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/petridish-go/petridish/petri/rng"
)

// input is one argument of an op under test.
type input struct {
	shape []int
	data  []float64
}

// randInput returns an input of the given shape with elements drawn from
// lo..hi (away from kinks and singularities of the op under test).
func randInput(r *rand.Rand, lo, hi float64, shape ...int) input {
	n := 1
	for _, d := range shape {
		n *= d
	}
	d := make([]float64, n)
	for i := range d {
		d[i] = lo + (hi-lo)*r.Float64()
	}
	return input{shape: shape, data: d}
}

// checker evaluates a scalar function of the inputs built from an op, its
// gradient and its Hessian-vector product, and compares them with central
// finite differences.
type checker struct {
	t    *testing.T
	name string
	f    func(xs []Tensor) Tensor
	ins  []input
	w    []float64   // weights that make the op's output a scalar
	u    [][]float64 // direction for the second-order check
}

// newChecker prepares random projection weights for f's output.
func newChecker(t *testing.T, r *rand.Rand, name string, f func(xs []Tensor) Tensor, ins ...input) *checker {
	c := &checker{t: t, name: name, f: f, ins: ins}
	tp := NewTape()
	out := f(c.leaves(tp, nil))
	if err := tp.Err(); err != nil {
		t.Fatalf("%s: forward: %v", name, err)
	}
	c.w = make([]float64, out.Len())
	for i := range c.w {
		c.w[i] = r.NormFloat64()
	}
	for _, in := range ins {
		u := make([]float64, len(in.data))
		for i := range u {
			u[i] = r.NormFloat64()
		}
		c.u = append(c.u, u)
	}
	return c
}

// leaves records the inputs, with data replaced by override where given.
func (c *checker) leaves(tp *Tape, override [][]float64) []Tensor {
	xs := make([]Tensor, len(c.ins))
	for k, in := range c.ins {
		d := in.data
		if override != nil {
			d = override[k]
		}
		xs[k] = tp.From(d, in.shape...)
	}
	return xs
}

// loss records sum(w*f(xs) + f(xs)^2/2): the square term makes the
// upstream gradient depend on the inputs, so the second-order check also
// exercises how each VJP depends on its incoming gradient.
func (c *checker) loss(tp *Tape, xs []Tensor) Tensor {
	out := c.f(xs)
	return out.Mul(tp.From(c.w, out.Shape()...)).Add(out.Square().Scale(0.5)).Sum()
}

func (c *checker) value(data [][]float64) float64 {
	tp := NewTape()
	v := c.loss(tp, c.leaves(tp, data)).Item()
	if err := tp.Err(); err != nil {
		c.t.Fatalf("%s: %v", c.name, err)
	}
	return v
}

// grad returns dL/dx for every input (createGraph chooses the mode).
func (c *checker) grad(data [][]float64, createGraph bool) [][]float64 {
	tp := NewTape()
	xs := c.leaves(tp, data)
	gs, err := Grad(c.loss(tp, xs), xs, createGraph)
	if err != nil {
		c.t.Fatalf("%s: Grad: %v", c.name, err)
	}
	out := make([][]float64, len(gs))
	for k, g := range gs {
		out[k] = append([]float64(nil), g.Data()...)
	}
	return out
}

// hvp returns d/dx (sum_k <dL/dx_k, u_k>) via a create-graph Grad.
func (c *checker) hvp(data [][]float64) [][]float64 {
	tp := NewTape()
	xs := c.leaves(tp, data)
	gs, err := Grad(c.loss(tp, xs), xs, true)
	if err != nil {
		c.t.Fatalf("%s: Grad(createGraph): %v", c.name, err)
	}
	h := tp.Scalar(0)
	for k, g := range gs {
		h = h.Add(g.Mul(tp.From(c.u[k], c.ins[k].shape...)).Sum())
	}
	hs, err := Grad(h, xs, false)
	if err != nil {
		c.t.Fatalf("%s: second Grad: %v", c.name, err)
	}
	out := make([][]float64, len(hs))
	for k, g := range hs {
		out[k] = append([]float64(nil), g.Data()...)
	}
	return out
}

func (c *checker) base() [][]float64 {
	d := make([][]float64, len(c.ins))
	for k, in := range c.ins {
		d[k] = append([]float64(nil), in.data...)
	}
	return d
}

// close reports whether got matches want within an absolute-plus-relative
// tolerance: central differences with h = 1e-6 (first order) or 1e-5
// (second order, differencing gradients) carry errors of about h^2*f”' +
// eps*|f|/h, i.e. 1e-9..1e-8 for the O(1) values used here.
func close(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*(1+math.Abs(want))
}

// run checks first and second derivatives of every input coordinate.
func (c *checker) run() {
	c.t.Helper()
	base := c.base()
	g1 := c.grad(base, false)
	g2 := c.grad(base, true)
	hv := c.hvp(base)
	for k := range c.ins {
		for i := range c.ins[k].data {
			if !close(g1[k][i], g2[k][i], 1e-12) {
				c.t.Errorf("%s: input %d[%d]: scratch grad %v != recorded grad %v", c.name, k, i, g1[k][i], g2[k][i])
			}
			const h1 = 1e-6
			p, m := c.base(), c.base()
			p[k][i] += h1
			m[k][i] -= h1
			fd := (c.value(p) - c.value(m)) / (2 * h1)
			if !close(g1[k][i], fd, 1e-6) {
				c.t.Errorf("%s: input %d%v[%d]: grad %v, finite difference %v", c.name, k, c.ins[k].shape, i, g1[k][i], fd)
			}
			const h2 = 1e-5
			p, m = c.base(), c.base()
			p[k][i] += h2
			m[k][i] -= h2
			gp, gm := c.grad(p, false), c.grad(m, false)
			fd2 := 0.0
			for kk := range gp {
				for ii := range gp[kk] {
					fd2 += (gp[kk][ii] - gm[kk][ii]) / (2 * h2) * c.u[kk][ii]
				}
			}
			if !close(hv[k][i], fd2, 1e-5) {
				c.t.Errorf("%s: input %d%v[%d]: second derivative %v, finite difference %v", c.name, k, c.ins[k].shape, i, hv[k][i], fd2)
			}
		}
	}
}

// shapes returns a random batch size, and two small dims.
func dims(r *rand.Rand) (m, n, k int) { return 1 + r.IntN(3), 1 + r.IntN(3), 2 + r.IntN(3) }

func newRand(t *testing.T) *rand.Rand { return rng.New(uint64(len(t.Name())) * 7919) }
