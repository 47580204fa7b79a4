package accel

import (
	"errors"
	"fmt"

	"github.com/petridish-go/petridish/accel/cuda"
)

// cudaBackend runs the Backend operations on a GPU in float32: each call
// converts and uploads its inputs into pooled device buffers, runs a kernel
// (or cuBLAS), and downloads and converts the result. It also implements
// UnrolledMLPs, in float64 (unrolled_mlp.go).
type cudaBackend struct{ dev *cuda.Device }

func newCUDABackend(d *cuda.Device) *cudaBackend { return &cudaBackend{dev: d} }

func (*cudaBackend) Name() string { return "cuda" }

func (c *cudaBackend) Describe() string {
	sync := ""
	if c.dev.Synchronous() {
		sync = "; waits for every kernel (" + cuda.EnvSync + "=1, for debugging)"
	}
	return fmt.Sprintf("cuda: %v; float32 (unrolled MLPs: float64)%s; memory pool: %v", c.dev.Props(), sync, c.dev.PoolStats())
}

// Device returns the underlying CUDA device, for code that keeps data on
// the GPU between calls.
func (c *cudaBackend) Device() *cuda.Device { return c.dev }

// Launch shapes for the built-in kernels.
const (
	gemmTile      = 16      // gemm_batched_f32 blocks are gemmTile×gemmTile threads
	maxGridYZ     = 65535   // the driver's limit on grid.y and grid.z
	elemBlock     = 256     // threads per block of elementwise kernels
	maxElemBlocks = 1 << 20 // beyond this, the grid-stride loop takes over
)

func (c *cudaBackend) Gemm(s GemmSpec, a, b, out []float64) error {
	if err := s.check(1, len(a), len(b), len(out)); err != nil {
		return err
	}
	if s.M == 0 || s.N == 0 || s.K == 0 {
		gemm64(s, a, b, out) // nothing to multiply: at most a scaling of C
		return nil
	}
	if c.dev.Props().CublasErr != nil {
		return c.gemmKernel(1, s, a, b, out)
	}
	return c.withBuffers(s, a, b, out, func(pa, pb, pc cuda.DevicePtr) error {
		return c.dev.Sgemm(s.TransA, s.TransB, s.M, s.N, s.K, float32(s.Alpha), pa, pb, float32(s.Beta), pc)
	})
}

func (c *cudaBackend) GemmBatched(batch int, s GemmSpec, a, b, out []float64) error {
	if err := s.check(batch, len(a), len(b), len(out)); err != nil {
		return err
	}
	if batch == 0 || s.M == 0 || s.N == 0 {
		return nil
	}
	if s.K == 0 {
		gemm64(GemmSpec{M: 1, N: len(out), K: 0, Beta: s.Beta}, nil, nil, out)
		return nil
	}
	return c.gemmKernel(batch, s, a, b, out)
}

// gemmKernel runs gemm_batched_f32.
func (c *cudaBackend) gemmKernel(batch int, s GemmSpec, a, b, out []float64) error {
	gy := (s.M + gemmTile - 1) / gemmTile
	if gy > maxGridYZ {
		return fmt.Errorf("accel: cuda batched gemm supports M up to %d, got %d; split the rows", maxGridYZ*gemmTile, s.M)
	}
	fn, err := c.dev.Builtin(cuda.KernelGemmBatched)
	if err != nil {
		return err
	}
	grid := cuda.Dim3{X: uint32((s.N + gemmTile - 1) / gemmTile), Y: uint32(gy), Z: uint32(min(batch, maxGridYZ))}
	block := cuda.Dim3{X: gemmTile, Y: gemmTile, Z: 1}
	return c.withBuffers(s, a, b, out, func(pa, pb, pc cuda.DevicePtr) error {
		return c.dev.Launch(fn, grid, block, 0,
			cuda.Int32(int32(batch)), cuda.Int32(int32(s.M)), cuda.Int32(int32(s.N)), cuda.Int32(int32(s.K)),
			cuda.Int32(boolInt(s.TransA)), cuda.Int32(boolInt(s.TransB)),
			cuda.Float32(float32(s.Alpha)), cuda.Ptr(pa), cuda.Int64(int64(s.M*s.K)),
			cuda.Ptr(pb), cuda.Int64(int64(s.K*s.N)),
			cuda.Float32(float32(s.Beta)), cuda.Ptr(pc), cuda.Int64(int64(s.M*s.N)))
	})
}

