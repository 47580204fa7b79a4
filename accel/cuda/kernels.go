package cuda

import (
	"embed"
	"fmt"
	"io/fs"
	"regexp"
	"sort"
)

// Names of the built-in kernels, for Device.Builtin.
const (
	// KernelSigmoidSlope is sigmoid_slope_f32(int n, float slope, const
	// float* x, float* y): y[i] = 1/(1+exp(-slope*x[i])). See
	// kernels/elementwise.cu.
	KernelSigmoidSlope = "sigmoid_slope_f32"
	// KernelGemmBatched is gemm_batched_f32(int batch, int m, int n, int k,
	// int transA, int transB, float alpha, const float* A, long long strideA,
	// const float* B, long long strideB, float beta, float* C, long long
	// strideC): row-major C_b = alpha*op(A_b)*op(B_b) + beta*C_b. See
	// kernels/gemm_batched.cu.
	KernelGemmBatched = "gemm_batched_f32"
	// KernelUnrolledMLPScore is unrolled_mlp_score_f64: one thread block per
	// sigmoid-slope MLP motif-network trains it through the unrolled Adam
	// inner loop in float64 and writes its validation loss. See
	// kernels/unrolled_mlp.cu for the arguments.
	KernelUnrolledMLPScore = "unrolled_mlp_score_f64"
	// KernelUnrolledMLPScoreGrad is unrolled_mlp_score_grad_f64: as
	// KernelUnrolledMLPScore, plus the gradient of each score with respect
	// to the training and validation inputs through the whole inner loop
	// (the adjoint over the stored trajectory). See kernels/unrolled_mlp.cu.
	KernelUnrolledMLPScoreGrad = "unrolled_mlp_score_grad_f64"
	// KernelOuterZMSE is outer_zmse_f64: one thread block computes the
	// z-scored MSE of a batch of dish scores against standardised
	// targets, its gradient with respect to each score, and the inputs'
	// sum of squares. See kernels/outer_step.cu.
	KernelOuterZMSE = "outer_zmse_f64"
	// KernelOuterReduceAdam is outer_reduce_adam_f64: the per-motif input
	// gradients summed with weights across motif-networks (in a fixed
	// order), plus the L2 gradient, and the outer Adam update of the
	// inputs. See kernels/outer_step.cu.
	KernelOuterReduceAdam = "outer_reduce_adam_f64"
)

//go:embed kernels/*.cu
var kernelFS embed.FS

// entryRE finds the kernels a .cu file defines. Every kernel is declared
// `extern "C" __global__ void name(` so that its name is not C++-mangled.
var entryRE = regexp.MustCompile(`extern\s+"C"\s+__global__\s+void\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(`)

// KernelNames returns the kernels a CUDA source defines with
// `extern "C" __global__ void name(`, in order of appearance.
func KernelNames(src []byte) []string {
	var names []string
	for _, m := range entryRE.FindAllSubmatch(src, -1) {
		names = append(names, string(m[1]))
	}
	return names
}

// kernelFiles maps each built-in kernel to the file that defines it.
var kernelFiles = func() map[string]string {
	files := map[string]string{}
	for name, src := range KernelSources() {
		for _, k := range KernelNames(src) {
			if prev, dup := files[k]; dup {
				panic(fmt.Sprintf("cuda: kernel %s defined in both %s and %s", k, prev, name))
			}
			files[k] = name
		}
	}
	return files
}()

// KernelSources returns the embedded .cu files by file name (for example
// "elementwise.cu"). They are what Device.Builtin compiles; tools and
// host-side tests read them here.
func KernelSources() map[string][]byte {
	out := map[string][]byte{}
	entries, err := fs.ReadDir(kernelFS, "kernels")
	if err != nil {
		panic(err) // the embedded directory always exists
	}
	for _, e := range entries {
		b, err := kernelFS.ReadFile("kernels/" + e.Name())
		if err != nil {
			panic(err)
		}
		out[e.Name()] = b
	}
	return out
}

// BuiltinKernels returns the names of all built-in kernels, sorted.
func BuiltinKernels() []string {
	names := make([]string, 0, len(kernelFiles))
	for k := range kernelFiles {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// builtinSource returns the file that defines kernel and its source.
func builtinSource(kernel string) (file string, src []byte, err error) {
	file, ok := kernelFiles[kernel]
	if !ok {
		return "", nil, fmt.Errorf("cuda: no built-in kernel %q; the built-in kernels are %v", kernel, BuiltinKernels())
	}
	src, err = kernelFS.ReadFile("kernels/" + file)
	return file, src, err
}
