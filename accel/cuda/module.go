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
	call, err := d.launchCall(f, grid, block, sharedMem, args)
	if err != nil {
		return err
	}
	return d.w.do(call)
}

// launchCall checks a launch and returns the driver call that makes it, to
// run on the worker's thread.
func (d *Device) launchCall(f *Func, grid, block Dim3, sharedMem uint32, args []Arg) (func() error, error) {
	if f == nil || f.dev != d {
		return nil, errors.New("cuda: Launch of a kernel from another device (or nil); get it from this device's Builtin or Compile")
	}
	if grid.X == 0 || grid.Y == 0 || grid.Z == 0 || block.X == 0 || block.Y == 0 || block.Z == 0 {
		return nil, fmt.Errorf("cuda: launch of %s with an empty grid %v or block %v; every dimension must be at least 1", f.name, grid, block)
	}
	if t := uint64(block.X) * uint64(block.Y) * uint64(block.Z); t > 1024 {
		return nil, fmt.Errorf("cuda: launch of %s with %d threads per block; the limit is 1024", f.name, t)
	}
	return func() error {
		if err := d.drv.launch(f.h, grid, block, sharedMem, args); err != nil {
			return fmt.Errorf("launching %s: %w", f.name, err)
		}
		return d.finished("kernel " + f.name)
	}, nil
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
		if err := d.drv.sgemm(transB, transA, n, m, k, alpha, b, ldb, a, lda, beta, c, n); err != nil {
			return err
		}
		return d.finished("cuBLAS Sgemm")
	})
}

// StridedGemm describes Batch row-major float32 GEMMs laid out at fixed
// strides in device memory, for Device.SgemmStridedBatched: for i < Batch,
//
//	C_i = Alpha·op(A_i)·op(B_i) + Beta·C_i,  X_i at X + i·StrideX floats.
type StridedGemm struct {
	// TransA and TransB transpose the stored A and B: op(A) is A^T when
	// TransA, else A.
	TransA, TransB bool
	// M, N and K shape each product: op(A_i) is M×K, op(B_i) is K×N and
	// C_i is M×N. All must be at least 1.
	M, N, K int
	// Alpha scales the product and Beta the old C. With Beta 0, C is only
	// written: whatever it held (NaN included) does not matter.
	Alpha, Beta float32
	// A, B and C point at the first matrix of each batch.
	A, B, C DevicePtr
	// LDA, LDB and LDC are the row strides, in floats, of A, B and C as
	// stored (row-major): at least their column count, which is K for A
	// (M when TransA), N for B (K when TransB) and N for C. 0 means exactly
	// that count (dense rows).
	LDA, LDB, LDC int
	// StrideA, StrideB and StrideC are the distances in floats from one
	// matrix of the batch to the next, none negative. StrideA or StrideB 0
	// uses one A or B for every product. The C_i must not overlap: with
	// Batch > 1, StrideC is at least (M-1)·LDC + N.
	StrideA, StrideB, StrideC int64
	// Batch is the number of products, at least 1.
	Batch int
}

// colMajor checks g and returns, with dense leading dimensions filled in,
// the cuBLAS call that computes it.
func (g StridedGemm) colMajor() (colMajorGemm, error) {
	const maxInt32 = 1<<31 - 1
	for _, d := range []struct {
		name string
		v    int
	}{{"M", g.M}, {"N", g.N}, {"K", g.K}, {"Batch", g.Batch}} {
		if d.v < 1 || d.v > maxInt32 {
			return colMajorGemm{}, fmt.Errorf("cuda: SgemmStridedBatched with %s=%d; it must be between 1 and 2^31-1", d.name, d.v)
		}
	}
	if g.A == 0 || g.B == 0 || g.C == 0 {
		return colMajorGemm{}, fmt.Errorf("cuda: SgemmStridedBatched with a null pointer (A %#x, B %#x, C %#x); pass device memory from Alloc",
			uint64(g.A), uint64(g.B), uint64(g.C))
	}
	cols := func(trans bool, notT, t int) int {
		if trans {
			return t
		}
		return notT
	}
	lds := []struct {
		name, what string
		ld         *int
		cols       int
	}{
		{"LDA", "A", &g.LDA, cols(g.TransA, g.K, g.M)},
		{"LDB", "B", &g.LDB, cols(g.TransB, g.N, g.K)},
		{"LDC", "C", &g.LDC, g.N},
	}
	for _, l := range lds {
		if *l.ld == 0 {
			*l.ld = l.cols
		}
		if *l.ld < l.cols || *l.ld > maxInt32 {
			return colMajorGemm{}, fmt.Errorf("cuda: SgemmStridedBatched with %s=%d; %s as stored has %d columns per row, so %s must be between %d and 2^31-1 (or 0 for dense rows)",
				l.name, *l.ld, l.what, l.cols, l.name, l.cols)
		}
	}
	for _, s := range []struct {
		name string
		v    int64
	}{{"StrideA", g.StrideA}, {"StrideB", g.StrideB}, {"StrideC", g.StrideC}} {
		if s.v < 0 {
			return colMajorGemm{}, fmt.Errorf("cuda: SgemmStridedBatched with %s=%d; strides must not be negative", s.name, s.v)
		}
	}
	if span := int64(g.M-1)*int64(g.LDC) + int64(g.N); g.Batch > 1 && g.StrideC < span {
		return colMajorGemm{}, fmt.Errorf("cuda: SgemmStridedBatched with StrideC=%d; the %d C matrices of %d×%d (LDC %d) overlap unless StrideC is at least %d",
			g.StrideC, g.Batch, g.M, g.N, g.LDC, span)
	}
	// A row-major matrix read column-major is its transpose, so compute
	// C_i^T = op(B_i)^T·op(A_i)^T: cuBLAS's first operand is B, its second
	// A, and its m and n are our N and M (as in Sgemm).
	return colMajorGemm{
		transA: g.TransB, transB: g.TransA, m: g.N, n: g.M, k: g.K,
		alpha: g.Alpha, beta: g.Beta,
		a: g.B, lda: g.LDB, strideA: g.StrideB,
		b: g.A, ldb: g.LDA, strideB: g.StrideA,
		c: g.C, ldc: g.LDC, strideC: g.StrideC,
		batch: g.Batch,
	}, nil
}

// SgemmStridedBatched runs the Batch GEMMs g describes with one call of
// cuBLAS's cublasSgemmStridedBatched, on row-major float32 matrices (it
// swaps the operands for cuBLAS's column-major order, as Sgemm does). It
// checks the shapes, leading dimensions and strides first and says which is
// wrong; errors from cuBLAS carry its status name. It fails when cuBLAS did
// not load (Props().CublasErr says why). Like a launch it returns once the
// work is queued on the default stream, ordered with kernels and copies.
func (d *Device) SgemmStridedBatched(g StridedGemm) error {
	call, err := d.sgemmStridedCall(g)
	if err != nil {
		return err
	}
	return d.w.do(call)
}

// sgemmStridedCall checks g and returns the cuBLAS call that computes it,
// to run on the worker's thread.
func (d *Device) sgemmStridedCall(g StridedGemm) (func() error, error) {
	if d.props.CublasErr != nil {
		return nil, fmt.Errorf("cuda: SgemmStridedBatched needs cuBLAS: %w", d.props.CublasErr)
	}
	cm, err := g.colMajor()
	if err != nil {
		return nil, err
	}
	return func() error {
		if err := d.drv.sgemmStridedBatched(cm); err != nil {
			return err
		}
		return d.finished("cuBLAS SgemmStridedBatched")
	}, nil
}
