package accel

// A plain float64 reference of the unrolled inner loop, written
// independently of the kernels (layer by layer, with ordinary backprop), for
// the UnrolledMLPs tests. It follows petri/motif's sigmoid family, which
// accel cannot import.

import (
	"math"
	"math/rand/v2"
)

// refMLP is the reference network of one spec.
type refMLP struct {
	spec UnrolledMLPSpec
	wOff []int // wOff[l-1]: offset of W_l in theta
	bOff []int // bOff[l-1]: offset of b_l in theta
}

func newRefMLP(spec UnrolledMLPSpec) *refMLP {
	r := &refMLP{spec: spec}
	off := 0
	for l := 1; l < len(spec.Dims); l++ {
		r.wOff = append(r.wOff, off)
		off += spec.Dims[l-1] * spec.Dims[l]
		r.bOff = append(r.bOff, off)
		off += spec.Dims[l]
	}
	return r
}

// forward returns the activations of every layer: acts[0] = x, acts[l] =
// sigmoid(slope*a_l) for hidden layers and the logits for l = L.
func (r *refMLP) forward(slope float64, theta, x []float64) [][]float64 {
	d, n := r.spec.Dims, r.spec.Samples
	L := len(d) - 1
	acts := [][]float64{x}
	for l := 1; l <= L; l++ {
		in, out := acts[l-1], make([]float64, n*d[l])
		for s := 0; s < n; s++ {
			for j := 0; j < d[l]; j++ {
				a := theta[r.bOff[l-1]+j]
				for i := 0; i < d[l-1]; i++ {
					a += in[s*d[l-1]+i] * theta[r.wOff[l-1]+i*d[l]+j]
				}
				if l < L {
					a = 1 / (1 + math.Exp(-slope*a))
				}
				out[s*d[l]+j] = a
			}
		}
		acts = append(acts, out)
	}
	return acts
}

// loss is the mean binary cross-entropy with logits z against labels y.
func refBCE(z, y []float64) float64 {
	var sum float64
	for k, zk := range z {
		sum += math.Max(zk, 0) - zk*y[k] + math.Log1p(math.Exp(-math.Abs(zk)))
	}
	return sum / float64(len(z))
}

// grad returns dLoss/dtheta at theta on x.
func (r *refMLP) grad(slope float64, theta, x, y []float64) []float64 {
	d, n := r.spec.Dims, r.spec.Samples
	L := len(d) - 1
	acts := r.forward(slope, theta, x)
	g := make([]float64, len(theta))
	// delta: dLoss/d(pre-activation) of the current layer.
	z := acts[L]
	delta := make([]float64, len(z))
	for k, zk := range z {
		delta[k] = (1/(1+math.Exp(-zk)) - y[k]) / float64(len(z))
	}
	for l := L; l >= 1; l-- {
		in := acts[l-1]
		for s := 0; s < n; s++ {
			for j := 0; j < d[l]; j++ {
				dj := delta[s*d[l]+j]
				g[r.bOff[l-1]+j] += dj
				for i := 0; i < d[l-1]; i++ {
					g[r.wOff[l-1]+i*d[l]+j] += in[s*d[l-1]+i] * dj
				}
			}
		}
		if l == 1 {
			break
		}
		prev := make([]float64, n*d[l-1])
		for s := 0; s < n; s++ {
			for i := 0; i < d[l-1]; i++ {
				var acc float64
				for j := 0; j < d[l]; j++ {
					acc += delta[s*d[l]+j] * theta[r.wOff[l-1]+i*d[l]+j]
				}
				h := in[s*d[l-1]+i]
				prev[s*d[l-1]+i] = acc * slope * h * (1 - h) // d sigmoid(slope a)/da
			}
		}
		delta = prev
	}
	return g
}

// score trains from theta0 on xTrain with Adam (v starting at Eps^4) and
// returns the loss on xValid.
func (r *refMLP) score(slope float64, theta0, xTrain, xValid, y []float64) float64 {
	sp := r.spec
	theta := append([]float64(nil), theta0...)
	m := make([]float64, len(theta))
	v := make([]float64, len(theta))
	for j := range v {
		v[j] = math.Pow(sp.Eps, 4)
	}
	for t := 0; t < sp.Steps; t++ {
		g := r.grad(slope, theta, xTrain, y)
		c1 := 1 / (1 - math.Pow(sp.Beta1, float64(t+1)))
		c2 := 1 / (1 - math.Pow(sp.Beta2, float64(t+1)))
		for j := range theta {
			gj := g[j] + sp.WeightDecay*theta[j]
			m[j] = sp.Beta1*m[j] + (1-sp.Beta1)*gj
			v[j] = sp.Beta2*v[j] + (1-sp.Beta2)*gj*gj
			theta[j] -= sp.LR * (m[j] * c1) / (math.Sqrt(v[j]*c2) + sp.Eps)
		}
	}
	acts := r.forward(slope, theta, xValid)
	return refBCE(acts[len(acts)-1], y)
}

// unrolledProblem is one test problem: shared weights, inputs and labels.
type unrolledProblem struct {
	spec                          UnrolledMLPSpec
	theta0, xTrain, xValid, label []float64
}

// newUnrolledProblem draws a problem as petri/motif's tests do: weights
// N(0, 0.5^2) (larger than the dish's 0.1 so that every layer and the
// second-order terms matter), normal training inputs, validation inputs
// 0.3-noisy copies of them, and 0/1 labels.
func newUnrolledProblem(dims []int, samples, steps int, seed uint64) unrolledProblem {
	r := rand.New(rand.NewPCG(seed, 99))
	spec := UnrolledMLPSpec{Dims: dims, Samples: samples, Steps: steps,
		LR: 0.01, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, WeightDecay: 1e-5}
	p := unrolledProblem{spec: spec}
	p.theta0 = make([]float64, spec.NumParams())
	for i := range p.theta0 {
		p.theta0[i] = 0.5 * r.NormFloat64()
	}
	p.xTrain = make([]float64, spec.InputLen())
	p.xValid = make([]float64, spec.InputLen())
	for i := range p.xTrain {
		p.xTrain[i] = r.NormFloat64()
		p.xValid[i] = p.xTrain[i] + 0.3*r.NormFloat64()
	}
	p.label = make([]float64, spec.LabelLen())
	for i := range p.label {
		p.label[i] = math.Round(r.Float64())
	}
	return p
}

// refScore is the reference score of one slope on p, with the inputs
// optionally replaced.
func (p unrolledProblem) refScore(slope float64, xTrain, xValid []float64) float64 {
	return newRefMLP(p.spec).score(slope, p.theta0, xTrain, xValid, p.label)
}
