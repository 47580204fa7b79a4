package search

import (
	"context"
	"testing"

	"github.com/petridish-go/petridish/petri/rng"
)

// BenchmarkNAOTrainStep measures one full-batch training step of the
// paper's NAO (DefaultNAO's network) on 40 cells, the size of Algorithm
// 1's warm start; DefaultNAO takes 300 of them per Propose.
func BenchmarkNAOTrainStep(b *testing.B) {
	n := DefaultNAO()
	n.Epochs = 1
	_, cells, losses := syntheticKnown(40, 1)
	net, err := newNAONet(n.Hidden, n.MLPLayers, n.MLPHidden, rng.New(2))
	if err != nil {
		b.Fatal(err)
	}
	y := naoTargets(losses)
	r := rng.New(3)
	b.ResetTimer()
	for range b.N {
		if err := n.train(context.Background(), net, cells, y, r); err != nil {
			b.Fatal(err)
		}
	}
}
