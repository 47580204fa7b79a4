package dish

import (
	"fmt"
	"math"

	"github.com/petridish-go/petridish/petri/autodiff"
	"github.com/petridish-go/petridish/petri/motif"
)

// genericWorker is the generic path: it records the whole inner loop of
// one motif-network on an autodiff tape, taking each inner gradient with
// createGraph so that one final Grad reaches the synthetic inputs through
// every Adam step. It works for any family (through Family.NetworkLoss)
// and is the oracle for fused paths; it is much slower.
type genericWorker struct {
	fam  motif.Family
	p    motif.Problem
	tape *autodiff.Tape
	c1   []float64
	c2   []float64
}

func newGenericWorker(fam motif.Family, p motif.Problem) (*genericWorker, error) {
	if err := p.Validate(fam); err != nil {
		return nil, err
	}
	w := &genericWorker{fam: fam, p: p, tape: autodiff.NewTape()}
	for t := range p.Inner.Steps {
		w.c1 = append(w.c1, 1/(1-math.Pow(p.Inner.Beta1, float64(t+1))))
		w.c2 = append(w.c2, 1/(1-math.Pow(p.Inner.Beta2, float64(t+1))))
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
	theta := tp.From(w.p.Theta0)
	np := len(w.p.Theta0)
	mom := tp.Zeros(np)
	vel := tp.Full(in.Eps*in.Eps*in.Eps*in.Eps, np)
	grads := make([]autodiff.Tensor, 1)
	for t := range in.Steps {
		loss, err := w.fam.NetworkLoss(net, m, theta, xtr, y)
		if err != nil {
			return 0, err
		}
		if err := tp.GradTo(grads, loss, []autodiff.Tensor{theta}, meta); err != nil {
			return 0, err
		}
		g := grads[0].Add(theta.Scale(in.WeightDecay))
		mom = g.Scale(1 - in.Beta1).Add(mom.Scale(in.Beta1))
		vel = g.Square().Scale(1 - in.Beta2).Add(vel.Scale(in.Beta2))
		den := vel.Scale(w.c2[t]).Sqrt().AddScalar(in.Eps)
		theta = theta.Sub(mom.Scale(w.c1[t]).Scale(in.LR).Div(den))
		if !meta {
			// Nothing will be differentiated: cut the history.
			theta, mom, vel = theta.Detach(), mom.Detach(), vel.Detach()
		}
	}
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
