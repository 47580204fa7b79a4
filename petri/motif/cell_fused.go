package motif

import (
	"fmt"
	"math"
)

// cellNet is the recurrent-cell motif-network written out by hand: the
// forward pass over the sequences, its reverse pass, and Pearlmutter's
// R-pass (the directional derivative of both in a direction v of the
// parameters), which gives the Hessian-vector product in theta and the
// mixed product in x that the adjoint of a gradient step needs. It is the
// cell family's innerNet and computes what NetworkLoss records on a tape,
// in the same float64 arithmetic but in its own order.
//
// Every (time step, node) pair has a block of S rows: the node's
// pre-activation [c, h] (2H wide), its gate sigmoid(c), its activation
// f(h) and its state s (H wide each), plus their R-values.
type cellNet struct {
	lay  cellLayout
	S, T int
	y    []float64 // labels, [S, T, O]
	cell Cell      // the cell being trained

	// The forward pass's activations are a cellSlot: the scratch one, or
	// an inner step's, kept for its R-pass in the adjoint.
	cellSlot
	scratch cellSlot
	steps   []cellSlot

	rpre, rgate, ract, rst []float64 // R-forward, per (t, node)
	rh                     []float64 // R{h_t}, [T][S, H]
	rz                     []float64 // R{z}, [S, T, O]
	ds, rds                []float64 // reverse accumulators per (t, node)
	dhOut, rdhOut          []float64 // dL/dh_t from the read-out, [T][S, H]
	carry, rcarry          []float64 // dL/dh_{t-1} from node 0 of step t, [S, H]
	dpre, rdpre            []float64 // one node's pre-activation adjoints, [S, 2H]
	dsp, rdsp              []float64 // one node's input-state adjoints, [S, H]
}

// cellSlot holds one forward pass's activations: per (t, node) the
// pre-activation [c, h] (2H wide), the gate, the activation and the state
// (H wide each); h_t ([T][S, H]); and the probabilities sigmoid(z)
// ([S, T, O]).
type cellSlot struct {
	pre, gate, act, st, h, p []float64
}

// newCellSlot allocates a slot as one block of memory.
func newCellSlot(lay *cellLayout, S, T int) cellSlot {
	H := lay.hid
	blocks := T * (CellNodes + 1) * S * H
	sizes := []int{2 * blocks, blocks, blocks, blocks, T * S * H, S * T * lay.out}
	total := 0
	for _, n := range sizes {
		total += n
	}
	buf := make([]float64, total)
	parts := make([][]float64, len(sizes))
	for i, n := range sizes {
		parts[i], buf = buf[:n:n], buf[n:]
	}
	return cellSlot{pre: parts[0], gate: parts[1], act: parts[2], st: parts[3], h: parts[4], p: parts[5]}
}

func newCellNet(spec NetSpec, labels []float64) *cellNet {
	lay := newCellLayout(spec)
	S, T, H := spec.Samples, spec.TimeSteps, lay.hid
	blocks := T * (CellNodes + 1) * S
	n := &cellNet{lay: lay, S: S, T: T, y: append([]float64(nil), labels...)}
	n.scratch = newCellSlot(&lay, S, T)
	n.cellSlot = n.scratch
	n.rpre = make([]float64, blocks*2*H)
	for _, b := range []*[]float64{&n.rgate, &n.ract, &n.rst, &n.ds, &n.rds} {
		*b = make([]float64, blocks*H)
	}
	for _, b := range []*[]float64{&n.rh, &n.dhOut, &n.rdhOut} {
		*b = make([]float64, T*S*H)
	}
	n.rz = make([]float64, S*T*lay.out)
	n.carry, n.rcarry, n.dsp, n.rdsp = make([]float64, S*H), make([]float64, S*H), make([]float64, S*H), make([]float64, S*H)
	n.dpre, n.rdpre = make([]float64, S*2*H), make([]float64, S*2*H)
	return n
}

// blk returns the offset of (t, node)'s block in an H-wide array; the
// 2H-wide arrays use twice it.
func (n *cellNet) blk(t, node int) int { return (t*(CellNodes+1) + node) * n.S * n.lay.hid }

// hblock returns (t, node)'s block of an H-wide array.
func (n *cellNet) hblock(a []float64, t, node int) []float64 {
	o := n.blk(t, node)
	return a[o : o+n.S*n.lay.hid]
}

