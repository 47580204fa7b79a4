package accel

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/petridish-go/petridish/accel/cuda"
)

// meanTime runs f once to warm up (compile, first allocations), then reps
// times, and returns the mean wall time of one run.
func meanTime(reps int, f func() error) (time.Duration, error) {
	if err := f(); err != nil {
		return 0, err
	}
	start := time.Now()
	for i := 0; i < reps; i++ {
		if err := f(); err != nil {
			return 0, err
		}
	}
	return time.Since(start) / time.Duration(reps), nil
}

// TestGPUTimings prints timing figures; it asserts nothing about speed.
// "host" rows include float64↔float32 conversion and PCIe copies, as a
// Backend call does; "device" rows time the kernel alone on resident data
// (launches queued, then one Synchronize).
func TestGPUTimings(t *testing.T) {
	g := cudaOrSkip(t)
	if testing.Short() {
		t.Skip("timings are skipped in -short mode")
	}
	d := g.dev
	r := rand.New(rand.NewPCG(15, 16))
	t.Logf("device: %s", g.Describe())
	row := func(what string, dur time.Duration, flops float64) {
		rate := ""
		if flops > 0 {
			rate = fmt.Sprintf("%9.1f GFLOP/s", flops/dur.Seconds()/1e9)
		}
		t.Logf("%-52s %12.3f ms %s", what, float64(dur.Microseconds())/1000, rate)
	}

	// One large GEMM.
	s := GemmSpec{M: 1024, N: 1024, K: 1024, Alpha: 1}
	a, b, c := randSlice(r, s.M*s.K), randSlice(r, s.K*s.N), make([]float64, s.M*s.N)
	flops := 2 * float64(s.M*s.N*s.K)
	for _, be := range []Backend{CPU(), g} {
		dur, err := meanTime(3, func() error { return be.Gemm(s, a, b, c) })
		if err != nil {
			t.Fatal(err)
		}
		row(fmt.Sprintf("Gemm 1024³ host, %s", be.Name()), dur, flops)
	}
	for _, n := range []int{1024, 4096} {
		dur, err := deviceGemm(d, n)
		if err != nil {
			t.Fatal(err)
		}
		row(fmt.Sprintf("Sgemm %d³ device, cuBLAS", n), dur, 2*float64(n)*float64(n)*float64(n))
	}

	// 1000 motif-network-sized GEMMs.
	const batch = 1000
	s = GemmSpec{M: 10, N: 10, K: 10, Alpha: 1}
	a, b, c = randSlice(r, batch*100), randSlice(r, batch*100), make([]float64, batch*100)
	flops = 2 * batch * 1000
	for _, be := range []Backend{CPU(), g} {
		dur, err := meanTime(20, func() error { return be.GemmBatched(batch, s, a, b, c) })
		if err != nil {
			t.Fatal(err)
		}
		row(fmt.Sprintf("GemmBatched 1000×(10×10×10) host, %s", be.Name()), dur, flops)
	}
	dur, err := deviceBatched(d, batch, 10)
	if err != nil {
		t.Fatal(err)
	}
	row("GemmBatched 1000×(10×10×10) device, gemm_batched_f32", dur, flops)

	// An elementwise pass over 16M elements.
	n := 1 << 24
	x, y := randSlice(r, n), make([]float64, n)
	for _, be := range []Backend{CPU(), g} {
		dur, err := meanTime(3, func() error { return be.SigmoidSlope(2, x, y) })
		if err != nil {
			t.Fatal(err)
		}
		row(fmt.Sprintf("SigmoidSlope 2^24 host, %s", be.Name()), dur, 0)
	}
	dur, err = deviceSigmoid(d, n)
	if err != nil {
		t.Fatal(err)
	}
	row(fmt.Sprintf("SigmoidSlope 2^24 device (%.0f GB/s)", 8*float64(n)/dur.Seconds()/1e9), dur, 0)
}

// deviceBuffers allocates and fills float32 buffers of the given lengths.
func deviceBuffers(d *cuda.Device, lens ...int) ([]cuda.DevicePtr, func(), error) {
	var ptrs []cuda.DevicePtr
	free := func() {
		for _, p := range ptrs {
			_ = d.Free(p)
		}
	}
	for _, n := range lens {
		p, err := d.Alloc(4 * uint64(n))
		if err != nil {
			free()
			return nil, nil, err
		}
		ptrs = append(ptrs, p)
		host := make([]float32, n)
		for i := range host {
			host[i] = float32(i%13) / 13
		}
		if err := d.Upload(p, host); err != nil {
			free()
			return nil, nil, err
		}
	}
	return ptrs, free, nil
}

// deviceTime queues reps launches and synchronizes once.
func deviceTime(d *cuda.Device, reps int, launch func() error) (time.Duration, error) {
	if err := launch(); err != nil {
		return 0, err
	}
	if err := d.Synchronize(); err != nil {
		return 0, err
	}
	start := time.Now()
	for i := 0; i < reps; i++ {
		if err := launch(); err != nil {
			return 0, err
		}
	}
	if err := d.Synchronize(); err != nil {
		return 0, err
	}
	return time.Since(start) / time.Duration(reps), nil
}

func deviceGemm(d *cuda.Device, n int) (time.Duration, error) {
	p, free, err := deviceBuffers(d, n*n, n*n, n*n)
	if err != nil {
		return 0, err
	}
	defer free()
	return deviceTime(d, 10, func() error { return d.Sgemm(false, false, n, n, n, 1, p[0], p[1], 0, p[2]) })
}

