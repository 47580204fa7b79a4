package cuda

import (
	"errors"
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

// TestSyncNamesTheFaultyKernel checks Config.Sync: each launch and GEMM
// waits for the device, so a fault while a kernel runs comes back from
// its own Launch (or queued call), naming it; without Sync the launch
// returns at once and the fault waits for the next synchronising call.
func TestSyncNamesTheFaultyKernel(t *testing.T) {
	fault := &Error{Call: "cuCtxSynchronize", Code: 700, Name: "CUDA_ERROR_ILLEGAL_ADDRESS"}
	for _, sync := range []bool{false, true} {
		d, f := openFake(t, Config{NoCache: true, Sync: sync})
		fn, err := d.Builtin(KernelSigmoidSlope)
		if err != nil {
			t.Fatal(err)
		}
		f.syncErr = fault
		err = d.Launch(fn, Dim3{1, 1, 1}, Dim3{32, 1, 1}, 0, Int32(1), Float32(1), Ptr(0x1000), Ptr(0x2000))
		if !sync {
			if err != nil || f.syncs != 0 {
				t.Errorf("without Sync: Launch = %v after %d synchronisations; want nil after none", err, f.syncs)
			}
			d.Close()
			continue
		}
		for _, want := range []string{"kernel " + KernelSigmoidSlope + " failed while it ran", "PETRI_CUDA_SYNC=1", "CUDA_ERROR_ILLEGAL_ADDRESS"} {
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("with Sync: Launch = %v; want it to mention %q", err, want)
			}
		}
		q := d.NewQueue()
		q.Launch(fn, Dim3{1, 1, 1}, Dim3{32, 1, 1}, 0)
		q.Launch(fn, Dim3{1, 1, 1}, Dim3{32, 1, 1}, 0)
		if err := q.Submit(); err == nil || !strings.Contains(err.Error(), "call 1 of 2") || !strings.Contains(err.Error(), "failed while it ran") {
			t.Errorf("with Sync: a queue's faulty first launch gave %v", err)
		}
		if len(f.launches) != 2 {
			t.Errorf("with Sync: %d launches made; want 2 (the queue stops at the fault)", len(f.launches))
		}
		d.Close()
	}
}

// TestNVRTCNewerThanDriver checks that an NVRTC newer than the driver's CUDA
// is refused when the device opens, with what to do, and that older or
// equal ones pass.
func TestNVRTCNewerThanDriver(t *testing.T) {
	for _, c := range []struct {
		driver int
		nvrtc  string
		ok     bool
	}{{13000, "13.0", true}, {13000, "12.8", true}, {13020, "13.1", true}, {13000, "13.1", false}, {12080, "13.0", false}, {13000, "odd", true}} {
		err := checkNVRTCVersion(c.driver, c.nvrtc, "/x/libnvrtc.so.13")
		if (err == nil) != c.ok {
			t.Errorf("driver %d, NVRTC %s: %v; want ok=%v", c.driver, c.nvrtc, err, c.ok)
			continue
		}
		if err != nil {
			for _, want := range []string{"NVRTC " + c.nvrtc + " (/x/libnvrtc.so.13) is newer than the CUDA", "set PETRI_NVRTC", "update the NVIDIA driver"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q lacks %q", err, want)
				}
			}
			if !errors.Is(err, ErrUnavailable) {
				t.Errorf("error %v does not match ErrUnavailable, so auto would not fall back to the CPU", err)
			}
		}
	}
}
