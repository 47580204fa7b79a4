package main

import (
	"context"
	"flag"
	"fmt"
	"runtime"
	"time"

	"github.com/petridish-go/petridish/petri/data"
	"github.com/petridish-go/petridish/petri/groundtruth"
)

func init() {
	registerBench(command{name: "groundtruth", summary: "ground-truth MLP training throughput (samples/s, batch 50)", run: benchGroundtruth})
}

// benchGroundtruth prints the sigmoid-MLP training throughput of one run on
// one thread (the figure to compare with eager PyTorch on one CPU thread)
// and of a sweep training one run per core at once.
func benchGroundtruth(args []string) error {
	fs := flag.NewFlagSet("bench groundtruth", flag.ContinueOnError)
	train := fs.Int("train", 10000, "training samples per epoch")
	epochs := fs.Int("epochs", 2, "epochs per run")
	threads := fs.Int("threads", runtime.NumCPU(), "runs at once in the concurrent figure (0 to skip it)")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	cfg := groundtruth.DefaultConfig()
	cfg.TrainSamples, cfg.ValidSamples, cfg.Epochs, cfg.Runs = *train, 1000, *epochs, 1
	trainSet, err := data.MNIST(data.MNISTTrain, 0, cfg.TrainSamples)
	if err != nil {
		return err
	}
	validSet, err := data.MNIST(data.MNISTTrain, groundtruth.ValidOffset, cfg.ValidSamples)
	if err != nil {
		return err
	}
	ctx := context.Background()
	res, err := groundtruth.Train(ctx, 0.5, cfg.Seed, cfg, trainSet, validSet, nil)
	if err != nil {
		return err
	}
	fmt.Printf("groundtruth: one run, one thread, MLP 784-100-100-10, batch %d: %.0f samples/s (%d samples x %d epochs)\n",
		cfg.BatchSize, res.SamplesPerSecond, cfg.TrainSamples, cfg.Epochs)
	if *threads > 0 {
		cfg.Threads = *threads
		slopes := groundtruth.Linspace(0.25, 2, *threads)
		start := time.Now()
		if _, err := groundtruth.SigmoidOn(ctx, slopes, cfg, trainSet, validSet, nil, nil); err != nil {
			return err
		}
		total := float64(*threads * cfg.TrainSamples * cfg.Epochs)
		fmt.Printf("groundtruth: %d runs on %d threads: %.0f samples/s in all (including validation)\n",
			*threads, *threads, total/time.Since(start).Seconds())
	}
	return nil
}
