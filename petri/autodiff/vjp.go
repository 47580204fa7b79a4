package autodiff

import "fmt"

// vjp adds the contributions of node i's gradient g to the gradients of
// its inputs that need one. Every contribution is built from recorded,
// differentiable ops, which is what makes gradients of gradients work.
func (t *Tape) vjp(i int32, g Tensor) {
	nd := t.nodes[i] // copy: recording ops may grow t.nodes
	out := Tensor{tp: t, id: i, gen: t.gen}
	a := Tensor{tp: t, id: nd.in[0], gen: t.gen}
	b := Tensor{tp: t, id: nd.in[1], gen: t.gen}
	na, nb := nd.in[0], nd.in[1]
	if nd.nin == 1 && !t.needs(na) {
		return // node i is itself a target whose input needs nothing
	}
	switch nd.op {
	case opAdd:
		if t.needs(na) {
			t.accumulate(na, t.sumTo(g, t.nodes[na].shape))
		}
		if t.needs(nb) {
			t.accumulate(nb, t.sumTo(g, t.nodes[nb].shape))
		}
	case opSub:
		if t.needs(na) {
			t.accumulate(na, t.sumTo(g, t.nodes[na].shape))
		}
		if t.needs(nb) {
			t.accumulate(nb, t.sumTo(g, t.nodes[nb].shape).Neg())
		}
	case opMul:
		if t.needs(na) {
			t.accumulate(na, t.sumTo(g.Mul(b), t.nodes[na].shape))
		}
		if t.needs(nb) {
			t.accumulate(nb, t.sumTo(g.Mul(a), t.nodes[nb].shape))
		}
	case opDiv:
		if t.needs(na) {
			t.accumulate(na, t.sumTo(g.Div(b), t.nodes[na].shape))
		}
		if t.needs(nb) {
			t.accumulate(nb, t.sumTo(g.Mul(out).Div(b), t.nodes[nb].shape).Neg())
		}
	case opWhere:
		cond, x, z := a, b, Tensor{tp: t, id: nd.in[2], gen: t.gen}
		zero := t.Scalar(0)
		if t.needs(x.id) {
			t.accumulate(x.id, t.sumTo(Where(cond, g, zero), t.nodes[x.id].shape))
		}
		if t.needs(z.id) {
			t.accumulate(z.id, t.sumTo(Where(cond, zero, g), t.nodes[z.id].shape))
		}
	case opNeg:
		t.accumulate(na, g.Neg())
	case opScale:
		t.accumulate(na, g.Scale(nd.f))
	case opAddScalar, opReshape:
		t.accumulate(na, t.reshape(g, t.nodes[na].shape))
	case opExp:
		t.accumulate(na, g.Mul(out))
	case opLog:
		t.accumulate(na, g.Div(a))
	case opSqrt:
		t.accumulate(na, g.Div(out).Scale(0.5))
	case opPow:
		switch nd.f {
		case 0:
		case 1:
			t.accumulate(na, g)
		case 2:
			t.accumulate(na, g.Mul(a).Scale(2))
		default:
			t.accumulate(na, g.Mul(a.Pow(nd.f-1)).Scale(nd.f))
		}
	case opSigmoid:
		t.accumulate(na, binary(opSigmoidGrad, g, out, nd.f))
	case opSigmoidGrad: // out = a * f * s * (1 - s), a upstream, b = s
		if t.needs(na) {
			t.accumulate(na, binary(opSigmoidGrad, g, b, nd.f))
		}
		if t.needs(nb) {
			t.accumulate(nb, g.Mul(a).Mul(b.Scale(-2*nd.f).AddScalar(nd.f)))
		}
	case opTanh:
		t.accumulate(na, binary(opTanhGrad, g, out, 0))
	case opTanhGrad: // out = a * (1 - b^2)
		if t.needs(na) {
			t.accumulate(na, binary(opTanhGrad, g, b, 0))
		}
		if t.needs(nb) {
			t.accumulate(nb, g.Mul(a).Mul(b).Scale(-2))
		}
	case opReLU:
		t.accumulate(na, binary(opMaskPositive, g, a, 0))
	case opMaskPositive: // out = a where b > 0; no gradient to the mask b
		if t.needs(na) {
			t.accumulate(na, binary(opMaskPositive, g, b, 0))
		}
	case opSumTo:
		t.accumulate(na, t.broadcastTo(g, t.nodes[na].shape))
	case opBroadcastTo:
		t.accumulate(na, t.sumTo(g, t.nodes[na].shape))
	case opTranspose:
		var inv [MaxRank]int
		for k, p := range t.intsOf(&nd) {
			inv[p] = k
		}
		t.accumulate(na, t.transpose(g, inv))
	case opConcat:
		off := 0
		for k := nd.ioff; k < nd.ioff+nd.ilen; k++ {
			j := int32(t.ints[k])
			w := t.nodes[j].shape.dims[nd.ax]
			if t.needs(j) {
				t.accumulate(j, t.slice(g, nd.ax, off, off+w))
			}
			off += w
		}
	case opSlice:
		t.accumulate(na, t.pad(g, nd.ax, nd.i0, t.nodes[na].shape.dims[nd.ax]))
	case opPad:
		t.accumulate(na, t.slice(g, nd.ax, nd.i0, nd.i0+t.nodes[na].shape.dims[nd.ax]))
	case opGather:
		t.accumulate(na, t.scatterAdd(g, nd.ax, t.nodes[na].shape.dims[nd.ax], nd.ioff, nd.ilen))
	case opScatterAdd:
		t.accumulate(na, t.gather(g, nd.ax, nd.ioff, nd.ilen))
	case opMatMul:
		t.vjpMatMul(nd, g, a, b)
	case opLogSumExp:
		t.accumulate(na, g.Mul(a.Sub(out).Exp()))
	case opBCEWithLogits: // d/dz = sigmoid(z) - y, d/dy = -z
		if t.needs(na) {
			t.accumulate(na, t.sumTo(g.Mul(a.Sigmoid(1).Sub(b)), t.nodes[na].shape))
		}
		if t.needs(nb) {
			t.accumulate(nb, t.sumTo(g.Mul(a), t.nodes[nb].shape).Neg())
		}
	case opEMA, opEMASquare, opAdamStep:
		t.vjpAdam(&nd, g)
	default:
		panic(fmt.Sprintf("autodiff: no gradient rule for op %s", opNames[nd.op]))
	}
}

// vjpMatMul handles C = op(A) op(B), op being an optional transpose:
// dop(A) = g op(B)^T and dop(B) = op(A)^T g, transposed back where op
// transposed, and summed over the batch for a shared (rank-2) operand.
func (t *Tape) vjpMatMul(nd node, g, a, b Tensor) {
	ta, tb := nd.flags&transA != 0, nd.flags&transB != 0
	if t.needs(a.id) {
		var d Tensor
		if !ta {
			d = matmul(g, b, flagsOf(false, !tb))
		} else {
			d = matmul(b, g, flagsOf(tb, true))
		}
		t.accumulate(a.id, t.sumTo(d, t.nodes[a.id].shape))
	}
	if t.needs(b.id) {
		var d Tensor
		if !tb {
			d = matmul(a, g, flagsOf(!ta, false))
		} else {
			d = matmul(g, a, flagsOf(true, ta))
		}
		t.accumulate(b.id, t.sumTo(d, t.nodes[b.id].shape))
	}
}

func flagsOf(ta, tb bool) uint8 {
	var f uint8
	if ta {
		f |= transA
	}
	if tb {
		f |= transB
	}
	return f
}
