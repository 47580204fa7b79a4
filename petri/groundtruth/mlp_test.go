package groundtruth

import (
	"math"
	"testing"

	"github.com/petridish-go/petridish/petri/data"
	"github.com/petridish-go/petridish/petri/rng"
)

// tinySet makes n random images of rows x cols with about half the pixels
// zero and labels drawn from 0-9; a deterministic function of seed.
func tinySet(n, rows, cols int, seed uint64) data.Set {
	r := rng.New(seed)
	s := data.Set{Images: make([]float64, n*rows*cols), Labels: make([]int, n), Count: n, Rows: rows, Cols: cols}
	for i := range s.Images {
		if r.Float64() < 0.5 {
			s.Images[i] = r.Float64()
		}
	}
	for i := range s.Labels {
		s.Labels[i] = r.IntN(classes)
	}
	return s
}

func TestGradientMatchesFiniteDifferences(t *testing.T) {
	set, err := newSparseSet(tinySet(7, 3, 4, 3), "test")
	if err != nil {
		t.Fatal(err)
	}
	rows := []int32{4, 0, 6, 2, 5}
	for _, slope := range []float64{0.3, 1.7} {
		net := newMLP(set.inputs, 9, len(rows)) // 9 = one 8-wide block plus a tail
		net.reset(rng.New(5), slope, 0)
		net.forward(set, rows)
		net.backward(set, rows)
		loss := func() float64 {
			l, _ := net.forward(set, rows)
			return l / float64(len(rows))
		}
		const h = 1e-6
		for i := range net.params {
			keep := net.params[i]
			net.params[i] = keep + h
			up := loss()
			net.params[i] = keep - h
			down := loss()
			net.params[i] = keep
			fd := (up - down) / (2 * h)
			if math.Abs(fd-net.grads[i]) > 1e-7+1e-5*math.Abs(fd) {
				t.Fatalf("slope %g param %d: backward %.10g, finite difference %.10g", slope, i, net.grads[i], fd)
			}
		}
	}
}

func TestAdamStepMatchesPyTorchFormula(t *testing.T) {
	net := newMLP(2, 1, 1)
	net.reset(rng.New(1), 1, 0)
	for i := range net.params {
		net.params[i] = float64(i) - 3
		net.grads[i] = 0.5 * float64(i%3-1)
	}
	want := make([]float64, len(net.params))
	const lr, l2 = 0.01, 1e-5
	for i, w := range net.params {
		g := net.grads[i] + l2*w
		m := (1 - adamBeta1) * g
		v := (1 - adamBeta2) * g * g
		// step 1: bias corrections 1-beta1 and 1-beta2
		want[i] = w - lr/(1-adamBeta1)*m/(math.Sqrt(v)/math.Sqrt(1-adamBeta2)+adamEps)
	}
	net.adam(lr, l2)
	for i := range want {
		if math.Abs(net.params[i]-want[i]) > 1e-13*(1+math.Abs(want[i])) {
			t.Fatalf("param %d: %v, want %v", i, net.params[i], want[i])
		}
	}
}

func TestTrainLearnsASeparableTask(t *testing.T) {
	// Class k lights up pixel block k: an MLP must reach 100% quickly.
	mk := func(n int, seed uint64) data.Set {
		r := rng.New(seed)
		s := data.Set{Images: make([]float64, n*40), Labels: make([]int, n), Count: n, Rows: 4, Cols: 10}
		for i := 0; i < n; i++ {
			k := r.IntN(classes)
			s.Labels[i] = k
			for p := 0; p < 4; p++ {
				s.Images[i*40+k*4+p] = 0.5 + 0.5*r.Float64()
			}
		}
		return s
	}
	cfg := Config{Epochs: 15, TrainSamples: 200, ValidSamples: 100, Runs: 1, BatchSize: 20, Hidden: 16, LearningRate: 0.01, L2: 1e-5}
	res, err := Train(t.Context(), 1, 7, cfg, mk(200, 1), mk(100, 2), nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Accuracy < 0.99 || res.Loss > 0.5 {
		t.Fatalf("separable task: accuracy %v loss %v", res.Accuracy, res.Loss)
	}
	again, _ := Train(t.Context(), 1, 7, cfg, mk(200, 1), mk(100, 2), nil)
	if again.Loss != res.Loss || again.Accuracy != res.Accuracy {
		t.Fatalf("same seed, different result: %v vs %v", again.Loss, res.Loss)
	}
	other, _ := Train(t.Context(), 1, 8, cfg, mk(200, 1), mk(100, 2), nil)
	if other.Loss == res.Loss {
		t.Fatal("a different seed gave the identical loss")
	}
}

func TestResetInitialisations(t *testing.T) {
	const in, hid = 784, 100
	net := newMLP(in, hid, 1)
	stats := func() (w1Max, w1Std, b3Max float64) {
		var ss float64
		for _, w := range net.w1 {
			w1Max = max(w1Max, math.Abs(w))
			ss += w * w
		}
		for _, b := range net.b3 {
			b3Max = max(b3Max, math.Abs(b))
		}
		return w1Max, math.Sqrt(ss / float64(len(net.w1))), b3Max
	}
	// PyTorch's nn.Linear: uniform in +-1/sqrt(fan_in), std bound/sqrt(3).
	net.reset(rng.New(3), 1, 0)
	w1Max, w1Std, b3Max := stats()
	if bound := 1 / math.Sqrt(in); w1Max > bound || math.Abs(w1Std-bound/math.Sqrt(3)) > 0.02*bound {
		t.Errorf("uniform init: max %v std %v, want within +-%v and std %v", w1Max, w1Std, bound, bound/math.Sqrt(3))
	}
	if bound := 1 / math.Sqrt(hid); b3Max > bound {
		t.Errorf("uniform init: output bias %v beyond +-%v", b3Max, bound)
	}
	// Normal with the given scale for weights and biases alike (78,400
	// draws: the sample std is within 1% of the scale with overwhelming
	// probability).
	net.reset(rng.New(3), 1, 0.5)
	w1Max, w1Std, b3Max = stats()
	if math.Abs(w1Std-0.5) > 0.005 || w1Max < 1.5 || b3Max < 0.1 {
		t.Errorf("normal init 0.5: std %v max %v output-bias max %v", w1Std, w1Max, b3Max)
	}
	if net.step != 0 || net.m[0] != 0 || net.v[len(net.v)-1] != 0 {
		t.Error("reset left Adam state behind")
	}
}
