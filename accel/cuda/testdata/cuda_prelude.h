// What NVRTC declares before every program, for clang's CUDA front end
// (TestKernelsCompileAsCUDA): the memory-space attributes, the built-in
// thread indices and the device functions the kernels call. With
// -nocudainc clang declares nothing itself, so a kernel that calls a
// function NVRTC does not provide fails here too.
#define __device__ __attribute__((device))
#define __global__ __attribute__((global))
#define __shared__ __attribute__((shared))
#define __constant__ __attribute__((constant))
#define __host__ __attribute__((host))
#define __forceinline__ __inline__ __attribute__((always_inline))
#define __restrict__ __restrict
#include <__clang_cuda_builtin_vars.h>
extern "C" {
__device__ double exp(double);
__device__ float expf(float);
__device__ double log(double);
__device__ float logf(float);
__device__ double log1p(double);
__device__ double sqrt(double);
__device__ float sqrtf(float);
__device__ double fmax(double, double);
__device__ float fmaxf(float, float);
__device__ double fabs(double);
__device__ float fabsf(float);
__device__ void __syncthreads();
}
__device__ inline int max(int a, int b) { return a > b ? a : b; }
__device__ inline int min(int a, int b) { return a < b ? a : b; }
__device__ inline long long max(long long a, long long b) { return a > b ? a : b; }
__device__ inline long long min(long long a, long long b) { return a < b ? a : b; }
