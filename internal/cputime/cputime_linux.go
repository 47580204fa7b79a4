//go:build linux

package cputime

import (
	"syscall"
	"time"
)

// Thread returns the CPU time (user and system) the calling OS thread
// has used, and false where it cannot be read.
func Thread() (time.Duration, bool) {
	var ru syscall.Rusage
	const rusageThread = 1 // RUSAGE_THREAD
	if syscall.Getrusage(rusageThread, &ru) != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
