package groundtruth

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/petridish-go/petridish/petri/autodiff"
	"github.com/petridish-go/petridish/petri/data"
	"github.com/petridish-go/petridish/petri/motif"
	"github.com/petridish-go/petridish/petri/progress"
	"github.com/petridish-go/petridish/petri/rng"
)

// naoBest is NAO's best cell on Penn Treebank.
const naoBest = "0 1 0 1 1 1 3 0 4 1 4 1 5 1 1 1 7 1 1 1 1 2"

// toyCorpus makes a corpus of 20 words whose text a recurrent model can
// learn but a unigram model cannot: sentences "<eos> a s(a) s(s(a))" with
// a drawn uniformly from words 1-19 and s a fixed permutation of them, and
// one token in 20 replaced by a random word. Knowing the sentence so far,
// only a is uncertain, so a model that tracks the position can reach
// about log(19)/4 + noise, roughly 1 nat per token, while the unigram
// entropy is about 2.8 nats and log V 3.0.
func toyCorpus(train, valid int, seed uint64) *data.Corpus {
	const V = 20
	words := make([]string, V)
	words[0] = data.EOS
	for i := 1; i < V; i++ {
		words[i] = fmt.Sprintf("w%d", i)
	}
	r := rng.New(seed)
	succ := func(a int) int { return 1 + (7*a)%19 }
	text := func(n int) []int {
		ids := make([]int, 0, n+4)
		for len(ids) < n {
			a := 1 + r.IntN(19)
			ids = append(ids, 0, a, succ(a), succ(succ(a)))
		}
		ids = ids[:n]
		for i := range ids {
			if r.IntN(20) == 0 {
				ids[i] = r.IntN(V)
			}
		}
		return ids
	}
	return &data.Corpus{Words: words, Train: text(train), Valid: text(valid), Test: text(valid)}
}

// toyConfig trains a small model on 6,000 tokens of toyCorpus in about
// half a second.
func toyConfig() PTBConfig {
	return PTBConfig{Hidden: 16, Batch: 8, BPTT: 12, Epochs: 6, LR: 5, Clip: 0.5, InitRange: 0.3, Seed: 1}
}

