package motif

import (
	"math/rand/v2"

	"github.com/petridish-go/petridish/petri/autodiff"
)

// Family is a kind of motif together with the motif-network the dish
// trains for it. A family is stateless and safe for concurrent use.
//
// Every family supports the dish's generic path (see Network); a family
// that also implements FusedFamily gets the fast fused path.
type Family interface {
	// Name is the family's registry name, e.g. "sigmoid".
	Name() string
	// Parse decodes one motif's text encoding. It rejects anything that
	// String would not produce for a valid motif (for sigmoid: non-numbers,
	// NaN and infinities).
	Parse(text string) (Motif, error)
	// CheckNet reports whether the sizes suit this family's motif-network
	// (e.g. the sigmoid MLP needs at least one hidden layer and no time
	// steps).
	CheckNet(spec NetSpec) error
	// NumParams is the length of the flat parameter vector theta.
	NumParams(spec NetSpec) int
	// InitParams draws theta_init, the weights every motif-network starts
	// from, using only r.
	InitParams(spec NetSpec, r *rand.Rand) []float64
	// NetworkLoss records on theta's tape the mean training loss of m's
	// motif-network with flat parameters theta (shape [NumParams]) on
	// inputs x (shape [Samples, Inputs], or [Samples, TimeSteps, Inputs]
	// for sequence families) against labels y (the same leading shape,
	// then Outputs). This is the family's motif-network for the dish's
	// generic path, which differentiates through it to any order.
	NetworkLoss(spec NetSpec, m Motif, theta, x, y autodiff.Tensor) (autodiff.Tensor, error)
}

// FusedFamily is a Family with a hand-written fast path: a forward pass
// through the whole inner loop that keeps its per-step state, and an
// adjoint that runs it in reverse to give the exact gradient of the
// validation loss with respect to both synthetic input sets.
type FusedFamily interface {
	Family
	// NewFused returns a worker for problem p. The dish creates one per
	// goroutine.
	NewFused(p Problem) (Fused, error)
}

// Fused trains one motif-network at a time through the inner loop. A
// Fused value owns scratch memory and must be used by one goroutine at a
// time; results do not depend on which worker computed them.
type Fused interface {
	// Score trains m's motif-network from theta_init on (xTrain, labels)
	// and returns its mean validation loss on (xValid, labels).
	Score(m Motif, xTrain, xValid []float64) (float64, error)
	// ScoreGrad is Score plus the gradient of the score with respect to
	// xTrain (through the unrolled inner loop) and xValid, written into
	// gradTrain and gradValid (each as long as its input).
	ScoreGrad(m Motif, xTrain, xValid, gradTrain, gradValid []float64) (float64, error)
}
