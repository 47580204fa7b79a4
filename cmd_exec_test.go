package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/petridish-go/petridish/dsl/notebook"
)

func copyTestNotebook(t *testing.T) (dir, path string) {
	t.Helper()
	src, err := os.ReadFile("dsl/testdata/exec.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	dir = t.TempDir()
	path = filepath.Join(dir, "nb.ipynb")
	os.WriteFile(path, src, 0o644)
	return dir, path
}

func TestExecNotebook(t *testing.T) {
	dir, in := copyTestNotebook(t)
	before, _ := os.ReadFile(in)
	html := filepath.Join(dir, "page.html")
	err := runExec([]string{in, "--html", html, "--allow-errors", "-q", "--timeout", "60"})
	var ce *notebook.CellError
	if !errors.As(err, &ce) || ce.ExecutionCount != 7 {
		t.Fatalf("exec error %v, want the failure of In [7]", err)
	}
	if after, _ := os.ReadFile(in); !bytes.Equal(before, after) {
		t.Fatal("exec modified the input notebook")
	}
	raw, err := os.ReadFile(filepath.Join(dir, "nb.out.ipynb"))
	if err != nil {
		t.Fatalf("default output not written: %v", err)
	}
	var nb map[string]any
	if err := json.Unmarshal(raw, &nb); err != nil {
		t.Fatal(err)
	}
	cells := nb["cells"].([]any)
	last := cells[len(cells)-1].(map[string]any)
	if last["execution_count"] != 8.0 {
		t.Errorf("with --allow-errors the last cell did not run: %v", last)
	}
	page, _ := os.ReadFile(html)
	if !strings.Contains(string(page), `<img src="data:image/png;base64,`) {
		t.Error("HTML page has no inline image")
	}

	out := filepath.Join(dir, "stop.ipynb")
	err = runExec([]string{"-q", "-o", out, in})
	if !errors.As(err, &ce) {
		t.Fatalf("without --allow-errors: %v", err)
	}
	raw, _ = os.ReadFile(out)
	json.Unmarshal(raw, &nb)
	cells = nb["cells"].([]any)
	if last := cells[len(cells)-1].(map[string]any); last["execution_count"] != nil {
		t.Error("exec went on after an error without --allow-errors")
	}
}

func TestExecRejects(t *testing.T) {
	dir, in := copyTestNotebook(t)
	bad := filepath.Join(dir, "bad.ipynb")
	os.WriteFile(bad, []byte(`{"nbformat": 4, "cells": [`), 0o644)
	cases := []struct {
		args []string
		want string
	}{
		{nil, "want exactly one notebook"},
		{[]string{in, "-o", in}, "would overwrite the input notebook"},
		{[]string{in, "--html", in}, "would overwrite the input notebook"},
		{[]string{in, "--timeout", "-1"}, "must not be negative"},
		{[]string{in, "--bogus"}, "flag provided but not defined"},
	}
	for _, c := range cases {
		err := runExec(c.args)
		if err == nil || !errors.Is(err, errUsage) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("exec %v: %v, want a usage error with %q", c.args, err, c.want)
		}
	}
	// A notebook that is missing or malformed is an error (status 1), not
	// a usage error, and the message names the file.
	missing := filepath.Join(dir, "missing.ipynb")
	for _, c := range []struct{ path, want string }{
		{bad, bad + ": not a Jupyter notebook: invalid JSON at line 1"},
		{missing, "notebook " + missing + " does not exist"},
	} {
		err := runExec([]string{c.path})
		if err == nil || runMainStatus(err) != 1 || !strings.Contains(err.Error(), c.want) {
			t.Errorf("exec %s: %v (status %d), want status 1 and %q", c.path, err, runMainStatus(err), c.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "bad.out.ipynb")); err == nil {
		t.Error("a malformed notebook produced an output file")
	}
}

func TestExecRunsCellsInNotebookDir(t *testing.T) {
	dir := t.TempDir()
	nbDir := filepath.Join(dir, "nbs")
	os.Mkdir(nbDir, 0o755)
	os.WriteFile(filepath.Join(nbDir, "data.txt"), []byte("beside the notebook"), 0o644)
	src := `{"cells": [{"cell_type": "code", "execution_count": null, "id": "c1", "metadata": {}, "outputs": [],
  "source": ["b, err := os.ReadFile(\"data.txt\")\n", "if err != nil { panic(err) }\n", "string(b)"]}],
 "metadata": {}, "nbformat": 4, "nbformat_minor": 5}`
	os.WriteFile(filepath.Join(nbDir, "nb.ipynb"), []byte(src), 0o644)
	wd, _ := os.Getwd()
	defer os.Chdir(wd)
	os.Chdir(dir)
	if err := runExec([]string{"-q", "-o", "out.ipynb", "nbs/nb.ipynb"}); err != nil {
		t.Fatal(err)
	}
	if now, _ := os.Getwd(); now != dir {
		t.Errorf("exec left the working directory at %s", now)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "out.ipynb"))
	if err != nil {
		t.Fatalf("-o is not relative to the caller's directory: %v", err)
	}
	if !strings.Contains(string(raw), "beside the notebook") {
		t.Errorf("the cell did not read the file beside the notebook:\n%s", raw)
	}
}

