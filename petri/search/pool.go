package search

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/petridish-go/petridish/petri/motif"
)

// Sampler is implemented by a Proposer whose search space is not every
// motif.Cell, such as a Pool or a MotifGA: Loop.Run draws its warm start
// from it instead of from motif.RandomCells.
type Sampler interface {
	// Sample returns n distinct motifs of the space, drawn with r.
	Sample(n int, r *rand.Rand) ([]motif.Motif, error)
}

// Pool is a Proposer over a fixed, finite set of motifs of one family,
// such as the cells of a tabulated ground truth (a NAS benchmark) or a
// grid over the numbers of a motif.Define family of your own: each
// iteration it proposes up to Size motifs of the pool that have no ground
// truth yet, in an order drawn from the loop's generator, and it gives
// Loop.Run its warm start too. Without a Predictor, Algorithm 1 over a
// Pool is random search over the pool; with one, the predictor picks
// which of the remaining motifs get ground truth. The pool must hold at
// least Loop.Evaluations() motifs.
type Pool struct {
	// Cells is the search space: distinct, valid motifs of one family
	// (recurrent cells, motif.Cell, or any registered family's).
	Cells []motif.Motif
	// Size is the number of motifs proposed per iteration (M); 0
	// proposes every motif still without ground truth.
	Size int
}

// Validate reports a pool that cannot be searched: no motifs, a nil or
// invalid motif (one its family does not parse back), motifs of more than
// one family, a repeat, or a negative Size.
func (p Pool) Validate() error {
	if len(p.Cells) == 0 {
		return fmt.Errorf("the pool has no cells; give the motifs of your search space")
	}
	if p.Size < 0 {
		return fmt.Errorf("the pool's size is %d; use 0 to propose every remaining cell, or a positive M", p.Size)
	}
	if p.Cells[0] == nil {
		return fmt.Errorf("pool cell 0 is nil")
	}
	name := p.Cells[0].Family()
	fam, err := motif.Lookup(name)
	if err != nil {
		return fmt.Errorf("pool cell 0: %w", err)
	}
	seen := map[string]int{}
	for i, m := range p.Cells {
		if m == nil {
			return fmt.Errorf("pool cell %d is nil", i)
		}
		if name == motif.CellFamily {
			if _, err := motif.AsCell(m); err != nil {
				return fmt.Errorf("pool cell %d: %w", i, err)
			}
		} else if m.Family() != name {
			return fmt.Errorf("pool cell %d (%s) is of family %q, cell 0 of %q; a pool holds motifs of one family", i, m, m.Family(), name)
		} else if err := motif.CheckFamily(fam, []motif.Motif{m}); err != nil {
			return fmt.Errorf("pool cell %d: %w", i, err)
		}
		if j, dup := seen[m.String()]; dup {
			return fmt.Errorf("pool cell %d (%s) repeats cell %d", i, m, j)
		}
		seen[m.String()] = i
	}
	return nil
}

// family returns the pool's family, or "" for an empty pool.
func (p Pool) family() string {
	if len(p.Cells) == 0 || p.Cells[0] == nil {
		return ""
	}
	return p.Cells[0].Family()
}

// Propose returns up to Size (all, if 0) of the pool's motifs that are
// not in known, in random order.
func (p Pool) Propose(ctx context.Context, known []motif.Motif, losses []float64, r *rand.Rand) ([]motif.Motif, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	have := make(map[string]bool, len(known))
	for _, m := range known {
		if m != nil {
			have[m.String()] = true
		}
	}
	var left []motif.Motif
	for _, m := range p.Cells {
		if !have[m.String()] {
			left = append(left, m)
		}
	}
	r.Shuffle(len(left), func(i, j int) { left[i], left[j] = left[j], left[i] })
	if p.Size > 0 && len(left) > p.Size {
		left = left[:p.Size]
	}
	return left, nil
}

// Sample returns n distinct motifs of the pool drawn with r.
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
