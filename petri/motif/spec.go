package motif

import (
	"fmt"
	"math"
)

// NetSpec sizes a motif-network and the synthetic data it trains on.
type NetSpec struct {
	// Inputs is the number of input features per sample (per time step
	// for sequence families).
	Inputs int `json:"inputs"`
	// Hidden lists the hidden layer widths, e.g. [1, 1] for the paper's
	// 10-1-1-10 sigmoid motif-network.
	Hidden []int `json:"hidden"`
	// Outputs is the number of binary labels per sample (per time step).
	Outputs int `json:"outputs"`
	// Samples is the number of synthetic training samples; the validation
	// set has as many.
	Samples int `json:"samples"`
	// TimeSteps is the sequence length for sequence families; feed-forward
	// families require 0 or 1.
	TimeSteps int `json:"time_steps,omitempty"`
	// InitStd is the standard deviation of the normal initial weights
	// theta_init that every motif-network starts from.
	InitStd float64 `json:"init_std"`
}

// steps returns TimeSteps with 0 read as 1.
func (s NetSpec) steps() int {
	if s.TimeSteps <= 0 {
		return 1
	}
	return s.TimeSteps
}

// XLen is the number of floats in one synthetic input set (training or
// validation): Samples x TimeSteps x Inputs, row-major.
func (s NetSpec) XLen() int { return s.Samples * s.steps() * s.Inputs }

// YLen is the number of binary labels: Samples x TimeSteps x Outputs.
func (s NetSpec) YLen() int { return s.Samples * s.steps() * s.Outputs }

// Validate reports the first size that cannot work, family-independently.
func (s NetSpec) Validate() error {
	switch {
	case s.Inputs < 1:
		return fmt.Errorf("motif-network inputs is %d; it must be at least 1 (the paper uses 10)", s.Inputs)
	case s.Outputs < 1:
		return fmt.Errorf("motif-network outputs is %d; it must be at least 1 (the paper uses 10)", s.Outputs)
	case s.Samples < 1:
		return fmt.Errorf("synthetic samples is %d; it must be at least 1 (the paper uses 10)", s.Samples)
	case s.TimeSteps < 0:
		return fmt.Errorf("time steps is %d; use 0 for feed-forward families or a positive sequence length", s.TimeSteps)
	case !(s.InitStd > 0) || math.IsInf(s.InitStd, 0):
		return fmt.Errorf("init_std is %v; it must be a positive finite number (e.g. 0.1)", s.InitStd)
	}
	for i, h := range s.Hidden {
		if h < 1 {
			return fmt.Errorf("hidden layer %d has width %d; every hidden layer needs at least 1 unit", i, h)
		}
	}
	return nil
}

// Inner holds the inner-loop settings: full-batch Adam on the synthetic
// training set, run from theta_init for Steps steps.
//
// The update is the one of the authors' code (HIPS autograd's adam with
// the second moment started at Eps^4 instead of 0, so sqrt stays
// differentiable):
//
//	g = dL/dtheta + WeightDecay*theta
//	m = Beta1*m + (1-Beta1)*g
//	v = Beta2*v + (1-Beta2)*g*g        (v starts at Eps^4)
//	theta -= LR * (m/(1-Beta1^t)) / (sqrt(v/(1-Beta2^t)) + Eps)
type Inner struct {
	// Steps is the number of Adam steps (250 in Experiment 1).
	Steps int `json:"steps"`
	// LR is the Adam learning rate (0.01).
	LR float64 `json:"lr"`
	// WeightDecay is the L2 coefficient added to the gradient (1e-5).
	WeightDecay float64 `json:"weight_decay"`
	// Beta1, Beta2 and Eps are Adam's constants (0.9, 0.999, 1e-8).
	Beta1 float64 `json:"beta1"`
	Beta2 float64 `json:"beta2"`
	Eps   float64 `json:"eps"`
}

// DefaultInner returns Experiment 1's inner loop: 250 Adam steps, lr 0.01,
// L2 1e-5.
func DefaultInner() Inner {
	return Inner{Steps: 250, LR: 0.01, WeightDecay: 1e-5, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8}
}

// Validate reports the first setting that cannot work.
func (in Inner) Validate() error {
	finite := func(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
	switch {
	case in.Steps < 1:
		return fmt.Errorf("inner steps is %d; it must be at least 1 (the paper uses 250)", in.Steps)
	case !(in.LR > 0) || !finite(in.LR):
		return fmt.Errorf("inner lr is %v; it must be a positive finite number (the paper uses 0.01)", in.LR)
	case !(in.WeightDecay >= 0) || !finite(in.WeightDecay):
		return fmt.Errorf("inner weight_decay is %v; it must be a finite number >= 0", in.WeightDecay)
	case !(in.Beta1 >= 0 && in.Beta1 < 1):
		return fmt.Errorf("inner beta1 is %v; it must be in [0,1) (usually 0.9)", in.Beta1)
	case !(in.Beta2 >= 0 && in.Beta2 < 1):
		return fmt.Errorf("inner beta2 is %v; it must be in [0,1) (usually 0.999)", in.Beta2)
	case !(in.Eps > 0) || !finite(in.Eps):
		return fmt.Errorf("inner eps is %v; it must be a positive finite number (usually 1e-8)", in.Eps)
	}
	return nil
}

// Problem is what the dish hands a motif-network worker: the sizes, the
// inner-loop settings, the shared initial weights and the fixed labels
// (used for both the training and the validation set). The synthetic
// inputs change every outer step and are passed per call instead.
type Problem struct {
	Net    NetSpec
	Inner  Inner
	Theta0 []float64
	Labels []float64
}

// Validate checks the problem against a family's sizes.
func (p Problem) Validate(f Family) error {
	if err := p.Net.Validate(); err != nil {
		return err
	}
	if err := f.CheckNet(p.Net); err != nil {
		return err
	}
	if err := p.Inner.Validate(); err != nil {
		return err
	}
	if n := f.NumParams(p.Net); len(p.Theta0) != n {
		return fmt.Errorf("theta_init has %d values; the %s motif-network has %d parameters", len(p.Theta0), f.Name(), n)
	}
	if len(p.Labels) != p.Net.YLen() {
		return fmt.Errorf("labels have %d values; want %d (samples x outputs)", len(p.Labels), p.Net.YLen())
	}
	return nil
}
