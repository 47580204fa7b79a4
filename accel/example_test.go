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
