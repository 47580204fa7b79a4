package kernel_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestBenchKernelCommand runs `petridish bench kernel` briefly, with
// ipykernel beside it, and checks that it reports every figure.
func TestBenchKernelCommand(t *testing.T) {
	need(t, "jupyter_client", "zmq", "ipykernel")
	out, err := exec.Command(petridish(t), "bench", "kernel", "-n", "20").CombinedOutput()
	if err != nil {
		t.Fatalf("petridish bench kernel: %v\n%s", err, out)
	}
	for _, want := range []string{"petridish-bench", "ipykernel-bench", "p50", "p99", "start-up", "idle RSS", "widget p50", "p50 is"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	// petridish's row has a widget figure (a dash would mean the slider's
	// updates could not be timed).
	for _, line := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(line, "petridish-bench") && strings.HasSuffix(strings.TrimSpace(line), "-") {
			t.Errorf("no widget round trips for petridish: %s", line)
		}
	}
	t.Logf("\n%s", out)
}
