package dsl

import (
	"strings"
	"testing"
)

// TestMotifFamilyFromCells defines a motif family in cells, as a user
// exploring a new motif does: a buggy network loss fails the dish's
// training with the cell's panic and the session survives; after the
// function is fixed, rerunning the defining cell replaces the family and
// training works. An interpreted copy of the sigmoid family trains
// exactly as the compiled one.
func TestMotifFamilyFromCells(t *testing.T) {
	s := newSession(t)
	const define = `swish, err := motif.Define(motif.Definition{Name: "swish", NumParams: motif.MLPParams, NetworkLoss: swishLoss})
fmt.Sprint(err)`
	const train = `cfg := dish.DefaultConfig()
cfg.Family, cfg.Inner.Steps, cfg.Outer.Schedule = "swish", 20, []int{4}
d, _ := dish.New(cfg)
h, err := d.Train(ctx, motif.Scalars("swish", []float64{0.5, 1, 2, 3}), []float64{0.3, 0.2, 0.25, 0.4}, nil)
fmt.Sprintf("%s %d %v", h.Path, len(h.Loss), err)`
	mustRun(t, s, `func swishLoss(spec motif.NetSpec, m motif.Motif, theta, x, y autodiff.Tensor) (autodiff.Tensor, error) {
	b := m.(motif.Scalar).Value
	var w []float64
	if b > 2 { _ = w[2] }
	return motif.MLPLoss(spec, theta, x, y, func(a autodiff.Tensor) autodiff.Tensor { return a.Mul(a.Sigmoid(b)) })
}`)
	if res, _ := mustRun(t, s, define); text(res) != "<nil>" {
		t.Fatalf("Define: %s", text(res))
	}
	res, _ := mustRun(t, s, train)
	if got := text(res); !strings.Contains(got, "motif 3 (3): panic in the motif family's code") || !strings.Contains(got, "index out of range") {
		t.Errorf("training with a loss that panics: %q, want the panic of motif 3", got)
	}

	mustRun(t, s, `func swishLoss(spec motif.NetSpec, m motif.Motif, theta, x, y autodiff.Tensor) (autodiff.Tensor, error) {
	b := m.(motif.Scalar).Value
	return motif.MLPLoss(spec, theta, x, y, func(a autodiff.Tensor) autodiff.Tensor { return a.Mul(a.Sigmoid(b)) })
}`)
	if res, _ := mustRun(t, s, define); text(res) != "<nil>" {
		t.Fatalf("Define again: %s", text(res))
	}
	res, _ = mustRun(t, s, train)
	if got := text(res); got != "generic 4 <nil>" {
		t.Errorf("training the fixed family: %q", got)
	}

	mustRun(t, s, `motif.Define(motif.Definition{Name: "sig", NumParams: motif.MLPParams,
	NetworkLoss: func(spec motif.NetSpec, m motif.Motif, theta, x, y autodiff.Tensor) (autodiff.Tensor, error) {
		s := m.(motif.Scalar).Value
		return motif.MLPLoss(spec, theta, x, y, func(a autodiff.Tensor) autodiff.Tensor { return a.Sigmoid(s) })
	}})
func predict(family string, ms, test []motif.Motif) []float64 {
	c := dish.DefaultConfig()
	c.Family, c.Path, c.Inner.Steps, c.Outer.Schedule = family, dish.PathGeneric, 15, []int{3}
	d, err := dish.New(c)
	if err != nil { panic(err) }
	if _, err := d.Train(ctx, ms, []float64{0.5, 0.2, 0.3, 0.6}, nil); err != nil { panic(err) }
	p, err := d.Predict(ctx, test)
	if err != nil { panic(err) }
	return p
}
slopes, test := []float64{0.2, 0.6, 1.1, 1.9}, []float64{0.05, 0.9, 3}`)
	res, _ = mustRun(t, s, `fmt.Sprint(predict("sig", motif.Scalars("sig", slopes), motif.Scalars("sig", test)) ) == fmt.Sprint(predict("sigmoid", motif.Slopes(slopes), motif.Slopes(test)))`)
	if text(res) != "true" {
		t.Errorf("the interpreted sigmoid family predicts differently from the built-in one")
	}
	res, _ = mustRun(t, s, `_, err = motif.Define(motif.Definition{Name: "sigmoid", NumParams: motif.MLPParams, NetworkLoss: swishLoss})
err.Error()`)
	if !strings.Contains(text(res), "built in") {
		t.Errorf("defining a family named sigmoid: %s, want the error that it is built in", text(res))
	}

	// The family's ground truth: the paper's MNIST network with the
	// activation written in the cell; with the sigmoid it is Train's run.
	res, _ = mustRun(t, s, `train, _ := data.MNIST(data.MNISTTrain, 0, 300)
valid, _ := data.MNIST(data.MNISTTrain, groundtruth.ValidOffset, 100)
gcfg := groundtruth.DefaultConfig()
gcfg.Epochs, gcfg.TrainSamples, gcfg.ValidSamples = 2, 300, 100
run, err := groundtruth.TrainActivation(ctx, func(a autodiff.Tensor) autodiff.Tensor { return a.Sigmoid(1.5) }, 1, gcfg, train, valid, nil)
ref, _ := groundtruth.Train(ctx, 1.5, 1, gcfg, train, valid, nil)
fmt.Sprint(err, math.Abs(run.Loss-ref.Loss) < 1e-9*ref.Loss, run.Loss > 0)`)
	if text(res) != "<nil> true true" {
		t.Errorf("ground truth of an activation written in a cell: %s, want Train's run", text(res))
	}
	// A sweep of the family's motifs, two runs at a time on worker
	// goroutines that call the activation written in the cell.
	res, _ = mustRun(t, s, `gcfg.Runs, gcfg.Threads, gcfg.InitScale = 2, 2, 0
sw, err := groundtruth.ActivationSweepOn(ctx, motif.Scalars("swish", []float64{0.5, 1.5}), func(m motif.Motif) nn.Activation {
	b := m.(motif.Scalar).Value
	return func(a autodiff.Tensor) autodiff.Tensor { return a.Mul(a.Sigmoid(b)) }
}, gcfg, train, valid, nil, nil)
fmt.Sprint(err, " ", sw.Trained, " ", sw.Results[1].Motif, " ", sw.Results[1].Loss > 0)`)
	if text(res) != "<nil> 4 1.5 true" {
		t.Errorf("a sweep of an activation written in a cell: %s", text(res))
	}

	// A family of motifs of a cell type, with a Parse of its own: the
	// activation chosen by name.
	mustRun(t, s, `type Act string

func (Act) Family() string   { return "act" }
func (a Act) String() string { return string(a) }

acts := map[string]nn.Activation{"tanh": autodiff.Tensor.Tanh, "relu": autodiff.Tensor.ReLU,
	"swish": func(a autodiff.Tensor) autodiff.Tensor { return a.Mul(a.Sigmoid(1)) }}
_, err = motif.Define(motif.Definition{Name: "act", NumParams: motif.MLPParams,
	Parse: func(text string) (motif.Motif, error) {
		if acts[text] == nil {
			return nil, fmt.Errorf("no activation %q", text)
		}
		return Act(text), nil
	},
	NetworkLoss: func(spec motif.NetSpec, m motif.Motif, theta, x, y autodiff.Tensor) (autodiff.Tensor, error) {
		return motif.MLPLoss(spec, theta, x, y, acts[string(m.(Act))])
	}})
if err != nil {
	panic(err)
}`)
	res, _ = mustRun(t, s, `acfg := dish.DefaultConfig()
acfg.Family, acfg.Inner.Steps, acfg.Outer.Schedule = "act", 20, []int{3}
ad, _ := dish.New(acfg)
_, err = ad.Train(ctx, []motif.Motif{Act("tanh"), Act("relu"), Act("swish")}, []float64{0.1, 0.3, 0.2}, nil)
guesses, perr := ad.Predict(ctx, []motif.Motif{Act("swish")})
_, bad := motif.Parse("act", "gelu")
fmt.Sprint(err, " ", perr, " ", len(guesses), " ", bad)`)
	if text(res) != `<nil> <nil> 1 no activation "gelu"` {
		t.Errorf("a family of motifs of a cell type: %s", text(res))
	}
}