// A panic in a goroutine the Session cannot guard (one that compiled code
// started, here time.AfterFunc's) kills the process; its report must still
// reach the terminal although exec captures fd 2.
func TestExecCrashReportReachesTerminal(t *testing.T) {
	if os.Getenv("PETRIDISH_CRASH_CHILD") == "1" {
		dir := t.TempDir()
		in := filepath.Join(dir, "crash.ipynb")
		src := `{"cells": [{"cell_type": "code", "execution_count": null, "id": "c1", "metadata": {}, "outputs": [],
  "source": ["func boom(x int) { panic(fmt.Sprint(\"boom \", x)) }\n", "time.AfterFunc(0, func() { boom(42) })\n", "time.Sleep(2 * time.Second)"]}],
 "metadata": {}, "nbformat": 4, "nbformat_minor": 5}`
		os.WriteFile(in, []byte(src), 0o644)
		runExec([]string{"-q", in})
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestExecCrashReportReachesTerminal$")
	cmd.Env = append(os.Environ(), "PETRIDISH_CRASH_CHILD=1")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("the crashing notebook did not crash the process:\n%s", out)
	}
	if !strings.Contains(string(out), "panic: boom 42") {
		t.Errorf("the crash report did not reach the terminal:\n%s", out)
	}
}

// TestExecNotebookInModule runs a notebook kept in a Go module's folder,
// from elsewhere: exec runs it in its own folder, as Jupyter does, so its
// cells import the module's packages.
func TestExecNotebookInModule(t *testing.T) {
	t.Setenv("PETRIDISH_GOPATH", t.TempDir())
	root := t.TempDir()
	files := map[string]string{
		"go.mod":             "module example.com/lab\n\ngo 1.26\n",
		"sched/sched.go":     "// Package sched has learning-rate schedules.\npackage sched\n\n// Step halves lr every n epochs.\nfunc Step(lr float64, epoch, n int) float64 {\n\tfor ; epoch >= n; epoch -= n {\n\t\tlr /= 2\n\t}\n\treturn lr\n}\n",
		"notebooks/lr.ipynb": `{"cells": [{"cell_type": "code", "execution_count": null, "id": "a", "metadata": {}, "outputs": [], "source": ["import \"example.com/lab/sched\"\n", "sched.Step(0.1, 25, 10)"]}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}`,
	}
	for name, body := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(t.TempDir())
	if err := runExec([]string{"-q", filepath.Join(root, "notebooks", "lr.ipynb")}); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(root, "notebooks", "lr.out.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(raw), `"0.025"`) {
		t.Errorf("the notebook's output has no 0.025 from the module's package:\n%s", raw)
	}
}
