package motif

import (
	"fmt"

	"github.com/petridish-go/petridish/accel"
)

var _ BatchFamily = sigmoidFamily{}

// CanBatch reports whether b implements accel.UnrolledMLPs (the CUDA
// backend does; the CPU backend does not).
func (sigmoidFamily) CanBatch(b accel.Backend) bool {
	_, ok := b.(accel.UnrolledMLPs)
	return ok
}

// NewBatch returns a Batch that trains every motif's MLP in one
// accel.UnrolledMLPs call on b, in float64; when b also implements
// accel.OuterMLPs (the CUDA backend does) it is an OuterBatch.
func (f sigmoidFamily) NewBatch(p Problem, b accel.Backend) (Batch, error) {
	if err := p.Validate(f); err != nil {
		return nil, err
	}
	u, ok := b.(accel.UnrolledMLPs)
	if !ok {
		name := "nil"
		if b != nil {
			name = b.Name()
		}
		return nil, fmt.Errorf("the %s backend cannot train sigmoid motif-networks in batches (it lacks accel.UnrolledMLPs); select a GPU with %s=cuda or %%device cuda", name, accel.EnvDevice)
	}
	sb := &sigmoidBatch{
		b: b, u: u, spec: unrolledSpec(p),
		theta0: append([]float64(nil), p.Theta0...),
		labels: append([]float64(nil), p.Labels...),
	}
	if o, ok := b.(accel.OuterMLPs); ok {
		return &sigmoidOuterBatch{sigmoidBatch: sb, o: o}, nil
	}
	return sb, nil
}

// unrolledSpec is the accel description of p's motif-network and inner
// loop: the dims of newMLPLayout and the Adam settings of Inner.
func unrolledSpec(p Problem) accel.UnrolledMLPSpec {
	return accel.UnrolledMLPSpec{
		Dims:    append([]int(nil), newMLPLayout(p.Net).dims...),
		Samples: p.Net.Samples,
		Steps:   p.Inner.Steps,
		LR:      p.Inner.LR, Beta1: p.Inner.Beta1, Beta2: p.Inner.Beta2, Eps: p.Inner.Eps,
		WeightDecay: p.Inner.WeightDecay,
	}
}

// sigmoidBatch is the sigmoid family's device path: the slopes of a batch
// go to accel.UnrolledMLPs in one call, with theta_init and the labels of
// its Problem.
type sigmoidBatch struct {
	b              accel.Backend
	u              accel.UnrolledMLPs
	spec           accel.UnrolledMLPSpec
	theta0, labels []float64
	slopes         []float64 // scratch: one per motif
	gt, gv         []float64 // scratch: motifs x InputLen gradients
}

// Device returns the backend's Describe line.
func (sb *sigmoidBatch) Device() string { return sb.b.Describe() }

// prepare checks the inputs and fills sb.slopes from ms.
func (sb *sigmoidBatch) prepare(ms []Motif, xTrain, xValid, scores []float64) error {
	n := sb.spec.InputLen()
	if len(xTrain) != n || len(xValid) != n {
		return fmt.Errorf("synthetic inputs have %d (train) and %d (validation) values; the motif-network needs %d each (samples x inputs)", len(xTrain), len(xValid), n)
	}
	if len(scores) != len(ms) {
		return fmt.Errorf("scores has %d values for %d motifs; want one per motif", len(scores), len(ms))
	}
	var err error
	sb.slopes, err = appendSlopes(sb.slopes[:0], ms)
	return err
}

// appendSlopes appends the slope of each of ms to dst.
func appendSlopes(dst []float64, ms []Motif) ([]float64, error) {
	for i, m := range ms {
		s, err := slopeOf(m)
		if err != nil {
			return dst, fmt.Errorf("motif %d: %w", i, err)
		}
		dst = append(dst, s)
	}
	return dst, nil
}

// Scores runs accel.UnrolledMLPs.ScoreMLPs on all motifs at once.
func (sb *sigmoidBatch) Scores(ms []Motif, xTrain, xValid, scores []float64) error {
	if err := sb.prepare(ms, xTrain, xValid, scores); err != nil {
		return err
	}
	if len(ms) == 0 {
		return nil
	}
	return sb.u.ScoreMLPs(sb.spec, sb.slopes, sb.theta0, xTrain, xValid, sb.labels, scores)
}

// ScoreGrads runs accel.UnrolledMLPs.ScoreGradMLPs on all motifs at once
// and copies each motif's gradients out of the flat result.
func (sb *sigmoidBatch) ScoreGrads(ms []Motif, xTrain, xValid, scores []float64, gradTrain, gradValid [][]float64) error {
	if err := sb.prepare(ms, xTrain, xValid, scores); err != nil {
		return err
	}
	n := sb.spec.InputLen()
	if len(gradTrain) != len(ms) || len(gradValid) != len(ms) {
		return fmt.Errorf("gradient buffers for %d (train) and %d (validation) motifs; want %d each", len(gradTrain), len(gradValid), len(ms))
	}
	for i := range ms {
		if len(gradTrain[i]) != n || len(gradValid[i]) != n {
			return fmt.Errorf("motif %d: gradient buffers have %d and %d values; want %d each", i, len(gradTrain[i]), len(gradValid[i]), n)
		}
	}
	if len(ms) == 0 {
		return nil
	}
	if need := len(ms) * n; cap(sb.gt) < need {
		sb.gt, sb.gv = make([]float64, need), make([]float64, need)
	}
	gt, gv := sb.gt[:len(ms)*n], sb.gv[:len(ms)*n]
	if err := sb.u.ScoreGradMLPs(sb.spec, sb.slopes, sb.theta0, xTrain, xValid, sb.labels, scores, gt, gv); err != nil {
		return err
	}
	for i := range ms {
		copy(gradTrain[i], gt[i*n:(i+1)*n])
		copy(gradValid[i], gv[i*n:(i+1)*n])
	}
	return nil
}

// sigmoidOuterBatch is a sigmoidBatch on a backend that also runs the
// whole outer step (accel.OuterMLPs).
type sigmoidOuterBatch struct {
	*sigmoidBatch
	o accel.OuterMLPs
}

var _ OuterBatch = (*sigmoidOuterBatch)(nil)

// NewOuter starts an accel.OuterMLPs outer loop of the motifs' slopes on
// the Problem's network.
func (sb *sigmoidOuterBatch) NewOuter(ms []Motif, targets, xTrain, xValid []float64, o accel.OuterSpec) (accel.OuterMLP, error) {
	slopes, err := appendSlopes(make([]float64, 0, len(ms)), ms)
	if err != nil {
		return nil, err
	}
	return sb.o.NewOuterMLP(sb.spec, o, slopes, sb.theta0, sb.labels, targets, xTrain, xValid)
}
