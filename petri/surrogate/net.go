package surrogate

import (
	"math"
	"math/rand/v2"
)

// mlp is a fully connected regression network dims[0] -> ... -> 1 with a
// flat parameter vector laid out per layer as W (d_in x d_out, row-major)
// then b.
type mlp struct {
	dims       []int
	act        string
	wOff, bOff []int
	nParam     int
}

func newMLP(in int, hidden []int, act string) *mlp {
	dims := append(append([]int{in}, hidden...), 1)
	m := &mlp{dims: dims, act: act}
	off := 0
	for l := 1; l < len(dims); l++ {
		m.wOff = append(m.wOff, off)
		off += dims[l-1] * dims[l]
		m.bOff = append(m.bOff, off)
		off += dims[l]
	}
	m.nParam = off
	return m
}

// init draws Glorot-uniform weights and zero biases.
func (m *mlp) init(r *rand.Rand) []float64 {
	theta := make([]float64, m.nParam)
	for l := 1; l < len(m.dims); l++ {
		din, dout := m.dims[l-1], m.dims[l]
		lim := math.Sqrt(6 / float64(din+dout))
		W := theta[m.wOff[l-1] : m.wOff[l-1]+din*dout]
		for i := range W {
			W[i] = lim * (2*r.Float64() - 1)
		}
	}
	return theta
}

// isWeight reports whether parameter j is a weight (not a bias).
func (m *mlp) isWeight(j int) bool {
	for l := range m.wOff {
		if j >= m.wOff[l] && j < m.bOff[l] {
			return true
		}
	}
	return false
}

func (m *mlp) activate(a float64) float64 {
	switch m.act {
	case Tanh:
		return math.Tanh(a)
	case Sigmoid:
		return 1 / (1 + math.Exp(-a))
	default:
		return math.Max(a, 0)
	}
}

// slope is the activation's derivative written in terms of its output h.
func (m *mlp) slope(h float64) float64 {
	switch m.act {
	case Tanh:
		return 1 - h*h
	case Sigmoid:
		return h * (1 - h)
	default:
		if h > 0 {
			return 1
		}
		return 0
	}
}

// forward runs B rows of x (B x dims[0]) and returns every layer's
// activations; the last is the B outputs.
func (m *mlp) forward(theta, x []float64, B int) [][]float64 {
	acts := [][]float64{x}
	L := len(m.dims) - 1
	for l := 1; l <= L; l++ {
		din, dout := m.dims[l-1], m.dims[l]
		W, b := theta[m.wOff[l-1]:m.wOff[l-1]+din*dout], theta[m.bOff[l-1]:m.bOff[l-1]+dout]
		in, out := acts[l-1], make([]float64, B*dout)
		for r := range B {
			for j := range dout {
				a := b[j]
				for i := range din {
					a += in[r*din+i] * W[i*dout+j]
				}
				if l < L {
					a = m.activate(a)
				}
				out[r*dout+j] = a
			}
		}
		acts = append(acts, out)
	}
	return acts
}

// lossGrad returns the mean squared error of the network on (x, y) and
// writes its gradient with respect to theta into grad.
func (m *mlp) lossGrad(theta, x, y []float64, grad []float64) float64 {
	B := len(y)
	acts := m.forward(theta, x, B)
	L := len(m.dims) - 1
	out := acts[L]
	G := make([]float64, B)
	var loss float64
	for r := range B {
		d := out[r] - y[r]
		loss += d * d
		G[r] = 2 * d / float64(B)
	}
	clear(grad)
	for l := L; l >= 1; l-- {
		din, dout := m.dims[l-1], m.dims[l]
		W := theta[m.wOff[l-1] : m.wOff[l-1]+din*dout]
		dW, db := grad[m.wOff[l-1]:m.wOff[l-1]+din*dout], grad[m.bOff[l-1]:m.bOff[l-1]+dout]
		in := acts[l-1]
		D := make([]float64, B*din)
		for r := range B {
			for j := range dout {
				g := G[r*dout+j]
				db[j] += g
				for i := range din {
					dW[i*dout+j] += in[r*din+i] * g
					D[r*din+i] += g * W[i*dout+j]
				}
			}
		}
		if l > 1 {
			for k, h := range in {
				D[k] *= m.slope(h)
			}
		}
		G = D
	}
	return loss / float64(B)
}
