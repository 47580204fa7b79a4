//go:build cgo

package cuda

/*
#include <stddef.h>
#include <stdlib.h>

// The driver-API prototypes petridish uses, declared here instead of taken
// from cuda.h: CUresult and CUdevice are int, CUdeviceptr is unsigned long
// long, and CUcontext, CUmodule, CUfunction and CUstream are opaque
// pointers. Each pd_ function calls a symbol dlsym found in libcuda.so.1.
typedef unsigned long long pd_dptr;

static int pd_cuInit(void* f, unsigned flags) { return ((int (*)(unsigned))f)(flags); }
static int pd_cuDriverGetVersion(void* f, int* v) { return ((int (*)(int*))f)(v); }
static int pd_cuDeviceGetCount(void* f, int* n) { return ((int (*)(int*))f)(n); }
static int pd_cuDeviceGet(void* f, int* dev, int ordinal) { return ((int (*)(int*, int))f)(dev, ordinal); }
static int pd_cuDeviceGetName(void* f, char* name, int len, int dev) { return ((int (*)(char*, int, int))f)(name, len, dev); }
static int pd_cuDeviceGetAttribute(void* f, int* v, int attr, int dev) { return ((int (*)(int*, int, int))f)(v, attr, dev); }
static int pd_cuDeviceTotalMem(void* f, size_t* bytes, int dev) { return ((int (*)(size_t*, int))f)(bytes, dev); }
static int pd_cuDevicePrimaryCtxRetain(void* f, void** ctx, int dev) { return ((int (*)(void**, int))f)(ctx, dev); }
static int pd_cuDevicePrimaryCtxRelease(void* f, int dev) { return ((int (*)(int))f)(dev); }
static int pd_cuCtxSetCurrent(void* f, void* ctx) { return ((int (*)(void*))f)(ctx); }
static int pd_cuCtxSynchronize(void* f) { return ((int (*)(void))f)(); }
static int pd_cuMemAlloc(void* f, pd_dptr* p, size_t n) { return ((int (*)(pd_dptr*, size_t))f)(p, n); }
static int pd_cuMemFree(void* f, pd_dptr p) { return ((int (*)(pd_dptr))f)(p); }
static int pd_cuMemcpyHtoD(void* f, pd_dptr dst, const void* src, size_t n) { return ((int (*)(pd_dptr, const void*, size_t))f)(dst, src, n); }
static int pd_cuMemcpyDtoH(void* f, void* dst, pd_dptr src, size_t n) { return ((int (*)(void*, pd_dptr, size_t))f)(dst, src, n); }
static int pd_cuMemGetInfo(void* f, size_t* free, size_t* total) { return ((int (*)(size_t*, size_t*))f)(free, total); }
static int pd_cuModuleLoadData(void* f, void** mod, const void* image) { return ((int (*)(void**, const void*))f)(mod, image); }
static int pd_cuModuleUnload(void* f, void* mod) { return ((int (*)(void*))f)(mod); }
static int pd_cuModuleGetFunction(void* f, void** fn, void* mod, const char* name) { return ((int (*)(void**, void*, const char*))f)(fn, mod, name); }
static int pd_cuLaunchKernel(void* f, void* fn, unsigned gx, unsigned gy, unsigned gz,
                             unsigned bx, unsigned by, unsigned bz, unsigned shared, void** params) {
	// Default (NULL) stream; parameters by kernelParams, no "extra".
	return ((int (*)(void*, unsigned, unsigned, unsigned, unsigned, unsigned, unsigned,
	                 unsigned, void*, void**, void**))f)(fn, gx, gy, gz, bx, by, bz, shared, NULL, params, NULL);
}
static int pd_cuGetErrorText(void* f, int code, const char** s) { return ((int (*)(int, const char**))f)(code, s); }
*/
import "C"

import (
	"fmt"
	"unsafe"
)

// Device attributes (CUdevice_attribute) read at open.
const (
	attrMultiprocessorCount = 16
	attrComputeMajor        = 75
	attrComputeMinor        = 76
)

// CUDA result codes open treats specially.
const (
	cudaErrorStubLibrary = 34
	cudaErrorNoDevice    = 100
)

