package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// signalCause is the cause of a context cancelled by a signal.
type signalCause struct{ sig syscall.Signal }

func (c signalCause) Error() string { return "interrupted by " + c.sig.String() }

// status is the exit status of a process the signal killed, as shells
// report it: 130 for SIGINT, 143 for SIGTERM.
func (c signalCause) status() int { return 128 + int(c.sig) }

// interrupts, when not nil, delivers signals as the process's SIGINT and
// SIGTERM do (tests send on it).
var interrupts chan os.Signal

// interruptContext is cancelled by the first SIGINT or SIGTERM, with a
// signalCause (see interruptedBy), after hint (a line saying how to exit
// at once) goes to the terminal, and, if timeout > 0, after timeout. A
// second signal exits at once with the signal's status (130 for SIGINT).
// Pass the real terminal as term: a session that captures fd 2 would put
// the hint in a cell's output.
func interruptContext(timeout time.Duration, term io.Writer, hint string) (context.Context, context.CancelFunc) {
	ctx, cancelCause := context.WithCancelCause(context.Background())
	var stopTimer context.CancelFunc = func() {}
	if timeout > 0 {
		ctx, stopTimer = context.WithTimeout(ctx, timeout)
	}
	sig := make(chan os.Signal, 2)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	status := func(s os.Signal) syscall.Signal {
		if ss, ok := s.(syscall.Signal); ok {
			return ss
		}
		return syscall.SIGINT
	}
	go func() {
		var s os.Signal
		select {
		case s = <-sig:
		case s = <-interrupts:
		case <-ctx.Done():
			return
		case <-done:
			return
		}
		if hint != "" {
			fmt.Fprintln(term, "\n"+hint)
		}
		cancelCause(signalCause{status(s)})
		select {
		case s = <-sig:
		case s = <-interrupts:
		case <-done:
			return
		}
		os.Exit(signalCause{status(s)}.status())
	}()
	var once bool
	return ctx, func() {
		if !once {
			once = true
			signal.Stop(sig)
			close(done)
		}
		stopTimer()
		cancelCause(context.Canceled)
	}
}

// interruptHint is the line interruptContext prints at the first Ctrl-C.
const interruptHint = "interrupted; press Ctrl-C again to exit at once"

// interruptedBy returns the signal that cancelled ctx, if one did.
func interruptedBy(ctx context.Context) (signalCause, bool) {
	var c signalCause
	ok := errors.As(context.Cause(ctx), &c)
	return c, ok
}

// interruptedError ends a command stopped by a signal: main prints msg
// (when not empty) and exits with status.
type interruptedError struct {
	msg    string
	status int
}

func (e *interruptedError) Error() string { return e.msg }

// asInterrupted returns err as an interruptedError when ctx was cancelled
// by a signal: with msg, or err's own message when msg is "". Otherwise
// it returns err.
func asInterrupted(ctx context.Context, err error, msg string) error {
	c, ok := interruptedBy(ctx)
	if !ok {
		return err
	}
	if msg == "" && err != nil {
		msg = err.Error()
	}
	return &interruptedError{msg: msg, status: c.status()}
}
