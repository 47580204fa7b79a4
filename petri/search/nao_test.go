package search

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/petridish-go/petridish/petri/autodiff"
	"github.com/petridish-go/petridish/petri/dish"
	"github.com/petridish-go/petridish/petri/motif"
	"github.com/petridish-go/petridish/petri/nn"
	"github.com/petridish-go/petridish/petri/rng"
)

// smallNAO is a NAO small enough for tests: the defaults' shape (LSTMs,
// attention, ReLU predictor) at a fraction of the width.
func smallNAO() NAO {
	n := DefaultNAO()
	n.Hidden, n.MLPLayers, n.MLPHidden = 32, 2, 24
	n.Epochs, n.LR = 300, 2e-2
	n.Children = 30
	return n
}

// syntheticKnown returns n random cells and their synthetic losses.
func syntheticKnown(n int, seed uint64) ([]motif.Motif, []motif.Cell, []float64) {
	known := motif.RandomCells(n, rng.New(seed))
	cells := make([]motif.Cell, n)
	losses := make([]float64, n)
	for i, m := range known {
		cells[i] = m.(motif.Cell)
		losses[i] = syntheticLoss(cells[i])
	}
	return known, cells, losses
}

func TestNAOTokensRoundTrip(t *testing.T) {
	r := rng.New(1)
	for range 200 {
		c := motif.RandomCell(r)
		s := naoTokens(c)
		for k, tok := range s {
			if lo, hi := naoAllowed(k); tok < lo || tok >= hi {
				t.Fatalf("cell %s: token %d at position %d is outside [%d, %d)", c, tok, k, lo, hi)
			}
			if tok == naoSOS {
				t.Fatalf("cell %s: position %d uses the start token", c, k)
			}
		}
		if back := naoCell(s); back != c {
			t.Fatalf("naoCell(naoTokens(%s)) = %s", c, back)
		}
	}
}

func TestNAOTargets(t *testing.T) {
	got := naoTargets([]float64{5, 6, 7, math.Inf(1)})
	want := []float64{1, 0.5, 0, 0}
	if !slices.Equal(got, want) {
		t.Fatalf("naoTargets = %v, want %v", got, want)
	}
	if got := naoTargets([]float64{3, 3}); !slices.Equal(got, []float64{0.5, 0.5}) {
		t.Fatalf("naoTargets of equal losses = %v, want 0.5 each", got)
	}
}