// pblock returns (t, node)'s block of a 2H-wide array.
func (n *cellNet) pblock(a []float64, t, node int) []float64 {
	o := 2 * n.blk(t, node)
	return a[o : o+2*n.S*n.lay.hid]
}

// node returns node i's weights W_i (i = 1..11, H x 2H) inside a flat
// parameter vector (or a direction or gradient in the same layout).
func (n *cellNet) node(theta []float64, i int) []float64 {
	H2 := 2 * n.lay.hid
	off := n.lay.wi + (i-1)*n.lay.hid*H2
	return theta[off : off+n.lay.hid*H2]
}

// actDeriv returns the first and second derivatives of f at pre-activation
// u, where a = f(u).
func actDeriv(f CellAct, u, a float64) (float64, float64) {
	switch f {
	case CellTanh:
		d1 := 1 - a*a
		return d1, -2 * a * d1
	case CellReLU:
		if u > 0 {
			return 1, 0
		}
		return 0, 0
	case CellSigmoid:
		d1 := a * (1 - a)
		return d1, d1 * (1 - 2*a)
	}
	return 1, 0
}

// apply returns f(u).
func apply(f CellAct, u float64) float64 {
	switch f {
	case CellTanh:
		return math.Tanh(u)
	case CellReLU:
		return max(u, 0)
	case CellSigmoid:
		return sigmoid(u)
	}
	return u
}

// mix computes a node's gate, activation and state from its
// pre-activation block: s = sp + sigmoid(c) (f(h) - sp), with sp = 0 when
// nil. The gate and activation are computed a block at a time
// (sigmoidInPlace, activateInPlace), with the same results as sigmoid
// and apply element by element.
func (n *cellNet) mix(t, node int, sp []float64, f CellAct) {
	H := n.lay.hid
	pre, g, a, s := n.pblock(n.pre, t, node), n.hblock(n.gate, t, node), n.hblock(n.act, t, node), n.hblock(n.st, t, node)
	for r := range n.S {
		copy(g[r*H:(r+1)*H], pre[r*2*H:r*2*H+H])
		copy(a[r*H:(r+1)*H], pre[r*2*H+H:(r+1)*2*H])
	}
	sigmoidInPlace(g, 1)
	activateInPlace(a, f)
	a, s = a[:len(g)], s[:len(g)]
	if sp == nil {
		var spk float64
		for k, gk := range g {
			s[k] = spk + gk*(a[k]-spk)
		}
		return
	}
	sp = sp[:len(g)]
	for k, gk := range g {
		spk := sp[k]
		s[k] = spk + gk*(a[k]-spk)
	}
}

// activateInPlace replaces every u[i] by apply(f, u[i]).
func activateInPlace(u []float64, f CellAct) {
	switch f {
	case CellTanh:
		for i, v := range u {
			u[i] = math.Tanh(v)
		}
	case CellReLU:
		for i, v := range u {
			u[i] = max(v, 0)
		}
	case CellSigmoid:
		sigmoidInPlace(u, 1)
	}
}

// rmix is mix's R-pass: the R-values of the gate, activation and state
// from those of the pre-activation and of sp (zero when nil).
func (n *cellNet) rmix(t, node int, sp, rsp []float64, f CellAct) {
	H := n.lay.hid
	pre, g, a := n.pblock(n.pre, t, node), n.hblock(n.gate, t, node), n.hblock(n.act, t, node)
	rpre, rg, ra, rs := n.pblock(n.rpre, t, node), n.hblock(n.rgate, t, node), n.hblock(n.ract, t, node), n.hblock(n.rst, t, node)
	for r := range n.S {
		for j := range H {
			k := r*H + j
			gk, ak := g[k], a[k]
			var spk, rspk float64
			if sp != nil {
				spk, rspk = sp[k], rsp[k]
			}
			d1, _ := actDeriv(f, pre[r*2*H+H+j], ak)
			rgk := gk * (1 - gk) * rpre[r*2*H+j]
			rak := d1 * rpre[r*2*H+H+j]
			rg[k], ra[k] = rgk, rak
			rs[k] = rspk + rgk*(ak-spk) + gk*(rak-rspk)
		}
	}
}

