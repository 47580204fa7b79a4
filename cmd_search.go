package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/petridish-go/petridish/internal/atomicfile"
	"github.com/petridish-go/petridish/petri/data"
	"github.com/petridish-go/petridish/petri/dish"
	"github.com/petridish-go/petridish/petri/motif"
	"github.com/petridish-go/petridish/petri/search"
)

func init() {
	register(command{name: "search", summary: "search recurrent cells on Penn Treebank: GA or NAO, alone or with the Petri dish (Algorithm 1)", run: runSearch})
}

const searchUsage = `usage: petridish search [flags]

Runs the paper's Algorithm 1 on Experiment 2's search space: a NAS method
(--method ga or nao) proposes recurrent cells, the Synthetic Petri Dish
(--dish) predicts which of them are best, and the --topk best get ground
truth: a Penn Treebank language model with the cell inside
(groundtruth.TrainCell, the settings of "petridish groundtruth rnncell").
Without --dish the method's own first --topk proposals get ground truth:
the GA and NAO baselines. The search warm-starts on --init random cells, or
on the cells of --warm.

Every training run goes to the --store file at once, so an interrupted
search (Ctrl-C) keeps its ground truth, and rerunning the same command
replays what was done without training a language model (the dish fits
and NAO's trainings of the finished rounds are redone) and goes on. Cells a ground-truth sweep
already stored with the same settings cost nothing either, so a warm start
from the cells of that sweep is free.

The result is every evaluated cell as CSV (evaluation, iteration, motif,
loss, predicted) on standard output or in --csv. A search that stops early
writes what it evaluated (nothing, if it evaluated nothing); if the --csv
file holds a longer result, as when a rerun that extends an earlier search
is stopped while replaying it, that file stays as it was and the shorter
result goes to NAME.partial.csv. The best cell so far after each
iteration goes to standard error. PTB is read from $PETRI_DATA or
../shared/data/ptb.

Flags:
`

