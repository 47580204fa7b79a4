package surrogate

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/petridish-go/petridish/petri/motif"
	"github.com/petridish-go/petridish/petri/progress"
	"github.com/petridish-go/petridish/petri/rng"
)

// MinTrainMotifs is the fewest ground-truth motifs Fit accepts, the same
// as the dish's.
const MinTrainMotifs = 3

// Surrogate is the NN-based control: an MLP from motif features to the
// z-normalised ground-truth loss. It is not safe for concurrent use.
type Surrogate struct {
	cfg    Config
	family string
	net    *mlp
	theta  []float64
	gtMean float64
	gtStd  float64
}

// History records one Fit: the minibatch MSE (on the z-normalised
// targets) at each step, before its update.
type History struct {
	Loss []float64
}

// New returns an unfitted surrogate.
func New(cfg Config) (*Surrogate, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg.Hidden = append([]int(nil), cfg.Hidden...)
	return &Surrogate{cfg: cfg}, nil
}

// Config returns a copy of the surrogate's settings.
func (s *Surrogate) Config() Config {
	c := s.cfg
	c.Hidden = append([]int(nil), c.Hidden...)
	return c
}

// Family returns the motif family the surrogate was fitted on ("" before
// Fit).
func (s *Surrogate) Family() string { return s.family }

// Fitted reports whether Fit has completed.
func (s *Surrogate) Fitted() bool { return s.theta != nil }

// features returns the motifs' feature rows, checking family, validity
// and finiteness.
func features(family string, ms []motif.Motif) ([]float64, int, error) {
	var x []float64
	dim := -1
	for i, m := range ms {
		if m == nil {
			return nil, 0, fmt.Errorf("motif %d is nil", i)
		}
		if m.Family() != family {
			return nil, 0, fmt.Errorf("motif %d (%s) is of family %q, but the surrogate is for %q; use motifs of one family", i, m, m.Family(), family)
		}
		v, err := motif.Features(m)
		if err != nil {
			return nil, 0, fmt.Errorf("the NN surrogate needs numeric features: %w", err)
		}
		if dim >= 0 && len(v) != dim {
			return nil, 0, fmt.Errorf("motif %d (%s) has %d features but motif 0 has %d", i, m, len(v), dim)
		}
		dim = len(v)
		for _, fv := range v {
			if math.IsNaN(fv) || math.IsInf(fv, 0) {
				return nil, 0, fmt.Errorf("motif %d (%s) has a non-finite feature %v", i, m, fv)
			}
		}
		x = append(x, v...)
	}
	return x, dim, nil
}

