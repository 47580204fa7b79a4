package search

import (
	"cmp"
	"context"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/petridish-go/petridish/petri/motif"
	"github.com/petridish-go/petridish/petri/rng"
)

// randomKnown returns n distinct random cells and their synthetic losses.
func randomKnown(n int, seed uint64) ([]motif.Motif, []float64) {
	ms := motif.RandomCells(n, rng.New(seed))
	losses := make([]float64, n)
	for i, m := range ms {
		losses[i] = syntheticLoss(m.(motif.Cell))
	}
	return ms, losses
}

func TestCrossoverAnywhereIsValid(t *testing.T) {
	r := rng.New(1)
	for range 200 {
		a, b := motif.RandomCell(r), motif.RandomCell(r)
		for cut := 0; cut <= cellGenes; cut++ {
			c := crossoverAt(a, b, cut)
			if err := c.Validate(); err != nil {
				t.Fatalf("crossover of %s and %s at %d: %v", a, b, cut, err)
			}
		}
	}
}

func TestCrossoverTakesPrefixAndSuffix(t *testing.T) {
	r := rng.New(2)
	cuts := map[int]bool{}
	for range 2000 {
		a, b := motif.RandomCell(r), motif.RandomCell(r)
		// Make a and b differ everywhere they can (node 1's predecessor is
		// always 0), so the cut is visible in the child.
		for i := range motif.CellNodes {
			b.Act[i] = (a.Act[i] + 1) % 4
			if i > 0 {
				b.Prev[i] = uint8((int(a.Prev[i]) + 1) % (i + 1))
			}
		}
		c := Crossover(a, b, r)
		ga, gb, gc := genes(a), genes(b), genes(c)
		cut := -1
		for k := 1; k < cellGenes; k++ {
			if reflect.DeepEqual(gc[:k], ga[:k]) && reflect.DeepEqual(gc[k:], gb[k:]) {
				cut = k
			}
		}
		if cut < 0 {
			t.Fatalf("child %s of %s and %s is not a prefix of the first and a suffix of the second", c, a, b)
		}
		cuts[cut] = true
	}
	// Every cut from 1 to 21 occurs. (A cut after the last position,
	// which would copy a, fails above; one before the first would read as
	// cut 1, since position 0 is 0 in every cell.)
	for k := 1; k < cellGenes; k++ {
		if !cuts[k] {
			t.Errorf("cut %d never drawn", k)
		}
	}
}

func TestMutateRates(t *testing.T) {
	r := rng.New(3)
	for range 100 {
		c := motif.RandomCell(r)
		if got := Mutate(c, 0, r); got != c {
			t.Fatalf("rate 0 changed %s to %s", c, got)
		}
	}
	// Rate 1 redraws every position: the result does not depend on the
	// input, and it is valid.
	a, b := motif.RandomCell(r), motif.RandomCell(r)
	for seed := range uint64(50) {
		ma, mb := Mutate(a, 1, rng.New(seed)), Mutate(b, 1, rng.New(seed))
		if ma != mb {
			t.Fatalf("rate 1 kept something of its input: %s and %s gave %s and %s", a, b, ma, mb)
		}
		if err := ma.Validate(); err != nil {
			t.Fatal(err)
		}
	}
	// Every position's whole range is reached, and nothing outside it.
	var hit [cellGenes]map[int]bool
	for k := range hit {
		hit[k] = map[int]bool{}
	}
	for range 3000 {
		g := genes(Mutate(a, 1, r))
		for k, v := range g {
			hit[k][v] = true
		}
	}
	for k := range hit {
		if len(hit[k]) != geneRange(k) {
			t.Errorf("position %d took %d distinct values, want %d", k, len(hit[k]), geneRange(k))
		}
	}
	// A small rate changes about rate x (1 - 1/range) positions per cell.
	const rate, n = 0.2, 4000
	changed, want := 0, 0.0
	for k := range cellGenes {
		want += rate * (1 - 1/float64(geneRange(k)))
	}
	for range n {
		c := motif.RandomCell(r)
		gc, gm := genes(c), genes(Mutate(c, rate, r))
		for k := range gc {
			if gc[k] != gm[k] {
				changed++
			}
		}
	}
	if got := float64(changed) / n; math.Abs(got-want) > 0.1 {
		t.Errorf("rate %v changed %.3f positions per cell, want about %.3f", rate, got, want)
	}
}

func TestGAProposeChildren(t *testing.T) {
	known, losses := randomKnown(60, 4)
	g := DefaultGA()
	kids, err := g.Propose(context.Background(), known, losses, rng.New(5))
	if err != nil {
		t.Fatal(err)
	}
	if len(kids) != g.Children {
		t.Fatalf("%d children, want %d", len(kids), g.Children)
	}
	if err := motif.Check(mustFamily(t), kids); err != nil {
		t.Fatalf("children: %v", err)
	}
	isKnown := map[motif.Motif]bool{}
	for _, m := range known {
		isKnown[m] = true
	}
	for i, k := range kids {
		if isKnown[k] {
			t.Errorf("child %d (%s) is a known cell", i, k)
		}
	}
}

