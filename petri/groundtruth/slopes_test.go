package groundtruth

import (
	"strconv"
	"strings"
	"testing"
)

// TestParseSlopesDropsNoise checks that a range's slopes print as typed
// (1.24, not 1.2400000000000002) while values that are not round, such
// as the default range's 0.030202020202020202, are kept exactly.
func TestParseSlopesDropsNoise(t *testing.T) {
	ss, err := ParseSlopes("1:1.6:6")
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{"1", "1.12", "1.24", "1.36", "1.48", "1.6"} {
		if got := strconv.FormatFloat(ss[i], 'g', -1, 64); got != want {
			t.Errorf("slope %d is %s, want %s", i, got, want)
		}
	}
	def, _ := ParseSlopes("0.01:2.01:100")
	lin := Linspace(0.01, 2.01, 100)
	for i := range lin {
		if def[i] != lin[i] {
			t.Errorf("default slope %d is %v, want Linspace's %v (stored runs are keyed by it)", i, def[i], lin[i])
		}
	}
}

// TestSweepStringOneRun checks that a sweep of one run per slope prints
// no standard error (it has none), and one of several runs does.
func TestSweepStringOneRun(t *testing.T) {
	one := Sweep{Family: Family, Device: DeviceCPU, Results: []Result{{Slope: 1, Motif: "1", Accuracy: 0.9, Loss: 0.3, Runs: make([]RunResult, 1)}}}
	if s := one.String(); strings.Contains(s, "±") || !strings.Contains(s, "accuracy 0.9000") {
		t.Errorf("one run: %q", s)
	}
	two := one
	two.Results = []Result{{Slope: 1, Motif: "1", Accuracy: 0.9, AccuracyStd: 0.01, Loss: 0.3, Runs: make([]RunResult, 2)}}
	if s := two.String(); !strings.Contains(s, "0.9000 ± 0.0100") {
		t.Errorf("two runs: %q", s)
	}
}
