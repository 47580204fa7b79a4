package main

import (
	"context"
	"flag"
	"fmt"
	"runtime"
	"time"

	"github.com/petridish-go/petridish/accel"
	"github.com/petridish-go/petridish/petri/data"
	"github.com/petridish-go/petridish/petri/groundtruth"
)

func init() {
	registerBench(command{name: "groundtruth", summary: "ground-truth MLP training throughput (samples/s, batch 50; CPU, and the GPU when one is selected)", run: benchGroundtruth})
}

// benchGroundtruth prints the sigmoid-MLP training throughput of one run on
// one thread (the figure to compare with eager PyTorch on one CPU thread)
// and of a sweep training one run per core at once, both on the CPU
// whatever PETRI_DEVICE says. When the current accel backend is CUDA it
// also prints the GPU's throughput with --runs-in-flight runs trained as
// one batch.
func benchGroundtruth(args []string) error {
	return withFlagNames(benchGroundtruthRun(args), benchGroundtruthFlagNames)
}

func benchGroundtruthRun(args []string) error {
	fs := flag.NewFlagSet("bench groundtruth", flag.ContinueOnError)
	train := fs.Int("train", 10000, "training samples per epoch")
	epochs := fs.Int("epochs", 2, "epochs per run")
	threads := fs.Int("threads", runtime.NumCPU(), "CPU: runs at once in the concurrent figure (0 to skip it)")
	inFlight := fs.Int("runs-in-flight", groundtruth.DefaultRunsInFlight, "GPU: runs trained at once as one batch in the GPU figure (0 to skip it)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *threads < 0 || *inFlight < 0 {
		return fmt.Errorf("%w: --threads and --runs-in-flight must be 0 (skip) or positive", errUsage)
	}
	if err := firstError(
		flagAtLeast("train", *train, 1, "use at least one training sample"),
		flagAtLeast("epochs", *epochs, 1, "train at least one epoch"),
	); err != nil {
		return err
	}
	cfg := groundtruth.DefaultConfig()
	cfg.TrainSamples, cfg.ValidSamples, cfg.Epochs, cfg.Runs = *train, 1000, *epochs, 1
	cfg.Device = groundtruth.DeviceCPU // the CPU figures, whatever PETRI_DEVICE selects
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
	fmt.Printf("groundtruth: cpu, one run, one thread, MLP 784-100-100-10, batch %d: %.0f samples/s (%d samples x %d epochs)\n",
		cfg.BatchSize, res.SamplesPerSecond, cfg.TrainSamples, cfg.Epochs)
	if *threads > 0 {
		cfg.Threads = *threads
		slopes := groundtruth.Linspace(0.25, 2, *threads)
		start := time.Now()
		if _, err := groundtruth.SigmoidOn(ctx, slopes, cfg, trainSet, validSet, nil, nil); err != nil {
			return err
		}
		total := float64(*threads * cfg.TrainSamples * cfg.Epochs)
		fmt.Printf("groundtruth: cpu, %d runs on %d threads: %.0f samples/s in all (including validation)\n",
			*threads, *threads, total/time.Since(start).Seconds())
	}
	if *inFlight == 0 {
		return nil
	}
	b, err := accel.Current()
	if err != nil {
		return err
	}
	if b.Name() != groundtruth.DeviceCUDA {
		fmt.Printf("groundtruth: gpu figure skipped: the current device is %s (%s=cuda selects a GPU)\n", b.Name(), accel.EnvDevice)
		return nil
	}
	return benchGroundtruthGPU(ctx, b, cfg, *inFlight, trainSet, validSet)
}

// benchGroundtruthGPU prints the throughput of runs sweeps of cfg trained
// as one batch on the GPU, after a short warm-up sweep that compiles the
// kernels, so the figure counts training (and validation) only.
func benchGroundtruthGPU(ctx context.Context, b accel.Backend, cfg groundtruth.Config, runs int, train, valid data.Set) error {
	cfg.Device, cfg.RunsInFlight, cfg.Runs = groundtruth.DeviceCUDA, runs, 1
	warm := cfg
	warm.Epochs, warm.TrainSamples, warm.ValidSamples = 1, min(cfg.TrainSamples, 10*cfg.BatchSize), min(cfg.ValidSamples, 100)
	if _, err := groundtruth.SigmoidOn(ctx, []float64{0.5}, warm, train, valid, nil, nil); err != nil {
		return err
	}
	slopes := groundtruth.Linspace(0.25, 2, runs)
	start := time.Now()
	sw, err := groundtruth.SigmoidOn(ctx, slopes, cfg, train, valid, nil, nil)
	if err != nil {
		return err
	}
	secs := time.Since(start).Seconds()
	perRun := float64(cfg.TrainSamples*cfg.Epochs) / secs
	fmt.Printf("groundtruth: gpu (%s, float32), %d runs in flight, batch %d: %.0f samples/s per run, %.0f samples/s in all (including validation; %s)\n",
		sw.Device, runs, cfg.BatchSize, perRun, perRun*float64(runs), b.Describe())
	return nil
}
