package kernel_test

import (
	"fmt"
	"os/exec"
	"strings"
	"testing"
)

// TestJupyterKernelTest runs the Jupyter kernel conformance tests
// (jupyter_kernel_test, Debian's python3-jupyter-kernel-test) against the
// petridish kernel: kernel_info, execution with stdout, stderr, results,
// displays, errors and clear_output, completion, is_complete, the pager,
// history (tail, range, search) and inspection, with every message the
// kernel sends validated against the protocol's schemas. None may fail
// or be skipped (a skip means a sample in testdata/conformance.py is
// missing).
func TestJupyterKernelTest(t *testing.T) {
	need(t, "jupyter_kernel_test")
	text := runUnittest(t, "conformance")
	if strings.Contains(text, "skipped") || !strings.Contains(text, "\nOK") {
		t.Fatalf("jupyter_kernel_test skipped tests or did not pass:\n%s", text)
	}
	var ran []string
	for _, line := range strings.Split(text, "\n") {
		if strings.HasSuffix(line, " ... ok") {
			ran = append(ran, strings.Fields(line)[0])
		}
	}
	// Every test of the installed suite passed, not just some.
	count, err := exec.Command(python, "-c",
		"import jupyter_kernel_test as j; print(len([m for m in dir(j.KernelTests) if m.startswith('test_')]))").Output()
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.TrimSpace(string(count)); fmt.Sprint(len(ran)) != want {
		t.Errorf("%d conformance tests passed, the suite has %s: %v\n%s", len(ran), want, ran, text)
	}
	t.Logf("passed: %s", strings.Join(ran, " "))
}

// TestJupyterDebugger drives Jupyter's debugger protocol the way
// JupyterLab's debugger panel does, through jupyter_client
// (testdata/debugger.py): the cell's file named by the Murmur2 hash a
// front end computes, a breakpoint in a function, the stopped event on
// IOPub, the stack, scopes and variables, rich inspection, a step, and
// the cell finishing with its value after continue.
func TestJupyterDebugger(t *testing.T) {
	need(t, "jupyter_client")
	if text := runUnittest(t, "debugger"); !strings.Contains(text, "\nOK") {
		t.Fatalf("the debugger protocol test did not pass:\n%s", text)
	}
}

// runUnittest runs the Python unittest module testdata/module.py against
// the installed petridish kernel (named by $PETRIDISH_KERNEL) and returns
// its output; a failing run fails the test.
func runUnittest(t *testing.T, module string) string {
	t.Helper()
	je := newJupyterEnv(t)
	cmd := exec.Command(python, "-m", "unittest", "-v", module)
	cmd.Dir = "testdata"
	cmd.Env = append(je.env, "PETRIDISH_KERNEL="+kernelName)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("python -m unittest %s failed: %v\n%s", module, err, out)
	}
	return string(out)
}
