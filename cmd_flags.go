package main

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
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
