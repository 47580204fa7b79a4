package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/petridish-go/petridish/petri/motif"
	"github.com/petridish-go/petridish/petri/search"
)

// TestInterruptExitStatus checks, in child processes, that Ctrl-C
// (SIGINT) ends run and exec with status 130, as a shell reports a
// program SIGINT killed, and that exec's hint "press Ctrl-C again" goes
// to the terminal, not into the notebook as the cell's output.
func TestInterruptExitStatus(t *testing.T) {
	if args := os.Getenv("PETRIDISH_SIGNAL_CHILD"); args != "" {
		os.Exit(runMain(strings.Split(args, "\x1f")))
	}
	dir := t.TempDir()
	loop := "fmt.Println(\"ready\")\nfor {\n\ttime.Sleep(10 * time.Millisecond)\n}\n"
	script := writeFile(t, dir, "loop.go", loop)
	cell, _ := json.Marshal(loop)
	nb := writeFile(t, dir, "nb.ipynb", `{"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": null, "source": `+string(cell)+`}],
 "metadata": {}, "nbformat": 4, "nbformat_minor": 5}`)
	out := filepath.Join(dir, "out.ipynb")
	for _, args := range [][]string{{"run", script}, {"exec", nb, "-o", out}} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestInterruptExitStatus$")
		cmd.Env = append(os.Environ(), "PETRIDISH_SIGNAL_CHILD="+strings.Join(args, "\x1f"))
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		ready := make(chan bool, 1)
		go func() {
			sc := bufio.NewScanner(stdout)
			for sc.Scan() {
				if strings.Contains(sc.Text(), "ready") {
					ready <- true
				}
			}
			close(ready)
		}()
		select {
		case <-ready:
		case <-time.After(60 * time.Second):
			cmd.Process.Kill()
			t.Fatalf("%v: never ready", args)
		}
		cmd.Process.Signal(syscall.SIGINT)
		err = cmd.Wait()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 130 {
			t.Errorf("%v after SIGINT: %v, want exit status 130; stderr:\n%s", args, err, stderr.String())
		}
		if !strings.Contains(stderr.String(), "press Ctrl-C again") {
			t.Errorf("%v: the hint is not on the terminal:\n%s", args, stderr.String())
		}
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "Ctrl-C again") {
		t.Errorf("the hint went into the notebook:\n%s", b)
	}
}

// TestInterruptedSweepSaysHowToResume checks that an interrupted
// groundtruth sweep exits 130 with a message saying what the store kept
// and how to resume, not a chain of "context canceled".
func TestInterruptedSweepSaysHowToResume(t *testing.T) {
	dir := t.TempDir()
	tinyPTB(t, dir)
	t.Setenv("PETRI_DATA", dir)
	db := filepath.Join(dir, "gt.db")
	interrupts = make(chan os.Signal, 1)
	defer func() { interrupts = nil }()
	interrupts <- syscall.SIGINT // arrives as the sweep starts
	var code int
	msg := captureStderr(t, func() {
		code = runMain([]string{"groundtruth", "rnncell", "--quiet", "--cells", "2", "--hidden", "8", "--batch", "4", "--bptt", "10",
			"--train-tokens", "600", "--valid-tokens", "200", "--store", db})
	})
	if code != 130 {
		t.Errorf("exit %d, want 130", code)
	}
	if !strings.Contains(msg, "new runs kept in "+db+"; rerun the same command to resume") || strings.Contains(msg, "context canceled") {
		t.Errorf("message %q", msg)
	}
}

// TestInterruptedSearchKeepsLongerCSV checks that a search stopped by
// Ctrl-C while it replays an earlier, longer search (a rerun with more
// --iterations) leaves that search's --csv as it was and writes its own
// shorter result to NAME.partial.csv, saying so; stopped once it has as
// many evaluations, it writes --csv itself.
func TestInterruptedSearchKeepsLongerCSV(t *testing.T) {
	dir := t.TempDir()
	tinyPTB(t, dir)
	t.Setenv("PETRI_DATA", dir)
	out, partial := filepath.Join(dir, "ga.csv"), filepath.Join(dir, "ga.partial.csv")
	args := func(iterations string) []string {
		return []string{"search", "--init", "2", "--iterations", iterations, "--topk", "1", "--children", "2", "--hidden", "8", "--batch", "4", "--bptt", "10",
			"--train-tokens", "600", "--valid-tokens", "200", "--lr", "2", "--store", filepath.Join(dir, "gt.db"), "--csv", out, "--quiet"}
	}
	if code := runMain(args("2")); code != 0 {
		t.Fatalf("first search exited %d", code)
	}
	first, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	interrupts = make(chan os.Signal, 1)
	defer func() { interrupts = nil }()
	// stopAt makes the search's evaluator stop the search with SIGINT at
	// its call-th evaluation (one cell each, --topk 1).
	stopAt := func(call int) {
		n := 0
		wrapSearchEvaluator = func(ev search.Evaluator) search.Evaluator {
			return search.EvaluatorFunc(func(ctx context.Context, ms []motif.Motif) ([]float64, error) {
				if n++; n == call {
					interrupts <- syscall.SIGINT
					<-ctx.Done()
					return nil, ctx.Err()
				}
				return ev.Evaluate(ctx, ms)
			})
		}
	}
	defer func() { wrapSearchEvaluator = func(ev search.Evaluator) search.Evaluator { return ev } }()

	stopAt(3) // after the warm start's 2 cells, replayed from the store
	var code int
	msg := captureStderr(t, func() { code = runMain(args("3")) })
	if code != 130 {
		t.Errorf("exit %d, want 130", code)
	}
	if b, _ := os.ReadFile(out); !bytes.Equal(b, first) {
		t.Errorf("the earlier search's CSV changed:\n%s\nwas:\n%s", b, first)
	}
	if res := readSearchCSV(t, partial); len(res.Motifs) != 2 {
		t.Errorf("%s: %d evaluations, want 2", partial, len(res.Motifs))
	}
	if want := out + " holds 4 evaluations, more than the 2 of this stopped search, so it stays as it was; wrote these to " + partial; !strings.Contains(msg, want) {
		t.Errorf("message %q lacks %q", msg, want)
	}

	os.Remove(partial)
	stopAt(5) // in iteration 3, after replaying all 4 evaluations
	msg = captureStderr(t, func() { code = runMain(args("3")) })
	if res := readSearchCSV(t, out); code != 130 || len(res.Motifs) != 4 {
		t.Errorf("exit %d, %d evaluations in %s; want 130 and 4", code, len(res.Motifs), out)
	}
	if _, err := os.Stat(partial); err == nil {
		t.Errorf("%s written though %s held no more evaluations", partial, out)
	}
	if want := "wrote the 4 evaluations so far to " + out; !strings.Contains(msg, want) {
		t.Errorf("message %q lacks %q", msg, want)
	}
}
