package cuda

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"unsafe"
)

// fakeDriver is the driver interface in Go memory, for testing Device without
// a GPU. Compiling "produces PTX" listing the source's kernels; sgemm is a
// column-major reference on fake memory; launches are recorded. Every call
// checks that it runs on the OS thread open ran on, as a CUDA context
// requires.
type fakeDriver struct {
	openErr   error
	props     Props
	thread    int
	offThread []string // calls made off the context's thread

	fa       *fakeAllocator
	mem      map[DevicePtr][]byte
	compiles int
	loads    int
	launches []fakeLaunch
	failAt   int   // with n > 0, the n-th launch fails with CUDA_ERROR_LAUNCH_FAILED
	syncErr  error // what synchronize returns (a fault of a kernel already queued)
	syncs    int
	strided  []colMajorGemm // sgemmStridedBatched calls
	closed   bool
}

type fakeLaunch struct {
	fn          string
	grid, block Dim3
	args        []Arg
}

func newFakeDriver() *fakeDriver {
	return &fakeDriver{
		props: Props{Name: "fake", Major: 9, Minor: 0, SMs: 4, TotalMem: 1 << 30, DriverVersion: 13000, NVRTCVersion: "13.0"},
		fa:    newFakeAllocator(1 << 30),
		mem:   map[DevicePtr][]byte{},
	}
}

func (f *fakeDriver) check(call string) {
	if id := threadID(); id != f.thread {
		f.offThread = append(f.offThread, call)
	}
}

func (f *fakeDriver) open(int) (Props, error) {
	f.thread = threadID()
	return f.props, f.openErr
}

func (f *fakeDriver) close() error { f.check("close"); f.closed = true; return nil }

func (f *fakeDriver) memAlloc(n uint64) (DevicePtr, error) {
	f.check("memAlloc")
	p, err := f.fa.Alloc(n)
	if err == nil {
		f.mem[p] = make([]byte, n)
	}
	return p, err
}

func (f *fakeDriver) memFree(p DevicePtr) error {
	f.check("memFree")
	delete(f.mem, p)
	return f.fa.Free(p)
}

// span returns n bytes of fake memory at p, which may point inside a block.
func (f *fakeDriver) span(p DevicePtr, n int) ([]byte, error) {
	for base, b := range f.mem {
		if p >= base && uint64(p-base)+uint64(n) <= uint64(len(b)) {
			return b[p-base : int(p-base)+n], nil
		}
	}
	return nil, &Error{Call: "fake memcpy", Code: 1, Name: "CUDA_ERROR_INVALID_VALUE", Detail: fmt.Sprintf("%d bytes at %#x", n, uint64(p))}
}

func (f *fakeDriver) htod(dst DevicePtr, src []byte) error {
	f.check("htod")
	b, err := f.span(dst, len(src))
	if err == nil {
		copy(b, src)
	}
	return err
}

func (f *fakeDriver) dtoh(dst []byte, src DevicePtr) error {
	f.check("dtoh")
	b, err := f.span(src, len(dst))
	if err == nil {
		copy(dst, b)
	}
	return err
}

func (f *fakeDriver) memInfo() (uint64, uint64, error) {
	f.check("memInfo")
	return f.fa.capacity - f.fa.bytes, f.fa.capacity, nil
}

func (f *fakeDriver) compile(src []byte, name string, opts []string) ([]byte, error) {
	f.check("compile")
	f.compiles++
	if i := bytes.Index(src, []byte("#error")); i >= 0 {
		return nil, &Error{Call: "nvrtcCompileProgram", Code: 6, Name: "NVRTC_ERROR_COMPILATION",
			Log: fmt.Sprintf("%s(1): error: %s", name, strings.SplitN(string(src[i:]), "\n", 2)[0])}
	}
	ptx := "// fake PTX " + strings.Join(opts, " ") + "\n"
	for _, k := range KernelNames(src) {
		ptx += ".entry " + k + "\n"
	}
	return []byte(ptx), nil
}

