package dish

import (
	"context"
	"runtime"
	"testing"

	"github.com/petridish-go/petridish/petri/motif"
	"github.com/petridish-go/petridish/petri/rng"

	"github.com/petridish-go/petridish/internal/cputime"
)

// BenchmarkOuterStep times a one-step Train of the paper's dish on 15
// motifs: one outer step (what petridish bench dish reports as
// s_per_outer) plus Train's final scoring pass, about a third more.
func BenchmarkOuterStep(b *testing.B) {
	c := DefaultConfig()
	c.Outer.Schedule = []int{1}
	d := mustNew(b, c)
	s := linspace(0.41, 1.5, 15)
	ms, gt := motif.Slopes(s), uCurve(s)
	for b.Loop() {
		if _, err := d.Train(context.Background(), ms, gt, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPredict times Predict on 100 new motifs.
func BenchmarkPredict(b *testing.B) {
	c := DefaultConfig()
	c.Outer.Schedule = []int{1}
	d := mustNew(b, c)
	s := linspace(0.41, 1.5, 15)
	if _, err := d.Train(context.Background(), motif.Slopes(s), uCurve(s), nil); err != nil {
		b.Fatal(err)
	}
	news := motif.Slopes(linspace(0.01, 2.01, 100))
	for b.Loop() {
		if _, err := d.Predict(context.Background(), news); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCellOuterStep times a one-step Train of Experiment 2's dish
// (CellConfig) on 40 random cells: one outer step of 40 motif-networks
// plus Train's final scoring pass.
func BenchmarkCellOuterStep(b *testing.B) {
	c := CellConfig()
	c.Outer.Schedule = []int{1}
	d := mustNew(b, c)
	ms := motif.RandomCells(40, rng.New(1))
	gt := make([]float64, len(ms))
	for i := range gt {
		gt[i] = float64(i % 7)
	}
	for b.Loop() {
		if _, err := d.Train(context.Background(), ms, gt, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGenericScoreGrads times the generic path's meta-gradients
// (scores and dScore/dX of 15 sigmoid motif-networks, 250 inner steps
// each) on one goroutine: the work of one outer step on that path. On
// Linux it also reports the thread's CPU time per op (cpu-ms/op), which
// a loaded machine inflates less than wall time.
func BenchmarkGenericScoreGrads(b *testing.B) {
	c := DefaultConfig()
	c.Path, c.Threads = PathGeneric, 1
	d := mustNew(b, c)
	eng, err := d.engine()
	if err != nil {
		b.Fatal(err)
	}
	ms := motif.Slopes(linspace(0.41, 1.5, 15))
	xtr, xva, _ := d.SyntheticData()
	gTr, gVa := make([][]float64, len(ms)), make([][]float64, len(ms))
	for i := range ms {
		gTr[i], gVa[i] = make([]float64, len(xtr)), make([]float64, len(xva))
	}
	runtime.LockOSThread() // one goroutine: the engine runs on this thread
	defer runtime.UnlockOSThread()
	c0, cpu := cputime.Thread()
	for b.Loop() {
		if _, err := eng.scoreGrads(context.Background(), ms, xtr, xva, gTr, gVa); err != nil {
			b.Fatal(err)
		}
	}
	if c1, ok := cputime.Thread(); cpu && ok {
		b.ReportMetric(float64((c1-c0).Microseconds())/1e3/float64(b.N), "cpu-ms/op")
	}
}
