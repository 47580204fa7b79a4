package accel_test

import (
	"fmt"

	"github.com/petridish-go/petridish/accel"
)

// Select picks a backend by name; Default would read PETRI_DEVICE. Every
// backend runs the same operations on row-major float64 slices.
func ExampleSelect() {
	b, err := accel.Select("cpu")
	if err != nil {
		fmt.Println(err)
		return
	}
	// C (2×2) = A (2×3) · B (3×2)
	a := []float64{1, 2, 3, 4, 5, 6}
	m := []float64{1, 0, 0, 1, 1, 1}
	c := make([]float64, 4)
	if err := b.Gemm(accel.GemmSpec{M: 2, N: 2, K: 3, Alpha: 1}, a, m, c); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(b.Name(), c)

	y := make([]float64, 3)
	_ = b.SigmoidSlope(2, []float64{-1, 0, 1}, y)
	fmt.Printf("%.4f\n", y)

	_, err = accel.Select("gpu")
	fmt.Println(err)
	// Output:
	// cpu [4 5 10 11]
	// [0.1192 0.5000 0.8808]
	// accel: unknown device "gpu"; valid devices are auto, cpu, cuda
}

// UnrolledMLPs trains a batch of sigmoid-slope motif-networks through the
// whole inner loop (here the paper's 10-1-1-10 network, 250 Adam steps)
// and returns each one's validation loss and its gradient with respect to
// the synthetic inputs. Only the CUDA backend has it, so the example is not
// run in tests.
func ExampleUnrolledMLPs() {
	b, err := accel.Select("auto")
	if err != nil {
		fmt.Println(err)
		return
	}
	u, ok := b.(accel.UnrolledMLPs)
	if !ok {
		fmt.Println("the", b.Name(), "backend cannot train unrolled MLPs; use petri's CPU path")
		return
	}
	spec := accel.UnrolledMLPSpec{Dims: []int{10, 1, 1, 10}, Samples: 10, Steps: 250,
		LR: 0.01, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, WeightDecay: 1e-5}
	slopes := []float64{0.1, 0.5, 1, 2}
	theta0 := make([]float64, spec.NumParams()) // in the dish: small random weights
	for i := range theta0 {
		theta0[i] = 0.1 * float64(i%7-3)
	}
	xTrain := make([]float64, spec.InputLen())
	for i := range xTrain {
		xTrain[i] = float64(i%5) - 2
	}
	xValid := append([]float64(nil), xTrain...)
	labels := make([]float64, spec.LabelLen())
	for i := range labels {
		labels[i] = float64(i % 2)
	}
	scores := make([]float64, len(slopes))
	gradTrain := make([]float64, len(slopes)*spec.InputLen())
	gradValid := make([]float64, len(slopes)*spec.InputLen())
	if err := u.ScoreGradMLPs(spec, slopes, theta0, xTrain, xValid, labels, scores, gradTrain, gradValid); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("validation losses %.4f\n", scores)
}
