package motif

import (
	"math"
	"strings"
	"testing"

	"github.com/petridish-go/petridish/petri/internal/torchcheck"
)

// TestFusedMatchesPyTorch checks the fused path against an independent
// implementation: scripts/gpu/torch_dish.py (eager PyTorch, float64, its
// own Adam and create_graph autograd through the unrolled inner loop), the
// reference the GPU comparisons are timed against. Scores and meta-
// gradients must agree to rounding (1e-10 relative and 1e-8 of the largest
// gradient; both sides are float64, measured differences are about 1e-15
// and 1e-13). It needs python3 with torch (Debian's python3-torch) and
// skips without it unless PETRIDISH_REQUIRE_TORCH is set.
func TestFusedMatchesPyTorch(t *testing.T) {
	py := torchcheck.Python(t)
	for _, hidden := range [][]int{{1, 1}, {4, 3}} {
		p, xtr, xva := testProblem(t, hidden, 60, 7)
		w := newMLPWorker(p)
		slopes := []float64{0.05, 0.4, 1.1, 2.5}
		dump := map[string]any{"dims": newMLPLayout(p.Net).dims, "samples": p.Net.Samples, "steps": p.Inner.Steps,
			"theta0": p.Theta0, "labels": p.Labels, "x": xtr, "xv": xva, "slopes": slopes}
		var scores []float64
		var gts, gvs [][]float64
		for _, s := range slopes {
			gt, gv := make([]float64, len(xtr)), make([]float64, len(xtr))
			sc, err := w.ScoreGrad(Sigmoid(s), xtr, xva, gt, gv)
			if err != nil {
				t.Fatal(err)
			}
			scores, gts, gvs = append(scores, sc), append(gts, gt), append(gvs, gv)
		}
		dump["scores"], dump["grad_train"], dump["grad_valid"] = scores, gts, gvs
		out, err := torchCheck(t, py, dump)
		if err != nil || !strings.Contains(out, "largest relative score difference") {
			t.Fatalf("hidden %v: torch_dish.py --check: %v\n%s", hidden, err, out)
		}
		t.Logf("hidden %v: %s", hidden, strings.TrimSpace(out))
		// The check is not vacuous: one gradient entry off by 1e-6 of the
		// largest fails it.
		big := 0.0
		for _, g := range gts[1] {
			big = max(big, math.Abs(g))
		}
		gts[1][3] += 1e-6 * big
		if out, err := torchCheck(t, py, dump); err == nil {
			t.Fatalf("hidden %v: torch_dish.py --check accepted a perturbed gradient:\n%s", hidden, out)
		}
	}
}

// torchCheck runs torch_dish.py --check on dump.
func torchCheck(t *testing.T, py string, dump map[string]any) (string, error) {
	return torchcheck.Run(t, py, "../../scripts/gpu/torch_dish.py", dump)
}