func mustFamily(t *testing.T) motif.Family {
	t.Helper()
	f, err := motif.Lookup(motif.CellFamily)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// With mutation off every child is a crossover of two different parents,
// and the parents are the P cells with the lowest losses.
func TestGAElitism(t *testing.T) {
	known, losses := randomKnown(50, 6)
	const P = 5
	g := GA{Parents: P, Children: 40, MutationRate: 0}
	order := make([]int, len(known))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(losses[a], losses[b]) })
	var parents []motif.Cell
	for _, i := range order[:P] {
		parents = append(parents, known[i].(motif.Cell))
	}
	kids, err := g.Propose(context.Background(), known, losses, rng.New(7))
	if err != nil {
		t.Fatal(err)
	}
	used := map[motif.Cell]bool{}
	for _, k := range kids {
		found := false
		for i, a := range parents {
			for j, b := range parents {
				for cut := 1; cut < cellGenes && !found && i != j; cut++ {
					if crossoverAt(a, b, cut) == k {
						found, used[a], used[b] = true, true, true
					}
				}
			}
		}
		if !found {
			t.Errorf("child %s is not a crossover of two of the %d best cells", k, P)
		}
	}
	if len(used) < P {
		t.Errorf("only %d of the %d parents bred", len(used), P)
	}
}

func TestGAElite(t *testing.T) {
	known, _ := randomKnown(5, 8)
	cells := make([]motif.Cell, len(known))
	for i, m := range known {
		cells[i] = m.(motif.Cell)
	}
	got := elite(cells, []float64{2, math.Inf(1), 0.5, 2, -1}, 3)
	want := []motif.Cell{cells[4], cells[2], cells[0]} // ties keep order: 0 before 3
	if !reflect.DeepEqual(got, want) {
		t.Errorf("elite = %v, want %v", got, want)
	}
	if got := elite(cells, []float64{1, 2, 3, 4, 5}, 20); len(got) != 5 {
		t.Errorf("elite of 5 with P 20 has %d cells", len(got))
	}
}

// With two known cells and no mutation, crossover alone makes too few
// children; the rest are random cells, still valid, distinct and new.
func TestGAFillsWhenExhausted(t *testing.T) {
	known, losses := randomKnown(2, 9)
	g := GA{Parents: 2, Children: 100, MutationRate: 0}
	kids, err := g.Propose(context.Background(), known, losses, rng.New(10))
	if err != nil {
		t.Fatal(err)
	}
	if len(kids) != 100 {
		t.Fatalf("%d children", len(kids))
	}
	if err := motif.Check(mustFamily(t), append(slices.Clone(known), kids...)); err != nil {
		t.Fatal(err)
	}
}

func TestGADeterministic(t *testing.T) {
	known, losses := randomKnown(30, 11)
	a, err := DefaultGA().Propose(context.Background(), known, losses, rng.New(12))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := DefaultGA().Propose(context.Background(), known, losses, rng.New(12))
	c, _ := DefaultGA().Propose(context.Background(), known, losses, rng.New(13))
	if !reflect.DeepEqual(a, b) {
		t.Error("the same seed gave different children")
	}
	if reflect.DeepEqual(a, c) {
		t.Error("different seeds gave the same children")
	}
}

func TestGAErrors(t *testing.T) {
	known, losses := randomKnown(5, 14)
	r := rng.New(1)
	cases := []struct {
		name   string
		g      GA
		known  []motif.Motif
		losses []float64
		want   string
	}{
		{"parents", GA{Parents: 1, Children: 10, MutationRate: 0.1}, known, losses, "at least 2"},
		{"children", GA{Parents: 2, Children: 0, MutationRate: 0.1}, known, losses, "children is 0"},
		{"rate", GA{Parents: 2, Children: 5, MutationRate: 1.5}, known, losses, "probability"},
		{"rate NaN", GA{Parents: 2, Children: 5, MutationRate: math.NaN()}, known, losses, "probability"},
		{"lengths", DefaultGA(), known, losses[:4], "5 known cells but 4 losses"},
		{"NaN loss", DefaultGA(), known, []float64{1, 2, math.NaN(), 3, 4}, "known cell 2"},
		{"too few", DefaultGA(), known[:1], losses[:1], "at least 2 known cells"},
		{"slope", DefaultGA(), append(slices.Clone(known), motif.Slopes([]float64{0.5})...), append(slices.Clone(losses), 1), "not a recurrent cell"},
		{"nil motif", DefaultGA(), append(slices.Clone(known), nil), append(slices.Clone(losses), 1), "nil"},
		{"invalid", DefaultGA(), append(slices.Clone(known), motif.Cell{Prev: [11]uint8{5}}), append(slices.Clone(losses), 1), "node 1 reads node 5"},
	}
	for _, c := range cases {
		_, err := c.g.Propose(context.Background(), c.known, c.losses, r)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
	// +Inf losses are allowed (a training that diverged).
	if _, err := DefaultGA().Propose(context.Background(), known, []float64{1, math.Inf(1), 2, 3, 4}, r); err != nil {
		t.Errorf("+Inf loss: %v", err)
	}
}