// TestNAONetGradient checks the autodiff gradient of NAO's training loss
// (encoder, predictor, attention decoder) and of the predictor with
// respect to the encoder outputs (the ascent direction) against central
// finite differences. The loss is smooth except at ReLU kinks, which a
// step of 1e-6 almost never crosses; the truncation error is O(h^2 f”')
// ~ 1e-12 and the rounding error ~ 1e-16 / 1e-6 = 1e-10, so 1e-6
// relative (with a 1e-8 floor) leaves a wide margin.
func TestNAONetGradient(t *testing.T) {
	n := NAO{Hidden: 4, MLPLayers: 1, MLPHidden: 5, Tradeoff: 0.8}
	net, err := newNAONet(n.Hidden, n.MLPLayers, n.MLPHidden, rng.New(2))
	if err != nil {
		t.Fatal(err)
	}
	_, cells, losses := syntheticKnown(3, 4)
	seqs := naoSeqs(cells)
	y := naoTargets(losses)
	lossAt := func() float64 {
		tp := autodiff.NewTape()
		return n.loss(net, nn.Load(tp, net.params), seqs, y).Item()
	}
	tp := autodiff.NewTape()
	p := nn.Load(tp, net.params)
	g, err := autodiff.Grad(n.loss(net, p, seqs, y), p, false)
	if err != nil {
		t.Fatal(err)
	}
	const h = 1e-6
	checked := 0
	for i, prm := range net.params {
		for _, k := range []int{0, len(prm.Data) / 2, len(prm.Data) - 1} {
			if i == naoEncEmb || i == naoDecEmb {
				// Rows of tokens the cells use get gradient; pick one.
				k = seqs[0][0]*n.Hidden + 1
				if i == naoDecEmb {
					k = naoSOS*n.Hidden + 2
				}
			}
			x := prm.Data[k]
			prm.Data[k] = x + h
			up := lossAt()
			prm.Data[k] = x - h
			down := lossAt()
			prm.Data[k] = x
			fd := (up - down) / (2 * h)
			ad := g[i].Data()[k]
			if math.Abs(fd-ad) > 1e-6*math.Max(math.Abs(fd), 1e-2) {
				t.Errorf("d loss / d %s[%d]: autodiff %.10g, finite differences %.10g", prm.Name, k, ad, fd)
			}
			checked++
		}
	}
	if checked < 3*len(net.params) {
		t.Fatalf("checked only %d entries", checked)
	}

	// The ascent direction: d sum(predicted performance) / d encoder outputs.
	tp = autodiff.NewTape()
	p = nn.Load(tp, net.params)
	outs, _ := net.encode(p, seqs)
	base := append([]float64(nil), outs.Data()...)
	shape := outs.Shape()
	predAt := func(o []float64) float64 {
		tp := autodiff.NewTape()
		p := nn.Load(tp, net.params)
		x := tp.From(o, shape...)
		return net.predict(p, net.embed(x)).Sum().Item()
	}
	tp2 := autodiff.NewTape()
	p2 := nn.Load(tp2, net.params)
	x := tp2.From(base, shape...)
	gx, err := autodiff.Grad(net.predict(p2, net.embed(x)).Sum(), []autodiff.Tensor{x}, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []int{0, 7, len(base) / 2, len(base) - 1} {
		o := append([]float64(nil), base...)
		o[k] += h
		up := predAt(o)
		o[k] -= 2 * h
		down := predAt(o)
		fd := (up - down) / (2 * h)
		if ad := gx[0].Data()[k]; math.Abs(fd-ad) > 1e-6*math.Max(math.Abs(fd), 1e-2) {
			t.Errorf("d prediction / d encoder output %d: autodiff %.10g, finite differences %.10g", k, ad, fd)
		}
	}
}

// TestNAOLearns trains a small NAO on 40 random cells with the synthetic
// loss and checks the three things NAO relies on: the predictor ranks the
// known cells, the decoder reconstructs them, and the gradient ascent
// from the best of them decodes new cells that are better than the known
// ones on average.
func TestNAOLearns(t *testing.T) {
	n := smallNAO()
	_, cells, losses := syntheticKnown(40, 5)
	net, err := newNAONet(n.Hidden, n.MLPLayers, n.MLPHidden, rng.New(6))
	if err != nil {
		t.Fatal(err)
	}
	if err := n.train(context.Background(), net, cells, naoTargets(losses), rng.New(7)); err != nil {
		t.Fatal(err)
	}

	perf, err := net.predictCells(cells)
	if err != nil {
		t.Fatal(err)
	}
	neg := make([]float64, len(perf))
	for i, v := range perf {
		neg[i] = -v
	}
	if rho := dish.Spearman(neg, losses); rho < 0.8 {
		t.Errorf("predictor's Spearman correlation with the training losses is %.3f, want >= 0.8", rho)
	}

	tp := autodiff.NewTape()
	p := nn.Load(tp, net.params)
	seqs := naoSeqs(cells)
	outs, emb := net.encode(p, seqs)
	exact := 0
	for i, s := range net.decode(p, outs, emb) {
		if s == seqs[i] {
			exact++
		}
	}
	if exact < 36 {
		t.Errorf("decoder reconstructs %d of 40 known cells exactly, want >= 36", exact)
	}

	seen := map[motif.Cell]bool{}
	for _, c := range cells {
		seen[c] = true
	}
	found, err := n.ascend(context.Background(), net, elite(cells, losses, n.Seeds), seen)
	if err != nil {
		t.Fatal(err)
	}
	if len(found) < n.Children/2 {
		t.Fatalf("ascent found %d new cells, want at least %d", len(found), n.Children/2)
	}
	meanKnown, meanFound := mean(losses), 0.0
	for _, c := range found {
		meanFound += syntheticLoss(c) / float64(len(found))
	}
	t.Logf("exact reconstructions %d/40; ascent found %d new cells with mean synthetic loss %.2f (known cells %.2f)", exact, len(found), meanFound, meanKnown)
	if meanFound > meanKnown-1 {
		t.Errorf("ascent cells have mean synthetic loss %.2f, want at least 1 below the known cells' %.2f", meanFound, meanKnown)
	}
}

func TestNAOProposeContract(t *testing.T) {
	n := smallNAO()
	n.Epochs = 60
	known, _, losses := syntheticKnown(20, 8)
	props, err := n.Propose(context.Background(), known, losses, rng.New(9))
	if err != nil {
		t.Fatal(err)
	}
	if len(props) != n.Children {
		t.Fatalf("Propose returned %d cells, want %d", len(props), n.Children)
	}
	if err := checkProposals(props, known, n.Children); err != nil {
		t.Fatal(err)
	}
	again, err := n.Propose(context.Background(), known, losses, rng.New(9))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(props, again) {
		t.Fatal("Propose with the same seed gave different cells")
	}
}

func TestNAOTopsUpWithMutations(t *testing.T) {
	n := smallNAO()
	n.Epochs, n.Seeds, n.MaxSteps, n.Children = 5, 1, 1, 12
	known, _, losses := syntheticKnown(10, 10)
	props, fromAscent, err := n.propose(context.Background(), known, losses, rng.New(11))
	if err != nil {
		t.Fatal(err)
	}
	if fromAscent > 1 {
		t.Fatalf("one seed and one step gave %d cells by ascent, want at most 1", fromAscent)
	}
	if err := checkProposals(props, known, n.Children); err != nil {
		t.Fatal(err)
	}
	if len(props) != n.Children {
		t.Fatalf("got %d proposals, want %d", len(props), n.Children)
	}
}

func TestNAOErrors(t *testing.T) {
	known, _, losses := syntheticKnown(5, 12)
	bad := []struct {
		name   string
		change func(*NAO)
		want   string
	}{
		{"hidden", func(n *NAO) { n.Hidden = 0 }, "hidden is 0"},
		{"mlp", func(n *NAO) { n.MLPHidden = 0 }, "predictor has 3 layers 0 wide"},
		{"tradeoff", func(n *NAO) { n.Tradeoff = 1.5 }, "trade-off is 1.5"},
		{"lr", func(n *NAO) { n.LR = math.NaN() }, "learning rate is NaN"},
		{"l2", func(n *NAO) { n.L2 = -1 }, "L2 is -1"},
		{"clip", func(n *NAO) { n.GradClip = -1 }, "gradient clip is -1"},
		{"epochs", func(n *NAO) { n.Epochs = 0 }, "epochs is 0"},
		{"batch", func(n *NAO) { n.BatchSize = 0 }, "batch size is 0"},
		{"seeds", func(n *NAO) { n.Seeds = 0 }, "seeds is 0"},
		{"children", func(n *NAO) { n.Children = 0 }, "children is 0"},
		{"lambda", func(n *NAO) { n.StepLambda = 0 }, "step lambda is 0"},
		{"steps", func(n *NAO) { n.MaxSteps = 0 }, "max steps is 0"},
	}
	for _, b := range bad {
		n := DefaultNAO()
		b.change(&n)
		if _, err := n.Propose(context.Background(), known, losses, rng.New(1)); err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("%s: error %v, want one containing %q", b.name, err, b.want)
		}
	}
	n := smallNAO()
	if _, err := n.Propose(context.Background(), known[:1], losses[:1], rng.New(1)); err == nil || !strings.Contains(err.Error(), "at least 2 known cells") {
		t.Errorf("one known cell: error %v", err)
	}
	nan := slices.Clone(losses)
	nan[2] = math.NaN()
	if _, err := n.Propose(context.Background(), known, nan, rng.New(1)); err == nil || !strings.Contains(err.Error(), "NaN") {
		t.Errorf("NaN loss: error %v", err)
	}
	if _, err := n.Propose(context.Background(), known, losses[:3], rng.New(1)); err == nil || !strings.Contains(err.Error(), "one ground-truth loss per cell") {
		t.Errorf("short losses: error %v", err)
	}
	l := DefaultLoop()
	l.Proposer, l.TopK = smallNAO(), 31
	if err := l.Validate(); err == nil || !strings.Contains(err.Error(), "makes only 30 cells") {
		t.Errorf("TopK above NAO's children: error %v", err)
	}
}