func TestTrainCellLearnsToyLanguage(t *testing.T) {
	corpus := toyCorpus(6000, 1000, 1)
	cfg := toyConfig()
	c, _ := motif.ParseCell(naoBest)
	res, err := TrainCell(context.Background(), c, corpus, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	uni, err := PTBUnigramLoss(corpus, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%v; unigram loss %.3f, log V %.3f; train loss first %.3f last %.3f", res, uni, math.Log(20), res.TrainLoss[0], res.TrainLoss[len(res.TrainLoss)-1])
	if res.ValidLoss > 0.6*uni {
		t.Errorf("validation loss %.3f is not well below the unigram loss %.3f (log V = %.3f): the model did not learn the sentences", res.ValidLoss, uni, math.Log(20))
	}
	if math.Abs(res.TrainLoss[0]-math.Log(20)) > 0.05 {
		t.Errorf("first window's loss %.4f; with small initial weights it should be close to log V = %.4f", res.TrainLoss[0], math.Log(20))
	}
	// 6000 tokens in 8 streams of 750, windows of 12: 63 per epoch.
	if want := 6 * 63; len(res.TrainLoss) != want {
		t.Errorf("%d training losses; want one per window, %d", len(res.TrainLoss), want)
	}
	if want := 6 * 749 * 8; res.Tokens != want {
		t.Errorf("Tokens = %d; want %d", res.Tokens, want)
	}
	if want := 99 * 10; res.ValidTokens != want { // 1000 tokens in 10 streams of 100
		t.Errorf("ValidTokens = %d; want %d", res.ValidTokens, want)
	}
	if want := 20*16 + 4*16*16 + 11*2*16*16 + 20; res.Params != want {
		t.Errorf("Params = %d; want %d", res.Params, want)
	}
	if res.ValidPPL != math.Exp(res.ValidLoss) || res.Cell != naoBest || res.Seed != 1 || !(res.TokensPerSec > 0) {
		t.Errorf("inconsistent result %+v", res)
	}
}

func TestPTBUnigramLoss(t *testing.T) {
	// Training tokens 0 0 0 1 (V = 3): add-one probabilities 4/7, 2/7, 1/7.
	// Validation 20 tokens in 10 streams of 2: the second token of each
	// stream is scored, here tokens 1, 3, ..., 19.
	valid := make([]int, 20)
	for i := range valid {
		valid[i] = []int{0, 1, 2, 2}[i%4] // scored: 1, 2, 1, 2, ...
	}
	corpus := &data.Corpus{Words: []string{"a", "b", "c"}, Train: []int{0, 0, 0, 1}, Valid: valid}
	cfg := DefaultPTBConfig()
	cfg.Batch, cfg.TrainTokens, cfg.ValidTokens = 2, 0, 0
	got, err := PTBUnigramLoss(corpus, cfg)
	if err != nil {
		t.Fatal(err)
	}
	want := (-math.Log(2.0/7) - math.Log(1.0/7)) / 2
	if math.Abs(got-want) > 1e-15 {
		t.Errorf("unigram loss %v; want %v", got, want)
	}
}

// lmRefLoss records one window's mean cross-entropy entirely on autodiff
// (decoder and softmax too) and returns it with the parameters as tape
// tensors (E, W_0, W_1..W_11, bias): the oracle of the fused decoder.
func lmRefLoss(m *lm, input, target []int, L, B int, h []float64) (autodiff.Tensor, []autodiff.Tensor, error) {
	H, err := m.record(context.Background(), input, L, B, slices.Clone(h))
	if err != nil {
		return autodiff.Tensor{}, nil, err
	}
	tp, V := m.tp, m.V
	b := tp.From(m.params[lmBias], V)
	logits := H.MatMul(m.in[lmEmb].Transpose()).Add(b)
	flat := make([]int, len(target))
	for r, t := range target {
		flat[r] = r*V + t
	}
	loss := logits.LogSoftmax(1).Reshape(L*B*V).Gather(0, flat).Mean().Neg()
	return loss, append(slices.Clone(m.in), b), loss.Err()
}

// TestLMGradient checks the gradient of one window's loss with respect to
// every parameter (embedding, all twelve cell matrices, decoder bias), as
// TrainCell computes it, on a tiny model (V 7, state 3, 2 streams, 4
// steps, a non-zero incoming state, a cell with all four activations,
// weights in +-1.5 so that every matrix gets gradients well above the
// rounding noise: more than half are above 1e-3).
//
// Against the same loss recorded entirely on autodiff, it must agree to
// 1e-12: both are exact up to the rounding of a few hundred operations on
// values of order 1.
//
// Against central finite differences with step 1e-6 it must agree to
// 1e-8 + 1e-6|g|: the rounding error of a difference is about 1e-16 *
// loss / step = 2e-10 (measured: at most 4e-10) and the truncation error
// (step squared times a third derivative) of order 1e-12, so 1e-8 leaves
// a margin of 25, while a wrong term (a missing transpose, the one-hot or
// bias term, one of the tied embedding's two shares, a detached state that
// is not) is off by orders of magnitude more. ReLU's kink does not
// interfere: no pre-activation is within 1e-6 of 0 for this seed (else
// the difference would fail).
func TestLMGradient(t *testing.T) {
	const V, D, B, L = 7, 3, 2, 4
	c, err := motif.ParseCell("0 0 1 1 0 2 2 3 3 0 1 2 4 1 5 3 7 0 8 2 9 1")
	if err != nil {
		t.Fatal(err)
	}
	r := rng.New(5)
	m := newLM(c, V, D, 1.5, r)
	for j := range m.params[lmBias] {
		m.params[lmBias][j] = r.Float64() - 0.5
	}
	input, target := make([]int, L*B), make([]int, L*B)
	for i := range input {
		input[i], target[i] = r.IntN(V), r.IntN(V)
	}
	h0 := make([]float64, B*D)
	for i := range h0 {
		h0[i] = r.Float64() - 0.5
	}
	ctx := context.Background()
	h := slices.Clone(h0)
	loss, err := m.trainWindow(ctx, input, target, L, B, h)
	if err != nil {
		t.Fatal(err)
	}
	grads := make([][]float64, lmNParams)
	for i, g := range m.grads {
		grads[i] = slices.Clone(g)
	}
	// The state after the window is the evaluation's.
	hEval := slices.Clone(h0)
	sum, err := m.evalWindow(ctx, input, target, L, B, hEval)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(h, hEval) || math.Abs(sum/(L*B)-loss) > 1e-15 {
		t.Fatalf("training and evaluation differ: loss %v vs %v, state %v vs %v", loss, sum/(L*B), h, hEval)
	}

	ref, refParams, err := lmRefLoss(m, input, target, L, B, h0)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(ref.Item()-loss) > 1e-12 {
		t.Errorf("fused loss %v, autodiff loss %v", loss, ref.Item())
	}
	refGrads, err := autodiff.Grad(ref, refParams, false)
	if err != nil {
		t.Fatal(err)
	}
	names := func(i int) string {
		switch {
		case i == lmEmb:
			return "E"
		case i == lmBias:
			return "bias"
		default:
			return fmt.Sprintf("W_%d", i-lmW0)
		}
	}
	for i, g := range grads {
		for j, want := range refGrads[i].Data() {
			if math.Abs(g[j]-want) > 1e-12 {
				t.Errorf("%s[%d]: fused gradient %v, autodiff %v", names(i), j, g[j], want)
			}
		}
	}

	lossAt := func() float64 {
		s, err := m.evalWindow(ctx, input, target, L, B, slices.Clone(h0))
		if err != nil {
			t.Fatal(err)
		}
		return s / (L * B)
	}
	const eps = 1e-6
	checked, big := 0, 0
	worst := 0.0
	for i, p := range m.params {
		for j := range p {
			orig := p[j]
			p[j] = orig + eps
			up := lossAt()
			p[j] = orig - eps
			down := lossAt()
			p[j] = orig
			fd := (up - down) / (2 * eps)
			if math.Abs(grads[i][j]-fd) > 1e-8+1e-6*math.Abs(fd) {
				t.Errorf("%s[%d]: gradient %v, finite difference %v", names(i), j, grads[i][j], fd)
			}
			checked++
			if math.Abs(fd) > 1e-3 {
				big++
			}
			worst = max(worst, math.Abs(grads[i][j]-fd))
		}
	}
	t.Logf("%d gradients, %d above 1e-3; largest difference from finite differences %.2g", checked, big, worst)
	if big < checked/2 {
		t.Errorf("only %d of %d gradients are above 1e-3; the check is too weak", big, checked)
	}
}

func TestTrainCellDeterministic(t *testing.T) {
	corpus := toyCorpus(3000, 500, 2)
	cfg := toyConfig()
	cfg.Epochs = 1
	c, _ := motif.ParseCell(naoBest)
	run := func(cfg PTBConfig, c motif.Cell) PTBResult {
		t.Helper()
		res, err := TrainCell(context.Background(), c, corpus, cfg, nil)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	a, b := run(cfg, c), run(cfg, c)
	if a.ValidLoss != b.ValidLoss || !slices.Equal(a.TrainLoss, b.TrainLoss) {
		t.Errorf("same seed, different runs: %v vs %v", a.ValidLoss, b.ValidLoss)
	}
	// The decoder splits rows among the cores; the split must not show.
	procs := runtime.GOMAXPROCS(1)
	one := run(cfg, c)
	runtime.GOMAXPROCS(procs)
	if one.ValidLoss != a.ValidLoss || !slices.Equal(one.TrainLoss, a.TrainLoss) {
		t.Errorf("one core and %d cores differ: %v vs %v", procs, one.ValidLoss, a.ValidLoss)
	}
	cfg2 := cfg
	cfg2.Seed = 2
	if s := run(cfg2, c); s.ValidLoss == a.ValidLoss {
		t.Errorf("seeds 1 and 2 give the same validation loss %v", s.ValidLoss)
	}
	id, _ := motif.ParseCell("0 3 1 3 2 3 3 3 4 3 5 3 6 3 7 3 8 3 9 3 10 3")
	if o := run(cfg, id); o.ValidLoss == a.ValidLoss || slices.Equal(o.TrainLoss, a.TrainLoss) {
		t.Errorf("NAO's cell and the identity cell train identically: validation loss %v", o.ValidLoss)
	}
}

func TestPTBConfigValidate(t *testing.T) {
	if err := DefaultPTBConfig().Validate(); err != nil {
		t.Fatalf("default config: %v", err)
	}
	for _, c := range []struct {
		field string
		set   func(*PTBConfig)
	}{
		{"Hidden", func(c *PTBConfig) { c.Hidden = 0 }},
		{"Batch", func(c *PTBConfig) { c.Batch = -1 }},
		{"BPTT", func(c *PTBConfig) { c.BPTT = 0 }},
		{"Epochs", func(c *PTBConfig) { c.Epochs = 0 }},
		{"TrainTokens", func(c *PTBConfig) { c.TrainTokens = -5 }},
		{"ValidTokens", func(c *PTBConfig) { c.ValidTokens = -1 }},
		{"TrainTokens", func(c *PTBConfig) { c.TrainTokens = 2*c.Batch - 1 }}, // fewer than 2 per stream
		{"ValidTokens", func(c *PTBConfig) { c.ValidTokens = 2*PTBEvalBatch - 1 }},
		{"LR", func(c *PTBConfig) { c.LR = 0 }},
		{"LR", func(c *PTBConfig) { c.LR = math.NaN() }},
		{"LR", func(c *PTBConfig) { c.LR = math.Inf(1) }},
		{"Clip", func(c *PTBConfig) { c.Clip = -0.25 }},
		{"Clip", func(c *PTBConfig) { c.Clip = math.NaN() }},
		{"InitRange", func(c *PTBConfig) { c.InitRange = 0 }},
	} {
		cfg := DefaultPTBConfig()
		c.set(&cfg)
		err := cfg.Validate()
		if err == nil || !strings.Contains(err.Error(), c.field+" is") {
			t.Errorf("%+v: error %v; want one naming %s", cfg, err, c.field)
			continue
		}
		// TrainCell and PTBUnigramLoss check the config first.
		if _, err := TrainCell(context.Background(), motif.Cell{}, nil, cfg, nil); err == nil || !strings.Contains(err.Error(), c.field) {
			t.Errorf("TrainCell with bad %s: %v", c.field, err)
		}
		if _, err := PTBUnigramLoss(toyCorpus(100, 100, 1), cfg); err == nil || !strings.Contains(err.Error(), c.field) {
			t.Errorf("PTBUnigramLoss with bad %s: %v", c.field, err)
		}
	}
	cfg := DefaultPTBConfig()
	cfg.Clip = 0 // no clipping is allowed
	if err := cfg.Validate(); err != nil {
		t.Errorf("Clip 0: %v", err)
	}
}

func TestTrainCellBadInput(t *testing.T) {
	good, _ := motif.ParseCell(naoBest)
	bad := good
	bad.Prev[3] = 7
	corpus := toyCorpus(1000, 200, 1)
	outside := toyCorpus(1000, 200, 1)
	outside.Valid[5] = 20
	cfg := toyConfig()
	for _, c := range []struct {
		name   string
		cell   motif.Cell
		corpus *data.Corpus
		set    func(*PTBConfig)
		want   string
	}{
		{"invalid cell", bad, corpus, nil, "node 4 reads node 7"},
		{"nil corpus", good, nil, nil, "corpus is nil"},
		{"no words", good, &data.Corpus{Train: []int{0, 0}}, nil, "0 words"},
		{"long prefix", good, corpus, func(c *PTBConfig) { c.TrainTokens = 1001 }, "TrainTokens is 1001 but the train split has 1000"},
		{"long valid prefix", good, corpus, func(c *PTBConfig) { c.ValidTokens = 300 }, "ValidTokens is 300 but the valid split has 200"},
		{"few tokens", good, corpus, func(c *PTBConfig) { c.TrainTokens = 15 }, "use at least 16"},
		{"few valid tokens", good, corpus, func(c *PTBConfig) { c.ValidTokens = 19 }, "use at least 20"},
		{"short corpus", good, toyCorpus(15, 200, 1), func(c *PTBConfig) { c.TrainTokens = 0 }, "15 train tokens (TrainTokens) are too few"},
		{"unknown id", good, outside, nil, "valid token 5 has id 20, outside the vocabulary of 20 words"},
	} {
		cfg := cfg
		if c.set != nil {
			c.set(&cfg)
		}
		_, err := TrainCell(context.Background(), c.cell, c.corpus, cfg, nil)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v; want one containing %q", c.name, err, c.want)
		}
	}
}

func TestTrainCellCancel(t *testing.T) {
	corpus := toyCorpus(3000, 500, 1)
	c, _ := motif.ParseCell(naoBest)
	ctx, cancel := context.WithCancel(context.Background())
	reports := 0
	rep := progress.Func(func(done, total int, status string) {
		reports++
		if done == 3 {
			cancel()
		}
	})
	_, err := TrainCell(ctx, c, corpus, toyConfig(), rep)
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "window 4") {
		t.Errorf("error %v; want context.Canceled in window 4", err)
	}
	if reports != 3 {
		t.Errorf("%d windows reported; cancelled after the third, training should stop in the fourth", reports)
	}
	// A context that ends inside a window stops it at the next time step.
	m := newLM(c, 20, 8, 0.1, rng.New(1))
	_, err = m.trainWindow(ctx, corpus.Train[:40], corpus.Train[1:41], 10, 4, make([]float64, 4*8))
	if !errors.Is(err, context.Canceled) {
		t.Errorf("window with a cancelled context: %v", err)
	}
}

func TestTrainCellDiverges(t *testing.T) {
	corpus := toyCorpus(3000, 500, 1)
	c, _ := motif.ParseCell(naoBest)
	cfg := toyConfig()
	cfg.LR, cfg.Clip = 1e12, 0
	_, err := TrainCell(context.Background(), c, corpus, cfg, nil)
	if !errors.Is(err, ErrDiverged) || !strings.Contains(err.Error(), "lower LR (now 1e+12)") ||
		!strings.Contains(err.Error(), "window") || !strings.Contains(err.Error(), "Clip") {
		t.Errorf("error %v; want one saying the model diverged in a window and to lower LR", err)
	}
}

func TestLMGradNorm(t *testing.T) {
	m := newLM(motif.Cell{}, 3, 1, 0.1, rng.New(1))
	for _, g := range m.grads {
		clear(g)
	}
	m.grads[lmEmb][0], m.grads[lmBias][2] = 3, 4
	if n := m.gradNorm(); n != 5 {
		t.Errorf("norm of (3, 4) is %v", n)
	}
	// Too large to square, but finite: clipping can still tame them.
	m.grads[lmEmb][0], m.grads[lmBias][2] = 3e200, 4e200
	if n := m.gradNorm(); math.Abs(n-5e200) > 1e186 {
		t.Errorf("norm of (3e200, 4e200) is %v", n)
	}
	m.grads[lmW0][1] = math.Inf(-1)
	if n := m.gradNorm(); !math.IsInf(n, 1) {
		t.Errorf("norm with an infinite gradient is %v", n)
	}
	m.grads[lmW0][1] = math.NaN()
	if n := m.gradNorm(); !math.IsNaN(n) {
		t.Errorf("norm with a NaN gradient is %v", n)
	}
}

// TestTrainCellPTB trains on a sliver of the real Penn Treebank when
// data.PTBDir finds it (it is not in the repository; CI skips this).
func TestTrainCellPTB(t *testing.T) {
	if _, err := data.PTBDir(); err != nil {
		t.Skip("no Penn Treebank here:", err)
	}
	corpus, err := data.PTB()
	if err != nil {
		t.Fatal(err)
	}
	cfg := DefaultPTBConfig()
	cfg.Hidden, cfg.TrainTokens, cfg.ValidTokens, cfg.Seed = 16, 8000, 2000, 1
	c, _ := motif.ParseCell(naoBest)
	res, err := TrainCell(context.Background(), c, corpus, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	uni, err := PTBUnigramLoss(corpus, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%v; unigram perplexity %.1f", res, math.Exp(uni))
	logV := math.Log(float64(len(corpus.Words)))
	k := len(res.TrainLoss)
	first, last := res.TrainLoss[0], 0.0
	for _, l := range res.TrainLoss[k-5:] {
		last += l / 5
	}
	if math.Abs(first-logV) > 0.01 || last > first-1 || !(res.ValidLoss < logV-1) {
		t.Errorf("training loss %.3f -> %.3f (last 5 windows), validation loss %.3f; want a start at log V = %.3f and a drop of over 1 nat", first, last, res.ValidLoss, logV)
	}
}

// TestTrainCellDivergesFinite checks that a run whose losses stay finite
// but far above a uniform prediction's (at a huge LR they reached 1e50,
// whose perplexity overflows) counts as diverged, and DivergedLoss's
// bound.
func TestTrainCellDivergesFinite(t *testing.T) {
	corpus := toyCorpus(200, 500, 1)
	c, _ := motif.ParseCell(naoBest)
	cfg := toyConfig()
	cfg.LR, cfg.Clip, cfg.Epochs = 100, 0.25, 1
	res, err := TrainCell(context.Background(), c, corpus, cfg, nil)
	if !errors.Is(err, ErrDiverged) || !strings.Contains(err.Error(), "uniform prediction") {
		t.Errorf("LR 1e9: %v (validation loss %v); want ErrDiverged", err, res.ValidLoss)
	}
	for _, x := range []struct {
		loss float64
		want bool
	}{{math.Log(20), false}, {2.9 * math.Log(20), false}, {3.1 * math.Log(20), true}, {1e50, true}, {math.Inf(1), true}, {math.NaN(), true}} {
		if got := DivergedLoss(x.loss, 20); got != x.want {
			t.Errorf("DivergedLoss(%v, 20) = %v", x.loss, got)
		}
	}
}
