package cuda

import "testing"

// BenchmarkWorkerDo measures one crossing to the device's thread (an empty
// call), the cost a Queue saves per queued launch.
func BenchmarkWorkerDo(b *testing.B) {
	w := newWorker()
	defer w.stop(func() error { return nil })
	for b.Loop() {
		w.do(func() error { return nil })
	}
}
