package dish

import (
	"fmt"

	"github.com/petridish-go/petridish/petri/autodiff"
	"github.com/petridish-go/petridish/petri/motif"
	"github.com/petridish-go/petridish/petri/nn"
)

// genericWorker is the generic path: it records the whole inner loop of
// one motif-network on an autodiff tape, taking each inner gradient with
// createGraph so that one final Grad reaches the synthetic inputs through
// every Adam step. It works for any family (through Family.NetworkLoss)
// and is the oracle for fused paths. The inner optimiser is petri/nn's
// differentiable Adam with v started at Eps^4, the update motif.Inner
// documents.
type genericWorker struct {
	fam   motif.Family
	p     motif.Problem
	tape  *autodiff.Tape
	adam  nn.AdamConfig
	state *nn.AdamState
}

func newGenericWorker(fam motif.Family, p motif.Problem) (*genericWorker, error) {
	if err := p.Validate(fam); err != nil {
		return nil, err
	}
	in := p.Inner
	w := &genericWorker{fam: fam, p: p, tape: autodiff.NewTape(), adam: nn.AdamConfig{
		LR: in.LR, Beta1: in.Beta1, Beta2: in.Beta2, Eps: in.Eps, WeightDecay: in.WeightDecay, VInitEps4: true}}
	if err := w.adam.Validate(); err != nil {
		return nil, err
	}
	return w, nil
}

// Score trains m's network and returns its validation loss.
func (w *genericWorker) Score(m motif.Motif, xTrain, xValid []float64) (float64, error) {
	return w.run(m, xTrain, xValid, nil, nil)
}

// ScoreGrad also writes the meta-gradients.
func (w *genericWorker) ScoreGrad(m motif.Motif, xTrain, xValid, gradTrain, gradValid []float64) (float64, error) {
	if len(gradTrain) != len(xTrain) || len(gradValid) != len(xValid) {
		return 0, fmt.Errorf("gradient buffers have %d and %d values; want %d each", len(gradTrain), len(gradValid), len(xTrain))
	}
	return w.run(m, xTrain, xValid, gradTrain, gradValid)
}

// shape returns the tensor shape of a data set with last dimension last.
func (w *genericWorker) shape(last int) []int {
	n := w.p.Net
	if n.TimeSteps > 0 {
		return []int{n.Samples, n.TimeSteps, last}
	}
	return []int{n.Samples, last}
}

// run is the inner loop of motif.Inner on the tape; with gradient buffers
// it differentiates the validation loss through it.
func (w *genericWorker) run(m motif.Motif, xTrain, xValid, gradTrain, gradValid []float64) (float64, error) {
	net, in := w.p.Net, w.p.Inner
	if len(xTrain) != net.XLen() || len(xValid) != net.XLen() {
		return 0, fmt.Errorf("synthetic inputs have %d (train) and %d (validation) values; the motif-network needs %d each", len(xTrain), len(xValid), net.XLen())
	}
	meta := gradTrain != nil
	tp := w.tape
	tp.Reset()
	xtr := tp.From(xTrain, w.shape(net.Inputs)...)
	xva := tp.From(xValid, w.shape(net.Inputs)...)
	y := tp.From(w.p.Labels, w.shape(net.Outputs)...)
	st := w.adam.Start(w.state, []autodiff.Tensor{tp.From(w.p.Theta0)})
	w.state = st
	grads := make([]autodiff.Tensor, 1)
	for range in.Steps {
		loss, err := w.fam.NetworkLoss(net, m, st.Params[0], xtr, y)
		if err != nil {
			return 0, err
		}
		if err := tp.GradTo(grads, loss, st.Params, meta); err != nil {
			return 0, err
		}
		w.adam.Update(st, grads)
		if !meta {
			// Nothing will be differentiated: cut the history.
			st.Params[0], st.M[0], st.V[0] = st.Params[0].Detach(), st.M[0].Detach(), st.V[0].Detach()
		}
	}
	theta := st.Params[0]
	score, err := w.fam.NetworkLoss(net, m, theta, xva, y)
	if err != nil {
		return 0, err
	}
	if meta {
		gs, err := autodiff.Grad(score, []autodiff.Tensor{xtr, xva}, false)
		if err != nil {
			return 0, err
		}
		copy(gradTrain, gs[0].Data())
		copy(gradValid, gs[1].Data())
	}
	if err := tp.Err(); err != nil {
		return 0, err
	}
	return score.Item(), nil
}
