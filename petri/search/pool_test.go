package search

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/petridish-go/petridish/petri/motif"
	"github.com/petridish-go/petridish/petri/rng"
)

// TestPoolSearch runs Algorithm 1 over a pool of 60 cells: only pool
// cells are evaluated, each once, and with the oracle as predictor the
// best cell of the pool is found within the budget every time, while
// random search over the pool (no predictor) finds it less often.
func TestPoolSearch(t *testing.T) {
	pool := motif.RandomCells(60, rng.New(5))
	best := slices.MinFunc(pool, func(a, b motif.Motif) int {
		la, lb := syntheticLoss(a.(motif.Cell)), syntheticLoss(b.(motif.Cell))
		switch {
		case la < lb:
			return -1
		case la > lb:
			return 1
		}
		return 0
	})
	in := map[motif.Motif]bool{}
	for _, m := range pool {
		in[m] = true
	}
	foundRandom := 0
	for seed := range uint64(5) {
		l := Loop{Init: 8, Iterations: 3, TopK: 4, Proposer: Pool{Cells: pool}, Seed: seed}
		rs, err := l.Run(context.Background(), synthetic, nil)
		if err != nil {
			t.Fatal(err)
		}
		l.Predictor = &oracle{}
		or, err := l.Run(context.Background(), synthetic, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range []Result{rs, or} {
			seen := map[motif.Motif]bool{}
			for _, m := range r.Motifs {
				if !in[m] || seen[m] {
					t.Fatalf("seed %d: evaluated %v, which is not in the pool or repeats", seed, m)
				}
				seen[m] = true
			}
			if len(r.Motifs) != 20 {
				t.Fatalf("seed %d: %d evaluations, want 20", seed, len(r.Motifs))
			}
		}
		if or.Best != best {
			t.Errorf("seed %d: with the oracle the search found %v (loss %.2f), not the pool's best %v", seed, or.Best, or.BestLoss, best)
		}
		if rs.Best == best {
			foundRandom++
		}
		// Same warm start with or without a predictor: both come from
		// the pool through the loop's generator.
		if !slices.Equal(rs.Motifs[:8], or.Motifs[:8]) {
			t.Errorf("seed %d: the warm starts differ", seed)
		}
	}
	if foundRandom == 5 {
		t.Errorf("random search over the pool found the best cell on every seed too; the test cannot tell the predictor's effect")
	}
}

func TestPoolRejects(t *testing.T) {
	pool := motif.RandomCells(10, rng.New(1))
	for _, c := range []struct {
		l    Loop
		want string
	}{
		{Loop{Init: 8, Iterations: 1, TopK: 4, Proposer: Pool{Cells: pool}}, "makes 12 ground-truth evaluations (Init + Iterations x TopK) but the pool has 10 cells"},
		{Loop{Init: 2, Iterations: 1, TopK: 1, Proposer: Pool{Cells: append([]motif.Motif{pool[0]}, pool...)}}, "pool cell 1"},
		{Loop{Init: 2, Iterations: 1, TopK: 1, Proposer: Pool{}}, "the pool has no cells"},
		{Loop{Init: 2, Iterations: 1, TopK: 1, Proposer: Pool{Cells: []motif.Motif{motif.Sigmoid(1), pool[0]}}}, `is of family "rnncell", cell 0 of "sigmoid"`},
		{Loop{Init: 2, Iterations: 1, TopK: 1, Proposer: Pool{Cells: pool, Size: -1}}, "size is -1"},
	} {
		_, err := c.l.Run(context.Background(), synthetic, nil)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v, want %q", c.l.Proposer, err, c.want)
		}
	}
}
