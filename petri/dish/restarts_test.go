package dish

import (
	"context"
	"errors"
	"math"
	"testing"

	"github.com/petridish-go/petridish/petri/motif"
	"github.com/petridish-go/petridish/petri/progress"
)

func TestTrainRestartsKeepsLowestLoss(t *testing.T) {
	xs := linspace(0.3, 1.7, 8)
	ms, gt := motif.Slopes(xs), uCurve(xs)
	cfg := smallConfig(30, 6, 4)
	cfg.Seed = 11
	d, res, err := TrainRestarts(context.Background(), cfg, 3, ms, gt, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Seeds) != 3 || res.Seeds[0] != 11 || res.Seeds[2] != 13 {
		t.Fatalf("seeds %v, want 11, 12, 13", res.Seeds)
	}
	for i, l := range res.KeptLoss {
		if l < res.KeptLoss[res.Best] {
			t.Errorf("restart %d has loss %v below the kept restart %d's %v", i, l, res.Best, res.KeptLoss[res.Best])
		}
	}
	if got := d.Config().Seed; got != res.Seeds[res.Best] {
		t.Errorf("kept dish has seed %d, want %d", got, res.Seeds[res.Best])
	}
	// The kept dish is exactly what a single Train with that seed gives.
	c := cfg
	c.Seed = res.Seeds[res.Best]
	single, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	h, err := single.Train(context.Background(), ms, gt, nil)
	if err != nil {
		t.Fatal(err)
	}
	if h.KeptLoss != res.KeptLoss[res.Best] || h.KeptLoss != res.History.KeptLoss {
		t.Errorf("single training kept loss %v, restarts recorded %v", h.KeptLoss, res.KeptLoss[res.Best])
	}
	a, _, _ := d.SyntheticData()
	b, _, _ := single.SyntheticData()
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("synthetic input %d differs: %v vs %v", i, a[i], b[i])
		}
	}
}

func TestTrainRestartsProgressAndErrors(t *testing.T) {
	xs := linspace(0.3, 1.7, 6)
	ms, gt := motif.Slopes(xs), uCurve(xs)
	cfg := smallConfig(20, 3, 2)
	var last, total int
	_, _, err := TrainRestarts(context.Background(), cfg, 2, ms, gt, progress.Func(func(done, tot int, _ string) { last, total = done, tot }))
	if err != nil {
		t.Fatal(err)
	}
	if want := 2 * cfg.Outer.Steps(); last != want || total != want {
		t.Errorf("progress ended at %d/%d, want %d/%d", last, total, want, want)
	}
	if _, _, err := TrainRestarts(context.Background(), cfg, 0, ms, gt, nil); err == nil {
		t.Error("0 restarts accepted")
	}
	bad := append([]float64(nil), gt...)
	bad[0] = math.NaN()
	if _, _, err := TrainRestarts(context.Background(), cfg, 2, ms, bad, nil); err == nil {
		t.Error("NaN ground truth accepted")
	}
	ctx, cancel := context.WithCancel(context.Background())
	steps := 0
	d, _, err := TrainRestarts(ctx, cfg, 3, ms, gt, progress.Func(func(done, _ int, _ string) {
		if steps++; steps == cfg.Outer.Steps()+2 {
			cancel()
		}
	}))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled restarts returned %v", err)
	}
	if d == nil || !d.Trained() {
		t.Fatal("cancelled restarts lost the finished restart")
	}
}
