package cuda

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// clangCUDA runs clang's CUDA front end on src (device side only, with
// testdata/cuda_prelude.h standing in for NVRTC's built-ins) and returns
// its diagnostics.
func clangCUDA(t *testing.T, clang, name string, src []byte) (string, error) {
	t.Helper()
	prelude, err := filepath.Abs("testdata/cuda_prelude.h")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, src, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(clang, "-x", "cuda", "--cuda-device-only", "-nocudainc", "-nocudalib",
		"--cuda-gpu-arch=sm_80", "-fsyntax-only", "-Wall", "-Werror", "-include", prelude, path).CombinedOutput()
	return string(out), err
}

// TestKernelsCompileAsCUDA checks every embedded kernel with clang's CUDA
// front end, which applies the rules of device code that the host
// emulation (accel/fakecuda, which compiles kernels as plain C++) cannot:
// no host functions or host-only library calls in device code, memory
// spaces, __global__ signatures. It needs clang (Debian's clang package;
// .ci/run installs it) and skips without it.
func TestKernelsCompileAsCUDA(t *testing.T) {
	clang, err := exec.LookPath("clang")
	if err != nil {
		if os.Getenv("PETRIDISH_REQUIRE_CLANG") != "" { // set by .ci/run, which installs clang
			t.Fatalf("clang is needed to check the CUDA kernels: %v", err)
		}
		t.Skip("no clang: cannot check the kernels as CUDA device code")
	}
	// The check must reject what NVRTC rejects: a device function calling a
	// host function (the kind of mistake the C++ emulation accepts).
	bad := []byte("float hostOnly();\nextern \"C\" __global__ void k(float* x) { x[0] = hostOnly(); }\n")
	if out, err := clangCUDA(t, clang, "bad.cu", bad); err == nil || !strings.Contains(out, "__host__") {
		t.Fatalf("clang accepted a kernel that calls a host function (err %v):\n%s", err, out)
	}
	for name, src := range KernelSources() {
		if out, err := clangCUDA(t, clang, name, src); err != nil {
			t.Errorf("%s does not compile as CUDA device code: %v\n%s", name, err, out)
		}
	}
}
