package cuda

import (
	"strings"
	"testing"
)

// TestQueue checks that queued launches and GEMMs run in order in one call
// on the device's thread, that a call rejected when added makes Submit run
// nothing, and that a call failing on the device stops the rest and is
// named.
func TestQueue(t *testing.T) {
	d, f := openFake(t, Config{NoCache: true})
	defer d.Close()
	fn, err := d.Builtin(KernelSigmoidSlope)
	if err != nil {
		t.Fatal(err)
	}
	a, err := d.Alloc(4 * 4)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Free(a)
	if err := d.Upload(a, []float32{1, 2, 3, 4}); err != nil {
		t.Fatal(err)
	}
	gemm := StridedGemm{M: 2, N: 2, K: 2, Alpha: 1, A: a, B: a, C: a, Batch: 1}
	q := d.NewQueue()
	args := []Arg{Int32(1), Float32(2), Ptr(0x1000), Ptr(0x2000)}
	q.Launch(fn, Dim3{1, 1, 1}, Dim3{32, 1, 1}, 0, args...)
	args[0] = Int32(99) // the queue copied the arguments
	q.SgemmStridedBatched(gemm)
	q.Launch(fn, Dim3{2, 1, 1}, Dim3{64, 1, 1}, 0, Int32(7), Float32(1), Ptr(0x1000), Ptr(0x2000))
	if q.Len() != 3 || len(f.launches) != 0 || len(f.strided) != 0 {
		t.Fatalf("before Submit: %d queued, %d launches and %d GEMMs made; want 3, 0 and 0", q.Len(), len(f.launches), len(f.strided))
	}
	before := d.Crossings()
	if err := q.Submit(); err != nil {
		t.Fatal(err)
	}
	if n := d.Crossings() - before; n != 1 {
		t.Errorf("Submit of 3 calls crossed to the device's thread %d times; want 1", n)
	}
	if len(f.launches) != 2 || f.launches[0].args[0] != Int32(1) || f.launches[1].grid.X != 2 || len(f.strided) != 1 || q.Len() != 0 {
		t.Fatalf("after Submit: launches %+v, %d GEMMs, %d still queued", f.launches, len(f.strided), q.Len())
	}

	// A bad call, rejected when added: Submit makes none of the calls.
	q.Launch(fn, Dim3{1, 1, 1}, Dim3{32, 1, 1}, 0)
	q.Launch(fn, Dim3{1, 1, 1}, Dim3{2048, 1, 1}, 0)
	q.Launch(nil, Dim3{1, 1, 1}, Dim3{1, 1, 1}, 0)
	bad := gemm
	bad.M = 0
	q.SgemmStridedBatched(bad)
	if err := q.Submit(); err == nil || !strings.Contains(err.Error(), "2048 threads per block") || !strings.Contains(err.Error(), "call 2 of a queue") {
		t.Errorf("Submit after a bad launch = %v; want the first bad call's error, numbered", err)
	}
	if len(f.launches) != 2 || q.Len() != 0 {
		t.Errorf("after a rejected queue: %d launches made (want 2, as before), %d queued (want 0)", len(f.launches), q.Len())
	}

	// A call failing on the device: the ones before it ran, the ones after
	// it did not, and the error names it.
	f.failAt = len(f.launches) + 2
	for range 3 {
		q.Launch(fn, Dim3{1, 1, 1}, Dim3{32, 1, 1}, 0)
	}
	err = q.Submit()
	for _, want := range []string{"launch of " + KernelSigmoidSlope, "call 2 of 3", "CUDA_ERROR_LAUNCH_FAILED"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Submit with a failing launch = %v; want it to mention %q", err, want)
		}
	}
	if len(f.launches) != 3 {
		t.Errorf("%d launches made; want 3 (the 2 before and the 1 before the failure)", len(f.launches))
	}
	if err := q.Submit(); err != nil {
		t.Errorf("Submit of an empty queue = %v", err)
	}
}
