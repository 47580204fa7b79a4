package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/petridish-go/petridish/accel"
	"github.com/petridish-go/petridish/petri/groundtruth"
	"github.com/petridish-go/petridish/petri/motif"
	"github.com/petridish-go/petridish/petri/progress"
	"github.com/petridish-go/petridish/petri/store"
	"github.com/schollz/progressbar/v3"
)

func init() {
	register(command{name: "groundtruth", summary: "train ground-truth networks for motifs and write a CSV (groundtruth sigmoid -h, groundtruth rnncell -h)", run: runGroundtruth})
}

const groundtruthUsage = `usage: petridish groundtruth sigmoid [flags]

Trains the paper's MNIST MLP (784-100-100-10, hidden sigmoid(s*x), Adam lr 0.01,
L2 1e-5, batch 50) for each slope s, --runs times, and writes the mean and
standard error per slope as a CSV (motif,loss,std,runs,accuracy,accuracy_std).
Finished runs go to the --store file, so rerunning the same command reuses
them and an interrupted sweep (Ctrl-C) resumes where it stopped.
Runs train on the GPU when one is selected (--device, or PETRI_DEVICE with
--device auto), --runs-in-flight at a time in float32, else on the CPU in
float64, --threads at a time; the store keeps GPU and CPU runs apart.

Flags:
`

// groundtruthFamiliesUsage is the help of groundtruth without a family.
const groundtruthFamiliesUsage = `usage: petridish groundtruth <family> [flags]

Trains ground-truth networks for the motifs of a family and writes the
table that petridish dish fit reads (motif,loss,std,runs). Finished runs
are kept in a SQLite store, so a sweep resumes where it stopped.

Families:

	sigmoid   MNIST MLPs with the hidden activation sigmoid(s*x), per slope s (Experiment 1)
	rnncell   Penn Treebank language models around recurrent cells (Experiment 2)

Run "petridish groundtruth <family> -h" for its flags.
`

