package nn

import (
	"math"
	"strings"
	"testing"

	"github.com/petridish-go/petridish/petri/autodiff"
)

func TestAdamMatchesHandComputedSteps(t *testing.T) {
	cfg := AdamConfig{LR: 0.1, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, WeightDecay: 0.01}
	a, err := NewAdam(cfg)
	if err != nil {
		t.Fatal(err)
	}
	p := []Param{{Name: "x", Shape: []int{2}, Data: []float64{1, -2}}}
	// Step 1 with g = [0.5, 0]: g' = g + 0.01x = [0.51, -0.02];
	// m = 0.1g', v = 0.001g'^2, mhat = g', vhat = g'^2, x -= 0.1*sign(g')
	// (up to eps).
	if err := a.Step(p, [][]float64{{0.5, 0}}); err != nil {
		t.Fatal(err)
	}
	want := []float64{1 - 0.1*0.51/(0.51+1e-8), -2 + 0.1*0.02/(0.02+1e-8)}
	for i := range want {
		if math.Abs(p[0].Data[i]-want[i]) > 1e-15 {
			t.Fatalf("after step 1: x = %v, want %v", p[0].Data, want)
		}
	}
	// Step 2, first coordinate, by the formula.
	x := p[0].Data[0]
	g1, g2 := 0.51, 0.3+0.01*x
	m := 0.9*0.1*g1 + 0.1*g2
	v := 0.999*0.001*g1*g1 + 0.001*g2*g2
	want0 := x - 0.1*(m/(1-0.81))/(math.Sqrt(v/(1-0.999*0.999))+1e-8)
	if err := a.Step(p, [][]float64{{0.3, 0}}); err != nil {
		t.Fatal(err)
	}
	if math.Abs(p[0].Data[0]-want0) > 1e-15 || a.Steps() != 2 {
		t.Fatalf("after step 2: x0 = %v, want %v (steps %d)", p[0].Data[0], want0, a.Steps())
	}
}

func TestAdamVInitEps4KeepsZeroGradientFinite(t *testing.T) {
	// With v0 = 0 a zero gradient gives sqrt(0) whose derivative is
	// infinite; with v0 = eps^4 the differentiable step stays finite.
	for _, eps4 := range []bool{false, true} {
		cfg := DefaultAdam(0.1)
		cfg.VInitEps4 = eps4
		tp := autodiff.NewTape()
		x := tp.From([]float64{1}, 1)
		w := tp.From([]float64{0}, 1)
		s := cfg.Start(nil, []autodiff.Tensor{x})
		g := x.Mul(w) // zero gradient that depends on w
		cfg.Update(s, []autodiff.Tensor{g})
		gs, err := autodiff.Grad(s.Params[0].Sum(), []autodiff.Tensor{w}, false)
		if err != nil {
			t.Fatal(err)
		}
		d := gs[0].Data()[0]
		if finite := !math.IsNaN(d) && !math.IsInf(d, 0); finite != eps4 {
			t.Errorf("VInitEps4=%v: d x1/d w = %v; want finite only with VInitEps4", eps4, d)
		}
	}
}

