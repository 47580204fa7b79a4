//go:build cgo

package cuda

/*
#include <stddef.h>
#include <stdlib.h>

// NVRTC prototypes: nvrtcResult is int, nvrtcProgram an opaque pointer.
static int pd_nvrtcVersion(void* f, int* major, int* minor) { return ((int (*)(int*, int*))f)(major, minor); }
static int pd_nvrtcCreateProgram(void* f, void** prog, const char* src, const char* name) {
	return ((int (*)(void**, const char*, const char*, int, const char* const*, const char* const*))f)(prog, src, name, 0, NULL, NULL);
}
static int pd_nvrtcCompileProgram(void* f, void* prog, int n, char** opts) { return ((int (*)(void*, int, char**))f)(prog, n, opts); }
static int pd_nvrtcGetSize(void* f, void* prog, size_t* n) { return ((int (*)(void*, size_t*))f)(prog, n); }
static int pd_nvrtcGetText(void* f, void* prog, char* buf) { return ((int (*)(void*, char*))f)(prog, buf); }
static int pd_nvrtcDestroyProgram(void* f, void** prog) { return ((int (*)(void**))f)(prog); }
static const char* pd_nvrtcGetErrorString(void* f, int rc) { return ((const char* (*)(int))f)(rc); }
*/
import "C"

import (
	"fmt"
	"os"
	"strings"
	"unsafe"
)

// nvrtcNames are tried in order when PETRI_NVRTC is unset: the loader path
// first, then the CUDA toolkit's default location.
var nvrtcNames = []string{
	"libnvrtc.so.13", "libnvrtc.so.12",
	"/usr/local/cuda/lib64/libnvrtc.so.13", "/usr/local/cuda/lib64/libnvrtc.so.12",
}

type nvrtcLib struct {
	version, create, compile, logSize, log, ptxSize, ptx, destroy, errString unsafe.Pointer
}

// load opens NVRTC and returns the file and its version.
func (n *nvrtcLib) load() (file, version string, err error) {
	names, env := nvrtcNames, os.Getenv(EnvNVRTC)
	if env != "" {
		names = []string{env}
	}
	lib, err := dlopenFirst(names)
	if err != nil {
		if env != "" {
			return "", "", &UnavailableError{Missing: "libnvrtc",
				Reason: fmt.Sprintf("%s=%s cannot be loaded (%v); point it at libnvrtc.so.13 or unset it", EnvNVRTC, env, err)}
		}
		return "", "", &UnavailableError{Missing: "libnvrtc",
			Reason: fmt.Sprintf("libnvrtc not found (tried %s): install the CUDA NVRTC library or set %s to its path", strings.Join(names, ", "), EnvNVRTC)}
	}
	err = lib.resolve(map[string]*unsafe.Pointer{
		"nvrtcVersion": &n.version, "nvrtcCreateProgram": &n.create,
		"nvrtcCompileProgram": &n.compile, "nvrtcGetProgramLogSize": &n.logSize,
		"nvrtcGetProgramLog": &n.log, "nvrtcGetPTXSize": &n.ptxSize, "nvrtcGetPTX": &n.ptx,
		"nvrtcDestroyProgram": &n.destroy, "nvrtcGetErrorString": &n.errString,
	})
	if err != nil {
		return "", "", &UnavailableError{Missing: "libnvrtc", Reason: fmt.Sprintf("unusable NVRTC: %v; set %s to a CUDA 12 or 13 libnvrtc", err, EnvNVRTC)}
	}
	var major, minor C.int
	if rc := C.pd_nvrtcVersion(n.version, &major, &minor); rc != 0 {
		return "", "", n.err("nvrtcVersion", rc, "")
	}
	return lib.name, fmt.Sprintf("%d.%d", major, minor), nil
}

// err turns an nvrtcResult into an *Error (nil for NVRTC_SUCCESS).
func (n *nvrtcLib) err(call string, rc C.int, log string) error {
	if rc == 0 {
		return nil
	}
	e := &Error{Call: call, Code: int(rc), Log: log}
	if s := C.pd_nvrtcGetErrorString(n.errString, rc); s != nil {
		e.Name = C.GoString(s)
	}
	return e
}

func (d *cgoDriver) compile(src []byte, name string, options []string) ([]byte, error) {
	n := &d.nvrtc
	csrc := C.CString(string(src))
	defer C.free(unsafe.Pointer(csrc))
	cname := C.CString(name)
	defer C.free(unsafe.Pointer(cname))
	var prog unsafe.Pointer
	if rc := C.pd_nvrtcCreateProgram(n.create, &prog, csrc, cname); rc != 0 {
		return nil, n.err("nvrtcCreateProgram", rc, "")
	}
	defer C.pd_nvrtcDestroyProgram(n.destroy, &prog)

	copts := C.malloc(C.size_t(int(unsafe.Sizeof(uintptr(0))) * max(len(options), 1)))
	defer C.free(copts)
	opts := unsafe.Slice((**C.char)(copts), max(len(options), 1))
	for i, o := range options {
		opts[i] = C.CString(o)
		defer C.free(unsafe.Pointer(opts[i]))
	}
	if rc := C.pd_nvrtcCompileProgram(n.compile, prog, C.int(len(options)), (**C.char)(copts)); rc != 0 {
		return nil, n.err("nvrtcCompileProgram", rc, n.text(prog, n.logSize, n.log))
	}
	ptx := n.text(prog, n.ptxSize, n.ptx)
	if ptx == "" {
		return nil, fmt.Errorf("nvrtcGetPTX returned no PTX for %s", name)
	}
	return []byte(ptx), nil
}

// text reads the program log or PTX (sizeFn, textFn) without its trailing NUL.
func (n *nvrtcLib) text(prog, sizeFn, textFn unsafe.Pointer) string {
	var size C.size_t
	if C.pd_nvrtcGetSize(sizeFn, prog, &size) != 0 || size == 0 {
		return ""
	}
	buf := C.malloc(size)
	defer C.free(buf)
	if C.pd_nvrtcGetText(textFn, prog, (*C.char)(buf)) != 0 {
		return ""
	}
	return strings.TrimRight(C.GoStringN((*C.char)(buf), C.int(size)), "\x00")
}
