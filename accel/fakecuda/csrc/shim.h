// Host emulation of the CUDA C++ built-ins the petridish kernels use, so a
// .cu file compiles as ordinary C++ and its kernels run on the CPU.
//
// The fake driver (libcuda.cpp) runs a launch's blocks one after another
// and the threads of each block concurrently, one host thread per thread
// of the block, calling fakecuda_launch_<kernel> (written by the fake
// NVRTC) for each; so threadIdx, blockIdx, blockDim and gridDim are
// thread_local. Cooperation within a block works as on a GPU:
//
//   - __syncthreads() is a real barrier across the block's threads (the
//     driver's). Every thread must reach every __syncthreads; one that
//     returns early while others still synchronise aborts the process.
//   - __shared__ variables are function-level statics, so all threads of
//     the block see the same object. Blocks run one at a time, so the next
//     block reuses them; the driver fills them (the "fakecuda_shared"
//     section) with 0xff bytes, NaN as doubles, before every block, since
//     CUDA promises no initial value: a kernel must write shared memory
//     before reading it.
//   - A module that does neither (no __shared__, no __syncthreads) has
//     independent threads; the driver then lets each host thread run its
//     thread of every block without waiting for the others between blocks
//     (its threads still run concurrently).
//   - extern __shared__ T name[] (dynamic shared memory, sized by the
//     launch's sharedMem argument, at most 48 KiB) is rewritten by the fake
//     NVRTC into T* const name pointing at the launch's buffer, which is
//     poisoned the same way.
//
// Not emulated: warp-level primitives (__shfl*, __ballot, ...), atomics on
// shared or global memory, and anything else not declared here, which then
// fails to compile.
#pragma once
#include <cmath>
#include <cstddef>
#include <math.h>
#include <algorithm>
#include <utility>

struct uint3 { unsigned int x, y, z; };
struct dim3 { unsigned int x, y, z; };

// Set by fakecuda_run on the thread that runs one CUDA thread.
static thread_local uint3 threadIdx, blockIdx;
static thread_local dim3 blockDim, gridDim;
static thread_local void (*fakecuda_sync)();
static thread_local void* fakecuda_dynamic_shared;

#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __restrict__ __restrict
#define __align__(n) alignas(n)
#define __shared__ __attribute__((section("fakecuda_shared"))) static
// Each use of __syncthreads also leaves a byte in the fakecuda_sync
// section, so the driver can tell modules whose threads cooperate.
#define __syncthreads()                                                                  \
    do {                                                                                 \
        __attribute__((section("fakecuda_sync"), used)) static const char fakecuda_mark = 1; \
        fakecuda_sync();                                                                 \
    } while (0)

using std::max;
using std::min;

#ifdef FAKECUDA_GPU_ROUNDING
// A GPU's transcendental functions are not the host's: CUDA documents
// exp, log and log1p within 1 ulp, expf within 2 and logf within 1 (CUDA
// C++ Programming Guide, "Mathematical Functions"), where glibc's are
// nearly always correctly rounded. Under FAKECUDA_ROUNDING=gpu (which
// also compiles the kernels with FMA contraction) each result is moved by
// up to that many ulps, in a direction drawn from the argument's bits, so
// the tolerances of the tests are checked against a device whose rounding
// differs from the host's as much as CUDA allows. sqrt and division stay
// correctly rounded, as NVRTC's defaults (--prec-sqrt, --prec-div) make
// them.
#include <cstdint>
#include <cstring>
static inline uint64_t fakecuda_mix(uint64_t z) {
    z += 0x9e3779b97f4a7c15ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}
template <typename T>
static inline T fakecuda_ulps(T arg, T r, int maxUlps) {
    uint64_t bits = 0;
    std::memcpy(&bits, &arg, sizeof arg);
    int k = int(fakecuda_mix(bits) % uint64_t(2 * maxUlps + 1)) - maxUlps;
    const T toward = k < 0 ? -INFINITY : INFINITY;
    for (int i = 0; i < (k < 0 ? -k : k); ++i) r = std::nextafter(r, toward);
    return r;
}
static inline double fakecuda_exp(double x) { return fakecuda_ulps(x, std::exp(x), 1); }
static inline double fakecuda_log(double x) { return fakecuda_ulps(x, std::log(x), 1); }
static inline double fakecuda_log1p(double x) { return fakecuda_ulps(x, std::log1p(x), 1); }
static inline float fakecuda_expf(float x) { return fakecuda_ulps(x, std::exp(x), 2); }
static inline float fakecuda_logf(float x) { return fakecuda_ulps(x, std::log(x), 1); }
#define exp(x) fakecuda_exp(x)
#define log(x) fakecuda_log(x)
#define log1p(x) fakecuda_log1p(x)
#define expf(x) fakecuda_expf(x)
#define logf(x) fakecuda_logf(x)
#endif

// fakecuda_shared_section gives the bounds of the module's static
// __shared__ variables, which the linker gathers into the fakecuda_shared
// section (null when there are none), for the driver to poison between
// blocks, and says whether the module cooperates at all (has __shared__
// variables or calls __syncthreads). The threads of a module that does
// not cooperate need not wait for each other between blocks.
extern "C" {
extern char __start_fakecuda_shared[] __attribute__((weak, visibility("hidden")));
extern char __stop_fakecuda_shared[] __attribute__((weak, visibility("hidden")));
extern char __start_fakecuda_sync[] __attribute__((weak, visibility("hidden")));
int fakecuda_shared_section(char** begin, char** end) {
    *begin = __start_fakecuda_shared;
    *end = __stop_fakecuda_shared;
    return __start_fakecuda_shared != nullptr || __start_fakecuda_sync != nullptr;
}
}

// fakecuda_call passes the kernelParams array p (one pointer per parameter,
// each to the parameter's value) to kernel k.
template <typename... A, std::size_t... I>
static void fakecuda_call(void (*k)(A...), void** p, std::index_sequence<I...>) {
    k(*static_cast<A*>(p[I])...);
}

// fakecuda_run runs thread thr of block blk of kernel k on the calling
// host thread.
template <typename... A>
static void fakecuda_run(void (*k)(A...), const unsigned* g, const unsigned* b, const unsigned* blk,
                         const unsigned* thr, void* dyn, void** p, void (*sync)()) {
    gridDim = dim3{g[0], g[1], g[2]};
    blockDim = dim3{b[0], b[1], b[2]};
    blockIdx = uint3{blk[0], blk[1], blk[2]};
    threadIdx = uint3{thr[0], thr[1], thr[2]};
    fakecuda_sync = sync;
    fakecuda_dynamic_shared = dyn;
    fakecuda_call(k, p, std::index_sequence_for<A...>{});
}