// TestCellMotifTypeFeatures: a motif type declared in a cell reaches
// compiled code without its Features method, so the NN surrogate cannot
// fit it until the family's Definition gives Features; its error says so,
// and with the field the surrogate fits and predicts the cell's motifs.
func TestCellMotifTypeFeatures(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, `type pair struct{ A, B float64 }

func (p pair) Family() string      { return "pair" }
func (p pair) String() string      { return fmt.Sprintf("%g,%g", p.A, p.B) }
func (p pair) Features() []float64 { return []float64{p.A, p.B} }

def := motif.Definition{Name: "pair", NumParams: motif.MLPParams,
	NetworkLoss: func(spec motif.NetSpec, m motif.Motif, theta, x, y autodiff.Tensor) (autodiff.Tensor, error) {
		p := m.(pair)
		return motif.MLPLoss(spec, theta, x, y, func(a autodiff.Tensor) autodiff.Tensor { return a.Mul(a.Sigmoid(p.A)).Add(a.Scale(p.B)) })
	},
	Parse: func(text string) (motif.Motif, error) {
		var p pair
		_, err := fmt.Sscanf(text, "%g,%g", &p.A, &p.B)
		return p, err
	}}
var ms []motif.Motif
var gt []float64
for _, a := range []float64{0.5, 1, 2} {
	for _, b := range []float64{0, 0.2} {
		ms, gt = append(ms, pair{a, b}), append(gt, (a-1)*(a-1)+b)
	}
}
_, err := motif.Define(def)
sur, _ := surrogate.New(surrogate.DefaultConfig())
_, err = sur.Fit(ctx, ms, gt, nil)
fmt.Sprint(err)`)
	res, _ := mustRun(t, s, `fmt.Sprint(err)`)
	if got := text(res); !strings.Contains(got, "Definition a Features function") {
		t.Errorf("fitting the surrogate on a cell's motif type without Definition.Features: %q, want an error naming the field", got)
	}
	res, _ = mustRun(t, s, `def.Features = func(m motif.Motif) []float64 { return m.(pair).Features() }
_, err = motif.Define(def)
_, err = sur.Fit(ctx, ms, gt, nil)
p, perr := sur.Predict(ctx, []motif.Motif{pair{1.5, 0.1}})
fmt.Sprint(err, " ", perr, " ", len(p))`)
	if got := text(res); got != "<nil> <nil> 1" {
		t.Errorf("the surrogate on a cell's motif type with Definition.Features: %q", got)
	}
}

