package cuda

import "fmt"

// Queue collects kernel launches and cuBLAS GEMMs for one Device and makes
// them, in order, in a single call to the device's thread (Submit).
//
// Every Device method crosses to the OS thread that holds the CUDA context
// (see Device), a hand-off between goroutines that costs several
// microseconds: as much as queueing a launch itself. A training step of a
// few dozen small kernels would spend most of its host time on those
// crossings; queued, it crosses once. The work is still only queued on the
// default stream when Submit returns, as with Launch.
//
// Each call is checked when it is added, as Launch and SgemmStridedBatched
// check it; the first bad one is kept, and Submit then returns it and makes
// none of the calls. A Queue is not safe for concurrent use.
type Queue struct {
	d     *Device
	calls []queued
	err   error
}

// queued is one call of a Queue and what it was, for errors.
type queued struct {
	what string
	run  func() error
}

// NewQueue returns an empty queue for d.
func (d *Device) NewQueue() *Queue { return &Queue{d: d} }

// Launch adds a launch of f, as Device.Launch makes it. args is copied.
func (q *Queue) Launch(f *Func, grid, block Dim3, sharedMem uint32, args ...Arg) {
	if q.err != nil {
		return
	}
	call, err := q.d.launchCall(f, grid, block, sharedMem, append([]Arg(nil), args...))
	name := "a nil kernel"
	if f != nil {
		name = f.name
	}
	q.add("launch of "+name, call, err)
}

// SgemmStridedBatched adds the GEMMs g describes, as
// Device.SgemmStridedBatched runs them.
func (q *Queue) SgemmStridedBatched(g StridedGemm) {
	if q.err != nil {
		return
	}
	call, err := q.d.sgemmStridedCall(g)
	q.add("SgemmStridedBatched", call, err)
}

func (q *Queue) add(what string, call func() error, err error) {
	if err != nil {
		q.err = fmt.Errorf("%w (call %d of a queue)", err, len(q.calls)+1)
		return
	}
	q.calls = append(q.calls, queued{what, call})
}

// Len returns the number of calls waiting.
func (q *Queue) Len() int { return len(q.calls) }

// Submit makes the queued calls in order on the device's thread and empties
// the queue. It stops at the first that fails and returns its error, which
// says which call it was; the calls after it are not made. If a call was
// rejected when it was added, Submit returns that error and makes none.
func (q *Queue) Submit() error {
	calls, err := q.calls, q.err
	q.calls, q.err = nil, nil
	if err != nil {
		return err
	}
	if len(calls) == 0 {
		return nil
	}
	return q.d.w.do(func() error {
		for i, c := range calls {
			if err := c.run(); err != nil {
				return fmt.Errorf("cuda: %s, call %d of %d in a queue: %w", c.what, i+1, len(calls), err)
			}
		}
		return nil
	})
}
