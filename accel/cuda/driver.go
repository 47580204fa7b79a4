package cuda

import (
	"fmt"
	"math"
)

// EnvNVRTC names the environment variable that points at a libnvrtc file,
// overriding the search for libnvrtc.so.13 and libnvrtc.so.12.
const EnvNVRTC = "PETRI_NVRTC"

// EnvCublas names the environment variable that points at a libcublas file,
// overriding the search for libcublas.so.13 and libcublas.so.12.
const EnvCublas = "PETRI_CUBLAS"

// EnvSync names the environment variable that, set to 1, makes every
// device opened afterwards wait for each kernel and GEMM to finish (see
// Config.Sync).
const EnvSync = "PETRI_CUDA_SYNC"

// driver is the raw CUDA driver, NVRTC and cuBLAS surface a Device runs on.
// The cgo implementation (driver_cgo.go) dlopens the NVIDIA libraries; tests
// use a fake. Every method except open runs on the Device's worker thread,
// after open made the context current there.
type driver interface {
	// open loads the libraries, picks device ordinal and makes its primary
	// context current on the calling (locked) OS thread.
	open(ordinal int) (Props, error)
	// close releases what open acquired.
	close() error
	memAlloc(bytes uint64) (DevicePtr, error)
	memFree(p DevicePtr) error
	htod(dst DevicePtr, src []byte) error
	dtoh(dst []byte, src DevicePtr) error
	memInfo() (free, total uint64, err error)
	// compile runs NVRTC on src and returns PTX; a failure carries the log.
	compile(src []byte, name string, options []string) ([]byte, error)
	loadModule(ptx []byte) (any, error)
	unloadModule(mod any) error
	function(mod any, name string) (any, error)
	launch(fn any, grid, block Dim3, sharedMem uint32, args []Arg) error
	synchronize() error
	// sgemm is cublasSgemm_v2 on the default stream: column-major, alpha and
	// beta by host pointer. It fails if cuBLAS did not load.
	sgemm(transA, transB bool, m, n, k int, alpha float32, a DevicePtr, lda int,
		b DevicePtr, ldb int, beta float32, c DevicePtr, ldc int) error
	// sgemmStridedBatched is cublasSgemmStridedBatched on the default
	// stream, column-major like sgemm. It fails if cuBLAS did not load.
	sgemmStridedBatched(g colMajorGemm) error
}

// colMajorGemm is the argument list of cublasSgemmStridedBatched, already
// in cuBLAS's column-major terms: C_i = alpha*op(A_i)*op(B_i) + beta*C_i
// for i < batch, op(A_i) m×k, op(B_i) k×n, X_i at x + i*strideX floats.
type colMajorGemm struct {
	transA, transB            bool
	m, n, k                   int
	alpha, beta               float32
	a, b, c                   DevicePtr
	lda, ldb, ldc             int
	strideA, strideB, strideC int64
	batch                     int
}

// Props describes an open device and the libraries driving it.
type Props struct {
	Ordinal       int    // device ordinal, as in CUDA_VISIBLE_DEVICES order
	Name          string // such as "NVIDIA H100 80GB HBM3"
	Major, Minor  int    // compute capability
	SMs           int    // multiprocessor count
	TotalMem      uint64 // bytes of device memory
	DriverVersion int    // CUDA version the driver supports, such as 13000
	NVRTCVersion  string // such as "13.0"
	NVRTCLib      string // the libnvrtc file that was loaded
	CublasLib     string // the libcublas file that was loaded; "" if none
	// CublasErr says why cuBLAS is not available (nil when it is); GEMMs
	// then run on the built-in kernel instead.
	CublasErr error
}

// Arch returns the NVRTC virtual architecture for the device, such as
// "compute_90".
func (p Props) Arch() string { return fmt.Sprintf("compute_%d%d", p.Major, p.Minor) }

// String formats the device for a status line.
func (p Props) String() string {
	s := fmt.Sprintf("%s (device %d, sm_%d%d, %d SMs, %s), driver CUDA %d.%d, NVRTC %s",
		p.Name, p.Ordinal, p.Major, p.Minor, p.SMs, FormatBytes(p.TotalMem),
		p.DriverVersion/1000, p.DriverVersion%1000/10, p.NVRTCVersion)
	if p.CublasErr != nil {
		return s + ", no cuBLAS (" + p.CublasErr.Error() + ")"
	}
	return s + ", cuBLAS"
}

// Dim3 is a grid or block shape for a kernel launch.
type Dim3 struct{ X, Y, Z uint32 }

// Arg is one kernel argument, passed by value: build it with Ptr, Int32,
// Int64, Float32 or Float64, matching the C type of the kernel's parameter
// (pointer, int, long long, float, double). Its bits sit in the low bytes of a
// 64-bit slot, as the driver reads them on a little-endian host.
type Arg struct {
	bits uint64
	size uint8
}

// Ptr is a device-pointer argument (any T* parameter).
func Ptr(p DevicePtr) Arg { return Arg{bits: uint64(p), size: 8} }

// Int32 is an int argument.
func Int32(v int32) Arg { return Arg{bits: uint64(uint32(v)), size: 4} }

// Int64 is a long long argument.
func Int64(v int64) Arg { return Arg{bits: uint64(v), size: 8} }

// Float32 is a float argument.
func Float32(v float32) Arg { return Arg{bits: uint64(math.Float32bits(v)), size: 4} }

// Float64 is a double argument.
func Float64(v float64) Arg { return Arg{bits: math.Float64bits(v), size: 8} }
