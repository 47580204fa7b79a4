package surrogate_test

import (
	"context"
	"fmt"

	"github.com/petridish-go/petridish/petri/motif"
	"github.com/petridish-go/petridish/petri/surrogate"
)

func Example() {
	// Ground truth on the paper's training range: loss rising with slope.
	var slopes, losses []float64
	for i := range 15 {
		s := 0.41 + (1.5-0.41)*float64(i)/14
		slopes = append(slopes, s)
		losses = append(losses, 0.02+0.03*s*s)
	}
	nn, err := surrogate.New(surrogate.DefaultConfig())
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, err := nn.Fit(context.Background(), motif.Slopes(slopes), losses, nil); err != nil {
		fmt.Println(err)
		return
	}
	pred, err := nn.Predict(context.Background(), motif.Slopes([]float64{0.5, 1.4}))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("slope 0.5 predicted better than 1.4: %v\n", pred[0] < pred[1])
	// Output:
	// slope 0.5 predicted better than 1.4: true
}
