package dish

import (
	"context"
	"testing"

	"github.com/petridish-go/petridish/petri/motif"
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
