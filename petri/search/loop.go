package search

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/petridish-go/petridish/petri/dish"
	"github.com/petridish-go/petridish/petri/motif"
	"github.com/petridish-go/petridish/petri/progress"
	"github.com/petridish-go/petridish/petri/rng"
)

// Evaluator measures ground truth: the loss (lower is better) of each
// motif in a large network, e.g. a language model on Penn Treebank with
// the cell inside. It is the expensive part of a search, so the loop calls
// it as rarely as Algorithm 1 allows, with a batch of cells at a time.
//
// Evaluate returns one finite loss per motif, in order. It should stop
// soon after ctx is cancelled and return an error wrapping ctx.Err(). When
// it returns an error the loop discards that call's losses; an evaluator
// that wants to keep partial work caches it (a rerun with the same seed
// asks for the same cells again).
type Evaluator interface {
	Evaluate(ctx context.Context, ms []motif.Motif) ([]float64, error)
}

// EvaluatorFunc adapts an ordinary function to an Evaluator.
type EvaluatorFunc func(ctx context.Context, ms []motif.Motif) ([]float64, error)

// Evaluate calls f(ctx, ms).
func (f EvaluatorFunc) Evaluate(ctx context.Context, ms []motif.Motif) ([]float64, error) {
	return f(ctx, ms)
}

// Predictor is the surrogate of Algorithm 1: it learns from the ground
// truth so far and predicts the loss of proposals that have none, so that
// only the most promising get evaluated. DishPredictor is the Synthetic
// Petri Dish.
type Predictor interface {
	// Fit learns from every motif with ground truth so far and its loss
	// (lower is better). The loop calls it before each iteration with all
	// ground truth, so a Fit may start from scratch every time.
	Fit(ctx context.Context, ms []motif.Motif, losses []float64) error
	// Predict returns the predicted loss of each motif, in order. Only the
	// order of the predictions matters to the loop; NaN is an error.
	Predict(ctx context.Context, ms []motif.Motif) ([]float64, error)
}

// Proposer is the NAS method of Algorithm 1: from every cell with ground
// truth so far and its loss (lower is better) it proposes new cells. GA is
// one.
//
// Propose must return valid, distinct motifs of one family, none of which
// is among known, at least as many as the loop's TopK. GA and NAO
// propose recurrent cells (motif.Cell); MotifGA (the GA with your
// family's crossover and mutation), Pool and a proposer of your own may
// search any family, a motif.Define one included, with the loop's Warm
// or a Sampler (MotifGA and Pool are) for the warm start. The loop passes its
// own generator r; a proposer that draws only from r (and is otherwise
// deterministic) keeps a search reproducible from its seed. A proposer
// that takes long (NAO trains a network) stops soon after ctx is
// cancelled and returns an error wrapping ctx.Err(); one that takes
// milliseconds (GA, Pool) may ignore ctx.
type Proposer interface {
	Propose(ctx context.Context, known []motif.Motif, losses []float64, r *rand.Rand) ([]motif.Motif, error)
}

