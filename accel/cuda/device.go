package cuda

import (
	"errors"
	"fmt"
	"os"
	"unsafe"
)

// Config says which device to open and how.
type Config struct {
	// Ordinal is the device to use, 0 for the first.
	Ordinal int
	// CacheDir holds compiled kernels; "" means DefaultCacheDir().
	CacheDir string
	// NoCache compiles every kernel afresh and writes nothing to disk.
	NoCache bool
	// MaxCached bounds the memory pool's cache of freed blocks; 0 means a
	// quarter of the device's memory.
	MaxCached uint64
	// Sync waits for each kernel and GEMM to finish before the call that
	// queued it returns, for debugging: a kernel's fault (an illegal
	// address, say) then comes back from its own Launch, naming the kernel,
	// instead of from a later copy that cannot tell which kernel failed.
	// Slow; Open also turns it on when PETRI_CUDA_SYNC=1.
	Sync bool
}

// Device is one GPU with its primary context, a memory pool and compiled
// kernels. All driver calls run on one locked OS thread (see worker.go), so
// a Device is safe for concurrent use; calls are served one at a time.
type Device struct {
	drv   driver
	w     *worker
	props Props
	pool  *Pool
	cache ptxCache

	sync bool // Config.Sync

	// Touched only on the worker thread.
	modules  map[string]*Module // by cache key
	builtins map[string]*Func
	kstats   KernelStats
}

// KernelStats counts how kernels were obtained.
type KernelStats struct {
	CacheDir  string // where PTX is cached; "" when caching is off
	CacheHits int    // modules loaded from cached PTX
	Compiles  int    // modules compiled by NVRTC
	// CacheErr is the last failure to write the cache (kernels still run).
	CacheErr error
}

// Open opens a device through the NVIDIA driver, dlopened at run time. On a
// machine without a driver, a device or NVRTC, or in a binary built without
// cgo, the error matches ErrUnavailable and says what was missing.
func Open(cfg Config) (*Device, error) {
	drv, err := newDriver()
	if err != nil {
		return nil, err
	}
	if os.Getenv(EnvSync) == "1" {
		cfg.Sync = true
	}
	return openWith(drv, cfg)
}

// openWith opens a Device on any driver implementation.
func openWith(drv driver, cfg Config) (*Device, error) {
	d := &Device{drv: drv, w: newWorker(), modules: map[string]*Module{}, builtins: map[string]*Func{}, sync: cfg.Sync}
	err := d.w.do(func() error {
		p, err := drv.open(cfg.Ordinal)
		d.props = p
		return err
	})
	if err != nil {
		d.w.stop(func() error { return nil })
		return nil, err
	}
	if !cfg.NoCache {
		dir := cfg.CacheDir
		if dir == "" {
			// Without a cache directory kernels are compiled each run.
			dir, _ = DefaultCacheDir()
		}
		d.cache = ptxCache{dir: dir}
		d.kstats.CacheDir = dir
	}
	maxCached := cfg.MaxCached
	if maxCached == 0 {
		maxCached = d.props.TotalMem / 4
	}
	d.pool = NewPool(driverAllocator{drv}, maxCached)
	return d, nil
}

// driverAllocator is the driver's raw allocator, for the pool. The pool runs
// inside worker calls, so these run on the context's thread.
type driverAllocator struct{ drv driver }

func (a driverAllocator) Alloc(n uint64) (DevicePtr, error) { return a.drv.memAlloc(n) }
func (a driverAllocator) Free(p DevicePtr) error            { return a.drv.memFree(p) }

// Props describes the device.
func (d *Device) Props() Props { return d.props }

// Close unloads the modules, frees the pool and releases the context. Device
// memory still allocated is freed and reported as an error.
func (d *Device) Close() error {
	return d.w.stop(func() error {
		var errs []error
		for _, m := range d.modules {
			errs = append(errs, d.drv.unloadModule(m.h))
		}
		errs = append(errs, d.pool.Close(), d.drv.close())
		return errors.Join(errs...)
	})
}

