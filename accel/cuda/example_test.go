package cuda_test

import (
	"fmt"

	"github.com/petridish-go/petridish/accel/cuda"
)

// bump is a toy Allocator: addresses from a counter, nothing freed.
type bump struct{ next cuda.DevicePtr }

func (b *bump) Alloc(n uint64) (cuda.DevicePtr, error) {
	p := b.next
	b.next += cuda.DevicePtr(n)
	return p, nil
}

func (b *bump) Free(cuda.DevicePtr) error { return nil }

// A Pool serves repeated allocations of similar size from its cache. On a
// Device the allocator is the CUDA driver; here it is a toy.
func ExamplePool() {
	pool := cuda.NewPool(&bump{next: 0x10000}, 64<<20)
	for step := 0; step < 3; step++ {
		a, _ := pool.Alloc(1000) // served as a 1024-byte block
		b, _ := pool.Alloc(4000)
		_ = pool.Free(a)
		_ = pool.Free(b)
	}
	st := pool.Stats()
	fmt.Println(st)
	fmt.Println("driver allocations:", st.DriverAllocs)
	// Output:
	// 0 B in use, 5.0 KiB cached, peak 5.0 KiB; 6 allocs (4 from cache)
	// driver allocations: 2
}