// cuFuncs holds the driver symbols. The versioned names (_v2) are the ones
// cuda.h maps the plain names to since CUDA 4/11; the plain cuCtxCreate is
// avoided altogether (CUDA 13 changed it) in favour of the primary context.
type cuFuncs struct {
	init, driverGetVersion, deviceGetCount, deviceGet, deviceGetName   unsafe.Pointer
	deviceGetAttribute, deviceTotalMem, primaryRetain, primaryRelease  unsafe.Pointer
	ctxSetCurrent, ctxSynchronize, memAlloc, memFree, memcpyHtoD       unsafe.Pointer
	memcpyDtoH, memGetInfo, moduleLoadData, moduleUnload, moduleGetFun unsafe.Pointer
	launchKernel, getErrorName, getErrorString                         unsafe.Pointer
}

// cgoDriver is the driver over the dlopened NVIDIA libraries.
type cgoDriver struct {
	cu    cuFuncs
	dev   C.int
	ctx   unsafe.Pointer
	nvrtc nvrtcLib
	blas  cublasLib
}

func newDriver() (driver, error) { return &cgoDriver{}, nil }

func (d *cgoDriver) open(ordinal int) (Props, error) {
	lib, err := dlopenFirst([]string{"libcuda.so.1"})
	if err != nil {
		return Props{}, &UnavailableError{Missing: "libcuda.so.1",
			Reason: fmt.Sprintf("libcuda.so.1 not found: no NVIDIA driver on this machine (%v)", err)}
	}
	c := &d.cu
	err = lib.resolve(map[string]*unsafe.Pointer{
		"cuInit": &c.init, "cuDriverGetVersion": &c.driverGetVersion,
		"cuDeviceGetCount": &c.deviceGetCount, "cuDeviceGet": &c.deviceGet,
		"cuDeviceGetName": &c.deviceGetName, "cuDeviceGetAttribute": &c.deviceGetAttribute,
		"cuDeviceTotalMem_v2": &c.deviceTotalMem, "cuDevicePrimaryCtxRetain": &c.primaryRetain,
		"cuDevicePrimaryCtxRelease_v2": &c.primaryRelease, "cuCtxSetCurrent": &c.ctxSetCurrent,
		"cuCtxSynchronize": &c.ctxSynchronize, "cuMemAlloc_v2": &c.memAlloc,
		"cuMemFree_v2": &c.memFree, "cuMemcpyHtoD_v2": &c.memcpyHtoD,
		"cuMemcpyDtoH_v2": &c.memcpyDtoH, "cuMemGetInfo_v2": &c.memGetInfo,
		"cuModuleLoadData": &c.moduleLoadData, "cuModuleUnload": &c.moduleUnload,
		"cuModuleGetFunction": &c.moduleGetFun, "cuLaunchKernel": &c.launchKernel,
		"cuGetErrorName": &c.getErrorName, "cuGetErrorString": &c.getErrorString,
	})
	if err != nil {
		return Props{}, &UnavailableError{Missing: "libcuda.so.1",
			Reason: fmt.Sprintf("the NVIDIA driver is too old: %v; install a driver for CUDA 12 or newer", err)}
	}
	if rc := C.pd_cuInit(c.init, 0); rc != 0 {
		e := d.cuErr("cuInit", rc, "")
		switch rc {
		case cudaErrorNoDevice:
			return Props{}, &UnavailableError{Missing: "CUDA device",
				Reason: fmt.Sprintf("no CUDA device: the NVIDIA driver loaded but sees no GPU (%v); check nvidia-smi and CUDA_VISIBLE_DEVICES", e)}
		case cudaErrorStubLibrary:
			return Props{}, &UnavailableError{Missing: "libcuda.so.1", Reason: e.Error()}
		}
		return Props{}, &UnavailableError{Missing: "CUDA driver",
			Reason: fmt.Sprintf("the NVIDIA driver failed to start: %v", e)}
	}
	var count C.int
	if err := d.cuErr("cuDeviceGetCount", C.pd_cuDeviceGetCount(c.deviceGetCount, &count), ""); err != nil {
		return Props{}, err
	}
	if count == 0 {
		return Props{}, &UnavailableError{Missing: "CUDA device",
			Reason: "no CUDA device: the NVIDIA driver loaded but reports 0 devices; check nvidia-smi and CUDA_VISIBLE_DEVICES"}
	}
	if ordinal < 0 || ordinal >= int(count) {
		return Props{}, fmt.Errorf("cuda: device %d asked for, but this machine has %d (ordinals 0 to %d)", ordinal, count, count-1)
	}
	p, err := d.props(ordinal)
	if err != nil {
		return Props{}, err
	}
	if p.NVRTCLib, p.NVRTCVersion, err = d.nvrtc.load(); err != nil {
		return Props{}, err
	}
	if err := checkNVRTCVersion(p.DriverVersion, p.NVRTCVersion, p.NVRTCLib); err != nil {
		return Props{}, err
	}
	if err := d.cuErr("cuDevicePrimaryCtxRetain", C.pd_cuDevicePrimaryCtxRetain(c.primaryRetain, &d.ctx, d.dev), ""); err != nil {
		return Props{}, err
	}
	if err := d.cuErr("cuCtxSetCurrent", C.pd_cuCtxSetCurrent(c.ctxSetCurrent, d.ctx), ""); err != nil {
		C.pd_cuDevicePrimaryCtxRelease(c.primaryRelease, d.dev)
		return Props{}, err
	}
	p.CublasLib, p.CublasErr = d.blas.load()
	return p, nil
}

