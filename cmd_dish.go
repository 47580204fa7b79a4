package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"github.com/petridish-go/petridish/internal/bom"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/petridish-go/petridish/petri/dish"
	"github.com/petridish-go/petridish/petri/motif"
	"github.com/petridish-go/petridish/petri/progress"
	"github.com/petridish-go/petridish/petri/search"
	"github.com/petridish-go/petridish/petri/store"
	"github.com/petridish-go/petridish/petri/surrogate"
)

func init() {
	register(command{name: "dish", summary: "fit a Synthetic Petri Dish (or the NN surrogate) to ground truth; predict motifs", run: runDish})
}

const dishUsage = "usage: petridish dish fit --train gt.csv --out dish.json [--family sigmoid] [--model petri|nn] [--config c.json] [--seed N] [--restarts K]\n" +
	"       petridish dish predict --dish dish.json --motifs m.csv\n\n" +
	"Run 'petridish dish fit -h' or 'petridish dish predict -h' for the flags."

// dishHelpHint ends a usage error of dish without a subcommand.
const dishHelpHint = "use 'petridish dish fit' or 'petridish dish predict' (run 'petridish dish -h' for help)"

const dishFitUsage = `usage: petridish dish fit --train gt.csv --out dish.json [flags]

Fits a model that predicts motifs' losses to their ground truth: the
Synthetic Petri Dish (--model petri: motif-networks trained on synthetic
data, with --restarts seeds, keeping the dish whose outer loss is lowest)
or the NN-surrogate control (--model nn). --train is a ground-truth table
(motif,loss[,std,runs], as petridish groundtruth writes) or the result of
petridish search, with at least 3 motifs whose losses differ. The fitted
model goes to --out as JSON, which petridish dish predict reads. The
dish's settings are the family's defaults (dish.ConfigFor), overridden by
the fields of --config.

Flags:
`

const dishPredictUsage = `usage: petridish dish predict --dish dish.json --motifs m.csv [flags]

Predicts the loss of each motif of --motifs with a model written by
petridish dish fit (a dish or the NN surrogate), and prints a CSV
(motif,predicted) on standard output, one row per motif in the order of
--motifs. --motifs is a CSV with a motif column (a ground-truth table or
a search result; other columns are ignored) or, for rnncell, one NAO
encoding per line. A lower prediction means a motif the model expects to
be better; a dish's predictions are the losses of its motif-networks on
synthetic data, so their order, not their scale, is what they tell.

Flags:
`

func runDish(args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: no subcommand; %s", errUsage, dishHelpHint)
	}
	switch args[0] {
	case "fit":
		return dishFit(args[1:])
	case "predict":
		return dishPredict(args[1:])
	case "-h", "--help", "help":
		fmt.Fprintln(os.Stderr, dishUsage)
		return flag.ErrHelp
	}
	return fmt.Errorf("%w: unknown dish subcommand %q; %s", errUsage, args[0], dishHelpHint)
}

// missingFlags says which of the required flags names, whose values are
// values, are empty: "--a is required" or "--a and --b are required".
func missingFlags(names []string, values ...string) string {
	var missing []string
	for i, name := range names {
		if values[i] == "" {
			missing = append(missing, "--"+name)
		}
	}
	if len(missing) == 1 {
		return missing[0] + " is required"
	}
	return strings.Join(missing, " and ") + " are required"
}

// flagSet returns a flag set that reports errors instead of exiting.
func dishFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(os.Stderr)
	return fs
}

// flagWasSet reports whether the named flag appeared on the command line.
func flagWasSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// interruptible returns a context cancelled by Ctrl-C or SIGTERM (see
// interruptContext).
func interruptible() (context.Context, context.CancelFunc) {
	return interruptContext(0, os.Stderr, "interrupted; stopping (press Ctrl-C again to exit at once)")
}

