//go:build !linux

package dsl

import (
	"errors"
	"runtime"
	"time"
)

var errNoCapture = errors.New("file descriptor capture is implemented on Linux only, not " + runtime.GOOS)

func dup(fd int) (int, error) { return -1, errNoCapture }

func dup2(oldfd, newfd int) error { return errNoCapture }

// cpuTime is not measured on this system.
func cpuTime() time.Duration { return -1 }
