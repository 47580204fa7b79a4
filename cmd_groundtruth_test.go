package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/petridish-go/petridish/accel"
	"github.com/petridish-go/petridish/petri/data"
	"github.com/petridish-go/petridish/petri/motif"
	"github.com/petridish-go/petridish/petri/store"
)

func TestGroundtruthCommand(t *testing.T) {
	if _, err := data.MNISTDir(); err != nil {
		t.Skip(err)
	}
	dir := t.TempDir()
	csv, db := filepath.Join(dir, "gt.csv"), filepath.Join(dir, "gt.db")
	args := []string{"sigmoid", "--slopes", "0.5:1.5:3", "--runs", "2", "--epochs", "1", "--train", "200", "--valid", "100",
		"--threads", "2", "--device", "cpu", "--store", db, "--csv", csv, "--quiet"}
	if err := runGroundtruth(args); err != nil {
		t.Fatal(err)
	}
	rows, err := store.ReadCSVFile(csv)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0].Motif != "0.5" || rows[2].Motif != "1.5" || rows[1].Runs != 2 {
		t.Fatalf("rows %+v", rows)
	}
	for _, r := range rows {
		if r.Accuracy <= 0.1 || r.Loss != 1-r.Accuracy {
			t.Fatalf("row %+v: loss should be 1 - accuracy of a network that learned something", r)
		}
	}
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	runs, _ := st.Runs("sigmoid", "")
	st.Close()
	if len(runs) != 6 {
		t.Fatalf("%d runs stored, want 6", len(runs))
	}
	// Again, with cross-entropy as the target: all runs come from the store.
	args = append(args, "--target", "xent")
	if err := runGroundtruth(args); err != nil {
		t.Fatal(err)
	}
	again, _ := store.ReadCSVFile(csv)
	if again[1].Accuracy != rows[1].Accuracy || again[1].Loss == rows[1].Loss {
		t.Fatalf("xent table %+v", again[1])
	}
	// Another initialisation (PyTorch's) is another configuration: trained afresh.
	args = append(args, "--init-scale", "0")
	if err := runGroundtruth(args); err != nil {
		t.Fatal(err)
	}
	st, _ = store.Open(db)
	runs, _ = st.Runs("sigmoid", "")
	st.Close()
	if len(runs) != 12 {
		t.Fatalf("%d runs stored after --init-scale 0, want 12", len(runs))
	}
}

func TestGroundtruthCommandUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		nil,
		{"relu"},
		{"sigmoid", "--slopes", "1:2"},
		{"sigmoid", "--target", "accuracy"},
		{"sigmoid", "--runs", "x"},
		{"sigmoid", "extra"},
		{"sigmoid", "--init-scale", "-1"},
		{"sigmoid", "--device", "tpu"},
		{"sigmoid", "--device", ""},
		{"sigmoid", "--runs-in-flight", "-1"},
		{"sigmoid", "--runs-in-flight", "x"},
	} {
		if err := runGroundtruth(args); !errors.Is(err, errUsage) {
			t.Errorf("%q: got %v, want a usage error", args, err)
		}
	}
}

func TestGroundtruthCommandUsageErrorNamesDevices(t *testing.T) {
	err := runGroundtruth([]string{"sigmoid", "--device", "tpu"})
	for _, want := range []string{"tpu", "auto", "cpu", "cuda"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("--device tpu: error %v should mention %q", err, want)
		}
	}
}

func TestGroundtruthCommandNoGPU(t *testing.T) {
	if _, err := accel.Select("cuda"); err == nil {
		t.Skip("this machine has a GPU")
	}
	db := filepath.Join(t.TempDir(), "gt.db")
	err := runGroundtruth([]string{"sigmoid", "--device", "cuda", "--slopes", "0.5,1", "--runs", "1", "--epochs", "1",
		"--train", "100", "--valid", "50", "--store", db, "--quiet"})
	if err == nil || errors.Is(err, errUsage) || !strings.Contains(err.Error(), "cuda") {
		t.Fatalf("--device cuda without a GPU: got %v, want an error about cuda that is not a usage error", err)
	}
	if _, serr := os.Stat(db); serr == nil {
		t.Errorf("--device cuda without a GPU created the store %s", db)
	}
}

// tinyPTB writes a PTB folder of a few hundred tokens into dir.
func tinyPTB(t *testing.T, dir string) {
	t.Helper()
	var b strings.Builder
	for i := range 300 {
		fmt.Fprintf(&b, "the w%d cat sat on w%d mat\n", i%7, (i*3)%5)
	}
	for _, f := range []string{"ptb.train.txt", "ptb.valid.txt", "ptb.test.txt"} {
		writeFile(t, dir, f, b.String())
	}
}

