package dish

import (
	"context"
	"errors"
	"math"
	"testing"

	"github.com/petridish-go/petridish/petri/progress"
)

func TestTunePicksLowestValidationMSE(t *testing.T) {
	s := linspace(0.2, 2, 12)
	gt := uCurve(s)
	good := DefaultConfig()
	good.Seed = 2
	frozen := good.clone()
	frozen.Outer.LR = 1e-9 // learns nothing: the initial data's ordering
	grid := []Config{frozen, good}
	var last, total int
	res, err := Tune(context.Background(), grid, slopes(s...), gt, progress.Func(func(d, tot int, _ string) {
		if d < last {
			t.Errorf("progress went back from %d to %d", last, d)
		}
		last, total = d, tot
	}))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("validation MSE %v", res.ValidMSE)
	if res.Best != 1 || res.Config.Outer.LR != good.Outer.LR {
		t.Errorf("Tune picked config %d (MSE %v); want the trained one", res.Best, res.ValidMSE)
	}
	if last != 160 || total != 160 {
		t.Errorf("progress ended at %d/%d, want 160/160", last, total)
	}
	// z-MSE = 2(1 - Pearson correlation); the trained dish orders the
	// unseen half well.
	if res.ValidMSE[1] > 0.5 {
		t.Errorf("validation MSE of the trained dish is %v; want below 0.5", res.ValidMSE[1])
	}
	if len(res.Train) != 6 || len(res.Valid) != 6 || res.Train[0] != 0 || res.Valid[0] != 1 {
		t.Errorf("split %v / %v", res.Train, res.Valid)
	}

	// The reported MSE is the validation half's outer MSE of a dish
	// trained on the training half.
	d := mustNew(t, good)
	if _, err := d.Train(context.Background(), slopes(pickF(s, res.Train)...), pickF(gt, res.Train), nil); err != nil {
		t.Fatal(err)
	}
	sc, _ := d.Scores(context.Background(), slopes(pickF(s, res.Valid)...))
	vz, _ := zscore(pickF(gt, res.Valid))
	mse, _, _ := zMSE(sc, vz)
	if math.Abs(mse-res.ValidMSE[1]) > 1e-12 {
		t.Errorf("validation MSE %v, recomputed %v", res.ValidMSE[1], mse)
	}
}

func TestTuneErrors(t *testing.T) {
	s := linspace(0.2, 2, 6)
	if _, err := Tune(context.Background(), nil, slopes(s...), uCurve(s), nil); err == nil {
		t.Error("empty grid accepted")
	}
	if _, err := Tune(context.Background(), []Config{smallConfig(5, 1)}, slopes(s[:5]...), uCurve(s[:5]), nil); err == nil {
		t.Error("5 motifs accepted")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Tune(ctx, []Config{smallConfig(5, 1)}, slopes(s...), uCurve(s), nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled Tune: %v", err)
	}
}

func pickF(x []float64, idx []int) []float64 {
	out := make([]float64, len(idx))
	for k, i := range idx {
		out[k] = x[i]
	}
	return out
}
