package main

import (
	"strings"
	"testing"
)

// TestFlagErrorsAndHelp checks the command line's common manners: -h
// prints help and exits 0 (devices, version too); stray arguments and
// bad values are usage errors (version, bench dish, bench kernel -n 0,
// --threads below 0 for dish fit and dish predict alike); a bad flag
// prints the error and a one-line pointer to the help, not the whole
// help; and errors name the subcommand in full.
func TestFlagErrorsAndHelp(t *testing.T) {
	for _, c := range []struct {
		args []string
		code int
		want string // in stderr
	}{
		{[]string{"devices", "-h"}, 0, "usage: petridish devices"},
		{[]string{"version", "-h"}, 0, "usage: petridish version"},
		{[]string{"version", "extra"}, 2, `petridish version: usage error: unexpected argument "extra"`},
		{[]string{"version", "--json"}, 2, "-json"},
		{[]string{"bench", "dish", "extra"}, 2, `petridish bench dish: usage error: unexpected argument "extra"`},
		{[]string{"bench", "kernel", "-n", "0"}, 2, "--n 0"},
		{[]string{"dish", "fit", "--threads", "-3", "--train", "x.csv", "--out", "y.json"}, 2, "petridish dish fit: usage error: --threads -3"},
		{[]string{"dish", "predict", "--threads", "-1", "--dish", "x.json", "--motifs", "y.csv"}, 2, "petridish dish predict: usage error: --threads -1"},
		{[]string{"dish", "fit", "--bogus"}, 2, "run 'petridish dish fit -h' for help"},
		{[]string{"groundtruth", "sigmoid", "--bogus"}, 2, "run 'petridish groundtruth sigmoid -h' for help"},
		{[]string{"groundtruth", "rnncell", "--bogus"}, 2, "run 'petridish groundtruth rnncell -h' for help"},
		{[]string{"search", "--runs", "x"}, 2, "run 'petridish search -h' for help"},
		{[]string{"bench", "groundtruth", "--bogus"}, 2, "run 'petridish bench groundtruth -h' for help"},
	} {
		var code int
		msg := captureStderr(t, func() { code = runMain(c.args) })
		if code != c.code || !strings.Contains(msg, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", c.args, code, msg, c.code, c.want)
		}
		if c.code == 2 && strings.Count(msg, "\n") > 1 {
			t.Errorf("%v: %d lines on stderr, want the error alone:\n%s", c.args, strings.Count(msg, "\n"), msg)
		}
	}
}
