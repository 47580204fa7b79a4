package autodiff

import (
	"fmt"
	"math"
)

var nan = math.NaN()

// tapeOf returns the tape of the first non-zero tensor.
func tapeOf(xs ...Tensor) *Tape {
	for _, x := range xs {
		if x.tp != nil {
			return x.tp
		}
	}
	return nil
}

// Add returns a + b elementwise, broadcasting numpy-style.
func (a Tensor) Add(b Tensor) Tensor { return binary(opAdd, a, b, 0) }

// Sub returns a - b elementwise, broadcasting numpy-style.
func (a Tensor) Sub(b Tensor) Tensor { return binary(opSub, a, b, 0) }

// Mul returns a * b elementwise, broadcasting numpy-style.
func (a Tensor) Mul(b Tensor) Tensor { return binary(opMul, a, b, 0) }

// Div returns a / b elementwise, broadcasting numpy-style.
func (a Tensor) Div(b Tensor) Tensor { return binary(opDiv, a, b, 0) }

// GreaterEqual returns 1 where a >= b and 0 elsewhere, broadcasting. It is
// a constant for differentiation: no gradient flows through it.
func (a Tensor) GreaterEqual(b Tensor) Tensor { return binary(opGreaterEqual, a, b, 0) }

// BCEWithLogits returns the elementwise binary cross-entropy of targets y
// given logits z: -y*log(sigmoid(z)) - (1-y)*log(1-sigmoid(z)), computed
// stably as max(z,0) - z*y + log(1+exp(-|z|)). Reduce it with Mean or Sum.
func (z Tensor) BCEWithLogits(y Tensor) Tensor { return binary(opBCEWithLogits, z, y, 0) }

// binary records an elementwise op of two broadcast operands.
func binary(op opKind, a, b Tensor, f float64) Tensor {
	t := tapeOf(a, b)
	if t == nil {
		return Tensor{}
	}
	name := opNames[op]
	if !t.usable(name, a) || !t.usable(name, b) {
		return t.poison()
	}
	na, nb := t.node(a), t.node(b)
	var s shape
	if na.shape.equal(nb.shape) {
		s = na.shape
	} else {
		var ok bool
		s, ok = broadcastShapes(na.shape, nb.shape)
		if !ok {
			return t.failOp(name, "shapes do not broadcast; make each trailing dimension equal or 1 (Reshape or BroadcastTo first)", a, b)
		}
		if op == opSigmoidGrad || op == opTanhGrad || op == opMaskPositive {
			return t.failOp(name, "shapes must be equal", a, b)
		}
	}
	out := t.arena.alloc(s.size())
	if na.shape.equal(nb.shape) {
		binRun(op, f, out, na.data, 0, 1, nb.data, 0, 1)
	} else if n, ok := suffixLen(nb.shape, s); ok && na.shape.equal(s) {
		binSuffix(op, f, out, na.data, nb.data, n, false)
	} else if n, ok := suffixLen(na.shape, s); ok && nb.shape.equal(s) {
		binSuffix(op, f, out, nb.data, na.data, n, true)
	} else {
		it := newIter(s, na.shape, nb.shape)
		for r := 0; r < it.runs; r++ {
			o := r * it.inner
			binRun(op, f, out[o:o+it.inner], na.data, it.off[0], it.inSt[0], nb.data, it.off[1], it.inSt[1])
			it.next()
		}
	}
	return t.push(node{op: op, nin: 2, shape: s, data: out, in: [3]int32{a.id, b.id}, f: f})
}

// binSuffix is binary for a full-size operand big and an operand small of
// n elements that repeats along big (see suffixLen): out[i] = big[i] op
// small[i%n], or small[i%n] op big[i] when swapped.
func binSuffix(op opKind, f float64, out, big, small []float64, n int, swapped bool) {
	if n == 1 {
		if swapped {
			binRun(op, f, out, small, 0, 0, big, 0, 1)
		} else {
			binRun(op, f, out, big, 0, 1, small, 0, 0)
		}
		return
	}
	for o := 0; o < len(out); o += n {
		if swapped {
			binRun(op, f, out[o:o+n], small, 0, 1, big, o, 1)
		} else {
			binRun(op, f, out[o:o+n], big, o, 1, small, 0, 1)
		}
	}
}

