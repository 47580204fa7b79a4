package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The commands that interpret Go reserve the ballast, others do not, and a
// GOGC or GOMEMLIMIT of the user's turns it off.
func TestGCBallastReservedByInterpretingCommands(t *testing.T) {
	if script := os.Getenv("PETRIDISH_BALLAST_CHILD"); script != "" {
		os.Unsetenv("GOGC")
		os.Unsetenv("GOMEMLIMIT")
		before := residentKiB(t)
		code := runMain([]string{"run", script})
		fmt.Printf("\n%d\n", residentKiB(t)-before)
		os.Exit(code)
	}
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
	if code := runMain([]string{"run", script}); code != 0 || len(gcBallast) != gcBallastSize {
		t.Fatalf("run: status %d, ballast %d bytes; want 0 and %d", code, len(gcBallast), gcBallastSize)
	}
	// The ballast's pages are never written, so they are not resident: in
	// a fresh process, as a command reserves it when it starts (here,
	// after other tests, it may reuse memory that the runtime zeroes).
	cmd := exec.Command(os.Args[0], "-test.run=^TestGCBallastReservedByInterpretingCommands$")
	cmd.Env = append(os.Environ(), "PETRIDISH_BALLAST_CHILD="+script)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("child: %v", err)
	}
	grew, err := strconv.Atoi(strings.TrimSpace(string(out[bytes.LastIndexByte(bytes.TrimSpace(out), '\n')+1:])))
	if err != nil {
		t.Fatalf("child printed %q: %v", out, err)
	}
	if grew > gcBallastSize/1024/4 {
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
