package search_test

import (
	"context"
	"fmt"

	"github.com/petridish-go/petridish/petri/motif"
	"github.com/petridish-go/petridish/petri/rng"
	"github.com/petridish-go/petridish/petri/search"
)

func Example() {
	// A stand-in for ground truth (which would train a language model with
	// each cell): one per node that does not use relu, plus 0.01 per node
	// of distance to the predecessor it reads. The chain of relus scores 0.
	ev := search.EvaluatorFunc(func(ctx context.Context, ms []motif.Motif) ([]float64, error) {
		losses := make([]float64, len(ms))
		for i, m := range ms {
			c := m.(motif.Cell)
			for node := range motif.CellNodes {
				if c.Act[node] != motif.CellReLU {
					losses[i]++
				}
				losses[i] += 0.01 * float64(node-int(c.Prev[node]))
			}
		}
		return losses, ctx.Err()
	})

	// The GA baseline: 40 random cells, then 6 iterations that each
	// evaluate 10 of the GA's 100 children. For Petri-dish-GA, set
	// l.Predictor = search.DishPredictor(dish.CellConfig()).
	l := search.DefaultLoop()
	l.Seed = 1
	res, err := l.Run(context.Background(), ev, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("ground-truth evaluations:", len(res.Motifs))
	fmt.Printf("best loss after the warm start %.2f, at the end %.2f\n", res.BestSoFar[0], res.BestLoss)
	fmt.Println("best cell:", res.Best)
	// Output:
	// ground-truth evaluations: 100
	// best loss after the warm start 6.25, at the end 2.25
	// best cell: 0 1 1 2 1 2 0 1 0 1 3 1 0 1 6 1 5 1 9 1 5 1
}

func ExampleGA_Propose() {
	// Four cells with ground truth; the two best (losses 3.9 and 4.2)
	// breed. Without mutation each child is a prefix of one parent
	// followed by the rest of the other.
	known := motif.RandomCells(4, rng.New(1))
	losses := []float64{5.1, 4.2, 6.3, 3.9}
	ga := search.GA{Parents: 2, Children: 3, MutationRate: 0}
	children, err := ga.Propose(context.Background(), known, losses, rng.New(2))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("parents: ", known[3])
	fmt.Println("         ", known[1])
	for _, c := range children {
		fmt.Println("child:   ", c)
	}
	// Output:
	// parents:  0 2 0 0 0 1 0 0 4 2 3 2 2 1 3 3 6 3 5 0 4 3
	//           0 3 0 1 0 2 3 3 1 3 0 1 2 1 2 2 2 2 4 2 9 2
	// child:    0 2 0 0 0 1 0 3 1 3 0 1 2 1 2 2 2 2 4 2 9 2
	// child:    0 3 0 0 0 1 0 0 4 2 3 2 2 1 3 3 6 3 5 0 4 3
	// child:    0 3 0 1 0 2 3 3 1 3 0 1 2 1 3 3 6 3 5 0 4 3
}

func ExampleNAO_Propose() {
	// 30 cells with ground truth: here the stand-in loss counts the nodes
	// that do not use relu.
	known := motif.RandomCells(30, rng.New(1))
	losses := make([]float64, len(known))
	for i, m := range known {
		for _, a := range m.(motif.Cell).Act {
			if a != motif.CellReLU {
				losses[i]++
			}
		}
	}
	// A NAO narrower than the paper's (DefaultNAO), so the example is quick.
	nao := search.DefaultNAO()
	nao.Hidden, nao.MLPLayers, nao.MLPHidden, nao.LR = 32, 2, 24, 2e-2
	nao.Children = 10
	props, err := nao.Propose(context.Background(), known, losses, rng.New(2))
	if err != nil {
		fmt.Println(err)
		return
	}
	relus := func(ms []motif.Motif) float64 {
		n := 0
		for _, m := range ms {
			for _, a := range m.(motif.Cell).Act {
				if a == motif.CellReLU {
					n++
				}
			}
		}
		return float64(n) / float64(len(ms))
	}
	fmt.Println("proposals:", len(props))
	fmt.Println("more relus per cell than the known cells:", relus(props) > relus(known)+2)
	// Output:
	// proposals: 10
	// more relus per cell than the known cells: true
}
