package groundtruth

import (
	"math"
	"math/rand/v2"
)

// Adam's constants (PyTorch defaults, as in the paper's setup).
const (
	adamBeta1 = 0.9
	adamBeta2 = 0.999
	adamEps   = 1e-8
)

// mlp is the ground-truth network inputs -> hid -> hid -> classes with
// sigmoid(slope*x) hidden activations and a softmax output, with its Adam
// state and the buffers for one batch of up to maxB samples. All parameters
// live in one flat slice so Adam updates them in one loop.
type mlp struct {
	in, hid, maxB int
	slope         float64

	params, grads, m, v       []float64
	w1, b1, w2, b2, w3, b3    []float64 // views into params
	g1, gb1, g2, gb2, g3, gb3 []float64 // views into grads
	step                      int

	h1, h2, p  []float64 // activations (maxB x hid) and probabilities (maxB x classes)
	d1, d2, d3 []float64 // gradients w.r.t. pre-activations
}

func newMLP(in, hid, maxB int) *mlp {
	n := in*hid + hid + hid*hid + hid + hid*classes + classes
	net := &mlp{in: in, hid: hid, maxB: maxB,
		params: make([]float64, n), grads: make([]float64, n), m: make([]float64, n), v: make([]float64, n),
		h1: make([]float64, maxB*hid), h2: make([]float64, maxB*hid), p: make([]float64, maxB*classes),
		d1: make([]float64, maxB*hid), d2: make([]float64, maxB*hid), d3: make([]float64, maxB*classes),
	}
	split := func(s []float64) [6][]float64 {
		sizes := [6]int{in * hid, hid, hid * hid, hid, hid * classes, classes}
		var out [6][]float64
		for i, sz := range sizes {
			out[i], s = s[:sz:sz], s[sz:]
		}
		return out
	}
	p, g := split(net.params), split(net.grads)
	net.w1, net.b1, net.w2, net.b2, net.w3, net.b3 = p[0], p[1], p[2], p[3], p[4], p[5]
	net.g1, net.gb1, net.g2, net.gb2, net.g3, net.gb3 = g[0], g[1], g[2], g[3], g[4], g[5]
	return net
}

// reset draws fresh weights and clears the Adam state. With initScale 0
// the weights and biases are drawn as PyTorch's nn.Linear does, uniform in
// +-1/sqrt(fan_in); with a positive initScale they are normal with that
// standard deviation.
func (net *mlp) reset(r *rand.Rand, slope, initScale float64) {
	net.slope = slope
	drawParams(r, net.params, net.in, net.hid, initScale)
	clear(net.m)
	clear(net.v)
	net.step = 0
}

// drawParams fills params, the flat parameter vector of an
// in-hid-hid-classes network laid out as newMLP's (w1, b1, w2, b2, w3, b3,
// each weight matrix fan-in x fan-out row-major), with initial values as
// reset describes. The device trainer draws through it too, so a seed gives
// the same initial network on every device.
func drawParams(r *rand.Rand, params []float64, in, hid int, initScale float64) {
	fill := func(s []float64, fanIn int) {
		if initScale > 0 {
			for i := range s {
				s[i] = r.NormFloat64() * initScale
			}
			return
		}
		bound := 1 / math.Sqrt(float64(fanIn))
		for i := range s {
			s[i] = (2*r.Float64() - 1) * bound
		}
	}
	p := params
	for _, l := range [6]struct{ size, fanIn int }{
		{in * hid, in}, {hid, in}, {hid * hid, hid}, {hid, hid}, {hid * classes, hid}, {classes, hid},
	} {
		fill(p[:l.size], l.fanIn)
		p = p[l.size:]
	}
}

// forward runs the samples rows of set through the network, leaving the
// activations in the buffers, and returns the summed cross-entropy and the
// number of correct predictions.
func (net *mlp) forward(set *sparseSet, rows []int32) (lossSum float64, correct int) {
	b, hid, s := len(rows), net.hid, net.slope
	fillRows(net.h1, net.b1, b)
	sparseTimesW(net.h1, hid, set, rows, net.w1)
	sigmoidInPlace(net.h1[:b*hid], s)
	fillRows(net.h2, net.b2, b)
	gemm(false, false, b, hid, hid, net.h1, hid, net.w2, hid, 1, net.h2, hid)
	sigmoidInPlace(net.h2[:b*hid], s)
	fillRows(net.p, net.b3, b)
	gemm(false, false, b, classes, hid, net.h2, hid, net.w3, classes, 1, net.p, classes)
	for r, row := range rows {
		loss, ok := softmaxRow((*[classes]float64)(net.p[r*classes:(r+1)*classes]), set.labels[row])
		lossSum += loss
		if ok {
			correct++
		}
	}
	return lossSum, correct
}

// softmaxRow turns one sample's logits z into probabilities in place and
// returns its cross-entropy for label and whether the largest logit (the
// first of equals) is the label's. The loss is log(sum(exp(z-max))) -
// (z[label]-max), finite however far the label's logit lies below the
// largest (its probability then rounds to 0, and its log would be -Inf).
func softmaxRow(z *[classes]float64, label int) (loss float64, correct bool) {
	best, mx := 0, z[0]
	for j := 1; j < classes; j++ {
		if z[j] > mx {
			best, mx = j, z[j]
		}
	}
	zl := z[label]
	var sum float64
	for j := range z {
		z[j] = math.Exp(z[j] - mx)
		sum += z[j]
	}
	loss = math.Log(sum) - (zl - mx)
	inv := 1 / sum
	for j := range z {
		z[j] *= inv
	}
	return loss, best == label
}