// Loop is Algorithm 1 of the paper: a NAS method (the Proposer) and a
// surrogate (the Predictor, e.g. the Petri dish) that decides which of its
// proposals get ground truth (the Evaluator).
//
//  1. Warm start: Init random cells get ground truth.
//  2. Each of Iterations iterations: the predictor is fitted on all
//     ground truth so far, the proposer proposes M cells from it, the
//     predictor predicts their losses, and the TopK with the lowest
//     predictions get ground truth.
//
// With no Predictor the first TopK proposals get ground truth: the NAS
// method alone, the baseline the paper compares Petri-dish-GA with.
//
// The answer is the cell with the lowest ground-truth loss. Proposals
// are never evaluated twice.
type Loop struct {
	// Init is N, the number of random cells (motif.RandomCells, or the
	// proposer's own when it is a Sampler) whose ground truth
	// warm-starts the predictor and the proposer. It must be at least 2
	// (the GA needs two parents), and at least dish.MinTrainMotifs with a
	// DishPredictor. A search of another family than recurrent cells
	// gives its warm start in Warm, or a Sampler proposer (MotifGA,
	// Pool).
	Init int
	// Iterations is the number of proposal rounds after the warm start.
	Iterations int
	// TopK is K, how many proposals per iteration get ground truth: those
	// with the lowest predicted loss. The warm start is evaluated in
	// batches of TopK cells too, so an evaluator error loses little.
	TopK int
	// Proposer proposes the cells; nil means DefaultGA(), whose Children
	// is M.
	Proposer Proposer
	// Predictor ranks the proposals; nil means none: the first TopK
	// proposals get ground truth.
	Predictor Predictor
	// Seed determines the warm-start cells and the generator handed to
	// the proposer; with a deterministic predictor and evaluator one seed
	// reproduces the search.
	Seed uint64
	// Warm, when not empty, replaces the Init random cells of the warm
	// start (Init must then be len(Warm)): cells whose ground truth is
	// already known to the evaluator, say from a store or a tabulated
	// sweep, start the search at no cost. They must be valid and
	// distinct.
	Warm []motif.Motif
}

// DefaultLoop returns Experiment 2's search with the paper's GA and no
// predictor (the GA baseline; set Predictor to DishPredictor(dish.CellConfig())
// for Petri-dish-GA): 40 random cells warm-start it, then 6 iterations
// each evaluate 10 of the GA's 100 proposals (the 10 predicted best, with
// a predictor), 100 ground-truth evaluations in all, with the default
// seed (rng.Seed).
//
// The paper gives P = 20 and M = 100 but not N, K or the number of
// iterations. N = 40 matches the dish's 40 motif-networks per outer step,
// and 40 + 6 x 10 = 100 evaluations is the budget at which Figure 3
// compares the methods.
func DefaultLoop() Loop {
	return Loop{Init: 40, Iterations: 6, TopK: 10, Proposer: DefaultGA(), Seed: rng.Seed()}
}

