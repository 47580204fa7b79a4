package groundtruth

import (
	"context"
	"errors"
	"math"
	"path/filepath"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/petridish-go/petridish/petri/progress"
	"github.com/petridish-go/petridish/petri/store"
)

// tinyConfig trains in milliseconds on tinySet data, on the CPU (the
// reference) even where a GPU is selected.
func tinyConfig() Config {
	return Config{Epochs: 3, TrainSamples: 60, ValidSamples: 30, Runs: 2, BatchSize: 10, Hidden: 8,
		LearningRate: 0.01, L2: 1e-5, Seed: 11, Threads: 2, Device: DeviceCPU}
}

// strip drops what may differ between equal sweeps (timing, cache flags).
func strip(sw Sweep) []Result {
	out := make([]Result, len(sw.Results))
	for i, r := range sw.Results {
		r.Runs = append([]RunResult(nil), r.Runs...)
		for j := range r.Runs {
			r.Runs[j].Seconds, r.Runs[j].SamplesPerSecond, r.Runs[j].Cached = 0, 0, false
		}
		out[i] = r
	}
	return out
}

func TestSweepDeterministicAcrossThreads(t *testing.T) {
	train, valid := tinySet(60, 4, 4, 1), tinySet(30, 4, 4, 2)
	slopes := []float64{0.1, 0.5, 1, 2}
	cfg := tinyConfig()
	cfg.Threads = 1
	one, err := SigmoidOn(t.Context(), slopes, cfg, train, valid, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Threads = 3
	three, err := SigmoidOn(t.Context(), slopes, cfg, train, valid, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(strip(one), strip(three)) {
		t.Fatal("results depend on the thread count")
	}
	if one.Trained != 8 || one.Cached != 0 {
		t.Fatalf("trained %d cached %d, want 8 and 0", one.Trained, one.Cached)
	}
	for i, r := range one.Results {
		if r.Slope != slopes[i] || len(r.Runs) != 2 || r.Runs[0].Seed != 11 || r.Runs[1].Seed != 12 {
			t.Fatalf("result %d: %+v", i, r)
		}
		if want := (r.Runs[0].Accuracy + r.Runs[1].Accuracy) / 2; r.Accuracy != want {
			t.Fatalf("mean accuracy %v, want %v", r.Accuracy, want)
		}
	}
	// Runs with one seed share initial weights and batches, but a different
	// slope must still give a different network.
	if one.Results[0].Runs[0].Loss == one.Results[3].Runs[0].Loss {
		t.Fatal("slope has no effect")
	}
}

func TestSweepCachesAndResumes(t *testing.T) {
	train, valid := tinySet(60, 4, 4, 1), tinySet(30, 4, 4, 2)
	slopes := []float64{0.25, 0.75, 1.5}
	cfg := tinyConfig()
	want, err := SigmoidOn(t.Context(), slopes, cfg, train, valid, nil, nil)
	if err != nil {
		t.Fatal(err)
	}

	st := tempStore(t)
	// Interrupt after a few epochs: some runs finish and are stored.
	ctx, stop := stopAfter(t, 7)
	cfg.Threads = 1
	_, err = SigmoidOn(ctx, slopes, cfg, train, valid, st, stop)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted sweep: %v", err)
	}
	stored, _ := st.Runs(Family, "")
	if len(stored) != 2 {
		t.Fatalf("%d runs stored after the interrupt, want 2 (7 epochs of 3 per run)", len(stored))
	}

	resumed, err := SigmoidOn(t.Context(), slopes, cfg, train, valid, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	if resumed.Cached != 2 || resumed.Trained != 4 {
		t.Fatalf("resume: cached %d trained %d, want 2 and 4", resumed.Cached, resumed.Trained)
	}
	if !reflect.DeepEqual(strip(resumed), strip(want)) {
		t.Fatal("a resumed sweep differs from an uninterrupted one")
	}
	again, err := SigmoidOn(t.Context(), slopes, cfg, train, valid, st, nil)
	if err != nil || again.Cached != 6 || again.Trained != 0 {
		t.Fatalf("fully cached: cached %d trained %d, %v", again.Cached, again.Trained, err)
	}
	if !reflect.DeepEqual(strip(again), strip(want)) {
		t.Fatal("cached results differ from trained ones")
	}
	// The store's own aggregate agrees with the sweep.
	tab, err := st.Table(Family, again.ConfigHash)
	if err != nil || len(tab) != 3 || tab[1].Accuracy != want.Results[1].Accuracy || tab[1].Runs != 2 {
		t.Fatalf("store table %+v, %v", tab, err)
	}

	// Other settings or other data are not cache hits.
	cfg.Epochs = 2
	other, err := SigmoidOn(t.Context(), slopes[:1], cfg, train, valid, st, nil)
	if err != nil || other.Cached != 0 || other.ConfigHash == again.ConfigHash {
		t.Fatalf("changed epochs reused the cache: %+v %v", other, err)
	}
	cfg.Epochs = 3
	cfg.InitScale = 1
	other, err = SigmoidOn(t.Context(), slopes[:1], cfg, train, valid, st, nil)
	if err != nil || other.Cached != 0 || other.Results[0].Runs[0].Loss == want.Results[0].Runs[0].Loss {
		t.Fatalf("changed initialisation reused the cache or had no effect: %+v %v", other, err)
	}
	cfg.InitScale = 0
	train.Images[0] += 0.5
	other, err = SigmoidOn(t.Context(), slopes[:1], cfg, train, valid, st, nil)
	if err != nil || other.Cached != 0 {
		t.Fatalf("changed data reused the cache: cached %d, %v", other.Cached, err)
	}
}

func TestSweepStopsPromptly(t *testing.T) {
	train, valid := tinySet(2000, 28, 28, 1), tinySet(100, 28, 28, 2)
	cfg := Config{Epochs: 10000, TrainSamples: 2000, ValidSamples: 100, Runs: 1, BatchSize: 50, Hidden: 100, LearningRate: 0.01, Threads: 2, Device: DeviceCPU}
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := SigmoidOn(ctx, []float64{0.5, 1}, cfg, train, valid, nil, nil)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v, want a deadline error", err)
	}
	// The runs would take minutes; stopping must take about one batch.
	if d := time.Since(start); d > 3*time.Second {
		t.Fatalf("took %v to stop", d)
	}
}

func TestSweepRejectsBadInput(t *testing.T) {
	train, valid := tinySet(60, 4, 4, 1), tinySet(30, 4, 4, 2)
	cfg := tinyConfig()
	cases := map[string]struct {
		slopes  []float64
		mutate  func(*Config)
		mention string
	}{
		"no slopes":     {nil, nil, "no slopes"},
		"duplicate":     {[]float64{1, 0.5, 1}, nil, "repeats"},
		"epochs":        {[]float64{1}, func(c *Config) { c.Epochs = 0 }, "Epochs"},
		"too many":      {[]float64{1}, func(c *Config) { c.TrainSamples = 61 }, "lower TrainSamples"},
		"learning rate": {[]float64{1}, func(c *Config) { c.LearningRate = -1 }, "LearningRate"},
		"init scale":    {[]float64{1}, func(c *Config) { c.InitScale = math.NaN() }, "InitScale"},
	}
	for name, c := range cases {
		cf := cfg
		if c.mutate != nil {
			c.mutate(&cf)
		}
		_, err := SigmoidOn(t.Context(), c.slopes, cf, train, valid, nil, nil)
		if err == nil || !strings.Contains(err.Error(), c.mention) {
			t.Errorf("%s: error %v does not mention %q", name, err, c.mention)
		}
	}
	bad := tinySet(60, 4, 4, 1)
	bad.Labels[3] = 10
	if _, err := SigmoidOn(t.Context(), []float64{1}, cfg, bad, valid, nil, nil); err == nil || !strings.Contains(err.Error(), "label 10") {
		t.Errorf("bad label: %v", err)
	}
}

func TestRowsAndLinspace(t *testing.T) {
	sw := Sweep{Results: []Result{
		{Motif: "0.5", Loss: 0.3, LossStd: 0.01, Accuracy: 0.9, AccuracyStd: 0.02, Runs: make([]RunResult, 3)},
		{Motif: "1", Loss: 0.2, LossStd: 0.03, Accuracy: 0.95, AccuracyStd: 0.04, Runs: make([]RunResult, 3)},
	}}
	rows, err := sw.Rows(TargetError)
	if err != nil || math.Abs(rows[0].Loss-0.1) > 1e-15 || rows[0].Std != 0.02 || rows[1].Runs != 3 || rows[1].Accuracy != 0.95 {
		t.Fatalf("error rows %+v %v", rows, err)
	}
	rows, _ = sw.Rows(TargetXent)
	if rows[1].Loss != 0.2 || rows[1].Std != 0.03 {
		t.Fatalf("xent rows %+v", rows)
	}
	if _, err := sw.Rows("accuracy"); err == nil {
		t.Fatal("unknown target accepted")
	}
	if b, ok := sw.Best(); !ok || b.Motif != "1" {
		t.Fatalf("best %+v", b)
	}
	ls := Linspace(0.01, 2.01, 100)
	if len(ls) != 100 || ls[0] != 0.01 || ls[99] != 2.01 || Motif(ls[11]) != "0.23222222222222222" {
		t.Fatalf("linspace: %v %v %v %s", len(ls), ls[0], ls[99], Motif(ls[11]))
	}
	if got := Linspace(3, 5, 1); !reflect.DeepEqual(got, []float64{3}) {
		t.Fatal(got)
	}
}

// TestLinspaceGivesCleanDecimals: values that are short decimals come out
// as those decimals (the motifs' store keys and CSV text), not with the
// rounding error of start + i*step; others, like the paper's grid, whose
// keys name the cached ground truth in notebooks/data, are unchanged.
func TestLinspaceGivesCleanDecimals(t *testing.T) {
	for _, c := range []struct {
		start, stop float64
		n           int
		want        string
	}{
		{-1, 1, 21, "-1 -0.9 -0.8 -0.7 -0.6 -0.5 -0.4 -0.3 -0.2 -0.1 0 0.1 0.2 0.3 0.4 0.5 0.6 0.7 0.8 0.9 1"},
		{0.1, 0.7, 7, "0.1 0.2 0.3 0.4 0.5 0.6 0.7"},
		{-3e-7, 3e-7, 7, "-3e-07 -2e-07 -1e-07 0 1e-07 2e-07 3e-07"},
		{2, -0.4, 4, "2 1.2 0.4 -0.4"},
		{0, 1, 4, "0 0.3333333333333333 0.6666666666666666 1"},
		{1e20, 2e20, 3, "1e+20 1.5e+20 2e+20"},
	} {
		var keys []string
		for _, v := range Linspace(c.start, c.stop, c.n) {
			keys = append(keys, Motif(v))
		}
		if got := strings.Join(keys, " "); got != c.want {
			t.Errorf("Linspace(%v, %v, %d) = %s, want %s", c.start, c.stop, c.n, got, c.want)
		}
	}
	if math.Signbit(Linspace(-1, 1, 3)[1]) {
		t.Error("Linspace(-1, 1, 3) has -0 in the middle, want 0")
	}
	// The paper's grid keeps its keys: those of notebooks/data/sigmoid_gt.csv.
	rows, err := store.ReadCSVFile(filepath.Join("..", "..", "notebooks", "data", "sigmoid_gt.csv"))
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range Linspace(0.01, 2.01, 100) {
		if Motif(v) != rows[i].Motif {
			t.Errorf("Linspace(0.01, 2.01, 100)[%d] = %s; the cached ground truth has %s", i, Motif(v), rows[i].Motif)
		}
	}
}

func TestParseSlopes(t *testing.T) {
	got, err := ParseSlopes("0.01:2.01:100")
	if err != nil || !reflect.DeepEqual(got, Linspace(0.01, 2.01, 100)) {
		t.Fatalf("range: %v %v", len(got), err)
	}
	got, err = ParseSlopes(" 0.1, 0.23 ,1")
	if err != nil || !reflect.DeepEqual(got, []float64{0.1, 0.23, 1}) {
		t.Fatalf("list: %v %v", got, err)
	}
	for _, bad := range []string{"", "1:2", "1:2:3:4", "a:2:3", "1:2:0", "1:2:x", "1,,2", "1,nan", "1:1:5"} {
		if _, err := ParseSlopes(bad); err == nil {
			t.Errorf("ParseSlopes(%q) accepted", bad)
		}
	}
}

// tempStore opens a store in the test's temporary folder, closed when the
// test ends.
func tempStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "gt.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// stopAfter returns a context and a reporter that cancels it the first
// time the reported progress reaches n.
func stopAfter(t *testing.T, n int) (context.Context, progress.Reporter) {
	ctx, cancel := context.WithCancel(t.Context())
	var seen atomic.Int32
	return ctx, progress.Func(func(done, total int, status string) {
		if done >= n && seen.Add(1) == 1 {
			cancel()
		}
	})
}
