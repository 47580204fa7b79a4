package cuda

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// fakeAllocator is device memory as a ledger: it hands out increasing
// addresses, tracks live blocks and their sizes, and fails with
// ErrOutOfMemory beyond its capacity.
type fakeAllocator struct {
	next     DevicePtr
	live     map[DevicePtr]uint64
	bytes    uint64 // live bytes
	capacity uint64
	allocs   int
	frees    int
}

func newFakeAllocator(capacity uint64) *fakeAllocator {
	return &fakeAllocator{next: 1 << 20, live: map[DevicePtr]uint64{}, capacity: capacity}
}

func (f *fakeAllocator) Alloc(n uint64) (DevicePtr, error) {
	if f.bytes+n > f.capacity {
		return 0, &Error{Call: "cuMemAlloc_v2", Code: 2, Name: "CUDA_ERROR_OUT_OF_MEMORY"}
	}
	p := f.next
	f.next += DevicePtr(n)
	f.live[p] = n
	f.bytes += n
	f.allocs++
	return p, nil
}

func (f *fakeAllocator) Free(p DevicePtr) error {
	n, ok := f.live[p]
	if !ok {
		return fmt.Errorf("fake: free of unknown %#x", uint64(p))
	}
	delete(f.live, p)
	f.bytes -= n
	f.frees++
	return nil
}

func TestSizeClass(t *testing.T) {
	cases := map[uint64]uint64{
		1: 512, 512: 512, 513: 640, 640: 640, 641: 768, 1000: 1024, 1024: 1024,
		1025: 1280, 4096: 4096, 4097: 5120, 1 << 20: 1 << 20, 3<<20 + 1: 3<<20 + 1<<19,
	}
	for n, want := range cases {
		if got := SizeClass(n); got != want {
			t.Errorf("SizeClass(%d) = %d, want %d", n, got, want)
		}
	}
	for n := uint64(1); n < 1<<16; n += 37 {
		c := SizeClass(n)
		if c < n || (n > minClass && float64(c-n) > 0.25*float64(c)) {
			t.Fatalf("SizeClass(%d) = %d: too small or wastes more than a quarter", n, c)
		}
		if SizeClass(c) != c {
			t.Fatalf("SizeClass(%d) = %d is not a fixed point", c, SizeClass(c))
		}
	}
}

// TestPoolNoLeak runs 10,000 random alloc/free cycles with up to 64 blocks
// live at once and checks the accounting against the fake driver at every
// step: what the pool says it holds is what the driver has handed out, the
// cache never exceeds its bound, and at the end nothing is in use.
func TestPoolNoLeak(t *testing.T) {
	const maxCached = 1 << 20
	fa := newFakeAllocator(1 << 40)
	p := NewPool(fa, maxCached)
	rng := rand.New(rand.NewPCG(1, 2))
	var live []DevicePtr
	var peak uint64
	for i := 0; i < 10000; i++ {
		if len(live) < 64 && (len(live) == 0 || rng.IntN(2) == 0) {
			n := uint64(1 + rng.IntN(1<<rng.IntN(18)))
			ptr, err := p.Alloc(n)
			if err != nil {
				t.Fatal(err)
			}
			live = append(live, ptr)
		} else {
			j := rng.IntN(len(live))
			if err := p.Free(live[j]); err != nil {
				t.Fatal(err)
			}
			live[j] = live[len(live)-1]
			live = live[:len(live)-1]
		}
		st := p.Stats()
		if st.Reserved() != fa.bytes {
			t.Fatalf("step %d: pool reserves %d bytes but the driver has %d live", i, st.Reserved(), fa.bytes)
		}
		if st.Cached > maxCached {
			t.Fatalf("step %d: cache %d exceeds its bound %d", i, st.Cached, maxCached)
		}
		peak = max(peak, st.InUse)
	}
	for _, ptr := range live {
		if err := p.Free(ptr); err != nil {
			t.Fatal(err)
		}
	}
	st := p.Stats()
	if st.InUse != 0 || st.Allocs != st.Frees {
		t.Fatalf("after freeing everything: %+v", st)
	}
	if st.Peak != peak || st.Peak == 0 {
		t.Errorf("Peak = %d, want the observed maximum %d", st.Peak, peak)
	}
	if st.Hits == 0 || st.DriverAllocs >= st.Allocs/2 {
		t.Errorf("the cache barely served anything: %+v", st)
	}
	if st.DriverAllocs != uint64(fa.allocs) || st.DriverFrees != uint64(fa.frees) {
		t.Errorf("driver call counts %d/%d, fake saw %d/%d", st.DriverAllocs, st.DriverFrees, fa.allocs, fa.frees)
	}
	if err := p.Trim(); err != nil {
		t.Fatal(err)
	}
	if st := p.Stats(); st.Cached != 0 || fa.bytes != 0 || len(fa.live) != 0 {
		t.Fatalf("after Trim: pool %+v, driver still holds %d bytes in %d blocks", st, fa.bytes, len(fa.live))
	}
}