// Validate reports the first setting that cannot work. It also validates
// the proposer and the predictor when they have a Validate method (GA and
// DishModel do), so that a bad setting fails before any ground truth is
// spent.
func (l Loop) Validate() error {
	if len(l.Warm) > 0 && l.Init != len(l.Warm) {
		return fmt.Errorf("search init is %d but %d warm-start cells are given; set Init to len(Warm)", l.Init, len(l.Warm))
	}
	if l.Init < 2 {
		return fmt.Errorf("search init is %d; warm-start with at least 2 random cells (the GA needs two parents; 40 is the default)", l.Init)
	}
	if l.Iterations < 1 {
		return fmt.Errorf("search iterations is %d; use at least 1", l.Iterations)
	}
	if l.TopK < 1 {
		return fmt.Errorf("search top K is %d; evaluate at least 1 proposal per iteration (10 is the default)", l.TopK)
	}
	if len(l.Warm) > 0 {
		seen := make(map[string]int, len(l.Warm))
		for i, m := range l.Warm {
			if m == nil {
				continue // checkProposals says so
			}
			if j, dup := seen[m.String()]; dup {
				return fmt.Errorf("search warm start: cells %d and %d are the same motif (%s); give each warm-start cell once", j, i, m)
			}
			seen[m.String()] = i
		}
		if err := checkProposals(l.Warm, nil, 0); err != nil {
			return fmt.Errorf("search warm start: %w", err)
		}
		if w := l.Warm[0]; cellProposer(l.proposer()) && w.Family() != motif.CellFamily {
			return fmt.Errorf("search warm start: proposal 0: %s motif %q is not a recurrent cell, but the proposer (%T) works on recurrent cells (motif.Cell); for family %q use a MotifGA (the GA with crossover and mutation of your own), a Pool of its motifs, or a Proposer of your own", w.Family(), w.String(), l.proposer(), w.Family())
		}
		if pf, ok := proposerFamily(l.proposer()); ok && pf != "" && l.Warm[0].Family() != pf {
			return fmt.Errorf("search warm start: the warm-start motifs are of family %q but the proposer's (%T) are of family %q; warm-start with motifs of the family you search", l.Warm[0].Family(), l.proposer(), pf)
		}
	}
	p := l.proposer()
	if v, ok := p.(interface{ Validate() error }); ok {
		if err := v.Validate(); err != nil {
			return fmt.Errorf("search proposer: %w", err)
		}
	}
	if m, ok := p.(interface{ proposals() int }); ok && m.proposals() > 0 && l.TopK > m.proposals() {
		return fmt.Errorf("search top K is %d but the proposer makes only %d cells per iteration; K must be at most M (set TopK lower or the proposer's Children higher)", l.TopK, m.proposals())
	}
	if pool, ok := p.(Pool); ok && l.Evaluations() > len(pool.Cells) {
		return fmt.Errorf("search makes %d ground-truth evaluations (Init + Iterations x TopK) but the pool has %d cells; lower them or give more cells", l.Evaluations(), len(pool.Cells))
	}
	if l.Predictor != nil {
		if v, ok := l.Predictor.(interface{ Validate() error }); ok {
			if err := v.Validate(); err != nil {
				return fmt.Errorf("search predictor: %w", err)
			}
		}
		if dm, ok := l.Predictor.(*DishModel); ok {
			if l.Init < dish.MinTrainMotifs {
				return fmt.Errorf("search init is %d but the dish trains on at least %d cells; raise Init (40 is the default)", l.Init, dish.MinTrainMotifs)
			}
			if fam, known := l.family(); known && dm.Config.Family != fam {
				return fmt.Errorf("search predictor: the dish's family is %q but the search's motifs are of family %q; give the dish a config of that family (dish.CellConfig() for recurrent cells)", dm.Config.Family, fam)
			}
		}
	}
	return nil
}

// family returns the family of the motifs the search evaluates, when it
// can tell before running: Warm's, or recurrent cells for the search's
// own proposers and its random warm start.
func (l Loop) family() (string, bool) {
	if len(l.Warm) > 0 && l.Warm[0] != nil {
		return l.Warm[0].Family(), true
	}
	if pf, ok := proposerFamily(l.proposer()); ok {
		return pf, pf != ""
	}
	if cellProposer(l.proposer()) {
		return motif.CellFamily, true
	}
	if _, ok := l.proposer().(Sampler); !ok {
		return motif.CellFamily, true // motif.RandomCells
	}
	return "", false
}

// cellProposer reports whether p is one of the search's own proposers
// that work on recurrent cells only.
func cellProposer(p Proposer) bool {
	switch p.(type) {
	case GA, *GA, NAO, *NAO:
		return true
	}
	return false
}

// proposerFamily returns the family of a Pool's motifs; ok is false for
// other proposers.
func proposerFamily(p Proposer) (family string, ok bool) {
	switch p := p.(type) {
	case Pool:
		return p.family(), true
	case *Pool:
		if p != nil {
			return p.family(), true
		}
	}
	return "", false
}

// warmStart returns the warm-start cells: Warm when given, else Init
// cells drawn from the proposer's space when it is a Sampler, else
// uniformly over all cells.
func (l Loop) warmStart(prop Proposer, r *rand.Rand) ([]motif.Motif, error) {
	if len(l.Warm) > 0 {
		return slices.Clone(l.Warm), nil
	}
	if s, ok := prop.(Sampler); ok {
		warm, err := s.Sample(l.Init, r)
		if err != nil {
			return nil, fmt.Errorf("search warm start: %w", err)
		}
		return warm, nil
	}
	return motif.RandomCells(l.Init, r), nil
}

func (l Loop) proposer() Proposer {
	if l.Proposer == nil {
		return DefaultGA()
	}
	return l.Proposer
}