// Fit trains a fresh network (initial weights from the seed) to predict
// the z-normalised ground-truth losses of the motifs from their features,
// with minibatch Adam. It rejects, leaving the surrogate unchanged:
// mismatched lengths, fewer than MinTrainMotifs motifs, mixed families,
// repeated or invalid motifs, and losses that are not finite or all equal.
// Cancelling ctx stops Fit (the surrogate stays unchanged) with an error
// wrapping ctx.Err(). Progress goes to r (may be nil).
func (s *Surrogate) Fit(ctx context.Context, ms []motif.Motif, gt []float64, r progress.Reporter) (History, error) {
	var h History
	if len(ms) != len(gt) {
		return h, fmt.Errorf("got %d motifs but %d ground-truth losses; give one loss per motif", len(ms), len(gt))
	}
	if len(ms) < MinTrainMotifs {
		return h, fmt.Errorf("got %d ground-truth motifs; the surrogate needs at least %d", len(ms), MinTrainMotifs)
	}
	if ms[0] == nil {
		return h, errors.New("motif 0 is nil")
	}
	fam, err := motif.Lookup(ms[0].Family())
	if err != nil {
		return h, err
	}
	if err := motif.Check(fam, ms); err != nil {
		return h, err
	}
	x, dim, err := features(fam.Name(), ms)
	if err != nil {
		return h, err
	}
	var mean, ss float64
	for i, v := range gt {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return h, fmt.Errorf("ground-truth loss %d, of motif %q, is %v; every loss must be a finite number", i, ms[i].String(), v)
		}
		mean += v
	}
	mean /= float64(len(gt))
	for _, v := range gt {
		ss += (v - mean) * (v - mean)
	}
	std := math.Sqrt(ss / float64(len(gt)))
	if !(std > 0) || slices.Min(gt) == slices.Max(gt) { // equal losses can leave a std of a rounding error
		return h, fmt.Errorf("all %d ground-truth losses are equal (%v); there is nothing to learn", len(gt), gt[0])
	}
	y := make([]float64, len(gt))
	for i, v := range gt {
		y[i] = (v - mean) / std
	}

	c := s.cfg
	rnd := rng.New(c.Seed)
	net := newMLP(dim, c.Hidden, c.Activation)
	theta := net.init(rnd)
	grad := make([]float64, net.nParam)
	m, v := make([]float64, net.nParam), make([]float64, net.nParam)
	decays := make([]bool, net.nParam)
	for j := range decays {
		decays[j] = net.isWeight(j)
	}
	n, B := len(y), min(c.Batch, len(y))
	order := rnd.Perm(n)
	pos := 0
	bx, by := make([]float64, B*dim), make([]float64, B)
	for step := range c.Steps {
		if err := ctx.Err(); err != nil {
			return h, fmt.Errorf("surrogate fit stopped at step %d of %d; the surrogate is unchanged: %w", step, c.Steps, err)
		}
		for k := range B {
			if pos == n {
				order, pos = rnd.Perm(n), 0
			}
			i := order[pos]
			pos++
			copy(bx[k*dim:(k+1)*dim], x[i*dim:(i+1)*dim])
			by[k] = y[i]
		}
		loss := net.lossGrad(theta, bx, by, grad)
		h.Loss = append(h.Loss, loss)
		lr := c.LR * math.Pow(c.Decay, float64(step)/float64(c.DecayEvery))
		c1 := 1 / (1 - math.Pow(c.Beta1, float64(step+1)))
		c2 := 1 / (1 - math.Pow(c.Beta2, float64(step+1)))
		for j, g := range grad {
			if decays[j] {
				g += c.WeightDecay * theta[j]
			}
			m[j] = c.Beta1*m[j] + (1-c.Beta1)*g
			v[j] = c.Beta2*v[j] + (1-c.Beta2)*g*g
			theta[j] -= lr * (m[j] * c1) / (math.Sqrt(v[j]*c2) + c.Eps)
		}
		progress.Report(r, step+1, c.Steps, fmt.Sprintf("surrogate step %d/%d loss=%.4g", step+1, c.Steps, loss))
	}
	s.family, s.net, s.theta, s.gtMean, s.gtStd = fam.Name(), net, theta, mean, std
	return h, nil
}

// Predict returns each motif's predicted ground-truth loss, in input
// order. The surrogate must be fitted, and the motifs of its family.
func (s *Surrogate) Predict(ctx context.Context, ms []motif.Motif) ([]float64, error) {
	if s.theta == nil {
		return nil, errors.New("the surrogate is not fitted; call Fit with ground truth (or Load a fitted surrogate) before Predict")
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	fam, err := motif.Lookup(s.family)
	if err != nil {
		return nil, err
	}
	if err := motif.CheckFamily(fam, ms); err != nil {
		return nil, err
	}
	x, dim, err := features(s.family, ms)
	if err != nil {
		return nil, err
	}
	if len(ms) > 0 && dim != s.net.dims[0] {
		return nil, fmt.Errorf("motifs have %d features; the surrogate was fitted on %d", dim, s.net.dims[0])
	}
	acts := s.net.forward(s.theta, x, len(ms))
	out := acts[len(acts)-1]
	pred := make([]float64, len(ms))
	for i, z := range out {
		pred[i] = s.gtMean + s.gtStd*z
	}
	return pred, nil
}
