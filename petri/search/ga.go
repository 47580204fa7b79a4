package search

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/petridish-go/petridish/petri/motif"
)

// cellGenes is the length of a cell's encoding: the (predecessor, activation)
// pairs of nodes 1 to 11, 22 integers in NAO's order.
const cellGenes = 2 * motif.CellNodes

// GA is the paper's genetic algorithm over recurrent cells (motif.Cell),
// the NAS method of Petri-dish-GA and of the GA baseline.
//
// It is elitist: every generation's parents are the Parents best cells by
// ground-truth loss among all cells evaluated so far, so a good cell stays
// a parent until better ones replace it. Each child is the one-point
// crossover of two different parents drawn uniformly (see Crossover)
// followed by per-position mutation (see Mutate); Propose returns
// Children distinct children that are not among the known cells.
//
// Crossover of two valid cells is always valid, wherever the cut falls:
// each of the 22 positions of the encoding has a range that depends only
// on the position (node i's predecessor is in [0, i), its activation in
// [0, 4)), and every child takes each position from a parent that had a
// value in that range. Mutation redraws a position from the same range.
type GA struct {
	// Parents is P, how many of the best known cells breed (20 in the
	// paper). With fewer known cells, all of them breed.
	Parents int
	// Children is C, how many new cells Propose returns (100 in the
	// paper); in Algorithm 1 it is M, the number of proposals the
	// predictor ranks.
	Children int
	// MutationRate is the probability with which each of the 22 positions
	// of a child is redrawn uniformly from its range (the redraw may give
	// the value back). 0 turns mutation off; 1 makes every child a
	// uniformly random cell.
	MutationRate float64
}

// DefaultGA returns the paper's GA: the 20 best cells breed 100 children
// per generation, with MutationRate 1/22.
//
// The paper does not give the mutation rate. 1/22 is the usual 1/L of a
// GA over L positions: on average one position is redrawn per child
// (about 0.74 actually change value, since a redraw can repeat the old
// value and node 1's predecessor has only one choice), so a child stays
// close to its parents and crossover does most of the mixing.
func DefaultGA() GA {
	return GA{Parents: 20, Children: 100, MutationRate: 1.0 / cellGenes}
}

// Validate reports the first setting that cannot work.
func (g GA) Validate() error {
	if g.Parents < 2 {
		return fmt.Errorf("GA parents is %d; use at least 2, since crossover needs two parents (the paper uses 20)", g.Parents)
	}
	if g.Children < 1 {
		return fmt.Errorf("GA children is %d; use at least 1 (the paper uses 100)", g.Children)
	}
	if math.IsNaN(g.MutationRate) || g.MutationRate < 0 || g.MutationRate > 1 {
		return fmt.Errorf("GA mutation rate is %v; use a probability in [0, 1] (the default is 1/22)", g.MutationRate)
	}
	return nil
}

// String describes the GA in one line.
func (g GA) String() string {
	return fmt.Sprintf("GA: the %d best cells breed %d children (one-point crossover, mutation rate %.3g per position)", g.Parents, g.Children, g.MutationRate)
}

// proposeTriesPerChild bounds how many crossover-and-mutation attempts
// Propose makes per requested child before it fills up with random cells.
const proposeTriesPerChild = 100

