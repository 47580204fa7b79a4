package autodiff_test

import (
	"fmt"

	"github.com/petridish-go/petridish/petri/autodiff"
)

// Example differentiates f(x) = sum(x^3) once and then again, through a
// gradient recorded with createGraph.
func Example() {
	tp := autodiff.NewTape()
	x := tp.From([]float64{1, 2}, 2)
	y := x.Pow(3).Sum()

	g, err := autodiff.Grad(y, []autodiff.Tensor{x}, true) // 3x^2, recorded
	if err != nil {
		fmt.Println(err)
		return
	}
	h, err := autodiff.Grad(g[0].Sum(), []autodiff.Tensor{x}, false) // 6x
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(y.Item(), g[0].Data(), h[0].Data())
	// Output: 9 [3 12] [6 12]
}

// Example_batched trains nothing but shows the shapes of a batch of two
// one-layer networks sharing their inputs.
func Example_batched() {
	tp := autodiff.NewTape()
	x := tp.From([]float64{1, 0, 0, 1, 1, 1}, 3, 2)            // 3 samples, 2 features, shared
	w := tp.From([]float64{1, 1, 2, -1}, 2, 2, 1)              // 2 networks, [in=2, out=1]
	b := tp.From([]float64{0, 0.5}, 2, 1, 1)                   // one bias per network
	z := x.MatMul(w).Add(b)                                    // [2 3 1]
	loss := z.BCEWithLogits(tp.Ones(2, 3, 1)).Mean(1, 2).Sum() // sum of per-network means
	g, _ := autodiff.Grad(loss, []autodiff.Tensor{w}, false)
	fmt.Println(z.Shape(), g[0].Shape())
	// Output: [2 3 1] [2 2 1]
}

// ExampleTape_Err shows the sticky error of a shape mismatch.
func ExampleTape_Err() {
	tp := autodiff.NewTape()
	a := tp.Zeros(2, 3)
	b := tp.Zeros(4, 5)
	c := a.MatMul(b).Exp() // MatMul fails; Exp passes the poison on
	fmt.Println(c.Valid())
	fmt.Println(tp.Err())
	// Output:
	// false
	// autodiff: MatMul [2 3] and [4 5]: inner dimensions differ (3 vs 4); the last dimension of a must equal the second-to-last of b
}