func TestDifferentiableAdamMatchesStatefulAdam(t *testing.T) {
	cfg := DefaultAdam(0.05)
	cfg.WeightDecay = 1e-3
	cfg.VInitEps4 = true
	mlp, err := NewMLP([]int{3, 4, 2}, []Activation{Tanh(), nil}, 2)
	if err != nil {
		t.Fatal(err)
	}
	r := newRandT(t)
	theta := mlp.Init(r, false)
	x, y := normals(r, 5*3), normals(r, 5*2)
	stateful := CloneParams(theta)
	opt, _ := NewAdam(cfg)

	tp := autodiff.NewTape()
	st := cfg.Start(nil, Load(tp, theta))
	X, Y := tp.From(x, 5, 3), tp.From(y, 5, 2)
	for step := 0; step < 5; step++ {
		loss := BatchLoss(mlp.Forward(X, st.Params).SquaredError(Y))
		g, err := autodiff.Grad(loss, st.Params, true)
		if err != nil {
			t.Fatal(err)
		}
		cfg.Update(st, g)

		tp2 := autodiff.NewTape()
		ps := Load(tp2, stateful)
		l2 := BatchLoss(mlp.Forward(tp2.From(x, 5, 3), ps).SquaredError(tp2.From(y, 5, 2)))
		g2, err := autodiff.Grad(l2, ps, false)
		if err != nil {
			t.Fatal(err)
		}
		if err := opt.Step(stateful, TensorData(g2)); err != nil {
			t.Fatal(err)
		}
	}
	for i, p := range stateful {
		got := st.Params[i].Data()
		for k := range got {
			if math.Abs(got[k]-p.Data[k]) > 1e-13 {
				t.Fatalf("param %s[%d]: differentiable %v, stateful %v", p.Name, k, got[k], p.Data[k])
			}
		}
	}
}

func TestSGDFormsAgree(t *testing.T) {
	cfg := SGDConfig{LR: 0.5, WeightDecay: 0.1}
	s, err := NewSGD(cfg)
	if err != nil {
		t.Fatal(err)
	}
	p := []Param{{Name: "x", Shape: []int{2}, Data: []float64{1, 2}}}
	if err := s.Step(p, [][]float64{{1, -1}}); err != nil {
		t.Fatal(err)
	}
	// x - 0.5*(g + 0.1x) = [1 - 0.5*1.1, 2 - 0.5*(-0.8)]
	if math.Abs(p[0].Data[0]-(1-0.5*1.1)) > 1e-15 || math.Abs(p[0].Data[1]-(2+0.5*0.8)) > 1e-15 {
		t.Fatalf("stateful SGD gave %v", p[0].Data)
	}
	tp := autodiff.NewTape()
	xs := []autodiff.Tensor{tp.From([]float64{1, 2}, 2)}
	out := cfg.Update(xs, xs, []autodiff.Tensor{tp.From([]float64{1, -1}, 2)})
	if d := out[0].Data(); d[0] != p[0].Data[0] || d[1] != p[0].Data[1] {
		t.Fatalf("differentiable SGD gave %v, stateful %v", d, p[0].Data)
	}
}

func TestOptimizerErrors(t *testing.T) {
	if _, err := NewAdam(AdamConfig{LR: 0.1}); err == nil || !strings.Contains(err.Error(), "Eps") {
		t.Errorf("Adam without Eps: err %v", err)
	}
	if _, err := NewSGD(SGDConfig{}); err == nil || !strings.Contains(err.Error(), "LR") {
		t.Errorf("SGD without LR: err %v", err)
	}
	a, _ := NewAdam(DefaultAdam(0.1))
	p := []Param{{Name: "w", Shape: []int{2}, Data: []float64{1, 2}}}
	if err := a.Step(p, [][]float64{{1}}); err == nil || !strings.Contains(err.Error(), "gradient 0 has 1 values") {
		t.Errorf("short gradient: err %v", err)
	}
	if err := a.Step(p, [][]float64{{1, 1}}); err != nil {
		t.Fatal(err)
	}
	q := []Param{{Name: "w", Shape: []int{3}, Data: []float64{1, 2, 3}}}
	if err := a.Step(q, [][]float64{{1, 1, 1}}); err == nil || !strings.Contains(err.Error(), "Reset") {
		t.Errorf("changed params: err %v", err)
	}
	a.Reset()
	if err := a.Step(q, [][]float64{{1, 1, 1}}); err != nil {
		t.Errorf("after Reset: %v", err)
	}

	tp := autodiff.NewTape()
	s := DefaultAdam(0.1).Start(nil, []autodiff.Tensor{tp.Ones(2)})
	DefaultAdam(0.1).Update(s, nil)
	if err := tp.Err(); err == nil || !strings.Contains(err.Error(), "0 gradients for 1 params") {
		t.Errorf("differentiable Adam with no gradients: err %v", err)
	}
}
