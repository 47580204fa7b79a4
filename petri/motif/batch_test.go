package motif

import (
	"fmt"
	"strings"
	"testing"

	"github.com/petridish-go/petridish/accel"
)

// hostUnrolled is a CPU backend that also implements accel.UnrolledMLPs by
// rebuilding a Problem from the spec and running the fused worker on each
// slope, so a sigmoid Batch on it must reproduce the fused path bit for
// bit exactly when NewBatch translated the Problem into the spec right.
type hostUnrolled struct {
	accel.Backend
	calls int
}

func (h *hostUnrolled) problem(spec accel.UnrolledMLPSpec, theta0, labels []float64) Problem {
	L := len(spec.Dims) - 1
	return Problem{
		Net: NetSpec{Inputs: spec.Dims[0], Hidden: spec.Dims[1:L], Outputs: spec.Dims[L], Samples: spec.Samples, InitStd: 1},
		Inner: Inner{Steps: spec.Steps, LR: spec.LR, WeightDecay: spec.WeightDecay,
			Beta1: spec.Beta1, Beta2: spec.Beta2, Eps: spec.Eps},
		Theta0: theta0, Labels: labels,
	}
}

func (h *hostUnrolled) ScoreMLPs(spec accel.UnrolledMLPSpec, slopes, theta0, xTrain, xValid, labels, scores []float64) error {
	h.calls++
	w := newMLPWorker(h.problem(spec, theta0, labels))
	for i, s := range slopes {
		v, err := w.Score(Sigmoid(s), xTrain, xValid)
		if err != nil {
			return err
		}
		scores[i] = v
	}
	return nil
}

func (h *hostUnrolled) ScoreGradMLPs(spec accel.UnrolledMLPSpec, slopes, theta0, xTrain, xValid, labels, scores, gradTrain, gradValid []float64) error {
	h.calls++
	w := newMLPWorker(h.problem(spec, theta0, labels))
	n := spec.InputLen()
	for i, s := range slopes {
		v, err := w.ScoreGrad(Sigmoid(s), xTrain, xValid, gradTrain[i*n:(i+1)*n], gradValid[i*n:(i+1)*n])
		if err != nil {
			return err
		}
		scores[i] = v
	}
	return nil
}

// TestSigmoidBatchMatchesFused checks the sigmoid family's device path
// plumbing: the spec NewBatch builds (dims, samples, inner settings),
// theta_init, labels, slopes and the per-motif gradients copied out of
// the flat result, against the fused worker, bit for bit, on two network
// shapes, with one backend call per batch.
func TestSigmoidBatchMatchesFused(t *testing.T) {
	fam, _ := Lookup(SigmoidFamily)
	bf, ok := fam.(BatchFamily)
	if !ok {
		t.Fatal("the sigmoid family is not a BatchFamily")
	}
	for _, hidden := range [][]int{{1, 1}, {3, 2, 4}} {
		p, xtr, xva := testProblem(t, hidden, 15, 21)
		p.Inner.WeightDecay = 3e-4 // every setting distinct, so a swap shows
		host := &hostUnrolled{Backend: accel.CPU()}
		if !bf.CanBatch(host) {
			t.Fatal("CanBatch is false for a backend with UnrolledMLPs")
		}
		b, err := bf.NewBatch(p, host)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(b.Device(), "cpu: pure Go") {
			t.Errorf("Device() = %q; want the backend's Describe line", b.Device())
		}
		f, _ := bf.(FusedFamily).NewFused(p)
		ms := Slopes([]float64{0.25, 1, 2.5, -0.7})
		n := len(xtr)
		scores := make([]float64, len(ms))
		gtr, gva := make([][]float64, len(ms)), make([][]float64, len(ms))
		for i := range gtr {
			gtr[i], gva[i] = make([]float64, n), make([]float64, n)
		}
		if err := b.ScoreGrads(ms, xtr, xva, scores, gtr, gva); err != nil {
			t.Fatal(err)
		}
		only := make([]float64, len(ms))
		if err := b.Scores(ms, xtr, xva, only); err != nil {
			t.Fatal(err)
		}
		if host.calls != 2 {
			t.Errorf("hidden %v: %d backend calls for two batches; want one each", hidden, host.calls)
		}
		for i, m := range ms {
			wtr, wva := make([]float64, n), make([]float64, n)
			want, err := f.ScoreGrad(m, xtr, xva, wtr, wva)
			if err != nil {
				t.Fatal(err)
			}
			if scores[i] != want || only[i] != want {
				t.Errorf("hidden %v slope %v: batch scores %v, %v; fused %v", hidden, m, scores[i], only[i], want)
			}
			if e := relErr(gtr[i], wtr); e != 0 {
				t.Errorf("hidden %v slope %v: batch dScore/dX_tr differs from fused by %.3g", hidden, m, e)
			}
			if e := relErr(gva[i], wva); e != 0 {
				t.Errorf("hidden %v slope %v: batch dScore/dX_va differs from fused by %.3g", hidden, m, e)
			}
		}
	}
}

