package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math"
	"runtime"
	"sort"
	"syscall"
	"time"

	"github.com/petridish-go/petridish/petri/dish"
	"github.com/petridish-go/petridish/petri/motif"
)

func init() {
	registerBench(command{name: "dish", summary: "Synthetic Petri Dish: seconds per outer step, Predict motifs/s, peak memory", run: benchDish})
}

// benchDish trains the standard sigmoid dish on a synthetic U-shaped
// ground truth and prints the median time of one outer step (all
// motif-networks' inner loops and meta-gradients plus the update), the
// Predict throughput on 1,000 new motifs and the process's peak RSS.
func benchDish(args []string) error {
	fs := flag.NewFlagSet("bench dish", flag.ContinueOnError)
	motifs := fs.Int("motifs", 15, "training motifs (motif-networks per outer step)")
	inner := fs.Int("inner", 250, "inner Adam steps")
	samples := fs.Int("samples", 10, "synthetic samples per set")
	outer := fs.Int("outer", 20, "outer steps to time (the median is printed)")
	threads := fs.Int("threads", 0, "goroutines (0: GOMAXPROCS)")
	predictN := fs.Int("predict", 1000, "new motifs for the Predict throughput")
	path := fs.String("path", dish.PathAuto, "auto, fused or generic")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if *motifs < dish.MinTrainMotifs || *outer < 1 || *predictN < 1 {
		return fmt.Errorf("%w: need --motifs >= %d, --outer >= 1 and --predict >= 1", errUsage, dish.MinTrainMotifs)
	}
	cfg := dish.DefaultConfig()
	cfg.Inner.Steps, cfg.Net.Samples, cfg.Outer.Schedule = *inner, *samples, []int{*outer}
	cfg.Threads, cfg.Path = *threads, *path
	d, err := dish.New(cfg)
	if err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	slopes := make([]float64, *motifs)
	gt := make([]float64, *motifs)
	for i := range slopes {
		slopes[i] = 0.41 + (1.5-0.41)*float64(i)/float64(max(*motifs-1, 1))
		gt[i] = 0.03 + 0.1*math.Pow(math.Log(slopes[i]/0.25), 2)
	}
	ctx := context.Background()
	h, err := d.Train(ctx, motif.Slopes(slopes), gt, nil)
	if err != nil {
		return err
	}
	secs := append([]float64(nil), h.Seconds...)
	sort.Float64s(secs)
	median := secs[len(secs)/2]
	if len(secs)%2 == 0 {
		median = (secs[len(secs)/2-1] + secs[len(secs)/2]) / 2
	}

	news := make([]float64, *predictN)
	for i := range news {
		news[i] = 0.01 + 2*float64(i)/float64(*predictN)
	}
	start := time.Now()
	if _, err := d.Predict(ctx, motif.Slopes(news)); err != nil {
		return err
	}
	perSec := float64(*predictN) / time.Since(start).Seconds()

	var ru syscall.Rusage
	peak := math.NaN()
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		peak = float64(ru.Maxrss) / 1024 // KiB on Linux
	}
	nThreads := *threads
	if nThreads == 0 {
		nThreads = runtime.GOMAXPROCS(0)
	}
	fmt.Printf("dish: family=sigmoid net=10-1-1-10 motifs=%d inner=%d samples=%d outer=%d threads=%d path=%s s_per_outer=%.4f predict_motifs_per_s=%.0f peak_rss_mb=%.1f rank_corr=%.3f\n",
		*motifs, *inner, *samples, *outer, nThreads, *path, median, perSec, peak, h.FinalSpearman)
	return nil
}
