package cuda

import (
	"errors"
	"sync"
	"syscall"
	"testing"
)

// TestWorkerOneThread checks that calls from many goroutines all run on the
// worker's one OS thread, one at a time.
func TestWorkerOneThread(t *testing.T) {
	w := newWorker()
	var tid int
	if err := w.do(func() error { tid = syscall.Gettid(); return nil }); err != nil {
		t.Fatal(err)
	}
	if tid == syscall.Gettid() {
		t.Log("worker shares the test's thread (possible, but the next checks still hold)")
	}
	var wg sync.WaitGroup
	counter := 0 // touched only on the worker: -race reports it if calls overlap
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				err := w.do(func() error {
					counter++
					if got := syscall.Gettid(); got != tid {
						return errors.New("call ran on another OS thread")
					}
					return nil
				})
				if err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if err := w.stop(func() error { return nil }); err != nil {
		t.Fatal(err)
	}
	if counter != 1600 {
		t.Fatalf("counter = %d, want 1600", counter)
	}
}

func TestWorkerStopAndPanic(t *testing.T) {
	w := newWorker()
	want := errors.New("boom")
	if err := w.do(func() error { return want }); err != want {
		t.Fatalf("do returned %v, want the function's error", err)
	}
	func() {
		defer func() {
			if r := recover(); r != "kernel panic" {
				t.Fatalf("recovered %v, want the worker's panic re-raised", r)
			}
		}()
		_ = w.do(func() error { panic("kernel panic") })
	}()
	// The worker survives a panic.
	if err := w.do(func() error { return nil }); err != nil {
		t.Fatal(err)
	}
	ran := false
	if err := w.stop(func() error { ran = true; return nil }); err != nil || !ran {
		t.Fatalf("stop: err %v, final ran %v", err, ran)
	}
	if err := w.do(func() error { return nil }); !errors.Is(err, ErrClosed) {
		t.Fatalf("do after stop = %v, want ErrClosed", err)
	}
	if err := w.stop(func() error { return nil }); !errors.Is(err, ErrClosed) {
		t.Fatalf("second stop = %v, want ErrClosed", err)
	}
}
