package main

import (
	"fmt"
	"os"
	"runtime/debug"
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
