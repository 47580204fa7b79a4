package surrogate

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/petridish-go/petridish/petri/autodiff"
	"github.com/petridish-go/petridish/petri/motif"
	"github.com/petridish-go/petridish/petri/rng"
)

func TestMLPGradientMatchesFiniteDifferences(t *testing.T) {
	for _, act := range []string{ReLU, Tanh, Sigmoid} {
		net := newMLP(2, []int{4, 3}, act)
		r := rng.New(5)
		theta := net.init(r)
		for j := range theta {
			theta[j] += 0.1 * r.NormFloat64() // non-zero biases
		}
		x := []float64{0.3, -1.2, 0.8, 0.5, -0.4, 2.0}
		y := []float64{0.5, -1, 0.2}
		grad := make([]float64, net.nParam)
		net.lossGrad(theta, x, y, grad)
		scratch := make([]float64, net.nParam)
		for j := range theta {
			const h = 1e-6
			th := append([]float64(nil), theta...)
			th[j] += h
			up := net.lossGrad(th, x, y, scratch)
			th[j] -= 2 * h
			down := net.lossGrad(th, x, y, scratch)
			if fd := (up - down) / (2 * h); math.Abs(fd-grad[j]) > 1e-7*math.Max(1, math.Abs(fd)) {
				t.Errorf("%s: dLoss/dtheta[%d] = %v, finite differences %v", act, j, grad[j], fd)
			}
		}
	}
}

func slopeData() ([]motif.Motif, []float64) {
	var s, gt []float64
	for i := range 15 {
		v := 0.41 + (1.5-0.41)*float64(i)/14
		s = append(s, v)
		gt = append(gt, 0.02+0.03*v*v) // rising trend, as right of the peak
	}
	return motif.Slopes(s), gt
}