func runGroundtruth(args []string) error {
	if len(args) > 0 && args[0] == motif.CellFamily {
		return groundtruthCells(args[1:])
	}
	if len(args) == 0 || args[0] != "sigmoid" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			fmt.Fprint(os.Stderr, groundtruthFamiliesUsage)
			return flag.ErrHelp
		}
		return fmt.Errorf("%w: petridish groundtruth sigmoid|rnncell [flags]; the motif families with a ground truth are sigmoid (MNIST) and rnncell (Penn Treebank)", errUsage)
	}
	def := groundtruth.DefaultConfig()
	fs := flag.NewFlagSet("groundtruth sigmoid", flag.ContinueOnError)
	fs.SetOutput(os.Stderr)
	fs.Usage = func() { fmt.Fprint(os.Stderr, groundtruthUsage); fs.PrintDefaults() }
	slopes := fs.String("slopes", "0.01:2.01:100", "slopes as start:stop:count (inclusive, like numpy.linspace) or a comma-separated list")
	runs := fs.Int("runs", def.Runs, "runs per slope (mean and standard error over them)")
	epochs := fs.Int("epochs", def.Epochs, "training epochs per run")
	train := fs.Int("train", def.TrainSamples, fmt.Sprintf("training samples (first N MNIST training images, at most %d)", groundtruth.MaxTrainSamples))
	valid := fs.Int("valid", def.ValidSamples, fmt.Sprintf("validation samples (MNIST training images from %d on, at most %d)", groundtruth.ValidOffset, groundtruth.MaxValidSamples))
	threads := fs.Int("threads", 0, "CPU training: runs trained at once, one core each (0: every core)")
	device := fs.String("device", def.Device, fmt.Sprintf("where runs train: %s (the GPU when %s or the default selects one, else the CPU), %s (float64, the reference) or %s (float32, fails without a GPU); GPU runs are stored apart from CPU runs",
		groundtruth.DeviceAuto, accel.EnvDevice, groundtruth.DeviceCPU, groundtruth.DeviceCUDA))
	runsInFlight := fs.Int("runs-in-flight", def.RunsInFlight, "GPU training: runs trained at once as one batched trainer (results do not depend on it)")
	seed := fs.Uint64("seed", def.Seed, "seed of the first run; run r uses seed+r")
	storePath := fs.String("store", "groundtruth.db", `SQLite store for finished runs ("" for none)`)
	csvPath := fs.String("csv", "", "write the table to this file (default or -: standard output)")
	target := fs.String("target", groundtruth.TargetError, `what the loss column holds: "error" (1 - accuracy) or "xent" (cross-entropy)`)
	initScale := fs.Float64("init-scale", def.InitScale, "initial weights: 0 for PyTorch's nn.Linear (uniform +-1/sqrt(fan_in)), or the standard deviation of normal weights and biases (the authors' code uses 1, which gives the paper's curve)")
	quiet := fs.Bool("quiet", false, "no progress bar")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	ss, err := groundtruth.ParseSlopes(*slopes)
	if err != nil {
		return fmt.Errorf("%w: --slopes: %v", errUsage, err)
	}
	if *target != groundtruth.TargetError && *target != groundtruth.TargetXent {
		return fmt.Errorf("%w: --target %q; use error or xent", errUsage, *target)
	}
	if !(*initScale >= 0) || math.IsInf(*initScale, 0) {
		return fmt.Errorf("%w: --init-scale %v; use 0 for PyTorch's initialisation or a positive standard deviation such as 1", errUsage, *initScale)
	}
	switch d := strings.ToLower(strings.TrimSpace(*device)); d {
	case groundtruth.DeviceAuto, groundtruth.DeviceCPU, groundtruth.DeviceCUDA:
		*device = d
	default:
		return fmt.Errorf("%w: --device %q; use %s, %s or %s", errUsage, *device, groundtruth.DeviceAuto, groundtruth.DeviceCPU, groundtruth.DeviceCUDA)
	}
	if *runsInFlight < 0 {
		return fmt.Errorf("%w: --runs-in-flight %d; use 0 for the default (%d) or a positive count", errUsage, *runsInFlight, groundtruth.DefaultRunsInFlight)
	}
	if err := firstError(
		flagAtLeast("runs", *runs, 1, "do at least one run per slope"),
		flagAtLeast("epochs", *epochs, 1, "train at least one epoch"),
		flagAtLeast("train", *train, 1, "use at least one training sample"),
		flagAtLeast("valid", *valid, 1, "use at least one validation sample"),
		flagAtLeast("threads", *threads, 0, "use 0 for every core or a positive count"),
	); err != nil {
		return err
	}
	if *train > groundtruth.MaxTrainSamples || *valid > groundtruth.MaxValidSamples {
		return fmt.Errorf("%w: --train %d --valid %d; MNIST gives at most %d training and %d validation samples", errUsage, *train, *valid, groundtruth.MaxTrainSamples, groundtruth.MaxValidSamples)
	}
	if *device == groundtruth.DeviceCUDA {
		// Fail before reading MNIST or opening the store.
		if _, err := accel.Select(groundtruth.DeviceCUDA); err != nil {
			if cause := errors.Unwrap(err); cause != nil {
				err = cause // accel's advice names PETRI_DEVICE, not this flag
			}
			return fmt.Errorf("--device cuda: no usable GPU (%w); use --device auto or cpu to train on the CPU", err)
		}
	}
	cfg := def
	cfg.Runs, cfg.Epochs, cfg.TrainSamples, cfg.ValidSamples, cfg.Threads, cfg.Seed, cfg.InitScale = *runs, *epochs, *train, *valid, *threads, *seed, *initScale
	cfg.Device, cfg.RunsInFlight = *device, *runsInFlight

	if err := firstError(checkStore(*storePath), checkWritable("--csv", *csvPath)); err != nil {
		return err
	}
	job, err := startLongJob(*storePath, *quiet, "", motif.SigmoidFamily)
	if err != nil {
		return err
	}
	defer job.close()
	ctx, st, bar := job.ctx, job.store, job.bar
	start := time.Now()
	sw, err := groundtruth.Sigmoid(ctx, ss, cfg, st, bar.reporter())
	bar.finish()
	if err != nil {
		return job.interrupted(withFlagNames(err, sigmoidFlagNames))
	}
	rows, err := sw.Rows(*target)
	if err != nil {
		return err
	}
	if err := writeTable(*csvPath, rows); err != nil {
		return err
	}
	best, err := sw.BestBy(*target)
	if err != nil {
		return err
	}
	acc, xent := fmt.Sprintf("%.4f", best.Accuracy), fmt.Sprintf("%.4f", best.Loss)
	if cfg.Runs > 1 {
		acc += fmt.Sprintf(" ± %.4f", best.AccuracyStd)
		xent += fmt.Sprintf(" ± %.4f", best.LossStd)
	}
	fmt.Fprintf(os.Stderr, "%d slopes x %d runs on %s: %d trained, %d from the store, %.1fs; best slope by %s %s: accuracy %s, cross-entropy %s (config %s)\n",
		len(ss), cfg.Runs, sweepDevice(sw.Device), sw.Trained, sw.Cached, time.Since(start).Seconds(), *target, best.Motif, acc, xent, sw.ConfigHash)
	return nil
}

// longJob is what a long-running command holds: the store of finished
// runs (nil for none), a context that Ctrl-C cancels, and a terminal
// progress bar (nil when quiet).
type longJob struct {
	store  *store.Store
	family string // of the runs in the store
	before int    // runs of family in the store at the start
	ctx    context.Context
	stop   context.CancelFunc
	bar    *barReporter
}

// startLongJob opens the store at storePath ("" for none), arms Ctrl-C
// and, unless quiet, makes a bar counting unit ("" for epochs). family
// is that of the runs the job stores. Call close when done.
func startLongJob(storePath string, quiet bool, unit, family string) (*longJob, error) {
	st, err := openStore(storePath)
	if err != nil {
		return nil, err
	}
	j := &longJob{store: st, family: family, before: countRuns(st, family)}
	j.ctx, j.stop = interruptible()
	if !quiet {
		j.bar = &barReporter{unit: unit, tty: isTerminal(os.Stderr), out: os.Stderr}
	}
	return j, nil
}

