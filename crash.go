package main

import (
	"fmt"
	"os"
	"runtime/debug"
	"strings"
)

// keepCrashReports makes the Go runtime also write its report of a fatal
// error or an unrecovered panic to f, a duplicate of the original stderr.
// A Session that captures file descriptor 2 would otherwise swallow the one
// message that says why the process died (a panic in a goroutine that
// compiled code started, say).
func keepCrashReports(f *os.File) {
	if err := debug.SetCrashOutput(f, debug.CrashOptions{}); err != nil {
		fmt.Fprintln(f, "petridish: crash reports may be lost:", err)
	}
}

// A kernel's process can die of a fatal error that no recover stops
// (goroutines of a cell writing one map at once, say); Jupyter then
// starts a new one with the same connection file, and the notebook only
// says that the kernel died. So the kernel keeps the Go runtime's report
// of a fatal error in a file beside its connection file
// (crashReportPath), and the next kernel of that connection file logs
// it and shows its gist in the output of the first cell it runs
// (crashNotice).

// crashReportPath returns the file where the kernel of connection file
// conn keeps the runtime's report of a fatal error.
func crashReportPath(conn string) string { return conn + ".petridish-crash" }

// takeCrashReport returns the report that an earlier process of the
// kernel left at path when it died (empty when it ended otherwise), and
// removes the file.
func takeCrashReport(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	os.Remove(path)
	return strings.TrimSpace(string(b))
}

// crashCauses tell the fatal errors a cell can cause by a phrase of the
// runtime's report: the error itself (the report of a panic has its
// message) or, for a fatal error whose own line the runtime writes to
// standard error only, the function that raised it. Each has what
// usually causes it.
var crashCauses = []struct{ phrase, cause, hint string }{
	{"maps.fatal(", "fatal error: concurrent map writes, or a concurrent map read and write",
		"Goroutines of a cell used one map at the same time, one of them writing it: guard the map with a sync.Mutex (or use sync.Map). Go's runtime ends the process for this, and no recover can stop it."},
	{"runtime.newstack()", "fatal error: stack overflow",
		"A recursion without end took the goroutine's whole stack (1 GB): a function calling itself through code whose calls the interpreter does not count."},
	{"out of memory", "fatal error: out of memory",
		"The process asked for more memory than the machine gives it."},
}

// crashNotice words report, the runtime's report of the fatal error that
// ended the kernel's previous process, for the notebook: the error (the
// goroutine traces are the interpreter's, and stay in the log) and what
// usually causes it.
func crashNotice(report string) string {
	var lines []string
	for _, l := range strings.Split(report, "\n") {
		l = strings.TrimRight(l, "\r")
		if strings.HasPrefix(l, "goroutine ") || strings.HasPrefix(l, "runtime stack:") {
			break
		}
		if strings.TrimSpace(l) != "" && len(lines) < 8 {
			lines = append(lines, "    "+l)
		}
	}
	hint := ""
	for _, c := range crashCauses {
		if strings.Contains(report, c.phrase) {
			if len(lines) == 0 {
				lines = append(lines, "    "+c.cause)
			}
			hint = c.hint + "\n"
			break
		}
	}
	if len(lines) == 0 {
		lines = append(lines, "    a fatal error of the Go runtime")
	}
	return "The kernel's previous process died, and Jupyter started this one: the variables and declarations of the cells run before are gone; run them again. It died of\n" +
		strings.Join(lines, "\n") + "\n" + hint +
		"(The runtime's whole report is in the kernel's log, Jupyter's server output.)\n"
}
