// Host emulation of the CUDA C++ built-ins the petridish kernels use, so a
// .cu file compiles as ordinary C++ and its kernels run on the CPU one
// emulated thread at a time. Kernels that need threads to cooperate
// (__shared__ memory, __syncthreads) cannot run this way and fail to compile.
#pragma once
#include <cmath>
#include <cstddef>
#include <math.h>
#include <algorithm>
#include <utility>

struct uint3 { unsigned int x, y, z; };
struct dim3 { unsigned int x, y, z; };

// Set by fakecuda_launch before each emulated thread.
static uint3 threadIdx, blockIdx;
static dim3 blockDim, gridDim;

#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __restrict__ __restrict
#define __shared__ static_assert(false, "fakecuda: __shared__ memory cannot be emulated one thread at a time");
#define __syncthreads() static_assert(false, "fakecuda: __syncthreads cannot be emulated one thread at a time")

using std::max;
using std::min;

// fakecuda_call passes the kernelParams array p (one pointer per parameter,
// each to the parameter's value) to kernel k.
template <typename... A, std::size_t... I>
static void fakecuda_call(void (*k)(A...), void** p, std::index_sequence<I...>) {
    k(*static_cast<A*>(p[I])...);
}

// fakecuda_launch runs every thread of every block, in order.
template <typename... A>
static void fakecuda_launch(void (*k)(A...), const unsigned* g, const unsigned* b, void** p) {
    gridDim = dim3{g[0], g[1], g[2]};
    blockDim = dim3{b[0], b[1], b[2]};
    for (unsigned bz = 0; bz < g[2]; ++bz)
    for (unsigned by = 0; by < g[1]; ++by)
    for (unsigned bx = 0; bx < g[0]; ++bx)
    for (unsigned tz = 0; tz < b[2]; ++tz)
    for (unsigned ty = 0; ty < b[1]; ++ty)
    for (unsigned tx = 0; tx < b[0]; ++tx) {
        blockIdx = uint3{bx, by, bz};
        threadIdx = uint3{tx, ty, tz};
        fakecuda_call(k, p, std::index_sequence_for<A...>{});
    }
}
