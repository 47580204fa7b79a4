//go:build linux

package dsl

import (
	"syscall"
	"time"
)

func dup(fd int) (int, error) { return syscall.Dup(fd) }

func dup2(oldfd, newfd int) error { return syscall.Dup3(oldfd, newfd, 0) }

// cpuTime returns the user plus system CPU time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return -1
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
