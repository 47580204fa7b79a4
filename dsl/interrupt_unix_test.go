//go:build unix

package dsl

import (
	"context"
	"syscall"
	"testing"
	"time"
)

// TestInterruptStopsCompiledTraining checks that an interrupt stops a
// compiled call that polls ctx (dish training) before the next cell: the
// cell used to end at once, ctx became a fresh context, and the training
// ran on beside later cells, using the CPU and changing the dish under
// them. It watches the process's CPU time once the cell has ended.
// (Train keeps what the completed steps learned, so d may be trained.)
func TestInterruptStopsCompiledTraining(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, `cfg := dish.DefaultConfig()
cfg.Outer.Schedule = []int{1000000}
cfg.Threads = 1
d, _ := dish.New(cfg)`)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(300*time.Millisecond, cancel)
	_, err := s.Execute(ctx, `d.Train(ctx, motif.Slopes([]float64{0.5, 0.7, 0.9, 1.1}), []float64{0.1, 0.09, 0.095, 0.1}, nil)`, &recorder{})
	cellError(t, err, "interrupt")
	cpu := func() time.Duration {
		var ru syscall.Rusage
		if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
			t.Fatal(err)
		}
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	// The training stops at its next step: within a few half-second
	// windows the process is idle (on a loaded machine a step can outlast
	// interp.StopGrace). Before, it trained on for its million steps,
	// busy in every window.
	var used time.Duration
	for range 10 {
		before := cpu()
		time.Sleep(500 * time.Millisecond)
		if used = cpu() - before; used < 150*time.Millisecond {
			return
		}
	}
	t.Errorf("the process still used %v of CPU a half second, 5 s after the interrupted cell: the training ran on", used)
}
