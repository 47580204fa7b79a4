package accel

// GPU tests: every CUDA operation against the CPU backend, with float32
// tolerances derived below, plus timings. Without a GPU each test skips with
// the reason the CUDA layer gives. On the GPU machine:
//
//	go test -c -o accel.test ./accel && ./accel.test -test.run GPU -test.v
//
// In CI, TestFakeCUDA (fakecuda_test.go) runs these same tests against a host
// emulation of the NVIDIA libraries.

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/petridish-go/petridish/accel/cuda"
)

// u is the unit roundoff of float32: a value rounded to float32 carries a
// relative error of at most u.
const u = 1.0 / (1 << 24)

// cudaOrSkip returns the CUDA backend, or skips the test saying why there
// is none.
func cudaOrSkip(t *testing.T) *cudaBackend {
	t.Helper()
	b, err := Select("cuda")
	if err != nil {
		t.Skipf("no CUDA device: %v", err)
	}
	return b.(*cudaBackend)
}

// gemmTolerance bounds |C_gpu - C_cpu| elementwise. The GPU rounds A, B, C,
// alpha and beta to float32 (relative error u each), forms k products
// (error u each) and sums them in some order (cuBLAS and our kernel choose
// differently, with or without FMA). The classical worst-case bound for a
// float32 dot product of length k is γ_k·Σ|a_p||b_p| with γ_k = k·u/(1-k·u)
// (Higham, Accuracy and Stability of Numerical Algorithms, §3.1); the input
// and output roundings add a few u more. So
//
//	tol_ij = (k+5)·u·(|alpha|·(|A||B|)_ij + |beta|·|C_ij|)
//
// holds for any summation order. It is a worst case, not a typical error
// (that is about √k·u), and it is far below what a real bug produces: a
// wrong index, transpose or dropped beta moves an element by O((|A||B|)_ij),
// some 1/((k+5)u) > 10^4 times the tolerance for every k used here.
func gemmTolerance(s GemmSpec, a, b, c0 []float64) []float64 {
	abs := func(x []float64) []float64 {
		y := make([]float64, len(x))
		for i, v := range x {
			y[i] = math.Abs(v)
		}
		return y
	}
	tol := abs(c0)
	naiveGemm(GemmSpec{TransA: s.TransA, TransB: s.TransB, M: s.M, N: s.N, K: s.K,
		Alpha: math.Abs(s.Alpha), Beta: math.Abs(s.Beta)}, abs(a), abs(b), tol)
	for i := range tol {
		tol[i] = float64(s.K+5)*u*tol[i] + 1e-30
	}
	return tol
}

// compareGemm runs one (batched) GEMM on both backends and checks every
// element against gemmTolerance. It returns the largest error/tolerance.
func compareGemm(t *testing.T, g *cudaBackend, batch int, s GemmSpec, viaKernel bool, r *rand.Rand) float64 {
	t.Helper()
	sa, sb, sc := s.M*s.K, s.K*s.N, s.M*s.N
	a, b, c0 := randSlice(r, batch*sa), randSlice(r, batch*sb), randSlice(r, batch*sc)
	want := append([]float64(nil), c0...)
	got := append([]float64(nil), c0...)
	var err error
	switch {
	case viaKernel:
		err = g.gemmKernel(batch, s, a, b, got)
	case batch == 1:
		err = g.Gemm(s, a, b, got)
	default:
		err = g.GemmBatched(batch, s, a, b, got)
	}
	if err != nil {
		t.Fatalf("batch %d %+v: %v", batch, s, err)
	}
	if err := CPU().GemmBatched(batch, s, a, b, want); err != nil {
		t.Fatal(err)
	}
	worst := 0.0
	for i := 0; i < batch; i++ {
		tol := gemmTolerance(s, a[i*sa:(i+1)*sa], b[i*sb:(i+1)*sb], c0[i*sc:(i+1)*sc])
		for j, tl := range tol {
			d := math.Abs(got[i*sc+j] - want[i*sc+j])
			if !(d <= tl) { // also catches NaN
				t.Fatalf("batch %d %+v kernel=%v: C_%d[%d] = %v, CPU %v, |diff| %.3g > tolerance %.3g",
					batch, s, viaKernel, i, j, got[i*sc+j], want[i*sc+j], d, tl)
			}
			worst = max(worst, d/tl)
		}
	}
	return worst
}

func TestGPUGemm(t *testing.T) {
	g := cudaOrSkip(t)
	t.Logf("device: %s", g.Describe())
	r := rand.New(rand.NewPCG(7, 8))
	cases := gemmCases()
	if !testing.Short() {
		cases = append(cases, GemmSpec{M: 512, N: 384, K: 1000, Alpha: 1, Beta: 1}, GemmSpec{TransA: true, M: 300, N: 257, K: 513, Alpha: 0.5})
	}
	worst := 0.0
	for _, s := range cases {
		worst = max(worst, compareGemm(t, g, 1, s, false, r))
		// The built-in kernel too, whether or not cuBLAS took the call above.
		if s.M > 0 && s.N > 0 && s.K > 0 {
			worst = max(worst, compareGemm(t, g, 1, s, true, r))
		}
	}
	t.Logf("Gemm: %d shapes, cuBLAS %v; largest error = %.3f of the tolerance", len(cases), g.dev.Props().CublasErr == nil, worst)
}

