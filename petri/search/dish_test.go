package search

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/petridish-go/petridish/petri/dish"
	"github.com/petridish-go/petridish/petri/motif"
	"github.com/petridish-go/petridish/petri/progress"
	"github.com/petridish-go/petridish/petri/rng"
)

// tinyCellConfig is dish.CellConfig shrunk to run in well under a second.
func tinyCellConfig() dish.Config {
	cfg := dish.CellConfig()
	cfg.Net.Samples = 4
	cfg.Net.TimeSteps = 2
	cfg.Inner.Steps = 5
	cfg.Outer.Schedule = []int{3}
	cfg.Outer.Batch = 6
	cfg.Seed = 3
	return cfg
}

func TestDishPredictorEndToEnd(t *testing.T) {
	p := DishPredictor(tinyCellConfig())
	l := Loop{Init: 8, Iterations: 2, TopK: 3, Proposer: GA{Parents: 4, Children: 12, MutationRate: 0.1}, Predictor: p, Seed: 5}
	res, err := l.Run(context.Background(), synthetic, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Motifs) != l.Evaluations() {
		t.Fatalf("%d evaluations, want %d", len(res.Motifs), l.Evaluations())
	}
	if p.Dish() == nil || !p.Dish().Trained() {
		t.Fatal("no trained dish after the search")
	}
	if got := len(p.History().Loss); got != 3 {
		t.Errorf("the last fit ran %d outer steps, want 3", got)
	}
	if _, ms := p.Dish().TrainingSet(); len(ms) != l.Init+l.TopK {
		t.Errorf("the last fit trained on %d cells, want all %d with ground truth before the last iteration", len(ms), l.Init+l.TopK)
	}
	for i, v := range res.Predicted[l.Init:] {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Errorf("prediction %d of the searched cells is %v", i, v)
		}
	}
	pred, err := p.Predict(context.Background(), motif.RandomCells(5, rng.New(9)))
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range pred {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Errorf("prediction %d is %v", i, v)
		}
	}
}

func TestDishPredictorErrors(t *testing.T) {
	if _, err := DishPredictor(tinyCellConfig()).Predict(context.Background(), motif.RandomCells(2, rng.New(1))); err == nil || !strings.Contains(err.Error(), "not been fitted") {
		t.Errorf("predict before fit: %v", err)
	}
	l := Loop{Init: 8, Iterations: 1, TopK: 2, Predictor: DishPredictor(dish.DefaultConfig())}
	if err := l.Validate(); err == nil || !strings.Contains(err.Error(), "dish.CellConfig") {
		t.Errorf("sigmoid dish: %v", err)
	}
	bad := tinyCellConfig()
	bad.Inner.Steps = 0
	l.Predictor = DishPredictor(bad)
	if err := l.Validate(); err == nil || !strings.Contains(err.Error(), "predictor") {
		t.Errorf("invalid dish config: %v", err)
	}
	l.Predictor, l.Init = DishPredictor(tinyCellConfig()), 2
	if err := l.Validate(); err == nil || !strings.Contains(err.Error(), "at least 3") {
		t.Errorf("init below the dish minimum: %v", err)
	}
}

func TestDishPredictorRestarts(t *testing.T) {
	p := DishPredictor(tinyCellConfig())
	p.Restarts = 2
	steps := 0
	p.Reporter = progress.Func(func(done, total int, status string) { steps++ })
	ms, losses := randomKnown(8, 1)
	if err := p.Fit(context.Background(), ms, losses); err != nil {
		t.Fatal(err)
	}
	if steps != 6 {
		t.Errorf("two restarts of 3 outer steps reported %d steps", steps)
	}
	if p.Dish() == nil || !p.Dish().Trained() {
		t.Fatal("no trained dish")
	}
	p.Restarts = -1
	if err := p.Fit(context.Background(), ms, losses); err == nil || !strings.Contains(err.Error(), "restarts is -1") {
		t.Errorf("negative restarts: %v", err)
	}
}

// An interrupt while the dish trains stops the search, which keeps the
// ground truth it has.
func TestDishPredictorCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p := DishPredictor(tinyCellConfig())
	p.Reporter = progress.Func(func(done, total int, status string) { cancel() })
	l := Loop{Init: 8, Iterations: 2, TopK: 3, Proposer: GA{Parents: 4, Children: 12, MutationRate: 0.1}, Predictor: p, Seed: 5}
	res, err := l.Run(ctx, synthetic, nil)
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "fit") {
		t.Fatalf("error %v, want a cancelled fit", err)
	}
	if len(res.Motifs) != 8 {
		t.Errorf("kept %d cells, want the warm start's 8", len(res.Motifs))
	}
}

// slopeProposer proposes sigmoid slopes next to the best one so far: a
// proposer of another family than recurrent cells.
type slopeProposer struct{}

func (slopeProposer) Propose(ctx context.Context, known []motif.Motif, losses []float64, r *rand.Rand) ([]motif.Motif, error) {
	best, bestLoss := 0.0, math.Inf(1)
	for i, m := range known {
		if losses[i] < bestLoss {
			best, bestLoss = float64(m.(motif.Sigmoid)), losses[i]
		}
	}
	taken := map[string]bool{}
	for _, m := range known {
		taken[m.String()] = true
	}
	var out []motif.Motif
	for step := 1; len(out) < 4; step++ {
		for _, s := range []float64{best - 0.05*float64(step), best + 0.05*float64(step)} {
			m := motif.Sigmoid(math.Round(s*100) / 100)
			if s > 0 && !taken[m.String()] {
				taken[m.String()] = true
				out = append(out, m)
			}
		}
	}
	return out, nil
}

// TestLoopOverAnotherFamily runs Algorithm 1 over sigmoid slopes with a
// proposer of its own and a sigmoid dish: the search used to refuse any
// motif but a recurrent cell ("is not a recurrent cell").
func TestLoopOverAnotherFamily(t *testing.T) {
	cfg := dish.DefaultConfig()
	cfg.Inner.Steps = 10
	cfg.Outer.Schedule = []int{2}
	cfg.Seed = 1
	bowl := EvaluatorFunc(func(ctx context.Context, ms []motif.Motif) ([]float64, error) {
		out := make([]float64, len(ms))
		for i, m := range ms {
			s := float64(m.(motif.Sigmoid))
			out[i] = (s - 0.4) * (s - 0.4)
		}
		return out, nil
	})
	l := Loop{Init: 4, Iterations: 2, TopK: 2, Proposer: slopeProposer{}, Predictor: DishPredictor(cfg),
		Warm: motif.Slopes([]float64{0.1, 0.8, 1.2, 1.6}), Seed: 1}
	res, err := l.Run(context.Background(), bowl, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Motifs) != l.Evaluations() {
		t.Fatalf("%d evaluations, want %d", len(res.Motifs), l.Evaluations())
	}
	for _, m := range res.Motifs {
		if m.Family() != motif.SigmoidFamily {
			t.Errorf("evaluated %s of family %q", m, m.Family())
		}
	}
	// A dish of another family than the search's is refused before any
	// ground truth is spent.
	l.Predictor = DishPredictor(tinyCellConfig())
	if err := l.Validate(); err == nil || !strings.Contains(err.Error(), `family is "rnncell" but the search's motifs are of family "sigmoid"`) {
		t.Errorf("cell dish over slopes: %v", err)
	}
}