// TestLoopNAO runs Algorithm 1 with NAO as the NAS method on the
// synthetic ground truth and checks that it improves on its warm start
// by more than random search does with the same number of evaluations.
func TestLoopNAO(t *testing.T) {
	n := smallNAO()
	l := Loop{Init: 20, Iterations: 3, TopK: 5, Proposer: n, Seed: 13}
	res, err := l.Run(context.Background(), synthetic, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Losses) != l.Evaluations() {
		t.Fatalf("%d evaluations, want %d", len(res.Losses), l.Evaluations())
	}
	warm := slices.Min(res.Losses[:l.Init])
	randomBest := slices.Min(append(slices.Clone(res.Losses[:l.Init]), lossesOf(motif.RandomCells(l.Iterations*l.TopK, rng.New(14)))...))
	t.Logf("warm start best %.2f; NAO best %.2f; random search best %.2f", warm, res.BestLoss, randomBest)
	if !(res.BestLoss < warm-1) || !(res.BestLoss < randomBest) {
		t.Errorf("NAO's best loss %.2f: want at least 1 below the warm start's %.2f and below random search's %.2f", res.BestLoss, warm, randomBest)
	}
}

func lossesOf(ms []motif.Motif) []float64 {
	out := make([]float64, len(ms))
	for i, m := range ms {
		out[i] = syntheticLoss(m.(motif.Cell))
	}
	return out
}

func mean(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// TestNAOCancel checks that a cancelled context stops NAO's training
// within a step, with an error that wraps the context's.
func TestNAOCancel(t *testing.T) {
	n := DefaultNAO()
	n.Epochs = 100000 // far longer than the test waits
	known, _, losses := syntheticKnown(10, 15)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	start := time.Now()
	_, err := n.Propose(ctx, known, losses, rng.New(1))
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "NAO training stopped") {
		t.Fatalf("error %v, want one wrapping context.Canceled", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("Propose returned %v after the cancel", d)
	}
}