func dishFit(args []string) error {
	fs := dishFlagSet("dish fit")
	fs.Usage = func() { fmt.Fprint(os.Stderr, dishFitUsage); fs.PrintDefaults() }
	family := fs.String("family", motif.SigmoidFamily, "motif family: "+strings.Join(motif.Families(), ", "))
	model := fs.String("model", "petri", "petri (the Synthetic Petri Dish) or nn (the NN-surrogate control)")
	configPath := fs.String("config", "", "JSON config overriding the defaults (dish.Config for petri, surrogate.Config for nn; - reads standard input)")
	seed := fs.Uint64("seed", 0, "seed (default: the config's, else 1)")
	trainPath := fs.String("train", "", "ground-truth CSV with header motif,loss[,std,runs], or a search result of petridish search (required; - reads standard input)")
	out := fs.String("out", "", "file to write the fitted model to, as JSON (required; - writes standard output)")
	threads := fs.Int("threads", 0, "goroutines training motif-networks (0: all cores)")
	restarts := fs.Int("restarts", 1, "petri model: train this many dishes (seeds seed, seed+1, ...) and keep the one with the lowest outer loss")
	quiet := fs.Bool("quiet", false, "no progress on stderr")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *trainPath == "" || *out == "" {
		return fmt.Errorf("%w: %s; give the ground truth to fit (--train gt.csv) and where to write the model (--out dish.json)", errUsage, missingFlags([]string{"train", "out"}, *trainPath, *out))
	}
	if *model != "petri" && *model != "nn" {
		return fmt.Errorf("%w: --model %q; use petri or nn", errUsage, *model)
	}
	if *model == "nn" {
		for _, name := range []string{"restarts", "threads"} {
			if flagWasSet(fs, name) {
				return fmt.Errorf("%w: --%s applies to --model petri only; drop it for the NN surrogate", errUsage, name)
			}
		}
	}
	if *restarts < 1 {
		return fmt.Errorf("%w: --restarts %d; use 1 or more", errUsage, *restarts)
	}
	if err := flagAtLeast("threads", *threads, 0, "use 0 for every core or a positive count"); err != nil {
		return err
	}
	if err := firstError(oneStdin("--train", *trainPath, "--config", *configPath), checkWritable("--out", *out)); err != nil {
		return err
	}
	var cfgData []byte
	if *configPath != "" {
		b, err := readInput(*configPath)
		if err != nil {
			return fmt.Errorf("read config: %w", err)
		}
		cfgData = b
	}
	var dcfg dish.Config
	if *model == "petri" {
		dcfg = dish.ConfigFor(*family)
		if cfgData != nil {
			c, err := dish.ParseConfigFor(*family, cfgData)
			if err != nil {
				return fmt.Errorf("%s: %w", inName(*configPath), err)
			}
			if flagWasSet(fs, "family") && c.Family != *family {
				return fmt.Errorf("%w: --family %s contradicts family %q in %s; drop one", errUsage, *family, c.Family, *configPath)
			}
			dcfg = c
		}
		*family = dcfg.Family
	}
	fam, err := motif.Lookup(*family)
	if err != nil {
		return err
	}
	ms, losses, err := readGroundTruth(*trainPath, fam)
	if err != nil {
		return err
	}
	ctx, stop := interruptible()
	defer stop()
	rep := newStepReporter(*quiet)
	start := time.Now()

	if *model == "nn" {
		scfg := surrogate.DefaultConfig()
		if cfgData != nil {
			if scfg, err = surrogate.ParseConfig(cfgData); err != nil {
				return fmt.Errorf("%s: %w", *configPath, err)
			}
		}
		if flagWasSet(fs, "seed") {
			scfg.Seed = *seed
		}
		nn, err := surrogate.New(scfg)
		if err != nil {
			return err
		}
		h, err := nn.Fit(ctx, ms, losses, rep.reporter())
		rep.finish()
		if err != nil {
			return asInterrupted(ctx, err, "interrupted; nothing written")
		}
		if err := saveModel(*out, nn.Save, nn.SaveFile); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "fitted the NN surrogate on %d motifs in %.1fs: loss %.4g -> %.4g; wrote %s\n",
			len(ms), time.Since(start).Seconds(), h.Loss[0], h.Loss[len(h.Loss)-1], outName(*out))
		return nil
	}

	if flagWasSet(fs, "seed") {
		dcfg.Seed = *seed
	}
	if flagWasSet(fs, "threads") {
		dcfg.Threads = *threads
	}
	d, res, err := dish.TrainRestarts(ctx, dcfg, *restarts, ms, losses, rep.reporter())
	rep.finish()
	if err != nil {
		return asInterrupted(ctx, fmt.Errorf("%w; nothing written", err), "interrupted; nothing written")
	}
	h := res.History
	if err := saveModel(*out, d.Save, d.SaveFile); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "trained the dish on %d motifs in %.1fs (path %s, %s): rank correlation %.3f -> %.3f, kept step %d (outer loss %.4g) of seed %d; wrote %s\n",
		len(ms), time.Since(start).Seconds(), h.Path, h.Device, h.Spearman[0], h.KeptSpearman(), h.Kept, h.KeptLoss, res.Seeds[res.Best], outName(*out))
	return nil
}