// close ends the bar, disarms Ctrl-C and closes the store.
func (j *longJob) close() {
	j.bar.finish()
	j.stop()
	if j.store != nil {
		j.store.Close()
	}
}

// countRuns returns the number of runs of family in st (0 for none).
func countRuns(st *store.Store, family string) int {
	if st == nil {
		return 0
	}
	runs, err := st.Runs(family, "")
	if err != nil {
		return 0
	}
	return len(runs)
}

// interrupted returns err, or, when Ctrl-C stopped the job, an error
// saying what the store kept and how to resume (exit status 130).
func (j *longJob) interrupted(err error) error {
	if j.store == nil {
		return asInterrupted(j.ctx, err, `interrupted; no runs kept (--store ""); rerun with a --store to be able to resume`)
	}
	n := countRuns(j.store, j.family) - j.before
	return asInterrupted(j.ctx, err, fmt.Sprintf("interrupted; %d %s kept in %s; rerun the same command to resume", n, plural(n, "new run"), j.store.Path()))
}

// plural returns "n thing" or "n things" without n: thing or things.
func plural(n int, thing string) string {
	if n == 1 {
		return thing
	}
	return thing + "s"
}

// openStore opens the SQLite store at path, or returns nil for "".
func openStore(path string) (*store.Store, error) {
	if path == "" {
		return nil, nil
	}
	return store.Open(path)
}

// writeTable writes a ground-truth table to path, or to standard output
// for "" and "-".
func writeTable(path string, rows []store.Row) error {
	if path != "" && path != stdio {
		return store.WriteCSVFile(path, rows)
	}
	return store.WriteCSV(cmdStdout, rows)
}

// checkStore refuses a --store that cannot be a SQLite file.
func checkStore(path string) error {
	return firstError(noStdio("--store", path, `the store is a SQLite file; give a file name, or "" for none`), checkWritable("--store", path))
}

// sweepDevice describes where a sweep trained, with the arithmetic.
func sweepDevice(device string) string {
	if device == groundtruth.DeviceCPU {
		return "cpu (float64)"
	}
	return device + " (float32)"
}

// barReporter renders progress.Reporter calls as a terminal progress bar
// with an ETA. Work already done at the first report (cached runs) is
// left out of the bar, so the ETA reflects only the training still to do.
// When stderr is not a terminal (a log file, a pipe) it writes plain
// lines instead, one per tenth of the work and one at the end, with no
// carriage returns.
type barReporter struct {
	mu    sync.Mutex // workers report concurrently
	bar   *progressbar.ProgressBar
	base  int
	unit  string // what the bar counts; "" is epochs
	tty   bool   // out is a terminal: draw a bar
	out   io.Writer
	tenth int // plain lines: the tenths of the work reported so far (-1 before the first report)
	begun bool
}

// isTerminal reports whether f is a terminal.
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// reporter returns b as a progress.Reporter, or nil when b is nil.
func (b *barReporter) reporter() progress.Reporter {
	if b == nil {
		return nil
	}
	return progress.Func(b.progress)
}

func (b *barReporter) progress(done, total int, status string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.tty {
		b.plain(done, total, status)
		return
	}
	if b.bar == nil {
		if done >= total {
			return // nothing to train: everything came from the store
		}
		b.base = done
		b.bar = progressbar.NewOptions(max(total-done, 1),
			progressbar.OptionSetWriter(os.Stderr),
			progressbar.OptionSetItsString(cmp.Or(b.unit, "epochs")),
			progressbar.OptionShowIts(),
			progressbar.OptionShowCount(),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionSetElapsedTime(true),
			progressbar.OptionThrottle(200*time.Millisecond),
			progressbar.OptionSetWidth(30),
			progressbar.OptionShowDescriptionAtLineEnd(),
			progressbar.OptionOnCompletion(func() { fmt.Fprintln(os.Stderr) }),
		)
	}
	b.bar.Describe(status)
	b.bar.Set(done - b.base)
}

// plain writes a progress line when the work crosses a tenth, and at the
// end.
func (b *barReporter) plain(done, total int, status string) {
	if !b.begun {
		if done >= total {
			return // nothing to train: everything came from the store
		}
		b.begun, b.base, b.tenth = true, done, -1
	}
	left := max(total-b.base, 1)
	tenth := (done - b.base) * 10 / left
	if tenth <= b.tenth && done < total {
		return
	}
	if done >= total && b.tenth >= 10 {
		return
	}
	b.tenth = tenth
	if done >= total {
		b.tenth = 10
	}
	fmt.Fprintf(b.out, "%d/%d %s %s\n", done-b.base, left, cmp.Or(b.unit, "epochs"), status)
}

func (b *barReporter) finish() {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.bar != nil && !b.bar.IsFinished() {
		b.bar.Exit()
		fmt.Fprintln(os.Stderr)
	}
}
