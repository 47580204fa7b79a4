package motif

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/petridish-go/petridish/petri/autodiff"
	"github.com/petridish-go/petridish/petri/rng"
)

// define registers d for the test and removes it afterwards, so that the
// registry (and the package Example, which lists it) is left as it was.
func define(t *testing.T, d Definition) Family {
	t.Helper()
	f, err := Define(d)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		regMu.Lock()
		delete(registry, d.Name)
		regMu.Unlock()
	})
	return f
}

// swishLoss is the fully connected network with swish(a) = a*sigmoid(b*a),
// b the motif's value.
func swishLoss(spec NetSpec, m Motif, theta, x, y autodiff.Tensor) (autodiff.Tensor, error) {
	b := m.(Scalar).Value
	return MLPLoss(spec, theta, x, y, func(a autodiff.Tensor) autodiff.Tensor { return a.Mul(a.Sigmoid(b)) })
}

func TestDefineRejects(t *testing.T) {
	for _, c := range []struct {
		d    Definition
		want string
	}{
		{Definition{NumParams: MLPParams, NetworkLoss: swishLoss}, "no Name"},
		{Definition{Name: " swish", NumParams: MLPParams, NetworkLoss: swishLoss}, "plain name"},
		{Definition{Name: "a,b", NumParams: MLPParams, NetworkLoss: swishLoss}, "plain name"},
		{Definition{Name: "swish", NetworkLoss: swishLoss}, "no NumParams"},
		{Definition{Name: "swish", NumParams: MLPParams}, "no NetworkLoss"},
		{Definition{Name: SigmoidFamily, NumParams: MLPParams, NetworkLoss: swishLoss}, "built in"},
	} {
		if _, err := Define(c.d); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Define(%q) error %v, want one saying %q", c.d.Name, err, c.want)
		}
	}
	if _, err := Lookup("swish"); err == nil {
		t.Error("a rejected definition was registered")
	}
	if f, _ := Lookup(SigmoidFamily); f != (sigmoidFamily{}) {
		t.Errorf("the built-in sigmoid family was replaced by %T", f)
	}
}

func TestDefineAgainReplaces(t *testing.T) {
	define(t, Definition{Name: "t-swish", NumParams: func(NetSpec) int { return 1 }, NetworkLoss: swishLoss})
	f2 := define(t, Definition{Name: "t-swish", NumParams: MLPParams, NetworkLoss: swishLoss})
	got, err := Lookup("t-swish")
	if err != nil {
		t.Fatal(err)
	}
	spec := NetSpec{Inputs: 10, Hidden: []int{1, 1}, Outputs: 10, Samples: 10, InitStd: 1}
	if n := got.NumParams(spec); n != 33 || f2.NumParams(spec) != 33 {
		t.Errorf("after the second Define the family has %d parameters, want the new definition's 33", n)
	}
	if c := strings.Count(strings.Join(Families(), " "), "t-swish"); c != 1 {
		t.Errorf("Families() = %v, want t-swish once", Families())
	}
}