// xRows gathers step t's inputs [S, I] out of x ([S, T, I]) into buf.
func (n *cellNet) xRows(x, buf []float64, t int) []float64 {
	I := n.lay.in
	for r := range n.S {
		copy(buf[r*I:(r+1)*I], x[(r*n.T+t)*I:(r*n.T+t+1)*I])
	}
	return buf
}

// forward runs the network on x from a zero hidden state, keeping every
// activation, and returns the mean loss if wantLoss (else 0; the
// gradient needs only the probabilities).
func (n *cellNet) forward(theta, x []float64, wantLoss bool, xbuf []float64) float64 {
	lay, S, T := &n.lay, n.S, n.T
	I, H, O := lay.in, lay.hid, lay.out
	H2 := 2 * H
	w0 := theta[:lay.wi]
	for t := range T {
		xt := n.xRows(x, xbuf, t)
		pre := n.pblock(n.pre, t, 0)
		clear(pre)
		matAdd(pre, xt, w0[:I*H2], S, I, H2)
		var hp []float64
		if t > 0 {
			hp = n.h[(t-1)*S*H : t*S*H]
			matAdd(pre, hp, w0[I*H2:], S, H, H2)
		}
		n.mix(t, 0, hp, CellTanh)
		for i := 1; i <= CellNodes; i++ {
			sp := n.hblock(n.st, t, int(n.cell.Prev[i-1]))
			pre := n.pblock(n.pre, t, i)
			clear(pre)
			matAdd(pre, sp, n.node(theta, i), S, H, H2)
			n.mix(t, i, sp, n.cell.Act[i-1])
		}
		n.mean(n.h[t*S*H:(t+1)*S*H], n.st, t)
	}
	V, b := theta[lay.v:lay.b], theta[lay.b:lay.size]
	var loss float64
	for r := range S {
		for t := range T {
			hr := n.h[(t*S+r)*H : (t*S+r+1)*H]
			row := (r*T + t) * O
			for o := range O {
				z := b[o]
				for j, hj := range hr {
					z += hj * V[j*O+o]
				}
				n.p[row+o] = sigmoid(z)
				if wantLoss {
					loss += bce(z, n.y[row+o])
				}
			}
		}
	}
	return loss / float64(S*T*O)
}

// mean writes into ht the mean of nodes 1..11's blocks of a at step t.
func (n *cellNet) mean(ht, a []float64, t int) {
	clear(ht)
	for i := 1; i <= CellNodes; i++ {
		for k, v := range n.hblock(a, t, i) {
			ht[k] += v
		}
	}
	for k := range ht {
		ht[k] /= CellNodes
	}
}

// rforward is the R-forward pass in direction vd, after forward on the
// same theta and x (whose activations it reads).
func (n *cellNet) rforward(theta, x, vd []float64, xbuf []float64) {
	lay, S, T := &n.lay, n.S, n.T
	I, H, O := lay.in, lay.hid, lay.out
	H2 := 2 * H
	w0, v0 := theta[:lay.wi], vd[:lay.wi]
	for t := range T {
		xt := n.xRows(x, xbuf, t)
		rpre := n.pblock(n.rpre, t, 0)
		clear(rpre)
		matAdd(rpre, xt, v0[:I*H2], S, I, H2)
		var hp, rhp []float64
		if t > 0 {
			hp, rhp = n.h[(t-1)*S*H:t*S*H], n.rh[(t-1)*S*H:t*S*H]
			matAdd(rpre, rhp, w0[I*H2:], S, H, H2)
			matAdd(rpre, hp, v0[I*H2:], S, H, H2)
		}
		n.rmix(t, 0, hp, rhp, CellTanh)
		for i := 1; i <= CellNodes; i++ {
			p := int(n.cell.Prev[i-1])
			sp, rsp := n.hblock(n.st, t, p), n.hblock(n.rst, t, p)
			rpre := n.pblock(n.rpre, t, i)
			clear(rpre)
			matAdd(rpre, rsp, n.node(theta, i), S, H, H2)
			matAdd(rpre, sp, n.node(vd, i), S, H, H2)
			n.rmix(t, i, sp, rsp, n.cell.Act[i-1])
		}
		n.mean(n.rh[t*S*H:(t+1)*S*H], n.rst, t)
	}
	V := theta[lay.v:lay.b]
	for r := range S {
		for t := range T {
			hr, rhr := n.h[(t*S+r)*H:(t*S+r+1)*H], n.rh[(t*S+r)*H:(t*S+r+1)*H]
			row := (r*T + t) * O
			for o := range O {
				rz := vd[lay.b+o]
				for j := range hr {
					rz += rhr[j]*V[j*O+o] + hr[j]*vd[lay.v+j*O+o]
				}
				n.rz[row+o] = rz
			}
		}
	}
}

