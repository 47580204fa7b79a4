package dish

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/petridish-go/petridish/petri/autodiff"
	"github.com/petridish-go/petridish/petri/motif"
)

// defineMLPFamily registers, for the test, a family whose motifs are
// motif.Scalars and whose network is motif.MLPLoss with the hidden
// activation act(a, v), v the motif's value. The name stays registered
// afterwards (the registry has no removal); tests use names of their own.
func defineMLPFamily(t *testing.T, name string, act func(a autodiff.Tensor, v float64) autodiff.Tensor) {
	t.Helper()
	_, err := motif.Define(motif.Definition{
		Name:      name,
		NumParams: motif.MLPParams,
		NetworkLoss: func(spec motif.NetSpec, m motif.Motif, theta, x, y autodiff.Tensor) (autodiff.Tensor, error) {
			v := m.(motif.Scalar).Value
			return motif.MLPLoss(spec, theta, x, y, func(a autodiff.Tensor) autodiff.Tensor { return act(a, v) })
		},
	})
	if err != nil {
		t.Fatal(err)
	}
}

// sameValues reports every index where got differs from want at all.
func sameValues(t *testing.T, what string, got, want []float64) {
	t.Helper()
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("%s %d: %v, want %v", what, i, got[i], want[i])
		}
	}
}

// TestDefinedFamilyMatchesBuiltIn defines the sigmoid family again from
// functions, as a notebook cell would, and checks that a dish of it
// trains and predicts exactly as a dish of the built-in family on the
// generic path: same theta_init (the default InitParams), same network
// (MLPLoss), so every outer loss and prediction is bit-identical.
func TestDefinedFamilyMatchesBuiltIn(t *testing.T) {
	defineMLPFamily(t, "t-sigmoid", autodiff.Tensor.Sigmoid)
	s := linspace(0.3, 1.8, 6)
	test := []float64{0.1, 0.9, 2.5}
	hb, pb := trainGeneric(t, motif.SigmoidFamily, s, motif.Slopes(s), motif.Slopes(test))
	hd, pd := trainGeneric(t, "t-sigmoid", s, motif.Scalars("t-sigmoid", s), motif.Scalars("t-sigmoid", test))
	if hd.Path != PathGeneric {
		t.Errorf("the defined family trained on path %q, want %q", hd.Path, PathGeneric)
	}
	sameValues(t, "defined family's outer loss (want the built-in's)", hd.Loss, hb.Loss)
	sameValues(t, "defined family's prediction (want the built-in's)", pd, pb)
}

// TestDefinedFamilySaveLoad saves a dish of a defined family and loads it
// back: the loaded dish finds the family by name and predicts the same.
func TestDefinedFamilySaveLoad(t *testing.T) {
	defineMLPFamily(t, "t-tanh", func(a autodiff.Tensor, s float64) autodiff.Tensor { return a.Scale(s).Tanh() })
	c := smallConfig(10, 2)
	c.Family = "t-tanh"
	d := mustNew(t, c)
	s := linspace(0.3, 1.8, 5)
	if _, err := d.Train(context.Background(), motif.Scalars("t-tanh", s), uCurve(s), nil); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := d.Save(&buf); err != nil {
		t.Fatal(err)
	}
	d2, err := Load(&buf)
	if err != nil {
		t.Fatal(err)
	}
	test := motif.Scalars("t-tanh", []float64{0.1, 1, 2.5})
	p1, err1 := d.Predict(context.Background(), test)
	p2, err2 := d2.Predict(context.Background(), test)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	sameValues(t, "loaded dish's prediction (want the saved one's)", p2, p1)
}

// TestFamilyPanicIsAnError: a bug in a family's code, which runs on the
// engine's goroutines, fails Train and Predict with an error naming the
// motif; the program goes on (without the recovery this test binary
// would crash).
func TestFamilyPanicIsAnError(t *testing.T) {
	defineMLPFamily(t, "t-panics", func(a autodiff.Tensor, v float64) autodiff.Tensor {
		if v > 1 {
			var w []float64
			_ = w[3]
		}
		return a.Tanh()
	})
	ms := motif.Scalars("t-panics", []float64{0.5, 0.8, 1.2, 0.9})
	for _, threads := range []int{1, 2} {
		c := smallConfig(5, 2)
		c.Family, c.Threads = "t-panics", threads
		d := mustNew(t, c)
		_, err := d.Train(context.Background(), ms, []float64{1, 2, 3, 4}, nil)
		if err == nil || !strings.Contains(err.Error(), "motif 2 (1.2): panic in the motif family's code") || !strings.Contains(err.Error(), "index out of range") {
			t.Errorf("%d threads: Train error %v, want the panic of motif 2", threads, err)
		}
		d2 := mustNew(t, c)
		calm := []motif.Motif{ms[0], ms[1], ms[3]}
		if _, err := d2.Train(context.Background(), calm, []float64{1, 2, 4}, nil); err != nil {
			t.Fatalf("%d threads: Train on motifs that do not panic: %v", threads, err)
		}
		if _, err := d2.Predict(context.Background(), ms[1:3]); err == nil || !strings.Contains(err.Error(), "motif 1 (1.2): panic") {
			t.Errorf("%d threads: Predict error %v, want the panic of motif 1", threads, err)
		}
	}
}

