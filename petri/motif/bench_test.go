package motif

import "testing"

func BenchmarkFusedScoreGrad(b *testing.B) {
	p, xtr, xva := testProblem(b, []int{1, 1}, 250, 1)
	fam, _ := Lookup(SigmoidFamily)
	f, _ := fam.(FusedFamily).NewFused(p)
	gtr, gva := make([]float64, len(xtr)), make([]float64, len(xva))
	for b.Loop() {
		f.ScoreGrad(Sigmoid(0.7), xtr, xva, gtr, gva)
	}
}

func BenchmarkFusedScore(b *testing.B) {
	p, xtr, xva := testProblem(b, []int{1, 1}, 250, 1)
	fam, _ := Lookup(SigmoidFamily)
	f, _ := fam.(FusedFamily).NewFused(p)
	for b.Loop() {
		f.Score(Sigmoid(0.7), xtr, xva)
	}
}
