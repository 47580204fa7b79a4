package cuda

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// worker owns one locked OS thread. A CUDA context is current per OS thread,
// and Go moves goroutines between threads, so every driver call of a Device
// is funnelled through its worker: the worker's goroutine locks its thread,
// makes the context current there once, and runs the calls one at a time.
type worker struct {
	mu     sync.RWMutex // write-held by stop; read-held while sending a call
	calls  chan func()
	closed bool
	exited chan struct{}
	n      atomic.Int64 // calls sent to the thread
}

// newWorker starts the goroutine and locks it to its OS thread.
func newWorker() *worker {
	w := &worker{calls: make(chan func()), exited: make(chan struct{})}
	go func() {
		// Never unlocked: when this goroutine ends, its thread (with the
		// context bound to it) ends with it instead of going back to Go's pool.
		runtime.LockOSThread()
		defer close(w.exited)
		for f := range w.calls {
			f()
		}
	}()
	return w
}

// do runs f on the worker's thread and returns its error. A panic in f is
// re-raised in the caller's goroutine. After stop, do returns ErrClosed.
func (w *worker) do(f func() error) error {
	var (
		err      error
		panicked any
		done     = make(chan struct{})
	)
	call := func() {
		defer func() {
			panicked = recover()
			close(done)
		}()
		err = f()
	}
	w.mu.RLock()
	if w.closed {
		w.mu.RUnlock()
		return ErrClosed
	}
	w.calls <- call
	w.mu.RUnlock()
	w.n.Add(1)
	<-done
	if panicked != nil {
		panic(panicked)
	}
	return err
}

// stop runs final on the worker's thread (to release what lives there), then
// ends the worker. Calls already sent run first; later calls get ErrClosed.
// stop returns ErrClosed if the worker was already stopped.
func (w *worker) stop(final func() error) error {
	err := w.do(final)
	if err == ErrClosed {
		return err
	}
	w.mu.Lock()
	if !w.closed {
		w.closed = true
		close(w.calls)
	}
	w.mu.Unlock()
	<-w.exited
	return err
}
