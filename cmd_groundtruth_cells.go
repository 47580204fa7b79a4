package main

import (
	"bufio"
	"encoding/csv"
	"flag"
	"fmt"
	"github.com/petridish-go/petridish/internal/bom"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/petridish-go/petridish/petri/data"
	"github.com/petridish-go/petridish/petri/groundtruth"
	"github.com/petridish-go/petridish/petri/motif"
	"github.com/petridish-go/petridish/petri/rng"
	"github.com/petridish-go/petridish/petri/store"
)

const groundtruthCellsUsage = `usage: petridish groundtruth rnncell [flags]

Trains a word-level language model on Penn Treebank around each recurrent
cell (groundtruth.TrainCell: tied embedding, the cell, SGD with clipping,
truncated BPTT), --runs times, and writes each cell's mean validation loss
(nats per token) and standard error as a CSV (motif,loss,std,runs), the
ground truth a dish of the rnncell family fits. The cells are --cells random
ones (seed --cells-seed) or those of --cells-file (one NAO encoding per
line, or a CSV with a motif column). Finished runs go to the --store file,
so rerunning the same command reuses them and an interrupted sweep
(Ctrl-C) resumes where it stopped. Runs that diverge (a loss that is not
finite, or a validation loss more than 3 times ln(vocabulary), far worse
than a uniform guess) are reported and left out of the means; a cell
whose every run diverged is left out of the table.
PTB is read from $PETRI_DATA or ../shared/data/ptb (data.PTBDir).

Flags:
`

func groundtruthCells(args []string) error {
	fs := flag.NewFlagSet("groundtruth rnncell", flag.ContinueOnError)
	fs.SetOutput(os.Stderr)
	fs.Usage = func() { fmt.Fprint(os.Stderr, groundtruthCellsUsage); fs.PrintDefaults() }
	nCells := fs.Int("cells", 20, "number of random cells (motif.RandomCells; not with --cells-file)")
	cellsSeed := fs.Uint64("cells-seed", 1, "seed of the random cells (not with --cells-file)")
	cellsFile := fs.String("cells-file", "", "file of cells: one NAO encoding (22 integers) per line, or a CSV with a motif column (- reads standard input)")
	ptbConfig := ptbFlags(fs, "seed")
	storePath := fs.String("store", "groundtruth.db", `SQLite store for finished runs ("" for none)`)
	csvPath := fs.String("csv", "", "write the table to this file (default or -: standard output)")
	quiet := fs.Bool("quiet", false, "no progress bar")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, runs, err := ptbConfig()
	if err != nil {
		return err
	}
	if err := firstError(checkStore(*storePath), checkWritable("--csv", *csvPath)); err != nil {
		return err
	}
	var cells []motif.Motif
	if *cellsFile != "" {
		for _, name := range []string{"cells", "cells-seed"} {
			if flagWasSet(fs, name) {
				return fmt.Errorf("%w: --%s with --cells-file; the cells are those of the file, so drop --%s", errUsage, name, name)
			}
		}
		if cells, err = readCells(*cellsFile); err != nil {
			return err
		}
	} else {
		if *nCells < 1 {
			return fmt.Errorf("%w: --cells %d; ask for at least one cell, or give --cells-file", errUsage, *nCells)
		}
		cells = motif.RandomCells(*nCells, rng.New(*cellsSeed))
	}
	corpus, err := data.PTB()
	if err != nil {
		return err
	}
	if err := checkPTBTokens(cfg, corpus); err != nil {
		return err
	}
	job, err := startLongJob(*storePath, *quiet, "runs", motif.CellFamily)
	if err != nil {
		return err
	}
	defer job.close()
	ctx, st, bar := job.ctx, job.store, job.bar
	start := time.Now()
	sw, err := groundtruth.CellSweep(ctx, cells, corpus, cfg, runs, st, bar.reporter())
	bar.finish()
	if err != nil {
		return job.interrupted(withFlagNames(err, ptbFlagNames))
	}
	if err := writeTable(*csvPath, sw.Rows()); err != nil {
		return err
	}
	for _, r := range sw.Results {
		if r.Diverged > 0 {
			fmt.Fprintf(os.Stderr, "cell %s: %d of %d runs diverged (try a lower --lr)\n", r.Cell, r.Diverged, len(r.Losses))
		}
	}
	fmt.Fprintf(os.Stderr, "%s; %.1fs (config %s)\n", sw, time.Since(start).Seconds(), sw.ConfigHash)
	return nil
}

