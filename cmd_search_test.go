package main

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/petridish-go/petridish/petri/motif"
	"github.com/petridish-go/petridish/petri/search"
	"github.com/petridish-go/petridish/petri/store"
)

// readSearchCSV reads a search's CSV.
func readSearchCSV(t *testing.T, path string) search.Result {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	res, err := search.ReadResultCSV(f)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestSearchCommand runs petridish search on a PTB folder the test
// writes: the GA search's CSV and its runs in the store, a rerun that
// replays it from the store, NAO from warm-start cells of a file, and
// the usage errors.
func TestSearchCommand(t *testing.T) {
	dir := t.TempDir()
	tinyPTB(t, dir)
	t.Setenv("PETRI_DATA", dir)
	db, out := filepath.Join(dir, "gt.db"), filepath.Join(dir, "ga.csv")
	ptb := []string{"--hidden", "8", "--batch", "4", "--bptt", "10", "--train-tokens", "1500", "--valid-tokens", "400", "--lr", "2", "--store", db, "--quiet"}
	args := append([]string{"search", "--method", "ga", "--init", "4", "--iterations", "2", "--topk", "2", "--children", "6", "--csv", out}, ptb...)
	if code := runMain(args); code != 0 {
		t.Fatalf("exited %d", code)
	}
	res := readSearchCSV(t, out)
	if len(res.Motifs) != 8 || res.Iteration[7] != 2 || len(res.BestSoFar) != 3 {
		t.Fatalf("GA search: %d evaluations, last in iteration %d, %d progress points; want 8, 2, 3", len(res.Motifs), res.Iteration[len(res.Iteration)-1], len(res.BestSoFar))
	}
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	cfgs, _ := st.Configs(motif.CellFamily)
	runs, _ := st.Runs(motif.CellFamily, cfgs[0].Hash)
	st.Close()
	if len(cfgs) != 1 || len(runs) != 8 {
		t.Fatalf("store: %d configs, %d runs; want 1 and 8", len(cfgs), len(runs))
	}
	first, _ := os.ReadFile(out)
	if code := runMain(args); code != 0 {
		t.Fatalf("rerun exited %d", code)
	}
	if again, _ := os.ReadFile(out); string(again) != string(first) {
		t.Fatalf("rerun wrote\n%s\nwant\n%s", again, first)
	}

	warm := writeFile(t, dir, "warm.txt", res.Motifs[0].String()+"\n"+res.Motifs[1].String()+"\n"+res.Motifs[2].String()+"\n")
	naoOut := filepath.Join(dir, "nao.csv")
	nao := append([]string{"search", "--method", "nao", "--nao-epochs", "3", "--warm", warm, "--iterations", "1", "--topk", "2", "--children", "5", "--csv", naoOut}, ptb...)
	if code := runMain(nao); code != 0 {
		t.Fatalf("nao exited %d", code)
	}
	nres := readSearchCSV(t, naoOut)
	if len(nres.Motifs) != 5 || !slices.Equal(nres.Motifs[:3], res.Motifs[:3]) || !slices.Equal(nres.Losses[:3], res.Losses[:3]) {
		t.Fatalf("NAO search from the warm cells: %v with losses %v; want 5 cells starting with %v (losses %v)", nres.Motifs, nres.Losses, res.Motifs[:3], res.Losses[:3])
	}

	// Petri-dish-GA with a dish cut to a fraction of a second: the
	// proposals it chose carry its predictions.
	tiny := writeFile(t, dir, "tiny.json", `{"net": {"samples": 4}, "inner": {"steps": 3}, "outer": {"schedule": [2]}}`)
	dishOut := filepath.Join(dir, "ga_dish.csv")
	pd := append([]string{"search", "--method", "ga", "--dish", "--dish-config", tiny, "--init", "4", "--iterations", "1", "--topk", "2", "--children", "6", "--csv", dishOut}, ptb...)
	if code := runMain(pd); code != 0 {
		t.Fatalf("--dish exited %d", code)
	}
	dres := readSearchCSV(t, dishOut)
	if len(dres.Motifs) != 6 || math.IsNaN(dres.Predicted[5]) || !math.IsNaN(dres.Predicted[3]) {
		t.Fatalf("Petri-dish-GA: %d evaluations, predictions %v; want 6, the last two predicted", len(dres.Motifs), dres.Predicted)
	}

	sigmoidCfg := writeFile(t, dir, "sigmoid.json", `{"family": "sigmoid"}`)
	badCfg := writeFile(t, dir, "bad.json", `{"outer": {"lr": "fast"}}`)
	for _, c := range []struct {
		args []string
		code int
	}{
		{[]string{"search", "--method", "rl"}, 2},
		{[]string{"search", "--dish", "--init", "2"}, 2},
		{[]string{"search", "--dish-config", sigmoidCfg}, 2},
		{[]string{"search", "--dish", "--dish-config", sigmoidCfg}, 2},
		{[]string{"search", "--dish", "--dish-config", badCfg}, 1},
		{[]string{"search", "--topk", "200"}, 2},
		{[]string{"search", "--lr", "0"}, 2},
		{[]string{"search", "extra"}, 2},
		{[]string{"search", "--warm", filepath.Join(dir, "missing.txt")}, 1},
		{[]string{"search", "--store", "", "--quiet"}, 2}, // the default 100,000 training tokens exceed the tiny corpus
		{[]string{"groundtruth", "rnncell", "--store", "", "--quiet", "--train-tokens", "0", "--valid-tokens", "5000"}, 2},
	} {
		if code := runMain(c.args); code != c.code {
			t.Errorf("%v exited %d, want %d", c.args, code, c.code)
		}
	}
	// Too many tokens for the corpus: one usage error before any training,
	// not the first cell's failure deep in the search's error.
	msg := captureStderr(t, func() { runMain([]string{"search", "--store", "", "--quiet", "--train-tokens", "3000"}) })
	if want := "petridish search: usage error: --train-tokens is 3000, but " + filepath.Join(dir, "ptb.train.txt") + " has 2400 tokens; lower it, or use 0 for all of them\n"; msg != want {
		t.Errorf("stderr %q, want %q", msg, want)
	}
}

// TestErrorsNameFlags checks that the errors of bad settings name the
// flags the user typed, not the fields of the library's configs.
func TestErrorsNameFlags(t *testing.T) {
	dir := t.TempDir()
	tinyPTB(t, dir)
	t.Setenv("PETRI_DATA", dir)
	warm := writeFile(t, dir, "warm.txt", "0 1 0 1 1 1 3 0 4 1 4 1 5 1 1 1 7 1 1 1 1 2\n0 2 0 2 1 2 2 2 3 2 4 2 5 2 6 2 7 2 8 2 9 2\n")
	fields := regexp.MustCompile(`\b(TrainSamples|ValidSamples|Epochs|Runs|TopK|top K|Init|Children|Iterations|Hidden|TrainTokens|LR|InitRange)\b`)
	for _, c := range []struct {
		run  func([]string) error
		args []string
		want string
	}{
		{runSearch, []string{"--topk", "0"}, "--topk 0"},
		{runSearch, []string{"--topk", "20", "--children", "10"}, "lower --topk or raise --children"},
		{runSearch, []string{"--init", "1"}, "--init 1"},
		{runSearch, []string{"--dish", "--init", "2"}, "--init 2"},
		{runSearch, []string{"--dish", "--warm", warm}, "--warm " + warm + " has 2 cells"},
		{runSearch, []string{"--iterations", "0"}, "--iterations 0"},
		{runSearch, []string{"--children", "0"}, "--children 0"},
		{runSearch, []string{"--method", "nao", "--nao-epochs", "0"}, "--nao-epochs 0"},
		{runSearch, []string{"--hidden", "0"}, "--hidden is 0"},
		{runSearch, []string{"--nao-epochs", "5", "--store", ""}, "--nao-epochs applies to --method nao only"},
		{runSearch, []string{"--warm", writeFile(t, dir, "dup.txt", "0 1 0 1 1 1 3 0 4 1 4 1 5 1 1 1 7 1 1 1 1 2\n0 2 0 2 1 2 2 2 3 2 4 2 5 2 6 2 7 2 8 2 9 2\n0 1 0 1 1 1 3 0 4 1 4 1 5 1 1 1 7 1 1 1 1 2\n"), "--store", ""}, "dup.txt: cells 1 and 3 (counting from 1) are the same"},
		{runSearch, []string{"--warm", warm, "--init", "10", "--store", ""}, "--init with --warm"},
		{runSearch, []string{"--valid-tokens", "19", "--store", ""}, "--valid-tokens is 19"},
		{runSearch, []string{"--train-tokens", "15", "--store", ""}, "--train-tokens is 15"},
		{runGroundtruth, []string{"rnncell", "--cells-file", warm, "--cells", "5", "--store", ""}, "--cells with --cells-file"},
		{runGroundtruth, []string{"rnncell", "--cells-file", warm, "--cells-seed", "2", "--store", ""}, "--cells-seed with --cells-file"},
		{runGroundtruth, []string{"sigmoid", "--train", "70000", "--store", ""}, "--train 70000"},
		{runGroundtruth, []string{"sigmoid", "--train", "0", "--store", ""}, "--train 0"},
		{runGroundtruth, []string{"sigmoid", "--epochs", "0", "--store", ""}, "--epochs 0"},
		{runGroundtruth, []string{"sigmoid", "--runs", "0", "--store", ""}, "--runs 0"},
		{runGroundtruth, []string{"rnncell", "--init-range", "0"}, "--init-range is 0"},
		{runGroundtruth, []string{"rnncell", "--cells", "1", "--train-tokens", "99999999", "--store", "", "--quiet"}, "--train-tokens is 99999999"},
		{benchGroundtruth, []string{"--train", "0"}, "--train 0"},
	} {
		err := c.run(c.args)
		if err == nil || !strings.Contains(err.Error(), c.want) || fields.MatchString(err.Error()) {
			t.Errorf("%v: %v; want an error with %q that names no config field", c.args, err, c.want)
		}
	}
	// withFlagNames rewrites the field names and keeps the error it wraps.
	err := withFlagNames(errors.New("ground truth config: TrainSamples is 0; lower TrainSamples"), sigmoidFlagNames)
	if err.Error() != "ground truth config: --train is 0; lower --train" {
		t.Errorf("withFlagNames: %q", err)
	}
	if wrapped := withFlagNames(fmt.Errorf("%w: Hidden is 0", errUsage), ptbFlagNames); !errors.Is(wrapped, errUsage) {
		t.Errorf("withFlagNames lost the wrapped error: %v", wrapped)
	}
}
