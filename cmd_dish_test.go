package main

import (
	"bytes"
	"encoding/csv"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// writeFile writes text into dir/name and returns the path.
func writeFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// uShapedCSV is a ground-truth table over slopes with its best at 0.6.
func uShapedCSV(n int) string {
	var b strings.Builder
	b.WriteString("motif,loss,std,runs\n")
	for i := range n {
		s := 0.3 + 1.2*float64(i)/float64(n-1)
		l := 0.03 + 0.1*math.Pow(math.Log(s/0.6), 2)
		b.WriteString(strconv.FormatFloat(s, 'g', 4, 64) + "," + strconv.FormatFloat(l, 'g', -1, 64) + ",0.001,5\n")
	}
	return b.String()
}

// runPredict runs dish predict and returns its stdout and exit code.
func runPredict(t *testing.T, args ...string) (string, int) {
	t.Helper()
	var out bytes.Buffer
	old := dishStdout
	dishStdout = &out
	defer func() { dishStdout = old }()
	code := runMain(append([]string{"dish", "predict"}, args...))
	return out.String(), code
}

func TestDishFitAndPredict(t *testing.T) {
	dir := t.TempDir()
	gt := writeFile(t, dir, "gt.csv", uShapedCSV(8))
	cfg := writeFile(t, dir, "c.json", `{"inner": {"steps": 60}, "outer": {"schedule": [10, 5]}}`)
	for _, model := range []string{"petri", "nn"} {
		out := filepath.Join(dir, model+".json")
		args := []string{"dish", "fit", "--quiet", "--model", model, "--train", gt, "--out", out, "--seed", "3", "--config", cfgFor(model, cfg)}
		if model == "petri" {
			args = append(args, "--restarts", "2") // petri only: the NN surrogate refuses it
		}
		if code := runMain(args); code != 0 {
			t.Fatalf("%s: fit exited %d", model, code)
		}
		motifs := writeFile(t, dir, "m.csv", "motif\n1.4\n0.05\n0.60\n")
		text, code := runPredict(t, "--dish", out, "--motifs", motifs)
		if code != 0 {
			t.Fatalf("%s: predict exited %d", model, code)
		}
		recs, err := csv.NewReader(strings.NewReader(text)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 4 || recs[0][0] != "motif" || recs[0][1] != "predicted" {
			t.Fatalf("%s: predict printed %q", model, text)
		}
		for i, want := range []string{"1.4", "0.05", "0.60"} {
			if recs[i+1][0] != want {
				t.Errorf("%s: row %d is motif %q, want %q (input order)", model, i+1, recs[i+1][0], want)
			}
			if v, err := strconv.ParseFloat(recs[i+1][1], 64); err != nil || math.IsNaN(v) {
				t.Errorf("%s: row %d prediction %q", model, i+1, recs[i+1][1])
			}
		}
		// A ground-truth table works as a motif list too.
		if _, code := runPredict(t, "--dish", out, "--motifs", gt); code != 0 {
			t.Errorf("%s: predict on a ground-truth table exited %d", model, code)
		}
	}
}

// TestDishFitCells fits and uses a dish of Experiment 2's recurrent cells
// from the command line: --family rnncell takes dish.CellConfig's sizes,
// which a config file without a family overlays; the NN surrogate reads
// the cells' one-hot features.
func TestDishFitCells(t *testing.T) {
	dir := t.TempDir()
	cells := []string{
		"0 1 0 1 1 1 3 0 4 1 4 1 5 1 1 1 7 1 1 1 1 2", "0 3 1 3 2 3 3 3 4 3 5 3 6 3 7 3 8 3 9 3 10 3",
		"0 0 1 0 2 0 3 0 4 0 5 0 6 0 7 0 8 0 9 0 10 0", "0 2 0 2 1 2 2 2 3 2 4 2 5 2 6 2 7 2 8 2 9 2",
		"0 1 1 1 2 1 3 1 4 1 5 1 6 1 7 1 8 1 9 1 10 1",
	}
	var b strings.Builder
	b.WriteString("motif,loss\n")
	for i, c := range cells {
		b.WriteString(c + "," + strconv.Itoa(4+i) + "\n")
	}
	gt := writeFile(t, dir, "cells.csv", b.String())
	cfg := writeFile(t, dir, "c.json", `{"net": {"samples": 4, "time_steps": 3}, "inner": {"steps": 5}, "outer": {"schedule": [3], "batch": 4}}`)
	for _, model := range []string{"petri", "nn"} {
		out := filepath.Join(dir, model+".json")
		if code := runMain([]string{"dish", "fit", "--quiet", "--family", "rnncell", "--model", model, "--train", gt, "--out", out, "--config", cfgFor(model, cfg)}); code != 0 {
			t.Fatalf("%s: fit exited %d", model, code)
		}
		text, code := runPredict(t, "--dish", out, "--motifs", gt)
		if code != 0 {
			t.Fatalf("%s: predict exited %d", model, code)
		}
		recs, err := csv.NewReader(strings.NewReader(text)).ReadAll()
		if err != nil || len(recs) != len(cells)+1 || recs[1][0] != cells[0] {
			t.Fatalf("%s: predict printed %q (%v)", model, text, err)
		}
	}
	if code := runMain([]string{"dish", "fit", "--quiet", "--family", "sigmoid", "--train", gt, "--out", filepath.Join(dir, "x.json")}); code == 0 {
		t.Error("fitting cells as sigmoid slopes succeeded")
	}
}

// TestDishPredictCellLists predicts recurrent cells listed as the other
// commands read them: one NAO encoding per line (as in --cells-file,
// --warm and notebooks/data/ptb_cells.txt) and a search's result, whose
// motif column is not the first; and fits a dish on a search's result.
func TestDishPredictCellLists(t *testing.T) {
	dir := t.TempDir()
	cells := []string{
		"0 1 0 1 1 1 3 0 4 1 4 1 5 1 1 1 7 1 1 1 1 2", "0 3 1 3 2 3 3 3 4 3 5 3 6 3 7 3 8 3 9 3 10 3",
		"0 0 1 0 2 0 3 0 4 0 5 0 6 0 7 0 8 0 9 0 10 0", "0 2 0 2 1 2 2 2 3 2 4 2 5 2 6 2 7 2 8 2 9 2",
		"0 1 1 1 2 1 3 1 4 1 5 1 6 1 7 1 8 1 9 1 10 1",
	}
	var gt, list, result strings.Builder
	gt.WriteString("motif,loss\n")
	list.WriteString("# cells to rank\n\n")
	result.WriteString("evaluation,iteration,motif,loss,predicted\n")
	for i, c := range cells {
		gt.WriteString(c + "," + strconv.Itoa(4+i) + "\n")
		list.WriteString(c + "\n")
		result.WriteString(strconv.Itoa(i+1) + ",0," + c + "," + strconv.Itoa(4+i) + ",\n")
	}
	cfg := writeFile(t, dir, "c.json", `{"net": {"samples": 4, "time_steps": 3}, "inner": {"steps": 5}, "outer": {"schedule": [3], "batch": 4}}`)
	model := filepath.Join(dir, "dish.json")
	if code := runMain([]string{"dish", "fit", "--quiet", "--family", "rnncell", "--train", writeFile(t, dir, "gt.csv", gt.String()), "--out", model, "--config", cfg}); code != 0 {
		t.Fatalf("fit exited %d", code)
	}
	want, code := runPredict(t, "--dish", model, "--motifs", filepath.Join(dir, "gt.csv"))
	if code != 0 {
		t.Fatalf("predict on the ground truth exited %d", code)
	}
	for name, text := range map[string]string{"one cell per line": list.String(), "search result": result.String()} {
		got, code := runPredict(t, "--dish", model, "--motifs", writeFile(t, dir, "m.txt", text))
		if code != 0 || got != want {
			t.Errorf("%s: predict exited %d and printed\n%s\nwant\n%s", name, code, got, want)
		}
	}
	// A search's result is ground truth too: the dish fitted on it is the
	// dish fitted on the same cells and losses as a table.
	fromSearch := filepath.Join(dir, "search-dish.json")
	if code := runMain([]string{"dish", "fit", "--quiet", "--family", "rnncell", "--train", writeFile(t, dir, "result.csv", result.String()), "--out", fromSearch, "--config", cfg}); code != 0 {
		t.Fatalf("fit on a search result exited %d", code)
	}
	if got, code := runPredict(t, "--dish", fromSearch, "--motifs", filepath.Join(dir, "gt.csv")); code != 0 || got != want {
		t.Errorf("the dish fitted on a search result predicted (exit %d)\n%s\nwant\n%s", code, got, want)
	}
	// A bad line of a list is named by its number.
	bad := writeFile(t, dir, "bad.txt", cells[0]+"\n0 1 0 1\n")
	errOut := captureStderr(t, func() { _, code = runPredict(t, "--dish", model, "--motifs", bad) })
	if code == 0 || !strings.Contains(errOut, "bad.txt line 2") {
		t.Errorf("a list with a short cell on line 2: exit %d, stderr %q", code, errOut)
	}
}

// cfgFor returns the config for model: the dish config for petri and none
// for nn (its defaults are quick).
func cfgFor(model, dishCfg string) string {
	if model == "petri" {
		return dishCfg
	}
	return ""
}

func TestDishFitRejects(t *testing.T) {
	dir := t.TempDir()
	good := uShapedCSV(5)
	cases := map[string]struct {
		csv  string
		args []string
	}{
		"malformed CSV":   {"motif,loss\n0.1,\"2\n", nil},
		"wrong header":    {"slope,loss\n0.1,2\n0.2,3\n0.3,1\n", nil},
		"unknown family":  {good, []string{"--family", "lstm"}},
		"bad encoding":    {"motif,loss\n0.1,2\nabc,3\n0.3,1\n", nil},
		"NaN loss":        {"motif,loss\n0.1,2\n0.2,NaN\n0.3,1\n", nil},
		"Inf motif":       {"motif,loss\n0.1,2\nInf,3\n0.3,1\n", nil},
		"duplicate":       {"motif,loss\n0.1,2\n0.10,3\n0.3,1\n", nil},
		"too few":         {"motif,loss\n0.1,2\n0.2,3\n", nil},
		"bad model":       {good, []string{"--model", "gp"}},
		"zero restarts":   {good, []string{"--restarts", "0"}},
		"bad config":      {good, []string{"--config", writeFile(t, dir, "bad.json", `{"inner": {"stepz": 3}}`)}},
		"family conflict": {good, []string{"--family", "sigmoid", "--config", writeFile(t, dir, "fam.json", `{"family": "cell"}`)}},
	}
	for name, c := range cases {
		gt := writeFile(t, dir, "gt.csv", c.csv)
		out := filepath.Join(dir, "out.json")
		args := append([]string{"dish", "fit", "--quiet", "--train", gt, "--out", out}, c.args...)
		if code := runMain(args); code == 0 {
			t.Errorf("%s: fit exited 0", name)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("%s: fit wrote %s", name, out)
		}
	}
	if code := runMain([]string{"dish", "fit", "--train", "x.csv"}); code != 2 {
		t.Errorf("missing --out: exit %d, want 2", code)
	}
}

func TestDishPredictRejects(t *testing.T) {
	dir := t.TempDir()
	gt := writeFile(t, dir, "gt.csv", uShapedCSV(5))
	cfg := writeFile(t, dir, "c.json", `{"inner": {"steps": 20}, "outer": {"schedule": [2]}}`)
	model := filepath.Join(dir, "dish.json")
	if code := runMain([]string{"dish", "fit", "--quiet", "--train", gt, "--out", model, "--config", cfg}); code != 0 {
		t.Fatalf("fit exited %d", code)
	}
	data, _ := os.ReadFile(model)
	text := string(data)
	motifs := writeFile(t, dir, "m.csv", "motif\n0.5\n")
	cases := map[string][]string{
		"other version":  {"--dish", writeFile(t, dir, "v2.json", strings.Replace(text, `"version": 1`, `"version": 2`, 1)), "--motifs", motifs},
		"other family":   {"--dish", model, "--motifs", motifs, "--family", "cell"},
		"unknown family": {"--dish", writeFile(t, dir, "fam.json", strings.ReplaceAll(text, `"family": "sigmoid"`, `"family": "cell"`)), "--motifs", motifs},
		"not a model":    {"--dish", gt, "--motifs", motifs},
		"bad encoding":   {"--dish", model, "--motifs", writeFile(t, dir, "bad.csv", "motif\n0.5\nNaN\n")},
		"duplicates":     {"--dish", model, "--motifs", writeFile(t, dir, "dup.csv", "motif\n0.5\n0.50\n")},
		"malformed":      {"--dish", model, "--motifs", writeFile(t, dir, "mal.csv", "motif\n\"0.5\n")},
		"no header":      {"--dish", model, "--motifs", writeFile(t, dir, "nohead.csv", "0.5\n0.6\n")},
		"empty":          {"--dish", model, "--motifs", writeFile(t, dir, "empty.csv", "motif\n")},
		"missing flag":   {"--dish", model},
	}
	for name, args := range cases {
		out, code := runPredict(t, args...)
		if code == 0 {
			t.Errorf("%s: predict exited 0", name)
		}
		if out != "" {
			t.Errorf("%s: predict printed %q", name, out)
		}
	}
}

// TestBenchDishFamilies runs petridish bench dish on tiny sizes for both
// built-in families and rejects an unknown one.
func TestBenchDishFamilies(t *testing.T) {
	for _, fam := range []string{"sigmoid", "rnncell"} {
		if code := runMain([]string{"bench", "dish", "--family", fam, "--motifs", "4", "--inner", "3", "--samples", "3", "--outer", "1", "--predict", "3"}); code != 0 {
			t.Errorf("bench dish --family %s exited %d", fam, code)
		}
	}
	if code := runMain([]string{"bench", "dish", "--family", "lstm"}); code != 2 {
		t.Errorf("bench dish --family lstm exited %d, want 2 (usage)", code)
	}
}

// TestDishFitChecksInput checks what dish fit refuses before training,
// with messages that say what to fix, and that it reads a ground truth
// and a motif list written with a UTF-8 byte order mark (as Excel does).
func TestDishFitChecksInput(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, dir, "gt.csv", uShapedCSV(5))
	out := filepath.Join(dir, "out.json")
	cases := map[string]struct {
		args  []string
		want  string
		usage bool
	}{
		"equal losses": {[]string{"--train", writeFile(t, dir, "eq.csv", "motif,loss\n0.5,0.1\n0.7,0.1\n0.9,0.1\n")},
			"every motif has loss 0.1; the losses must differ", false},
		"NaN loss": {[]string{"--train", writeFile(t, dir, "nan.csv", "motif,loss\n0.5,0.1\n0.7,NaN\n0.9,0.3\n")},
			"nan.csv line 3: loss is NaN", false},
		"Inf loss": {[]string{"--train", writeFile(t, dir, "inf.csv", "motif,loss\n0.5,0.1\n0.7,0.2\n0.9,-Inf\n")},
			"inf.csv line 4: loss is -Inf", false},
		"nn restarts": {[]string{"--train", good, "--model", "nn", "--restarts", "5"},
			"--restarts applies to --model petri only", true},
		"nn threads": {[]string{"--train", good, "--model", "nn", "--threads", "2"},
			"--threads applies to --model petri only", true},
		"missing out dir": {[]string{"--train", good, "--out", filepath.Join(dir, "no", "x.json")},
			"directory " + filepath.Join(dir, "no") + " does not exist", false},
		"out is a dir": {[]string{"--train", good, "--out", dir},
			"is a directory", false},
	}
	for name, c := range cases {
		args := append([]string{"--quiet", "--out", out}, c.args...)
		err := dishFit(args)
		if err == nil || !strings.Contains(err.Error(), c.want) || errors.Is(err, errUsage) != c.usage {
			t.Errorf("%s: %v, want %q (usage error: %v)", name, err, c.want, c.usage)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("%s: fit wrote %s", name, out)
		}
	}
	// Both models check --out before training (the message comes from
	// that check; after training it would be the save's).
	for _, model := range []string{"petri", "nn"} {
		err := dishFit([]string{"--quiet", "--model", model, "--train", good, "--out", filepath.Join(dir, "no", "x.json")})
		if err == nil || !strings.HasPrefix(err.Error(), "--out ") {
			t.Errorf("%s with a missing --out directory: %v", model, err)
		}
	}

	bom := "\ufeff"
	gt := writeFile(t, dir, "bom.csv", bom+strings.ReplaceAll(uShapedCSV(5), "\n", "\r\n"))
	cfg := writeFile(t, dir, "c.json", `{"inner": {"steps": 20}, "outer": {"schedule": [2]}}`)
	if err := dishFit([]string{"--quiet", "--train", gt, "--out", out, "--config", cfg}); err != nil {
		t.Fatalf("ground truth with a byte order mark: %v", err)
	}
	motifs := writeFile(t, dir, "m.csv", bom+"motif\r\n0.5\r\n")
	if text, code := runPredict(t, "--dish", out, "--motifs", motifs); code != 0 || !strings.HasPrefix(text, "motif,predicted\n0.5,") {
		t.Errorf("motif list with a byte order mark: exit %d, printed %q", code, text)
	}
	cells := writeFile(t, dir, "cells.txt", bom+"0 1 0 1 1 1 3 0 4 1 4 1 5 1 1 1 7 1 1 1 1 2\n")
	if cs, err := readCells(cells); err != nil || len(cs) != 1 {
		t.Errorf("cells file with a byte order mark: %v", err)
	}
}
