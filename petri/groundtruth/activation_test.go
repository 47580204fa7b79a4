package groundtruth

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/petridish-go/petridish/petri/autodiff"
)

// TestTrainActivationMatchesTrain trains with the activation sigmoid(s*a)
// given as an autodiff function and checks that the run is Train's: same
// initial weights, batches, loss and Adam, so the only differences are
// the rounding of dense autodiff products against the sparse hand-written
// ones (relative 1e-16 per operation). After 18 Adam steps the validation
// losses agree to 1e-9 relative (measured: exactly, on this data); changing the
// slope by 0.1% already moves the loss by 5e-6, and a wrong derivative,
// bias or batch order by far more.
func TestTrainActivationMatchesTrain(t *testing.T) {
	train, valid := tinySet(60, 4, 4, 1), tinySet(30, 4, 4, 2)
	for _, c := range []struct {
		slope float64
		init  float64
	}{{0.6, 0}, {1.7, 1}} {
		cfg := tinyConfig()
		cfg.InitScale = c.init
		want, err := Train(context.Background(), c.slope, 5, cfg, train, valid, nil)
		if err != nil {
			t.Fatal(err)
		}
		s := c.slope
		got, err := TrainActivation(context.Background(), func(a autodiff.Tensor) autodiff.Tensor { return a.Sigmoid(s) }, 5, cfg, train, valid, nil)
		if err != nil {
			t.Fatal(err)
		}
		e := math.Abs(got.Loss-want.Loss) / want.Loss
		t.Logf("slope %g: relative loss difference %.2g", s, e)
		if !(e < 1e-9) || got.Accuracy != want.Accuracy || got.Seed != 5 || got.Slope != 0 {
			t.Errorf("slope %g: TrainActivation loss %v accuracy %v (relative difference %.2g), Train loss %v accuracy %v", s, got.Loss, got.Accuracy, e, want.Loss, want.Accuracy)
		}
	}
	// Another activation trains to another result.
	other, err := TrainActivation(context.Background(), autodiff.Tensor.Tanh, 5, tinyConfig(), train, valid, nil)
	if err != nil {
		t.Fatal(err)
	}
	sig, _ := Train(context.Background(), 1, 5, tinyConfig(), train, valid, nil)
	if math.Abs(other.Loss-sig.Loss) < 1e-3 {
		t.Errorf("tanh and sigmoid(a) runs have the same loss %v", other.Loss)
	}
}

func TestTrainActivationErrors(t *testing.T) {
	train, valid := tinySet(60, 4, 4, 1), tinySet(30, 4, 4, 2)
	cfg := tinyConfig()
	if _, err := TrainActivation(context.Background(), nil, 1, cfg, train, valid, nil); err == nil || !strings.Contains(err.Error(), "activation is nil") {
		t.Errorf("nil activation: %v", err)
	}
	shrink := func(a autodiff.Tensor) autodiff.Tensor { return a.Slice(1, 0, 2) }
	if _, err := TrainActivation(context.Background(), shrink, 1, cfg, train, valid, nil); err == nil || !strings.Contains(err.Error(), "activation run seed 1: epoch 1: the network with this activation") {
		t.Errorf("an activation that changes the shape: %v", err)
	}
	blowUp := func(a autodiff.Tensor) autodiff.Tensor { return a.Exp().Exp().Exp() }
	if _, err := TrainActivation(context.Background(), blowUp, 1, cfg, train, valid, nil); err == nil || !strings.Contains(err.Error(), "training diverged") {
		t.Errorf("a diverging activation: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := TrainActivation(ctx, autodiff.Tensor.Tanh, 1, cfg, train, valid, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

// TestSoftmaxRowFarLogits: a label logit 1000 below the largest has
// probability 0 in float64, yet its cross-entropy is 1000, not +Inf.
func TestSoftmaxRowFarLogits(t *testing.T) {
	z := [classes]float64{1000}
	loss, ok := softmaxRow(&z, 3)
	if loss != 1000 || ok || z[0] != 1 || z[3] != 0 {
		t.Errorf("loss %v, correct %v, probabilities %v; want 1000, false, one-hot on class 0", loss, ok, z)
	}
	z = [classes]float64{0, 0, 2}
	loss, ok = softmaxRow(&z, 2)
	want := math.Log(9+math.Exp(2)) - 2 // nine logits of 0 and one of 2
	if math.Abs(loss-want) > 1e-15 || !ok {
		t.Errorf("loss %v, correct %v; want %v, true", loss, ok, want)
	}
}
