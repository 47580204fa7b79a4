package search

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/petridish-go/petridish/petri/autodiff"
	"github.com/petridish-go/petridish/petri/dish"
	"github.com/petridish-go/petridish/petri/motif"
	"github.com/petridish-go/petridish/petri/progress"
	"github.com/petridish-go/petridish/petri/rng"
)

// pairFamily is a motif.Define family whose motif has two numbers, as a
// user's two-parameter activation x*sigmoid(X*x) + Y*x would.
const pairFamily = "searchtest-pair"

type pair struct{ X, Y float64 }

func (p pair) Family() string { return pairFamily }
func (p pair) String() string {
	return strconv.FormatFloat(p.X, 'g', -1, 64) + " " + strconv.FormatFloat(p.Y, 'g', -1, 64)
}

func init() {
	_, err := motif.Define(motif.Definition{
		Name:      pairFamily,
		NumParams: motif.MLPParams,
		NetworkLoss: func(spec motif.NetSpec, m motif.Motif, theta, x, y autodiff.Tensor) (autodiff.Tensor, error) {
			p := m.(pair)
			return motif.MLPLoss(spec, theta, x, y, func(a autodiff.Tensor) autodiff.Tensor {
				return a.Mul(a.Sigmoid(p.X)).Add(a.Scale(p.Y))
			})
		},
		Parse: func(s string) (motif.Motif, error) {
			var p pair
			if _, err := fmt.Sscan(s, &p.X, &p.Y); err != nil {
				return nil, fmt.Errorf("want two numbers: %v", err)
			}
			return p, nil
		},
	})
	if err != nil {
		panic(err)
	}
}

// pairBowl is a stand-in ground truth with its best pair at (1.5, 0.2).
var pairBowl = EvaluatorFunc(func(ctx context.Context, ms []motif.Motif) ([]float64, error) {
	out := make([]float64, len(ms))
	for i, m := range ms {
		p := m.(pair)
		out[i] = (p.X-1.5)*(p.X-1.5) + 4*(p.Y-0.2)*(p.Y-0.2)
	}
	return out, ctx.Err()
})

// pairGA breeds pairs: X from one parent and Y from the other, and a
// mutation that moves one of them a little.
func pairGA(mutate bool) MotifGA {
	g := MotifGA{Parents: 4, Children: 12,
		Random: func(r *rand.Rand) motif.Motif {
			return pair{math.Round(40*r.Float64()) / 10, math.Round(10*r.Float64()) / 10}
		},
		Crossover: func(a, b motif.Motif, r *rand.Rand) motif.Motif { return pair{a.(pair).X, b.(pair).Y} },
	}
	if mutate {
		g.Mutate = func(m motif.Motif, r *rand.Rand) motif.Motif {
			p := m.(pair)
			if r.IntN(2) == 0 {
				p.X = math.Round(10*(p.X+0.1*r.NormFloat64())) / 10
			} else {
				p.Y = math.Round(10*(p.Y+0.1*r.NormFloat64())) / 10
			}
			return p
		}
	}
	return g
}

func tinyPairConfig() dish.Config {
	cfg := dish.ConfigFor(pairFamily)
	cfg.Inner.Steps = 8
	cfg.Outer.Schedule = []int{2}
	cfg.Seed = 1
	return cfg
}

