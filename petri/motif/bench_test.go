package motif

import (
	"testing"

	"github.com/petridish-go/petridish/petri/rng"
)

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

// BenchmarkCellScoreGrad times one motif-network of Experiment 2's dish
// (dish.CellConfig's net: 10 inputs, hidden 3, 10 outputs, 20 sequences
// of 5 steps, 50 inner steps) on the fused path: the inner loop and its
// adjoint.
func BenchmarkCellScoreGrad(b *testing.B) {
	spec := NetSpec{Inputs: 10, Hidden: []int{3}, Outputs: 10, Samples: 20, TimeSteps: 5, InitStd: 0.5}
	r := rng.New(1)
	in := DefaultInner()
	in.Steps = 50
	p := Problem{Net: spec, Inner: in, Theta0: cellFamily{}.InitParams(spec, r), Labels: make([]float64, spec.YLen())}
	for i := range p.Labels {
		p.Labels[i] = float64(r.IntN(2))
	}
	xtr, xva := randNorm(r, spec.XLen()), randNorm(r, spec.XLen())
	f, err := cellFamily{}.NewFused(p)
	if err != nil {
		b.Fatal(err)
	}
	c := RandomCell(r)
	gtr, gva := make([]float64, len(xtr)), make([]float64, len(xva))
	for b.Loop() {
		if _, err := f.ScoreGrad(c, xtr, xva, gtr, gva); err != nil {
			b.Fatal(err)
		}
	}
}
