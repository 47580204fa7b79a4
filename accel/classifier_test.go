package accel

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// clfRef is the float64 reference of one classifier run: the same network,
// loss and Adam as ClassifierTrainer, in plain loops, written from the
// definitions (and after petri/groundtruth's mlp.go) rather than from the
// kernels. TestClassifierReferenceGradient checks its gradient against
// finite differences.
type clfRef struct {
	spec    ClassifierSpec
	slope   float64
	p, m, v []float64
	step    int
}

func newClfRef(spec ClassifierSpec, slope float64, params []float64) *clfRef {
	n := spec.NumParams()
	return &clfRef{spec: spec, slope: slope, p: append([]float64(nil), params...), m: make([]float64, n), v: make([]float64, n)}
}

// layer describes layer l (0, 1, 2): fan-in k, fan-out n and where its
// weights (k×n) and then biases (n) start in the parameter vector.
func (r *clfRef) layer(l int) (k, n, off int) {
	i, h, c := r.spec.Inputs, r.spec.Hidden, r.spec.Classes
	switch l {
	case 0:
		return i, h, 0
	case 1:
		return h, h, (i + 1) * h
	}
	return h, c, (i+1)*h + (h+1)*h
}

// affine returns bias + x·W for layer l.
func (r *clfRef) affine(l int, x []float64) []float64 {
	k, n, off := r.layer(l)
	out := make([]float64, n)
	for j := range out {
		out[j] = r.p[off+k*n+j]
		for q := 0; q < k; q++ {
			out[j] += x[q] * r.p[off+q*n+j]
		}
	}
	return out
}

func (r *clfRef) sigmoid(a []float64) []float64 {
	h := make([]float64, len(a))
	for i, v := range a {
		h[i] = 1 / (1 + math.Exp(-r.slope*v))
	}
	return h
}

// sample runs one sample forward and returns the hidden outputs, the
// logits' softmax, the cross-entropy and the predicted class (the first
// largest logit).
func (r *clfRef) sample(x []float64, label int) (h1, h2, p []float64, loss float64, pred int) {
	h1 = r.sigmoid(r.affine(0, x))
	h2 = r.sigmoid(r.affine(1, h1))
	z := r.affine(2, h2)
	mx := z[0]
	for c, v := range z {
		if v > mx {
			mx, pred = v, c
		}
	}
	var sum float64
	p = make([]float64, len(z))
	for c, v := range z {
		p[c] = math.Exp(v - mx)
		sum += p[c]
	}
	for c := range p {
		p[c] /= sum
	}
	return h1, h2, p, math.Log(sum) - (z[label] - mx), pred
}

// grad returns the mean cross-entropy over the samples rows of the data set
// and its gradient with respect to the parameters.
func (r *clfRef) grad(images []float64, labels []int, rows []int32) (float64, []float64) {
	in := r.spec.Inputs
	g := make([]float64, len(r.p))
	var loss float64
	inv := 1 / float64(len(rows))
	for _, row := range rows {
		x := images[int(row)*in : (int(row)+1)*in]
		h1, h2, p, l, _ := r.sample(x, labels[row])
		loss += l * inv
		d := make([]float64, len(p)) // d loss / d logits
		for c := range p {
			d[c] = p[c] * inv
		}
		d[labels[row]] -= inv
		acts := [][]float64{x, h1, h2}
		for l := 2; l >= 0; l-- {
			k, n, off := r.layer(l)
			a := acts[l]
			for q := 0; q < k; q++ {
				for j := 0; j < n; j++ {
					g[off+q*n+j] += a[q] * d[j]
				}
			}
			for j := 0; j < n; j++ {
				g[off+k*n+j] += d[j]
			}
			if l == 0 {
				break
			}
			prev := make([]float64, k) // through W, then sigmoid's derivative
			for q := 0; q < k; q++ {
				for j := 0; j < n; j++ {
					prev[q] += d[j] * r.p[off+q*n+j]
				}
				prev[q] *= r.slope * a[q] * (1 - a[q])
			}
			d = prev
		}
	}
	return loss, g
}

