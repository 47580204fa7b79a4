package cuda

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// stridedRef computes the row-major StridedGemm g on host copies of its
// buffers (a, b, c hold A, B and C from their first element), in float64.
func stridedRef(g StridedGemm, a, b, c []float32) []float64 {
	lda, ldb, ldc := g.LDA, g.LDB, g.LDC
	if lda == 0 {
		lda = g.K
		if g.TransA {
			lda = g.M
		}
	}
	if ldb == 0 {
		ldb = g.N
		if g.TransB {
			ldb = g.K
		}
	}
	if ldc == 0 {
		ldc = g.N
	}
	out := make([]float64, len(c))
	for i, v := range c {
		out[i] = float64(v)
	}
	for q := 0; q < g.Batch; q++ {
		A, B := a[int64(q)*g.StrideA:], b[int64(q)*g.StrideB:]
		C := out[int64(q)*g.StrideC:]
		for i := 0; i < g.M; i++ {
			for j := 0; j < g.N; j++ {
				var s float64
				for p := 0; p < g.K; p++ {
					ia, ib := i*lda+p, p*ldb+j
					if g.TransA {
						ia = p*lda + i
					}
					if g.TransB {
						ib = j*ldb + p
					}
					x, y := A[ia], B[ib]
					s += float64(x) * float64(y)
				}
				if g.Beta == 0 {
					C[i*ldc+j] = float64(g.Alpha) * s
				} else {
					C[i*ldc+j] = float64(g.Alpha)*s + float64(g.Beta)*C[i*ldc+j]
				}
			}
		}
	}
	return out
}

// stridedSpan is the number of floats a matrix of rows×cols with row
// stride ld spans, batch of them stride apart.
func stridedSpan(batch, rows, cols, ld int, stride int64) int {
	return (batch-1)*int(stride) + (rows-1)*ld + cols
}