// TestMotifFamilyFollowsRedefinedHelper checks that a family defined in
// a cell calls the new definition of a function its network loss calls,
// redefined in a later cell without running motif.Define again: the
// family kept the old loss, which called the old helper.
func TestMotifFamilyFollowsRedefinedHelper(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, `func act(a autodiff.Tensor, b float64) autodiff.Tensor { return a.Mul(a.Sigmoid(b)) }
func swishLoss(spec motif.NetSpec, m motif.Motif, theta, x, y autodiff.Tensor) (autodiff.Tensor, error) {
	b := m.(motif.Scalar).Value
	return motif.MLPLoss(spec, theta, x, y, func(a autodiff.Tensor) autodiff.Tensor { return act(a, b) })
}
_, err := motif.Define(motif.Definition{Name: "swish3", NumParams: motif.MLPParams, NetworkLoss: swishLoss})
err`)
	// The dish's workers call act at once: an atomic count.
	mustRun(t, s, "var calls atomic.Int64\nfunc act(a autodiff.Tensor, b float64) autodiff.Tensor { calls.Add(1); return a.Mul(a.Sigmoid(b)) }")
	res, _ := mustRun(t, s, `cfg := dish.DefaultConfig()
cfg.Family, cfg.Inner.Steps, cfg.Outer.Schedule = "swish3", 5, []int{2}
d, _ := dish.New(cfg)
_, err = d.Train(ctx, motif.Scalars("swish3", []float64{0.5, 1, 2}), []float64{0.3, 0.2, 0.25}, nil)
fmt.Sprint(err, " ", calls.Load() > 0)`)
	if got := text(res); got != "<nil> true" {
		t.Errorf("training after act was redefined: %q, want no error and calls of the new act", got)
	}
}

