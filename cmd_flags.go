package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// flagAtLeast returns a usage error when --name's value v is below least;
// what says what to use instead.
func flagAtLeast(name string, v, least int, what string) error {
	if v < least {
		return fmt.Errorf("%w: --%s %d; %s", errUsage, name, v, what)
	}
	return nil
}

// firstError returns the first of errs that is not nil.
func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// Library errors name the Config fields a caller sets (a library user
// reads "TrainSamples is 0"); the CLI's user typed flags. These map the
// fields of a config to the flags that set them.
var (
	sigmoidFlagNames = map[string]string{"Epochs": "--epochs", "TrainSamples": "--train", "ValidSamples": "--valid",
		"Runs": "--runs", "Threads": "--threads", "InitScale": "--init-scale", "Device": "--device", "RunsInFlight": "--runs-in-flight"}
	ptbFlagNames = map[string]string{"Hidden": "--hidden", "Batch": "--batch", "BPTT": "--bptt", "Epochs": "--epochs",
		"TrainTokens": "--train-tokens", "ValidTokens": "--valid-tokens", "LR": "--lr", "Clip": "--clip", "InitRange": "--init-range"}
	benchGroundtruthFlagNames = map[string]string{"TrainSamples": "--train", "Epochs": "--epochs", "Threads": "--threads",
		"RunsInFlight": "--runs-in-flight"}
)

// withFlagNames returns err with the config fields of names written as
// the flags that set them (whole words only). The result wraps err, so
// errors.Is and errors.As see through it.
func withFlagNames(err error, names map[string]string) error {
	if err == nil {
		return nil
	}
	fields := make([]string, 0, len(names))
	for f := range names {
		fields = append(fields, regexp.QuoteMeta(f))
	}
	sort.Slice(fields, func(i, j int) bool { return len(fields[i]) > len(fields[j]) })
	re := regexp.MustCompile(`\b(` + strings.Join(fields, "|") + `)\b`)
	msg := err.Error()
	renamed := re.ReplaceAllStringFunc(msg, func(f string) string { return names[f] })
	if renamed == msg {
		return err
	}
	return &renamedError{msg: renamed, err: err}
}

// renamedError is an error whose message names flags instead of fields.
type renamedError struct {
	msg string
	err error
}

func (e *renamedError) Error() string { return e.msg }
func (e *renamedError) Unwrap() error { return e.err }

// secondsOrDuration is a flag.Value for a time limit written as a Go
// duration (90s, 5m, 1h30m) or a bare number of seconds (90, 0.5).
type secondsOrDuration struct{ d *time.Duration }

// durationFlag defines a flag holding a secondsOrDuration.
func durationFlag(fs *flag.FlagSet, name string, usage string) *time.Duration {
	d := new(time.Duration)
	fs.Var(secondsOrDuration{d}, name, usage)
	return d
}

func (v secondsOrDuration) String() string {
	if v.d == nil || *v.d == 0 {
		return "0"
	}
	return v.d.String()
}

func (v secondsOrDuration) Set(s string) error {
	const want = "want a duration such as 90s, 5m or 1h30m, or a number of seconds"
	s = strings.TrimSpace(s)
	var d time.Duration
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		if math.IsNaN(f) || math.IsInf(f, 0) || f > math.MaxInt64/float64(time.Second) {
			return errors.New(want)
		}
		d = time.Duration(f * float64(time.Second))
	} else if d, err = time.ParseDuration(s); err != nil {
		return errors.New(want)
	}
	if d < 0 {
		return errors.New("must not be negative; " + want + " (0: no limit)")
	}
	*v.d = d
	return nil
}

// hasFlags reports whether fs defines any flag.
func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

// parseFlags parses args into fs and rejects stray positional arguments.
// -h prints the help (fs.Usage, on stderr) and returns flag.ErrHelp; a
// bad flag is a usage error followed by a one-line pointer to the help,
// not the whole help.
func parseFlags(fs *flag.FlagSet, args []string) error {
	usage := fs.Usage
	fs.Usage = func() {}
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	fs.Usage = usage
	fs.SetOutput(os.Stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fs.Usage()
		return err
	case err != nil:
		return fmt.Errorf("%w: %v; run 'petridish %s -h' for help", errUsage, err, fs.Name())
	case fs.NArg() > 0 && !hasFlags(fs):
		return fmt.Errorf("%w: unexpected argument %q; petridish %s takes no arguments", errUsage, fs.Arg(0), fs.Name())
	case fs.NArg() > 0:
		return fmt.Errorf("%w: unexpected argument %q; all settings are flags (run 'petridish %s -h' for help)", errUsage, fs.Arg(0), fs.Name())
	}
	return nil
}