// saveModel writes a fitted model to path with saveFile, or to standard
// output with save for "-".
func saveModel(path string, save func(io.Writer) error, saveFile func(string) error) error {
	if path == stdio {
		return writeOutput(path, save)
	}
	return saveFile(path)
}

// outName is how messages name an output path.
func outName(path string) string {
	if path == stdio {
		return "standard output"
	}
	return path
}

// readGroundTruth reads a ground-truth CSV (petri/store's format) and
// parses its motifs with fam.
func readGroundTruth(path string, fam motif.Family) ([]motif.Motif, []float64, error) {
	var rows []store.Row
	var err error
	if ms, losses, ok, err := readSearchGroundTruth(path, fam); ok || err != nil {
		return ms, losses, err
	}
	if path == stdio {
		path = "standard input"
		rows, err = store.ReadCSV(cmdStdin)
		var ce *store.CSVError
		if errors.As(err, &ce) {
			ce.File = path
		}
	} else {
		rows, err = store.ReadCSVFile(path)
	}
	if err != nil {
		return nil, nil, err
	}
	if len(rows) < dish.MinTrainMotifs {
		return nil, nil, fmt.Errorf("%s: %d ground-truth motifs; fitting needs at least %d", path, len(rows), dish.MinTrainMotifs)
	}
	ms := make([]motif.Motif, len(rows))
	losses := make([]float64, len(rows))
	for i, r := range rows {
		m, err := fam.Parse(r.Motif)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: data row %d (motif %q): %w", path, i+1, r.Motif, err)
		}
		ms[i], losses[i] = m, r.Loss
	}
	if err := motif.Check(fam, ms); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	if slices.Min(losses) == slices.Max(losses) {
		return nil, nil, fmt.Errorf("%s: every motif has loss %v; the losses must differ, since fitting learns their order", path, losses[0])
	}
	return ms, losses, nil
}

// readSearchGroundTruth reads the ground truth of a search's result (the
// CSV of petridish search, Result.WriteCSV) when path holds one: ok is
// false, with no error, for any other file. Standard input is left to
// readGroundTruth.
func readSearchGroundTruth(path string, fam motif.Family) (ms []motif.Motif, losses []float64, ok bool, err error) {
	if path == stdio {
		return nil, nil, false, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, false, err
	}
	b = bom.Trim(b)
	if !strings.HasPrefix(string(b), "evaluation,iteration,motif,loss,predicted") {
		return nil, nil, false, nil
	}
	res, err := search.ReadResultCSVFor(strings.NewReader(string(b)), fam.Name())
	if err != nil {
		return nil, nil, true, fmt.Errorf("%s: %w", path, err)
	}
	if len(res.Motifs) < dish.MinTrainMotifs {
		return nil, nil, true, fmt.Errorf("%s: %d evaluated motifs; fitting needs at least %d", path, len(res.Motifs), dish.MinTrainMotifs)
	}
	if slices.Min(res.Losses) == slices.Max(res.Losses) {
		return nil, nil, true, fmt.Errorf("%s: every motif has loss %v; the losses must differ, since fitting learns their order", path, res.Losses[0])
	}
	return res.Motifs, res.Losses, true, nil
}