// withBuffers uploads a and b (and out, unless Beta is 0 and C is only
// written), runs f on the device pointers, and downloads the result to out.
func (c *cudaBackend) withBuffers(s GemmSpec, a, b, out []float64, f func(pa, pb, pc cuda.DevicePtr) error) (err error) {
	var bufs scratch
	defer func() { err = errors.Join(err, bufs.free(c.dev)) }()
	pa, err := bufs.upload(c.dev, a)
	if err != nil {
		return err
	}
	pb, err := bufs.upload(c.dev, b)
	if err != nil {
		return err
	}
	var pc cuda.DevicePtr
	if s.Beta == 0 {
		pc, err = bufs.alloc(c.dev, len(out))
	} else {
		pc, err = bufs.upload(c.dev, out)
	}
	if err != nil {
		return err
	}
	if err := f(pa, pb, pc); err != nil {
		return err
	}
	return download(c.dev, out, pc)
}

func (c *cudaBackend) SigmoidSlope(slope float64, x, y []float64) (err error) {
	if err := checkUnary("SigmoidSlope", x, y); err != nil {
		return err
	}
	if len(x) == 0 {
		return nil
	}
	fn, err := c.dev.Builtin(cuda.KernelSigmoidSlope)
	if err != nil {
		return err
	}
	var bufs scratch
	defer func() { err = errors.Join(err, bufs.free(c.dev)) }()
	p, err := bufs.upload(c.dev, x)
	if err != nil {
		return err
	}
	blocks := min((len(x)+elemBlock-1)/elemBlock, maxElemBlocks)
	// In place on the device: each thread reads x[i] before writing y[i].
	err = c.dev.Launch(fn, cuda.Dim3{X: uint32(blocks), Y: 1, Z: 1}, cuda.Dim3{X: elemBlock, Y: 1, Z: 1}, 0,
		cuda.Int32(int32(len(x))), cuda.Float32(float32(slope)), cuda.Ptr(p), cuda.Ptr(p))
	if err != nil {
		return err
	}
	return download(c.dev, y, p)
}

// scratch tracks the device buffers of one call, to free them all at its end.
type scratch struct{ ptrs []cuda.DevicePtr }

// alloc allocates a device buffer of n floats.
func (s *scratch) alloc(d *cuda.Device, n int) (cuda.DevicePtr, error) {
	return s.allocBytes(d, 4*uint64(n))
}

// allocBytes allocates a device buffer of n bytes and tracks it.
func (s *scratch) allocBytes(d *cuda.Device, n uint64) (cuda.DevicePtr, error) {
	p, err := d.Alloc(n)
	if err == nil {
		s.ptrs = append(s.ptrs, p)
	}
	return p, err
}

// upload converts x to float32 and copies it into a new device buffer.
func (s *scratch) upload(d *cuda.Device, x []float64) (cuda.DevicePtr, error) {
	p, err := s.alloc(d, len(x))
	if err != nil {
		return 0, err
	}
	f := make([]float32, len(x))
	for i, v := range x {
		f[i] = float32(v)
	}
	return p, d.Upload(p, f)
}

// alloc64 allocates a device buffer of n doubles.
func (s *scratch) alloc64(d *cuda.Device, n int) (cuda.DevicePtr, error) {
	return s.allocBytes(d, 8*uint64(n))
}

// upload64 copies x, unconverted, into a new device buffer of doubles.
func (s *scratch) upload64(d *cuda.Device, x []float64) (cuda.DevicePtr, error) {
	p, err := s.alloc64(d, max(len(x), 1))
	if err != nil {
		return 0, err
	}
	return p, d.UploadFloat64(p, x)
}

// uploadInt32 copies x into a new device buffer of C ints.
func (s *scratch) uploadInt32(d *cuda.Device, x []int32) (cuda.DevicePtr, error) {
	p, err := s.allocBytes(d, 4*uint64(max(len(x), 1)))
	if err != nil {
		return 0, err
	}
	return p, d.UploadInt32(p, x)
}

func (s *scratch) free(d *cuda.Device) error {
	var errs []error
	for _, p := range s.ptrs {
		errs = append(errs, d.Free(p))
	}
	s.ptrs = nil
	return errors.Join(errs...)
}

// download copies len(dst) float32s from p into dst as float64.
func download(d *cuda.Device, dst []float64, p cuda.DevicePtr) error {
	f := make([]float32, len(dst))
	if err := d.Download(f, p); err != nil {
		return err
	}
	for i, v := range f {
		dst[i] = float64(v)
	}
	return nil
}

func boolInt(b bool) int32 {
	if b {
		return 1
	}
	return 0
}