func runSearch(args []string) error {
	fs := dishFlagSet("search")
	fs.Usage = func() { fmt.Fprint(os.Stderr, searchUsage); fs.PrintDefaults() }
	def := search.DefaultLoop()
	method := fs.String("method", "ga", "NAS method: ga (the paper's elitist GA) or nao (Neural Architecture Optimization)")
	useDish := fs.Bool("dish", false, "rank the proposals with the Petri dish (dish.CellConfig): Petri-dish-GA or Petri-dish-NAO")
	dishConfig := fs.String("dish-config", "", "with --dish: a JSON dish config overriding dish.CellConfig's fields (see petridish dish fit; - reads standard input)")
	initN := fs.Int("init", def.Init, "random warm-start cells (not with --warm)")
	warmPath := fs.String("warm", "", "warm-start cells: one NAO encoding per line, or a CSV with a motif column (- reads standard input)")
	iterations := fs.Int("iterations", def.Iterations, "proposal rounds after the warm start")
	topK := fs.Int("topk", def.TopK, "proposals per round that get ground truth (K)")
	children := fs.Int("children", search.DefaultGA().Children, "proposals per round (M)")
	seed := fs.Uint64("search-seed", 1, "seed of the warm-start cells and of the method")
	naoEpochs := fs.Int("nao-epochs", search.DefaultNAO().Epochs, "NAO: training epochs per round")
	ptbConfig := ptbFlags(fs, "seed")
	storePath := fs.String("store", "groundtruth.db", `SQLite store for finished runs ("" for none)`)
	csvPath := fs.String("csv", "", "write the evaluated cells to this file (default or -: standard output)")
	quiet := fs.Bool("quiet", false, "no progress bar")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, runs, err := ptbConfig()
	if err != nil {
		return err
	}
	if err := firstError(oneStdin("--warm", *warmPath, "--dish-config", *dishConfig), checkStore(*storePath), checkWritable("--csv", *csvPath)); err != nil {
		return err
	}
	// Check the flags here, so that the errors name them rather than the
	// fields of search.Loop that Validate names.
	if err := firstError(
		flagAtLeast("iterations", *iterations, 1, "run at least one round"),
		flagAtLeast("topk", *topK, 1, "give ground truth to at least one proposal per round"),
		flagAtLeast("children", *children, 1, "propose at least one cell per round"),
	); err != nil {
		return err
	}
	if *topK > *children {
		return fmt.Errorf("%w: --topk %d is more than the %d proposals per round (--children); lower --topk or raise --children", errUsage, *topK, *children)
	}
	if *method == "nao" {
		if err := flagAtLeast("nao-epochs", *naoEpochs, 1, "train NAO at least one epoch per round"); err != nil {
			return err
		}
	} else if flagWasSet(fs, "nao-epochs") {
		return fmt.Errorf("%w: --nao-epochs applies to --method nao only; drop it or add --method nao", errUsage)
	}
	if *warmPath != "" && flagWasSet(fs, "init") {
		return fmt.Errorf("%w: --init with --warm; the warm start is the cells of --warm, so drop --init", errUsage)
	}
	if *warmPath == "" {
		least, why := 2, "warm-start with at least 2 cells (the GA needs two parents)"
		if *useDish {
			least, why = dish.MinTrainMotifs, fmt.Sprintf("the dish trains on at least %d cells", dish.MinTrainMotifs)
		}
		if err := flagAtLeast("init", *initN, least, why); err != nil {
			return err
		}
	}
	l := search.Loop{Init: *initN, Iterations: *iterations, TopK: *topK, Seed: *seed}
	switch *method {
	case "ga":
		ga := search.DefaultGA()
		ga.Children = *children
		l.Proposer = ga
	case "nao":
		nao := search.DefaultNAO()
		nao.Children, nao.Epochs = *children, *naoEpochs
		l.Proposer = nao
	default:
		return fmt.Errorf("%w: --method %q; use ga or nao", errUsage, *method)
	}
	switch {
	case *useDish && *dishConfig != "":
		b, err := readInput(*dishConfig)
		if err != nil {
			return err
		}
		c, err := dish.ParseConfigFor(motif.CellFamily, b)
		if err != nil {
			return fmt.Errorf("%s: %w", inName(*dishConfig), err)
		}
		if c.Family != motif.CellFamily {
			return fmt.Errorf("%w: %s is a dish of family %q; the search needs one of %q", errUsage, *dishConfig, c.Family, motif.CellFamily)
		}
		l.Predictor = search.DishPredictor(c)
	case *useDish:
		l.Predictor = search.DishPredictor(dish.CellConfig())
	case *dishConfig != "":
		return fmt.Errorf("%w: --dish-config without --dish; add --dish to use the dish", errUsage)
	}
	if *warmPath != "" {
		if l.Warm, err = readCells(*warmPath); err != nil {
			return err
		}
		l.Init = len(l.Warm)
		seen := map[string]int{}
		for i, c := range l.Warm {
			if j, dup := seen[c.String()]; dup {
				return fmt.Errorf("%w: --warm %s: cells %d and %d (counting from 1) are the same, %s; list each cell once", errUsage, inName(*warmPath), j+1, i+1, c)
			}
			seen[c.String()] = i
		}
		if l.Init < 2 || *useDish && l.Init < dish.MinTrainMotifs {
			return fmt.Errorf("%w: --warm %s has %d cells; the search needs at least 2, and %d with --dish", errUsage, *warmPath, l.Init, dish.MinTrainMotifs)
		}
	}
	if err := l.Validate(); err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	corpus, err := data.PTB()
	if err != nil {
		return err
	}
	if err := checkPTBTokens(cfg, corpus); err != nil {
		return err
	}
	job, err := startLongJob(*storePath, *quiet, "evaluations", motif.CellFamily)
	if err != nil {
		return err
	}
	defer job.close()
	start := time.Now()
	ev := search.PTBEvaluator{Corpus: corpus, Config: cfg, Runs: runs, Store: job.store}
	res, runErr := l.Run(job.ctx, wrapSearchEvaluator(ev), job.bar.reporter())
	runErr = withFlagNames(runErr, ptbFlagNames)
	job.bar.finish()
	if runErr != nil {
		runErr = job.interrupted(runErr)
	}
	if len(res.Motifs) == 0 {
		return runErr // nothing to write, and an earlier --csv file stays as it was
	}
	out, note := *csvPath, ""
	if runErr != nil && out != "" && out != stdio {
		// A rerun that extends an earlier search replays it first: stopped
		// during the replay, it has fewer evaluations than the CSV the
		// earlier one wrote, which must not shrink.
		note = fmt.Sprintf("wrote the %d evaluations so far to %s", len(res.Motifs), out)
		if n := searchResultRows(out); n > len(res.Motifs) {
			out = partialName(out)
			note = fmt.Sprintf("%s holds %d evaluations, more than the %d of this stopped search, so it stays as it was; wrote these to %s",
				*csvPath, n, len(res.Motifs), out)
		}
	}
	if err := writeSearchResult(out, res); err != nil {
		return err
	}
	name := *method
	if *useDish {
		name = "petri dish + " + name
	}
	fmt.Fprintf(os.Stderr, "%s (%s): %s\n%.1fs\n", name, motif.CellFamily, res, time.Since(start).Seconds())
	if note != "" {
		fmt.Fprintln(os.Stderr, note)
	}
	return runErr
}

// wrapSearchEvaluator wraps the evaluator of petridish search (tests stop
// a search at a chosen evaluation).
var wrapSearchEvaluator = func(ev search.Evaluator) search.Evaluator { return ev }

// searchResultRows returns the evaluations of the search result in the
// file path, 0 when there is none (no file, or one that is not a
// search's CSV).
func searchResultRows(path string) int {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	res, err := search.ReadResultCSV(f)
	if err != nil {
		return 0
	}
	return len(res.Motifs)
}

// partialName is where a stopped search writes its result when path holds
// a longer one: ga.csv becomes ga.partial.csv.
func partialName(path string) string {
	ext := filepath.Ext(path)
	if ext == "" {
		return path + ".partial"
	}
	return strings.TrimSuffix(path, ext) + ".partial" + ext
}

// writeSearchResult writes res as CSV to path, or to standard output for
// "".
func writeSearchResult(path string, res search.Result) error {
	var b bytes.Buffer
	if err := res.WriteCSV(&b); err != nil {
		return err
	}
	if path == "" || path == stdio {
		_, err := cmdStdout.Write(b.Bytes())
		return err
	}
	return atomicfile.WriteFile(path, b.Bytes())
}