// ptbFlags defines the flags of Experiment 2's ground truth on fs (the
// settings of groundtruth.PTBConfig, the first run's seed under the name
// seedFlag, and --runs, the runs per cell) and returns a function that
// builds and validates the config and the runs after parsing.
func ptbFlags(fs *flag.FlagSet, seedFlag string) func() (groundtruth.PTBConfig, int, error) {
	def := groundtruth.DefaultPTBConfig()
	runs := fs.Int("runs", 1, "training runs per cell, seeds seed, seed+1, ... (the ground truth is their mean, with its standard error)")
	seed := fs.Uint64(seedFlag, def.Seed, "seed of a cell's first training run; run r uses seed+r")
	hidden := fs.Int("hidden", def.Hidden, "embedding and state size (NAO: 850)")
	batch := fs.Int("batch", def.Batch, "parallel training streams")
	bptt := fs.Int("bptt", def.BPTT, "window of truncated backpropagation through time")
	epochs := fs.Int("epochs", def.Epochs, "passes over the training tokens")
	trainTokens := fs.Int("train-tokens", def.TrainTokens, "training tokens from the start of ptb.train.txt (0: all 929,589)")
	validTokens := fs.Int("valid-tokens", def.ValidTokens, "validation tokens from the start of ptb.valid.txt (0: all 73,760)")
	lr := fs.Float64("lr", def.LR, "SGD learning rate")
	clip := fs.Float64("clip", def.Clip, "gradient norm clipping (0: none)")
	initRange := fs.Float64("init-range", def.InitRange, "initial weights uniform in +-init-range")
	return func() (groundtruth.PTBConfig, int, error) {
		cfg := groundtruth.PTBConfig{Hidden: *hidden, Batch: *batch, BPTT: *bptt, Epochs: *epochs, TrainTokens: *trainTokens,
			ValidTokens: *validTokens, LR: *lr, Clip: *clip, InitRange: *initRange, Seed: *seed}
		if err := cfg.Validate(); err != nil {
			return cfg, 0, withFlagNames(fmt.Errorf("%w: %v", errUsage, err), ptbFlagNames)
		}
		if *runs < 1 {
			return cfg, 0, fmt.Errorf("%w: --runs %d; train each cell at least once", errUsage, *runs)
		}
		return cfg, *runs, nil
	}
}

// checkPTBTokens refuses --train-tokens or --valid-tokens beyond the
// splits of corpus before any cell trains (TrainCell would refuse them
// too, but for every cell, deep in a search's error).
func checkPTBTokens(cfg groundtruth.PTBConfig, corpus *data.Corpus) error {
	for _, c := range []struct {
		flag, split string
		n, have     int
	}{
		{"--train-tokens", data.PTBTrain, cfg.TrainTokens, len(corpus.Train)},
		{"--valid-tokens", data.PTBValid, cfg.ValidTokens, len(corpus.Valid)},
	} {
		if c.n > c.have {
			dir, _ := data.PTBDir()
			return fmt.Errorf("%w: %s is %d, but %s has %d tokens; lower it, or use 0 for all of them", errUsage, c.flag, c.n, filepath.Join(dir, "ptb."+c.split+".txt"), c.have)
		}
	}
	return nil
}

// readCells reads cells from path: a CSV whose header has a motif
// column (a ground-truth table, a search's result, or cells alone) or one
// NAO encoding per line; blank lines and lines starting with # are
// skipped. Errors name the line of the bad cell.
func readCells(path string) ([]motif.Motif, error) {
	b, err := readInput(path)
	if err != nil {
		return nil, err
	}
	path = inName(path)
	b = bom.Trim(b)
	if col, ok := motifColumn(string(b)); ok {
		return readCellsCSV(path, string(b), col)
	}
	var cells []motif.Motif
	sc := bufio.NewScanner(strings.NewReader(string(b)))
	for line := 1; sc.Scan(); line++ {
		t := strings.TrimSpace(sc.Text())
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		c, err := motif.ParseCell(t)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		cells = append(cells, c)
	}
	if len(cells) == 0 {
		return nil, fmt.Errorf("%s holds no cells; write one NAO encoding (22 integers) per line", path)
	}
	return cells, nil
}

// motifColumn finds the header of a CSV of cells: the first line that is
// not blank or a comment, with a field named motif. NAO encodings hold no
// commas, so a file of them never has one.
func motifColumn(text string) (int, bool) {
	for _, line := range strings.Split(text, "\n") {
		t := strings.TrimSpace(line)
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		for i, f := range strings.Split(t, ",") {
			if strings.EqualFold(strings.Trim(strings.TrimSpace(f), `"`), store.ColMotif) {
				return i, true
			}
		}
		return 0, false
	}
	return 0, false
}

// readCellsCSV reads the cells of column col of a CSV; the other columns
// are ignored.
func readCellsCSV(path, text string, col int) ([]motif.Motif, error) {
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	if _, err := cr.Read(); err != nil {
		return nil, csvErr(path, err)
	}
	var cells []motif.Motif
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvErr(path, err)
		}
		line, _ := cr.FieldPos(0)
		if col >= len(rec) || strings.TrimSpace(rec[col]) == "" {
			return nil, fmt.Errorf("%s line %d: no cell in the motif column", path, line)
		}
		c, err := motif.ParseCell(strings.TrimSpace(rec[col]))
		if err != nil {
			return nil, fmt.Errorf("%s line %d: %w", path, line, err)
		}
		cells = append(cells, c)
	}
	if len(cells) == 0 {
		return nil, fmt.Errorf("%s has a header but no cells; add one cell per line", path)
	}
	return cells, nil
}