func (f *fakeDriver) loadModule(ptx []byte) (any, error) {
	f.check("loadModule")
	if !bytes.HasPrefix(ptx, []byte("// fake PTX")) {
		return nil, &Error{Call: "cuModuleLoadData", Code: 218, Name: "CUDA_ERROR_INVALID_PTX"}
	}
	f.loads++
	return string(ptx), nil
}

func (f *fakeDriver) unloadModule(any) error { f.check("unloadModule"); return nil }

func (f *fakeDriver) function(mod any, name string) (any, error) {
	f.check("function")
	if !strings.Contains(mod.(string), ".entry "+name+"\n") {
		return nil, &Error{Call: "cuModuleGetFunction", Code: 500, Name: "CUDA_ERROR_NOT_FOUND", Detail: name}
	}
	return name, nil
}

func (f *fakeDriver) launch(fn any, grid, block Dim3, _ uint32, args []Arg) error {
	f.check("launch")
	if f.failAt > 0 && len(f.launches)+1 == f.failAt {
		f.failAt = 0
		return &Error{Call: "cuLaunchKernel", Code: 719, Name: "CUDA_ERROR_LAUNCH_FAILED"}
	}
	f.launches = append(f.launches, fakeLaunch{fn.(string), grid, block, append([]Arg(nil), args...)})
	return nil
}

func (f *fakeDriver) synchronize() error { f.check("synchronize"); f.syncs++; return f.syncErr }

// sgemm is column-major BLAS sgemm on fake memory.
func (f *fakeDriver) sgemm(ta, tb bool, m, n, k int, alpha float32, a DevicePtr, lda int,
	b DevicePtr, ldb int, beta float32, c DevicePtr, ldc int) error {
	f.check("sgemm")
	rows := func(t bool, r, c int) int { // stored rows of op(X) with op(X) r×c
		if t {
			return c
		}
		return r
	}
	cols := func(t bool, r, c int) int {
		if t {
			return r
		}
		return c
	}
	A, err := f.floats(a, lda*(cols(ta, m, k)-1)+rows(ta, m, k))
	if err != nil {
		return err
	}
	B, err := f.floats(b, ldb*(cols(tb, k, n)-1)+rows(tb, k, n))
	if err != nil {
		return err
	}
	C, err := f.floats(c, ldc*(n-1)+m)
	if err != nil {
		return err
	}
	at := func(X []float32, ld int, t bool, i, j int) float32 {
		if t {
			return X[j+i*ld]
		}
		return X[i+j*ld]
	}
	for j := 0; j < n; j++ {
		for i := 0; i < m; i++ {
			var s float32
			for p := 0; p < k; p++ {
				s += at(A, lda, ta, i, p) * at(B, ldb, tb, p, j)
			}
			if beta == 0 { // as cuBLAS: C is not read
				C[i+j*ldc] = alpha * s
			} else {
				C[i+j*ldc] = alpha*s + beta*C[i+j*ldc]
			}
		}
	}
	return nil
}

// sgemmStridedBatched is sgemm on each matrix of the batch; calls records
// what it was asked.
func (f *fakeDriver) sgemmStridedBatched(g colMajorGemm) error {
	f.check("sgemmStridedBatched")
	f.strided = append(f.strided, g)
	for i := 0; i < g.batch; i++ {
		at := func(p DevicePtr, stride int64) DevicePtr { return p + DevicePtr(4*int64(i)*stride) }
		err := f.sgemm(g.transA, g.transB, g.m, g.n, g.k, g.alpha, at(g.a, g.strideA), g.lda,
			at(g.b, g.strideB), g.ldb, g.beta, at(g.c, g.strideC), g.ldc)
		if err != nil {
			return err
		}
	}
	return nil
}

func (f *fakeDriver) floats(p DevicePtr, n int) ([]float32, error) {
	b, err := f.span(p, 4*n)
	if err != nil {
		return nil, err
	}
	return unsafe.Slice((*float32)(unsafe.Pointer(&b[0])), n), nil
}

// near reports whether float32 results agree to float32 rounding.
func near(a, b float32) bool {
	return math.Abs(float64(a-b)) <= 1e-5*(1+math.Abs(float64(b)))
}
