package autodiff

import (
	"fmt"
	"math"
)

// The ops in this file are the elementwise chains of one Adam update, each
// recorded as a single node. A differentiable optimiser unrolled over
// hundreds of steps (petri/nn's AdamConfig.Update) spends most of its
// tape on these chains; one node instead of four or six makes recording
// and differentiating them several times cheaper. Each op computes
// exactly the float64 operations of the chain of primitive ops its
// comment gives, in the same order, so its value is bit-for-bit the
// chain's; its gradient is the chain's too: a hand-written kernel when
// Grad runs without createGraph, and the chain's backward ops recorded on
// the tape (so gradients of any order follow) with createGraph.

// EMA returns beta*m + (1-beta)*g elementwise, the exponential moving
// average of Adam's first moment: the value and gradient of
// m.Scale(beta).Add(g.Scale(1 - beta)), recorded as one node. m and g
// must have the same shape.
func (m Tensor) EMA(g Tensor, beta float64) Tensor {
	return adamOp(opEMA, "EMA", [3]Tensor{m, g}, 2, beta, 0, 0)
}

// EMASquare returns beta*v + (1-beta)*g*g elementwise, the moving average
// of Adam's second moment: the value and gradient of
// v.Scale(beta).Add(g.Square().Scale(1 - beta)), recorded as one node. v
// and g must have the same shape.
func (v Tensor) EMASquare(g Tensor, beta float64) Tensor {
	return adamOp(opEMASquare, "EMASquare", [3]Tensor{v, g}, 2, beta, 0, 0)
}

// AdamStep returns x - lr*m / (sqrt(vScale*v) + eps) elementwise, Adam's
// parameter update with the bias corrections folded into lr and vScale:
// the value and gradient of
// x.Sub(m.Scale(lr).Div(v.Scale(vScale).Sqrt().AddScalar(eps))), recorded
// as one node. x, m and v must have the same shape.
func AdamStep(x, m, v Tensor, lr, vScale, eps float64) Tensor {
	return adamOp(opAdamStep, "AdamStep", [3]Tensor{x, m, v}, 3, lr, vScale, eps)
}

// adamOp records one of the ops above: nin operands of equal shapes, the
// constant f in the node and, for AdamStep, f2 and f3 in Tape.floats.
func adamOp(op opKind, name string, xs [3]Tensor, nin int, f, f2, f3 float64) Tensor {
	t := tapeOf(xs[:nin]...)
	if t == nil {
		return Tensor{}
	}
	for _, x := range xs[:nin] {
		if !t.usable(name, x) {
			return t.poison()
		}
	}
	s := t.node(xs[0]).shape
	for _, x := range xs[1:nin] {
		if !t.node(x).shape.equal(s) {
			return t.failOp(name, "operands must have the same shape", xs[:nin]...)
		}
	}
	out := t.arena.alloc(s.size())
	a, b := t.node(xs[0]).data, t.node(xs[1]).data
	switch op {
	case opEMA:
		omb := 1 - f
		for i := range out {
			out[i] = float64(f*a[i]) + float64(omb*b[i])
		}
	case opEMASquare:
		omb := 1 - f
		for i := range out {
			out[i] = float64(f*a[i]) + float64(omb*float64(b[i]*b[i]))
		}
	case opAdamStep:
		v := t.node(xs[2]).data
		for i := range out {
			den := math.Sqrt(float64(f2*v[i])) + f3
			out[i] = a[i] - float64(float64(f*b[i])/den)
		}
	default:
		panic(fmt.Sprintf("autodiff: adamOp: unexpected op %s", opNames[op]))
	}
	n := node{op: op, nin: uint8(nin), shape: s, data: out, in: [3]int32{xs[0].id, xs[1].id, xs[2].id}, f: f}
	if op == opAdamStep {
		n.ioff = int32(len(t.floats))
		t.floats = append(t.floats, f2, f3)
	}
	return t.push(n)
}

// vjpAdam is the gradient rule of the ops above. Contributions go to the
// operands in the order the chain's backward pass reaches them (g before
// m or v; x, then m, then v), so that accumulation matches too.
func (t *Tape) vjpAdam(nd *node, g Tensor) {
	if t.createGraph {
		t.vjpAdamRecorded(nd, g)
		return
	}
	t.vjpAdamData(nd, t.nodes[g.id].data)
}

// vjpAdamData is vjpAdam without createGraph, given the gradient's data.
func (t *Tape) vjpAdamData(nd *node, G []float64) {
	a, b := nd.in[0], nd.in[1]
	bd := t.nodes[b].data
	f := nd.f
	buf := t.arena.alloc(len(G))
	switch nd.op {
	case opEMA, opEMASquare:
		omb := 1 - f
		if t.needs(b) {
			if nd.op == opEMA {
				for i, gi := range G {
					buf[i] = omb * gi
				}
			} else {
				for i, gi := range G {
					buf[i] = 2 * float64(float64(omb*gi)*bd[i])
				}
			}
			t.accumulateData(b, buf)
		}
		if t.needs(a) {
			for i, gi := range G {
				buf[i] = f * gi
			}
			t.accumulateData(a, buf)
		}
	case opAdamStep:
		x, m, v := a, b, nd.in[2]
		md, vd := bd, t.nodes[v].data
		vs, eps := t.floats[nd.ioff], t.floats[nd.ioff+1]
		if t.needs(x) {
			t.accumulateData(x, G)
		}
		if t.needs(m) {
			for i, gi := range G {
				den := math.Sqrt(float64(vs*vd[i])) + eps
				buf[i] = f * float64(-gi/den)
			}
			t.accumulateData(m, buf)
		}
		if t.needs(v) {
			for i, gi := range G {
				n8 := math.Sqrt(float64(vs * vd[i]))
				den := n8 + eps
				n10 := float64(f*md[i]) / den
				cden := -float64(float64(-gi*n10) / den)
				buf[i] = vs * float64(0.5*float64(cden/n8))
			}
			t.accumulateData(v, buf)
		}
	}
}

// vjpAdamRecorded records the backward ops of the op's chain.
func (t *Tape) vjpAdamRecorded(nd *node, g Tensor) {
	a := Tensor{tp: t, id: nd.in[0], gen: t.gen}
	b := Tensor{tp: t, id: nd.in[1], gen: t.gen}
	f := nd.f
	switch nd.op {
	case opEMA, opEMASquare:
		if t.needs(b.id) {
			c := g.Scale(1 - f)
			if nd.op == opEMASquare {
				c = c.Mul(b).Scale(2)
			}
			t.accumulate(b.id, c)
		}
		if t.needs(a.id) {
			t.accumulate(a.id, g.Scale(f))
		}
	case opAdamStep:
		x, m, v := a, b, Tensor{tp: t, id: nd.in[2], gen: t.gen}
		vs, eps := t.floats[nd.ioff], t.floats[nd.ioff+1]
		if t.needs(x.id) {
			t.accumulate(x.id, g)
		}
		if !t.needs(m.id) && !t.needs(v.id) {
			return
		}
		n8 := v.Scale(vs).Sqrt()
		den := n8.AddScalar(eps)
		g10 := g.Neg()
		if t.needs(m.id) {
			t.accumulate(m.id, g10.Div(den).Scale(f))
		}
		if t.needs(v.id) {
			n10 := m.Scale(f).Div(den)
			t.accumulate(v.id, g10.Mul(n10).Div(den).Neg().Div(n8).Scale(0.5).Scale(vs))
		}
	}
}
