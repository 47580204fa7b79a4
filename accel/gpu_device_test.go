package accel

// GPU tests of the device layer under the backend: memory, errors and the
// kernel cache. They skip without a GPU, as gpu_test.go.

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/petridish-go/petridish/accel/cuda"
)

// TestGPUPoolNoLeak runs 10,000 alloc/free cycles on the device and checks
// the pool's accounting and the driver's free memory afterwards.
func TestGPUPoolNoLeak(t *testing.T) {
	g := cudaOrSkip(t)
	d := g.dev
	if err := d.TrimPool(); err != nil {
		t.Fatal(err)
	}
	before := d.PoolStats()
	free0, _, err := d.MemInfo()
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(13, 14))
	var live []cuda.DevicePtr
	for i := 0; i < 10000; i++ {
		if len(live) < 32 && (len(live) == 0 || r.IntN(2) == 0) {
			p, err := d.Alloc(uint64(1 + r.IntN(1<<r.IntN(22))))
			if err != nil {
				t.Fatal(err)
			}
			live = append(live, p)
		} else {
			j := r.IntN(len(live))
			if err := d.Free(live[j]); err != nil {
				t.Fatal(err)
			}
			live[j] = live[len(live)-1]
			live = live[:len(live)-1]
		}
	}
	for _, p := range live {
		if err := d.Free(p); err != nil {
			t.Fatal(err)
		}
	}
	st := d.PoolStats()
	if st.InUse != before.InUse || st.Cached > d.Props().TotalMem/4 {
		t.Fatalf("after 10,000 cycles: %v (before: %v)", st, before)
	}
	if err := d.TrimPool(); err != nil {
		t.Fatal(err)
	}
	free1, _, _ := d.MemInfo()
	// The driver hands out memory in 2 MiB pages; allow a few for its own
	// bookkeeping.
	if free1+8<<20 < free0 {
		t.Fatalf("device free memory fell from %d to %d bytes over alloc/free cycles", free0, free1)
	}
	t.Logf("pool after 10,000 cycles: %v; driver allocations %d; free memory %s -> %s",
		st, st.DriverAllocs-before.DriverAllocs, cuda.FormatBytes(free0), cuda.FormatBytes(free1))
}

// TestGPUErrors checks that NVRTC and driver failures reach Go with the
// library's names and the compile log.
func TestGPUErrors(t *testing.T) {
	g := cudaOrSkip(t)
	_, err := g.dev.Compile("broken.cu", []byte("extern \"C\" __global__ void k(int n) { undeclared_thing(n); }\n#error deliberately broken\n"))
	var e *cuda.Error
	if !errors.As(err, &e) || e.Name != "NVRTC_ERROR_COMPILATION" || !strings.Contains(err.Error(), "NVRTC log:") || !strings.Contains(err.Error(), "deliberately broken") {
		t.Fatalf("compiling a broken kernel = %v; want NVRTC_ERROR_COMPILATION with the log", err)
	}
	m, err := g.dev.Compile("ok.cu", []byte("extern \"C\" __global__ void present(int n) {}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Func("absent"); err == nil || !strings.Contains(err.Error(), "CUDA_ERROR_NOT_FOUND") {
		t.Fatalf("Func(absent) = %v, want CUDA_ERROR_NOT_FOUND", err)
	}
	if _, err := g.dev.Alloc(1 << 62); !errors.Is(err, cuda.ErrOutOfMemory) && (err == nil || !strings.Contains(err.Error(), "larger than any device")) {
		t.Fatalf("a 4 EiB allocation = %v, want an out-of-memory or size error", err)
	}
	if _, err := g.dev.Alloc(g.dev.Props().TotalMem * 2); !errors.Is(err, cuda.ErrOutOfMemory) {
		t.Fatalf("allocating twice the device's memory = %v, want ErrOutOfMemory (CUDA_ERROR_OUT_OF_MEMORY)", err)
	}
}

// TestGPUKernelCache compiles with a fresh cache directory on one Device,
// then loads the cached PTX on a second Device without NVRTC.
func TestGPUKernelCache(t *testing.T) {
	g := cudaOrSkip(t)
	dir := t.TempDir()
	src := []byte("extern \"C\" __global__ void cache_probe(int n, float* x) { if (threadIdx.x < n) x[threadIdx.x] = 2.0f; }\n")
	for round, wantHits := range []int{0, 1} {
		d, err := cuda.Open(cuda.Config{Ordinal: g.dev.Props().Ordinal, CacheDir: dir})
		if err != nil {
			t.Fatal(err)
		}
		m, err := d.Compile("cache_probe.cu", src)
		if err != nil {
			t.Fatal(err)
		}
		fn, err := m.Func("cache_probe")
		if err != nil {
			t.Fatal(err)
		}
		p, _ := d.Alloc(4 * 8)
		_ = d.Upload(p, make([]float32, 8))
		if err := d.Launch(fn, cuda.Dim3{X: 1, Y: 1, Z: 1}, cuda.Dim3{X: 8, Y: 1, Z: 1}, 0, cuda.Int32(5), cuda.Ptr(p)); err != nil {
			t.Fatal(err)
		}
		out := make([]float32, 8)
		if err := d.Download(out, p); err != nil {
			t.Fatal(err)
		}
		if out[4] != 2 || out[5] != 0 {
			t.Fatalf("round %d: kernel wrote %v", round, out)
		}
		_ = d.Free(p)
		st := d.KernelStats()
		if st.CacheHits != wantHits || st.Compiles != 1-wantHits {
			t.Fatalf("round %d: %+v, want %d cache hits", round, st, wantHits)
		}
		if err := d.Close(); err != nil {
			t.Fatal(err)
		}
	}
}