func TestDefinedDefaults(t *testing.T) {
	f := define(t, Definition{Name: "t-swish", NumParams: MLPParams, NetworkLoss: swishLoss})
	m, err := Parse("t-swish", " 0.50 ")
	if err != nil {
		t.Fatal(err)
	}
	if m != (Scalar{Of: "t-swish", Value: 0.5}) || m.String() != "0.5" || m.Family() != "t-swish" {
		t.Errorf("Parse(0.50) = %#v (%s), want Scalar{t-swish, 0.5}", m, m)
	}
	if err := Check(f, Scalars("t-swish", []float64{0.1, 1.5, -2})); err != nil {
		t.Errorf("Check of the family's own Scalars: %v", err)
	}
	for _, text := range []string{"", "beta", "NaN", "-Inf"} {
		if _, err := f.Parse(text); err == nil || !strings.Contains(err.Error(), "t-swish motif") {
			t.Errorf("Parse(%q) error %v, want one naming the family", text, err)
		}
	}
	spec := NetSpec{Inputs: 3, Hidden: []int{2}, Outputs: 2, Samples: 4, InitStd: 0.7, TimeSteps: 5}
	if err := f.CheckNet(spec); err != nil {
		t.Errorf("CheckNet without a definition's CheckNet: %v", err)
	}
	sig, _ := Lookup(SigmoidFamily)
	for fam, want := range map[Family]string{f: `motif family "t-swish" (defined with motif.Define; motif.Scalar motifs`, sig: `motif family "sigmoid" (built in`} {
		if got := fmt.Sprint(fam); !strings.HasPrefix(got, want) {
			t.Errorf("a family shows as %q, want it to start %q", got, want)
		}
	}
	a, b := f.InitParams(spec, rng.New(9)), sig.InitParams(spec, rng.New(9))
	if len(a) != MLPParams(spec) || relErr(a, b) != 0 {
		t.Errorf("default InitParams %v, want the sigmoid family's draw %v", a, b)
	}
}

func TestDefinedUsesItsFunctions(t *testing.T) {
	var calls []string
	f := define(t, Definition{
		Name:      "t-custom",
		NumParams: func(NetSpec) int { calls = append(calls, "NumParams"); return 2 },
		NetworkLoss: func(NetSpec, Motif, autodiff.Tensor, autodiff.Tensor, autodiff.Tensor) (autodiff.Tensor, error) {
			calls = append(calls, "NetworkLoss")
			return autodiff.Tensor{}, nil
		},
		Parse:      func(string) (Motif, error) { calls = append(calls, "Parse"); return Scalar{Of: "t-custom"}, nil },
		CheckNet:   func(NetSpec) error { calls = append(calls, "CheckNet"); return nil },
		InitParams: func(NetSpec, *rand.Rand) []float64 { calls = append(calls, "InitParams"); return nil },
	})
	spec := NetSpec{}
	f.Parse("x")
	f.CheckNet(spec)
	f.NumParams(spec)
	f.InitParams(spec, nil)
	f.NetworkLoss(spec, nil, autodiff.Tensor{}, autodiff.Tensor{}, autodiff.Tensor{})
	if got := strings.Join(calls, " "); got != "Parse CheckNet NumParams InitParams NetworkLoss" {
		t.Errorf("calls %q, want each of the definition's functions once", got)
	}
}

// TestMLPLossGradient checks MLPLoss with a non-sigmoid activation
// against finite differences in theta and in x (fivePoint's tolerance).
func TestMLPLossGradient(t *testing.T) {
	p, x, _ := testProblem(t, []int{3, 2}, 1, 5)
	m := Scalar{Of: "t-swish", Value: 1.7}
	loss := func(theta, xs []float64) (float64, []float64, []float64) {
		tp := autodiff.NewTape()
		th, xt := tp.From(theta), tp.From(xs, p.Net.Samples, p.Net.Inputs)
		l, err := swishLoss(p.Net, m, th, xt, tp.From(p.Labels, p.Net.Samples, p.Net.Outputs))
		if err != nil {
			t.Fatal(err)
		}
		g, err := autodiff.Grad(l, []autodiff.Tensor{th, xt}, false)
		if err != nil {
			t.Fatal(err)
		}
		return l.Item(), g[0].Data(), g[1].Data()
	}
	_, gT, gX := loss(p.Theta0, x)
	for _, c := range []struct {
		name string
		v    []float64
		g    []float64
	}{{"theta", p.Theta0, gT}, {"x", x, gX}} {
		num := make([]float64, len(c.v))
		for i := range c.v {
			old := c.v[i]
			num[i] = fivePoint(func(h float64) float64 {
				c.v[i] = old + h
				l, _, _ := loss(p.Theta0, x)
				return l
			}, 1e-3)
			c.v[i] = old
		}
		if e := relErr(c.g, num); !(e < 1e-8) {
			t.Errorf("MLPLoss gradient in %s: relative error %.3g against finite differences", c.name, e)
		}
	}
}

