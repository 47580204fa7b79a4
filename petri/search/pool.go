package search

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/petridish-go/petridish/petri/motif"
)

// Sampler is implemented by a Proposer whose search space is not every
// motif.Cell, such as a Pool: Loop.Run draws its warm start from it
// instead of from motif.RandomCells.
type Sampler interface {
	// Sample returns n distinct cells of the space, drawn with r.
	Sample(n int, r *rand.Rand) ([]motif.Motif, error)
}

// Pool is a Proposer over a fixed, finite set of cells, such as the cells
// of a tabulated ground truth (a NAS benchmark): each iteration it
// proposes up to Size cells of the pool that have no ground truth yet, in
// an order drawn from the loop's generator, and it gives Loop.Run its warm
// start too. Without a Predictor, Algorithm 1 over a Pool is random
// search over the pool; with one, the predictor picks which of the
// remaining cells get ground truth. The pool must hold at least
// Loop.Evaluations() cells.
type Pool struct {
	// Cells is the search space: distinct, valid cells.
	Cells []motif.Motif
	// Size is the number of cells proposed per iteration (M); 0 proposes
	// every cell still without ground truth.
	Size int
}

// Validate reports a pool that cannot be searched: no cells, a motif
// that is not a valid cell, a repeat, or a negative Size.
func (p Pool) Validate() error {
	if len(p.Cells) == 0 {
		return fmt.Errorf("the pool has no cells; give the cells of your search space")
	}
	if p.Size < 0 {
		return fmt.Errorf("the pool's size is %d; use 0 to propose every remaining cell, or a positive M", p.Size)
	}
	seen := map[motif.Cell]int{}
	for i, m := range p.Cells {
		c, err := motif.AsCell(m)
		if err != nil {
			return fmt.Errorf("pool cell %d: %w", i, err)
		}
		if j, dup := seen[c]; dup {
			return fmt.Errorf("pool cell %d (%s) repeats cell %d", i, c, j)
		}
		seen[c] = i
	}
	return nil
}

// Propose returns up to Size (all, if 0) of the pool's cells that are not
// in known, in random order.
func (p Pool) Propose(ctx context.Context, known []motif.Motif, losses []float64, r *rand.Rand) ([]motif.Motif, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	have := make(map[motif.Motif]bool, len(known))
	for _, m := range known {
		have[m] = true
	}
	var left []motif.Motif
	for _, m := range p.Cells {
		if !have[m] {
			left = append(left, m)
		}
	}
	r.Shuffle(len(left), func(i, j int) { left[i], left[j] = left[j], left[i] })
	if p.Size > 0 && len(left) > p.Size {
		left = left[:p.Size]
	}
	return left, nil
}

// Sample returns n distinct cells of the pool drawn with r.
func (p Pool) Sample(n int, r *rand.Rand) ([]motif.Motif, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if n > len(p.Cells) {
		return nil, fmt.Errorf("the pool has %d cells; a warm start of %d needs more", len(p.Cells), n)
	}
	idx := r.Perm(len(p.Cells))[:n]
	out := make([]motif.Motif, n)
	for k, i := range idx {
		out[k] = p.Cells[i]
	}
	return out, nil
}