// props reads the device's name, attributes and memory.
func (d *cgoDriver) props(ordinal int) (Props, error) {
	c := &d.cu
	p := Props{Ordinal: ordinal}
	if err := d.cuErr("cuDeviceGet", C.pd_cuDeviceGet(c.deviceGet, &d.dev, C.int(ordinal)), ""); err != nil {
		return p, err
	}
	var name [256]C.char
	if err := d.cuErr("cuDeviceGetName", C.pd_cuDeviceGetName(c.deviceGetName, &name[0], C.int(len(name)), d.dev), ""); err != nil {
		return p, err
	}
	p.Name = C.GoString(&name[0])
	for _, a := range []struct {
		attr C.int
		dst  *int
	}{{attrComputeMajor, &p.Major}, {attrComputeMinor, &p.Minor}, {attrMultiprocessorCount, &p.SMs}} {
		var v C.int
		if err := d.cuErr("cuDeviceGetAttribute", C.pd_cuDeviceGetAttribute(c.deviceGetAttribute, &v, a.attr, d.dev), fmt.Sprintf("attribute %d", a.attr)); err != nil {
			return p, err
		}
		*a.dst = int(v)
	}
	var total C.size_t
	if err := d.cuErr("cuDeviceTotalMem_v2", C.pd_cuDeviceTotalMem(c.deviceTotalMem, &total, d.dev), ""); err != nil {
		return p, err
	}
	p.TotalMem = uint64(total)
	var ver C.int
	if err := d.cuErr("cuDriverGetVersion", C.pd_cuDriverGetVersion(c.driverGetVersion, &ver), ""); err != nil {
		return p, err
	}
	p.DriverVersion = int(ver)
	return p, nil
}

func (d *cgoDriver) close() error {
	err := d.blas.close()
	if rerr := d.cuErr("cuDevicePrimaryCtxRelease_v2", C.pd_cuDevicePrimaryCtxRelease(d.cu.primaryRelease, d.dev), ""); err == nil {
		err = rerr
	}
	return err
}

// cuErr turns a CUresult into an *Error with the driver's name and text for
// it, or nil for CUDA_SUCCESS.
func (d *cgoDriver) cuErr(call string, rc C.int, detail string) error {
	if rc == 0 {
		return nil
	}
	e := &Error{Call: call, Code: int(rc), Detail: detail}
	var s *C.char
	if d.cu.getErrorName != nil && C.pd_cuGetErrorText(d.cu.getErrorName, rc, &s) == 0 && s != nil {
		e.Name = C.GoString(s)
	}
	s = nil
	if d.cu.getErrorString != nil && C.pd_cuGetErrorText(d.cu.getErrorString, rc, &s) == 0 && s != nil {
		e.Description = C.GoString(s)
	}
	if e.Name == "" {
		e.Name = fmt.Sprintf("CUDA error %d", int(rc))
	}
	return e
}

func (d *cgoDriver) memAlloc(n uint64) (DevicePtr, error) {
	var p C.pd_dptr
	err := d.cuErr("cuMemAlloc_v2", C.pd_cuMemAlloc(d.cu.memAlloc, &p, C.size_t(n)), fmt.Sprintf("allocating %d bytes", n))
	return DevicePtr(p), err
}