func TestGPUGemmBatched(t *testing.T) {
	g := cudaOrSkip(t)
	r := rand.New(rand.NewPCG(9, 10))
	worst := 0.0
	for _, batch := range []int{1, 7, 1000} {
		for _, s := range gemmCases() {
			if s.M*s.N*s.K*batch > 4<<20 {
				continue
			}
			worst = max(worst, compareGemm(t, g, batch, s, false, r))
		}
	}
	// More matrices than grid.z holds (65535): the kernel's batch loop.
	worst = max(worst, compareGemm(t, g, 70000, GemmSpec{M: 2, N: 3, K: 2, Alpha: 1, Beta: 0.5}, false, r))
	t.Logf("GemmBatched: largest error = %.3f of the tolerance", worst)
}

func TestGPUGemmBetaZeroIgnoresC(t *testing.T) {
	g := cudaOrSkip(t)
	c := []float64{math.NaN(), math.Inf(1), math.NaN(), 7}
	for _, kernel := range []bool{false, true} {
		s := GemmSpec{M: 2, N: 2, K: 1, Alpha: 1}
		var err error
		if kernel {
			err = g.gemmKernel(1, s, []float64{1, 2}, []float64{3, 4}, c)
		} else {
			err = g.Gemm(s, []float64{1, 2}, []float64{3, 4}, c)
		}
		if err != nil || !equal(c, []float64{3, 4, 6, 8}) {
			t.Fatalf("kernel=%v: C = %v, %v; want [3 4 6 8] (beta 0 must not read C)", kernel, c, err)
		}
		c = []float64{math.NaN(), math.Inf(1), math.NaN(), 7}
	}
}

// sigmoidTolerance bounds |σ_gpu - σ_cpu| for z = slope·x. The GPU rounds x
// and slope to float32 and multiplies (relative error ≤ 3u in z), expf is
// within 2 ulp = 4u (CUDA Programming Guide, maximum ulp errors, without
// fast math), and 1+e and the division round once each (u). Since
// dσ/dz = σ(1-σ) and σ·e^{-z} = 1-σ, a relative error η in e^{-z} moves σ
// by σ(1-σ)·η, so
//
//	|Δσ| ≤ σ(1-σ)(3u|z| + 4u) + 2uσ ≤ u·(4|z|σ(1-σ) + 8σ),
//
// with slack. Inputs keep |z| ≤ 40, so σ ≥ 4e-18 stays a normal float32 and
// the bound is relative to σ even in the tails.
func sigmoidTolerance(z, sigma float64) float64 {
	return u * (4*math.Abs(z)*sigma*(1-sigma) + 8*sigma)
}

func TestGPUSigmoidSlope(t *testing.T) {
	g := cudaOrSkip(t)
	r := rand.New(rand.NewPCG(11, 12))
	sizes := []int{1, 255, 256, 257, 100003}
	if !testing.Short() {
		sizes = append(sizes, 1<<22+5)
	}
	worst := 0.0
	for _, n := range sizes {
		for _, slope := range []float64{0.1, 1, 5, 10} {
			x := make([]float64, n)
			for i := range x {
				x[i] = 8*r.Float64() - 4
			}
			got, want := make([]float64, n), make([]float64, n)
			if err := g.SigmoidSlope(slope, x, got); err != nil {
				t.Fatal(err)
			}
			_ = CPU().SigmoidSlope(slope, x, want)
			for i := range x {
				tol := sigmoidTolerance(slope*x[i], want[i])
				if d := math.Abs(got[i] - want[i]); !(d <= tol) {
					t.Fatalf("n %d slope %v: σ(%v) = %v, CPU %v, |diff| %.3g > %.3g", n, slope, slope*x[i], got[i], want[i], d, tol)
				} else {
					worst = max(worst, d/tol)
				}
			}
		}
	}
	x := []float64{-1, 0, 1}
	if err := g.SigmoidSlope(1, x, x); err != nil || math.Abs(x[1]-0.5) > 1e-7 || math.Abs(x[0]+x[2]-1) > 1e-6 {
		t.Fatalf("in place: %v, %v", x, err)
	}
	t.Logf("SigmoidSlope: largest error = %.3f of the tolerance", worst)
}

// TestGPUSigmoidGridStride launches the kernel with fewer threads than
// elements (3 blocks of 256 for 10,000), so each thread takes several
// grid-stride steps, and checks every element was computed.
func TestGPUSigmoidGridStride(t *testing.T) {
	g := cudaOrSkip(t)
	d := g.dev
	const n = 10000
	fn, err := d.Builtin(cuda.KernelSigmoidSlope)
	if err != nil {
		t.Fatal(err)
	}
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(i%17)/4 - 2
	}
	px, err := d.Alloc(4 * n)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Free(px)
	py, err := d.Alloc(4 * n)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Free(py)
	if err := d.Upload(px, x); err != nil {
		t.Fatal(err)
	}
	err = d.Launch(fn, cuda.Dim3{X: 3, Y: 1, Z: 1}, cuda.Dim3{X: elemBlock, Y: 1, Z: 1}, 0,
		cuda.Int32(n), cuda.Float32(1.5), cuda.Ptr(px), cuda.Ptr(py))
	if err != nil {
		t.Fatal(err)
	}
	y := make([]float32, n)
	if err := d.Download(y, py); err != nil {
		t.Fatal(err)
	}
	for i := range x {
		z := 1.5 * float64(x[i])
		want := 1 / (1 + math.Exp(-z))
		if diff := math.Abs(float64(y[i]) - want); !(diff <= sigmoidTolerance(z, want)) {
			t.Fatalf("y[%d] = %v, want %v: element not reached by the grid-stride loop, or wrong", i, y[i], want)
		}
	}
}
