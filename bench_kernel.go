package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/petridish-go/petridish/kernel/kernelbench"
)

func init() {
	registerBench(command{name: "kernel", summary: "Jupyter execute round trip, start-up and idle memory, beside ipykernel", run: benchKernel})
}

func benchKernel(args []string) error {
	fs := flag.NewFlagSet("bench kernel", flag.ContinueOnError)
	n := fs.Int("n", 1000, "timed execute round trips per kernel")
	code := fs.String("code", "1+1", "the cell each round trip executes")
	python := fs.String("python", "/usr/bin/python3", "Python with jupyter_client (and ipykernel)")
	ipy := fs.Bool("ipykernel", true, "also measure ipykernel in the same run")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := flagAtLeast("n", *n, 1, "time at least one round trip"); err != nil {
		return err
	}
	bin, err := os.Executable()
	if err != nil {
		return fmt.Errorf("cannot find the petridish binary to measure: %w", err)
	}
	fmt.Printf("petridish bench kernel: %d round trips of %q per kernel from jupyter_client's BlockingKernelClient\n", *n, *code)
	start := time.Now()
	results, err := kernelbench.Run(context.Background(), kernelbench.Options{Binary: bin, Python: *python, N: *n, Code: *code, IPyKernel: *ipy})
	if err != nil {
		return err
	}
	kernelbench.Report(os.Stdout, results)
	p := results[0]
	fmt.Printf("targets: p50 <= half of ipykernel's; start-up %v (< 300 ms); idle RSS %.1f MB (< 80 MB)  [%v]\n",
		p.Startup.Round(time.Millisecond), float64(p.IdleRSS)/(1<<20), time.Since(start).Round(time.Second))
	return nil
}
