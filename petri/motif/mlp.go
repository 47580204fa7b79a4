package motif

import "math"

// mlpLayout is the shape of a fully connected motif-network
// d[0] -> d[1] -> ... -> d[L] on n samples and the layout of its flat
// parameter vector: for each layer l = 1..L the weights W_l (d[l-1] x d[l],
// row-major) followed by the biases b_l (d[l]).
//
// Hidden layers use sigmoid(s*a); the output layer is linear (logits) and
// the loss is the mean binary cross-entropy with logits over all n x d[L]
// outputs.
type mlpLayout struct {
	dims   []int
	n      int
	wOff   []int // wOff[l-1]: offset of W_l in theta
	bOff   []int // bOff[l-1]: offset of b_l in theta
	nParam int
	hOff   []int // hOff[l-1]: offset of hidden layer l (1..L-1) in the activation buffer
	hLen   int   // total hidden activations per pass
	outLen int   // n * d[L]
	maxAct int   // largest n*d[l] over all layers, for scratch
}

func newMLPLayout(spec NetSpec) mlpLayout {
	dims := make([]int, 0, len(spec.Hidden)+2)
	dims = append(dims, spec.Inputs)
	dims = append(dims, spec.Hidden...)
	dims = append(dims, spec.Outputs)
	L := len(dims) - 1
	lay := mlpLayout{dims: dims, n: spec.Samples, wOff: make([]int, L), bOff: make([]int, L), hOff: make([]int, L)}
	off, hoff := 0, 0
	for l := 1; l <= L; l++ {
		lay.wOff[l-1] = off
		off += dims[l-1] * dims[l]
		lay.bOff[l-1] = off
		off += dims[l]
		if l < L {
			lay.hOff[l-1] = hoff
			hoff += spec.Samples * dims[l]
		}
	}
	for _, d := range dims {
		lay.maxAct = max(lay.maxAct, spec.Samples*d)
	}
	lay.nParam, lay.hLen, lay.outLen = off, hoff, spec.Samples*dims[L]
	return lay
}

// layers is L, the number of weight layers.
func (lay *mlpLayout) layers() int { return len(lay.dims) - 1 }

// w and b return layer l's (1-based) weights and biases inside theta.
func (lay *mlpLayout) w(theta []float64, l int) []float64 {
	return theta[lay.wOff[l-1] : lay.wOff[l-1]+lay.dims[l-1]*lay.dims[l]]
}

func (lay *mlpLayout) b(theta []float64, l int) []float64 {
	return theta[lay.bOff[l-1] : lay.bOff[l-1]+lay.dims[l]]
}

// act returns layer l's (1-based) input activations: x for l = 1, else the
// hidden activations of layer l-1 inside h.
func (lay *mlpLayout) act(x, h []float64, l int) []float64 {
	if l == 1 {
		return x
	}
	return h[lay.hOff[l-2] : lay.hOff[l-2]+lay.n*lay.dims[l-1]]
}

// sigmoid is the logistic function. The plain form is accurate and safe
// everywhere: for a << 0, exp(-a) overflows to +Inf and the result is
// exactly 0, and the relative error stays at a few ulps elsewhere.
func sigmoid(a float64) float64 {
	return 1 / (1 + exp(-a))
}

// forward runs the network with slope s on inputs x (n x d[0]); it writes
// the hidden activations into h (hLen) and the logits into out (outLen),
// or, with probs, the output probabilities sigmoid(logits).
func (lay *mlpLayout) forward(s float64, theta, x, h, out []float64, probs bool) {
	L := lay.layers()
	for l := 1; l <= L; l++ {
		din, dout := lay.dims[l-1], lay.dims[l]
		in := lay.act(x, h, l)
		W, b := lay.w(theta, l), lay.b(theta, l)
		var o []float64
		if l < L {
			o = h[lay.hOff[l-1] : lay.hOff[l-1]+lay.n*dout]
		} else {
			o = out[:lay.n*dout]
		}
		affine(in, W, b, o, lay.n, din, dout)
		switch {
		case l < L:
			sigmoidInPlace(o, s)
		case probs:
			sigmoidInPlace(o, 1)
		}
	}
}