// TestTwoNumberMotifFromCells is the researcher's path for a motif of two
// numbers declared in cells: a family defined by its Activation alone,
// its ground truth swept with the family's own activation (nil act), and
// a search of it with MotifGA (the GA with crossover, mutation and random
// motifs written in cells) and the dish of the family. Search's GA and
// Pool used to refuse every motif but a recurrent cell, and a family
// needed its activation written twice, for the dish and the ground truth.
func TestTwoNumberMotifFromCells(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, `type pair struct{ Beta, Alpha float64 }

func (p pair) Family() string { return "pair" }
func (p pair) String() string { return fmt.Sprintf("%g %g", p.Beta, p.Alpha) }

_, err := motif.Define(motif.Definition{Name: "pair",
	Activation: func(m motif.Motif) func(a autodiff.Tensor) autodiff.Tensor {
		p := m.(pair)
		return func(a autodiff.Tensor) autodiff.Tensor { return a.Mul(a.Sigmoid(p.Beta)).Add(a.Scale(p.Alpha)) }
	},
	Parse: func(s string) (motif.Motif, error) {
		var p pair
		_, err := fmt.Sscan(s, &p.Beta, &p.Alpha)
		return p, err
	}})
if err != nil {
	panic(err)
}`)
	res, _ := mustRun(t, s, `train, _ := data.MNIST(data.MNISTTrain, 0, 200)
valid, _ := data.MNIST(data.MNISTTrain, groundtruth.ValidOffset, 100)
gcfg := groundtruth.DefaultConfig()
gcfg.Epochs, gcfg.TrainSamples, gcfg.ValidSamples, gcfg.Runs, gcfg.Threads, gcfg.InitScale = 1, 200, 100, 1, 2, 0
ms := []motif.Motif{pair{1, 0}, pair{2, 0.1}}
sw, err := groundtruth.ActivationSweepOn(ctx, ms, nil, gcfg, train, valid, nil, nil)
ref, rerr := groundtruth.TrainActivation(ctx, func(a autodiff.Tensor) autodiff.Tensor { return a.Mul(a.Sigmoid(2)).Add(a.Scale(0.1)) }, gcfg.Seed, gcfg, train, valid, nil)
fmt.Sprint(err, rerr, " ", sw.Results[1].Motif, " ", sw.Results[1].Loss == ref.Loss)`)
	if got := text(res); got != "<nil> <nil> 2 0.1 true" {
		t.Errorf("sweep with the family's own activation: %s, want the run of the same activation written out", got)
	}
	res, _ = mustRun(t, s, `import "math/rand/v2"

round1 := func(x float64) float64 { return math.Round(x*10) / 10 }
ga := search.MotifGA{Parents: 4, Children: 12,
	Random:    func(r *rand.Rand) motif.Motif { return pair{round1(0.2 + 3.8*r.Float64()), round1(r.Float64())} },
	Crossover: func(a, b motif.Motif, r *rand.Rand) motif.Motif { return pair{a.(pair).Beta, b.(pair).Alpha} },
	Mutate: func(m motif.Motif, r *rand.Rand) motif.Motif {
		p := m.(pair)
		return pair{round1(max(0.1, p.Beta+0.3*r.NormFloat64())), p.Alpha}
	},
}
bowl := search.EvaluatorFunc(func(ctx context.Context, ms []motif.Motif) ([]float64, error) {
	out := make([]float64, len(ms))
	for i, m := range ms {
		p := m.(pair)
		out[i] = math.Pow(p.Beta-1.5, 2) + math.Pow(p.Alpha-0.2, 2)
	}
	return out, nil
})
pcfg := dish.ConfigFor("pair")
pcfg.Inner.Steps, pcfg.Outer.Schedule = 10, []int{2}
l := search.Loop{Init: 8, Iterations: 2, TopK: 3, Proposer: ga, Predictor: search.DishPredictor(pcfg), Seed: 1}
found, err := l.Run(ctx, bowl, nil)
fmt.Sprint(err, " ", len(found.Motifs), " ", found.Best.Family(), " ", found.BestLoss <= found.BestSoFar[0])`)
	if got := text(res); got != "<nil> 14 pair true" {
		t.Errorf("MotifGA search of a cell's pair family: %s", got)
	}
}
