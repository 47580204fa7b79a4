package motif

import (
	"math"
	"testing"
)

// scoreFD is the five-point finite difference of the fused Score with
// respect to one coordinate of the training (valid=false) or validation
// inputs.
func scoreFD(t *testing.T, f Fused, m Motif, xtr, xva []float64, valid bool, i int, h float64) float64 {
	t.Helper()
	return fivePoint(func(e float64) float64 {
		a, b := append([]float64(nil), xtr...), append([]float64(nil), xva...)
		if valid {
			b[i] += e
		} else {
			a[i] += e
		}
		s, err := f.Score(m, a, b)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}, h)
}

// TestFusedMetaGradientSmall checks every coordinate of the fused
// meta-gradient on a small inner loop (20 Adam steps) for three slopes and
// two network shapes.
//
// Tolerance: the finite differences themselves are only good to about
// 1e-6 relative here. Adam divides by sqrt(v), which amplifies rounding in
// the score (the error grows as 1/h below h = 1e-3 and the O(h^4)
// truncation grows above it; measured floor 1e-7 to 8e-7). Dropping even
// the smallest term of the adjoint (the 1e-5 weight decay on theta) shows
// up as 4e-4 to 3e-2, so 1e-5 separates the two by a wide margin.
func TestFusedMetaGradientSmall(t *testing.T) {
	for _, hidden := range [][]int{{1, 1}, {2, 3}} {
		p, xtr, xva := testProblem(t, hidden, 20, 11)
		fam, _ := Lookup(SigmoidFamily)
		f, err := fam.(FusedFamily).NewFused(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range Slopes([]float64{0.25, 1, 2.5}) {
			gtr, gva := make([]float64, len(xtr)), make([]float64, len(xva))
			score, err := f.ScoreGrad(m, xtr, xva, gtr, gva)
			if err != nil {
				t.Fatal(err)
			}
			if s2, _ := f.Score(m, xtr, xva); s2 != score {
				t.Fatalf("slope %v: Score %v and ScoreGrad %v disagree", m, s2, score)
			}
			fdTr, fdVa := make([]float64, len(xtr)), make([]float64, len(xva))
			for i := range xtr {
				fdTr[i] = scoreFD(t, f, m, xtr, xva, false, i, 1e-3)
				fdVa[i] = scoreFD(t, f, m, xtr, xva, true, i, 1e-3)
			}
			if e := relErr(gtr, fdTr); e > 1e-5 || math.IsNaN(e) {
				t.Errorf("hidden %v slope %v: dScore/dX_tr differs from finite differences by %.3g relative", hidden, m, e)
			}
			if e := relErr(gva, fdVa); e > 1e-5 || math.IsNaN(e) {
				t.Errorf("hidden %v slope %v: dScore/dX_va differs from finite differences by %.3g relative", hidden, m, e)
			}
		}
	}
}

// TestFusedMetaGradientFull checks a few coordinates of the meta-gradient
// through the paper's full 250-step inner loop, to 1e-6 of the largest
// gradient entry (same reasoning as the small test).
func TestFusedMetaGradientFull(t *testing.T) {
	p, xtr, xva := testProblem(t, []int{1, 1}, 250, 12)
	fam, _ := Lookup(SigmoidFamily)
	f, err := fam.(FusedFamily).NewFused(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range Slopes([]float64{0.23, 1.1}) {
		gtr, gva := make([]float64, len(xtr)), make([]float64, len(xva))
		if _, err := f.ScoreGrad(m, xtr, xva, gtr, gva); err != nil {
			t.Fatal(err)
		}
		var norm float64
		for _, g := range gtr {
			norm = math.Max(norm, math.Abs(g))
		}
		for _, i := range []int{0, 17, 42, 99} {
			fd := scoreFD(t, f, m, xtr, xva, false, i, 1e-3)
			if d := math.Abs(fd - gtr[i]); d > 1e-6*norm {
				t.Errorf("slope %v: dScore/dX_tr[%d] = %.12g, finite differences %.12g (|diff| %.3g, max |grad| %.3g)", m, i, gtr[i], fd, d, norm)
			}
			fd = scoreFD(t, f, m, xtr, xva, true, i, 1e-3)
			if d := math.Abs(fd - gva[i]); d > 1e-6*norm {
				t.Errorf("slope %v: dScore/dX_va[%d] = %.12g, finite differences %.12g", m, i, gva[i], fd)
			}
		}
	}
}
