package main

import (
	"context"
	"flag"
	"fmt"
	"math"
	"runtime"
	"sort"
	"strconv"
	"syscall"
	"time"

	"github.com/petridish-go/petridish/accel"
	"github.com/petridish-go/petridish/petri/dish"
	"github.com/petridish-go/petridish/petri/motif"
	"github.com/petridish-go/petridish/petri/rng"
)

func init() {
	registerBench(command{name: "dish", summary: "Synthetic Petri Dish: seconds per outer step, Predict motifs/s, peak memory", run: benchDish})
}

// benchDish trains the standard sigmoid dish on a synthetic U-shaped
// ground truth (or, with --family rnncell, Experiment 2's dish on random
// cells and a synthetic ground truth) and prints the median time of one outer step (all
// motif-networks' inner loops and meta-gradients plus the update), the
// Predict throughput on 1,000 new motifs and the process's peak RSS,
// with the path and device that ran them (History.Path and Device, and
// Dish.Engine for Predict): --path auto resolves against the current
// accel backend (PETRI_DEVICE).
func benchDish(args []string) error {
	fs := flag.NewFlagSet("bench dish", flag.ContinueOnError)
	family := fs.String("family", motif.SigmoidFamily, "sigmoid (Experiment 1's dish, dish.DefaultConfig) or rnncell (Experiment 2's, dish.CellConfig)")
	// The flags without a default in -h take the family's (set below).
	motifs := fs.Int("motifs", 0, "training motifs, motif-networks per outer step (default 15 for sigmoid, 40 for rnncell)")
	inner := fs.Int("inner", 0, "inner Adam steps (default 250 for sigmoid, 50 for rnncell)")
	samples := fs.Int("samples", 0, "synthetic samples per set (default 10 for sigmoid, 20 for rnncell)")
	outer := fs.Int("outer", 20, "outer steps to time (the median is printed)")
	threads := fs.Int("threads", 0, "goroutines on the CPU paths, fused and generic (0: GOMAXPROCS); the device path ignores it")
	predictN := fs.Int("predict", 1000, "new motifs for the Predict throughput")
	path := fs.String("path", dish.PathAuto, fmt.Sprintf("%s, %s, %s or %s (%s: %s when the current accel backend, %s, can run it, else %s)",
		dish.PathAuto, dish.PathFused, dish.PathGeneric, dish.PathDevice, dish.PathAuto, dish.PathDevice, accel.EnvDevice, dish.PathFused))
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *family != motif.SigmoidFamily && *family != motif.CellFamily {
		return fmt.Errorf("%w: --family %q; use %s or %s", errUsage, *family, motif.SigmoidFamily, motif.CellFamily)
	}
	cfg := dish.ConfigFor(*family)
	// The family's sizes unless the flags say otherwise.
	if !flagWasSet(fs, "motifs") {
		*motifs = 15
		if *family == motif.CellFamily {
			*motifs = 40
		}
	}
	if !flagWasSet(fs, "inner") {
		*inner = cfg.Inner.Steps
	}
	if !flagWasSet(fs, "samples") {
		*samples = cfg.Net.Samples
	}
	if *motifs < dish.MinTrainMotifs || *outer < 1 || *predictN < 1 {
		return fmt.Errorf("%w: need --motifs >= %d, --outer >= 1 and --predict >= 1", errUsage, dish.MinTrainMotifs)
	}
	cfg.Inner.Steps, cfg.Net.Samples, cfg.Outer.Schedule = *inner, *samples, []int{*outer}
	cfg.Outer.Batch = 0 // every training motif in every timed step
	cfg.Threads, cfg.Path = *threads, *path
	d, err := dish.New(cfg)
	if err != nil {
		if auto := cfg; *path == dish.PathDevice {
			auto.Path = dish.PathAuto
			if _, aerr := dish.New(auto); aerr == nil {
				return err // the flags are fine; no backend here can run the device path
			}
		}
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	ms, gt, news := benchMotifs(*family, *motifs, *predictN)
	ctx := context.Background()
	h, err := d.Train(ctx, ms, gt, nil)
	if err != nil {
		return err
	}
	secs := append([]float64(nil), h.Seconds...)
	sort.Float64s(secs)
	median := secs[len(secs)/2]
	if len(secs)%2 == 0 {
		median = (secs[len(secs)/2-1] + secs[len(secs)/2]) / 2
	}

	start := time.Now()
	if _, err := d.Predict(ctx, news); err != nil {
		return err
	}
	perSec := float64(*predictN) / time.Since(start).Seconds()
	predictPath, _, err := d.Engine()
	if err != nil {
		return err
	}

	var ru syscall.Rusage
	peak := math.NaN()
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		peak = float64(ru.Maxrss) / 1024 // KiB on Linux
	}
	nThreads := "-" // the device path trains a whole batch in one call
	if h.Path != dish.PathDevice {
		nThreads = strconv.Itoa(*threads)
		if *threads == 0 {
			nThreads = strconv.Itoa(runtime.GOMAXPROCS(0))
		}
	}
	net := "10-1-1-10"
	if *family == motif.CellFamily {
		net = fmt.Sprintf("%d-cell%d-%d/T%d", cfg.Net.Inputs, cfg.Net.Hidden[0], cfg.Net.Outputs, cfg.Net.TimeSteps)
	}
	fmt.Printf("dish: family=%s net=%s motifs=%d inner=%d samples=%d outer=%d threads=%s path=%s device=%q s_per_outer=%.4f predict_path=%s predict_motifs_per_s=%.0f peak_rss_mb=%.1f rank_corr=%.3f\n",
		*family, net, *motifs, *inner, *samples, *outer, nThreads, h.Path, h.Device, median, predictPath, perSec, peak, h.FinalSpearman)
	return nil
}

// benchMotifs returns n training motifs of family with a synthetic ground
// truth, and p new motifs to predict: for sigmoid, slopes evenly in the
// paper's training region [0.41, 1.5] with a U-shaped loss in log slope,
// and new slopes over [0.01, 2.01]; for rnncell, distinct random cells
// (seed 1) whose loss counts identity and sigmoid nodes, and new random
// cells (seed 2).
func benchMotifs(family string, n, p int) (train []motif.Motif, gt []float64, news []motif.Motif) {
	gt = make([]float64, n)
	if family == motif.CellFamily {
		train = motif.RandomCells(n, rng.New(1))
		for i, m := range train {
			for _, a := range m.(motif.Cell).Act {
				if a == motif.CellIdentity || a == motif.CellSigmoid {
					gt[i]++
				}
			}
		}
		return train, gt, motif.RandomCells(p, rng.New(2))
	}
	slopes := make([]float64, n)
	for i := range slopes {
		slopes[i] = 0.41 + (1.5-0.41)*float64(i)/float64(max(n-1, 1))
		gt[i] = 0.03 + 0.1*math.Pow(math.Log(slopes[i]/0.25), 2)
	}
	newSlopes := make([]float64, p)
	for i := range newSlopes {
		newSlopes[i] = 0.01 + 2*float64(i)/float64(p)
	}
	return motif.Slopes(slopes), gt, motif.Slopes(newSlopes)
}
