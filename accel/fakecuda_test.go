package accel

import (
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/petridish-go/petridish/accel/cuda"
	"github.com/petridish-go/petridish/accel/fakecuda"
)

// TestFakeCUDA runs the GPU tests and the CUDA failure paths in child
// processes against host emulations of libcuda, libnvrtc and libcublas
// (package accel/fakecuda). This exercises, without a GPU, the real cgo
// driver layer (dlopen, versioned symbols, the locked context thread,
// kernel-parameter marshalling, NVRTC logs, the PTX cache, cuBLAS's
// column-major calls, plain and strided-batched) and the real embedded .cu
// kernels, compiled as C++. Without cuBLAS, GEMMs and the classifier
// trainer must fall back to the built-in kernels.
func TestFakeCUDA(t *testing.T) {
	dir := fakecuda.BuildForTest(t)
	run := func(t *testing.T, pattern string, env ...string) string {
		t.Helper()
		out, err := fakecuda.RunTests(dir, pattern, env...)
		if err != nil {
			t.Fatalf("child %s failed: %v\n%s", pattern, err, out)
		}
		return out
	}
	t.Run("GPU tests", func(t *testing.T) {
		out := run(t, "^TestGPU")
		for _, name := range []string{"TestGPUGemm", "TestGPUGemmBatched", "TestGPUGemmBetaZeroIgnoresC",
			"TestGPUSigmoidSlope", "TestGPUSigmoidGridStride", "TestGPUPoolNoLeak", "TestGPUErrors", "TestGPUKernelCache",
			"TestGPUUnrolledMLPScores", "TestGPUUnrolledMLPGradients", "TestGPUUnrolledMLPChunks", "TestGPUUnrolledMLPPacked", "TestGPUUnrolledMLPErrors",
			"TestGPUOuterMLPSteps", "TestGPUOuterMLPErrors", "TestGPUOuterMLPNoLeak",
			"TestGPUSgemmStridedBatched",
			"TestGPUClassifierTrain", "TestGPUClassifierTrain/cublas", "TestGPUClassifierTrain/kernels",
			"TestGPUClassifierStepsAndReset/cublas", "TestGPUClassifierStepsAndReset/kernels",
			"TestGPUClassifierPaths", "TestGPUClassifierDescribe", "TestGPUClassifierErrors", "TestGPUClassifierTimings"} {
			if !strings.Contains(out, "--- PASS: "+name+" ") {
				t.Errorf("%s did not pass on the emulated device", name)
			}
		}
		if !strings.Contains(out, "Fake CUDA device 0 (host emulation)") || !strings.Contains(out, "cuBLAS true") {
			t.Errorf("the child did not run on the emulated device with cuBLAS")
		}
		if t.Failed() {
			t.Log(out)
		}
	})
	t.Run("without cuBLAS", func(t *testing.T) {
		out := run(t, "^(TestGPUGemm|TestGPUClassifierTrain|TestGPUClassifierDescribe)$", "PETRI_CUBLAS=/nonexistent/libcublas.so.13")
		if !strings.Contains(out, "--- PASS: TestGPUGemm ") || !strings.Contains(out, "cuBLAS false") ||
			!strings.Contains(out, "no cuBLAS (libcublas not found (tried /nonexistent/libcublas.so.13; set PETRI_CUBLAS") {
			t.Errorf("Gemm did not fall back to the built-in kernel:\n%s", out)
		}
		// The classifier trainer falls back to its kernels and says why.
		if !strings.Contains(out, "--- PASS: TestGPUClassifierTrain/kernels ") || !strings.Contains(out, "--- SKIP: TestGPUClassifierTrain/cublas ") ||
			!strings.Contains(out, "--- PASS: TestGPUClassifierDescribe ") ||
			!strings.Contains(out, "GEMMs on the built-in kernels (no cuBLAS: libcublas not found") {
			t.Errorf("the classifier trainer did not fall back to the built-in kernels:\n%s", out)
		}
	})
	// Again with a GPU's rounding (FMA contraction, CUDA's ulps for exp
	// and log): the tolerances of the numerical tests must hold for a
	// device that rounds differently from the host, as a real one does.
	t.Run("with a GPU's rounding", func(t *testing.T) {
		env, err := fakecuda.GPURounding(dir)
		if err != nil {
			t.Skip(err)
		}
		numeric := []string{"TestGPUGemm", "TestGPUGemmBatched", "TestGPUSigmoidSlope", "TestGPUSigmoidGridStride",
			"TestGPUUnrolledMLPScores", "TestGPUUnrolledMLPGradients", "TestGPUUnrolledMLPChunks", "TestGPUUnrolledMLPPacked", "TestGPUOuterMLPSteps",
			"TestGPUSgemmStridedBatched", "TestGPUClassifierTrain", "TestGPUClassifierStepsAndReset", "TestGPUClassifierPaths",
			"TestFakeCUDARoundingChild"}
		out := run(t, "^("+strings.Join(numeric, "|")+")$", env...)
		for _, name := range numeric {
			if !strings.Contains(out, "--- PASS: "+name+" ") {
				t.Errorf("%s did not pass with a GPU's rounding", name)
			}
		}
		if t.Failed() {
			t.Log(out)
		}
	})
	// PETRI_CUDA_SYNC=1: every launch and GEMM waits for the device, and
	// the results are the same.
	t.Run("synchronous launches", func(t *testing.T) {
		out := run(t, "^(TestGPUUnrolledMLPScores|TestGPUOuterMLPSteps|TestGPUClassifierTrain|TestGPUClassifierTimings)$", cuda.EnvSync+"=1")
		for _, want := range []string{"--- PASS: TestGPUUnrolledMLPScores ", "--- PASS: TestGPUOuterMLPSteps ", "--- PASS: TestGPUClassifierTrain ",
			"waits for every kernel (PETRI_CUDA_SYNC=1, for debugging)"} {
			if !strings.Contains(out, want) {
				t.Errorf("with %s=1 the output lacks %q:\n%s", cuda.EnvSync, want, out)
			}
		}
	})
	// The probe of the rounding itself, with the host's.
	t.Run("with the host's rounding", func(t *testing.T) {
		if out := run(t, "^TestFakeCUDARoundingChild$"); !strings.Contains(out, "--- PASS: TestFakeCUDARoundingChild ") {
			t.Errorf("the rounding probe did not pass:\n%s", out)
		}
	})
	for _, mode := range []string{"nodevice", "nonvrtc"} {
		t.Run(mode, func(t *testing.T) {
			out := run(t, "^TestFakeCUDAChild$", "FAKECUDA_MODE="+mode, "FAKECUDA_DEVICES=0", "PETRI_NVRTC=/nonexistent/libnvrtc.so.13")
			if !strings.Contains(out, "--- PASS: TestFakeCUDAChild ") {
				t.Errorf("child did not pass:\n%s", out)
			}
		})
	}
}

