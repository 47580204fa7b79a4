package nn

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/petridish-go/petridish/petri/autodiff"
	"github.com/petridish-go/petridish/petri/rng"
)

func newRandT(t *testing.T) *rand.Rand { return rng.New(uint64(len(t.Name()))) }

// TestBatchedMLPEqualsSeparateNetworks checks that network m of a batch
// computes exactly what an unbatched MLP with network m's weights does,
// for shared and per-network inputs, and that BatchLoss gives each
// network the gradient of its own loss.
func TestBatchedMLPEqualsSeparateNetworks(t *testing.T) {
	const M, N = 3, 4
	slopes := []float64{0.3, 1, 2}
	sizes := []int{5, 3, 2}
	batched, err := NewMLP(sizes, []Activation{SigmoidSlopes(slopes), nil}, M)
	if err != nil {
		t.Fatal(err)
	}
	r := newRandT(t)
	theta := batched.Init(r, false)
	x := normals(r, N*5)
	y := make([]float64, N*2)
	for i := range y {
		y[i] = float64(i % 2)
	}
	tp := autodiff.NewTape()
	ps := Load(tp, theta)
	X, Y := tp.From(x, N, 5), tp.From(y, N, 2)
	out := batched.Forward(X, ps)
	if s := out.Shape(); len(s) != 3 || s[0] != M || s[1] != N || s[2] != 2 {
		t.Fatalf("batched output shape %v, want [3 4 2]", s)
	}
	grads, err := autodiff.Grad(BatchLoss(out.BCEWithLogits(Y)), ps, false)
	if err != nil {
		t.Fatal(err)
	}
	for m := 0; m < M; m++ {
		single, _ := NewMLP(sizes, []Activation{Sigmoid(slopes[m]), nil}, 0)
		tp1 := autodiff.NewTape()
		var sp []autodiff.Tensor
		for _, p := range theta {
			n := p.Len() / M
			sp = append(sp, tp1.From(p.Data[m*n:(m+1)*n], p.Shape[1:]...))
		}
		o1 := single.Forward(tp1.From(x, N, 5), sp)
		for i, v := range o1.Data() {
			if math.Abs(v-out.Data()[m*N*2+i]) > 1e-14 {
				t.Fatalf("network %d output %d: batched %v, alone %v", m, i, out.Data()[m*N*2+i], v)
			}
		}
		g1, err := autodiff.Grad(BCEWithLogitsLoss(o1, tp1.From(y, N, 2)), sp, false)
		if err != nil {
			t.Fatal(err)
		}
		for k := range g1 {
			n := g1[k].Len()
			for i, v := range g1[k].Data() {
				if b := grads[k].Data()[m*n+i]; math.Abs(v-b) > 1e-14 {
					t.Fatalf("network %d param %d[%d]: batched grad %v, alone %v", m, k, i, b, v)
				}
			}
		}
	}
}

func TestSharedInitIsIdenticalAcrossBatch(t *testing.T) {
	mlp, _ := NewMLP([]int{4, 3, 2}, []Activation{Tanh(), nil}, 5)
	for _, p := range mlp.Init(newRandT(t), true) {
		n := p.Len() / 5
		for m := 1; m < 5; m++ {
			for i := 0; i < n; i++ {
				if p.Data[m*n+i] != p.Data[i] {
					t.Fatalf("%s: network %d differs from network 0", p.Name, m)
				}
			}
		}
	}
	ps := mlp.Init(newRandT(t), false)
	if ps[0].Data[0] == ps[0].Data[len(ps[0].Data)/5] {
		t.Fatal("unshared init gave identical networks")
	}
}

func TestAdamTrainsAnMLP(t *testing.T) {
	// XOR with a 2-8-1 tanh network: loss must fall from ~0.7 to near 0.
	mlp, _ := NewMLP([]int{2, 8, 1}, []Activation{Tanh(), nil}, 0)
	params := mlp.Init(newRandT(t), false)
	opt, _ := NewAdam(DefaultAdam(0.05))
	x := []float64{0, 0, 0, 1, 1, 0, 1, 1}
	y := []float64{0, 1, 1, 0}
	tp := autodiff.NewTape()
	grads := make([][]float64, len(params))
	var first, last float64
	for step := 0; step < 300; step++ {
		tp.Reset()
		ps := Load(tp, params)
		loss := BCEWithLogitsLoss(mlp.Forward(tp.From(x, 4, 2), ps), tp.From(y, 4, 1))
		gs, err := autodiff.Grad(loss, ps, false)
		if err != nil {
			t.Fatal(err)
		}
		for i, g := range gs {
			grads[i] = g.Data()
		}
		if err := opt.Step(params, grads); err != nil {
			t.Fatal(err)
		}
		if step == 0 {
			first = loss.Item()
		}
		last = loss.Item()
	}
	if !(first > 0.5 && last < 0.05) {
		t.Fatalf("XOR loss went from %v to %v; want > 0.5 then < 0.05", first, last)
	}
}

func TestMLPErrors(t *testing.T) {
	if _, err := NewMLP([]int{3}, nil, 0); err == nil || !strings.Contains(err.Error(), "at least") {
		t.Errorf("one size: err %v", err)
	}
	if _, err := NewMLP([]int{3, 2}, nil, 0); err == nil || !strings.Contains(err.Error(), "activations") {
		t.Errorf("missing activations: err %v", err)
	}
	if _, err := NewMLP([]int{3, 0}, []Activation{nil}, 0); err == nil || !strings.Contains(err.Error(), "positive") {
		t.Errorf("zero width: err %v", err)
	}
	mlp, _ := NewMLP([]int{3, 2}, []Activation{nil}, 0)
	tp := autodiff.NewTape()
	if mlp.Forward(tp.Ones(1, 3), nil).Valid() || !strings.Contains(tp.Err().Error(), "want 2") {
		t.Errorf("missing params: err %v", tp.Err())
	}
	tp.Reset()
	SigmoidSlopes([]float64{1, 2})(tp.Ones(3, 4))
	if err := tp.Err(); err == nil || !strings.Contains(err.Error(), "batch dimension of 2") {
		t.Errorf("slopes vs batch: err %v", err)
	}
	if _, err := ActivationByName("swish"); err == nil || !strings.Contains(err.Error(), "tanh") {
		t.Errorf("unknown activation: err %v", err)
	}
	for _, name := range []string{"identity", "Sigmoid", "tanh", "relu"} {
		if _, err := ActivationByName(name); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestMetaGradientSteadyStateAllocatesNothing runs the unrolled
// meta-gradient on a reused tape and requires zero allocations per outer
// step once the arenas are warm.
func TestMetaGradientSteadyStateAllocatesNothing(t *testing.T) {
	p := newMetaProblem(3, 4, 10)
	tp := autodiff.NewTape()
	if _, _, err := p.metaGradient(tp); err != nil {
		t.Fatal(err)
	}
	n := testing.AllocsPerRun(5, func() {
		if _, _, err := p.metaGradient(tp); err != nil {
			t.Fatal(err)
		}
	})
	if n != 0 {
		t.Fatalf("%v allocations per outer step, want 0", n)
	}
}
