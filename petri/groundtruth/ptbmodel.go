package groundtruth

import (
	"context"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"

	"github.com/petridish-go/petridish/petri/autodiff"
	"github.com/petridish-go/petridish/petri/motif"
)

// The parameters of lm, in the order of lm.params (and of the initial
// draw): the embedding, W_0, W_1..W_11, the decoder bias.
const (
	lmEmb     = 0
	lmW0      = 1
	lmW1      = 2
	lmBias    = lmW1 + motif.CellNodes
	lmNParams = lmBias + 1
	// lmTaped is how many parameters are recorded on the tape (all but the
	// bias, which only the hand-written decoder uses).
	lmTaped = lmBias
)

// lm is the language model TrainCell trains, NAO's RNNModel without
// dropout: an embedding E [V, D], one motif.Cell with state size D
// (W_0 [2D, 2D], whose first D rows multiply x_t, and W_1..W_11 [D, 2D]),
// and a decoder tied to the embedding, logits = h_t E^T + bias.
//
// The embedding lookup and the cell run on petri/autodiff (motif.Cell.Step
// is the one definition of the cell); the decoder and its softmax
// cross-entropy, nine tenths of the time (a [N, D] x [D, V] product and a
// softmax over V = 10,000 words per token, and the products of their
// gradient), are fused by hand in decode, and dL/dH goes back through the
// tape as the gradient of sum(H * dL/dH). The tests check the gradient
// against the same loss recorded entirely on autodiff and against finite
// differences.
type lm struct {
	cell   motif.Cell
	V, D   int
	params [lmNParams][]float64
	grads  [lmNParams][]float64

	tp  *autodiff.Tape
	in  []autodiff.Tensor // E, W_0, W_1..W_11 on the tape
	gin []autodiff.Tensor // their gradients
	hs  []autodiff.Tensor // the states of one window

	logits []float64 // [N, V]: the logits, then exp(logits - max)
	nll    []float64 // [N]
	dh     []float64 // [N, D]
	hb     []float64 // [N, D+1]: [h, 1], then [h, 1]/(N sum)
	eb     []float64 // [D+1, V]: [E^T; bias]
	gb     []float64 // [V, D+1]: [dL/dE, dL/dbias] before the one-hot terms
}

// newLM draws the weights of a model with vocabulary v and state size d
// uniformly in +-initRange, in the order E, W_0, W_1..W_11; the decoder
// bias starts at 0.
func newLM(cell motif.Cell, v, d int, initRange float64, r *rand.Rand) *lm {
	m := &lm{cell: cell, V: v, D: d, tp: autodiff.NewTape(),
		in: make([]autodiff.Tensor, lmTaped), gin: make([]autodiff.Tensor, lmTaped)}
	sizes := [lmNParams]int{lmEmb: v * d, lmW0: 4 * d * d, lmBias: v}
	for i := range motif.CellNodes {
		sizes[lmW1+i] = 2 * d * d
	}
	for i, n := range sizes {
		m.params[i], m.grads[i] = make([]float64, n), make([]float64, n)
		if i != lmBias {
			for j := range m.params[i] {
				m.params[i][j] = initRange * (2*r.Float64() - 1)
			}
		}
	}
	return m
}

// numParams counts the model's weights (E counted once).
func (m *lm) numParams() int {
	n := 0
	for _, p := range m.params {
		n += len(p)
	}
	return n
}

// record records on the (reset) tape the cell's states for one window of
// L steps of B streams: input holds the token ids row-major [L][B], h the
// state before the window ([B, D], zeros for a zero state), which record
// overwrites with the state after it (detached: the next window starts
// from these values, and no gradient flows back into this window). It
// returns H, the states of all steps, [L*B, D] in the order of input.
func (m *lm) record(ctx context.Context, input []int, L, B int, h []float64) (autodiff.Tensor, error) {
	tp, D := m.tp, m.D
	tp.Reset()
	E := tp.From(m.params[lmEmb], m.V, D)
	W0 := tp.From(m.params[lmW0], 2*D, 2*D)
	m.in[lmEmb], m.in[lmW0] = E, W0
	var w [motif.CellNodes]autodiff.Tensor
	for i := range w {
		w[i] = tp.From(m.params[lmW1+i], D, 2*D)
		m.in[lmW1+i] = w[i]
	}
	// The input's share of node 0 for every step at once.
	xw := E.Gather(0, input).MatMul(W0.Slice(0, 0, D))
	w0h := W0.Slice(0, D, 2*D)
	state := tp.From(h, B, D)
	if cap(m.hs) < L {
		m.hs = make([]autodiff.Tensor, L)
	}
	hs := m.hs[:L]
	done := ctx.Done()
	for t := range L {
		select {
		case <-done:
			return autodiff.Tensor{}, ctx.Err()
		default:
		}
		state = m.cell.Step(xw.Slice(0, t*B, (t+1)*B), state, w0h, w)
		hs[t] = state
	}
	H := autodiff.Concat(0, hs...)
	if err := H.Err(); err != nil {
		return autodiff.Tensor{}, err
	}
	copy(h, state.Data())
	return H, nil
}

