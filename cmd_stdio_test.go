package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/petridish-go/petridish/petri/store"
)

// withStdio runs f with "-" reading in and writing to the returned buffer.
func withStdio(t *testing.T, in string, f func()) string {
	t.Helper()
	var out bytes.Buffer
	oldIn, oldOut := cmdStdin, cmdStdout
	cmdStdin, cmdStdout = strings.NewReader(in), &out
	defer func() { cmdStdin, cmdStdout = oldIn, oldOut }()
	f()
	return out.String()
}

// TestDashIsStdio checks that "-" reads standard input for run,
// dish fit --train and --config, dish predict --motifs, and writes
// standard output for dish fit --out and groundtruth --csv, creating no
// file named "-"; and that exec -o -, exec - and --store - are usage
// errors.
func TestDashIsStdio(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	tinyPTB(t, dir)
	t.Setenv("PETRI_DATA", dir)

	var out, errOut bytes.Buffer
	if err := runScriptIO([]string{"-"}, strings.NewReader(`fmt.Println("from stdin")`), &out, &errOut); err != nil || out.String() != "from stdin\n" {
		t.Errorf("run -: %v, stdout %q", err, out.String())
	}

	cfg := writeFile(t, dir, "c.json", `{"inner": {"steps": 20}, "outer": {"schedule": [3]}}`)
	var code int
	model := withStdio(t, uShapedCSV(8), func() {
		code = runMain([]string{"dish", "fit", "--quiet", "--train", "-", "--config", cfg, "--out", "-"})
	})
	if code != 0 || !strings.Contains(model, `"format"`) {
		t.Fatalf("dish fit --train - --out -: exit %d, stdout %.80q", code, model)
	}
	modelPath := writeFile(t, dir, "dish.json", model)
	withStdio(t, `{"inner": {"steps": 20}, "outer": {"schedule": [3]}}`, func() {
		code = runMain([]string{"dish", "fit", "--quiet", "--train", writeFile(t, dir, "gt.csv", uShapedCSV(8)), "--config", "-", "--out", "d2.json"})
	})
	if code != 0 {
		t.Errorf("dish fit --config -: exit %d", code)
	}
	var pred string
	withStdio(t, "motif\n0.5\n1.0\n", func() { pred, code = runPredict(t, "--dish", modelPath, "--motifs", "-") })
	if code != 0 || !strings.HasPrefix(pred, "motif,predicted\n0.5,") {
		t.Errorf("dish predict --motifs -: exit %d, %q", code, pred)
	}

	table := withStdio(t, "", func() {
		code = runMain([]string{"groundtruth", "rnncell", "--quiet", "--cells", "2", "--hidden", "8", "--batch", "4", "--bptt", "10",
			"--train-tokens", "600", "--valid-tokens", "200", "--store", "", "--csv", "-"})
	})
	if rows, err := store.ReadCSV(strings.NewReader(table)); code != 0 || err != nil || len(rows) != 2 {
		t.Errorf("groundtruth --csv -: exit %d, %v, table %q", code, err, table)
	}
	if _, err := os.Lstat(filepath.Join(dir, "-")); err == nil {
		t.Error(`a file named "-" was created`)
	}

	nb := writeFile(t, dir, "nb.ipynb", `{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}`)
	for _, args := range [][]string{
		{"exec", nb, "-o", "-"},
		{"exec", nb, "--html", "-"},
		{"exec", "-"},
		{"groundtruth", "rnncell", "--store", "-"},
		{"dish", "predict", "--dish", "-", "--motifs", "-"},
	} {
		var code int
		msg := captureStderr(t, func() { code = runMain(args) })
		if code != 2 || !strings.Contains(msg, "-") {
			t.Errorf("%v: exit %d, %q; want a usage error", args, code, msg)
		}
	}
	if _, err := os.Lstat(filepath.Join(dir, "-")); err == nil {
		t.Error(`a file named "-" was created`)
	}
}

// TestCSVCheckedBeforeTraining checks that groundtruth and search refuse
// a --csv they cannot write before any training, naming the flag and
// not a temporary file.
func TestCSVCheckedBeforeTraining(t *testing.T) {
	dir := t.TempDir()
	tinyPTB(t, dir)
	t.Setenv("PETRI_DATA", dir)
	bad := filepath.Join(dir, "no", "such", "dir", "out.csv")
	db := filepath.Join(dir, "gt.db")
	for _, args := range [][]string{
		{"groundtruth", "rnncell", "--quiet", "--cells", "2", "--hidden", "8", "--batch", "4", "--bptt", "10", "--train-tokens", "600", "--valid-tokens", "200", "--store", db, "--csv", bad},
		{"groundtruth", "sigmoid", "--quiet", "--slopes", "1", "--runs", "1", "--epochs", "1", "--train", "10", "--valid", "10", "--store", db, "--csv", bad},
		{"search", "--quiet", "--init", "2", "--iterations", "1", "--topk", "1", "--children", "2", "--hidden", "8", "--batch", "4", "--bptt", "10", "--train-tokens", "600", "--valid-tokens", "200", "--store", db, "--csv", bad},
		{"groundtruth", "rnncell", "--quiet", "--cells", "2", "--store", db, "--csv", dir},
	} {
		var code int
		msg := captureStderr(t, func() { code = runMain(args) })
		if code == 0 || !strings.Contains(msg, "--csv") || strings.Contains(msg, ".tmp") {
			t.Errorf("%v: exit %d, %q; want an error naming --csv", args[:2], code, msg)
		}
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("the store was opened (training started) before --csv was checked")
	}
}
