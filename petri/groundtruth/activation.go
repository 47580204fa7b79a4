package groundtruth

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/petridish-go/petridish/petri/autodiff"
	"github.com/petridish-go/petridish/petri/data"
	"github.com/petridish-go/petridish/petri/motif"
	"github.com/petridish-go/petridish/petri/nn"
	"github.com/petridish-go/petridish/petri/progress"
	"github.com/petridish-go/petridish/petri/rng"
	"github.com/petridish-go/petridish/petri/store"
)

// TrainActivation is Train with the hidden activation act in place of
// sigmoid(slope*x): the ground truth of a motif family of your own whose
// motif is the activation (motif.Define in package motif builds the
// family's dish side). The network, its initial weights and batch order
// for a seed, the loss, Adam and the validation are Train's; the forward
// and backward passes run on petri/autodiff, which differentiates act, so
// with act = a.Sigmoid(s) it gives Train(s)'s result up to rounding. It is
// about two thirds as fast as Train and always uses one core of the CPU.
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
	return t.runActivation(ctx, t.newNet(), act, "activation run", seed, func(epoch int) {
		progress.Report(rep, epoch, cfg.Epochs, fmt.Sprintf("seed %d epoch %d/%d", seed, epoch, cfg.Epochs))
	})
}

// runActivation trains net from scratch with the hidden activation act
// for one seed; label names the run in errors.
func (t *trainer) runActivation(ctx context.Context, net *mlp, act nn.Activation, label string, seed uint64, onEpoch func(epoch int)) (RunResult, error) {
	r := rng.New(seed)
	net.reset(r, 0, t.cfg.InitScale)
	return t.fit(ctx, newActNet(net, act), r, label, seed, onEpoch)
}

// ActivationSweep is ActivationSweepOn on MNIST, with the samples Sigmoid
// uses.
func ActivationSweep(ctx context.Context, ms []motif.Motif, act func(m motif.Motif) nn.Activation, cfg Config, st *store.Store, rep progress.Reporter) (Sweep, error) {
	train, valid, err := mnist(cfg)
	if err != nil {
		return Sweep{}, err
	}
	return ActivationSweepOn(ctx, ms, act, cfg, train, valid, st, rep)
}

// ActivationSweepOn is SigmoidOn for a motif family of one's own: for each
// motif m, cfg.Runs runs (seeds cfg.Seed, cfg.Seed+1, ...) of
// TrainActivation with the hidden activation act(m), cfg.Threads at a
// time on the CPU (a GPU is not used: Device cuda is an error), stopping
// within a batch when ctx ends. If st is not nil, every finished run is
// stored under the motifs' family, the config hash, the motif's String and
// the seed, and runs already stored are read instead of trained, so an
// interrupted sweep resumes. The store cannot see act's code: give the
// family a new name when the activation changes, or its old runs are
// read back. Results' Slope is 0.
//
// act is called once per motif, before any training; the activations it
// returns may be written in a notebook cell. A nil act takes each motif's
// activation from its family's definition (motif.ActivationOf: a family
// defined with motif.Definition's Activation), the one the family's dish
// trains with. A panic in one fails the
// sweep with an error instead of ending the program.
func ActivationSweepOn(ctx context.Context, ms []motif.Motif, act func(m motif.Motif) nn.Activation, cfg Config, train, valid data.Set, st *store.Store, rep progress.Reporter) (Sweep, error) {
	if len(ms) == 0 {
		return Sweep{}, errors.New("ground truth: no motifs given; pass at least one, e.g. motif.Scalars(\"swish\", []float64{0.5, 1, 2})")
	}
	if cfg.device() == DeviceCUDA {
		return Sweep{}, fmt.Errorf("ground truth: Device is %q, but a sweep of activations trains on the CPU only (the GPU trainer is the sigmoid's); set Device to %q or %q", cfg.Device, DeviceAuto, DeviceCPU)
	}
	family := ms[0].Family()
	if family == Family {
		return Sweep{}, fmt.Errorf("ground truth: these are motifs of the built-in %q family; use Sigmoid or SigmoidOn, which train it faster (and on a GPU)", Family)
	}
	motifs, acts := make([]string, len(ms)), make([]nn.Activation, len(ms))
	seen := map[string]int{}
	for i, m := range ms {
		if m.Family() != family {
			return Sweep{}, fmt.Errorf("ground truth: motif %d (%s) is of family %q, motif 0 of %q; sweep one family at a time", i, m, m.Family(), family)
		}
		motifs[i] = m.String()
		if j, dup := seen[motifs[i]]; dup {
			return Sweep{}, fmt.Errorf("ground truth: motif %d (%s) repeats motif %d; give each motif once (Runs sets the repeats)", i, m, j)
		}
		seen[motifs[i]] = i
		if act == nil {
			a, err := motif.ActivationOf(m)
			if err != nil {
				return Sweep{}, fmt.Errorf("ground truth: act is nil, so the activation comes from the family's definition, but %w; pass a function from a motif to its hidden activation", err)
			}
			acts[i] = a
		} else if acts[i] = act(m); acts[i] == nil {
			return Sweep{}, fmt.Errorf("ground truth: act gave no activation (nil) for motif %d (%s)", i, m)
		}
	}
	t, err := newTrainer(cfg, train, valid)
	if err != nil {
		return Sweep{}, err
	}
	label := func(i int) string { return fmt.Sprintf("%s %s", family, motifs[i]) }
	return t.sweep(ctx, sweepSpec{family: family, motifs: motifs, label: label,
		run: func(ctx context.Context, net *mlp, i int, seed uint64, onEpoch func(int)) (RunResult, error) {
			return t.runActivation(ctx, net, acts[i], label(i), seed, onEpoch)
		}}, nil, DeviceCPU, st, rep)
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
// of set, and their one-hot labels. It fails if the activation does not
// keep its input's shape.
func (a *actNet) logits(set *sparseSet, rows []int32) (z, labels autodiff.Tensor, err error) {
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
	h, err := a.hidden(tp.From(x, b, net.in).MatMul(p[0]).Add(p[1]))
	if err != nil {
		return z, labels, err
	}
	if h, err = a.hidden(h.MatMul(p[2]).Add(p[3])); err != nil {
		return z, labels, err
	}
	return h.MatMul(p[4]).Add(p[5]), tp.From(y, b, classes), nil
}

// hidden applies the activation to a hidden layer's pre-activations and
// checks that it kept their shape.
func (a *actNet) hidden(pre autodiff.Tensor) (autodiff.Tensor, error) {
	h := a.act(pre)
	if pre.Err() != nil || h.Err() != nil {
		return h, nil // the error shows in the loss
	}
	if want, got := pre.Shape(), h.Shape(); !slices.Equal(want, got) {
		return h, fmt.Errorf("the activation turned a hidden layer's pre-activations of shape %v into shape %v; it must keep its input's shape (apply element-wise operations, such as a.Maximum(a.Scale(0.1)), not reductions such as a.Sum(1))", want, got)
	}
	return h, nil
}

// trainBatch takes one Adam step on the batch's mean cross-entropy.
func (a *actNet) trainBatch(set *sparseSet, rows []int32, lr, l2 float64) error {
	z, y, err := a.logits(set, rows)
	if err != nil {
		return err
	}
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
		z, _, err := a.logits(set, rows)
		if err != nil {
			return 0, 0, err
		}
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
