package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/petridish-go/petridish/petri/data"
)

// TestFlagErrorsAndHelp checks the command line's common manners: -h
// prints help and exits 0 (devices, version too); stray arguments and
// bad values are usage errors (version, bench dish, bench kernel -n 0,
// --threads below 0 for dish fit and dish predict alike); a bad flag
// prints the error and a one-line pointer to the help, not the whole
// help; a --hidden too large for any machine is refused before
// allocating; a missing subcommand or required flag is one line naming it; and
// errors name the subcommand in full.
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
		{[]string{"dish"}, 2, "petridish dish: usage error: no subcommand; use 'petridish dish fit' or 'petridish dish predict'"},
		{[]string{"dish", "fitt"}, 2, `unknown dish subcommand "fitt"`},
		{[]string{"dish", "fit", "--out", "y.json"}, 2, "petridish dish fit: usage error: --train is required"},
		{[]string{"dish", "predict"}, 2, "petridish dish predict: usage error: --dish and --motifs are required"},
		{[]string{"groundtruth", "sigmoid", "--bogus"}, 2, "run 'petridish groundtruth sigmoid -h' for help"},
		{[]string{"groundtruth", "rnncell", "--bogus"}, 2, "run 'petridish groundtruth rnncell -h' for help"},
		{[]string{"search", "--runs", "x"}, 2, "run 'petridish search -h' for help"},
		// Sizes no machine can hold: one line, not a crash in newLM.
		{[]string{"search", "--hidden", "100000000", "--store", "", "--init", "2", "--iterations", "1", "--topk", "1"}, 2,
			"petridish search: usage error: PTB config: --hidden is 100000000; the language model's weights and training state"},
		{[]string{"groundtruth", "rnncell", "--hidden", "1000000"}, 2, "petridish groundtruth rnncell: usage error: PTB config: --hidden is 1000000;"},
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

// TestGroundtruthOneRunNoStd checks that groundtruth sigmoid --runs 1
// prints no standard error (there is none, not ± 0.0000) and that a
// range's slopes print as typed (1.24, not 1.2400000000000002).
func TestGroundtruthOneRunNoStd(t *testing.T) {
	if _, err := data.MNISTDir(); err != nil {
		t.Skip(err)
	}
	dir := t.TempDir()
	var code int
	table := withStdio(t, "", func() {
		msg := captureStderr(t, func() {
			code = runMain([]string{"groundtruth", "sigmoid", "--quiet", "--slopes", "1:1.6:6", "--runs", "1", "--epochs", "1", "--train", "50", "--valid", "20",
				"--device", "cpu", "--store", filepath.Join(dir, "gt.db"), "--csv", "-"})
		})
		if strings.Contains(msg, "±") {
			t.Errorf("one run: %q", msg)
		}
	})
	if code != 0 || !strings.Contains(table, "\n1.24,") || strings.Contains(table, "00000000") {
		t.Errorf("exit %d, table:\n%s", code, table)
	}
}
