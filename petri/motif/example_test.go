package motif_test

import (
	"fmt"

	"github.com/petridish-go/petridish/petri/autodiff"
	"github.com/petridish-go/petridish/petri/motif"
	"github.com/petridish-go/petridish/petri/rng"
)

func Example() {
	ms, err := motif.ParseAll("sigmoid", []string{"0.23", "1.50", "2"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, m := range ms {
		fmt.Printf("%s motif %s\n", m.Family(), m)
	}
	_, err = motif.Parse("sigmoid", "NaN")
	fmt.Println(err)
	fmt.Println(motif.Families())
	// Output:
	// sigmoid motif 0.23
	// sigmoid motif 1.5
	// sigmoid motif 2
	// sigmoid motif "NaN" is not finite; the slope must be a finite number such as 0.23
	// [rnncell sigmoid]
}

// A family defined in a notebook cell or a script: swish(a) = a*sigmoid(b*a)
// in the hidden layers of a fully connected motif-network, b the motif.
func ExampleDefine() {
	swish, err := motif.Define(motif.Definition{
		Name:      "swish",
		NumParams: motif.MLPParams,
		NetworkLoss: func(spec motif.NetSpec, m motif.Motif, theta, x, y autodiff.Tensor) (autodiff.Tensor, error) {
			b := m.(motif.Scalar).Value
			return motif.MLPLoss(spec, theta, x, y, func(a autodiff.Tensor) autodiff.Tensor { return a.Mul(a.Sigmoid(b)) })
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	m, err := motif.Parse("swish", "1.5")
	fmt.Printf("%s motif %s (%T), %v\n", m.Family(), m, m, err)

	spec := motif.NetSpec{Inputs: 10, Hidden: []int{1, 1}, Outputs: 10, Samples: 10, InitStd: 1}
	tp := autodiff.NewTape()
	theta := tp.From(swish.InitParams(spec, rng.New(1)))
	x, y := tp.Zeros(10, 10), tp.Ones(10, 10)
	loss, err := swish.NetworkLoss(spec, m, theta, x, y)
	fmt.Printf("%d parameters; loss on zero inputs %.4f, %v\n", swish.NumParams(spec), loss.Item(), err)
	fmt.Println(motif.Families())
	// Output:
	// swish motif 1.5 (motif.Scalar), <nil>
	// 33 parameters; loss on zero inputs 0.6065, <nil>
	// [rnncell sigmoid swish]
}

// Experiment 2's motifs: recurrent cells in NAO's encoding.
func ExampleCell() {
	m, err := motif.Parse(motif.CellFamily, "0 1 0 1 1 1 3 0 4 1 4 1 5 1 1 1 7 1 1 1 1 2") // NAO's best cell
	if err != nil {
		fmt.Println(err)
		return
	}
	c := m.(motif.Cell)
	fmt.Printf("node 4 reads node %d through %v; node 11 uses %v\n", c.Prev[3], c.Act[3], c.Act[10])
	fmt.Println(len(c.Features()), "one-hot features")
	_, err = motif.ParseCell("0 1 2 1")
	fmt.Println(err)
	// Output:
	// node 4 reads node 3 through tanh; node 11 uses sigmoid
	// 110 one-hot features
	// rnncell motif "0 1 2 1" has 4 numbers; a cell is 22 integers, the (predecessor, activation) pairs of nodes 1 to 11, such as "0 1 0 1 1 1 3 0 4 1 4 1 5 1 1 1 7 1 1 1 1 2"
}