func TestFitLearnsTrendAndExtrapolatesIt(t *testing.T) {
	ms, gt := slopeData()
	s, err := New(DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	h, err := s.Fit(context.Background(), ms, gt, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Loss) != 150 || !(h.Loss[len(h.Loss)-1] < 0.2*h.Loss[0]) {
		t.Fatalf("loss %v -> %v over %d steps; want a big drop", h.Loss[0], h.Loss[len(h.Loss)-1], len(h.Loss))
	}
	pred, err := s.Predict(context.Background(), ms)
	if err != nil {
		t.Fatal(err)
	}
	var sse, sst float64
	mean := 0.0
	for _, g := range gt {
		mean += g / float64(len(gt))
	}
	for i := range gt {
		sse += (pred[i] - gt[i]) * (pred[i] - gt[i])
		sst += (gt[i] - mean) * (gt[i] - mean)
	}
	if r2 := 1 - sse/sst; r2 < 0.9 {
		t.Errorf("R^2 on the training points is %.3f; want at least 0.9", r2)
	}
	// Outside the training range a black box continues the trend: the
	// smallest slope looks best (the paper's Figure 1 failure mode).
	out, _ := s.Predict(context.Background(), motif.Slopes([]float64{0.01, 0.2, 0.41}))
	if !(out[0] <= out[2]) {
		t.Errorf("predictions left of the range %v should not rise towards 0", out)
	}
}

func TestFitRejectsAndPredictRequiresFit(t *testing.T) {
	s, _ := New(DefaultConfig())
	if _, err := s.Predict(context.Background(), motif.Slopes([]float64{1})); err == nil || !strings.Contains(err.Error(), "not fitted") {
		t.Errorf("Predict before Fit: %v", err)
	}
	ms, gt := slopeData()
	bad := map[string]func() ([]motif.Motif, []float64){
		"too few":   func() ([]motif.Motif, []float64) { return ms[:2], gt[:2] },
		"mismatch":  func() ([]motif.Motif, []float64) { return ms, gt[:3] },
		"NaN":       func() ([]motif.Motif, []float64) { g := append([]float64(nil), gt...); g[3] = math.NaN(); return ms, g },
		"duplicate": func() ([]motif.Motif, []float64) { m := append([]motif.Motif(nil), ms...); m[1] = m[0]; return m, gt },
		"equal":     func() ([]motif.Motif, []float64) { return ms[:3], []float64{1, 1, 1} },
		"equal 0.1": func() ([]motif.Motif, []float64) { return ms[:3], []float64{0.1, 0.1, 0.1} }, // std a rounding error
	}
	for name, f := range bad {
		m, g := f()
		if _, err := s.Fit(context.Background(), m, g, nil); err == nil {
			t.Errorf("%s: Fit accepted it", name)
		}
	}
	if s.Fitted() {
		t.Error("a rejected Fit left the surrogate fitted")
	}
	if _, err := New(Config{}); err == nil {
		t.Error("zero Config accepted")
	}
}

func TestSaveLoadRoundTrip(t *testing.T) {
	ms, gt := slopeData()
	s, _ := New(DefaultConfig())
	if _, err := s.Fit(context.Background(), ms, gt, nil); err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	if err := s.Save(&a); err != nil {
		t.Fatal(err)
	}
	s2, err := Load(bytes.NewReader(a.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if err := s2.Save(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("Save(Load(Save(s))) differs")
	}
	probe := motif.Slopes([]float64{0.05, 0.7, 3})
	p1, _ := s.Predict(context.Background(), probe)
	p2, _ := s2.Predict(context.Background(), probe)
	for i := range p1 {
		if p1[i] != p2[i] {
			t.Errorf("prediction %d changed from %v to %v", i, p1[i], p2[i])
		}
	}
	good := a.String()
	for name, text := range map[string]string{
		"version": strings.Replace(good, `"version": 1`, `"version": 7`, 1),
		"format":  strings.Replace(good, `"format": "petridish-nn-surrogate"`, `"format": "petridish-dish"`, 1),
		"family":  strings.Replace(good, `"family": "sigmoid"`, `"family": "cell"`, 1),
		"theta":   strings.Replace(good, `"inputs": 1`, `"inputs": 2`, 1),
	} {
		if _, err := Load(strings.NewReader(text)); err == nil {
			t.Errorf("%s: Load accepted a bad file", name)
		}
	}
}

func TestParseConfig(t *testing.T) {
	c, err := ParseConfig([]byte(`{"steps": 300, "activation": "tanh"}`))
	if err != nil || c.Steps != 300 || c.Activation != Tanh || c.LR != 0.01 {
		t.Errorf("ParseConfig: %+v, %v", c, err)
	}
	for _, bad := range []string{`{"stepz": 1}`, `{"activation": "gelu"}`, `{"batch": 0}`, `[`} {
		if _, err := ParseConfig([]byte(bad)); err == nil {
			t.Errorf("ParseConfig(%s) accepted it", bad)
		}
	}
}

// TestPredictNamesTheBadMotif: a motif of another family is named once,
// by its index among those given; repeats are allowed.
func TestPredictNamesTheBadMotif(t *testing.T) {
	ms, gt := slopeData()
	s, _ := New(DefaultConfig())
	if _, err := s.Fit(context.Background(), ms, gt, nil); err != nil {
		t.Fatal(err)
	}
	_, err := s.Predict(context.Background(), []motif.Motif{ms[0], ms[0], motif.Cell{}})
	if err == nil || !strings.HasPrefix(err.Error(), `motif 2 (`) || !strings.Contains(err.Error(), `is of family "`+motif.CellFamily+`"`) || strings.Contains(err.Error(), "motif 0") {
		t.Errorf("Predict with a cell motif: %v; want it named once, as motif 2", err)
	}
	if _, err := s.Predict(context.Background(), []motif.Motif{ms[0], ms[0]}); err != nil {
		t.Errorf("Predict of a repeated motif: %v", err)
	}
}

// pair is a two-number motif whose type, like one declared in a notebook
// cell and handed to compiled code, has no Features method.
type pair struct{ a, b float64 }

func (p pair) Family() string { return "t-surrogate-pair" }
func (p pair) String() string { return fmt.Sprintf("%g,%g", p.a, p.b) }

// TestFeaturesOfADefinedFamily: the surrogate fits motifs of a family
// made by motif.Define that are no motif.Featurer once the Definition
// has Features, and before that it fails with an error naming the field.
func TestFeaturesOfADefinedFamily(t *testing.T) {
	d := motif.Definition{Name: "t-surrogate-pair", NumParams: motif.MLPParams,
		NetworkLoss: func(motif.NetSpec, motif.Motif, autodiff.Tensor, autodiff.Tensor, autodiff.Tensor) (autodiff.Tensor, error) {
			return autodiff.Tensor{}, nil
		},
		Parse: func(text string) (motif.Motif, error) {
			var p pair
			_, err := fmt.Sscanf(text, "%g,%g", &p.a, &p.b)
			return p, err
		}}
	var ms []motif.Motif
	var gt []float64
	for i := range 6 {
		a, b := float64(i)/5, float64(i%3)
		ms, gt = append(ms, pair{a, b}), append(gt, a*a+0.1*b)
	}
	if _, err := motif.Define(d); err != nil {
		t.Fatal(err)
	}
	s, _ := New(DefaultConfig())
	if _, err := s.Fit(context.Background(), ms, gt, nil); err == nil || !strings.Contains(err.Error(), "Definition a Features function") {
		t.Errorf("Fit without features: error %v, want one saying to give the Definition a Features function", err)
	}
	d.Features = func(m motif.Motif) []float64 { p := m.(pair); return []float64{p.a, p.b} }
	if _, err := motif.Define(d); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Fit(context.Background(), ms, gt, nil); err != nil {
		t.Fatalf("Fit with Definition.Features: %v", err)
	}
	if p, err := s.Predict(context.Background(), ms[:2]); err != nil || len(p) != 2 {
		t.Errorf("Predict with Definition.Features: %v, %v", p, err)
	}
}