// train takes one Adam step on the samples rows.
func (r *clfRef) train(images []float64, labels []int, rows []int32) {
	_, g := r.grad(images, labels, rows)
	s := r.spec
	r.step++
	bc1 := 1 - math.Pow(s.Beta1, float64(r.step))
	bc2 := 1 - math.Pow(s.Beta2, float64(r.step))
	for i, w := range r.p {
		gi := g[i] + s.L2*w
		r.m[i] = s.Beta1*r.m[i] + (1-s.Beta1)*gi
		r.v[i] = s.Beta2*r.v[i] + (1-s.Beta2)*gi*gi
		r.p[i] = w - s.LR*(r.m[i]/bc1)/(math.Sqrt(r.v[i]/bc2)+s.Eps)
	}
}

// evaluate returns the mean loss and accuracy on a data set, and the
// smallest gap between the largest and second-largest logit of any sample
// (how close a prediction is to flipping).
func (r *clfRef) evaluate(images []float64, labels []int) (loss, acc, margin float64) {
	in := r.spec.Inputs
	margin = math.Inf(1)
	for i, label := range labels {
		x := images[i*in : (i+1)*in]
		_, _, p, l, pred := r.sample(x, label)
		loss += l
		if pred == label {
			acc++
		}
		// Logit gaps are log ratios of probabilities.
		for c := range p {
			if c != pred {
				margin = min(margin, math.Log(p[pred]/p[c]))
			}
		}
	}
	return loss / float64(len(labels)), acc / float64(len(labels)), margin
}

// clfTestSpec is the tiny network of the tests.
func clfTestSpec() ClassifierSpec {
	return ClassifierSpec{Inputs: 12, Hidden: 6, Classes: 10, Batch: 5, LR: 0.01, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, L2: 1e-3}
}

// clfInit draws runs parameter vectors as PyTorch's nn.Linear does,
// uniform in ±1/sqrt(fan-in), one after another.
func clfInit(r *rand.Rand, spec ClassifierSpec, runs int) []float64 {
	ref := &clfRef{spec: spec}
	var out []float64
	for range runs {
		p := make([]float64, spec.NumParams())
		for l := 0; l < 3; l++ {
			k, n, off := ref.layer(l)
			bound := 1 / math.Sqrt(float64(k))
			for i := off; i < off+(k+1)*n; i++ {
				p[i] = (2*r.Float64() - 1) * bound
			}
		}
		out = append(out, p...)
	}
	return out
}

// clfData draws n samples like MNIST's: inputs in [0,1], about half zero,
// and random labels.
func clfData(r *rand.Rand, spec ClassifierSpec, n int) ([]float64, []int) {
	images, labels := make([]float64, n*spec.Inputs), make([]int, n)
	for i := range images {
		if r.IntN(2) == 0 {
			images[i] = r.Float64()
		}
	}
	for i := range labels {
		labels[i] = r.IntN(spec.Classes)
	}
	return images, labels
}

// TestClassifierReferenceGradient checks the reference's backward pass
// against central differences of its loss, so that the GPU tests compare
// against a correct oracle.
func TestClassifierReferenceGradient(t *testing.T) {
	spec := clfTestSpec()
	rnd := rand.New(rand.NewPCG(21, 22))
	images, labels := clfData(rnd, spec, 9)
	rows := []int32{3, 0, 8, 3, 5}
	for _, slope := range []float64{0.3, 2.5} {
		ref := newClfRef(spec, slope, clfInit(rnd, spec, 1))
		_, g := ref.grad(images, labels, rows)
		const h = 1e-6
		for i := range ref.p {
			w := ref.p[i]
			ref.p[i] = w + h
			lp, _ := ref.grad(images, labels, rows)
			ref.p[i] = w - h
			lm, _ := ref.grad(images, labels, rows)
			ref.p[i] = w
			fd := (lp - lm) / (2 * h)
			// Central differences err by O(h²) plus rounding ~1e-16/h.
			if d := math.Abs(fd - g[i]); d > 1e-7+1e-6*math.Abs(g[i]) {
				t.Fatalf("slope %v: d loss/d param %d = %v by backprop, %v by finite differences", slope, i, g[i], fd)
			}
		}
	}
}