// TestRedefinedFamilyLeavesEarlierDishes: defining a family again
// changes the dishes made afterwards; one made before refuses to train
// until rebound, and then trains as one made afterwards.
func TestRedefinedFamilyLeavesEarlierDishes(t *testing.T) {
	tanh := func(a autodiff.Tensor, s float64) autodiff.Tensor { return a.Scale(s).Tanh() }
	defineMLPFamily(t, "t-keep", tanh)
	defineMLPFamily(t, "t-keep-tanh", tanh)
	s := linspace(0.3, 1.8, 5)
	c := smallConfig(10, 2)
	train := func(d *Dish) History {
		h, err := d.Train(context.Background(), motif.Scalars(d.Family(), s), uCurve(s), nil)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	c.Family = "t-keep"
	early := mustNew(t, c)
	c.Family = "t-keep-tanh"
	tanhOnly := train(mustNew(t, c))
	defineMLPFamily(t, "t-keep", autodiff.Tensor.Sigmoid)
	c.Family = "t-keep"
	after := train(mustNew(t, c))
	if _, err := early.Train(context.Background(), motif.Scalars("t-keep", s), uCurve(s), nil); err == nil {
		t.Error("a dish made before the redefinition trained without Rebind")
	}
	if err := early.Rebind(); err != nil {
		t.Fatal(err)
	}
	sameValues(t, "outer loss of the dish rebound to the redefinition (want a new dish's)", train(early).Loss, after.Loss)
	if after.Loss[0] == tanhOnly.Loss[0] {
		t.Errorf("a dish made after the redefinition still trains the first definition (outer loss %v)", after.Loss[0])
	}
}

// TestDefineAgainStalesTheDish: after motif.Define runs again for a
// family, a dish made before refuses to score, predict and train (naming
// both ways out) instead of silently running the old definition; a new
// dish uses the new definition, and Rebind moves the old dish to it, or
// refuses a definition whose network does not fit the dish.
func TestDefineAgainStalesTheDish(t *testing.T) {
	ctx := context.Background()
	defineMLPFamily(t, "t-redefined", autodiff.Tensor.Sigmoid)
	c := smallConfig(10, 2)
	c.Family, c.Path, c.Threads = "t-redefined", PathGeneric, 2
	ms := motif.Scalars("t-redefined", []float64{0.3, 0.8, 1.3, 1.8})
	gt := uCurve([]float64{0.3, 0.8, 1.3, 1.8})
	d := mustNew(t, c)
	if _, err := d.Train(ctx, ms, gt, nil); err != nil {
		t.Fatal(err)
	}
	before, err := d.Scores(ctx, ms)
	if err != nil {
		t.Fatal(err)
	}
	scaled := func(a autodiff.Tensor, v float64) autodiff.Tensor { return a.Sigmoid(v).Scale(3) }
	defineMLPFamily(t, "t-redefined", scaled)
	for what, err := range map[string]error{
		"Scores":  func() error { _, err := d.Scores(ctx, ms); return err }(),
		"Predict": func() error { _, err := d.Predict(ctx, ms); return err }(),
		"Train":   func() error { _, err := d.Train(ctx, ms, gt, nil); return err }(),
		"Engine":  func() error { _, _, err := d.Engine(); return err }(),
	} {
		if err == nil || !strings.Contains(err.Error(), "defined again") || !strings.Contains(err.Error(), "dish.New") || !strings.Contains(err.Error(), "Rebind") {
			t.Errorf("%s after Define ran again: error %v, want one saying the family was defined again, naming dish.New and Rebind", what, err)
		}
	}
	fresh, err := mustNew(t, c).Scores(ctx, ms)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Rebind(); err != nil {
		t.Fatal(err)
	}
	after, err := d.Scores(ctx, ms)
	if err != nil {
		t.Fatalf("Scores after Rebind: %v", err)
	}
	if after[0] == before[0] || fresh[0] == before[0] {
		t.Errorf("scores with the old definition %v, after Rebind %v, of a new dish %v: want the new definition's", before, after, fresh)
	}
	if _, err := d.Predict(ctx, ms); err != nil {
		t.Errorf("Predict after Rebind: %v", err)
	}
	_, err = motif.Define(motif.Definition{Name: "t-redefined", NumParams: func(motif.NetSpec) int { return 3 },
		NetworkLoss: func(motif.NetSpec, motif.Motif, autodiff.Tensor, autodiff.Tensor, autodiff.Tensor) (autodiff.Tensor, error) {
			return autodiff.Tensor{}, nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Rebind(); err == nil || !strings.Contains(err.Error(), "does not fit") {
		t.Errorf("Rebind to a network with 3 parameters: error %v, want one saying it does not fit", err)
	}
	if _, err := d.Scores(ctx, ms); err == nil {
		t.Error("a failed Rebind moved the dish to the new definition")
	}
}

// TestSigmoidDishNamesSlopes trains a sigmoid dish on motif.Scalars of
// family "sigmoid", as a user of motif.Define's Scalars may write: the
// error used to say only that the motif "is not a sigmoid slope"; it
// names the motif's type and motif.Slopes, which makes slopes.
func TestSigmoidDishNamesSlopes(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Inner.Steps = 2
	cfg.Outer.Schedule = []int{1}
	d, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	_, err = d.Train(context.Background(), motif.Scalars(motif.SigmoidFamily, []float64{0.5, 1, 2, 3}), []float64{1, 2, 3, 4}, nil)
	if err == nil || !strings.Contains(err.Error(), "is a motif.Scalar, not a sigmoid slope (motif.Sigmoid); make slopes with motif.Slopes(values)") {
		t.Errorf("Train on Scalars of the sigmoid family: %v", err)
	}
}

// TestDefinedByActivationMatchesBuiltIn defines the sigmoid family again
// with only an Activation, no NumParams or NetworkLoss: the definition
// then means the fully connected network of MLPLoss, so its dish trains
// and predicts exactly as the built-in family's on the generic path.
// Define used to refuse a definition without NumParams and NetworkLoss.
func TestDefinedByActivationMatchesBuiltIn(t *testing.T) {
	_, err := motif.Define(motif.Definition{Name: "t-sigmoid-act", Activation: func(m motif.Motif) func(autodiff.Tensor) autodiff.Tensor {
		v := m.(motif.Scalar).Value
		return func(a autodiff.Tensor) autodiff.Tensor { return a.Sigmoid(v) }
	}})
	if err != nil {
		t.Fatal(err)
	}
	s := linspace(0.3, 1.8, 6)
	test := []float64{0.1, 0.9, 2.5}
	hb, pb := trainGeneric(t, motif.SigmoidFamily, s, motif.Slopes(s), motif.Slopes(test))
	hd, pd := trainGeneric(t, "t-sigmoid-act", s, motif.Scalars("t-sigmoid-act", s), motif.Scalars("t-sigmoid-act", test))
	sameValues(t, "family defined by its activation: outer loss (want the built-in's)", hd.Loss, hb.Loss)
	sameValues(t, "family defined by its activation: prediction (want the built-in's)", pd, pb)
	act, err := motif.ActivationOf(motif.Scalar{Of: "t-sigmoid-act", Value: 2})
	if err != nil {
		t.Fatal(err)
	}
	x := autodiff.NewTape().From([]float64{-1, 0, 1}, 3)
	if got, want := act(x).Data(), x.Sigmoid(2).Data(); !slices.Equal(got, want) {
		t.Errorf("ActivationOf: %v, want %v", got, want)
	}
	if _, err := motif.ActivationOf(motif.Sigmoid(1)); err == nil || !strings.Contains(err.Error(), `family "sigmoid" has no Activation`) {
		t.Errorf("ActivationOf a built-in family's motif: %v", err)
	}
	if _, err := motif.Define(motif.Definition{Name: "t-nothing"}); err == nil || !strings.Contains(err.Error(), "or only an Activation") {
		t.Errorf("a definition with neither: %v", err)
	}
}

// trainGeneric trains a small dish of family on the generic path on ms,
// the motifs of slopes s, with a U-shaped ground truth over s, and returns
// its history and its predictions for tms.
func trainGeneric(t *testing.T, family string, s []float64, ms, tms []motif.Motif) (History, []float64) {
	t.Helper()
	c := smallConfig(15, 3)
	c.Family, c.Path, c.Threads = family, PathGeneric, 2
	d := mustNew(t, c)
	h, err := d.Train(context.Background(), ms, uCurve(s), nil)
	if err != nil {
		t.Fatalf("%s: %v", family, err)
	}
	p, err := d.Predict(context.Background(), tms)
	if err != nil {
		t.Fatalf("%s: %v", family, err)
	}
	return h, p
}
