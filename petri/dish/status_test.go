package dish

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/petridish-go/petridish/petri/progress"
)

// fakeClock makes the ETA's clock advance a second each time it is read,
// so that every estimate is above zero until the work is done.
func fakeClock(t *testing.T) {
	t.Helper()
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	prev := etaClock
	etaClock = func() time.Time { now = now.Add(time.Second); return now }
	t.Cleanup(func() { etaClock = prev })
}

var etaRE = regexp.MustCompile(`ETA (\S+)`)

// checkOneOverallETA checks that each status has one ETA, the time left
// for the whole operation: above zero until its last step.
func checkOneOverallETA(t *testing.T, what string, reports [][3]any) {
	t.Helper()
	if len(reports) == 0 {
		t.Fatalf("%s reported no progress", what)
	}
	for _, r := range reports {
		done, total, status := r[0].(int), r[1].(int), r[2].(string)
		ms := etaRE.FindAllStringSubmatch(status, -1)
		if len(ms) != 1 {
			t.Errorf("%s %d/%d: status %q has %d ETAs, want 1", what, done, total, status, len(ms))
			continue
		}
		left, err := time.ParseDuration(ms[0][1])
		if err != nil {
			t.Errorf("%s %d/%d: status %q: %v", what, done, total, status, err)
			continue
		}
		if (left > 0) != (done < total) {
			t.Errorf("%s %d/%d: status %q; want the time left for all %d steps", what, done, total, status, total)
		}
	}
}

func recordProgress(reports *[][3]any) progress.Reporter {
	return progress.Func(func(done, total int, status string) {
		*reports = append(*reports, [3]any{done, total, status})
	})
}

// TestRestartsStatusHasOverallETA checks that the status lines of
// TrainRestarts carry one ETA, for all restarts: a progress bar over all
// restarts estimates that too, and the first restart's own estimate
// disagreed with it.
func TestRestartsStatusHasOverallETA(t *testing.T) {
	fakeClock(t)
	xs := linspace(0.3, 1.7, 6)
	ms, gt := slopes(xs...), uCurve(xs)
	cfg := smallConfig(10, 3)
	var reports [][3]any
	if _, _, err := TrainRestarts(context.Background(), cfg, 2, ms, gt, recordProgress(&reports)); err != nil {
		t.Fatal(err)
	}
	checkOneOverallETA(t, "TrainRestarts", reports)
	if s := reports[2][2].(string); !strings.HasPrefix(s, "restart 1/2 outer step 3/3 loss=") {
		t.Errorf("status %q, want it to name the restart and the step", s)
	}

	// Train alone keeps its own estimate.
	d := mustNew(t, cfg)
	reports = nil
	if _, err := d.Train(context.Background(), ms, gt, recordProgress(&reports)); err != nil {
		t.Fatal(err)
	}
	checkOneOverallETA(t, "Train", reports)
	if s := reports[0][2].(string); !strings.HasPrefix(s, "outer step 1/3 loss=") {
		t.Errorf("Train status %q", s)
	}
}

func TestTuneStatusHasOverallETA(t *testing.T) {
	fakeClock(t)
	s := linspace(0.2, 2, 12)
	grid := []Config{smallConfig(10, 2), smallConfig(10, 3)}
	var reports [][3]any
	if _, err := Tune(context.Background(), grid, slopes(s...), uCurve(s), recordProgress(&reports)); err != nil {
		t.Fatal(err)
	}
	checkOneOverallETA(t, "Tune", reports)
	if s := reports[1][2].(string); !strings.HasPrefix(s, "config 1/2: outer step 2/2 loss=") {
		t.Errorf("status %q, want it to name the config and the step", s)
	}
}