// affine writes o = in W + b for n rows (in: n x din, W: din x dout).
func affine(in, W, b, o []float64, n, din, dout int) {
	if dout == 1 {
		b0 := b[0]
		W = W[:din]
		for r := range n {
			xr := in[r*din : (r+1)*din]
			acc := b0
			for i, xi := range xr {
				acc += xi * W[i]
			}
			o[r] = acc
		}
		return
	}
	for r := range n {
		row := o[r*dout : (r+1)*dout]
		copy(row, b)
		xr := in[r*din : (r+1)*din]
		for i, xi := range xr {
			wi := W[i*dout : (i+1)*dout]
			wi = wi[:len(row)]
			for j := range row {
				row[j] += xi * wi[j]
			}
		}
	}
}

// bceLoss returns the mean binary cross-entropy of logits z against
// labels y, and writes the probabilities sigmoid(z) into p.
func bceLoss(z, y, p []float64) float64 {
	var sum float64
	for k, zk := range z {
		sum += bce(zk, y[k])
		p[k] = sigmoid(zk)
	}
	return sum / float64(len(z))
}

// bce is the binary cross-entropy of logit z against label y, in the form
// that neither overflows nor loses precision for large |z|.
func bce(z, y float64) float64 {
	return math.Max(z, 0) - z*y + math.Log1p(math.Exp(-math.Abs(z)))
}

// mlpScratch is per-worker scratch for backward and hvp.
type mlpScratch struct {
	g, d, rg, rd []float64 // maxAct each
	ra           []float64 // hLen + outLen: R{a} of every layer
}

func newMLPScratch(lay *mlpLayout) *mlpScratch {
	return &mlpScratch{
		g: make([]float64, lay.maxAct), d: make([]float64, lay.maxAct),
		rg: make([]float64, lay.maxAct), rd: make([]float64, lay.maxAct),
		ra: make([]float64, lay.hLen+lay.outLen),
	}
}

// backward writes dL/dtheta into gTheta and, if gX is not nil, adds
// dL/dx into gX, for the loss L = mean BCE given the forward state (h and
// probabilities p) at theta on x with labels y.
func (lay *mlpLayout) backward(s float64, theta, x, h, p, y, gTheta, gX []float64, sc *mlpScratch) {
	inv := 1 / float64(lay.outLen)
	G := sc.g[:lay.outLen]
	for k := range G {
		G[k] = (p[k] - y[k]) * inv
	}
	lay.backFrom(lay.layers(), s, theta, x, h, G, gTheta, gX, sc)
}

// backFrom backpropagates G, the loss gradient with respect to layer
// top's pre-activations (held in sc.g), down to the inputs: it writes the
// weight and bias gradients of layers top..1 into gTheta and, if gX is not
// nil, adds dL/dx into gX.
func (lay *mlpLayout) backFrom(top int, s float64, theta, x, h, G, gTheta, gX []float64, sc *mlpScratch) {
	n := lay.n
	for l := top; l >= 1; l-- {
		din, dout := lay.dims[l-1], lay.dims[l]
		in := lay.act(x, h, l)
		W := lay.w(theta, l)
		dW, db := lay.w(gTheta, l), lay.b(gTheta, l)
		clear(dW)
		clear(db)
		if dout == 1 {
			lay.backUnit(l, s, W, in, G, dW, db, gX, sc)
			if l == 1 {
				break
			}
			G = sc.g[:n*din]
			continue
		}
		for r := range n {
			gr := G[r*dout : (r+1)*dout]
			db = db[:len(gr)]
			for j, gj := range gr {
				db[j] += gj
			}
			xr := in[r*din : (r+1)*din]
			for i, xi := range xr {
				dwi := dW[i*dout : (i+1)*dout]
				dwi = dwi[:len(gr)]
				for j, gj := range gr {
					dwi[j] += xi * gj
				}
			}
		}
		if l == 1 && gX == nil {
			break
		}
		D := sc.d[:n*din]
		for r := range n {
			gr := G[r*dout : (r+1)*dout]
			dr := D[r*din : (r+1)*din]
			for i := range dr {
				wi := W[i*dout : (i+1)*dout]
				wi = wi[:len(gr)]
				var acc float64
				for j, gj := range gr {
					acc += gj * wi[j]
				}
				dr[i] = acc
			}
		}
		if l == 1 {
			for i, di := range D {
				gX[i] += di
			}
			break
		}
		// G_{l-1} = D * s*H*(1-H), H = hidden activations of layer l-1.
		Gp := sc.g[:n*din]
		for i, hi := range in {
			Gp[i] = D[i] * s * hi * (1 - hi)
		}
		G = Gp
	}
}

