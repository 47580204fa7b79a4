package dish

import (
	"context"
	"testing"

	"github.com/petridish-go/petridish/petri/motif"
	"github.com/petridish-go/petridish/petri/rng"
)

// metaGrads computes every motif's score and meta-gradients on path.
func metaGrads(t *testing.T, c Config, path string, ms []motif.Motif, xtr, xva []float64) ([]float64, [][]float64, [][]float64) {
	t.Helper()
	c.Path = path
	d := mustNew(t, c)
	eng, err := d.engine()
	if err != nil {
		t.Fatal(err)
	}
	gTr, gVa := make([][]float64, len(ms)), make([][]float64, len(ms))
	for i := range ms {
		gTr[i], gVa[i] = make([]float64, len(xtr)), make([]float64, len(xva))
	}
	s, err := eng.scoreGrads(context.Background(), ms, xtr, xva, gTr, gVa)
	if err != nil {
		t.Fatal(err)
	}
	return s, gTr, gVa
}

// TestFusedMatchesGeneric compares the hand-written adjoint with
// petri/autodiff's create-graph differentiation of the same inner loop.
// Both run the same float64 operations up to summation order, so they
// agree to rounding (measured: about 1e-15). 1e-10 relative leaves room
// for the rounding that 250 Adam steps may amplify on other platforms
// (fused multiply-add), while any wrong term shows up far above it.
func TestFusedMatchesGeneric(t *testing.T) {
	cases := []struct {
		name   string
		inner  int
		hidden []int
		ms     []motif.Motif
	}{
		{"3 motifs, 20 steps", 20, []int{1, 1}, slopes(0.3, 1, 2.2)},
		{"wider net, 20 steps", 20, []int{3, 2}, slopes(0.5, 1.7)},
		{"paper's 250 steps", 250, []int{1, 1}, slopes(0.23, 1.3)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := smallConfig(tc.inner, 1)
			c.Net.Hidden = tc.hidden
			c.Net.InitStd = 0.5
			d := mustNew(t, c)
			xtr, xva, _ := d.SyntheticData()
			for i := range xva {
				xva[i] += 0.1 * float64(i%7-3) // make the two sets differ
			}
			sF, trF, vaF := metaGrads(t, c, PathFused, tc.ms, xtr, xva)
			sG, trG, vaG := metaGrads(t, c, PathGeneric, tc.ms, xtr, xva)
			if e := relErr(sF, sG); e > 1e-12 {
				t.Errorf("scores differ by %.3g relative: fused %v generic %v", e, sF, sG)
			}
			for i, m := range tc.ms {
				if e := relErr(trF[i], trG[i]); e > 1e-10 {
					t.Errorf("motif %v: dScore/dX_tr differs by %.3g relative", m, e)
				}
				if e := relErr(vaF[i], vaG[i]); e > 1e-10 {
					t.Errorf("motif %v: dScore/dX_va differs by %.3g relative", m, e)
				}
				t.Logf("motif %v: rel diff train %.2g valid %.2g", m, relErr(trF[i], trG[i]), relErr(vaF[i], vaG[i]))
			}
		})
	}
}

// TestCellFusedMatchesGeneric is TestFusedMatchesGeneric for the
// recurrent-cell family: its hand-written R-pass adjoint against autodiff
// on Experiment 2's sizes (CellConfig: 20 sequences of 5 steps, 50 inner
// steps) and on a smaller net, for cells using every activation. The
// tolerances are TestFusedMatchesGeneric's, with the same argument: both
// paths run the same float64 operations up to summation order.
func TestCellFusedMatchesGeneric(t *testing.T) {
	r := rng.New(21)
	cells := append(motif.RandomCells(3, r), mustCellMotif(t, "0 1 0 1 1 1 3 0 4 1 4 1 5 1 1 1 7 1 1 1 1 2"),
		mustCellMotif(t, "0 0 1 0 2 0 3 0 4 0 5 0 6 0 7 0 8 0 9 0 10 0"), mustCellMotif(t, "0 2 0 3 1 2 2 3 3 2 4 3 5 2 6 3 7 2 8 3 9 2"))
	small := CellConfig()
	small.Net = motif.NetSpec{Inputs: 3, Hidden: []int{2}, Outputs: 2, Samples: 4, TimeSteps: 3, InitStd: 0.8}
	small.Inner.Steps = 7
	for _, tc := range []struct {
		name string
		c    Config
	}{{"small net, 7 steps", small}, {"Experiment 2 sizes", CellConfig()}} {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.c
			c.Outer.Batch = 0
			d := mustNew(t, c)
			xtr, xva, _ := d.SyntheticData()
			for i := range xva {
				xva[i] += 0.1 * float64(i%7-3)
			}
			sF, trF, vaF := metaGrads(t, c, PathFused, cells, xtr, xva)
			sG, trG, vaG := metaGrads(t, c, PathGeneric, cells, xtr, xva)
			if e := relErr(sF, sG); e > 1e-12 {
				t.Errorf("scores differ by %.3g relative: fused %v generic %v", e, sF, sG)
			}
			for i, m := range cells {
				if e := relErr(trF[i], trG[i]); e > 1e-10 {
					t.Errorf("cell %v: dScore/dX_tr differs by %.3g relative", m, e)
				}
				if e := relErr(vaF[i], vaG[i]); e > 1e-10 {
					t.Errorf("cell %v: dScore/dX_va differs by %.3g relative", m, e)
				}
				t.Logf("cell %v: rel diff train %.2g valid %.2g", m, relErr(trF[i], trG[i]), relErr(vaF[i], vaG[i]))
			}
		})
	}
}

func mustCellMotif(t *testing.T, s string) motif.Motif {
	t.Helper()
	m, err := motif.Parse(motif.CellFamily, s)
	if err != nil {
		t.Fatal(err)
	}
	return m
}