// backward runs the reverse pass after forward on the same theta and x.
// It writes dL/dtheta into g (if not nil) and adds dL/dx into gx (if not
// nil). After a forward with direction vd it also runs the reverse R-pass:
// it writes R{dL/dtheta} = H vd into hv and adds R{dL/dx} into rgx.
func (n *cellNet) backward(theta, x, vd, g, gx, hv, rgx, xbuf []float64) {
	lay, S, T := &n.lay, n.S, n.T
	I, H, O := lay.in, lay.hid, lay.out
	H2 := 2 * H
	withR := vd != nil
	N := float64(S * T * O)
	if g != nil {
		clear(g)
	}
	if withR {
		clear(hv)
	}
	V := theta[lay.v:lay.b]
	// Read-out: z = h V + b.
	for t := range T {
		for r := range S {
			hr := n.h[(t*S+r)*H : (t*S+r+1)*H]
			dh := n.dhOut[(t*S+r)*H : (t*S+r+1)*H]
			clear(dh)
			var rhr, rdh []float64
			if withR {
				rhr = n.rh[(t*S+r)*H : (t*S+r+1)*H]
				rdh = n.rdhOut[(t*S+r)*H : (t*S+r+1)*H]
				clear(rdh)
			}
			row := (r*T + t) * O
			for o := range O {
				pk := n.p[row+o]
				dz := (pk - n.y[row+o]) / N
				if g != nil {
					g[lay.b+o] += dz
					for j, hj := range hr {
						g[lay.v+j*O+o] += hj * dz
					}
				}
				for j := range dh {
					dh[j] += dz * V[j*O+o]
				}
				if withR {
					rdz := pk * (1 - pk) * n.rz[row+o] / N
					hv[lay.b+o] += rdz
					for j := range hr {
						hv[lay.v+j*O+o] += rhr[j]*dz + hr[j]*rdz
						rdh[j] += rdz*V[j*O+o] + dz*vd[lay.v+j*O+o]
					}
				}
			}
		}
	}
	clear(n.carry)
	clear(n.rcarry)
	w0 := theta[:lay.wi]
	for t := T - 1; t >= 0; t-- {
		for i := 0; i <= CellNodes; i++ {
			clear(n.hblock(n.ds, t, i))
			if withR {
				clear(n.hblock(n.rds, t, i))
			}
		}
		dht := n.dhOut[t*S*H : (t+1)*S*H]
		var rdht []float64
		if withR {
			rdht = n.rdhOut[t*S*H : (t+1)*S*H]
		}
		for i := 1; i <= CellNodes; i++ {
			ds := n.hblock(n.ds, t, i)
			for k := range ds {
				ds[k] = (dht[k] + n.carry[k]) / CellNodes
			}
			if withR {
				rds := n.hblock(n.rds, t, i)
				for k := range rds {
					rds[k] = (rdht[k] + n.rcarry[k]) / CellNodes
				}
			}
		}
		for i := CellNodes; i >= 1; i-- {
			p := int(n.cell.Prev[i-1])
			sp := n.hblock(n.st, t, p)
			var rsp []float64
			if withR {
				rsp = n.hblock(n.rst, t, p)
			}
			n.nodeBack(t, i, sp, rsp, n.cell.Act[i-1], withR)
			W := n.node(theta, i)
			if g != nil {
				outerAdd(n.node(g, i), sp, n.dpre, S, H, H2)
			}
			matAddT(n.dsp, n.dpre, W, S, H, H2)
			ds := n.hblock(n.ds, t, p)
			for k, v := range n.dsp {
				ds[k] += v
			}
			if withR {
				outerAdd(n.node(hv, i), rsp, n.dpre, S, H, H2)
				outerAdd(n.node(hv, i), sp, n.rdpre, S, H, H2)
				matAddT(n.rdsp, n.rdpre, W, S, H, H2)
				matAddT(n.rdsp, n.dpre, n.node(vd, i), S, H, H2)
				rds := n.hblock(n.rds, t, p)
				for k, v := range n.rdsp {
					rds[k] += v
				}
			}
		}
		// Node 0 reads [x_t, h_{t-1}] through W_0 and mixes into h_{t-1}.
		var hp, rhp []float64
		if t > 0 {
			hp = n.h[(t-1)*S*H : t*S*H]
			if withR {
				rhp = n.rh[(t-1)*S*H : t*S*H]
			}
		}
		n.nodeBack(t, 0, hp, rhp, CellTanh, withR)
		xt := n.xRows(x, xbuf, t)
		if g != nil {
			outerAdd(g[:I*H2], xt, n.dpre, S, I, H2)
			if t > 0 {
				outerAdd(g[I*H2:lay.wi], hp, n.dpre, S, H, H2)
			}
		}
		if gx != nil {
			n.addX(gx, n.dpre, w0[:I*H2], t)
		}
		if withR {
			outerAdd(hv[:I*H2], xt, n.rdpre, S, I, H2)
			if t > 0 {
				outerAdd(hv[I*H2:lay.wi], rhp, n.dpre, S, H, H2)
				outerAdd(hv[I*H2:lay.wi], hp, n.rdpre, S, H, H2)
			}
			n.addX(rgx, n.rdpre, w0[:I*H2], t)
			n.addX(rgx, n.dpre, vd[:I*H2], t)
		}
		// dL/dh_{t-1}: the gate mix's direct term plus through W_0's h rows.
		copy(n.carry, n.dsp)
		matAddT(n.carry, n.dpre, w0[I*H2:], S, H, H2)
		if withR {
			copy(n.rcarry, n.rdsp)
			matAddT(n.rcarry, n.rdpre, w0[I*H2:], S, H, H2)
			matAddT(n.rcarry, n.dpre, vd[I*H2:lay.wi], S, H, H2)
		}
	}
}

