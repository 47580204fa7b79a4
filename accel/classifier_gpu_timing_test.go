package accel

import (
	"math/rand/v2"
	"testing"
	"time"
)

// TestGPUClassifierTimings prints the classifier trainer's throughput on
// the MNIST ground-truth shape, 784-100-100-10 with batch 50, for 1 and 100
// runs in flight, on each GEMM path (cuBLAS strided-batched, where cuBLAS
// loaded, and the built-in kernels); it asserts nothing about speed. Each
// measurement uploads all indices with one Steps call and synchronizes at
// the end, as an epoch of training does. In -short mode (as on the
// emulated device) it runs a tiny network for a few steps instead, to
// exercise the path.
func TestGPUClassifierTimings(t *testing.T) {
	g := cudaOrSkip(t)
	spec := ClassifierSpec{Inputs: 784, Hidden: 100, Classes: 10, Batch: 50, LR: 0.01, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, L2: 1e-5}
	n, steps, runsList := 10000, 300, []int{1, 100}
	if testing.Short() {
		spec.Inputs, spec.Hidden, spec.Batch = 20, 8, 4
		n, steps, runsList = 30, 3, []int{1, 3}
	}
	t.Logf("device: %s", g.Describe())
	paths := clfPaths
	if err := g.dev.Props().CublasErr; err != nil {
		t.Logf("no cuBLAS (%v): timing the built-in kernels only", err)
		paths = paths[1:]
	}
	rnd := rand.New(rand.NewPCG(41, 42))
	images, labels := clfData(rnd, spec, n)
	for _, runs := range runsList {
		slopes := make([]float64, runs)
		for i := range slopes {
			slopes[i] = 0.25 + 0.05*float64(i)
		}
		params := clfInit(rnd, spec, runs)
		rows := make([]int32, steps*runs*spec.Batch)
		for i := range rows {
			rows[i] = int32(rnd.IntN(n))
		}
		for _, path := range paths {
			tr, err := g.newClassifier(spec, slopes, params, path.kernels)
			if err != nil {
				t.Fatal(err)
			}
			// Warm up (compile the kernels, create the cuBLAS handle, fill
			// the pool), then time.
			err = tr.SetData(images, labels)
			if err == nil {
				err = tr.Steps(rows[:runs*spec.Batch])
			}
			if err == nil {
				err = g.dev.Synchronize()
			}
			if err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			err = tr.Steps(rows)
			if err == nil {
				err = g.dev.Synchronize()
			}
			if err != nil {
				t.Fatal(err)
			}
			dur := time.Since(start)
			perRun := float64(steps*spec.Batch) / dur.Seconds()
			t.Logf("classifier %d-%d-%d-%d batch %d, %3d runs, GEMMs on %-7s: %d steps in %8.1f ms (%7.1f µs/step): %10.0f samples/s per run, %12.0f total",
				spec.Inputs, spec.Hidden, spec.Hidden, spec.Classes, spec.Batch, runs, path.name, steps,
				float64(dur.Microseconds())/1000, float64(dur.Microseconds())/float64(steps), perRun, perRun*float64(runs))
			start = time.Now()
			if _, _, err := tr.Evaluate(images, labels); err != nil {
				t.Fatal(err)
			}
			t.Logf("  Evaluate on %d samples, %d runs, GEMMs on %s: %.1f ms (uploads included)", n, runs, path.name, float64(time.Since(start).Microseconds())/1000)
			if err := tr.Close(); err != nil {
				t.Fatal(err)
			}
		}
	}
}