func TestPoolReuseAndBound(t *testing.T) {
	fa := newFakeAllocator(1 << 30)
	p := NewPool(fa, 4096)
	a, _ := p.Alloc(1000)
	if err := p.Free(a); err != nil {
		t.Fatal(err)
	}
	b, _ := p.Alloc(900) // same class (1024): must reuse a
	if b != a || fa.allocs != 1 {
		t.Fatalf("a same-class allocation did not reuse the cached block (a=%#x b=%#x, driver allocs %d)", a, b, fa.allocs)
	}
	big, _ := p.Alloc(8192)
	if err := p.Free(big); err != nil {
		t.Fatal(err)
	}
	if st := p.Stats(); st.Cached != 0 || fa.frees != 1 {
		t.Fatalf("a block larger than the cache bound was cached: %+v", st)
	}
}

func TestPoolErrors(t *testing.T) {
	fa := newFakeAllocator(1 << 20)
	p := NewPool(fa, 1<<20)
	if _, err := p.Alloc(0); err == nil || !strings.Contains(err.Error(), "zero-byte") {
		t.Errorf("Alloc(0) = %v, want a zero-byte error", err)
	}
	a, _ := p.Alloc(100)
	if err := p.Free(a); err != nil {
		t.Fatal(err)
	}
	if err := p.Free(a); err == nil || !strings.Contains(err.Error(), "double free") {
		t.Errorf("double Free = %v, want an error naming a double free", err)
	}
	if err := p.Free(12345); err == nil {
		t.Error("Free of a foreign pointer succeeded")
	}
	if st := p.Stats(); st.Frees != 1 || st.Cached != 512 {
		t.Errorf("bad frees changed the accounting: %+v", st)
	}
}

// TestPoolOutOfMemoryTrims fills the fake device with cached blocks of one
// class and asks for another: the pool must release its cache and retry.
func TestPoolOutOfMemoryTrims(t *testing.T) {
	fa := newFakeAllocator(4096)
	p := NewPool(fa, 1<<20)
	var ptrs []DevicePtr
	for range 8 {
		ptr, err := p.Alloc(512)
		if err != nil {
			t.Fatal(err)
		}
		ptrs = append(ptrs, ptr)
	}
	for _, ptr := range ptrs {
		_ = p.Free(ptr)
	}
	if _, err := p.Alloc(2048); err != nil {
		t.Fatalf("Alloc after filling the cache: %v (the pool should have trimmed and retried)", err)
	}
	if st := p.Stats(); st.Cached != 0 || st.InUse != 2048 {
		t.Fatalf("after the retry: %+v", st)
	}
	_, err := p.Alloc(4096)
	if !errors.Is(err, ErrOutOfMemory) || !strings.Contains(err.Error(), "CUDA_ERROR_OUT_OF_MEMORY") {
		t.Fatalf("Alloc beyond capacity = %v, want CUDA_ERROR_OUT_OF_MEMORY matching ErrOutOfMemory", err)
	}
}

func TestPoolCloseReportsLeaks(t *testing.T) {
	fa := newFakeAllocator(1 << 20)
	p := NewPool(fa, 1<<20)
	a, _ := p.Alloc(100)
	b, _ := p.Alloc(5000)
	_ = p.Free(a)
	_ = b
	err := p.Close()
	if err == nil || !strings.Contains(err.Error(), "1 blocks") {
		t.Fatalf("Close with a block in use = %v, want a report of 1 leaked block", err)
	}
	if fa.bytes != 0 {
		t.Fatalf("Close left %d bytes on the driver", fa.bytes)
	}
}