// trainWindow computes the mean cross-entropy of one window (targets
// row-major [L][B], the token after each input) and its gradient with
// respect to every parameter, in m.grads. h is as for record.
func (m *lm) trainWindow(ctx context.Context, input, target []int, L, B int, h []float64) (float64, error) {
	H, err := m.record(ctx, input, L, B, h)
	if err != nil {
		return 0, err
	}
	N, D := L*B, m.D
	loss := m.decode(H.Data(), N, target, true)
	// The cell's and the embedding's share: dL/dH back through the tape.
	tp := m.tp
	s := H.Mul(tp.From(m.dh[:N*D], N, D)).Sum()
	if err := tp.GradTo(m.gin, s, m.in, false); err != nil {
		return 0, err
	}
	for j, g := range m.gin[lmEmb].Data() {
		m.grads[lmEmb][j] += g
	}
	for i := lmW0; i < lmTaped; i++ {
		copy(m.grads[i], m.gin[i].Data())
	}
	return loss, nil
}

// evalWindow returns the summed cross-entropy of one window's N = L*B
// targets; h is as for record.
func (m *lm) evalWindow(ctx context.Context, input, target []int, L, B int, h []float64) (float64, error) {
	H, err := m.record(ctx, input, L, B, h)
	if err != nil {
		return 0, err
	}
	return m.decode(H.Data(), L*B, target, false) * float64(L*B), nil
}

// decode returns the mean over the N rows of h ([N, D]) of the
// cross-entropy of softmax(h E^T + bias) against targets. With grad it
// also sets m.dh[:N*D] to dL/dh and m.grads[lmEmb] and m.grads[lmBias] to
// the decoder's shares of dL/dE and dL/dbias.
//
// Three gonum Dgemm products do most of the work, each in the fastest of
// the layouts measured by BenchmarkPTBProducts: with Eb = [E^T; bias]
// ([D+1, V]) and hb = [h, 1], the logits are hb Eb (NN); a pass per row
// turns them into e = exp(logits - max) and the loss. With p = e/sum the
// softmax, dL/dlogits = (p - onehot)/N, so [dL/dE, dL/dbias] =
// e^T [h, 1]/(N sum) (TN) minus the one-hot terms, and dL/dh =
// (e Eb[:D]^T)/(N sum) (NT) - E[t]/N. Nothing else reads or writes the
// [N, V] logits, and the bias needs no pass of its own.
//
// The rows are split among the cores; each row's arithmetic, and every
// sum, is done in a fixed order, so the result does not depend on the
// number of cores (gonum's parallel Dgemm also sums each element in a
// fixed order).
func (m *lm) decode(h []float64, N int, targets []int, grad bool) float64 {
	V, D := m.V, m.D
	E, bias := m.params[lmEmb], m.params[lmBias]
	if len(m.nll) < N {
		m.logits, m.nll, m.dh = make([]float64, N*V), make([]float64, N), make([]float64, N*D)
		m.hb = make([]float64, N*(D+1))
	}
	if len(m.eb) == 0 {
		m.eb, m.gb = make([]float64, (D+1)*V), make([]float64, V*(D+1))
	}
	z, nll, hb, eb := m.logits[:N*V], m.nll[:N], m.hb[:N*(D+1)], m.eb
	for v := range V {
		for d, e := range E[v*D : (v+1)*D] {
			eb[d*V+v] = e
		}
	}
	copy(eb[D*V:], bias)
	for r := range N {
		copy(hb[r*(D+1):], h[r*D:(r+1)*D])
		hb[r*(D+1)+D] = 1
	}
	gemm(false, false, N, V, D+1, hb, D+1, eb, V, 0, z, V)
	scale := 1 / float64(N)
	parallel(N, func(lo, hi int) {
		for r := lo; r < hi; r++ {
			var inv float64
			nll[r], inv = lmSoftmaxRow(z[r*V:(r+1)*V], targets[r], grad)
			if grad { // [h/(N sum), 1/(N sum)]
				inv *= scale
				row := hb[r*(D+1) : (r+1)*(D+1)]
				for d := range row {
					row[d] *= inv
				}
			}
		}
	})
	sum := 0.0
	for _, v := range nll {
		sum += v
	}
	if !grad {
		return sum * scale
	}
	gE, gb, G, dh := m.grads[lmEmb], m.grads[lmBias], m.gb, m.dh[:N*D]
	gemm(true, false, V, D+1, N, z, V, hb, D+1, 0, G, D+1)
	for v := range V {
		copy(gE[v*D:(v+1)*D], G[v*(D+1):v*(D+1)+D])
		gb[v] = G[v*(D+1)+D]
	}
	gemm(false, true, N, D, V, z, V, eb, V, 0, dh, D)
	for r, t := range targets[:N] {
		inv := hb[r*(D+1)+D] // 1/(N sum)
		hr, dhr, gEt, Et := h[r*D:(r+1)*D], dh[r*D:(r+1)*D], gE[t*D:(t+1)*D], E[t*D:(t+1)*D]
		for d := range D {
			dhr[d] = dhr[d]*inv - scale*Et[d]
			gEt[d] -= scale * hr[d]
		}
		gb[t] -= scale
	}
	return sum * scale
}

