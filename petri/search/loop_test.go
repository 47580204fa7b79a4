package search

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/petridish-go/petridish/petri/motif"
	"github.com/petridish-go/petridish/petri/progress"
	"github.com/petridish-go/petridish/petri/rng"
)

// testLoop is DefaultLoop with an explicit seed.
func testLoop(seed uint64, p Predictor) Loop {
	l := DefaultLoop()
	l.Seed, l.Predictor = seed, p
	return l
}

func TestLoopResult(t *testing.T) {
	l := testLoop(1, nil)
	res, err := l.Run(context.Background(), synthetic, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Motifs) != 100 || len(res.Losses) != 100 || len(res.Predicted) != 100 || len(res.Iteration) != 100 {
		t.Fatalf("result lengths %d %d %d %d, want 100", len(res.Motifs), len(res.Losses), len(res.Predicted), len(res.Iteration))
	}
	if err := motif.Check(mustFamily(t), res.Motifs); err != nil {
		t.Fatalf("evaluated cells: %v", err)
	}
	if want := []int{40, 50, 60, 70, 80, 90, 100}; !reflect.DeepEqual(res.Evaluations, want) {
		t.Errorf("evaluations %v, want %v", res.Evaluations, want)
	}
	for i, m := range res.Motifs {
		if res.Losses[i] != syntheticLoss(m.(motif.Cell)) {
			t.Fatalf("loss %d is not the cell's", i)
		}
		if !math.IsNaN(res.Predicted[i]) {
			t.Fatalf("prediction %d is %v without a predictor", i, res.Predicted[i])
		}
		want := 0
		if i >= 40 {
			want = (i-40)/10 + 1
		}
		if res.Iteration[i] != want {
			t.Fatalf("cell %d has iteration %d, want %d", i, res.Iteration[i], want)
		}
	}
	for i := 1; i < len(res.BestSoFar); i++ {
		if res.BestSoFar[i] > res.BestSoFar[i-1] {
			t.Errorf("best so far rose: %v", res.BestSoFar)
		}
	}
	if res.BestLoss != slices.Min(res.Losses) || res.Losses[res.BestIndex] != res.BestLoss || res.Motifs[res.BestIndex] != res.Best {
		t.Errorf("best %v (%d) is not the minimum of the losses", res.BestLoss, res.BestIndex)
	}
	if s := res.String(); !strings.Contains(s, "100 ground-truth evaluations") || !strings.Contains(s, res.Best.String()) {
		t.Errorf("String = %q", s)
	}
}

// The GA alone improves on its warm start, and beats random search with
// as many evaluations.
func TestLoopGAAloneBeatsRandomSearch(t *testing.T) {
	var gain, sumGA, sumRandom float64
	for seed := range uint64(5) {
		l := testLoop(seed, nil)
		res, err := l.Run(context.Background(), synthetic, nil)
		if err != nil {
			t.Fatal(err)
		}
		random := motif.RandomCells(l.Evaluations(), rng.New(seed)) // its first Init are the warm start
		if !reflect.DeepEqual(random[:l.Init], res.Motifs[:l.Init]) {
			t.Fatal("the warm start is not motif.RandomCells from the seed")
		}
		randomBest, _ := synthetic(context.Background(), random)
		warm, final := res.BestSoFar[0], res.BestSoFar[len(res.BestSoFar)-1]
		t.Logf("seed %d: best loss %.3f after the warm start, %.3f after %d evaluations; random search %.3f",
			seed, warm, final, len(res.Motifs), slices.Min(randomBest))
		if final >= warm {
			t.Errorf("seed %d: the GA did not improve the warm start's best loss %.3f", seed, warm)
		}
		gain += warm - final
		sumGA += final
		sumRandom += slices.Min(randomBest)
	}
	if gain < 5 {
		t.Errorf("over 5 seeds the GA improved the warm start's best loss by %.3f in all; want at least 5 (one more relu per search)", gain)
	}
	if sumGA >= sumRandom-2 {
		t.Errorf("over 5 seeds the GA's best losses sum to %.3f and random search's to %.3f; want the GA ahead by at least 2", sumGA, sumRandom)
	}
}

