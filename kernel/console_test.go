package kernel_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestJupyterConsole types cells into `jupyter console` (simple prompt) on
// the petridish kernel and checks what the terminal shows.
func TestJupyterConsole(t *testing.T) {
	need(t, "jupyter_console")
	je := newJupyterEnv(t)
	cmd := exec.Command(python, "-m", "jupyter_console", "--kernel", kernelName, "--simple-prompt")
	cmd.Env = je.env
	cmd.Stdin = strings.NewReader("x := 20\nx + 22\nfmt.Println(\"hi from the console\")\n")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("jupyter console: %v\n%s", err, out)
	}
	for _, want := range []string{"petridish", "Out[2]: 42", "hi from the console", "Shutting down kernel"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("console output lacks %q:\n%s", want, out)
		}
	}
}
