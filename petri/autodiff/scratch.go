package autodiff

// useDirectVJP lets tests compare vjpDirect with vjp.
var useDirectVJP = true

// vjpDirect is vjp for the backward pass without createGraph, for the
// common ops: it computes node i's contributions from its gradient G
// straight into scratch buffers, with the same float64 operations as the
// ops vjp would record, and accumulates them in the same order, so the
// results are bit-for-bit those of vjp. Recording those ops (and the
// leaf holding G) cost more than the arithmetic on the small tensors of
// an unrolled inner loop. With SetCheckFinite on, backwardScratch uses
// vjp, whose recorded ops are checked. It reports false, having done nothing, for an
// op (or shapes) it leaves to vjp.
func (t *Tape) vjpDirect(i int32, G []float64) bool {
	nd := &t.nodes[i] // no node is recorded below, so the pointer stays valid
	na, nb := nd.in[0], nd.in[1]
	if nd.nin == 1 && !t.needs(na) {
		return true // node i is itself a target whose input needs nothing
	}
	s, f, out := nd.shape, nd.f, nd.data
	buf := func() []float64 { return t.arena.alloc(len(G)) }
	var ad, bd []float64
	if nd.nin >= 1 {
		ad = t.nodes[na].data
	}
	if nd.nin >= 2 {
		bd = t.nodes[nb].data
	}
	// sameShapes reports whether both operands have the output's shape.
	sameShapes := func() bool { return t.nodes[na].shape.equal(s) && t.nodes[nb].shape.equal(s) }
	switch nd.op {
	case opAdd, opSub:
		if t.needs(na) {
			t.accumulateData(na, t.sumToData(G, s, t.nodes[na].shape))
		}
		if t.needs(nb) {
			c := t.sumToData(G, s, t.nodes[nb].shape)
			if nd.op == opSub {
				neg := t.arena.alloc(len(c))
				for k, v := range c {
					neg[k] = -v
				}
				c = neg
			}
			t.accumulateData(nb, c)
		}
	case opMul:
		if !sameShapes() {
			return false
		}
		if t.needs(na) {
			c := buf()
			for k, g := range G {
				c[k] = g * bd[k]
			}
			t.accumulateData(na, c)
		}
		if t.needs(nb) {
			c := buf()
			for k, g := range G {
				c[k] = g * ad[k]
			}
			t.accumulateData(nb, c)
		}
	case opDiv:
		if !sameShapes() {
			return false
		}
		if t.needs(na) {
			c := buf()
			for k, g := range G {
				c[k] = g / bd[k]
			}
			t.accumulateData(na, c)
		}
		if t.needs(nb) {
			c := buf()
			for k, g := range G {
				c[k] = -(float64(g*out[k]) / bd[k])
			}
			t.accumulateData(nb, c)
		}
	case opNeg:
		c := buf()
		for k, g := range G {
			c[k] = -g
		}
		t.accumulateData(na, c)
	case opScale:
		c := buf()
		for k, g := range G {
			c[k] = f * g
		}
		t.accumulateData(na, c)
	case opAddScalar, opReshape:
		t.accumulateData(na, G)
	case opExp:
		c := buf()
		for k, g := range G {
			c[k] = g * out[k]
		}
		t.accumulateData(na, c)
	case opLog:
		c := buf()
		for k, g := range G {
			c[k] = g / ad[k]
		}
		t.accumulateData(na, c)
	case opSqrt:
		c := buf()
		for k, g := range G {
			c[k] = 0.5 * float64(g/out[k])
		}
		t.accumulateData(na, c)
	case opPow:
		switch f {
		case 0:
		case 1:
			t.accumulateData(na, G)
		case 2:
			c := buf()
			for k, g := range G {
				c[k] = 2 * float64(g*ad[k])
			}
			t.accumulateData(na, c)
		default:
			return false
		}
	case opSigmoid:
		c := buf()
		binRun(opSigmoidGrad, f, c, G, 0, 1, out, 0, 1)
		t.accumulateData(na, c)
	case opSigmoidGrad: // out = a * f * s * (1 - s), a upstream, b = s
		if t.needs(na) {
			c := buf()
			binRun(opSigmoidGrad, f, c, G, 0, 1, bd, 0, 1)
			t.accumulateData(na, c)
		}
		if t.needs(nb) {
			c, f2 := buf(), -2*f
			for k, g := range G {
				c[k] = float64(g*ad[k]) * float64(float64(f2*bd[k])+f)
			}
			t.accumulateData(nb, c)
		}
	case opTanh:
		c := buf()
		binRun(opTanhGrad, 0, c, G, 0, 1, out, 0, 1)
		t.accumulateData(na, c)
	case opTanhGrad: // out = a * (1 - b^2)
		if t.needs(na) {
			c := buf()
			binRun(opTanhGrad, 0, c, G, 0, 1, bd, 0, 1)
			t.accumulateData(na, c)
		}
		if t.needs(nb) {
			c := buf()
			for k, g := range G {
				c[k] = -2 * float64(float64(g*ad[k])*bd[k])
			}
			t.accumulateData(nb, c)
		}
	case opReLU:
		c := buf()
		binRun(opMaskPositive, 0, c, G, 0, 1, ad, 0, 1)
		t.accumulateData(na, c)
	case opMaskPositive: // out = a where b > 0; no gradient to the mask b
		if t.needs(na) {
			c := buf()
			binRun(opMaskPositive, 0, c, G, 0, 1, bd, 0, 1)
			t.accumulateData(na, c)
		}
	case opSumTo: // the contribution is G broadcast back to a's shape
		sa := t.nodes[na].shape
		n, ok := suffixLen(s, sa)
		if !ok {
			return false
		}
		c := t.arena.alloc(sa.size())
		for o := 0; o < len(c); o += n {
			copy(c[o:o+n], G)
		}
		t.accumulateData(na, c)
	case opBroadcastTo:
		t.accumulateData(na, t.sumToData(G, s, t.nodes[na].shape))
	case opSlice: // pad G back into zeros of a's shape
		sa := t.nodes[na].shape
		c := t.arena.allocZero(sa.size())
		outer, _, inner := splitAt(s, nd.ax)
		w, size := s.dims[nd.ax]*inner, sa.dims[nd.ax]
		for o := 0; o < outer; o++ {
			copy(c[o*size*inner+nd.i0*inner:], G[o*w:(o+1)*w])
		}
		t.accumulateData(na, c)
	case opPad: // slice G back to a's shape
		sa := t.nodes[na].shape
		c := t.arena.alloc(sa.size())
		outer, mid, inner := splitAt(s, nd.ax)
		w := sa.dims[nd.ax] * inner
		for o := 0; o < outer; o++ {
			copy(c[o*w:(o+1)*w], G[o*mid*inner+nd.i0*inner:])
		}
		t.accumulateData(na, c)
	case opMatMul: // as vjpMatMul
		ta, tb := nd.flags&transA != 0, nd.flags&transB != 0
		sa, sb := t.nodes[na].shape, t.nodes[nb].shape
		if t.needs(na) {
			var d []float64
			var ds shape
			if !ta {
				d, ds, _ = t.matmulData(G, s, bd, sb, flagsOf(false, !tb))
			} else {
				d, ds, _ = t.matmulData(bd, sb, G, s, flagsOf(tb, true))
			}
			t.accumulateData(na, t.sumToData(d, ds, sa))
		}
		if t.needs(nb) {
			var d []float64
			var ds shape
			if !tb {
				d, ds, _ = t.matmulData(ad, sa, G, s, flagsOf(!ta, false))
			} else {
				d, ds, _ = t.matmulData(G, s, ad, sa, flagsOf(true, ta))
			}
			t.accumulateData(nb, t.sumToData(d, ds, sb))
		}
	case opBCEWithLogits: // d/dz = sigmoid(z) - y, d/dy = -z
		if !sameShapes() {
			return false
		}
		if t.needs(na) {
			c := buf()
			for k, g := range G {
				c[k] = g * float64(sigmoid(1*ad[k])-bd[k])
			}
			t.accumulateData(na, c)
		}
		if t.needs(nb) {
			c := buf()
			for k, g := range G {
				c[k] = -float64(g * ad[k])
			}
			t.accumulateData(nb, c)
		}
	case opEMA, opEMASquare, opAdamStep:
		t.vjpAdamData(nd, G)
	default:
		return false
	}
	return true
}

// sumToData returns G (shape from) summed to shape to as SumTo computes
// it: G itself when the shapes are equal, else a scratch buffer.
func (t *Tape) sumToData(G []float64, from, to shape) []float64 {
	if from.equal(to) {
		return G
	}
	out := t.arena.allocZero(to.size())
	sumInto(out, G, from, to)
	return out
}