func TestClassifierSpecCheck(t *testing.T) {
	ok := clfTestSpec()
	if err := ok.Check(); err != nil {
		t.Fatal(err)
	}
	if got, want := ok.NumParams(), 12*6+6+6*6+6+6*10+10; got != want {
		t.Fatalf("NumParams = %d, want %d", got, want)
	}
	for _, c := range []struct {
		edit func(*ClassifierSpec)
		want string
	}{
		{func(s *ClassifierSpec) { s.Inputs = 0 }, "Inputs is 0"},
		{func(s *ClassifierSpec) { s.Hidden = -1 }, "Hidden is -1"},
		{func(s *ClassifierSpec) { s.Classes = 1 }, "Classes is 1"},
		{func(s *ClassifierSpec) { s.Batch = 0 }, "Batch is 0"},
		{func(s *ClassifierSpec) { s.LR = 0 }, "LR is 0"},
		{func(s *ClassifierSpec) { s.LR = math.NaN() }, "LR is NaN"},
		{func(s *ClassifierSpec) { s.Beta1 = 1 }, "Beta1 is 1"},
		{func(s *ClassifierSpec) { s.Beta2 = math.NaN() }, "Beta2 is NaN"},
		{func(s *ClassifierSpec) { s.Eps = 0 }, "Eps is 0"},
		{func(s *ClassifierSpec) { s.L2 = -1 }, "L2 is -1"},
		{func(s *ClassifierSpec) { s.Inputs, s.Hidden = 1<<20, 1<<20 }, "more than 2^31-1"},
	} {
		s := ok
		c.edit(&s)
		if err := s.Check(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: Check() = %v, want an error containing %q", s, err, c.want)
		}
	}
}

// TestClassifierInputChecks covers the validation shared by every backend.
func TestClassifierInputChecks(t *testing.T) {
	spec := clfTestSpec()
	p := make([]float64, 2*spec.NumParams())
	for _, c := range []struct {
		slopes, params []float64
		want           string
	}{
		{nil, nil, "with 0 slopes"},
		{[]float64{1, math.Inf(1)}, p, "slope 1 is +Inf"},
		{[]float64{1, 2}, p[1:], "params has 379 values, want 380 (2 runs × 190 parameters of a 12-6-6-10 network)"},
		{[]float64{1, 2}, append(append([]float64(nil), p[1:]...), math.NaN()), "parameter 189 of run 1 is NaN"},
	} {
		if err := checkClassifierRuns(spec, c.slopes, c.params); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("checkClassifierRuns(%d slopes, %d params) = %v, want %q", len(c.slopes), len(c.params), err, c.want)
		}
	}
	for _, c := range []struct {
		images []float64
		labels []int
		want   string
	}{
		{nil, nil, "has 0 labels"},
		{make([]float64, 23), []int{0, 1}, "has 23 image values for 2 labels; want 24 (2 samples × 12 inputs)"},
		{make([]float64, 24), []int{0, 10}, "label 1 is 10; labels must be classes 0 to 9"},
		{make([]float64, 24), []int{-1, 0}, "label 0 is -1"},
		{append(make([]float64, 23), math.NaN()), []int{0, 1}, "image value 23 (sample 1) is NaN"},
	} {
		if _, err := checkClassifierData(spec, "training", c.images, c.labels); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("checkClassifierData = %v, want %q", err, c.want)
		}
	}
	if err := checkClassifierRows([]int32{0, 39, 40}, 40); err == nil || !strings.Contains(err.Error(), "row index 2 is 40; the data set has 40 samples (indices 0 to 39)") {
		t.Errorf("checkClassifierRows = %v", err)
	}
}
