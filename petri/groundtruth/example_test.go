package groundtruth_test

import (
	"context"
	"fmt"

	"github.com/petridish-go/petridish/petri/autodiff"
	"github.com/petridish-go/petridish/petri/data"
	"github.com/petridish-go/petridish/petri/groundtruth"
	"github.com/petridish-go/petridish/petri/rng"
)

// stripes makes n 4x10 images in which class k lights up pixels 4k..4k+3.
func stripes(n int, seed uint64) data.Set {
	r := rng.New(seed)
	s := data.Set{Images: make([]float64, n*40), Labels: make([]int, n), Count: n, Rows: 4, Cols: 10}
	for i := range s.Labels {
		k := r.IntN(10)
		s.Labels[i] = k
		for p := 0; p < 4; p++ {
			s.Images[i*40+4*k+p] = 0.5 + 0.5*r.Float64()
		}
	}
	return s
}

func ExampleSigmoidOn() {
	// Real use: groundtruth.Sigmoid(ctx, slopes, cfg, st, reporter) on MNIST,
	// with st from store.Open so finished runs are kept and reused.
	cfg := groundtruth.DefaultConfig()
	cfg.Epochs, cfg.TrainSamples, cfg.ValidSamples, cfg.Runs = 30, 200, 100, 2
	cfg.BatchSize, cfg.Hidden, cfg.Seed = 20, 16, 1
	slopes := []float64{0.01, 1}
	sw, err := groundtruth.SigmoidOn(context.Background(), slopes, cfg, stripes(200, 1), stripes(100, 2), nil, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range sw.Results {
		fmt.Printf("slope %s: %d runs, validation accuracy above 0.9: %v\n", r.Motif, len(r.Runs), r.Accuracy > 0.9)
	}
	best, _ := sw.Best()
	fmt.Println("best slope:", best.Motif)
	// Output:
	// slope 0.01: 2 runs, validation accuracy above 0.9: false
	// slope 1: 2 runs, validation accuracy above 0.9: true
	// best slope: 1
}

// The ground truth of an activation motif of your own, here swish with
// beta 1, on the network and training of Experiment 1.
func ExampleTrainActivation() {
	cfg := groundtruth.DefaultConfig()
	cfg.Epochs, cfg.TrainSamples, cfg.ValidSamples = 30, 200, 100
	cfg.BatchSize, cfg.Hidden = 20, 16
	swish := func(a autodiff.Tensor) autodiff.Tensor { return a.Mul(a.Sigmoid(1)) }
	run, err := groundtruth.TrainActivation(context.Background(), swish, 1, cfg, stripes(200, 1), stripes(100, 2), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("seed %d: validation accuracy above 0.9: %v\n", run.Seed, run.Accuracy > 0.9)
	// Output:
	// seed 1: validation accuracy above 0.9: true
}