// TestFakeCUDAChild checks the errors of a machine with a driver but no
// device, or no NVRTC; TestFakeCUDA runs it with the fakes loaded.
func TestFakeCUDAChild(t *testing.T) {
	mode := os.Getenv("FAKECUDA_MODE")
	if mode == "" {
		t.Skip("runs only as a child of TestFakeCUDA")
	}
	if mode == "nonvrtc" {
		os.Setenv("FAKECUDA_DEVICES", "1") // read by the fake driver at cuInit
	}
	want := map[string][]string{
		"nodevice": {"no CUDA device: the NVIDIA driver loaded but sees no GPU", "CUDA_ERROR_NO_DEVICE", "no CUDA-capable device is detected", "set PETRI_DEVICE=cpu or auto"},
		"nonvrtc":  {"PETRI_NVRTC=/nonexistent/libnvrtc.so.13 cannot be loaded", "point it at libnvrtc.so.13 or unset it", "set PETRI_DEVICE=cpu or auto"},
	}[mode]
	_, err := Select("cuda")
	if err == nil {
		t.Fatal("Select(cuda) succeeded")
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("Select(cuda) error %q lacks %q", err, w)
		}
	}
	if b, err := Select("auto"); err != nil || b.Name() != "cpu" {
		t.Errorf("Select(auto) = %v, %v; want the cpu fallback", b, err)
	}
	t.Log(err)
}

// roundingProbe computes, per element, a*b+c (which a GPU's compiler
// contracts into one fused multiply-add) and exp(a), expf(a).
const roundingProbe = `extern "C" __global__ void rounding_probe(const double* a, const double* b, const double* c,
                                                 double* mad, double* e, float* ef, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        mad[i] = a[i] * b[i] + c[i];
        e[i] = exp(a[i]);
        ef[i] = expf((float)a[i]);
    }
}
`

