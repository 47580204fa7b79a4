package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestTimeoutForms checks that --timeout takes a Go duration or a bare
// number of seconds in both run and exec, and that a bad value is a
// usage error naming the expected format.
func TestTimeoutForms(t *testing.T) {
	for in, want := range map[string]time.Duration{"5s": 5 * time.Second, "90": 90 * time.Second, "0.5": 500 * time.Millisecond, "1m30s": 90 * time.Second, "0": 0} {
		var d time.Duration
		if err := (secondsOrDuration{&d}).Set(in); err != nil || d != want {
			t.Errorf("%q: %v, %v; want %v", in, d, err, want)
		}
	}
	dir := t.TempDir()
	loop := writeScript(t, "loop.go", "for {\n\ttime.Sleep(10 * time.Millisecond)\n}\n")
	for _, v := range []string{"0.3", "300ms"} {
		start := time.Now()
		var out, errOut bytes.Buffer
		err := runScriptIO([]string{"--timeout", v, loop}, strings.NewReader(""), &out, &errOut)
		if err == nil || time.Since(start) > 30*time.Second {
			t.Errorf("run --timeout %s: %v after %v; want the script stopped", v, err, time.Since(start))
		}
	}
	nb := writeFile(t, dir, "nb.ipynb", `{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}`)
	for _, v := range []string{"5s", "5"} {
		if code := runMain([]string{"exec", "-q", nb, "-o", filepath.Join(dir, "out.ipynb"), "--timeout", v}); code != 0 {
			t.Errorf("exec --timeout %s: exit %d", v, code)
		}
	}
	for _, args := range [][]string{{"run", "--timeout", "5x", loop}, {"exec", nb, "--timeout", "soon"}, {"exec", nb, "--timeout", "-1"}} {
		var code int
		msg := captureStderr(t, func() { code = runMain(args) })
		if code != 2 || !strings.Contains(msg, "90s") || !strings.Contains(msg, "seconds") {
			t.Errorf("%v: exit %d, %q; want a usage error naming the format", args, code, msg)
		}
	}
}
