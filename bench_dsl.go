package main

import (
	"context"
	"flag"
	"fmt"
	"sort"
	"time"

	"github.com/petridish-go/petridish/dsl"
)

func init() {
	registerBench(command{name: "dsl", summary: "scripting language: Session start, evaluating 1+1, a cell making 10^6 compiled calls, one making 10^6 calls of its own func, a dish of a motif family defined in a cell", run: benchDSL})
}

// benchDSL prints the median of several repetitions of: starting a
// Session (a fresh interpreter with every symbol table), executing the
// cell `1+1` (parse, compile, run, render the result), and executing a
// cell whose interpreted loop calls the compiled math.Sqrt n times, one
// whose loop calls a func of the cell n times, and training a dish of a motif family defined in a cell (the sigmoid
// network again, its loss interpreted) on one goroutine, beside the same
// training of the built-in sigmoid family on the same generic path, both
// reported per motif per inner step.
func benchDSL(args []string) error {
	fs := flag.NewFlagSet("bench dsl", flag.ContinueOnError)
	reps := fs.Int("reps", 5, "repetitions of each measurement (the median is printed)")
	calls := fs.Int("calls", 1_000_000, "compiled calls made by the loop cell")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *reps < 1 || *calls < 1 {
		return fmt.Errorf("%w: --reps and --calls must be at least 1", errUsage)
	}
	// Measure the interpreter as run, exec and kernel run it: with their
	// GC ballast (unless GOGC or GOMEMLIMIT is set; GOGC=100 measures
	// without it).
	reserveGCBallast()
	ctx := context.Background()
	var start, eval, loop, interpreted, family, builtin []time.Duration
	for r := 0; r < *reps; r++ {
		t0 := time.Now()
		s, err := dsl.New(dsl.Options{})
		if err != nil {
			return err
		}
		start = append(start, time.Since(t0))

		t0 = time.Now()
		res, err := s.Execute(ctx, "1+1", dsl.DiscardOutput{})
		eval = append(eval, time.Since(t0))
		if err != nil || res.Data["text/plain"] != "2" {
			s.Close()
			return fmt.Errorf("1+1 gave %v, %v", res, err)
		}

		cell := fmt.Sprintf("sum := 0.0\nfor i := 0; i < %d; i++ {\n\tsum += math.Sqrt(float64(i))\n}\nsum", *calls)
		t0 = time.Now()
		_, err = s.Execute(ctx, cell, dsl.DiscardOutput{})
		loop = append(loop, time.Since(t0))
		if err == nil {
			cell = fmt.Sprintf("func inc(x int) int { return x + 1 }\nn := 0\nfor i := 0; i < %d; i++ {\n\tn = inc(n)\n}\nn", *calls)
			t0 = time.Now()
			res, err = s.Execute(ctx, cell, dsl.DiscardOutput{})
			interpreted = append(interpreted, time.Since(t0))
			if err == nil && res.Data["text/plain"] != fmt.Sprint(*calls) {
				err = fmt.Errorf("the interpreted calls' cell gave %v", res.Data["text/plain"])
			}
		}
		if err == nil {
			var d, b time.Duration
			d, b, err = timeDefinedFamily(ctx, s)
			family, builtin = append(family, d), append(builtin, b)
		}
		s.Close()
		if err != nil {
			return err
		}
	}
	med := func(d []time.Duration) time.Duration {
		sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
		return d[len(d)/2]
	}
	l := med(loop)
	fmt.Printf("dsl: median of %d repetitions\n", *reps)
	fmt.Printf("  session start            %10s\n", med(start).Round(time.Microsecond))
	fmt.Printf("  execute 1+1              %10s\n", med(eval).Round(time.Microsecond))
	fmt.Printf("  %d compiled calls  %10s  (%.0f ns per call, interpreted loop included)\n", *calls, l.Round(time.Millisecond), float64(l.Nanoseconds())/float64(*calls))
	ic := med(interpreted)
	fmt.Printf("  %d interpreted calls %8s  (%.0f ns per call of a cell's func, loop included; GC ballast: %t)\n", *calls, ic.Round(time.Millisecond), float64(ic.Nanoseconds())/float64(*calls), gcBallast != nil)
	perStep := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e3 / familyMotifSteps }
	f, b := med(family), med(builtin)
	fmt.Printf("  defined motif family     %10s  (%.1f µs per motif per inner step: %d motifs, %d inner steps, %d outer steps, 1 goroutine)\n",
		f.Round(time.Millisecond), perStep(f), familyMotifs, familyInner, familyOuter)
	fmt.Printf("  the same, built in       %10s  (%.1f µs: the compiled sigmoid family on the same generic path)\n", b.Round(time.Millisecond), perStep(b))
	return nil
}

// The defined-family measurement: the paper's 10-1-1-10 network and inner
// loop, with a short outer schedule.
const (
	familyMotifs     = 15
	familyInner      = 250
	familyOuter      = 2
	familyMotifSteps = familyMotifs * familyInner * familyOuter
)

// timeDefinedFamily defines, in session s, the sigmoid family again from
// functions (motif.Define, motif.MLPLoss) and returns how long training a
// dish of it takes, and how long the same training takes with the
// built-in sigmoid family on the generic path; the cells check that both
// ran on the generic path.
func timeDefinedFamily(ctx context.Context, s *dsl.Session) (defined, builtin time.Duration, err error) {
	setup := fmt.Sprintf(`motif.Define(motif.Definition{Name: "bench-sigmoid", NumParams: motif.MLPParams,
	NetworkLoss: func(spec motif.NetSpec, m motif.Motif, theta, x, y autodiff.Tensor) (autodiff.Tensor, error) {
		s := m.(motif.Scalar).Value
		return motif.MLPLoss(spec, theta, x, y, func(a autodiff.Tensor) autodiff.Tensor { return a.Sigmoid(s) })
	}})
slopes := groundtruth.Linspace(0.4, 1.5, %d)
gt := make([]float64, len(slopes))
for i, s := range slopes {
	gt[i] = (s - 0.8) * (s - 0.8)
}
func benchDish(family string, ms []motif.Motif) string {
	cfg := dish.DefaultConfig()
	cfg.Family, cfg.Path, cfg.Threads, cfg.Inner.Steps, cfg.Outer.Schedule = family, dish.PathGeneric, 1, %d, []int{%d}
	d, err := dish.New(cfg)
	if err != nil {
		panic(err)
	}
	h, err := d.Train(ctx, ms, gt, nil)
	if err != nil {
		panic(err)
	}
	return h.Path
}`, familyMotifs, familyInner, familyOuter)
	if _, err := s.Execute(ctx, setup, dsl.DiscardOutput{}); err != nil {
		return 0, 0, fmt.Errorf("defining the benchmark's motif family: %w", err)
	}
	train := func(cell string) (time.Duration, error) {
		t0 := time.Now()
		res, err := s.Execute(ctx, cell, dsl.DiscardOutput{})
		el := time.Since(t0)
		if err != nil {
			return 0, fmt.Errorf("training the benchmark's dish: %w", err)
		}
		if path := res.Data["text/plain"]; path != "generic" {
			return 0, fmt.Errorf("the benchmark's dish trained on path %v, want generic", path)
		}
		return el, nil
	}
	if defined, err = train(`benchDish("bench-sigmoid", motif.Scalars("bench-sigmoid", slopes))`); err != nil {
		return 0, 0, err
	}
	builtin, err = train(`benchDish("sigmoid", motif.Slopes(slopes))`)
	return defined, builtin, err
}