// backUnit is one layer of backFrom for a layer with a single output
// unit (dout = 1), the common case of the paper's 10-1-1-10 network, with
// the same operations in the same order as the general loop. It writes
// the next G into sc.g (or adds dL/dx into gX for layer 1 if gX is not
// nil).
func (lay *mlpLayout) backUnit(l int, s float64, W, in, G, dW, db, gX []float64, sc *mlpScratch) {
	n, din := lay.n, lay.dims[l-1]
	G = G[:n]
	W, dW = W[:din], dW[:din]
	var sb float64
	for r, gr := range G {
		sb += gr
		xr := in[r*din : (r+1)*din]
		xr = xr[:len(dW)]
		for i := range dW {
			dW[i] += xr[i] * gr
		}
	}
	db[0] += sb
	switch {
	case l > 1:
		Gp := sc.g[:n*din]
		in = in[:len(Gp)]
		for r, gr := range G {
			for i := range din {
				hi := in[r*din+i]
				Gp[r*din+i] = (0 + gr*W[i]) * s * hi * (1 - hi)
			}
		}
	case gX != nil:
		for r, gr := range G {
			for i := range din {
				gX[r*din+i] += 0 + gr*W[i]
			}
		}
	}
}

// gradStep is forward followed by backward (without dL/dx) for one inner
// training step, with the output layer's forward pass, probabilities and
// backward pass fused into one sweep. It writes h, the probabilities p and
// dL/dtheta into gTheta, with the same floating-point operations in the
// same order as forward + backward, so its results are identical.
func (lay *mlpLayout) gradStep(s float64, theta, x, h, p, y, gTheta []float64, sc *mlpScratch) {
	L, n := lay.layers(), lay.n
	for l := 1; l < L; l++ {
		o := h[lay.hOff[l-1] : lay.hOff[l-1]+n*lay.dims[l]]
		affine(lay.act(x, h, l), lay.w(theta, l), lay.b(theta, l), o, n, lay.dims[l-1], lay.dims[l])
		sigmoidInPlace(o, s)
	}
	din, dout := lay.dims[L-1], lay.dims[L]
	in := lay.act(x, h, L)
	W, b := lay.w(theta, L), lay.b(theta, L)
	dW, db := lay.w(gTheta, L), lay.b(gTheta, L)
	clear(dW)
	clear(db)
	D := sc.d[:n*din]
	clear(D)
	P := p[:n*dout]
	affine(in, W, b, P, n, din, dout)
	sigmoidInPlace(P, 1)
	inv := 1 / float64(lay.outLen)
	for r := range n {
		pr, yr := P[r*dout:(r+1)*dout], y[r*dout:(r+1)*dout]
		yr = yr[:len(pr)]
		if din == 1 {
			// One hidden unit (the paper's network): no loops over inputs.
			x0, d0 := in[r], 0.0
			W, dW, db := W[:len(pr)], dW[:len(pr)], db[:len(pr)]
			for k, pk := range pr {
				g := (pk - yr[k]) * inv
				db[k] += g
				dW[k] += x0 * g
				d0 += g * W[k]
			}
			D[r] = d0
			continue
		}
		xr := in[r*din : (r+1)*din]
		dr := D[r*din : (r+1)*din]
		for k, pk := range pr {
			g := (pk - yr[k]) * inv
			db[k] += g
			for i, xi := range xr {
				dW[i*dout+k] += xi * g
				dr[i] += g * W[i*dout+k]
			}
		}
	}
	if L == 1 {
		return
	}
	G := sc.g[:n*din]
	for i, hi := range in {
		G[i] = D[i] * s * hi * (1 - hi)
	}
	lay.backFrom(L-1, s, theta, x, h, G, gTheta, nil, sc)
}