// TestPoolOfDefinedFamily searches a grid of two-number motifs of a
// motif.Define family with a Pool and the dish of that family: the pool
// used to refuse every motif but a recurrent cell ("is not a recurrent
// cell").
func TestPoolOfDefinedFamily(t *testing.T) {
	var grid []motif.Motif
	for _, x := range []float64{0.5, 1, 1.5, 2, 3} {
		for _, y := range []float64{0, 0.2, 0.5} {
			grid = append(grid, pair{x, y})
		}
	}
	in := map[string]bool{}
	for _, m := range grid {
		in[m.String()] = true
	}
	l := Loop{Init: 6, Iterations: 2, TopK: 2, Proposer: Pool{Cells: grid, Size: 5}, Predictor: DishPredictor(tinyPairConfig()), Seed: 1}
	res, err := l.Run(context.Background(), pairBowl, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Motifs) != l.Evaluations() {
		t.Fatalf("%d evaluations, want %d", len(res.Motifs), l.Evaluations())
	}
	seen := map[string]bool{}
	for _, m := range res.Motifs {
		if !in[m.String()] || seen[m.String()] {
			t.Errorf("evaluated %v, which is not in the pool or repeats", m)
		}
		seen[m.String()] = true
	}

	for _, c := range []struct {
		l    Loop
		want string
	}{
		// A dish of another family than the pool's is refused before any
		// ground truth is spent.
		{Loop{Init: 6, Iterations: 1, TopK: 2, Proposer: Pool{Cells: grid}, Predictor: DishPredictor(tinyCellConfig())},
			`family is "rnncell" but the search's motifs are of family "searchtest-pair"`},
		{Loop{Init: 2, Iterations: 1, TopK: 1, Proposer: Pool{Cells: []motif.Motif{grid[0], motif.Sigmoid(1)}}},
			`pool cell 1 (1) is of family "sigmoid", cell 0 of "searchtest-pair"`},
		{Loop{Init: 2, Iterations: 1, TopK: 1, Proposer: Pool{Cells: []motif.Motif{grid[0], grid[1], grid[0]}}},
			"pool cell 2 (0.5 0) repeats cell 0"},
		{Loop{Init: 2, Iterations: 1, TopK: 1, Proposer: Pool{Cells: grid}, Warm: motif.Slopes([]float64{0.5, 1})},
			`warm-start motifs are of family "sigmoid" but the proposer's (search.Pool) are of family "searchtest-pair"`},
	} {
		if _, err := c.l.Run(context.Background(), pairBowl, nil); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: %v, want %q", c.l.Proposer, err, c.want)
		}
	}
}

// TestMotifGAPropose checks Propose's contract: Children new distinct
// motifs, each (without mutation) taking its X from one of the Parents
// best known motifs and its Y from another.
func TestMotifGAPropose(t *testing.T) {
	g := pairGA(false)
	known := []motif.Motif{pair{1, 0.1}, pair{2, 0.2}, pair{3, 0.3}, pair{4, 0.4}, pair{5, 0.5}, pair{6, 0.6}}
	losses := []float64{6, 1, 5, 2, 4, 3} // best four: 2, 4, 6, 5 (by X)
	kids, err := g.Propose(context.Background(), known, losses, rng.New(1))
	if err != nil {
		t.Fatal(err)
	}
	if len(kids) != g.Children {
		t.Fatalf("%d children, want %d", len(kids), g.Children)
	}
	elite := map[float64]bool{2: true, 4: true, 5: true, 6: true}
	seen := map[string]bool{}
	for _, m := range known {
		seen[m.String()] = true
	}
	bred := 0
	for _, m := range kids {
		if seen[m.String()] {
			t.Errorf("child %v is known or repeats", m)
		}
		seen[m.String()] = true
		p := m.(pair)
		if elite[p.X] && elite[10*p.Y] && p.X != 10*p.Y {
			bred++
		}
	}
	// The four elite parents give 12 ordered pairs, exactly Children: every
	// child is bred, none drawn from Random.
	if bred != g.Children {
		t.Errorf("%d of %d children are crosses of two different elite parents: %v", bred, len(kids), kids)
	}
	// One more child than the parents can breed is filled from Random.
	g.Children = 13
	if kids, err = g.Propose(context.Background(), known, losses, rng.New(1)); err != nil || len(kids) != 13 {
		t.Fatalf("13 children: %d, %v", len(kids), err)
	}
}