// backward computes the gradient of the batch's mean cross-entropy after
// forward on the same rows.
func (net *mlp) backward(set *sparseSet, rows []int32) {
	b, hid, s := len(rows), net.hid, net.slope
	inv := 1 / float64(b)
	d3 := net.d3[:b*classes]
	for r, row := range rows {
		for j := 0; j < classes; j++ {
			d3[r*classes+j] = net.p[r*classes+j] * inv
		}
		d3[r*classes+set.labels[row]] -= inv
	}
	gemm(true, false, hid, classes, b, net.h2, hid, d3, classes, 0, net.g3, classes)
	sumRows(net.gb3, d3, b, classes)

	gemm(false, true, b, hid, classes, d3, classes, net.w3, classes, 0, net.d2, hid)
	sigmoidGrad(net.d2[:b*hid], net.h2[:b*hid], s)
	gemm(true, false, hid, hid, b, net.h1, hid, net.d2, hid, 0, net.g2, hid)
	sumRows(net.gb2, net.d2, b, hid)

	gemm(false, true, b, hid, hid, net.d2, hid, net.w2, hid, 0, net.d1, hid)
	sigmoidGrad(net.d1[:b*hid], net.h1[:b*hid], s)
	sparseTransTimesD(net.g1, hid, set, rows, net.d1)
	sumRows(net.gb1, net.d1, b, hid)
}

// adamConsts are one Adam step's constants, in the order simd_amd64.s
// reads them.
type adamConsts struct {
	l2, beta1, oneMinusBeta1, beta2, oneMinusBeta2, stepSize, invSqrtBC2, eps float64
}

// adam takes one Adam step with L2 regularisation folded into the gradient
// (grad += l2*param, as PyTorch's Adam weight_decay), on every parameter:
// with AVX where the CPU has it, else in the loop below, with the same
// bits either way.
func (net *mlp) adam(lr, l2 float64) {
	net.step++
	bc1 := 1 - math.Pow(adamBeta1, float64(net.step))
	bc2 := 1 - math.Pow(adamBeta2, float64(net.step))
	stepSize := lr / bc1
	invSqrtBC2 := 1 / math.Sqrt(bc2)
	p, g, m, v := net.params, net.grads[:len(net.params)], net.m[:len(net.params)], net.v[:len(net.params)]
	c := adamConsts{l2: l2, beta1: adamBeta1, oneMinusBeta1: 1 - adamBeta1, beta2: adamBeta2, oneMinusBeta2: 1 - adamBeta2,
		stepSize: stepSize, invSqrtBC2: invSqrtBC2, eps: adamEps}
	if adamVector(p, g, m, v, &c) {
		return
	}
	for i, w := range p {
		gi := g[i] + l2*w
		mi := adamBeta1*m[i] + (1-adamBeta1)*gi
		vi := adamBeta2*v[i] + (1-adamBeta2)*gi*gi
		m[i], v[i] = mi, vi
		p[i] = w - stepSize*mi/(math.Sqrt(vi)*invSqrtBC2+adamEps)
	}
}

// trainBatch takes one Adam step on the batch rows of set
// (network.trainBatch).
func (net *mlp) trainBatch(set *sparseSet, rows []int32, lr, l2 float64) error {
	net.forward(set, rows)
	net.backward(set, rows)
	net.adam(lr, l2)
	return nil
}

// score returns the mean cross-entropy and accuracy on the whole set
// (network.score).
func (net *mlp) score(set *sparseSet) (loss, acc float64, err error) {
	return scoreBatches(set, net.maxB, func(rows []int32) (float64, int, error) {
		l, c := net.forward(set, rows)
		return l, c, nil
	})
}

// scoreBatches returns the mean cross-entropy and the accuracy on set,
// scoring it maxB rows at a time with batch, which returns the rows'
// summed cross-entropy and number of correct predictions.
func scoreBatches(set *sparseSet, maxB int, batch func(rows []int32) (lossSum float64, correct int, err error)) (loss, acc float64, err error) {
	rows := make([]int32, maxB)
	var sum float64
	correct := 0
	for lo := 0; lo < set.n; lo += maxB {
		hi := min(lo+maxB, set.n)
		for i := lo; i < hi; i++ {
			rows[i-lo] = int32(i)
		}
		l, c, err := batch(rows[:hi-lo])
		if err != nil {
			return 0, 0, err
		}
		sum += l
		correct += c
	}
	return sum / float64(set.n), float64(correct) / float64(set.n), nil
}

// sigmoidInPlace sets x = sigmoid(s*x).
func sigmoidInPlace(x []float64, s float64) {
	for i, v := range x {
		x[i] = 1 / (1 + math.Exp(-s*v))
	}
}

// sigmoidGrad multiplies d by the derivative of sigmoid(s*x) given its
// output h: s*h*(1-h).
func sigmoidGrad(d, h []float64, s float64) {
	h = h[:len(d)]
	for i, v := range h {
		d[i] *= s * v * (1 - v)
	}
}