func TestMLPLossRejects(t *testing.T) {
	spec := NetSpec{Inputs: 2, Hidden: []int{2}, Outputs: 1, Samples: 3, InitStd: 1}
	tp := autodiff.NewTape()
	x, y := tp.Zeros(3, 2), tp.Zeros(3, 1)
	id := func(a autodiff.Tensor) autodiff.Tensor { return a }
	if _, err := MLPLoss(spec, tp.Zeros(MLPParams(spec)+1), x, y, id); err == nil || !strings.Contains(err.Error(), "has 9 parameters") {
		t.Errorf("theta one too long: error %v, want the parameter count", err)
	}
	seq := spec
	seq.TimeSteps = 4
	if _, err := MLPLoss(seq, tp.Zeros(MLPParams(spec)), x, y, id); err == nil || !strings.Contains(err.Error(), "time_steps") {
		t.Errorf("a sequence spec: error %v, want one about time_steps", err)
	}
	sum := func(a autodiff.Tensor) autodiff.Tensor { return a.Sum(1) }
	if _, err := MLPLoss(spec, tp.Zeros(MLPParams(spec)), x, y, sum); err == nil || !strings.Contains(err.Error(), "shape [3 2] into shape [3]; it must keep its input's shape") {
		t.Errorf("an activation that sums: error %v, want one saying it must keep its input's shape [3 2]", err)
	}
	l, err := MLPLoss(spec, tp.Zeros(MLPParams(spec)), x, y, id)
	if err != nil || math.Abs(l.Item()-math.Ln2) > 1e-15 {
		t.Errorf("all-zero network: loss %v (%v), want ln 2", l.Item(), err)
	}
}

// pairMotif is a motif type that, like one declared in a notebook cell and
// handed to compiled code, shows only the Motif methods.
type pairMotif struct{ a, b float64 }

func (p pairMotif) Family() string { return "t-pair" }
func (p pairMotif) String() string { return fmt.Sprintf("%g,%g", p.a, p.b) }

// TestFeaturesFromTheDefinition checks Features: a family made by Define
// gives its motifs' features through Definition.Features; without it a
// motif that is no Featurer has none, and the error names the
// Definition's Features field; Scalars and built-in motifs keep their own.
func TestFeaturesFromTheDefinition(t *testing.T) {
	d := Definition{Name: "t-pair", NumParams: MLPParams, NetworkLoss: swishLoss,
		Parse: func(string) (Motif, error) { return pairMotif{}, nil }}
	define(t, d)
	if _, err := Features(pairMotif{1, 2}); err == nil || !strings.Contains(err.Error(), "Definition a Features function") {
		t.Errorf("Features of a motif whose family has no Features: error %v, want one naming Definition.Features", err)
	}
	d.Features = func(m Motif) []float64 { p := m.(pairMotif); return []float64{p.a, p.b} }
	define(t, d)
	if v, err := Features(pairMotif{1, 2}); err != nil || fmt.Sprint(v) != "[1 2]" {
		t.Errorf("Features with Definition.Features = %v, %v; want [1 2]", v, err)
	}
	define(t, Definition{Name: "t-swish", NumParams: MLPParams, NetworkLoss: swishLoss})
	for _, m := range []Motif{Scalar{Of: "t-swish", Value: 0.5}, Sigmoid(0.5)} {
		if v, err := Features(m); err != nil || fmt.Sprint(v) != "[0.5]" {
			t.Errorf("Features(%#v) = %v, %v; want [0.5]", m, v, err)
		}
	}
	if _, err := Features(otherMotif{}); err == nil || !strings.Contains(err.Error(), "Featurer") {
		t.Errorf("Features of a motif of an unknown family: error %v, want one naming Featurer", err)
	}
}