// Evaluations returns the number of ground-truth evaluations a complete
// run makes: Init + Iterations x TopK.
func (l Loop) Evaluations() int { return l.Init + l.Iterations*l.TopK }

// Result is what a search found: every cell that got ground truth, in
// the order of evaluation, and the best of them.
type Result struct {
	// Motifs are the evaluated cells in order: the warm start first, then
	// each iteration's cells, best predicted first.
	Motifs []motif.Motif
	// Losses are their ground-truth losses.
	Losses []float64
	// Predicted is each cell's predicted loss when it was chosen (NaN for
	// the warm start and without a predictor), to compare with Losses.
	Predicted []float64
	// Iteration is the iteration that evaluated each cell (0 for the warm
	// start).
	Iteration []int
	// Best is the cell with the lowest loss (the first such), BestLoss its
	// loss and BestIndex its index in Motifs; nil, NaN and -1 before any
	// evaluation.
	Best      motif.Motif
	BestLoss  float64
	BestIndex int
	// Evaluations and BestSoFar give the search's progress, one entry per
	// completed iteration starting with the warm start (and one for an
	// interrupted iteration that evaluated something): the number of
	// ground-truth evaluations so far and the lowest loss among them. Plot
	// BestSoFar against Evaluations to compare searches as in the paper's
	// Figure 3.
	Evaluations []int
	BestSoFar   []float64
}

func newResult() Result { return Result{BestLoss: math.NaN(), BestIndex: -1} }

// add records evaluated cells.
func (r *Result) add(ms []motif.Motif, losses, predicted []float64, iteration int) {
	for i, m := range ms {
		r.Motifs = append(r.Motifs, m)
		r.Losses = append(r.Losses, losses[i])
		p := math.NaN()
		if predicted != nil {
			p = predicted[i]
		}
		r.Predicted = append(r.Predicted, p)
		r.Iteration = append(r.Iteration, iteration)
		if r.BestIndex < 0 || losses[i] < r.BestLoss {
			r.Best, r.BestLoss, r.BestIndex = m, losses[i], len(r.Motifs)-1
		}
	}
}

// mark closes a point of the progress curve if cells were evaluated
// since the last one.
func (r *Result) mark() {
	n := len(r.Motifs)
	if n == 0 || (len(r.Evaluations) > 0 && r.Evaluations[len(r.Evaluations)-1] == n) {
		return
	}
	r.Evaluations = append(r.Evaluations, n)
	r.BestSoFar = append(r.BestSoFar, r.BestLoss)
}

// String summarises the result in a few lines: the number of
// evaluations, the best cell and the best loss after each iteration.
func (r Result) String() string {
	if len(r.Motifs) == 0 {
		return "search: no cells evaluated"
	}
	var b strings.Builder
	iters := r.Iteration[len(r.Iteration)-1]
	fmt.Fprintf(&b, "search: %d ground-truth evaluations (warm start and %d iterations); best loss %.6g at evaluation %d: %s",
		len(r.Motifs), iters, r.BestLoss, r.BestIndex+1, r.Best)
	b.WriteString("\nbest so far:")
	for i, n := range r.Evaluations {
		fmt.Fprintf(&b, " %d:%.4g", n, r.BestSoFar[i])
	}
	return b.String()
}