// TestGroundtruthCells runs petridish groundtruth rnncell on a PTB folder
// the test writes: a CSV of the cells, the runs in the store and read back
// on a rerun, and cells read from a file.
func TestGroundtruthCells(t *testing.T) {
	dir := t.TempDir()
	tinyPTB(t, dir)
	t.Setenv("PETRI_DATA", dir)
	db, out := filepath.Join(dir, "gt.db"), filepath.Join(dir, "gt.csv")
	args := []string{"groundtruth", "rnncell", "--quiet", "--cells", "3", "--runs", "2", "--hidden", "8", "--batch", "4", "--bptt", "10",
		"--train-tokens", "1500", "--valid-tokens", "400", "--lr", "2", "--store", db, "--csv", out}
	if code := runMain(args); code != 0 {
		t.Fatalf("exited %d", code)
	}
	rows, err := store.ReadCSVFile(out)
	if err != nil || len(rows) != 3 {
		t.Fatalf("CSV: %v, %d rows; want 3", err, len(rows))
	}
	for _, r := range rows {
		if _, err := motif.ParseCell(r.Motif); err != nil || r.Runs != 2 || !(r.Loss > 0) {
			t.Errorf("row %+v: want a cell with 2 runs and a positive loss (%v)", r, err)
		}
	}
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	cfgs, err := st.Configs(motif.CellFamily)
	if err != nil || len(cfgs) != 1 {
		t.Fatalf("configs %v, %v; want one", cfgs, err)
	}
	runs, _ := st.Runs(motif.CellFamily, cfgs[0].Hash)
	st.Close()
	if len(runs) != 6 {
		t.Errorf("%d runs stored, want 6", len(runs))
	}
	// Cells from a file: one of them already in the store.
	cells := writeFile(t, dir, "cells.txt", "# two cells\n"+rows[0].Motif+"\n\n0 1 0 1 1 1 3 0 4 1 4 1 5 1 1 1 7 1 1 1 1 2\n")
	out2 := filepath.Join(dir, "gt2.csv")
	args2 := append(append([]string{}, args[:len(args)-4]...), "--cells-file", cells, "--store", db, "--csv", out2)
	args2 = slices.Delete(args2, 3, 5) // --cells 3: the file gives the cells
	if code := runMain(args2); code != 0 {
		t.Fatalf("--cells-file: exited %d", code)
	}
	rows2, err := store.ReadCSVFile(out2)
	if err != nil || len(rows2) != 2 || rows2[0] != rows[0] {
		t.Errorf("--cells-file: rows %+v (%v); want 2, the first as before", rows2, err)
	}
	bad := writeFile(t, dir, "bad.txt", "0 1 0 1\n")
	for _, a := range [][]string{
		{"groundtruth", "rnncell", "--cells-file", bad, "--store", ""},
		{"groundtruth", "rnncell", "--lr", "0"},
		{"groundtruth", "lstm"},
	} {
		if code := runMain(a); code == 0 {
			t.Errorf("%v succeeded", a)
		}
	}
}

// captureStderr runs f with os.Stderr going to a file and returns what f
// wrote there.
func captureStderr(t *testing.T, f func()) string {
	t.Helper()
	tmp, err := os.CreateTemp(t.TempDir(), "stderr")
	if err != nil {
		t.Fatal(err)
	}
	defer tmp.Close()
	old := os.Stderr
	os.Stderr = tmp
	defer func() { os.Stderr = old }()
	f()
	b, _ := os.ReadFile(tmp.Name())
	return string(b)
}

// TestGroundtruthAndBenchHelp checks the help of dish fit and dish
// predict (a description, as the other commands have), of groundtruth (its
// families, one line each), of each family (its flags), and that -h
// exits 0 for every bench suite, with one default per flag.
func TestGroundtruthAndBenchHelp(t *testing.T) {
	cases := []struct {
		args []string
		want []string
	}{
		{[]string{"groundtruth", "-h"}, []string{"\tsigmoid ", "\trnncell ", "groundtruth <family> -h"}},
		{[]string{"groundtruth", "sigmoid", "-h"}, []string{"groundtruth sigmoid", "-slopes", "-runs-in-flight"}},
		{[]string{"groundtruth", "rnncell", "-h"}, []string{"groundtruth rnncell", "-cells-file", "-train-tokens"}},
		{[]string{"dish", "-h"}, []string{"dish fit -h", "dish predict -h"}},
		{[]string{"dish", "fit", "-h"}, []string{"usage: petridish dish fit", "ground-truth table", "-restarts"}},
		{[]string{"dish", "predict", "-h"}, []string{"usage: petridish dish predict", "motif,predicted", "-motifs"}},
		{[]string{"bench", "-h"}, []string{"\tdish ", "\tgroundtruth ", "bench <suite> -h"}},
		{[]string{"bench", "groundtruth", "-h"}, []string{"-runs-in-flight"}},
		{[]string{"bench", "dish", "-h"}, []string{"(default 250 for sigmoid, 50 for rnncell)\n"}},
		{[]string{"bench", "dsl", "-h"}, []string{"-reps"}},
		{[]string{"bench", "kernel", "-h"}, []string{"-ipykernel"}},
	}
	for _, c := range cases {
		var code int
		text := captureStderr(t, func() { code = runMain(c.args) })
		if code != 0 {
			t.Errorf("%v exited %d, want 0:\n%s", c.args, code, text)
		}
		for _, w := range c.want {
			if !strings.Contains(text, w) {
				t.Errorf("%v: help lacks %q:\n%s", c.args, w, text)
			}
		}
		if strings.Contains(text, "Flags:\n\n") || strings.HasSuffix(text, "Flags:\n") {
			t.Errorf("%v: an empty Flags section:\n%s", c.args, text)
		}
		for _, line := range strings.Split(text, "\n") {
			if strings.Count(line, "(default") > 1 {
				t.Errorf("%v: two defaults in %q", c.args, line)
			}
		}
	}
}
