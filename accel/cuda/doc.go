// Package cuda drives an NVIDIA GPU through the CUDA driver API, NVRTC and
// cuBLAS, with no CUDA SDK needed to build.
//
// The binary links only libdl: at run time Open dlopens libcuda.so.1, then
// libnvrtc (libnvrtc.so.13, libnvrtc.so.12, or the file PETRI_NVRTC names)
// and, optionally, libcublas (libcublas.so.13 or .so.12, or PETRI_CUBLAS).
// The few prototypes used are declared in this package's cgo preambles;
// symbols are the versioned ones cuda.h maps to (cuMemAlloc_v2,
// cuMemcpyHtoD_v2, cuDevicePrimaryCtxRelease_v2, ...). The device's primary
// context is retained and made current, never created (CUDA 13 changed
// cuCtxCreate). A binary built with CGO_ENABLED=0 still compiles; Open then
// says that CUDA support needs cgo.
//
// # Threads
//
// A CUDA context is current per OS thread and Go moves goroutines between
// threads, so each Device owns one goroutine locked to its OS thread and
// funnels every driver call through it. Devices are safe for concurrent use;
// their calls are served one at a time. Each call is a hand-off between
// goroutines of some microseconds (Device.Crossings counts them), so code
// that makes many small launches records them in a Queue and submits them
// in one crossing.
//
// # Memory
//
// Device.Alloc and Device.Free go through a Pool: freed blocks are kept on
// per-size-class free lists and reused, the cache is bounded, and the
// accounting (bytes in use, cached, peak) is in Device.PoolStats. The pool
// works on any Allocator, which is how it is tested without a GPU.
//
// # Kernels
//
// The built-in kernels are .cu files embedded in the binary
// (kernels/*.cu). Device.Builtin compiles a kernel's file with NVRTC for the
// device's architecture at first use and caches the PTX on disk under
// DefaultCacheDir, named by CacheKey (a SHA-256 of source, architecture,
// NVRTC version and options), so later runs skip NVRTC. Device.Compile does
// the same for any source. Device.Launch starts a kernel with arguments
// built by Ptr, Int32, Int64 and Float32. Device.Sgemm runs row-major
// single-precision GEMM on cuBLAS, and Device.SgemmStridedBatched a batch of
// them at fixed strides (a StridedGemm) in one cuBLAS call.
//
// # Errors
//
// Every failed driver, NVRTC or cuBLAS call is an *Error carrying the
// library's name for the status (CUDA_ERROR_OUT_OF_MEMORY,
// NVRTC_ERROR_COMPILATION, ...), a hint on what to do and, for compilation,
// NVRTC's log. Anything that means CUDA cannot run here at all is an
// *UnavailableError matching ErrUnavailable, saying what is missing.
package cuda
