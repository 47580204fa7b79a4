package cuda

import (
	"errors"
	"fmt"
)

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
