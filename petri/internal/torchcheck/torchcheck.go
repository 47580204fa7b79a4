// Package torchcheck runs the eager-PyTorch references in scripts/gpu in
// their --check mode, for tests that compare petri's numerics with an
// independent implementation: the test writes what petri computed, the
// script recomputes it in float64 and exits non-zero when they disagree.
package torchcheck

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Python returns a python3 that can import torch (Debian's /usr/bin/python3
// first, then the one on PATH). Without one it skips t, or fails it when
// PETRIDISH_REQUIRE_TORCH is set, as CI sets it.
func Python(t testing.TB) string {
	t.Helper()
	for _, py := range []string{"/usr/bin/python3", "python3"} {
		if exec.Command(py, "-c", "import torch").Run() == nil {
			return py
		}
	}
	if os.Getenv("PETRIDISH_REQUIRE_TORCH") != "" {
		t.Fatal("no python3 that can import torch (install python3-torch)")
	}
	t.Skip("no python3 with torch")
	return ""
}

// Locate returns script, a path relative to the package's directory in
// the repository, or, where that does not exist, the file of the same name
// in the working directory: the GPU kit (scripts/gpu/build.sh) runs the
// test binaries beside copies of the scripts, with no repository around.
// Where neither exists it returns script, so the error names that path.
func Locate(script string) string {
	if _, err := os.Stat(script); err == nil {
		return script
	}
	if base := filepath.Base(script); fileExists(base) {
		return base
	}
	return script
}

func fileExists(path string) bool {
	st, err := os.Stat(path)
	return err == nil && !st.IsDir()
}

// Run writes dump as JSON into a temporary directory of t and runs
// `py script --check FILE` (script found by Locate), returning the
// script's output and its error.
func Run(t testing.TB, py, script string, dump any) (string, error) {
	t.Helper()
	b, err := json.Marshal(dump)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "petri.json")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(py, Locate(script), "--check", path).CombinedOutput()
	return string(out), err
}