// lmSoftmaxRow returns the cross-entropy -log softmax(z)[t] of the
// logits row z and 1/sum(e), having overwritten z with e = exp(z -
// max(z)) when grad is set.
func lmSoftmaxRow(z []float64, t int, grad bool) (nll, inv float64) {
	mx := z[0]
	for _, v := range z { // not max(mx, v), which is ten times slower
		if v > mx {
			mx = v
		}
	}
	zt := z[t]
	sum := 0.0
	if grad {
		for j, v := range z {
			e := math.Exp(v - mx)
			z[j] = e
			sum += e
		}
	} else {
		for _, v := range z {
			sum += math.Exp(v - mx)
		}
	}
	return mx + math.Log(sum) - zt, 1 / sum
}

// parallel calls f on contiguous ranges that split [0, n) among the
// cores, and waits for them.
func parallel(n int, f func(lo, hi int)) {
	parts := min(runtime.GOMAXPROCS(0), max(1, n/16))
	if parts <= 1 {
		f(0, n)
		return
	}
	var wg sync.WaitGroup
	for p := range parts {
		lo, hi := p*n/parts, (p+1)*n/parts
		wg.Go(func() { f(lo, hi) })
	}
	wg.Wait()
}

// step takes one SGD step of size lr on m.grads after scaling them so
// their global norm is at most clip (none when clip is 0), as PyTorch's
// clip_grad_norm_; it returns the norm before clipping, which is not
// finite only if a gradient is not.
func (m *lm) step(lr, clip float64) float64 {
	norm := m.gradNorm()
	if clip > 0 && norm > clip {
		lr *= clip / (norm + 1e-6)
	}
	for i, p := range m.params {
		for j, g := range m.grads[i] {
			p[j] -= lr * g
		}
	}
	return norm
}

// gradNorm returns the global norm of m.grads. Gradients too large to
// square (above 1e154, after a loss spike that clipping may yet survive)
// are scaled by the largest first, so the norm is +Inf or NaN only if a
// gradient is.
func (m *lm) gradNorm() float64 {
	sq := 0.0
	for _, g := range m.grads {
		for _, v := range g {
			sq += v * v
		}
	}
	if !math.IsInf(sq, 1) {
		return math.Sqrt(sq)
	}
	big := 0.0
	for _, g := range m.grads {
		for _, v := range g {
			big = max(big, math.Abs(v))
		}
	}
	if math.IsInf(big, 1) {
		return big
	}
	sq = 0
	for _, g := range m.grads {
		for _, v := range g {
			sq += (v / big) * (v / big)
		}
	}
	return big * math.Sqrt(sq)
}
