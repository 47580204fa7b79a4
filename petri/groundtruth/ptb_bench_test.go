package groundtruth

import (
	"context"
	"testing"

	"github.com/petridish-go/petridish/petri/autodiff"
	"github.com/petridish-go/petridish/petri/data"
	"github.com/petridish-go/petridish/petri/motif"
	"github.com/petridish-go/petridish/petri/rng"
)

// The decoder of TrainCell at DefaultPTBConfig's size: N = 8 streams x 35
// steps, state 32, Penn Treebank's 10,000 words.
const benchN, benchD, benchV = 8 * 35, 32, 10000

func benchRandom(n int, seed uint64) []float64 {
	r := rng.New(seed)
	x := make([]float64, n)
	for i := range x {
		x[i] = 0.2 * (2*r.Float64() - 1)
	}
	return x
}

func benchTargets() []int {
	t := make([]int, benchN)
	for i := range t {
		t[i] = (i * 7919) % benchV
	}
	return t
}

// BenchmarkPTBDecoder is the fused decoder, loss and gradient (dL/dh,
// dL/dE, dL/dbias) of one training window.
func BenchmarkPTBDecoder(b *testing.B) {
	m := newLM(motif.Cell{}, benchV, benchD, 0.2, rng.New(1))
	h, targets := benchRandom(benchN*benchD, 2), benchTargets()
	for b.Loop() {
		m.decode(h, benchN, targets, true)
	}
	b.ReportMetric(float64(benchN*b.N)/b.Elapsed().Seconds(), "tokens/s")
}

// BenchmarkPTBDecoderAutodiff is the same on petri/autodiff: MatMul with
// the transposed embedding, LogSoftmax, Gather of the targets' entries,
// Grad. Its products are the same gonum Dgemm calls; the rest is the
// elementwise passes over [N, V] of LogSoftmax and its gradient.
func BenchmarkPTBDecoderAutodiff(b *testing.B) {
	h, e, bias := benchRandom(benchN*benchD, 2), benchRandom(benchV*benchD, 3), make([]float64, benchV)
	flat := benchTargets()
	for r := range flat {
		flat[r] += r * benchV
	}
	tp := autodiff.NewTape()
	for b.Loop() {
		tp.Reset()
		H, E, B := tp.From(h, benchN, benchD), tp.From(e, benchV, benchD), tp.From(bias, benchV)
		loss := H.MatMul(E.Transpose()).Add(B).LogSoftmax(1).Reshape(benchN*benchV).Gather(0, flat).Mean().Neg()
		if _, err := autodiff.Grad(loss, []autodiff.Tensor{H, E, B}, false); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(benchN*b.N)/b.Elapsed().Seconds(), "tokens/s")
}

// BenchmarkPTBProducts times the decoder's three products in the layouts
// decode could use; decode takes the fastest of each (NN, TN into [V, D],
// NT). Each is 2*N*D*V flops.
func BenchmarkPTBProducts(b *testing.B) {
	const N, D, V = benchN, benchD, benchV
	h, e, z := benchRandom(N*D, 1), benchRandom(V*D, 2), benchRandom(N*V, 3)
	out := make([]float64, max(N*V, V*D))
	for _, c := range []struct {
		name string
		f    func()
	}{
		{"logits=h*E^T(NT)", func() { gemm(false, true, N, V, D, h, D, e, D, 0, out, V) }},
		{"logits=h*ET(NN)", func() { gemm(false, false, N, V, D, h, D, e, V, 0, out, V) }},
		{"dE=z^T*h(TN)", func() { gemm(true, false, V, D, N, z, V, h, D, 0, out, D) }},
		{"dET=h^T*z(TN)", func() { gemm(true, false, D, V, N, h, D, z, V, 0, out, V) }},
		{"dh=z*E(NN)", func() { gemm(false, false, N, D, V, z, V, e, D, 0, out, D) }},
		{"dh=z*ET^T(NT)", func() { gemm(false, true, N, D, V, z, V, e, V, 0, out, D) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				c.f()
			}
			b.ReportMetric(2*N*D*V*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOPS")
		})
	}
}

// BenchmarkTrainCellPTB trains NAO's best cell at DefaultPTBConfig's size
// on the first 10,000 tokens of Penn Treebank, where data.PTBDir finds it.
func BenchmarkTrainCellPTB(b *testing.B) {
	if _, err := data.PTBDir(); err != nil {
		b.Skip("no Penn Treebank here:", err)
	}
	corpus, err := data.PTB()
	if err != nil {
		b.Fatal(err)
	}
	cfg := DefaultPTBConfig()
	cfg.TrainTokens, cfg.ValidTokens, cfg.Seed = 10000, 20, 1
	c, _ := motif.ParseCell(naoBest)
	tokens := 0.0
	for b.Loop() {
		res, err := TrainCell(context.Background(), c, corpus, cfg, nil)
		if err != nil {
			b.Fatal(err)
		}
		tokens += float64(res.Tokens)
	}
	b.ReportMetric(tokens/b.Elapsed().Seconds(), "tokens/s")
}