// recorder is the oracle that also remembers each iteration's proposals.
type recorder struct {
	oracle
	proposals [][]motif.Motif
}

func (r *recorder) Predict(ctx context.Context, ms []motif.Motif) ([]float64, error) {
	r.proposals = append(r.proposals, ms)
	return r.oracle.Predict(ctx, ms)
}

// The loop evaluates the proposals the predictor ranks best, so a perfect
// predictor finds better cells than the GA alone with the same number of
// ground-truth evaluations.
func TestLoopOraclePredictorBeatsGA(t *testing.T) {
	var sumGA, sumOracle float64
	for seed := range uint64(5) {
		ga, err := testLoop(seed, nil).Run(context.Background(), synthetic, nil)
		if err != nil {
			t.Fatal(err)
		}
		rec := &recorder{}
		l := testLoop(seed, rec)
		or, err := l.Run(context.Background(), synthetic, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(or.Motifs) != len(ga.Motifs) {
			t.Fatalf("%d evaluations with the oracle, %d without", len(or.Motifs), len(ga.Motifs))
		}
		if !reflect.DeepEqual(ga.Motifs[:l.Init], or.Motifs[:l.Init]) {
			t.Error("the warm start depends on the predictor")
		}
		if rec.fits != l.Iterations || len(rec.proposals) != l.Iterations {
			t.Errorf("%d fits and %d predictions, want %d of each", rec.fits, len(rec.proposals), l.Iterations)
		}
		// Each iteration evaluated exactly the K proposals with the lowest
		// predictions, best first, and recorded those predictions.
		for it, props := range rec.proposals {
			pred, _ := synthetic(context.Background(), props)
			sorted := slices.Sorted(slices.Values(pred))
			got := or.Losses[l.Init+it*l.TopK : l.Init+(it+1)*l.TopK]
			if !reflect.DeepEqual(got, sorted[:l.TopK]) {
				t.Errorf("seed %d iteration %d evaluated losses %v, want the %d lowest predictions %v", seed, it+1, got, l.TopK, sorted[:l.TopK])
			}
			if p := or.Predicted[l.Init+it*l.TopK : l.Init+(it+1)*l.TopK]; !reflect.DeepEqual(p, got) {
				t.Errorf("recorded predictions %v, want %v", p, got)
			}
		}
		t.Logf("seed %d: best loss %.3f with the oracle, %.3f with the GA alone", seed, or.BestLoss, ga.BestLoss)
		if or.BestLoss > ga.BestLoss {
			t.Errorf("seed %d: the oracle-guided search found %.3f, worse than the GA alone (%.3f)", seed, or.BestLoss, ga.BestLoss)
		}
		sumGA += ga.BestLoss
		sumOracle += or.BestLoss
	}
	if sumOracle > sumGA-2 {
		t.Errorf("over 5 seeds the oracle's best losses sum to %.3f and the GA's to %.3f; want the oracle ahead by at least 2", sumOracle, sumGA)
	}
}

func TestLoopDeterministic(t *testing.T) {
	a, err := testLoop(7, &oracle{}).Run(context.Background(), synthetic, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := testLoop(7, &oracle{}).Run(context.Background(), synthetic, nil)
	c, _ := testLoop(8, &oracle{}).Run(context.Background(), synthetic, nil)
	if !reflect.DeepEqual(a.Motifs, b.Motifs) || !reflect.DeepEqual(a.BestSoFar, b.BestSoFar) {
		t.Error("the same seed gave different searches")
	}
	if reflect.DeepEqual(a.Motifs, c.Motifs) {
		t.Error("different seeds gave the same search")
	}
}

func TestLoopValidate(t *testing.T) {
	cases := []struct {
		name string
		edit func(*Loop)
		want string
	}{
		{"init", func(l *Loop) { l.Init = 1 }, "init is 1"},
		{"iterations", func(l *Loop) { l.Iterations = 0 }, "iterations is 0"},
		{"top K", func(l *Loop) { l.TopK = 0 }, "top K is 0"},
		{"K > M", func(l *Loop) { l.TopK = 101 }, "K must be at most M"},
		{"K > M pointer", func(l *Loop) { l.Proposer = &GA{Parents: 5, Children: 5, MutationRate: 0.1} }, "K must be at most M"},
		{"bad GA", func(l *Loop) { l.Proposer = GA{Parents: 20, Children: 100, MutationRate: -1} }, "proposer: GA mutation rate"},
		{"warm count", func(l *Loop) { l.Warm = motif.RandomCells(3, rng.New(1)) }, "init is 40 but 3 warm-start cells are given"},
		{"warm without init", func(l *Loop) { l.Warm, l.Init = motif.RandomCells(3, rng.New(1)), 0 }, "init is 0 but 3 warm-start cells are given; set Init to len(Warm)"},
		{"warm repeats", func(l *Loop) {
			c := motif.RandomCells(1, rng.New(1))
			l.Warm, l.Init = []motif.Motif{c[0], c[0]}, 2
		}, "warm start: cells 0 and 1 are the same motif"},
		{"warm not a cell", func(l *Loop) { l.Warm, l.Init = []motif.Motif{motif.Sigmoid(1), motif.Sigmoid(2)}, 2 }, "warm start: proposal 0"},
	}
	for _, c := range cases {
		l := DefaultLoop()
		c.edit(&l)
		err := l.Validate()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
		res, err2 := l.Run(context.Background(), synthetic, nil)
		if err2 == nil || len(res.Motifs) != 0 {
			t.Errorf("%s: Run evaluated %d cells, error %v", c.name, len(res.Motifs), err2)
		}
	}
	if err := DefaultLoop().Validate(); err != nil {
		t.Errorf("default loop: %v", err)
	}
	l := DefaultLoop()
	l.Proposer = nil
	if err := l.Validate(); err != nil {
		t.Errorf("nil proposer: %v", err)
	}
	if _, err := l.Run(context.Background(), nil, nil); err == nil || !strings.Contains(err.Error(), "evaluator is nil") {
		t.Errorf("nil evaluator: %v", err)
	}
}

// badPredictor fails in the way its fields say.
type badPredictor struct {
	fitErr, predErr error
	short, nan      bool
}

func (b badPredictor) Fit(ctx context.Context, ms []motif.Motif, losses []float64) error {
	return b.fitErr
}

func (b badPredictor) Predict(ctx context.Context, ms []motif.Motif) ([]float64, error) {
	p, _ := synthetic(ctx, ms)
	switch {
	case b.predErr != nil:
		return nil, b.predErr
	case b.short:
		return p[1:], nil
	case b.nan:
		p[3] = math.NaN()
	}
	return p, nil
}

func TestLoopPredictorErrors(t *testing.T) {
	boom := errors.New("boom")
	cases := []struct {
		name string
		p    badPredictor
		want string
	}{
		{"fit", badPredictor{fitErr: boom}, "fit: boom"},
		{"predict", badPredictor{predErr: boom}, "predict: boom"},
		{"short", badPredictor{short: true}, "predicted 99 losses for 100 proposals"},
		{"NaN", badPredictor{nan: true}, "predicted NaN for proposal 3"},
	}
	for _, c := range cases {
		res, err := testLoop(1, c.p).Run(context.Background(), synthetic, nil)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "iteration 1 of 6 after 40 ground-truth evaluations") {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
		if c.p.fitErr != nil || c.p.predErr != nil {
			if !errors.Is(err, boom) {
				t.Errorf("%s: error %v does not wrap the predictor's", c.name, err)
			}
		}
		if len(res.Motifs) != 40 || len(res.BestSoFar) != 1 {
			t.Errorf("%s: result kept %d cells and %d curve points, want the warm start's 40 and 1", c.name, len(res.Motifs), len(res.BestSoFar))
		}
	}
}

// proposerFunc adapts a function to a Proposer.
type proposerFunc func(known []motif.Motif, losses []float64, r *rand.Rand) ([]motif.Motif, error)

func (f proposerFunc) Propose(ctx context.Context, known []motif.Motif, losses []float64, r *rand.Rand) ([]motif.Motif, error) {
	return f(known, losses, r)
}

func TestLoopProposerErrors(t *testing.T) {
	fresh := func(known []motif.Motif, r *rand.Rand) []motif.Motif {
		ms, _ := GA{Parents: 2, Children: 20, MutationRate: 1}.Propose(context.Background(), known, make([]float64, len(known)), r)
		return ms
	}
	cases := []struct {
		name string
		p    proposerFunc
		want string
	}{
		{"error", func(known []motif.Motif, losses []float64, r *rand.Rand) ([]motif.Motif, error) {
			return nil, errors.New("no ideas")
		}, "no ideas"},
		{"too few", func(known []motif.Motif, losses []float64, r *rand.Rand) ([]motif.Motif, error) {
			return fresh(known, r)[:3], nil
		}, "proposed 3 cells but the loop evaluates top K = 10"},
		{"known", func(known []motif.Motif, losses []float64, r *rand.Rand) ([]motif.Motif, error) {
			return append(fresh(known, r), known[5]), nil
		}, "already has ground truth"},
		{"repeated", func(known []motif.Motif, losses []float64, r *rand.Rand) ([]motif.Motif, error) {
			ms := fresh(known, r)
			return append(ms, ms[2]), nil
		}, "proposals 2 and 20 are the same motif"},
		{"not a cell", func(known []motif.Motif, losses []float64, r *rand.Rand) ([]motif.Motif, error) {
			return append(fresh(known, r), motif.Slopes([]float64{0.3})...), nil
		}, "proposal 20: sigmoid motif \"0.3\""},
	}
	for _, c := range cases {
		l := testLoop(1, &oracle{})
		l.Proposer = c.p
		res, err := l.Run(context.Background(), synthetic, nil)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "proposer search.proposerFunc") {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
		if len(res.Motifs) != 40 {
			t.Errorf("%s: result kept %d cells, want 40", c.name, len(res.Motifs))
		}
	}
}

func TestLoopEvaluatorChecks(t *testing.T) {
	cases := []struct {
		name string
		edit func([]float64) []float64
		want string
	}{
		{"short", func(l []float64) []float64 { return l[1:] }, "returned 9 losses for 10 cells"},
		{"NaN", func(l []float64) []float64 { l[2] = math.NaN(); return l }, "returned loss NaN for cell"},
		{"Inf", func(l []float64) []float64 { l[2] = math.Inf(1); return l }, "returned loss +Inf for cell"},
	}
	for _, c := range cases {
		calls := 0
		ev := EvaluatorFunc(func(ctx context.Context, ms []motif.Motif) ([]float64, error) {
			calls++
			l, _ := synthetic(ctx, ms)
			if calls == 6 {
				l = c.edit(l)
			}
			return l, nil
		})
		res, err := testLoop(1, nil).Run(context.Background(), ev, nil)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "iteration 2 of 6 after 50") {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
		if len(res.Motifs) != 50 {
			t.Errorf("%s: kept %d cells, want 50", c.name, len(res.Motifs))
		}
	}
}

// An evaluator that fails mid-run leaves every earlier result in place.
func TestLoopEvaluatorErrorKeepsResults(t *testing.T) {
	gpuDown := errors.New("GPU fell off the bus")
	for _, failAt := range []int{2, 7} { // in the warm start; in iteration 3
		calls := 0
		var seen []motif.Motif
		ev := EvaluatorFunc(func(ctx context.Context, ms []motif.Motif) ([]float64, error) {
			calls++
			if calls == failAt {
				return []float64{1, 2}, gpuDown
			}
			seen = append(seen, ms...)
			return synthetic(ctx, ms)
		})
		res, err := testLoop(2, &oracle{}).Run(context.Background(), ev, nil)
		if !errors.Is(err, gpuDown) {
			t.Fatalf("fail at call %d: error %v does not wrap the evaluator's", failAt, err)
		}
		if !reflect.DeepEqual(res.Motifs, seen) {
			t.Errorf("fail at call %d: the result holds %d cells, the evaluator finished %d", failAt, len(res.Motifs), len(seen))
		}
		want := "during the warm start after 10 "
		if failAt == 7 {
			want = "in iteration 3 of 6 after 60 "
		}
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
		if n := len(res.Evaluations); n == 0 || res.Evaluations[n-1] != len(seen) || res.BestSoFar[n-1] != res.BestLoss {
			t.Errorf("fail at call %d: curve %v %v does not end at the %d cells kept", failAt, res.Evaluations, res.BestSoFar, len(seen))
		}
	}
}

func TestLoopCancel(t *testing.T) {
	// Cancelled in the middle of the run (during iteration 2's
	// evaluation, which still completes): the loop stops before its next
	// step and keeps everything evaluated.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	calls := 0
	ev := EvaluatorFunc(func(c context.Context, ms []motif.Motif) ([]float64, error) {
		calls++
		if calls == 6 {
			cancel() // an interrupt arriving during the evaluation
		}
		return synthetic(context.Background(), ms)
	})
	res, err := testLoop(3, &oracle{}).Run(ctx, ev, nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if calls != 6 || len(res.Motifs) != 60 {
		t.Errorf("after the cancel: %d evaluator calls and %d cells kept, want 6 and 60", calls, len(res.Motifs))
	}
	if !strings.Contains(err.Error(), "iteration 3 of 6 after 60") {
		t.Errorf("error %q does not say where the search stopped", err)
	}

	// Cancelled before it starts: nothing is evaluated.
	calls = 0
	res, err = testLoop(3, nil).Run(ctx, ev, nil)
	if !errors.Is(err, context.Canceled) || calls != 0 || len(res.Motifs) != 0 || res.BestIndex != -1 || !math.IsNaN(res.BestLoss) {
		t.Errorf("cancelled before the start: error %v, %d calls, %d cells, best %d %v", err, calls, len(res.Motifs), res.BestIndex, res.BestLoss)
	}
	if s := res.String(); s != "search: no cells evaluated" {
		t.Errorf("String of an empty result = %q", s)
	}
}

func TestLoopProgress(t *testing.T) {
	var dones []int
	var last string
	rep := progress.Func(func(done, total int, status string) {
		if total != 100 {
			t.Errorf("progress total %d, want 100", total)
		}
		dones = append(dones, done)
		last = status
	})
	if _, err := testLoop(4, &oracle{}).Run(context.Background(), synthetic, rep); err != nil {
		t.Fatal(err)
	}
	if !slices.IsSorted(dones) || dones[0] != 0 || dones[len(dones)-1] != 100 {
		t.Errorf("progress went %v", dones)
	}
	if !strings.HasPrefix(last, "done: best loss") {
		t.Errorf("last status %q", last)
	}
}

// TestLoopWarm checks that Warm replaces the random warm start: the
// search evaluates exactly those cells first, then goes on as usual.
func TestLoopWarm(t *testing.T) {
	warm := motif.RandomCells(8, rng.New(21))
	l := Loop{Init: len(warm), Iterations: 2, TopK: 3, Proposer: GA{Parents: 4, Children: 10, MutationRate: 0.1}, Seed: 3, Warm: warm}
	res, err := l.Run(context.Background(), synthetic, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.Motifs[:len(warm)], warm) {
		t.Fatalf("warm start evaluated %v, want %v", res.Motifs[:len(warm)], warm)
	}
	if len(res.Motifs) != l.Evaluations() || res.Iteration[len(warm)] != 1 {
		t.Fatalf("%d evaluations (iteration %d after the warm start); want %d", len(res.Motifs), res.Iteration[len(warm)], l.Evaluations())
	}
}
