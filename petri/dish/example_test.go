package dish_test

import (
	"context"
	"fmt"
	"math"

	"github.com/petridish-go/petridish/petri/dish"
	"github.com/petridish-go/petridish/petri/motif"
)

func Example() {
	// Toy ground truth: validation loss over sigmoid slopes, best near 0.6.
	var slopes, losses []float64
	for i := range 8 {
		s := 0.3 + 0.2*float64(i)
		slopes = append(slopes, s)
		losses = append(losses, 0.03+0.1*math.Pow(math.Log(s/0.6), 2))
	}
	cfg := dish.DefaultConfig()
	cfg.Seed = 2
	d, err := dish.New(cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	h, err := d.Train(context.Background(), motif.Slopes(slopes), losses, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("outer steps: %d\n", len(h.Loss))
	fmt.Printf("rank correlation improved: %v\n", h.FinalSpearman > h.Spearman[0])

	pred, err := d.Predict(context.Background(), motif.Slopes([]float64{0.6, 1.7}))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("slope 0.6 predicted better than 1.7: %v\n", pred[0] < pred[1])
	// Output:
	// outer steps: 80
	// rank correlation improved: true
	// slope 0.6 predicted better than 1.7: true
}
