package cuda

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func openFake(t *testing.T, cfg Config) (*Device, *fakeDriver) {
	t.Helper()
	f := newFakeDriver()
	d, err := openWith(f, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if len(f.offThread) > 0 {
			t.Errorf("driver calls off the context's OS thread: %v", f.offThread)
		}
	})
	return d, f
}

func TestDeviceOpenError(t *testing.T) {
	f := newFakeDriver()
	f.openErr = &UnavailableError{Missing: "libcuda.so.1", Reason: "libcuda.so.1 not found: no NVIDIA driver on this machine"}
	_, err := openWith(f, Config{})
	if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "libcuda.so.1 not found") {
		t.Fatalf("open error = %v, want the driver's UnavailableError", err)
	}
}

// TestDeviceMemory runs copies and 10,000 alloc/free cycles through a Device
// and checks that nothing leaks on the driver.
func TestDeviceMemory(t *testing.T) {
	d, f := openFake(t, Config{NoCache: true, MaxCached: 1 << 16})
	if d.pool.MaxCached() != 1<<16 {
		t.Fatalf("MaxCached = %d, want the configured 65536", d.pool.MaxCached())
	}
	p, err := d.Alloc(4 * 5)
	if err != nil {
		t.Fatal(err)
	}
	in := []float32{1, -2, 3.5, 4, 1e-7}
	if err := d.Upload(p, in); err != nil {
		t.Fatal(err)
	}
	out := make([]float32, 5)
	if err := d.Download(out, p); err != nil {
		t.Fatal(err)
	}
	for i := range in {
		if in[i] != out[i] {
			t.Fatalf("round trip: got %v, want %v", out, in)
		}
	}
	if err := d.Download(make([]float32, 1000), p); err == nil || !strings.Contains(err.Error(), "CUDA_ERROR_INVALID_VALUE") {
		t.Fatalf("download past the block = %v, want the driver's CUDA_ERROR_INVALID_VALUE", err)
	}
	if err := d.Free(p); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 10000; i++ {
		p, err := d.Alloc(uint64(1 + (i*7919)%100000))
		if err != nil {
			t.Fatal(err)
		}
		if err := d.Free(p); err != nil {
			t.Fatal(err)
		}
	}
	st := d.PoolStats()
	if st.InUse != 0 || st.Cached > 1<<16 || st.Reserved() != f.fa.bytes {
		t.Fatalf("after 10,000 cycles: %+v with %d bytes on the driver", st, f.fa.bytes)
	}
	if free, total, _ := d.MemInfo(); total-free != st.Cached {
		t.Fatalf("MemInfo says %d bytes used, the pool caches %d", total-free, st.Cached)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	if f.fa.bytes != 0 || !f.closed {
		t.Fatalf("after Close the driver holds %d bytes (closed %v)", f.fa.bytes, f.closed)
	}
	if _, err := d.Alloc(1); !errors.Is(err, ErrClosed) {
		t.Fatalf("Alloc after Close = %v, want ErrClosed", err)
	}
}

func TestDeviceCloseReportsLeak(t *testing.T) {
	d, f := openFake(t, Config{NoCache: true})
	if _, err := d.Alloc(100); err != nil {
		t.Fatal(err)
	}
	if err := d.Close(); err == nil || !strings.Contains(err.Error(), "still in use") {
		t.Fatalf("Close with a live block = %v, want a leak report", err)
	}
	if f.fa.bytes != 0 {
		t.Fatal("Close did not free the leaked block")
	}
}

// TestCompileCache checks the on-disk PTX cache: a first Device compiles and
// writes <dir>/<key>.ptx, a second loads it without NVRTC, and a damaged
// entry is recompiled and rewritten.
func TestCompileCache(t *testing.T) {
	dir := t.TempDir()
	src := []byte(`extern "C" __global__ void k1(int n) {}` + "\n" + `extern "C" __global__ void k2(float* x) {}`)
	d1, f1 := openFake(t, Config{CacheDir: dir})
	m, err := d1.Compile("test.cu", src)
	if err != nil {
		t.Fatal(err)
	}
	if m2, _ := d1.Compile("again.cu", src); m2 != m || f1.compiles != 1 {
		t.Fatalf("a second Compile of the same source recompiled (compiles %d)", f1.compiles)
	}
	key := CacheKey(src, "compute_90", "13.0", []string{"--gpu-architecture=compute_90"})
	path := CachePath(dir, key)
	ptx, err := os.ReadFile(path)
	if err != nil || !strings.Contains(string(ptx), "--gpu-architecture=compute_90") {
		t.Fatalf("cache file %s: %v %q", path, err, ptx)
	}
	if _, err := m.Func("k2"); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Func("k3"); err == nil || !strings.Contains(err.Error(), "CUDA_ERROR_NOT_FOUND") || !strings.Contains(err.Error(), "k3") {
		t.Fatalf("Func(k3) = %v, want CUDA_ERROR_NOT_FOUND naming k3", err)
	}
	_ = d1.Close()

	d2, f2 := openFake(t, Config{CacheDir: dir})
	if _, err := d2.Compile("test.cu", src); err != nil {
		t.Fatal(err)
	}
	if st := d2.KernelStats(); f2.compiles != 0 || st.CacheHits != 1 || st.CacheDir != dir {
		t.Fatalf("second device: compiles %d, stats %+v; want a cache hit", f2.compiles, st)
	}
	_ = d2.Close()

	if err := os.WriteFile(path, []byte("garbage"), 0o644); err != nil {
		t.Fatal(err)
	}
	d3, f3 := openFake(t, Config{CacheDir: dir})
	if _, err := d3.Compile("test.cu", src); err != nil {
		t.Fatalf("a damaged cache entry was not recompiled: %v", err)
	}
	if f3.compiles != 1 {
		t.Fatalf("compiles = %d after a damaged entry, want 1", f3.compiles)
	}
	if b, _ := os.ReadFile(path); string(b) == "garbage" {
		t.Fatal("the damaged entry was not rewritten")
	}
	_ = d3.Close()
}

func TestCompileCacheUnwritable(t *testing.T) {
	file := filepath.Join(t.TempDir(), "not-a-dir")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	d, _ := openFake(t, Config{CacheDir: filepath.Join(file, "cuda")})
	defer d.Close()
	if _, err := d.Compile("x.cu", []byte(`extern "C" __global__ void k(int n) {}`)); err != nil {
		t.Fatalf("an unwritable cache stopped compilation: %v", err)
	}
	if st := d.KernelStats(); st.CacheErr == nil || st.Compiles != 1 {
		t.Fatalf("stats %+v: want the cache write error recorded", st)
	}
}

func TestCompileErrorCarriesLog(t *testing.T) {
	d, _ := openFake(t, Config{NoCache: true})
	defer d.Close()
	_, err := d.Compile("bad.cu", []byte("#error this kernel is broken\n"))
	var e *Error
	if !errors.As(err, &e) || e.Name != "NVRTC_ERROR_COMPILATION" {
		t.Fatalf("Compile of a bad source = %v, want an NVRTC_ERROR_COMPILATION *Error", err)
	}
	for _, want := range []string{"bad.cu", "compute_90", "NVRTC_ERROR_COMPILATION", "NVRTC log:", "this kernel is broken"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
}

func TestBuiltinAndLaunch(t *testing.T) {
	d, f := openFake(t, Config{NoCache: true})
	defer d.Close()
	fn, err := d.Builtin(KernelSigmoidSlope)
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := d.Builtin(KernelSigmoidSlope); again != fn || f.compiles != 1 {
		t.Fatal("Builtin compiled twice")
	}
	if _, err := d.Builtin("nope"); err == nil || !strings.Contains(err.Error(), KernelGemmBatched) {
		t.Fatalf("Builtin(nope) = %v, want an error listing the built-in kernels", err)
	}
	err = d.Launch(fn, Dim3{4, 1, 1}, Dim3{256, 1, 1}, 0, Int32(1000), Float32(2), Ptr(0x1000), Ptr(0x2000))
	if err != nil {
		t.Fatal(err)
	}
	l := f.launches[0]
	if l.fn != KernelSigmoidSlope || l.grid.X != 4 || len(l.args) != 4 || l.args[0] != Int32(1000) || l.args[3] != Ptr(0x2000) {
		t.Fatalf("recorded launch %+v", l)
	}
	for _, bad := range []struct{ grid, block Dim3 }{{Dim3{0, 1, 1}, Dim3{1, 1, 1}}, {Dim3{1, 1, 1}, Dim3{64, 32, 1}}} {
		if err := d.Launch(fn, bad.grid, bad.block, 0); err == nil {
			t.Errorf("Launch with grid %v block %v succeeded", bad.grid, bad.block)
		}
	}
	other, _ := openFake(t, Config{NoCache: true})
	defer other.Close()
	if err := other.Launch(fn, Dim3{1, 1, 1}, Dim3{1, 1, 1}, 0); err == nil {
		t.Error("Launch of another device's kernel succeeded")
	}
}

// TestSgemmRowMajor checks the row-major to column-major mapping of Sgemm
// against a row-major triple loop, for every transpose combination.
func TestSgemmRowMajor(t *testing.T) {
	d, _ := openFake(t, Config{NoCache: true})
	defer d.Close()
	const m, n, k = 3, 4, 5
	a := make([]float32, m*k)
	b := make([]float32, k*n)
	c0 := make([]float32, m*n)
	for i := range a {
		a[i] = float32(i%7) - 3
	}
	for i := range b {
		b[i] = float32(i%5)*0.5 - 1
	}
	for i := range c0 {
		c0[i] = float32(i)
	}
	for _, ta := range []bool{false, true} {
		for _, tb := range []bool{false, true} {
			opA := func(i, p int) float32 {
				if ta {
					return a[p*m+i]
				}
				return a[i*k+p]
			}
			opB := func(p, j int) float32 {
				if tb {
					return b[j*k+p]
				}
				return b[p*n+j]
			}
			pa, _ := d.Alloc(4 * m * k)
			pb, _ := d.Alloc(4 * k * n)
			pc, _ := d.Alloc(4 * m * n)
			_ = d.Upload(pa, a)
			_ = d.Upload(pb, b)
			_ = d.Upload(pc, c0)
			if err := d.Sgemm(ta, tb, m, n, k, 2, pa, pb, 0.5, pc); err != nil {
				t.Fatal(err)
			}
			got := make([]float32, m*n)
			_ = d.Download(got, pc)
			for i := 0; i < m; i++ {
				for j := 0; j < n; j++ {
					var s float32
					for p := 0; p < k; p++ {
						s += opA(i, p) * opB(p, j)
					}
					if want := 2*s + 0.5*c0[i*n+j]; !near(got[i*n+j], want) {
						t.Fatalf("transA=%v transB=%v: C[%d][%d] = %v, want %v", ta, tb, i, j, got[i*n+j], want)
					}
				}
			}
			for _, p := range []DevicePtr{pa, pb, pc} {
				_ = d.Free(p)
			}
		}
	}
	d.props.CublasErr = errors.New("libcublas not found")
	if err := d.Sgemm(false, false, 1, 1, 1, 1, 0, 0, 0, 0); err == nil || !strings.Contains(err.Error(), "libcublas not found") {
		t.Fatalf("Sgemm without cuBLAS = %v, want the load error", err)
	}
}
