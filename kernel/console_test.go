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
	out := runConsole(t, "x := 20\nx + 22\nfmt.Println(\"hi from the console\")\n")
	for _, want := range []string{"petridish", "Out[2]: 42", "hi from the console", "Shutting down kernel"} {
		if !strings.Contains(out, want) {
			t.Errorf("console output lacks %q:\n%s", want, out)
		}
	}
}

// TestJupyterConsoleExit checks that `exit` ends jupyter console, as in
// IPython: the cells typed after it do not run.
func TestJupyterConsoleExit(t *testing.T) {
	out := runConsole(t, "fmt.Println(\"before\")\nexit\nfmt.Println(\"after exit\")\n")
	if !strings.Contains(out, "before") || strings.Contains(out, "after exit") || strings.Contains(out, "undefined") {
		t.Errorf("console did not stop at exit:\n%s", out)
	}
}

// runConsole runs `jupyter console` on the petridish kernel with input
// typed in, and returns what it printed once it ends.
func runConsole(t *testing.T, input string) string {
	t.Helper()
	need(t, "jupyter_console")
	je := newJupyterEnv(t)
	// A console waiting for a reply that never comes waits forever; stop
	// it long before the package's timeout, with what it printed.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, python, "-m", "jupyter_console", "--kernel", kernelName, "--simple-prompt")
	cmd.Env = je.env
	cmd.Stdin = strings.NewReader(input)
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("jupyter console did not finish within a minute; it printed:\n%s", out)
	}
	if err != nil {
		t.Fatalf("jupyter console: %v\n%s", err, out)
	}
	return string(out)
}
