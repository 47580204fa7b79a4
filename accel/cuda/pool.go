package cuda

import (
	"errors"
	"fmt"
	"math/bits"
	"sync"
)

// DevicePtr is an address in device memory (the driver's CUdeviceptr).
type DevicePtr uint64

// Allocator is raw device memory, the backing store of a Pool. On a Device it
// is cuMemAlloc_v2/cuMemFree_v2; tests use a fake. An allocation that fails
// for lack of memory should return an error matching ErrOutOfMemory, so the
// pool can release its cache and retry.
type Allocator interface {
	Alloc(bytes uint64) (DevicePtr, error)
	Free(p DevicePtr) error
}

// PoolStats is a Pool's accounting. All byte counts are in size-class bytes
// (what the pool holds from the allocator), not the bytes callers asked for.
type PoolStats struct {
	InUse        uint64 // bytes handed out by Alloc and not yet Freed
	Cached       uint64 // bytes Freed and kept for reuse
	Peak         uint64 // the highest InUse so far
	Allocs       uint64 // calls of Pool.Alloc that succeeded
	Frees        uint64 // calls of Pool.Free that succeeded
	Hits         uint64 // Allocs served from the cache
	DriverAllocs uint64 // allocations asked of the Allocator
	DriverFrees  uint64 // frees handed to the Allocator
}

// Reserved is the memory the pool holds from the allocator: InUse + Cached.
func (s PoolStats) Reserved() uint64 { return s.InUse + s.Cached }

// String formats the stats for a status line.
func (s PoolStats) String() string {
	return fmt.Sprintf("%s in use, %s cached, peak %s; %d allocs (%d from cache)",
		FormatBytes(s.InUse), FormatBytes(s.Cached), FormatBytes(s.Peak), s.Allocs, s.Hits)
}

// minClass is the smallest block the pool hands out; the driver aligns
// allocations to at least 256 bytes anyway.
const minClass = 512

// maxRequest bounds a single request so size classes cannot overflow.
const maxRequest = 1 << 56

// SizeClass returns the block size a request of n bytes is served with: at
// least 512 bytes, and above that n rounded up to a quarter-power of two
// (512, 640, 768, 896, 1024, 1280, ...), so no block wastes more than a
// quarter of itself and freed blocks are reused by requests of similar size.
func SizeClass(n uint64) uint64 {
	if n <= minClass {
		return minClass
	}
	e := bits.Len64(n - 1) // 2^(e-1) < n <= 2^e
	step := uint64(1) << (e - 3)
	return (n + step - 1) / step * step
}

// Pool is a caching device-memory allocator: freed blocks go to per-size-class
// free lists and are reused by later allocations of the same class, so a
// training loop that allocates the same shapes each step stops calling the
// driver after its first step. The cache is bounded: a block freed while the
// cache holds MaxCached bytes goes back to the allocator. When the allocator
// runs out of memory the pool releases its cache and tries once more.
//
// A Pool is safe for concurrent use.
type Pool struct {
	mu        sync.Mutex
	a         Allocator
	maxCached uint64
	free      map[uint64][]DevicePtr // size class -> cached blocks
	live      map[DevicePtr]uint64   // handed-out block -> its size class
	st        PoolStats
}

// NewPool returns a pool over a that caches at most maxCached bytes of freed
// blocks.
func NewPool(a Allocator, maxCached uint64) *Pool {
	return &Pool{
		a:         a,
		maxCached: maxCached,
		free:      make(map[uint64][]DevicePtr),
		live:      make(map[DevicePtr]uint64),
	}
}

// MaxCached returns the cache bound.
func (p *Pool) MaxCached() uint64 { return p.maxCached }

// Alloc returns a block of at least n bytes.
func (p *Pool) Alloc(n uint64) (DevicePtr, error) {
	if n == 0 {
		return 0, errors.New("cuda pool: zero-byte allocation; ask for at least one byte (skip the call for empty data)")
	}
	if n > maxRequest {
		return 0, fmt.Errorf("cuda pool: allocation of %d bytes is larger than any device; check the size computation", n)
	}
	class := SizeClass(n)
	p.mu.Lock()
	defer p.mu.Unlock()
	if list := p.free[class]; len(list) > 0 {
		ptr := list[len(list)-1]
		p.free[class] = list[:len(list)-1]
		p.st.Cached -= class
		p.st.Hits++
		p.handOut(ptr, class)
		return ptr, nil
	}
	ptr, err := p.a.Alloc(class)
	if err != nil && errors.Is(err, ErrOutOfMemory) && p.st.Cached > 0 {
		if terr := p.trimLocked(); terr != nil {
			return 0, fmt.Errorf("%w (and releasing the pool's cache failed: %v)", err, terr)
		}
		ptr, err = p.a.Alloc(class)
	}
	if err != nil {
		return 0, err
	}
	p.st.DriverAllocs++
	p.handOut(ptr, class)
	return ptr, nil
}

func (p *Pool) handOut(ptr DevicePtr, class uint64) {
	p.live[ptr] = class
	p.st.InUse += class
	p.st.Allocs++
	if p.st.InUse > p.st.Peak {
		p.st.Peak = p.st.InUse
	}
}

// Free returns a block to the pool. Freeing a pointer the pool did not hand
// out, or freeing it twice, is an error and changes nothing.
func (p *Pool) Free(ptr DevicePtr) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	class, ok := p.live[ptr]
	if !ok {
		return fmt.Errorf("cuda pool: free of %#x, which is not a live allocation of this pool (double free, or a pointer from elsewhere)", uint64(ptr))
	}
	delete(p.live, ptr)
	p.st.InUse -= class
	p.st.Frees++
	if p.st.Cached+class > p.maxCached {
		p.st.DriverFrees++
		return p.a.Free(ptr)
	}
	p.free[class] = append(p.free[class], ptr)
	p.st.Cached += class
	return nil
}

// Trim hands every cached block back to the allocator.
func (p *Pool) Trim() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.trimLocked()
}

func (p *Pool) trimLocked() error {
	var first error
	for class, list := range p.free {
		for _, ptr := range list {
			p.st.DriverFrees++
			if err := p.a.Free(ptr); err != nil && first == nil {
				first = err
			}
		}
		p.st.Cached -= class * uint64(len(list))
		delete(p.free, class)
	}
	return first
}

// Close frees everything the pool holds, the cache and any block still in
// use. Blocks still in use are a missing Free in the caller: Close frees them
// anyway and reports how many there were.
func (p *Pool) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	err := p.trimLocked()
	if n := len(p.live); n > 0 {
		leaked := p.st.InUse
		for ptr, class := range p.live {
			p.st.DriverFrees++
			if ferr := p.a.Free(ptr); ferr != nil && err == nil {
				err = ferr
			}
			p.st.InUse -= class
			delete(p.live, ptr)
		}
		if err == nil {
			err = fmt.Errorf("cuda pool: closed with %d blocks (%s) still in use: a Free is missing", n, FormatBytes(leaked))
		}
	}
	return err
}

// Stats returns a snapshot of the pool's accounting.
func (p *Pool) Stats() PoolStats {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.st
}

// FormatBytes formats a byte count with a binary unit (B, KiB, MiB, GiB).
func FormatBytes(n uint64) string {
	switch {
	case n < 1<<10:
		return fmt.Sprintf("%d B", n)
	case n < 1<<20:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	case n < 1<<30:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	default:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	}
}