// TestFakeCUDARoundingChild checks that the emulation rounds as it says:
// with the host's rounding, a*b+c is rounded twice and exp agrees with
// Go's math.Exp (both within an ulp of the exact value, so within one of
// each other, and nearly always equal); with a GPU's rounding
// (FAKECUDA_ROUNDING=gpu, see fakecuda.GPURounding), a*b+c is one fused
// multiply-add, and exp and expf are moved by up to 1 and 2 ulps, so most
// results differ from Go's. TestFakeCUDA runs it in both modes.
func TestFakeCUDARoundingChild(t *testing.T) {
	if os.Getenv("FAKECUDA_DIR") == "" {
		t.Skip("runs only as a child of TestFakeCUDA")
	}
	gpu := os.Getenv("FAKECUDA_ROUNDING") == "gpu"
	dev := cudaOrSkip(t).Device()
	const n = 2000
	r := rand.New(rand.NewPCG(7, 8))
	a, b, c := make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range a {
		a[i], b[i], c[i] = 20*r.Float64()-10, r.NormFloat64(), r.NormFloat64()
	}
	mod, err := dev.Compile("rounding_probe.cu", []byte(roundingProbe))
	if err != nil {
		t.Fatal(err)
	}
	fn, err := mod.Func("rounding_probe")
	if err != nil {
		t.Fatal(err)
	}
	ptrs := make([]cuda.DevicePtr, 6)
	for i := range ptrs {
		if ptrs[i], err = dev.Alloc(8 * n); err != nil {
			t.Fatal(err)
		}
		defer dev.Free(ptrs[i])
	}
	for i, x := range [][]float64{a, b, c} {
		if err := dev.UploadFloat64(ptrs[i], x); err != nil {
			t.Fatal(err)
		}
	}
	if err := dev.Launch(fn, cuda.Dim3{X: (n + 127) / 128, Y: 1, Z: 1}, cuda.Dim3{X: 128, Y: 1, Z: 1}, 0,
		cuda.Ptr(ptrs[0]), cuda.Ptr(ptrs[1]), cuda.Ptr(ptrs[2]), cuda.Ptr(ptrs[3]), cuda.Ptr(ptrs[4]), cuda.Ptr(ptrs[5]), cuda.Int32(n)); err != nil {
		t.Fatal(err)
	}
	mad, e, ef := make([]float64, n), make([]float64, n), make([]float32, n)
	if err := dev.DownloadFloat64(mad, ptrs[3]); err != nil {
		t.Fatal(err)
	}
	if err := dev.DownloadFloat64(e, ptrs[4]); err != nil {
		t.Fatal(err)
	}
	if err := dev.Download(ef, ptrs[5]); err != nil {
		t.Fatal(err)
	}
	ulps := func(x, y float64) int64 {
		return max(int64(math.Float64bits(x)-math.Float64bits(y)), int64(math.Float64bits(y)-math.Float64bits(x)))
	}
	ulps32 := func(x, y float32) int64 {
		return max(int64(math.Float32bits(x))-int64(math.Float32bits(y)), int64(math.Float32bits(y))-int64(math.Float32bits(x)))
	}
	fused, badMad, expOff, expfOff := 0, 0, 0, 0
	for i := range a {
		twice, once := float64(a[i]*b[i])+c[i], math.FMA(a[i], b[i], c[i])
		if twice != once {
			fused++
		}
		if want := map[bool]float64{false: twice, true: once}[gpu]; mad[i] != want {
			badMad++
		}
		if d := ulps(e[i], math.Exp(a[i])); d > 2 {
			t.Fatalf("exp(%v) = %v, Go's %v: %d ulps apart", a[i], e[i], math.Exp(a[i]), d)
		} else if d > 0 {
			expOff++
		}
		want32 := float32(math.Exp(float64(float32(a[i])))) // expf's correctly rounded value but for double rounding
		if d := ulps32(ef[i], want32); d > 3 {
			t.Fatalf("expf(%v) = %v, want about %v: %d ulps apart", float32(a[i]), ef[i], want32, d)
		} else if d > 0 {
			expfOff++
		}
	}
	t.Logf("GPU rounding %v: a*b+c fused differs from twice rounded on %d of %d; the kernel's a*b+c wrong on %d; exp off Go's on %d, expf off on %d",
		gpu, fused, n, badMad, expOff, expfOff)
	if fused < n/10 {
		t.Fatalf("only %d of %d inputs tell a fused multiply-add from two roundings", fused, n)
	}
	if badMad != 0 {
		t.Errorf("the kernel's a*b+c differs on %d of %d inputs from the %s", badMad, n, map[bool]string{false: "twice-rounded value (host rounding)", true: "fused multiply-add (GPU rounding)"}[gpu])
	}
	if gpu && (expOff < n/2 || expfOff < n/2) {
		t.Errorf("with a GPU's rounding only %d exp and %d expf results of %d differ from the correctly rounded ones", expOff, expfOff, n)
	}
	if !gpu && (expOff > n/4 || expfOff > n/20) { // glibc's exp and Go's differ by an ulp on some 12% of these
		t.Errorf("with the host's rounding %d exp and %d expf results of %d differ from Go's", expOff, expfOff, n)
	}
}
