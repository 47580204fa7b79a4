package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The commands that interpret Go reserve the ballast, others do not, and a
// GOGC or GOMEMLIMIT of the user's turns it off.
func TestGCBallastReservedByInterpretingCommands(t *testing.T) {
	t.Cleanup(func() { gcBallast = nil })
	script := filepath.Join(t.TempDir(), "s.go")
	if err := os.WriteFile(script, []byte("x := 1\n_ = x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	os.Unsetenv("GOGC")
	os.Unsetenv("GOMEMLIMIT")
	for _, name := range []string{"run", "exec", "kernel"} {
		if !commands[name].interprets {
			t.Errorf("%s does not reserve the GC ballast", name)
		}
	}
	for name, c := range commands {
		if c.interprets && name != "run" && name != "exec" && name != "kernel" {
			t.Errorf("%s reserves the GC ballast but interprets no Go", name)
		}
	}
	gcBallast = nil
	if code := runMain([]string{"version"}); code != 0 || gcBallast != nil {
		t.Errorf("version: status %d, ballast %d bytes; want 0 and none", code, len(gcBallast))
	}
	before := residentKiB(t)
	if code := runMain([]string{"run", script}); code != 0 || len(gcBallast) != gcBallastSize {
		t.Fatalf("run: status %d, ballast %d bytes; want 0 and %d", code, len(gcBallast), gcBallastSize)
	}
	// The ballast's pages are never written, so they are not resident.
	if grew := residentKiB(t) - before; grew > gcBallastSize/1024/4 {
		t.Errorf("resident memory grew by %d KiB with a %d KiB ballast: its pages were touched", grew, gcBallastSize/1024)
	}
	for _, env := range []string{"GOGC", "GOMEMLIMIT"} {
		gcBallast = nil
		t.Setenv(env, map[string]string{"GOGC": "200", "GOMEMLIMIT": "1GiB"}[env])
		runMain([]string{"run", script})
		if gcBallast != nil {
			t.Errorf("with %s set, run reserved a ballast", env)
		}
		os.Unsetenv(env)
	}
}

// residentKiB is the process's resident set size, from /proc.
func residentKiB(t *testing.T) int {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skipf("no /proc: %v", err)
	}
	for line := range strings.SplitSeq(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
	}
	t.Skip("no VmRSS in /proc/self/status")
	return 0
}
