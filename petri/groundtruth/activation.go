package groundtruth

import (
	"context"
	"errors"
	"fmt"

	"github.com/petridish-go/petridish/petri/autodiff"
	"github.com/petridish-go/petridish/petri/data"
	"github.com/petridish-go/petridish/petri/nn"
	"github.com/petridish-go/petridish/petri/progress"
	"github.com/petridish-go/petridish/petri/rng"
)

// TrainActivation is Train with the hidden activation act in place of
// sigmoid(slope*x): the ground truth of a motif family of your own whose
// motif is the activation (motif.Define in package motif builds the
// family's dish side). The network, its initial weights and batch order
// for a seed, the loss, Adam and the validation are Train's; the forward
// and backward passes run on petri/autodiff, which differentiates act, so
// with act = a.Sigmoid(s) it gives Train(s)'s result up to rounding. It is
// about half as fast as Train and always uses one core of the CPU.
// RunResult.Slope is 0.
//
// act gets a batch's pre-activations, a [BatchSize, Hidden] tensor, and
// must return a tensor of the same shape. It may be written in a notebook
// cell, and may panic there like any cell code.
func TrainActivation(ctx context.Context, act nn.Activation, seed uint64, cfg Config, train, valid data.Set, rep progress.Reporter) (RunResult, error) {
	if act == nil {
		return RunResult{}, errors.New("ground truth: the activation is nil; pass a function of a tensor, e.g. func(a autodiff.Tensor) autodiff.Tensor { return a.Tanh() }")
	}
	t, err := newTrainer(cfg, train, valid)
	if err != nil {
		return RunResult{}, err
	}
	r := rng.New(seed)
	net := t.newNet()
	net.reset(r, 0, cfg.InitScale)
	return t.fit(ctx, newActNet(net, act), r, "activation run", seed, func(epoch int) {
		progress.Report(rep, epoch, cfg.Epochs, fmt.Sprintf("seed %d epoch %d/%d", seed, epoch, cfg.Epochs))
	})
}

// actNet is the ground-truth network with its hidden activation given as
// a petri/autodiff function. Its weights, their layout and its Adam state
// are those of the hand-written mlp it wraps, so a seed draws the same
// network and Adam takes the same steps; only the forward and backward
// passes are recorded on a tape instead.
type actNet struct {
	net    *mlp
	act    nn.Activation
	tp     *autodiff.Tape
	x, y   []float64         // one batch: dense inputs and one-hot labels
	params []autodiff.Tensor // W1, b1, W2, b2, W3, b3 on the tape
	grads  []autodiff.Tensor
}

func newActNet(net *mlp, act nn.Activation) *actNet {
	return &actNet{net: net, act: act, tp: autodiff.NewTape(),
		x: make([]float64, net.maxB*net.in), y: make([]float64, net.maxB*classes),
		params: make([]autodiff.Tensor, 6), grads: make([]autodiff.Tensor, 6)}
}

// logits records on a fresh tape the network's logits for the batch rows
// of set, and their one-hot labels.
func (a *actNet) logits(set *sparseSet, rows []int32) (z, labels autodiff.Tensor) {
	net, tp, b := a.net, a.tp, len(rows)
	tp.Reset()
	x, y := a.x[:b*net.in], a.y[:b*classes]
	clear(x)
	clear(y)
	for r, row := range rows {
		xr := x[r*net.in : (r+1)*net.in]
		for k := set.ptr[row]; k < set.ptr[row+1]; k++ {
			xr[set.idx[k]] = set.val[k]
		}
		y[r*classes+set.labels[row]] = 1
	}
	p := a.params
	p[0], p[1] = tp.From(net.w1, net.in, net.hid), tp.From(net.b1, net.hid)
	p[2], p[3] = tp.From(net.w2, net.hid, net.hid), tp.From(net.b2, net.hid)
	p[4], p[5] = tp.From(net.w3, net.hid, classes), tp.From(net.b3, classes)
	h := a.act(tp.From(x, b, net.in).MatMul(p[0]).Add(p[1]))
	h = a.act(h.MatMul(p[2]).Add(p[3]))
	return h.MatMul(p[4]).Add(p[5]), tp.From(y, b, classes)
}

// trainBatch takes one Adam step on the batch's mean cross-entropy.
func (a *actNet) trainBatch(set *sparseSet, rows []int32, lr, l2 float64) error {
	z, y := a.logits(set, rows)
	loss := z.CrossEntropy(y, -1).Mean()
	if err := loss.Err(); err != nil {
		return fmt.Errorf("the network with this activation: %w", err)
	}
	if err := a.tp.GradTo(a.grads, loss, a.params, false); err != nil {
		return err
	}
	net := a.net
	for i, g := range [6][]float64{net.g1, net.gb1, net.g2, net.gb2, net.g3, net.gb3} {
		copy(g, a.grads[i].Data())
	}
	net.adam(lr, l2)
	return nil
}

// score returns the mean cross-entropy and the accuracy on set, computed
// from the logits as the hand-written network does.
func (a *actNet) score(set *sparseSet) (loss, acc float64, err error) {
	return scoreBatches(set, a.net.maxB, func(rows []int32) (sum float64, correct int, err error) {
		z, _ := a.logits(set, rows)
		if err := z.Err(); err != nil {
			return 0, 0, fmt.Errorf("the network with this activation: %w", err)
		}
		zs := z.Data()
		for r, row := range rows {
			l, ok := softmaxRow((*[classes]float64)(zs[r*classes:(r+1)*classes]), set.labels[row])
			sum += l
			if ok {
				correct++
			}
		}
		return sum, correct, nil
	})
}