// Run runs Algorithm 1 with ev as ground truth and returns every
// evaluated cell with its loss and the best one. Progress goes to rep (may
// be nil), counted in ground-truth evaluations.
//
// Nothing evaluated is lost: if the evaluator, the proposer or the
// predictor fails, or ctx is cancelled (checked between every step;
// the evaluator and predictor should also watch it), Run returns the
// result so far together with an error that says where the search
// stopped, wrapping the cause (errors.Is(err, context.Canceled) after an
// interrupt). It also fails, before evaluating anything, if the loop is
// invalid (see Validate), and later if the evaluator does not return one
// finite loss per cell, the proposer returns fewer than TopK new valid
// distinct cells, or the predictor does not return one number per
// proposal.
func (l Loop) Run(ctx context.Context, ev Evaluator, rep progress.Reporter) (Result, error) {
	res := newResult()
	if err := l.Validate(); err != nil {
		return res, err
	}
	if ev == nil {
		return res, fmt.Errorf("search: the evaluator is nil; pass one that measures ground truth (EvaluatorFunc adapts a function)")
	}
	r := rng.New(l.Seed)
	prop := l.proposer()
	total := l.Evaluations()
	stopped := func(iter int, err error) (Result, error) {
		res.mark()
		where := "during the warm start"
		if iter > 0 {
			where = fmt.Sprintf("in iteration %d of %d", iter, l.Iterations)
		}
		return res, fmt.Errorf("search stopped %s after %d ground-truth evaluations (the result keeps them): %w", where, len(res.Motifs), err)
	}
	status := func(iter int, what string) {
		s := fmt.Sprintf("warm start: %s", what)
		if iter > 0 {
			s = fmt.Sprintf("iteration %d/%d: %s", iter, l.Iterations, what)
		}
		if res.BestIndex >= 0 {
			s += fmt.Sprintf(" (best loss %.4g)", res.BestLoss)
		}
		progress.Report(rep, len(res.Motifs), total, s)
	}

	warm, err := l.warmStart(prop, r)
	if err != nil {
		return res, err
	}
	what := "cells" // what the progress reports call the motifs
	if len(warm) > 0 && warm[0] != nil && warm[0].Family() != motif.CellFamily {
		what = "motifs"
	}
	for start := 0; start < len(warm); start += l.TopK {
		if err := ctx.Err(); err != nil {
			return stopped(0, err)
		}
		batch := warm[start:min(start+l.TopK, len(warm))]
		status(0, fmt.Sprintf("evaluating warm-start %s %d-%d of %d", what, start+1, start+len(batch), len(warm)))
		losses, err := evaluate(ctx, ev, batch)
		if err != nil {
			return stopped(0, err)
		}
		res.add(batch, losses, nil, 0)
	}
	res.mark()

	for iter := 1; iter <= l.Iterations; iter++ {
		if err := ctx.Err(); err != nil {
			return stopped(iter, err)
		}
		if l.Predictor != nil {
			status(iter, fmt.Sprintf("fitting the predictor on %d %s", len(res.Motifs), what))
			if err := l.Predictor.Fit(ctx, slices.Clone(res.Motifs), slices.Clone(res.Losses)); err != nil {
				return stopped(iter, fmt.Errorf("predictor %T: fit: %w", l.Predictor, err))
			}
			if err := ctx.Err(); err != nil {
				return stopped(iter, err)
			}
		}
		status(iter, "proposing "+what)
		props, err := prop.Propose(ctx, slices.Clone(res.Motifs), slices.Clone(res.Losses), r)
		if err != nil {
			return stopped(iter, fmt.Errorf("proposer %T: %w", prop, err))
		}
		if err := checkProposals(props, res.Motifs, l.TopK); err != nil {
			return stopped(iter, fmt.Errorf("proposer %T: %w", prop, err))
		}
		chosen, pred := props[:l.TopK], []float64(nil)
		if l.Predictor != nil {
			if err := ctx.Err(); err != nil {
				return stopped(iter, err)
			}
			status(iter, fmt.Sprintf("predicting %d proposals", len(props)))
			p, err := l.Predictor.Predict(ctx, slices.Clone(props))
			if err != nil {
				return stopped(iter, fmt.Errorf("predictor %T: predict: %w", l.Predictor, err))
			}
			if err := checkPredictions(p, props); err != nil {
				return stopped(iter, fmt.Errorf("predictor %T: %w", l.Predictor, err))
			}
			chosen, pred = topK(props, p, l.TopK)
		}
		if err := ctx.Err(); err != nil {
			return stopped(iter, err)
		}
		status(iter, fmt.Sprintf("evaluating %d of %d proposals", len(chosen), len(props)))
		losses, err := evaluate(ctx, ev, chosen)
		if err != nil {
			return stopped(iter, err)
		}
		res.add(chosen, losses, pred, iter)
		res.mark()
	}
	progress.Report(rep, len(res.Motifs), total, fmt.Sprintf("done: best loss %.4g after %d evaluations", res.BestLoss, len(res.Motifs)))
	return res, nil
}

