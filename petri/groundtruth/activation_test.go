package groundtruth

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/petridish-go/petridish/petri/autodiff"
	"github.com/petridish-go/petridish/petri/motif"
	"github.com/petridish-go/petridish/petri/nn"
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
	// An activation must keep its input's shape, [BatchSize, Hidden]; the
	// error says so with both shapes, not with the next product's.
	shape := fmt.Sprintf("[%d %d]", cfg.BatchSize, cfg.Hidden)
	shrink := func(a autodiff.Tensor) autodiff.Tensor { return a.Slice(1, 0, 2) }
	sum := func(a autodiff.Tensor) autodiff.Tensor { return a.Sum(1) }
	for name, act := range map[string]nn.Activation{"slices": shrink, "sums": sum} {
		_, err := TrainActivation(context.Background(), act, 1, cfg, train, valid, nil)
		if err == nil || !strings.Contains(err.Error(), "activation run seed 1: epoch 1: the activation turned") ||
			!strings.Contains(err.Error(), "of shape "+shape+" into shape [") || !strings.Contains(err.Error(), "must keep its input's shape") {
			t.Errorf("an activation that %s: %v; want one saying it must keep the shape %s", name, err, shape)
		}
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

// swishAt is the activation of a swish motif: a*sigmoid(beta*a).
func swishAt(m motif.Motif) nn.Activation {
	b := m.(motif.Scalar).Value
	return func(a autodiff.Tensor) autodiff.Tensor { return a.Mul(a.Sigmoid(b)) }
}

// TestActivationSweep checks that a sweep's runs are TrainActivation's,
// whatever the thread count, that a store keeps them under the motifs'
// family and serves them back instead of training, and that an
// interrupted sweep resumes.
func TestActivationSweep(t *testing.T) {
	train, valid := tinySet(60, 4, 4, 1), tinySet(30, 4, 4, 2)
	ms := motif.Scalars("t-swish", []float64{0.5, 2})
	cfg := tinyConfig()
	want := make([][]float64, len(ms))
	for i, m := range ms {
		for r := range cfg.Runs {
			run, err := TrainActivation(t.Context(), swishAt(m), cfg.Seed+uint64(r), cfg, train, valid, nil)
			if err != nil {
				t.Fatal(err)
			}
			want[i] = append(want[i], run.Loss)
		}
	}
	check := func(what string, sw Sweep) {
		t.Helper()
		for i, res := range sw.Results {
			if res.Motif != ms[i].String() || res.Slope != 0 || len(res.Runs) != cfg.Runs {
				t.Errorf("%s: result %d is motif %q slope %v with %d runs", what, i, res.Motif, res.Slope, len(res.Runs))
				continue
			}
			var got []float64
			for _, run := range res.Runs {
				got = append(got, run.Loss)
			}
			if fmt.Sprint(got) != fmt.Sprint(want[i]) {
				t.Errorf("%s: motif %s losses %v, want TrainActivation's %v", what, res.Motif, got, want[i])
			}
		}
	}
	for _, threads := range []int{1, 2} {
		cfg.Threads = threads
		sw, err := ActivationSweepOn(t.Context(), ms, swishAt, cfg, train, valid, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		check(fmt.Sprintf("%d threads", threads), sw)
	}

	st := tempStore(t)
	ctx, stop := stopAfter(t, 4)
	cfg.Threads = 1
	if _, err := ActivationSweepOn(ctx, ms, swishAt, cfg, train, valid, st, stop); !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted sweep: %v", err)
	}
	stored, _ := st.Runs("t-swish", "")
	if len(stored) == 0 || len(stored) >= len(ms)*cfg.Runs {
		t.Fatalf("the interrupted sweep stored %d runs, want some but not all %d", len(stored), len(ms)*cfg.Runs)
	}
	sw, err := ActivationSweepOn(t.Context(), ms, swishAt, cfg, train, valid, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	check("resumed", sw)
	if got := sw.String(); sw.Family != "t-swish" || !strings.HasPrefix(got, "2 t-swish motifs, 4 runs on cpu") || !strings.Contains(got, "best by validation accuracy: ") {
		t.Errorf("the sweep of family %q shows %q", sw.Family, got)
	}
	if sw.Cached != len(stored) || sw.Trained != len(ms)*cfg.Runs-len(stored) {
		t.Errorf("resumed sweep: %d cached, %d trained; want %d and %d", sw.Cached, sw.Trained, len(stored), len(ms)*cfg.Runs-len(stored))
	}
	if sigmoid, _ := st.Runs(Family, ""); len(sigmoid) != 0 {
		t.Errorf("the activation sweep stored %d runs under the sigmoid family", len(sigmoid))
	}
	sw, err = ActivationSweepOn(t.Context(), ms, swishAt, cfg, train, valid, st, nil)
	if err != nil || sw.Trained != 0 || sw.Cached != len(ms)*cfg.Runs {
		t.Errorf("a repeated sweep trained %d runs (%v); want all %d from the store", sw.Trained, err, len(ms)*cfg.Runs)
	}
}

func TestActivationSweepRejects(t *testing.T) {
	train, valid := tinySet(60, 4, 4, 1), tinySet(30, 4, 4, 2)
	cfg := tinyConfig()
	cuda := cfg
	cuda.Device = DeviceCUDA
	nilFor2 := func(m motif.Motif) nn.Activation {
		if m.(motif.Scalar).Value == 2 {
			return nil
		}
		return swishAt(m)
	}
	sw := motif.Scalars("t-swish", []float64{0.5, 2})
	for _, c := range []struct {
		name string
		ms   []motif.Motif
		act  func(motif.Motif) nn.Activation
		cfg  Config
		want string
	}{
		{"no motifs", nil, swishAt, cfg, "no motifs"},
		{"nil act", sw, nil, cfg, "act is nil"},
		{"cuda", sw, swishAt, cuda, "CPU only"},
		{"sigmoid", motif.Slopes([]float64{1}), swishAt, cfg, "use Sigmoid or SigmoidOn"},
		{"two families", append(motif.Scalars("t-other", []float64{1}), sw...), swishAt, cfg, `motif 1 (0.5) is of family "t-swish"`},
		{"repeat", motif.Scalars("t-swish", []float64{1, 1}), swishAt, cfg, "motif 1 (1) repeats motif 0"},
		{"nil activation", sw, nilFor2, cfg, "no activation (nil) for motif 1 (2)"},
	} {
		if _, err := ActivationSweepOn(t.Context(), c.ms, c.act, c.cfg, train, valid, nil, nil); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one saying %q", c.name, err, c.want)
		}
	}
	// A panic in an activation, on a worker goroutine, fails the sweep.
	var xs []int
	boom := func(m motif.Motif) nn.Activation {
		return func(a autodiff.Tensor) autodiff.Tensor { _ = xs[1]; return a }
	}
	cfg.Threads = 2
	if _, err := ActivationSweepOn(t.Context(), sw, boom, cfg, train, valid, nil, nil); err == nil || !strings.Contains(err.Error(), "t-swish 0.5 run 1: panic") && !strings.Contains(err.Error(), "t-swish 2 run 1: panic") {
		t.Errorf("a panicking activation: %v", err)
	}
}

// TestActivationSweepFromDefinition sweeps a family defined with
// motif.Definition's Activation and no act: each motif's activation
// comes from the definition, the one the family's dish trains with, and
// gives the runs an explicit act gives. A nil act used to be an error.
func TestActivationSweepFromDefinition(t *testing.T) {
	if _, err := motif.Define(motif.Definition{Name: "t-defswish", Activation: func(m motif.Motif) func(autodiff.Tensor) autodiff.Tensor {
		return swishAt(m)
	}}); err != nil {
		t.Fatal(err)
	}
	train, valid := tinySet(60, 4, 4, 1), tinySet(30, 4, 4, 2)
	cfg := tinyConfig()
	ms := motif.Scalars("t-defswish", []float64{0.5, 2})
	got, err := ActivationSweepOn(t.Context(), ms, nil, cfg, train, valid, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	want, err := ActivationSweepOn(t.Context(), ms, swishAt, cfg, train, valid, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range ms {
		if got.Results[i].Loss != want.Results[i].Loss || got.Results[i].Accuracy != want.Results[i].Accuracy {
			t.Errorf("motif %s: from the definition %+v, with act %+v", ms[i], got.Results[i], want.Results[i])
		}
	}
	// A family without an Activation says how to give one.
	if _, err := ActivationSweepOn(t.Context(), motif.Scalars("t-swish-undefined", []float64{1}), nil, cfg, train, valid, nil, nil); err == nil ||
		!strings.Contains(err.Error(), `act is nil, so the activation comes from the family's definition, but motif 1 is of family "t-swish-undefined", which is not defined`) {
		t.Errorf("nil act for an undefined family: %v", err)
	}
}