// addX adds dpre (S x 2H) times w^T (w: I x 2H) into step t's rows of gx.
func (n *cellNet) addX(gx, dpre, w []float64, t int) {
	I, H2 := n.lay.in, 2*n.lay.hid
	for r := range n.S {
		matAddT(gx[(r*n.T+t)*I:(r*n.T+t+1)*I], dpre[r*H2:(r+1)*H2], w, 1, I, H2)
	}
}

// nodeBack takes node (t, node)'s state adjoint ds (and R{ds}) through its
// gate mix s = sp + g (a - sp): it writes the pre-activation adjoints into
// n.dpre and the mix's direct term ds (1 - g) into n.dsp (and their
// R-values into n.rdpre and n.rdsp). sp is nil for a zero input state.
func (n *cellNet) nodeBack(t, node int, sp, rsp []float64, f CellAct, withR bool) {
	H := n.lay.hid
	pre, g, a := n.pblock(n.pre, t, node), n.hblock(n.gate, t, node), n.hblock(n.act, t, node)
	ds := n.hblock(n.ds, t, node)
	var rpre, rg, ra, rds []float64
	if withR {
		rpre, rg, ra, rds = n.pblock(n.rpre, t, node), n.hblock(n.rgate, t, node), n.hblock(n.ract, t, node), n.hblock(n.rds, t, node)
	}
	for r := range n.S {
		for j := range H {
			k := r*H + j
			gk, ak, dsk := g[k], a[k], ds[k]
			var spk float64
			if sp != nil {
				spk = sp[k]
			}
			uh := pre[r*2*H+H+j]
			d1, d2 := actDeriv(f, uh, ak)
			gp := gk * (1 - gk)
			dg, da := dsk*(ak-spk), dsk*gk
			n.dpre[r*2*H+j] = dg * gp
			n.dpre[r*2*H+H+j] = da * d1
			n.dsp[k] = dsk * (1 - gk)
			if withR {
				var rspk float64
				if rsp != nil {
					rspk = rsp[k]
				}
				rdsk, rgk, rak := rds[k], rg[k], ra[k]
				rdg := rdsk*(ak-spk) + dsk*(rak-rspk)
				rda := rdsk*gk + dsk*rgk
				n.rdpre[r*2*H+j] = rdg*gp + dg*(1-2*gk)*rgk
				n.rdpre[r*2*H+H+j] = rda*d1 + da*d2*rpre[r*2*H+H+j]
				n.rdsp[k] = rdsk*(1-gk) - dsk*rgk
			}
		}
	}
}

