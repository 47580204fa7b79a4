package main

import (
	"strings"
	"testing"
)

// TestProgressWithoutTerminal checks that groundtruth and search write
// no progress bar (no carriage returns) into a stderr that is not a
// terminal, but a few plain progress lines.
func TestProgressWithoutTerminal(t *testing.T) {
	dir := t.TempDir()
	tinyPTB(t, dir)
	t.Setenv("PETRI_DATA", dir)
	small := []string{"--hidden", "8", "--batch", "4", "--bptt", "10", "--train-tokens", "600", "--valid-tokens", "200", "--store", ""}
	for _, args := range [][]string{
		append([]string{"groundtruth", "rnncell", "--cells", "12", "--csv", dir + "/gt.csv"}, small...),
		append([]string{"search", "--init", "2", "--iterations", "1", "--topk", "1", "--children", "2", "--csv", dir + "/s.csv"}, small...),
	} {
		var code int
		msg := captureStderr(t, func() { code = runMain(args) })
		if code != 0 {
			t.Fatalf("%v: exit %d:\n%s", args[:2], code, msg)
		}
		if strings.Contains(msg, "\r") {
			t.Errorf("%v: a progress bar in redirected stderr:\n%q", args[:2], msg)
		}
		lines := 0
		for _, l := range strings.Split(msg, "\n") {
			if strings.Contains(l, "runs ") || strings.Contains(l, "evaluations ") {
				lines++
			}
		}
		if lines == 0 || lines > 12 {
			t.Errorf("%v: %d progress lines, want 1 to 11:\n%s", args[:2], lines, msg)
		}
	}
}
