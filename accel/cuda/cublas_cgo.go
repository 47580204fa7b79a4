//go:build cgo

package cuda

/*
#include <stdlib.h>

typedef unsigned long long pd_dptr;

// cuBLAS prototypes: cublasStatus_t is int, cublasHandle_t an opaque
// pointer, cublasOperation_t int (0 = N, 1 = T).
static int pd_cublasCreate(void* f, void** h) { return ((int (*)(void**))f)(h); }
static int pd_cublasDestroy(void* f, void* h) { return ((int (*)(void*))f)(h); }
static int pd_cublasSgemm(void* f, void* h, int ta, int tb, int m, int n, int k,
                          float alpha, pd_dptr A, int lda, pd_dptr B, int ldb,
                          float beta, pd_dptr C, int ldc) {
	// Host pointer mode (the default): alpha and beta are read before the
	// call returns, so pointers to these locals are safe.
	return ((int (*)(void*, int, int, int, int, int, const float*, const float*, int,
	                 const float*, int, const float*, float*, int))f)(
		h, ta, tb, m, n, k, &alpha, (const float*)(size_t)A, lda,
		(const float*)(size_t)B, ldb, &beta, (float*)(size_t)C, ldc);
}
static int pd_cublasSgemmStridedBatched(void* f, void* h, int ta, int tb, int m, int n, int k,
                                        float alpha, pd_dptr A, int lda, long long sA,
                                        pd_dptr B, int ldb, long long sB, float beta,
                                        pd_dptr C, int ldc, long long sC, int batch) {
	// As for Sgemm, alpha and beta are host pointers to these locals.
	return ((int (*)(void*, int, int, int, int, int, const float*, const float*, int, long long,
	                 const float*, int, long long, const float*, float*, int, long long, int))f)(
		h, ta, tb, m, n, k, &alpha, (const float*)(size_t)A, lda, sA,
		(const float*)(size_t)B, ldb, sB, &beta, (float*)(size_t)C, ldc, sC, batch);
}
static const char* pd_cublasGetStatusName(void* f, int s) { return ((const char* (*)(int))f)(s); }
*/
import "C"

import (
	"fmt"
	"os"
	"strings"
	"unsafe"
)

var cublasNames = []string{
	"libcublas.so.13", "libcublas.so.12",
	"/usr/local/cuda/lib64/libcublas.so.13", "/usr/local/cuda/lib64/libcublas.so.12",
}

type cublasLib struct {
	create, destroy, sgemm, statusName unsafe.Pointer
	sgemmStrided                       unsafe.Pointer // cublasSgemmStridedBatched
	handle                             unsafe.Pointer // created at first use
}

// load opens cuBLAS. A failure is not fatal: the Device runs GEMMs on its
// own kernel and reports why in Props.CublasErr.
func (b *cublasLib) load() (file string, err error) {
	names, env := cublasNames, os.Getenv(EnvCublas)
	if env != "" {
		names = []string{env}
	}
	lib, err := dlopenFirst(names)
	if err != nil {
		return "", fmt.Errorf("libcublas not found (tried %s; set %s to its path)", strings.Join(names, ", "), EnvCublas)
	}
	err = lib.resolve(map[string]*unsafe.Pointer{
		"cublasCreate_v2": &b.create, "cublasDestroy_v2": &b.destroy, "cublasSgemm_v2": &b.sgemm,
		// In every cuBLAS since CUDA 8; without it the library counts as
		// not loaded and GEMMs run on the built-in kernels.
		"cublasSgemmStridedBatched": &b.sgemmStrided,
	})
	if err != nil {
		return "", err
	}
	b.statusName = lib.optSym("cublasGetStatusName") // cuBLAS 11.4 and later
	return lib.name, nil
}

// err turns a cublasStatus_t into an *Error (nil for success).
func (b *cublasLib) err(call string, rc C.int, detail string) error {
	if rc == 0 {
		return nil
	}
	e := &Error{Call: call, Code: int(rc), Detail: detail, Name: cublasStatusNames[int(rc)]}
	if b.statusName != nil {
		if s := C.pd_cublasGetStatusName(b.statusName, rc); s != nil {
			e.Name = C.GoString(s)
		}
	}
	return e
}

func (b *cublasLib) close() error {
	if b.handle == nil {
		return nil
	}
	err := b.err("cublasDestroy_v2", C.pd_cublasDestroy(b.destroy, b.handle), "")
	b.handle = nil
	return err
}

// cublasOp is a cublasOperation_t: CUBLAS_OP_T (1) for a transposed
// operand, CUBLAS_OP_N (0) otherwise.
func cublasOp(t bool) C.int {
	if t {
		return 1
	}
	return 0
}

// ready checks that cuBLAS loaded and creates the handle at first use.
func (b *cublasLib) ready() error {
	if b.sgemm == nil {
		return fmt.Errorf("cuBLAS is not loaded")
	}
	if b.handle == nil {
		// The handle binds to the context current on this (the worker's) thread.
		if err := b.err("cublasCreate_v2", C.pd_cublasCreate(b.create, &b.handle), ""); err != nil {
			return err
		}
	}
	return nil
}

func (d *cgoDriver) sgemm(transA, transB bool, m, n, k int, alpha float32, a DevicePtr, lda int,
	bm DevicePtr, ldb int, beta float32, c DevicePtr, ldc int) error {
	b := &d.blas
	if err := b.ready(); err != nil {
		return err
	}
	rc := C.pd_cublasSgemm(b.sgemm, b.handle, cublasOp(transA), cublasOp(transB), C.int(m), C.int(n), C.int(k),
		C.float(alpha), C.pd_dptr(a), C.int(lda), C.pd_dptr(bm), C.int(ldb),
		C.float(beta), C.pd_dptr(c), C.int(ldc))
	return b.err("cublasSgemm_v2", rc, fmt.Sprintf("m=%d n=%d k=%d", m, n, k))
}

func (d *cgoDriver) sgemmStridedBatched(g colMajorGemm) error {
	b := &d.blas
	if err := b.ready(); err != nil {
		return err
	}
	rc := C.pd_cublasSgemmStridedBatched(b.sgemmStrided, b.handle, cublasOp(g.transA), cublasOp(g.transB),
		C.int(g.m), C.int(g.n), C.int(g.k), C.float(g.alpha),
		C.pd_dptr(g.a), C.int(g.lda), C.longlong(g.strideA),
		C.pd_dptr(g.b), C.int(g.ldb), C.longlong(g.strideB),
		C.float(g.beta), C.pd_dptr(g.c), C.int(g.ldc), C.longlong(g.strideC), C.int(g.batch))
	return b.err("cublasSgemmStridedBatched", rc, fmt.Sprintf("m=%d n=%d k=%d batch=%d", g.m, g.n, g.k, g.batch))
}
