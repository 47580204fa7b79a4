package kernel_test

import (
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestJupyterConsole types cells into `jupyter console` (simple prompt) on
// the petridish kernel and checks what the terminal shows.
func TestJupyterConsole(t *testing.T) {
	need(t, "jupyter_console")
	je := newJupyterEnv(t)
	// A console waiting for a reply that never comes waits forever; stop
	// it long before the package's timeout, with what it printed.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, python, "-m", "jupyter_console", "--kernel", kernelName, "--simple-prompt")
	cmd.Env = je.env
	cmd.Stdin = strings.NewReader("x := 20\nx + 22\nfmt.Println(\"hi from the console\")\n")
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("jupyter console did not finish within a minute; it printed:\n%s", out)
	}
	if err != nil {
		t.Fatalf("jupyter console: %v\n%s", err, out)
	}
	for _, want := range []string{"petridish", "Out[2]: 42", "hi from the console", "Shutting down kernel"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("console output lacks %q:\n%s", want, out)
		}
	}
}
