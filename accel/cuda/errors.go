package cuda

import (
	"errors"
	"fmt"
	"strings"
)

// ErrUnavailable is matched (errors.Is) by every error that means CUDA cannot
// run on this machine at all: a binary built without cgo, no NVIDIA driver,
// no device, no NVRTC. Callers that may fall back to the CPU test for it.
var ErrUnavailable = errors.New("cuda: unavailable on this machine")

// ErrOutOfMemory is matched (errors.Is) by an allocation that failed for lack
// of device memory, whichever library reported it.
var ErrOutOfMemory = errors.New("cuda: out of device memory")

// ErrClosed is returned by a Device's methods after Close.
var ErrClosed = errors.New("cuda: device is closed; open a new one with cuda.Open")

// UnavailableError says what is missing for CUDA to run here. It matches
// ErrUnavailable.
type UnavailableError struct {
	// Missing names the missing piece: "cgo", "libcuda.so.1", "CUDA device",
	// "libnvrtc".
	Missing string
	// Reason is the full explanation, with what to do about it.
	Reason string
}

// Error returns the reason.
func (e *UnavailableError) Error() string { return e.Reason }

// Is reports whether target is ErrUnavailable.
func (e *UnavailableError) Is(target error) bool { return target == ErrUnavailable }

// Error is a failed call into the CUDA driver, NVRTC or cuBLAS: the function,
// its status code and the library's name for that code (for example
// CUDA_ERROR_OUT_OF_MEMORY or NVRTC_ERROR_COMPILATION), plus the NVRTC log
// when a compilation failed.
type Error struct {
	// Call is the library function that failed, such as "cuMemAlloc_v2".
	Call string
	// Code is the status it returned.
	Code int
	// Name is the library's name for Code, such as "CUDA_ERROR_INVALID_VALUE".
	Name string
	// Description is the library's own sentence for Code, when it has one.
	Description string
	// Detail says what was being done, such as "allocating 4096 bytes".
	Detail string
	// Log is the NVRTC compilation log, when there is one.
	Log string
}

// Error formats the call, the code's name and description, a hint on what to
// do, and the NVRTC log.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Call)
	if e.Detail != "" {
		fmt.Fprintf(&b, " (%s)", e.Detail)
	}
	name := e.Name
	if name == "" {
		name = fmt.Sprintf("status %d", e.Code)
	}
	fmt.Fprintf(&b, ": %s", name)
	if e.Description != "" && e.Description != e.Name {
		fmt.Fprintf(&b, " (%s)", e.Description)
	}
	if h := hints[e.Name]; h != "" {
		b.WriteString("; ")
		b.WriteString(h)
	}
	if log := strings.TrimSpace(e.Log); log != "" {
		b.WriteString("\nNVRTC log:\n")
		b.WriteString(log)
	}
	return b.String()
}

// Is reports whether target is ErrOutOfMemory and e is a lack of memory.
func (e *Error) Is(target error) bool {
	if target != ErrOutOfMemory {
		return false
	}
	switch e.Name {
	case "CUDA_ERROR_OUT_OF_MEMORY", "CUBLAS_STATUS_ALLOC_FAILED", "NVRTC_ERROR_OUT_OF_MEMORY":
		return true
	}
	return false
}

// hints says what to do about the errors a user is likely to meet.
var hints = map[string]string{
	"CUDA_ERROR_OUT_OF_MEMORY":           "the GPU has no room left: other processes may hold its memory (see nvidia-smi); use smaller batches or fewer networks at once",
	"CUDA_ERROR_NO_DEVICE":               "the NVIDIA driver sees no GPU; use the cpu device",
	"CUDA_ERROR_UNSUPPORTED_PTX_VERSION": "the NVRTC library is newer than the driver; point PETRI_NVRTC at the libnvrtc that matches the driver's CUDA version, or update the driver",
	"CUDA_ERROR_INVALID_PTX":             "the compiled kernel is not valid for this driver; delete the kernel cache (see cuda.DefaultCacheDir) and retry",
	"CUDA_ERROR_NO_BINARY_FOR_GPU":       "the kernel was compiled for another GPU architecture; delete the kernel cache (see cuda.DefaultCacheDir) and retry",
	"CUDA_ERROR_NOT_FOUND":               "the module has no kernel of that name; check the extern \"C\" __global__ name in the .cu source",
	"CUDA_ERROR_INVALID_VALUE":           "an argument was out of range (a size, a pointer outside its allocation, or launch dimensions)",
	"CUDA_ERROR_ILLEGAL_ADDRESS":         "a kernel read or wrote outside its buffers; the context is now unusable, so restart the process",
	"CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES": "the launch asked for too many threads, registers or shared memory per block; use smaller blocks",
	"CUDA_ERROR_STUB_LIBRARY":            "libcuda.so.1 is the CUDA toolkit's stub, not the NVIDIA driver; install the driver or remove the stubs directory from LD_LIBRARY_PATH",
	"NVRTC_ERROR_COMPILATION":            "the kernel source does not compile; the log below says where",
	"NVRTC_ERROR_INVALID_OPTION":         "NVRTC rejected a compile option; the NVRTC library may be too old for this GPU's architecture",
	"CUBLAS_STATUS_NOT_INITIALIZED":      "cuBLAS could not start: check that libcublas matches the driver's CUDA version (PETRI_CUBLAS picks the file)",
	"CUBLAS_STATUS_ARCH_MISMATCH":        "this cuBLAS does not support the GPU's architecture; use a newer libcublas (PETRI_CUBLAS)",
}

// cublasStatusNames names cuBLAS status codes for libraries too old to have
// cublasGetStatusName.
var cublasStatusNames = map[int]string{
	0:  "CUBLAS_STATUS_SUCCESS",
	1:  "CUBLAS_STATUS_NOT_INITIALIZED",
	3:  "CUBLAS_STATUS_ALLOC_FAILED",
	7:  "CUBLAS_STATUS_INVALID_VALUE",
	8:  "CUBLAS_STATUS_ARCH_MISMATCH",
	11: "CUBLAS_STATUS_MAPPING_ERROR",
	13: "CUBLAS_STATUS_EXECUTION_FAILED",
	14: "CUBLAS_STATUS_INTERNAL_ERROR",
	15: "CUBLAS_STATUS_NOT_SUPPORTED",
	16: "CUBLAS_STATUS_LICENSE_ERROR",
}

// checkNVRTCVersion fails when the NVRTC library (version nvrtc, such as
// "13.1", loaded from lib) is newer than the CUDA version the driver
// supports (driver, such as 13000 for 13.0). Kernels are compiled to PTX,
// which the driver compiles at load time and refuses when it is newer
// than itself (CUDA_ERROR_UNSUPPORTED_PTX_VERSION): better to say so when
// the device opens, so that auto falls back to the CPU with the reason,
// than at the first kernel.
func checkNVRTCVersion(driver int, nvrtc, lib string) error {
	var major, minor int
	if _, err := fmt.Sscanf(nvrtc, "%d.%d", &major, &minor); err != nil {
		return nil // an unexpected form: let the first compile or load say what is wrong
	}
	dMajor, dMinor := driver/1000, driver%1000/10
	if major > dMajor || major == dMajor && minor > dMinor {
		return &UnavailableError{Missing: "libnvrtc",
			Reason: fmt.Sprintf("NVRTC %s (%s) is newer than the CUDA %d.%d the driver supports, so the driver would refuse the kernels it compiles; set %s to the libnvrtc of CUDA %d.%d or older, or update the NVIDIA driver",
				nvrtc, lib, dMajor, dMinor, EnvNVRTC, dMajor, dMinor)}
	}
	return nil
}
