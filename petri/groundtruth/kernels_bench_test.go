package groundtruth

import (
	"github.com/petridish-go/petridish/petri/autodiff"
	"testing"
	"time"

	"github.com/petridish-go/petridish/petri/data"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// benchBatch returns 50 real MNIST images (dense) and their compressed form.
func benchBatch(b *testing.B) ([]float64, *sparseSet) {
	s, err := data.MNIST(data.MNISTTrain, 0, 50)
	if err != nil {
		b.Skip(err)
	}
	sp, err := newSparseSet(s, "bench")
	if err != nil {
		b.Fatal(err)
	}
	return s.Images, sp
}

// The first layer's forward product [50x784] x [784x100], four ways. Rates
// are dense-equivalent (2*50*784*100 flops per product) so they compare.

func BenchmarkLayer1SparseDaxpy(b *testing.B) { // what the trainer uses
	_, sp := benchBatch(b)
	w := randMat(784*100, 1, 0)
	out := make([]float64, 50*100)
	rows := make([]int32, 50)
	for i := range rows {
		rows[i] = int32(i)
	}
	for b.Loop() {
		sparseTimesW(out, 100, sp, rows, w)
	}
	b.ReportMetric(50*784*100*2/(b.Elapsed().Seconds()/float64(b.N))/1e9, "GFLOP/s")
}

func BenchmarkLayer1GonumGemm(b *testing.B) {
	x, _ := benchBatch(b)
	w := randMat(784*100, 1, 0)
	out := make([]float64, 50*100)
	A := blas64.General{Rows: 50, Cols: 784, Stride: 784, Data: x}
	B := blas64.General{Rows: 784, Cols: 100, Stride: 100, Data: w}
	C := blas64.General{Rows: 50, Cols: 100, Stride: 100, Data: out}
	for b.Loop() {
		blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, A, B, 0, C)
	}
	b.ReportMetric(50*784*100*2/(b.Elapsed().Seconds()/float64(b.N))/1e9, "GFLOP/s")
}

func BenchmarkLayer1DenseRegisterBlocked(b *testing.B) {
	x, _ := benchBatch(b)
	w := randMat(784*100, 1, 0)
	bias := make([]float64, 100)
	out := make([]float64, 50*100)
	for b.Loop() {
		denseTimesW(out, 50, 100, bias, x, 784, w)
	}
	b.ReportMetric(50*784*100*2/(b.Elapsed().Seconds()/float64(b.N))/1e9, "GFLOP/s")
}

func BenchmarkLayer1SparseRegisterBlocked(b *testing.B) {
	_, sp := benchBatch(b)
	w := randMat(784*100, 1, 0)
	bias := make([]float64, 100)
	out := make([]float64, 50*100)
	rows := make([]int32, 50)
	for i := range rows {
		rows[i] = int32(i)
	}
	for b.Loop() {
		rowsTimesW(out, 100, bias, rows, sp.ptr, sp.idx, sp.val, w)
	}
	b.ReportMetric(50*784*100*2/(b.Elapsed().Seconds()/float64(b.N))/1e9, "GFLOP/s")
}

// The second layer's [50x100] x [100x100]: gonum (used) against pure Go.

func BenchmarkLayer2GonumGemm(b *testing.B) {
	x, w, out := randMat(50*100, 1, 0), randMat(100*100, 2, 0), make([]float64, 50*100)
	A := blas64.General{Rows: 50, Cols: 100, Stride: 100, Data: x}
	B := blas64.General{Rows: 100, Cols: 100, Stride: 100, Data: w}
	C := blas64.General{Rows: 50, Cols: 100, Stride: 100, Data: out}
	for b.Loop() {
		blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, A, B, 0, C)
	}
	b.ReportMetric(50*100*100*2/(b.Elapsed().Seconds()/float64(b.N))/1e9, "GFLOP/s")
}

func BenchmarkLayer2DenseRegisterBlocked(b *testing.B) {
	x, w, out := randMat(50*100, 1, 0), randMat(100*100, 2, 0), make([]float64, 50*100)
	bias := make([]float64, 100)
	for b.Loop() {
		denseTimesW(out, 50, 100, bias, x, 100, w)
	}
	b.ReportMetric(50*100*100*2/(b.Elapsed().Seconds()/float64(b.N))/1e9, "GFLOP/s")
}

// BenchmarkTrainRun measures one run's training throughput on real MNIST
// (batch 50, one thread): the figure to compare with eager PyTorch.
func BenchmarkTrainRun(b *testing.B) {
	benchRun(b, func(t *trainer) func() error {
		net := t.newNet()
		return func() error {
			_, err := t.run(b.Context(), net, 0.5, 1, nil)
			return err
		}
	})
}

// BenchmarkTrainActivationRun is BenchmarkTrainRun through
// TrainActivation's network: sigmoid(0.5*a) given as an autodiff
// function, to compare the generic trainer with the hand-written one.
func BenchmarkTrainActivationRun(b *testing.B) {
	act := func(a autodiff.Tensor) autodiff.Tensor { return a.Sigmoid(0.5) }
	benchRun(b, func(t *trainer) func() error {
		net := t.newNet()
		return func() error {
			_, err := t.runActivation(b.Context(), net, act, "benchmark", 1, nil)
			return err
		}
	})
}

// benchRun times the run that newRun makes for a trainer of one epoch over
// 5,000 MNIST images and reports training samples per second.
func benchRun(b *testing.B, newRun func(t *trainer) func() error) {
	train, err := data.MNIST(data.MNISTTrain, 0, 5000)
	if err != nil {
		b.Skip(err)
	}
	valid, _ := data.MNIST(data.MNISTTrain, ValidOffset, 50)
	cfg := Config{Epochs: 1, TrainSamples: 5000, ValidSamples: 50, Runs: 1, BatchSize: 50, Hidden: 100, LearningRate: 0.01, L2: 1e-5}
	t, err := newTrainer(cfg, train, valid)
	if err != nil {
		b.Fatal(err)
	}
	run := newRun(t)
	var busy time.Duration
	for b.Loop() {
		start := time.Now()
		if err := run(); err != nil {
			b.Fatal(err)
		}
		busy += time.Since(start)
	}
	b.ReportMetric(float64(5000*b.N)/busy.Seconds(), "samples/s")
}