// predictor is a fitted dish or NN surrogate.
type predictor interface {
	Family() string
	Predict(ctx context.Context, ms []motif.Motif) ([]float64, error)
}

// loadPredictor loads a dish or surrogate file, by its format field.
func loadPredictor(path string) (predictor, error) {
	data, err := readInput(path)
	if err != nil {
		return nil, fmt.Errorf("read model: %w", err)
	}
	if path == stdio {
		path = "standard input"
	}
	var head struct {
		Format string `json:"format"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("%s: not a JSON model file written by petridish dish fit: %v", path, err)
	}
	switch head.Format {
	case dish.FileFormat:
		d, err := dish.Load(strings.NewReader(string(data)))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if !d.Trained() {
			return nil, fmt.Errorf("%s: the dish is not trained; fit it with petridish dish fit", path)
		}
		return d, nil
	case surrogate.FileFormat:
		s, err := surrogate.Load(strings.NewReader(string(data)))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return s, nil
	}
	return nil, fmt.Errorf("%s: format %q is not a model petridish dish fit writes (%s or %s)", path, head.Format, dish.FileFormat, surrogate.FileFormat)
}

func dishPredict(args []string) error {
	fs := dishFlagSet("dish predict")
	fs.Usage = func() { fmt.Fprint(os.Stderr, dishPredictUsage); fs.PrintDefaults() }
	modelPath := fs.String("dish", "", "model file written by petridish dish fit (required; - reads standard input)")
	motifsPath := fs.String("motifs", "", "motifs to predict: a CSV with a motif column (a ground-truth table or a search result; other columns are ignored) or, for rnncell, one NAO encoding per line (required; - reads standard input)")
	family := fs.String("family", "", "if set, the model's motif family must be this")
	threads := fs.Int("threads", 0, "goroutines training motif-networks (0: all cores)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *modelPath == "" || *motifsPath == "" {
		return fmt.Errorf("%w: %s; give the model (--dish dish.json, from petridish dish fit) and the motifs to predict (--motifs m.csv)", errUsage, missingFlags([]string{"dish", "motifs"}, *modelPath, *motifsPath))
	}
	if err := firstError(oneStdin("--dish", *modelPath, "--motifs", *motifsPath),
		flagAtLeast("threads", *threads, 0, "use 0 for every core or a positive count")); err != nil {
		return err
	}
	p, err := loadPredictor(*modelPath)
	if err != nil {
		return err
	}
	if *family != "" && *family != p.Family() {
		return fmt.Errorf("%s is a model for motif family %q, not %q", *modelPath, p.Family(), *family)
	}
	if d, ok := p.(*dish.Dish); ok && flagWasSet(fs, "threads") {
		if err := d.SetThreads(*threads); err != nil {
			return fmt.Errorf("%w: --threads: %v", errUsage, err)
		}
	}
	fam, err := motif.Lookup(p.Family())
	if err != nil {
		return err
	}
	texts, lines, err := readMotifList(*motifsPath, p.Family())
	if err != nil {
		return err
	}
	ms := make([]motif.Motif, len(texts))
	seen := map[string]int{}
	for i, t := range texts {
		m, err := fam.Parse(t)
		if err != nil {
			return fmt.Errorf("%s line %d: %w", inName(*motifsPath), lines[i], err)
		}
		if first, dup := seen[m.String()]; dup {
			return fmt.Errorf("%s line %d: motif %q repeats the motif on line %d; list each motif once", inName(*motifsPath), lines[i], t, first)
		}
		seen[m.String()] = lines[i]
		ms[i] = m
	}
	ctx, stop := interruptible()
	defer stop()
	pred, err := p.Predict(ctx, ms)
	if err != nil {
		return asInterrupted(ctx, err, "interrupted; nothing written")
	}
	return writePredictions(dishStdout, texts, pred)
}

// dishStdout is where dish predict prints its table (tests replace it).
var dishStdout io.Writer = os.Stdout

// writePredictions prints the motif,predicted table.
func writePredictions(w io.Writer, texts []string, pred []float64) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"motif", "predicted"}); err != nil {
		return err
	}
	for i, t := range texts {
		if err := cw.Write([]string{t, strconv.FormatFloat(pred[i], 'g', -1, 64)}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// readMotifList reads the motifs to predict: the motif column of a CSV
// whose header names one (a ground-truth table, a search's result or a
// list of motifs under the header motif), or, for the recurrent cells of
// family rnncell, one NAO encoding per line as in --cells-file and
// --warm. It returns the trimmed encodings and their line numbers. Blank
// lines and lines starting with '#' are skipped.
func readMotifList(path, family string) (texts []string, lines []int, err error) {
	b, err := readInput(path)
	if err != nil {
		return nil, nil, fmt.Errorf("read motifs: %w", err)
	}
	path = inName(path)
	b = bom.Trim(b)
	col, ok := motifColumn(string(b))
	if !ok {
		if family == motif.CellFamily {
			return readCellLines(path, string(b))
		}
		if first, found := firstLine(string(b)); found {
			return nil, nil, fmt.Errorf("%s line 1: header %q has no motif column; the first line must be a header naming the motif column (motif, or motif,loss as in a ground-truth table)", path, first)
		}
	}
	cr := csv.NewReader(strings.NewReader(string(b)))
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	if _, err := cr.Read(); err == io.EOF {
		return nil, nil, fmt.Errorf("%s is empty; the first line must be the header motif", path)
	} else if err != nil {
		return nil, nil, csvErr(path, err)
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, csvErr(path, err)
		}
		line, _ := cr.FieldPos(0)
		if col >= len(rec) || strings.TrimSpace(rec[col]) == "" {
			return nil, nil, fmt.Errorf("%s line %d: the motif is empty; write its encoding, e.g. 0.23", path, line)
		}
		texts, lines = append(texts, strings.TrimSpace(rec[col])), append(lines, line)
	}
	if len(texts) == 0 {
		return nil, nil, fmt.Errorf("%s has a header but no motifs; add one motif per line", path)
	}
	return texts, lines, nil
}

// firstLine returns the first line of text that is not blank or a
// comment.
func firstLine(text string) (string, bool) {
	for _, line := range strings.Split(text, "\n") {
		if t := strings.TrimSpace(line); t != "" && !strings.HasPrefix(t, "#") {
			return t, true
		}
	}
	return "", false
}

// readCellLines reads a file of recurrent cells, one NAO encoding per
// line, returning the encodings and their line numbers.
func readCellLines(path, text string) (texts []string, lines []int, err error) {
	for i, line := range strings.Split(text, "\n") {
		t := strings.TrimSpace(line)
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		if _, err := motif.ParseCell(t); err != nil {
			return nil, nil, fmt.Errorf("%s line %d: %w (give one NAO encoding, 22 integers, per line, or a CSV with a motif column)", path, i+1, err)
		}
		texts, lines = append(texts, t), append(lines, i+1)
	}
	if len(texts) == 0 {
		return nil, nil, fmt.Errorf("%s holds no cells; write one NAO encoding (22 integers) per line", path)
	}
	return texts, lines, nil
}

func csvErr(path string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s line %d: malformed CSV: %v", path, pe.StartLine, pe.Err)
	}
	return fmt.Errorf("%s: %w", path, err)
}

// stepReporter prints progress lines to stderr: in place on a terminal,
// otherwise every tenth step and the last.
type stepReporter struct {
	quiet, tty bool
	printed    bool
}

func newStepReporter(quiet bool) *stepReporter {
	fi, err := os.Stderr.Stat()
	return &stepReporter{quiet: quiet, tty: err == nil && fi.Mode()&os.ModeCharDevice != 0}
}

func (s *stepReporter) reporter() progress.Reporter {
	if s.quiet {
		return nil
	}
	return progress.Func(func(done, total int, status string) {
		switch {
		case s.tty:
			fmt.Fprintf(os.Stderr, "\r\033[K%s", status)
			s.printed = true
		case done%10 == 0 || done == total:
			fmt.Fprintln(os.Stderr, status)
		}
	})
}

func (s *stepReporter) finish() {
	if s.printed {
		fmt.Fprintln(os.Stderr)
	}
}