// Propose returns g.Children new cells bred from the g.Parents known
// cells with the lowest losses (ties go to the cell listed first): valid,
// distinct, and none among known. losses[i] is known[i]'s ground-truth
// loss, lower is better; +Inf is allowed (say, for a training that
// diverged), NaN is not. Propose draws only from r, so a seed reproduces
// its proposals.
//
// When the neighbourhood of the parents is exhausted, which happens only
// with very few parents or a mutation rate near 0, Propose stops breeding
// after 100 x Children attempts and fills the remaining places with
// uniformly random new cells (motif.RandomCell).
//
// It fails if g is invalid, the slices differ in length, fewer than two
// cells are known, a known motif is not a valid motif.Cell, or a loss is
// NaN.
func (g GA) Propose(ctx context.Context, known []motif.Motif, losses []float64, r *rand.Rand) ([]motif.Motif, error) {
	if err := g.Validate(); err != nil {
		return nil, err
	}
	cells, err := knownCells(known, losses)
	if err != nil {
		return nil, err
	}
	if len(cells) < 2 {
		return nil, fmt.Errorf("GA needs at least 2 known cells with ground truth to breed from, got %d; evaluate a few random cells (motif.RandomCells) first", len(cells))
	}
	seen := make(map[motif.Cell]bool, len(cells)+g.Children)
	for _, c := range cells {
		seen[c] = true
	}
	parents := elite(cells, losses, g.Parents)

	out := make([]motif.Motif, 0, g.Children)
	add := func(c motif.Cell) {
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	for tries := 0; len(out) < g.Children && tries < proposeTriesPerChild*g.Children; tries++ {
		i := r.IntN(len(parents))
		j := r.IntN(len(parents) - 1)
		if j >= i {
			j++
		}
		add(Mutate(Crossover(parents[i], parents[j], r), g.MutationRate, r))
	}
	for tries := 0; len(out) < g.Children; tries++ {
		if tries >= proposeTriesPerChild*g.Children {
			return nil, fmt.Errorf("GA found only %d of %d new cells: the search space is nearly exhausted by the %d known cells", len(out), g.Children, len(cells))
		}
		add(motif.RandomCell(r))
	}
	return out, nil
}

// knownCells checks the known motifs and their losses and returns the
// motifs as cells.
func knownCells(known []motif.Motif, losses []float64) ([]motif.Cell, error) {
	if len(known) != len(losses) {
		return nil, fmt.Errorf("%d known cells but %d losses; pass one ground-truth loss per cell", len(known), len(losses))
	}
	cells := make([]motif.Cell, len(known))
	for i, m := range known {
		c, err := asCell(m)
		if err != nil {
			return nil, fmt.Errorf("known cell %d: %w", i, err)
		}
		if math.IsNaN(losses[i]) {
			return nil, fmt.Errorf("the loss of known cell %d (%s) is NaN; pass a number (lower is better; +Inf for a training that failed)", i, c)
		}
		cells[i] = c
	}
	return cells, nil
}

// asCell returns m as a valid cell, or says why it is not one.
func asCell(m motif.Motif) (motif.Cell, error) {
	c, ok := m.(motif.Cell)
	if !ok {
		if m == nil {
			return motif.Cell{}, fmt.Errorf("the motif is nil; the search works on recurrent cells (motif.Cell)")
		}
		return motif.Cell{}, fmt.Errorf("%s motif %q (%T) is not a recurrent cell; the search works on motif.Cell values (family %q), e.g. from motif.ParseCell",
			m.Family(), m.String(), m, motif.CellFamily)
	}
	if err := c.Validate(); err != nil {
		return motif.Cell{}, fmt.Errorf("cell %q is invalid: %w", c.String(), err)
	}
	return c, nil
}

// elite returns the n items (cells, motifs) with the lowest losses (all
// of them if there are fewer), best first; ties keep the given order.
func elite[T any](items []T, losses []float64, n int) []T {
	idx := make([]int, len(items))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(losses[a], losses[b]) })
	n = min(n, len(idx))
	out := make([]T, n)
	for k, i := range idx[:n] {
		out[k] = items[i]
	}
	return out
}

// Crossover is one-point crossover on the 22-integer encoding: it draws a
// cut uniformly between two positions (1 to 21, so both parents
// contribute) and returns a's positions before the cut followed by b's
// from the cut on. The child of two valid cells is valid (see GA).
func Crossover(a, b motif.Cell, r *rand.Rand) motif.Cell {
	return crossoverAt(a, b, 1+r.IntN(cellGenes-1))
}

// crossoverAt returns a's first cut positions followed by b's rest.
func crossoverAt(a, b motif.Cell, cut int) motif.Cell {
	ga, gb := genes(a), genes(b)
	copy(ga[cut:], gb[cut:])
	return fromGenes(ga)
}

// Mutate redraws each of the 22 positions of c's encoding, independently
// with probability rate, uniformly from the position's range (a
// predecessor of node i from 0 to i-1, an activation from 0 to 3); a
// redraw may give the old value back. Rate 0 (or less) returns c
// unchanged; rate 1 (or more) returns a uniformly random cell. The result
// is valid when c is. Mutate draws one number from r per position, plus
// one per redraw.
func Mutate(c motif.Cell, rate float64, r *rand.Rand) motif.Cell {
	g := genes(c)
	for k := range g {
		if r.Float64() < rate {
			g[k] = r.IntN(geneRange(k))
		}
	}
	return fromGenes(g)
}

// geneRange is the number of values position k of the encoding can take.
func geneRange(k int) int {
	if k%2 == 0 {
		return k/2 + 1 // node k/2+1 reads node 0..k/2
	}
	return motif.CellActs
}

// genes returns c's encoding: Prev and Act of each node, interleaved.
func genes(c motif.Cell) [cellGenes]int {
	var g [cellGenes]int
	for i := range motif.CellNodes {
		g[2*i] = int(c.Prev[i])
		g[2*i+1] = int(c.Act[i])
	}
	return g
}

// fromGenes is the inverse of genes.
func fromGenes(g [cellGenes]int) motif.Cell {
	var c motif.Cell
	for i := range motif.CellNodes {
		c.Prev[i] = uint8(g[2*i])
		c.Act[i] = motif.CellAct(g[2*i+1])
	}
	return c
}

// proposals is the number of cells Propose returns.
func (g GA) proposals() int { return g.Children }
