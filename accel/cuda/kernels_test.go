package cuda

import (
	"slices"
	"testing"
)

func TestKernelNames(t *testing.T) {
	src := []byte("extern \"C\" __global__ void a_1(int n)\n{}\n__device__ float helper(float x);\nextern  \"C\"\n__global__ void b (float* x) {}")
	if got := KernelNames(src); !slices.Equal(got, []string{"a_1", "b"}) {
		t.Fatalf("KernelNames = %v", got)
	}
}

// TestBuiltinKernels checks that every kernel the Go side launches is
// defined in the embedded sources, each in exactly one file.
func TestBuiltinKernels(t *testing.T) {
	got := BuiltinKernels()
	for _, k := range []string{KernelSigmoidSlope, KernelGemmBatched, KernelUnrolledMLPScore, KernelUnrolledMLPScoreGrad,
		KernelOuterZMSE, KernelOuterReduceAdam} {
		if !slices.Contains(got, k) {
			t.Errorf("kernel %s is not defined in kernels/*.cu (found %v)", k, got)
		}
		file, src, err := builtinSource(k)
		if err != nil || len(src) == 0 || file == "" {
			t.Errorf("builtinSource(%s): %q %d bytes, %v", k, file, len(src), err)
		}
	}
	srcs := KernelSources()
	if len(srcs) < 3 {
		t.Errorf("KernelSources has %d files, want at least 3", len(srcs))
	}
	for name, src := range srcs {
		if len(KernelNames(src)) == 0 {
			t.Errorf("%s defines no extern \"C\" __global__ kernel", name)
		}
	}
}
