package accel

import (
	"os"
	"strings"
	"testing"

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
			"TestGPUUnrolledMLPScores", "TestGPUUnrolledMLPGradients", "TestGPUUnrolledMLPChunks", "TestGPUUnrolledMLPErrors",
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
