package nn

import (
	"runtime"
	"testing"

	"github.com/petridish-go/petridish/petri/autodiff"
	"github.com/petridish-go/petridish/petri/rng"

	"github.com/petridish-go/petridish/internal/cputime"
)

// BenchmarkMetaGradient measures one outer step of the sigmoid-slope dish
// on the generic tape: 250 unrolled create-graph Adam steps of 15 batched
// 10-1-1-10 networks, then the backward pass to X_tr and X_va. The tape
// is reset and reused between iterations, as an outer loop would.
// Reported extras: tape-MB (memory the tape holds), peak-heap-MB (Go heap
// in use right after the backward pass), nodes (tensors recorded) and, on
// Linux, cpu-ms/op (the thread's CPU time, which a loaded machine inflates
// less than wall time).
func BenchmarkMetaGradient(b *testing.B) {
	p := newMetaProblem(7, 15, 250)
	tp := autodiff.NewTape()
	if _, _, err := p.metaGradient(tp); err != nil { // warm the arenas
		b.Fatal(err)
	}
	var ms runtime.MemStats
	peak := uint64(0)
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	b.ReportAllocs()
	b.ResetTimer()
	c0, cpu := cputime.Thread()
	for i := 0; i < b.N; i++ {
		if _, _, err := p.metaGradient(tp); err != nil {
			b.Fatal(err)
		}
		if i == 0 {
			runtime.ReadMemStats(&ms)
			peak = ms.HeapInuse
		}
	}
	b.StopTimer()
	if c1, ok := cputime.Thread(); cpu && ok {
		b.ReportMetric(float64((c1-c0).Microseconds())/1e3/float64(b.N), "cpu-ms/op")
	}
	b.ReportMetric(float64(tp.MemoryBytes())/1e6, "tape-MB")
	b.ReportMetric(float64(peak)/1e6, "peak-heap-MB")
	b.ReportMetric(float64(tp.Len()), "nodes")
}

// BenchmarkBatchedMLPForwardBackward measures forward and backward of 15
// batched 784-100-100-10 sigmoid MLPs on a shared batch of 50 samples.
func BenchmarkBatchedMLPForwardBackward(b *testing.B) {
	const m, n = 15, 50
	mlp, err := NewMLP([]int{784, 100, 100, 10}, []Activation{Sigmoid(0.5), Sigmoid(0.5), nil}, m)
	if err != nil {
		b.Fatal(err)
	}
	r := rng.New(1)
	theta := mlp.Init(r, false)
	x := normals(r, n*784)
	y := make([]float64, n*10)
	for i := 0; i < n; i++ {
		y[i*10+i%10] = 1
	}
	tp := autodiff.NewTape()
	params := make([]autodiff.Tensor, mlp.NumParams())
	grads := make([]autodiff.Tensor, mlp.NumParams())
	step := func() {
		tp.Reset()
		LoadTo(params, tp, theta)
		X, Y := tp.From(x, n, 784), tp.From(y, n, 10)
		loss := BatchLoss(mlp.Forward(X, params).CrossEntropy(Y, -1))
		if err := tp.GradTo(grads, loss, params, false); err != nil {
			b.Fatal(err)
		}
	}
	step()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		step()
	}
}

// BenchmarkSmallMLPForwardBackward is the dish-sized case: 15 batched
// 10-1-1-10 networks on 10 shared samples, one forward and backward.
func BenchmarkSmallMLPForwardBackward(b *testing.B) {
	p := newMetaProblem(7, 15, 1)
	tp := autodiff.NewTape()
	step := func() {
		tp.Reset()
		LoadTo(p.params, tp, p.theta)
		X, Y := tp.From(p.xtr, p.N, p.In), tp.From(p.y, p.N, p.Out)
		loss := BatchLoss(p.mlp.Forward(X, p.params).BCEWithLogits(Y))
		if err := tp.GradTo(p.grads, loss, p.params, false); err != nil {
			b.Fatal(err)
		}
	}
	step()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		step()
	}
}