func (d *cgoDriver) memFree(p DevicePtr) error {
	return d.cuErr("cuMemFree_v2", C.pd_cuMemFree(d.cu.memFree, C.pd_dptr(p)), fmt.Sprintf("freeing %#x", uint64(p)))
}

func (d *cgoDriver) htod(dst DevicePtr, src []byte) error {
	rc := C.pd_cuMemcpyHtoD(d.cu.memcpyHtoD, C.pd_dptr(dst), unsafe.Pointer(&src[0]), C.size_t(len(src)))
	return d.cuErr("cuMemcpyHtoD_v2", rc, fmt.Sprintf("copying %d bytes to %#x", len(src), uint64(dst)))
}

func (d *cgoDriver) dtoh(dst []byte, src DevicePtr) error {
	rc := C.pd_cuMemcpyDtoH(d.cu.memcpyDtoH, unsafe.Pointer(&dst[0]), C.pd_dptr(src), C.size_t(len(dst)))
	return d.cuErr("cuMemcpyDtoH_v2", rc, fmt.Sprintf("copying %d bytes from %#x", len(dst), uint64(src)))
}

func (d *cgoDriver) memInfo() (free, total uint64, err error) {
	var f, t C.size_t
	err = d.cuErr("cuMemGetInfo_v2", C.pd_cuMemGetInfo(d.cu.memGetInfo, &f, &t), "")
	return uint64(f), uint64(t), err
}

func (d *cgoDriver) loadModule(ptx []byte) (any, error) {
	// The driver wants a NUL-terminated image in memory it may read during
	// the call; C memory keeps it out of the Go heap.
	buf := C.malloc(C.size_t(len(ptx) + 1))
	defer C.free(buf)
	b := unsafe.Slice((*byte)(buf), len(ptx)+1)
	copy(b, ptx)
	b[len(ptx)] = 0
	var mod unsafe.Pointer
	err := d.cuErr("cuModuleLoadData", C.pd_cuModuleLoadData(d.cu.moduleLoadData, &mod, buf), fmt.Sprintf("%d bytes of PTX", len(ptx)))
	return mod, err
}

func (d *cgoDriver) unloadModule(mod any) error {
	return d.cuErr("cuModuleUnload", C.pd_cuModuleUnload(d.cu.moduleUnload, mod.(unsafe.Pointer)), "")
}

func (d *cgoDriver) function(mod any, name string) (any, error) {
	cname := C.CString(name)
	defer C.free(unsafe.Pointer(cname))
	var fn unsafe.Pointer
	err := d.cuErr("cuModuleGetFunction", C.pd_cuModuleGetFunction(d.cu.moduleGetFun, &fn, mod.(unsafe.Pointer), cname), name)
	return fn, err
}

func (d *cgoDriver) launch(fn any, grid, block Dim3, sharedMem uint32, args []Arg) error {
	// kernelParams is an array of pointers, one per parameter, each to the
	// parameter's value. Both live in C memory: cgo forbids handing C a Go
	// array of pointers into Go memory.
	n := max(len(args), 1)
	vals := C.malloc(C.size_t(8 * n))
	defer C.free(vals)
	ptrs := C.malloc(C.size_t(int(unsafe.Sizeof(uintptr(0))) * n))
	defer C.free(ptrs)
	v := unsafe.Slice((*uint64)(vals), n)
	p := unsafe.Slice((*unsafe.Pointer)(ptrs), n)
	for i, a := range args {
		v[i] = a.bits
		p[i] = unsafe.Pointer(&v[i])
	}
	rc := C.pd_cuLaunchKernel(d.cu.launchKernel, fn.(unsafe.Pointer),
		C.uint(grid.X), C.uint(grid.Y), C.uint(grid.Z), C.uint(block.X), C.uint(block.Y), C.uint(block.Z),
		C.uint(sharedMem), (*unsafe.Pointer)(ptrs))
	return d.cuErr("cuLaunchKernel", rc, fmt.Sprintf("grid %v, block %v, %d args", grid, block, len(args)))
}

func (d *cgoDriver) synchronize() error {
	return d.cuErr("cuCtxSynchronize", C.pd_cuCtxSynchronize(d.cu.ctxSynchronize), "")
}