// TestSgemmStridedBatchedRowMajor checks the row-major to column-major
// mapping of SgemmStridedBatched on the fake driver's column-major
// reference: every transpose combination, padded rows, gaps between the
// matrices, a shared A or B (stride 0), and Beta 0 over NaNs in C.
func TestSgemmStridedBatchedRowMajor(t *testing.T) {
	d, f := openFake(t, Config{NoCache: true})
	defer d.Close()
	rnd := rand.New(rand.NewPCG(1, 2))
	const m, n, k, batch = 3, 4, 5, 3
	for _, ta := range []bool{false, true} {
		for _, tb := range []bool{false, true} {
			for _, c := range []struct {
				name             string
				ldPad            int // floats of padding per row, and 7 times it between matrices
				beta             float32
				nanC             bool
				sharedA, sharedB bool // stride 0
			}{
				{name: "dense", beta: 0.5},
				{name: "padded rows and gaps", ldPad: 2, beta: -1},
				{name: "beta 0 over NaN", ldPad: 1, beta: 0, nanC: true},
				{name: "shared A", beta: 0.25, sharedA: true},
				{name: "shared B", ldPad: 3, beta: 0, sharedB: true},
			} {
				g := StridedGemm{TransA: ta, TransB: tb, M: m, N: n, K: k, Alpha: 1.5, Beta: c.beta, Batch: batch}
				ar, ac := m, k
				if ta {
					ar, ac = k, m
				}
				br, bc := k, n
				if tb {
					br, bc = n, k
				}
				if c.ldPad > 0 {
					g.LDA, g.LDB, g.LDC = ac+c.ldPad, bc+c.ldPad, n+c.ldPad
				}
				lda, ldb, ldc := max(g.LDA, ac), max(g.LDB, bc), max(g.LDC, n)
				gap := int64(c.ldPad * 7)
				g.StrideA = int64((ar-1)*lda+ac) + gap
				g.StrideB = int64((br-1)*ldb+bc) + gap
				g.StrideC = int64((m-1)*ldc+n) + gap
				if c.sharedA {
					g.StrideA = 0
				}
				if c.sharedB {
					g.StrideB = 0
				}
				a := randFloats(rnd, stridedSpan(batch, ar, ac, lda, g.StrideA))
				b := randFloats(rnd, stridedSpan(batch, br, bc, ldb, g.StrideB))
				c0 := randFloats(rnd, stridedSpan(batch, m, n, ldc, g.StrideC)+5) // 5 floats past the last C
				if c.nanC {
					for i := range c0 {
						c0[i] = float32(math.NaN())
					}
				}
				want := stridedRef(g, a, b, c0)
				var err error
				g.A, g.B, g.C, err = upload3(d, a, b, c0)
				if err != nil {
					t.Fatal(err)
				}
				if err := d.SgemmStridedBatched(g); err != nil {
					t.Fatal(err)
				}
				got := make([]float32, len(c0))
				if err := d.Download(got, g.C); err != nil {
					t.Fatal(err)
				}
				what := fmt.Sprintf("transA=%v transB=%v %s", ta, tb, c.name)
				for i := range got {
					w := want[i]
					if math.IsNaN(w) && c.nanC && !inC(i, g, ldc) {
						if !math.IsNaN(float64(got[i])) {
							t.Fatalf("%s: element %d outside every C was written: %v", what, i, got[i])
						}
						continue
					}
					if !(math.Abs(float64(got[i])-w) <= 1e-5*(1+math.Abs(w))) {
						t.Fatalf("%s: C float %d = %v, want %v", what, i, got[i], w)
					}
				}
				// The call cuBLAS sees: operands swapped, m and n exchanged.
				cm := f.strided[len(f.strided)-1]
				if cm.a != g.B || cm.b != g.A || cm.m != n || cm.n != m || cm.transA != tb || cm.transB != ta ||
					cm.lda != ldb || cm.ldb != lda || cm.ldc != ldc || cm.strideA != g.StrideB || cm.strideB != g.StrideA {
					t.Fatalf("%s: cuBLAS call %+v", what, cm)
				}
				for _, p := range []DevicePtr{g.A, g.B, g.C} {
					if err := d.Free(p); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
	}
	if st := d.PoolStats(); st.InUse != 0 {
		t.Fatalf("%d bytes still in use", st.InUse)
	}
}

// inC reports whether float i of the C buffer belongs to one of g's C
// matrices.
func inC(i int, g StridedGemm, ldc int) bool {
	for q := 0; q < g.Batch; q++ {
		off := i - q*int(g.StrideC)
		if off >= 0 && off/ldc < g.M && off%ldc < g.N {
			return true
		}
	}
	return false
}

func randFloats(r *rand.Rand, n int) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(r.Float64()*2 - 1)
	}
	return x
}

func upload3(d *Device, a, b, c []float32) (pa, pb, pc DevicePtr, err error) {
	var ps [3]DevicePtr
	for i, x := range [][]float32{a, b, c} {
		if ps[i], err = d.Alloc(4 * uint64(len(x))); err != nil {
			return 0, 0, 0, err
		}
		if err = d.Upload(ps[i], x); err != nil {
			return 0, 0, 0, err
		}
	}
	return ps[0], ps[1], ps[2], nil
}

// TestSgemmStridedBatchedChecks checks that bad arguments are refused, before
// cuBLAS sees them, with the argument named.
func TestSgemmStridedBatchedChecks(t *testing.T) {
	d, f := openFake(t, Config{NoCache: true})
	defer d.Close()
	ok := StridedGemm{M: 2, N: 3, K: 4, Alpha: 1, A: 0x1000, B: 0x2000, C: 0x3000, StrideA: 8, StrideB: 12, StrideC: 6, Batch: 2}
	for _, c := range []struct {
		edit func(*StridedGemm)
		want string
	}{
		{func(g *StridedGemm) { g.M = 0 }, "M=0; it must be between 1 and 2^31-1"},
		{func(g *StridedGemm) { g.K = -1 }, "K=-1"},
		{func(g *StridedGemm) { g.Batch = 0 }, "Batch=0"},
		{func(g *StridedGemm) { g.B = 0 }, "null pointer"},
		{func(g *StridedGemm) { g.LDA = 3 }, "LDA=3; A as stored has 4 columns per row"},
		{func(g *StridedGemm) { g.TransA, g.LDA = true, 1 }, "LDA=1; A as stored has 2 columns per row"},
		{func(g *StridedGemm) { g.LDB = 2 }, "LDB=2; B as stored has 3 columns per row"},
		{func(g *StridedGemm) { g.TransB, g.LDB = true, 3 }, "LDB=3; B as stored has 4 columns per row"},
		{func(g *StridedGemm) { g.LDC = 2 }, "LDC=2; C as stored has 3 columns"},
		{func(g *StridedGemm) { g.StrideB = -1 }, "StrideB=-1; strides must not be negative"},
		{func(g *StridedGemm) { g.StrideC = 5 }, "StrideC=5; the 2 C matrices of 2×3 (LDC 3) overlap unless StrideC is at least 6"},
		{func(g *StridedGemm) { g.StrideC = 0 }, "StrideC=0"},
	} {
		g := ok
		c.edit(&g)
		if err := d.SgemmStridedBatched(g); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: error %v, want one containing %q", g, err, c.want)
		}
	}
	if len(f.strided) != 0 {
		t.Fatalf("%d bad calls reached cuBLAS", len(f.strided))
	}
	one := ok
	one.Batch, one.StrideC = 1, 0 // a single product may use any StrideC
	if _, err := one.colMajor(); err != nil {
		t.Errorf("Batch 1 with StrideC 0: %v", err)
	}
	d.props.CublasErr = errors.New("libcublas not found")
	if err := d.SgemmStridedBatched(ok); err == nil || !strings.Contains(err.Error(), "SgemmStridedBatched needs cuBLAS: libcublas not found") {
		t.Fatalf("without cuBLAS: %v", err)
	}
}
