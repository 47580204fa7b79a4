package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
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
