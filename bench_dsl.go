package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"sort"
	"time"

	"github.com/petridish-go/petridish/dsl"
)

func init() {
	registerBench(command{name: "dsl", summary: "scripting language: Session start, evaluating 1+1, a cell making 10^6 compiled calls", run: benchDSL})
}

// benchDSL prints the median of several repetitions of: starting a
// Session (a fresh interpreter with every symbol table), executing the
// cell `1+1` (parse, compile, run, render the result), and executing a
// cell whose interpreted loop calls the compiled math.Sqrt n times.
func benchDSL(args []string) error {
	fs := flag.NewFlagSet("bench dsl", flag.ContinueOnError)
	reps := fs.Int("reps", 5, "repetitions of each measurement (the median is printed)")
	calls := fs.Int("calls", 1_000_000, "compiled calls made by the loop cell")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if *reps < 1 || *calls < 1 {
		return fmt.Errorf("%w: --reps and --calls must be at least 1", errUsage)
	}
	ctx := context.Background()
	var start, eval, loop []time.Duration
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
	return nil
}
