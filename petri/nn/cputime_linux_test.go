//go:build linux

package nn

import (
	"syscall"
	"time"
)

// threadCPU returns the CPU time the calling OS thread has used, which a
// benchmark locked to its thread reports beside wall time: on a shared
// machine, wall time also counts the time other processes held the CPU.
func threadCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	const rusageThread = 1 // RUSAGE_THREAD
	if syscall.Getrusage(rusageThread, &ru) != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
