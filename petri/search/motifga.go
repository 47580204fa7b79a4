package search

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/petridish-go/petridish/petri/motif"
)

// MotifGA is the paper's elitist genetic algorithm (see GA) over a motif
// family of your own, such as one made with motif.Define: GA breeds
// recurrent cells only, because it knows their encoding; MotifGA asks you
// how to breed. Every generation's parents are the Parents best motifs by
// ground-truth loss so far; each child is Crossover of two different
// parents drawn uniformly, then Mutate; Propose returns Children distinct
// children that have no ground truth yet.
//
// It is also a Sampler: Loop.Run draws its warm start of Init motifs from
// Random, so a search of a family of your own needs no Warm:
//
//	ga := search.MotifGA{Parents: 10, Children: 50,
//		Random: func(r *rand.Rand) motif.Motif { return pair{4 * r.Float64(), r.Float64()} },
//		Crossover: func(a, b motif.Motif, r *rand.Rand) motif.Motif {
//			return pair{a.(pair).Beta, b.(pair).Alpha}
//		},
//		Mutate: func(m motif.Motif, r *rand.Rand) motif.Motif {
//			p := m.(pair)
//			return pair{p.Beta * math.Exp(0.2*r.NormFloat64()), p.Alpha}
//		},
//	}
//	l := search.Loop{Init: 20, Iterations: 5, TopK: 5, Proposer: ga, Seed: 1}
//	l.Predictor = search.DishPredictor(dish.ConfigFor("swish2"))
//
// The functions may be written in a notebook cell. They should draw only
// from the r they are given, so that the loop's seed reproduces a search.
type MotifGA struct {
	// Parents is P, how many of the best known motifs breed (20 in the
	// paper). With fewer known motifs, all of them breed.
	Parents int
	// Children is C, how many new motifs Propose returns (100 in the
	// paper); in Algorithm 1 it is M, the number of proposals the
	// predictor ranks.
	Children int
	// Random draws a motif of the search space. It gives the warm start
	// (Sample) and fills up the children when breeding keeps giving
	// motifs already known. Required.
	Random func(r *rand.Rand) motif.Motif
	// Crossover returns a child of parents a and b, such as a's first
	// numbers followed by b's. Required.
	Crossover func(a, b motif.Motif, r *rand.Rand) motif.Motif
	// Mutate returns the child changed at random, such as one number
	// redrawn or moved a little; nil leaves children as Crossover makes
	// them.
	Mutate func(m motif.Motif, r *rand.Rand) motif.Motif
}

// Validate reports the first setting that cannot work.
func (g MotifGA) Validate() error {
	switch {
	case g.Parents < 2:
		return fmt.Errorf("MotifGA parents is %d; use at least 2, since crossover needs two parents (the paper uses 20)", g.Parents)
	case g.Children < 1:
		return fmt.Errorf("MotifGA children is %d; use at least 1 (the paper uses 100)", g.Children)
	case g.Random == nil:
		return fmt.Errorf("MotifGA has no Random; give a function that draws a motif of your search space, e.g. func(r *rand.Rand) motif.Motif { return motif.Scalar{Of: \"swish\", Value: 4 * r.Float64()} }")
	case g.Crossover == nil:
		return fmt.Errorf("MotifGA has no Crossover; give a function that makes a child of two parent motifs, e.g. one taking some numbers from each")
	}
	return nil
}

// String describes the GA in one line.
func (g MotifGA) String() string {
	mut := "with"
	if g.Mutate == nil {
		mut = "without"
	}
	return fmt.Sprintf("MotifGA: the %d best motifs breed %d children (your crossover, %s mutation)", g.Parents, g.Children, mut)
}

func (g MotifGA) proposals() int { return g.Children }

// Propose returns g.Children new motifs bred from the g.Parents known
// motifs with the lowest losses (ties go to the motif listed first):
// distinct by their String and none among known. losses[i] is known[i]'s
// ground-truth loss, lower is better; +Inf is allowed, NaN is not.
//
// When breeding keeps giving known motifs (a small space, or parents
// that are nearly equal), Propose stops after 100 x Children attempts and
// fills the remaining places with new motifs from Random; it fails if
// those run out too.
func (g MotifGA) Propose(ctx context.Context, known []motif.Motif, losses []float64, r *rand.Rand) ([]motif.Motif, error) {
	if err := g.Validate(); err != nil {
		return nil, err
	}
	if len(known) != len(losses) {
		return nil, fmt.Errorf("%d known motifs but %d losses; pass one ground-truth loss per motif", len(known), len(losses))
	}
	if len(known) < 2 {
		return nil, fmt.Errorf("MotifGA needs at least 2 known motifs with ground truth to breed from, got %d", len(known))
	}
	seen := make(map[string]bool, len(known)+g.Children)
	for i, m := range known {
		if m == nil {
			return nil, fmt.Errorf("known motif %d is nil", i)
		}
		if math.IsNaN(losses[i]) {
			return nil, fmt.Errorf("the loss of known motif %d (%s) is NaN; pass a number (lower is better; +Inf for a training that failed)", i, m)
		}
		seen[m.String()] = true
	}
	family := known[0].Family()
	parents := elite(known, losses, g.Parents)

	out := make([]motif.Motif, 0, g.Children)
	add := func(m motif.Motif, from string) error {
		if m == nil {
			return fmt.Errorf("MotifGA's %s returned nil; return a motif of family %q", from, family)
		}
		if m.Family() != family {
			return fmt.Errorf("MotifGA's %s returned %s motif %q; the known motifs are of family %q", from, m.Family(), m.String(), family)
		}
		if !seen[m.String()] {
			seen[m.String()] = true
			out = append(out, m)
		}
		return nil
	}
	for tries := 0; len(out) < g.Children && tries < proposeTriesPerChild*g.Children; tries++ {
		i := r.IntN(len(parents))
		j := r.IntN(len(parents) - 1)
		if j >= i {
			j++
		}
		child, from := g.Crossover(parents[i], parents[j], r), "Crossover"
		if g.Mutate != nil && child != nil {
			child, from = g.Mutate(child, r), "Mutate"
		}
		if err := add(child, from); err != nil {
			return nil, err
		}
	}
	for tries := 0; len(out) < g.Children; tries++ {
		if tries >= proposeTriesPerChild*g.Children {
			return nil, fmt.Errorf("MotifGA found only %d of %d new motifs: breeding and Random keep giving the %d known motifs (is the search space that small?)", len(out), g.Children, len(known))
		}
		if err := add(g.Random(r), "Random"); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Sample returns n distinct motifs drawn from Random, the warm start of
// a Loop whose proposer g is.
func (g MotifGA) Sample(n int, r *rand.Rand) ([]motif.Motif, error) {
	if err := g.Validate(); err != nil {
		return nil, err
	}
	seen := make(map[string]bool, n)
	out := make([]motif.Motif, 0, n)
	for tries := 0; len(out) < n; tries++ {
		if tries >= proposeTriesPerChild*n {
			return nil, fmt.Errorf("MotifGA's Random gave only %d distinct motifs in %d draws; a warm start of %d needs more (is the search space that small?)", len(out), tries, n)
		}
		m := g.Random(r)
		if m == nil {
			return nil, fmt.Errorf("MotifGA's Random returned nil; return a motif of your search space")
		}
		if len(out) > 0 && m.Family() != out[0].Family() {
			return nil, fmt.Errorf("MotifGA's Random returned motifs of families %q and %q; return motifs of one family", out[0].Family(), m.Family())
		}
		if !seen[m.String()] {
			seen[m.String()] = true
			out = append(out, m)
		}
	}
	return out, nil
}
