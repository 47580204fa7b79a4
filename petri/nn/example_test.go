package nn_test

import (
	"fmt"

	"github.com/petridish-go/petridish/petri/autodiff"
	"github.com/petridish-go/petridish/petri/nn"
	"github.com/petridish-go/petridish/petri/rng"
)

// Example trains a 2-8-1 tanh network on XOR with the stateful Adam.
func Example() {
	mlp, err := nn.NewMLP([]int{2, 8, 1}, []nn.Activation{nn.Tanh(), nil}, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	params := mlp.Init(rng.New(1), false)
	opt, _ := nn.NewAdam(nn.DefaultAdam(0.05))
	tp := autodiff.NewTape()
	var loss autodiff.Tensor
	for step := 0; step < 300; step++ {
		tp.Reset() // reuse the tape's memory every step
		ps := nn.Load(tp, params)
		x := tp.From([]float64{0, 0, 0, 1, 1, 0, 1, 1}, 4, 2)
		y := tp.From([]float64{0, 1, 1, 0}, 4, 1)
		loss = nn.BCEWithLogitsLoss(mlp.Forward(x, ps), y)
		g, err := autodiff.Grad(loss, ps, false)
		if err != nil {
			fmt.Println(err)
			return
		}
		if err := opt.Step(params, nn.TensorData(g)); err != nil {
			fmt.Println(err)
			return
		}
	}
	fmt.Println("loss below 0.05:", loss.Item() < 0.05)
	// Output: loss below 0.05: true
}

// ExampleAdamConfig_Update differentiates the result of three unrolled
// Adam steps with respect to the training input.
func ExampleAdamConfig_Update() {
	tp := autodiff.NewTape()
	x := tp.From([]float64{1, 2}, 1, 2)      // training input
	w := tp.From([]float64{0.5, -0.5}, 2, 1) // initial weights
	cfg := nn.DefaultAdam(0.1)
	st := cfg.Start(nil, []autodiff.Tensor{w})
	grads := make([]autodiff.Tensor, 1)
	for i := 0; i < 3; i++ {
		inner := x.MatMul(st.Params[0]).Square().Mean() // drive x.w to 0
		if err := tp.GradTo(grads, inner, st.Params, true); err != nil {
			fmt.Println(err)
			return
		}
		cfg.Update(st, grads)
	}
	outer := st.Params[0].Sum() // any function of the trained weights
	g, err := autodiff.Grad(outer, []autodiff.Tensor{x}, false)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("d(outer)/dx = %.4f\n", g[0].Data())
	// Output: d(outer)/dx = [-0.2893 0.1446]
}