// TestMotifGASearch runs Algorithm 1 with MotifGA over pairs, warm-started
// from its Random (no Warm), with and without the dish of the pairs'
// family: every evaluation is a distinct pair, the search is reproducible
// from its seed, and the GA improves on its warm start.
func TestMotifGASearch(t *testing.T) {
	l := Loop{Init: 8, Iterations: 4, TopK: 3, Proposer: pairGA(true), Seed: 3}
	var statuses []string
	rep := progress.Func(func(done, total int, status string) { statuses = append(statuses, status) })
	res, err := l.Run(context.Background(), pairBowl, rep)
	if err != nil {
		t.Fatal(err)
	}
	// The progress of a search of pairs speaks of motifs, not of the
	// recurrent cells of Experiment 2.
	if all := strings.Join(statuses, "\n"); strings.Contains(all, "cell") || !strings.Contains(all, "proposing motifs") {
		t.Errorf("progress of a search of pairs:\n%s", all)
	}
	again, err := l.Run(context.Background(), pairBowl, nil)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(res.Motifs) != fmt.Sprint(again.Motifs) {
		t.Errorf("one seed gave two searches:\n%v\n%v", res.Motifs, again.Motifs)
	}
	if res.BestLoss >= res.BestSoFar[0] {
		t.Errorf("the GA did not improve on its warm start: best %v after it, %v at the end", res.BestSoFar[0], res.BestLoss)
	}
	l.Predictor = DishPredictor(tinyPairConfig())
	res, err = l.Run(context.Background(), pairBowl, nil)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, m := range res.Motifs {
		if m.Family() != pairFamily || seen[m.String()] {
			t.Errorf("evaluated %v (family %q) twice or of another family", m, m.Family())
		}
		seen[m.String()] = true
	}
	if len(res.Motifs) != l.Evaluations() {
		t.Errorf("%d evaluations, want %d", len(res.Motifs), l.Evaluations())
	}
}

func TestMotifGAErrors(t *testing.T) {
	known := []motif.Motif{pair{1, 0}, pair{2, 0}}
	losses := []float64{1, 2}
	for _, c := range []struct {
		edit func(g *MotifGA)
		want string
	}{
		{func(g *MotifGA) { g.Random = nil }, "MotifGA has no Random"},
		{func(g *MotifGA) { g.Crossover = nil }, "MotifGA has no Crossover"},
		{func(g *MotifGA) { g.Parents = 1 }, "parents is 1"},
		{func(g *MotifGA) {
			g.Crossover = func(a, b motif.Motif, r *rand.Rand) motif.Motif { return nil }
		}, "MotifGA's Crossover returned nil"},
		{func(g *MotifGA) {
			g.Mutate = func(m motif.Motif, r *rand.Rand) motif.Motif { return motif.Sigmoid(1) }
		}, `MotifGA's Mutate returned sigmoid motif "1"; the known motifs are of family "searchtest-pair"`},
		{func(g *MotifGA) {
			g.Random = func(r *rand.Rand) motif.Motif { return pair{1, 0} }
			g.Crossover = func(a, b motif.Motif, r *rand.Rand) motif.Motif { return a }
		}, "found only 0 of 12 new motifs"},
	} {
		g := pairGA(false)
		c.edit(&g)
		if _, err := g.Propose(context.Background(), known, losses, rng.New(1)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: %v, want %q", g, err, c.want)
		}
	}
	// The loop checks the proposer before spending ground truth, and its
	// Random must give enough distinct motifs for the warm start.
	g := pairGA(false)
	g.Random = func(r *rand.Rand) motif.Motif { return pair{float64(r.IntN(3)), 0} }
	l := Loop{Init: 5, Iterations: 1, TopK: 1, Proposer: g}
	if _, err := l.Run(context.Background(), pairBowl, nil); err == nil || !strings.Contains(err.Error(), "Random gave only 3 distinct motifs") {
		t.Errorf("warm start from a space of 3: %v", err)
	}
	l.Proposer = MotifGA{Parents: 2, Children: 5}
	if err := l.Validate(); err == nil || !strings.Contains(err.Error(), "search proposer: MotifGA has no Random") {
		t.Errorf("Validate: %v", err)
	}
}
