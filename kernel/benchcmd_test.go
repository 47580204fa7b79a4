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
	for _, want := range []string{"petridish-bench", "ipykernel-bench", "p50", "p99", "start-up", "idle RSS", "p50 is"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	t.Logf("\n%s", out)
}