func deviceBatched(d *cuda.Device, batch, n int) (time.Duration, error) {
	p, free, err := deviceBuffers(d, batch*n*n, batch*n*n, batch*n*n)
	if err != nil {
		return 0, err
	}
	defer free()
	fn, err := d.Builtin(cuda.KernelGemmBatched)
	if err != nil {
		return 0, err
	}
	sz := int64(n * n)
	grid := cuda.Dim3{X: uint32((n + gemmTile - 1) / gemmTile), Y: uint32((n + gemmTile - 1) / gemmTile), Z: uint32(min(batch, maxGridYZ))}
	return deviceTime(d, 100, func() error {
		return d.Launch(fn, grid, cuda.Dim3{X: gemmTile, Y: gemmTile, Z: 1}, 0,
			cuda.Int32(int32(batch)), cuda.Int32(int32(n)), cuda.Int32(int32(n)), cuda.Int32(int32(n)),
			cuda.Int32(0), cuda.Int32(0), cuda.Float32(1), cuda.Ptr(p[0]), cuda.Int64(sz),
			cuda.Ptr(p[1]), cuda.Int64(sz), cuda.Float32(0), cuda.Ptr(p[2]), cuda.Int64(sz))
	})
}

func deviceSigmoid(d *cuda.Device, n int) (time.Duration, error) {
	p, free, err := deviceBuffers(d, n, n)
	if err != nil {
		return 0, err
	}
	defer free()
	fn, err := d.Builtin(cuda.KernelSigmoidSlope)
	if err != nil {
		return 0, err
	}
	blocks := uint32(min((n+elemBlock-1)/elemBlock, maxElemBlocks))
	return deviceTime(d, 20, func() error {
		return d.Launch(fn, cuda.Dim3{X: blocks, Y: 1, Z: 1}, cuda.Dim3{X: elemBlock, Y: 1, Z: 1}, 0,
			cuda.Int32(int32(n)), cuda.Float32(2), cuda.Ptr(p[0]), cuda.Ptr(p[1]))
	})
}

// TestGPUUnrolledMLPTimings prints the cost of the dish's outer step on
// the GPU: ScoreGradMLPs for 15 and 1000 motif-networks (10-1-1-10, 10
// samples, 250 Adam steps), the whole outer step with the reduction and
// Adam on the device (OuterMLP.Step) for the same, and ScoreMLPs
// (Predict) throughput for 100,000, with several motifs packed into a
// block and with one per block.
// Times are per call from the host, uploads and downloads included. It
// asserts nothing about speed; on the host emulation (accel/fakecuda)
// the sizes shrink so that the run stays short.
func TestGPUUnrolledMLPTimings(t *testing.T) {
	g := cudaOrSkip(t)
	if testing.Short() {
		t.Skip("timings are skipped in -short mode")
	}
	small, large, predict, steps := 15, 1000, 100000, 250
	if strings.Contains(g.dev.Props().Name, "emulation") {
		// Every __syncthreads wakes a block's worth of host threads.
		large, predict, steps = 30, 200, 20
	}
	t.Logf("device: %s", g.Describe())
	p := newUnrolledProblem([]int{10, 1, 1, 10}, 10, steps, 60)
	p.spec.Steps = steps
	lay, err := newUnrolledLayout(p.spec)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("one block per motif: ScoreMLPs %d threads, %d B shared; ScoreGradMLPs %d threads, %d B shared, %d B trajectory",
		lay.block(false), 8*lay.scoreState, lay.block(true), 8*lay.gradState, 8*lay.traj)
	slopes := func(n int) []float64 {
		s := make([]float64, n)
		for i := range s {
			s[i] = 0.05 + 3*float64(i)/float64(n)
		}
		return s
	}
	nx := p.spec.InputLen()
	for _, n := range []int{small, large} {
		sl := slopes(n)
		sc, gt, gv := make([]float64, n), make([]float64, n*nx), make([]float64, n*nx)
		dur, err := meanTime(3, func() error {
			return g.ScoreGradMLPs(p.spec, sl, p.theta0, p.xTrain, p.xValid, p.label, sc, gt, gv)
		})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%-52s %12.3f ms", fmt.Sprintf("ScoreGradMLPs %d motifs, 10-1-1-10, %d steps", n, steps), float64(dur.Microseconds())/1000)
	}
	// The whole outer step on the device (OuterMLP.Step): the same
	// kernel, then the z-scored MSE, the reduction over motifs and Adam,
	// with only the scores and the loss coming back.
	for _, n := range []int{small, large} {
		sl := slopes(n)
		o, err := g.NewOuterMLP(p.spec, testOuterSpec, sl, p.theta0, p.label, outerTargets(sl), p.xTrain, p.xValid)
		if err != nil {
			t.Fatal(err)
		}
		sc := make([]float64, n)
		dur, err := meanTime(3, func() error { _, err := o.Step(1e-3, sc); return err })
		if err == nil {
			err = o.Close()
		}
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%-52s %12.3f ms", fmt.Sprintf("OuterMLP.Step %d motifs, 10-1-1-10, %d steps", n, steps), float64(dur.Microseconds())/1000)
	}
	// Predict: packed several motifs to a block (the default for this
	// many), and one motif per block, to compare.
	sl := slopes(predict)
	sc := make([]float64, predict)
	defer func() { unrolledPacking = true }()
	for _, packing := range []bool{true, false} {
		unrolledPacking = packing
		plan, err := g.planUnrolled(p.spec, predict, false)
		if err != nil {
			t.Fatal(err)
		}
		dur, err := meanTime(1, func() error {
			return g.ScoreMLPs(p.spec, sl, p.theta0, p.xTrain, p.xValid, p.label, sc)
		})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%-52s %12.3f ms %12.0f motifs/s", fmt.Sprintf("ScoreMLPs %d motifs, %d steps, %d per block", predict, steps, plan.perBlock),
			float64(dur.Microseconds())/1000, float64(predict)/dur.Seconds())
	}
}
