package main

import (
	"math"
	"os"
	"path/filepath"
	"slices"
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
		{[]string{"search", "--store", "", "--quiet"}, 1}, // the default 100,000 training tokens exceed the tiny corpus
	} {
		if code := runMain(c.args); code != c.code {
			t.Errorf("%v exited %d, want %d", c.args, code, c.code)
		}
	}
}