// cellWorker is the cell family's fused path: unrolledAdam over a
// cellNet.
type cellWorker struct {
	net  *cellNet
	adam *unrolledAdam
	xbuf []float64 // one step's inputs, [S, I]
}

func newCellWorker(p Problem) *cellWorker {
	return &cellWorker{
		net:  newCellNet(p.Net, p.Labels),
		adam: newUnrolledAdam(p.Inner, p.Theta0),
		xbuf: make([]float64, p.Net.Samples*p.Net.Inputs),
	}
}

// slot points the net at inner step t's activations when recording (made
// on first use), else at the scratch ones.
func (w *cellWorker) slot(t int, record bool) {
	n := w.net
	if !record {
		n.cellSlot = n.scratch
		return
	}
	if n.steps == nil {
		n.steps = make([]cellSlot, w.adam.in.Steps)
	}
	if n.steps[t].pre == nil {
		n.steps[t] = newCellSlot(&n.lay, n.S, n.T)
	}
	n.cellSlot = n.steps[t]
}

// gradStep is innerNet's; recording keeps step t's activations for hvp.
func (w *cellWorker) gradStep(t int, record bool, theta, x, g []float64) {
	w.slot(t, record)
	w.net.forward(theta, x, false, w.xbuf)
	w.net.backward(theta, x, nil, g, nil, nil, nil, w.xbuf)
}

// hvp is innerNet's: the R-forward and reverse R-pass in direction v on
// step t's recorded activations.
func (w *cellWorker) hvp(t int, theta, x, v, hv, gx []float64) {
	w.slot(t, true)
	w.net.rforward(theta, x, v, w.xbuf)
	w.net.backward(theta, x, v, nil, nil, hv, gx, w.xbuf)
}

func (w *cellWorker) start(m Motif, xTrain, xValid []float64) error {
	c, err := AsCell(m)
	if err != nil {
		return err
	}
	want := w.net.S * w.net.T * w.net.lay.in
	if len(xTrain) != want || len(xValid) != want {
		return fmt.Errorf("synthetic inputs have %d (train) and %d (validation) values; the motif-network needs %d each (samples x time steps x inputs)", len(xTrain), len(xValid), want)
	}
	w.net.cell = c
	return nil
}

// Score trains m's network and returns its validation loss.
func (w *cellWorker) Score(m Motif, xTrain, xValid []float64) (float64, error) {
	if err := w.start(m, xTrain, xValid); err != nil {
		return 0, err
	}
	w.adam.train(w, xTrain, false)
	w.slot(0, false)
	return w.net.forward(w.adam.theta, xValid, true, w.xbuf), nil
}

// ScoreGrad also writes the gradients of the validation loss with respect
// to both input sets, through the adjoint of the inner loop.
func (w *cellWorker) ScoreGrad(m Motif, xTrain, xValid, gradTrain, gradValid []float64) (float64, error) {
	if err := w.start(m, xTrain, xValid); err != nil {
		return 0, err
	}
	if len(gradTrain) != len(xTrain) || len(gradValid) != len(xValid) {
		return 0, fmt.Errorf("gradient buffers have %d and %d values; want %d each", len(gradTrain), len(gradValid), len(xTrain))
	}
	u := w.adam
	u.train(w, xTrain, true)
	w.slot(0, false)
	score := w.net.forward(u.theta, xValid, true, w.xbuf)
	clear(gradValid)
	w.net.backward(u.theta, xValid, nil, u.thetaBar, gradValid, nil, nil, w.xbuf)
	u.adjoint(w, xTrain, gradTrain)
	return score, nil
}

// NewFused returns a worker of the hand-written cell adjoint.
func (f cellFamily) NewFused(p Problem) (Fused, error) {
	if err := p.Validate(f); err != nil {
		return nil, err
	}
	return newCellWorker(p), nil
}