// evaluate calls ev and checks that it returned one finite loss per cell.
func evaluate(ctx context.Context, ev Evaluator, ms []motif.Motif) ([]float64, error) {
	losses, err := ev.Evaluate(ctx, slices.Clone(ms))
	if err != nil {
		return nil, fmt.Errorf("evaluator: %w", err)
	}
	if len(losses) != len(ms) {
		return nil, fmt.Errorf("evaluator %T returned %d losses for %d cells; return one loss per cell, in order", ev, len(losses), len(ms))
	}
	for i, v := range losses {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("evaluator %T returned loss %v for cell %s; return a finite loss (for a training that diverged, a large finite value)", ev, v, ms[i])
		}
	}
	return losses, nil
}

// checkProposals verifies that props holds at least k valid, distinct
// motifs of one family, none of them known. The search's own proposers
// (GA, NAO, Pool) work on recurrent cells; a Proposer of your own may
// propose motifs of any family, as long as they are all of one.
func checkProposals(props, known []motif.Motif, k int) error {
	if len(props) < k {
		return fmt.Errorf("proposed %d cells but the loop evaluates top K = %d per iteration; propose at least K", len(props), k)
	}
	if len(props) == 0 {
		return nil
	}
	first := props[0]
	if len(known) > 0 {
		first = known[0]
	}
	if first == nil {
		return fmt.Errorf("proposal 0: the motif is nil")
	}
	fam, err := motif.Lookup(first.Family())
	if err != nil {
		return fmt.Errorf("proposal 0: %w", err)
	}
	if fam.Name() == motif.CellFamily {
		for i, m := range props {
			if _, err := asCell(m); err != nil {
				return fmt.Errorf("proposal %d: %w", i, err)
			}
		}
	} else if err := motif.CheckFamily(fam, props); err != nil {
		return fmt.Errorf("proposals: %w", err)
	}
	seen := make(map[string]int, len(known)+len(props))
	for _, m := range known {
		seen[m.String()] = -1
	}
	for i, m := range props {
		switch j, ok := seen[m.String()]; {
		case ok && j < 0:
			return fmt.Errorf("proposal %d (%s) already has ground truth; propose only new motifs", i, m)
		case ok:
			return fmt.Errorf("proposals %d and %d are the same motif (%s); propose distinct motifs", j, i, m)
		}
		seen[m.String()] = i
	}
	return nil
}

// checkPredictions verifies one non-NaN prediction per proposal.
func checkPredictions(p []float64, props []motif.Motif) error {
	if len(p) != len(props) {
		return fmt.Errorf("predicted %d losses for %d proposals; return one prediction per cell, in order", len(p), len(props))
	}
	for i, v := range p {
		if math.IsNaN(v) {
			return fmt.Errorf("predicted NaN for proposal %d (%s); return a number for every cell", i, props[i])
		}
	}
	return nil
}

// topK returns the k proposals with the lowest predictions, best first
// (ties in proposal order), and their predictions.
func topK(props []motif.Motif, pred []float64, k int) ([]motif.Motif, []float64) {
	idx := make([]int, len(props))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(pred[a], pred[b]) })
	ms, ps := make([]motif.Motif, k), make([]float64, k)
	for j, i := range idx[:k] {
		ms[j], ps[j] = props[i], pred[i]
	}
	return ms, ps
}