// Alloc returns n bytes of device memory from the pool.
func (d *Device) Alloc(n uint64) (DevicePtr, error) {
	var p DevicePtr
	err := d.w.do(func() (err error) {
		p, err = d.pool.Alloc(n)
		return err
	})
	return p, err
}

// Free returns memory from Alloc to the pool.
func (d *Device) Free(p DevicePtr) error {
	return d.w.do(func() error { return d.pool.Free(p) })
}

// PoolStats returns the memory pool's accounting.
func (d *Device) PoolStats() PoolStats { return d.pool.Stats() }

// TrimPool gives the pool's cached blocks back to the driver.
func (d *Device) TrimPool() error { return d.w.do(d.pool.Trim) }

// MemInfo returns the driver's free and total device memory in bytes.
func (d *Device) MemInfo() (free, total uint64, err error) {
	err = d.w.do(func() (err error) {
		free, total, err = d.drv.memInfo()
		return err
	})
	return free, total, err
}

// Upload copies src to device memory at dst.
func (d *Device) Upload(dst DevicePtr, src []float32) error { return d.htod(dst, bytesOf(src)) }

// Download copies len(dst) floats from device memory at src.
func (d *Device) Download(dst []float32, src DevicePtr) error { return d.dtoh(bytesOf(dst), src) }

// UploadFloat64 copies src to device memory at dst, as doubles.
func (d *Device) UploadFloat64(dst DevicePtr, src []float64) error {
	return d.htod(dst, bytesOf(src))
}

// DownloadFloat64 copies len(dst) doubles from device memory at src.
func (d *Device) DownloadFloat64(dst []float64, src DevicePtr) error {
	return d.dtoh(bytesOf(dst), src)
}

// UploadInt32 copies src to device memory at dst, as C ints.
func (d *Device) UploadInt32(dst DevicePtr, src []int32) error { return d.htod(dst, bytesOf(src)) }

// bytesOf views s's elements as bytes, for copies to and from the device.
func bytesOf[T float32 | float64 | int32](s []T) []byte {
	if len(s) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&s[0])), len(s)*int(unsafe.Sizeof(s[0])))
}

// htod copies b to device memory at dst on the context thread.
func (d *Device) htod(dst DevicePtr, b []byte) error {
	if len(b) == 0 {
		return nil
	}
	return d.w.do(func() error { return d.drv.htod(dst, b) })
}

// dtoh copies len(b) bytes from device memory at src on the context thread.
func (d *Device) dtoh(b []byte, src DevicePtr) error {
	if len(b) == 0 {
		return nil
	}
	return d.w.do(func() error { return d.drv.dtoh(b, src) })
}

// Synchronize waits for all launched work and returns the first error a
// kernel raised.
func (d *Device) Synchronize() error { return d.w.do(d.drv.synchronize) }

// Synchronous reports whether the device waits for each kernel and GEMM
// (Config.Sync).
func (d *Device) Synchronous() bool { return d.sync }

// finished waits for the work just queued when the device is in Sync
// mode, and names it in the error; otherwise it returns nil at once. It
// runs on the worker's thread.
func (d *Device) finished(what string) error {
	if !d.sync {
		return nil
	}
	if err := d.drv.synchronize(); err != nil {
		return fmt.Errorf("%s failed while it ran (%s=1 waits for each): %w", what, EnvSync, err)
	}
	return nil
}

// Crossings returns how many calls have been made on the device's thread
// so far. Each is a hand-off between goroutines of some microseconds,
// which is why many small launches go through a Queue.
func (d *Device) Crossings() int64 { return d.w.n.Load() }

// KernelStats reports how kernels were obtained so far.
func (d *Device) KernelStats() KernelStats {
	var s KernelStats
	_ = d.w.do(func() error { s = d.kstats; return nil })
	return s
}
