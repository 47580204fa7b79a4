package cuda

import (
	"errors"
	"fmt"
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

	// Touched only on the worker thread.
	modules  map[string]*Module // by cache key
	builtins map[string]*Func
	kstats   KernelStats
}

// Module is compiled CUDA code loaded into a Device.
type Module struct {
	dev  *Device
	name string
	h    any
	fns  map[string]*Func
}

// Func is a kernel in a loaded Module, ready for Device.Launch.
type Func struct {
	dev  *Device
	name string
	h    any
}

// Name returns the kernel's name.
func (f *Func) Name() string { return f.name }

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
	return openWith(drv, cfg)
}

// openWith opens a Device on any driver implementation.
func openWith(drv driver, cfg Config) (*Device, error) {
	d := &Device{drv: drv, w: newWorker(), modules: map[string]*Module{}, builtins: map[string]*Func{}}
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
func (d *Device) Upload(dst DevicePtr, src []float32) error {
	if len(src) == 0 {
		return nil
	}
	b := unsafe.Slice((*byte)(unsafe.Pointer(&src[0])), 4*len(src))
	return d.w.do(func() error { return d.drv.htod(dst, b) })
}

// Download copies len(dst) floats from device memory at src.
func (d *Device) Download(dst []float32, src DevicePtr) error {
	if len(dst) == 0 {
		return nil
	}
	b := unsafe.Slice((*byte)(unsafe.Pointer(&dst[0])), 4*len(dst))
	return d.w.do(func() error { return d.drv.dtoh(b, src) })
}

// Synchronize waits for all launched work and returns the first error a
// kernel raised.
func (d *Device) Synchronize() error { return d.w.do(d.drv.synchronize) }

// KernelStats reports how kernels were obtained so far.
func (d *Device) KernelStats() KernelStats {
	var s KernelStats
	_ = d.w.do(func() error { s = d.kstats; return nil })
	return s
}

// Compile compiles CUDA source with NVRTC for this device and loads it. The
// PTX is cached on disk under a key of the source, the architecture and the
// NVRTC version, so a later run (or a later call) skips NVRTC. name labels
// the program in NVRTC's log. A compile error carries NVRTC's log.
func (d *Device) Compile(name string, src []byte) (*Module, error) {
	var m *Module
	err := d.w.do(func() (err error) {
		m, err = d.compile(name, src)
		return err
	})
	return m, err
}

// compile runs on the worker thread.
func (d *Device) compile(name string, src []byte) (*Module, error) {
	opts := []string{"--gpu-architecture=" + d.props.Arch()}
	key := CacheKey(src, d.props.Arch(), d.props.NVRTCVersion, opts)
	if m, ok := d.modules[key]; ok {
		return m, nil
	}
	if ptx, ok := d.cache.get(key); ok {
		if h, err := d.drv.loadModule(ptx); err == nil {
			d.kstats.CacheHits++
			return d.addModule(key, name, h), nil
		}
		// A stale or damaged cache entry: compile afresh and overwrite it.
	}
	ptx, err := d.drv.compile(src, name, opts)
	if err != nil {
		return nil, fmt.Errorf("compiling %s for %s: %w", name, d.props.Arch(), err)
	}
	d.kstats.Compiles++
	if err := d.cache.put(key, ptx); err != nil {
		d.kstats.CacheErr = err
	}
	h, err := d.drv.loadModule(ptx)
	if err != nil {
		return nil, fmt.Errorf("loading %s: %w", name, err)
	}
	return d.addModule(key, name, h), nil
}

func (d *Device) addModule(key, name string, h any) *Module {
	m := &Module{dev: d, name: name, h: h, fns: map[string]*Func{}}
	d.modules[key] = m
	return m
}

// Func returns the kernel called name (its extern "C" name) in the module.
func (m *Module) Func(name string) (*Func, error) {
	var f *Func
	err := m.dev.w.do(func() (err error) {
		f, err = m.function(name)
		return err
	})
	return f, err
}

// function runs on the worker thread.
func (m *Module) function(name string) (*Func, error) {
	if f, ok := m.fns[name]; ok {
		return f, nil
	}
	h, err := m.dev.drv.function(m.h, name)
	if err != nil {
		return nil, fmt.Errorf("kernel %s in %s: %w", name, m.name, err)
	}
	f := &Func{dev: m.dev, name: name, h: h}
	m.fns[name] = f
	return f, nil
}

// Builtin returns one of the embedded kernels (KernelSigmoidSlope, ...),
// compiling its .cu file at first use.
func (d *Device) Builtin(kernel string) (*Func, error) {
	var f *Func
	err := d.w.do(func() error {
		if f = d.builtins[kernel]; f != nil {
			return nil
		}
		file, src, err := builtinSource(kernel)
		if err != nil {
			return err
		}
		m, err := d.compile(file, src)
		if err != nil {
			return err
		}
		if f, err = m.function(kernel); err != nil {
			return err
		}
		d.builtins[kernel] = f
		return nil
	})
	return f, err
}

// Launch starts f on a grid of blocks. It returns once the launch is queued;
// errors raised while the kernel runs come from the next Download or
// Synchronize. args must match the kernel's parameters in number and C type.
func (d *Device) Launch(f *Func, grid, block Dim3, sharedMem uint32, args ...Arg) error {
	if f == nil || f.dev != d {
		return errors.New("cuda: Launch of a kernel from another device (or nil); get it from this device's Builtin or Compile")
	}
	if grid.X == 0 || grid.Y == 0 || grid.Z == 0 || block.X == 0 || block.Y == 0 || block.Z == 0 {
		return fmt.Errorf("cuda: launch of %s with an empty grid %v or block %v; every dimension must be at least 1", f.name, grid, block)
	}
	if t := uint64(block.X) * uint64(block.Y) * uint64(block.Z); t > 1024 {
		return fmt.Errorf("cuda: launch of %s with %d threads per block; the limit is 1024", f.name, t)
	}
	return d.w.do(func() error {
		if err := d.drv.launch(f.h, grid, block, sharedMem, args); err != nil {
			return fmt.Errorf("launching %s: %w", f.name, err)
		}
		return nil
	})
}

// Sgemm computes C = alpha*op(A)*op(B) + beta*C on the device with cuBLAS,
// for dense row-major float32 matrices: op(A) is m×k (A is k×m when
// transA), op(B) is k×n (B is n×k when transB), C is m×n. It fails when
// cuBLAS did not load (Props().CublasErr says why).
func (d *Device) Sgemm(transA, transB bool, m, n, k int, alpha float32, a, b DevicePtr, beta float32, c DevicePtr) error {
	if d.props.CublasErr != nil {
		return fmt.Errorf("cuda: Sgemm needs cuBLAS: %w", d.props.CublasErr)
	}
	if m <= 0 || n <= 0 || k <= 0 {
		return fmt.Errorf("cuda: Sgemm with m=%d n=%d k=%d; all must be positive", m, n, k)
	}
	// cuBLAS is column-major. A row-major m×n matrix is, read column-major,
	// its n×m transpose, so compute C^T = op(B)^T op(A)^T: cuBLAS's first
	// operand is our B, its second our A, and the leading dimensions are the
	// row-major column counts.
	lda := k
	if transA {
		lda = m
	}
	ldb := n
	if transB {
		ldb = k
	}
	return d.w.do(func() error {
		return d.drv.sgemm(transB, transA, n, m, k, alpha, b, ldb, a, lda, beta, c, n)
	})
}