// binRun applies op along one run: out[k] = a[ai+k*as] op b[bi+k*bs].
func binRun(op opKind, f float64, out, a []float64, ai, as int, b []float64, bi, bs int) {
	switch op {
	case opAdd:
		for k := range out {
			out[k] = a[ai] + b[bi]
			ai, bi = ai+as, bi+bs
		}
	case opSub:
		for k := range out {
			out[k] = a[ai] - b[bi]
			ai, bi = ai+as, bi+bs
		}
	case opMul:
		for k := range out {
			out[k] = a[ai] * b[bi]
			ai, bi = ai+as, bi+bs
		}
	case opDiv:
		for k := range out {
			out[k] = a[ai] / b[bi]
			ai, bi = ai+as, bi+bs
		}
	case opGreaterEqual:
		for k := range out {
			out[k] = 0
			if a[ai] >= b[bi] {
				out[k] = 1
			}
			ai, bi = ai+as, bi+bs
		}
	case opBCEWithLogits:
		for k := range out {
			z, y := a[ai], b[bi]
			// log(1+e) rather than Log1p: the absolute error is the same
			// (~1e-16) and math.Log is much faster on amd64.
			out[k] = max(z, 0) - z*y + math.Log(1+math.Exp(-math.Abs(z)))
			ai, bi = ai+as, bi+bs
		}
	case opSigmoidGrad: // a = upstream gradient, b = sigmoid output, f = slope
		for k := range out {
			s := b[bi]
			out[k] = a[ai] * f * s * (1 - s)
			ai, bi = ai+as, bi+bs
		}
	case opTanhGrad: // a = upstream gradient, b = tanh output
		for k := range out {
			y := b[bi]
			out[k] = a[ai] * (1 - y*y)
			ai, bi = ai+as, bi+bs
		}
	case opMaskPositive: // a = upstream gradient, b = ReLU input
		for k := range out {
			out[k] = 0
			if b[bi] > 0 {
				out[k] = a[ai]
			}
			ai, bi = ai+as, bi+bs
		}
	default:
		panic(fmt.Sprintf("autodiff: binRun: unexpected op %s", opNames[op]))
	}
}

// Where returns, elementwise, a where cond is non-zero and b elsewhere; all
// three broadcast together. cond is a constant for differentiation.
func Where(cond, a, b Tensor) Tensor {
	t := tapeOf(cond, a, b)
	if t == nil {
		return Tensor{}
	}
	if !t.usable("Where", cond) || !t.usable("Where", a) || !t.usable("Where", b) {
		return t.poison()
	}
	nc, na, nb := t.node(cond), t.node(a), t.node(b)
	s, ok := broadcastShapes(nc.shape, na.shape)
	if ok {
		s, ok = broadcastShapes(s, nb.shape)
	}
	if !ok {
		return t.failOp("Where", "shapes of cond, a and b do not broadcast together; make each trailing dimension equal or 1", cond, a, b)
	}
	out := t.arena.alloc(s.size())
	it := newIter(s, nc.shape, na.shape, nb.shape)
	for r := 0; r < it.runs; r++ {
		o := r * it.inner
		ci, ai, bi := it.off[0], it.off[1], it.off[2]
		for k := 0; k < it.inner; k++ {
			if nc.data[ci] != 0 {
				out[o+k] = na.data[ai]
			} else {
				out[o+k] = nb.data[bi]
			}
			ci, ai, bi = ci+it.inSt[0], ai+it.inSt[1], bi+it.inSt[2]
		}
		it.next()
	}
	return t.push(node{op: opWhere, nin: 3, shape: s, data: out, in: [3]int32{cond.id, a.id, b.id}})
}

// Maximum returns the elementwise maximum of a and b, broadcasting. Where
// they are equal the gradient goes to a.
func (a Tensor) Maximum(b Tensor) Tensor { return Where(a.GreaterEqual(b), a, b) }

// Minimum returns the elementwise minimum of a and b, broadcasting. Where
// they are equal the gradient goes to b.
func (a Tensor) Minimum(b Tensor) Tensor { return Where(a.GreaterEqual(b), b, a) }