// TestSigmoidBatchErrors checks that the CPU backend is refused with a
// pointer to PETRI_DEVICE and %device, and that bad arguments are caught
// before the backend sees them.
func TestSigmoidBatchErrors(t *testing.T) {
	fam, _ := Lookup(SigmoidFamily)
	bf := fam.(BatchFamily)
	p, xtr, xva := testProblem(t, []int{1, 1}, 5, 3)
	if bf.CanBatch(accel.CPU()) {
		t.Error("CanBatch(cpu) is true; the CPU backend has no UnrolledMLPs")
	}
	_, err := bf.NewBatch(p, accel.CPU())
	if err == nil || !strings.Contains(err.Error(), "PETRI_DEVICE=cuda") || !strings.Contains(err.Error(), "%device cuda") {
		t.Errorf("NewBatch(cpu) error %v; want one naming PETRI_DEVICE and %%device", err)
	}
	bad := p
	bad.Labels = bad.Labels[:3]
	if _, err := bf.NewBatch(bad, &hostUnrolled{Backend: accel.CPU()}); err == nil || !strings.Contains(err.Error(), "labels") {
		t.Errorf("NewBatch with 3 labels: error %v; want one about labels", err)
	}
	host := &hostUnrolled{Backend: accel.CPU()}
	b, err := bf.NewBatch(p, host)
	if err != nil {
		t.Fatal(err)
	}
	n := len(xtr)
	one := [][]float64{make([]float64, n)}
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"short xTrain", b.Scores(Slopes([]float64{1}), xtr[:n-1], xva, make([]float64, 1)), "synthetic inputs"},
		{"scores length", b.Scores(Slopes([]float64{1, 2}), xtr, xva, make([]float64, 1)), "scores has 1 values for 2 motifs"},
		{"other family", b.Scores([]Motif{otherMotif{}}, xtr, xva, make([]float64, 1)), "not a sigmoid slope"},
		{"NaN slope", b.Scores([]Motif{Sigmoid(nan())}, xtr, xva, make([]float64, 1)), "not finite"},
		{"grad count", b.ScoreGrads(Slopes([]float64{1, 2}), xtr, xva, make([]float64, 2), one, one), "gradient buffers"},
		{"grad length", b.ScoreGrads(Slopes([]float64{1}), xtr, xva, make([]float64, 1), one, [][]float64{make([]float64, 2)}), "gradient buffers"},
	} {
		if tc.err == nil || !strings.Contains(tc.err.Error(), tc.want) {
			t.Errorf("%s: error %v; want one containing %q", tc.name, tc.err, tc.want)
		}
	}
	if host.calls != 0 {
		t.Errorf("the backend was called %d times on bad arguments", host.calls)
	}
	if err := b.Scores(nil, xtr, xva, nil); err != nil || host.calls != 0 {
		t.Errorf("an empty batch: error %v, %d backend calls; want neither", err, host.calls)
	}
}

// hostOuterMLPs is hostUnrolled that also claims accel.OuterMLPs and
// records what NewOuterMLP was given.
type hostOuterMLPs struct {
	hostUnrolled
	spec                                            accel.UnrolledMLPSpec
	outer                                           accel.OuterSpec
	slopes, theta0, labels, targets, xTrain, xValid []float64
}

func (h *hostOuterMLPs) NewOuterMLP(spec accel.UnrolledMLPSpec, outer accel.OuterSpec, slopes, theta0, labels, targets, xTrain, xValid []float64) (accel.OuterMLP, error) {
	h.spec, h.outer = spec, outer
	h.slopes, h.theta0, h.labels, h.targets, h.xTrain, h.xValid = slopes, theta0, labels, targets, xTrain, xValid
	return nil, nil
}

// TestSigmoidOuterBatch checks that NewBatch gives an OuterBatch exactly
// when the backend implements accel.OuterMLPs, and that NewOuter hands
// it the Problem's spec, theta_init and labels, the motifs' slopes and
// the caller's targets, inputs and outer constants.
func TestSigmoidOuterBatch(t *testing.T) {
	fam, _ := Lookup(SigmoidFamily)
	bf := fam.(BatchFamily)
	p, xtr, xva := testProblem(t, []int{1, 1}, 5, 4)
	plain, err := bf.NewBatch(p, &hostUnrolled{Backend: accel.CPU()})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := plain.(OuterBatch); ok {
		t.Error("a backend without accel.OuterMLPs gave an OuterBatch")
	}
	host := &hostOuterMLPs{hostUnrolled: hostUnrolled{Backend: accel.CPU()}}
	b, err := bf.NewBatch(p, host)
	if err != nil {
		t.Fatal(err)
	}
	ob, ok := b.(OuterBatch)
	if !ok {
		t.Fatal("a backend with accel.OuterMLPs did not give an OuterBatch")
	}
	targets := []float64{-1, 0.5, 0.5}
	o := accel.OuterSpec{Beta1: 0.8, Beta2: 0.99, Eps: 1e-7, WeightDecay: 2e-5}
	if _, err := ob.NewOuter(Slopes([]float64{0.25, 1, -0.7}), targets, xtr, xva, o); err != nil {
		t.Fatal(err)
	}
	want := unrolledSpec(p)
	if fmt.Sprint(host.spec) != fmt.Sprint(want) || host.outer != o {
		t.Errorf("NewOuterMLP got spec %+v, outer %+v; want %+v, %+v", host.spec, host.outer, want, o)
	}
	for _, c := range []struct {
		name      string
		got, want []float64
	}{{"slopes", host.slopes, []float64{0.25, 1, -0.7}}, {"theta0", host.theta0, p.Theta0}, {"labels", host.labels, p.Labels},
		{"targets", host.targets, targets}, {"xTrain", host.xTrain, xtr}, {"xValid", host.xValid, xva}} {
		if fmt.Sprint(c.got) != fmt.Sprint(c.want) {
			t.Errorf("NewOuterMLP got %s %v; want %v", c.name, c.got, c.want)
		}
	}
	if _, err := ob.NewOuter([]Motif{Sigmoid(1), otherMotif{}}, targets[:2], xtr, xva, o); err == nil || !strings.Contains(err.Error(), "motif 1") {
		t.Errorf("NewOuter with a motif of another family: %v", err)
	}
}
