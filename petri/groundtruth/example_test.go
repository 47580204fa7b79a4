package groundtruth_test

import (
	"context"
	"fmt"
	"math"

	"github.com/petridish-go/petridish/petri/autodiff"
	"github.com/petridish-go/petridish/petri/data"
	"github.com/petridish-go/petridish/petri/groundtruth"
	"github.com/petridish-go/petridish/petri/motif"
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

// The ground truth of a recurrent cell: a language model with the cell
// inside, trained on a word corpus and scored by its validation loss.
func ExampleTrainCell() {
	// Real use: corpus, err := data.PTB() with groundtruth.DefaultPTBConfig(),
	// about 30 seconds per cell on two cores. Here a toy language whose
	// sentences "<eos> a b c" have a random first word a and b, c
	// determined by a.
	words := []string{data.EOS}
	for i := 1; i < 10; i++ {
		words = append(words, fmt.Sprint("w", i))
	}
	r := rng.New(1)
	text := func(n int) []int {
		var ids []int
		for len(ids) < n {
			a := 1 + r.IntN(9)
			ids = append(ids, 0, a, 1+a%9, 1+(a+1)%9)
		}
		return ids[:n]
	}
	corpus := &data.Corpus{Words: words, Train: text(4000), Valid: text(1000)}
	cfg := groundtruth.PTBConfig{Hidden: 16, Batch: 8, BPTT: 12, Epochs: 4, LR: 5, Clip: 0.5, InitRange: 0.3, Seed: 1}
	cell, _ := motif.ParseCell("0 1 0 1 1 1 3 0 4 1 4 1 5 1 1 1 7 1 1 1 1 2") // NAO's best
	res, err := groundtruth.TrainCell(context.Background(), cell, corpus, cfg, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	unigram, _ := groundtruth.PTBUnigramLoss(corpus, cfg)
	fmt.Printf("trained on %d tokens, scored on %d\n", res.Tokens, res.ValidTokens)
	// The best possible is 9^(1/4) = 1.73: only a is uncertain.
	fmt.Printf("validation perplexity below 2: %v (the unigram model's: %.1f)\n", res.ValidPPL < 2, math.Exp(unigram))
	// Output:
	// trained on 15968 tokens, scored on 990
	// validation perplexity below 2: true (the unigram model's: 9.2)
}
