package accel

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/petridish-go/petridish/accel/cuda"
)

// TestGPUSgemmStridedBatched checks cuda.Device.SgemmStridedBatched, through
// cuBLAS, against a float64 row-major host reference: every transpose
// combination, with dense and padded rows, gaps between the matrices, a
// shared A (stride 0), and Beta 0 over a C full of NaNs (which must be
// written, not read, and left alone outside the C matrices). The tolerance
// is gemmTolerance's, (K+5)·u·(|α|·(|A||B|)_ij + |β|·|C_ij|), for the same
// reasons. It skips where cuBLAS did not load.
func TestGPUSgemmStridedBatched(t *testing.T) {
	g := cudaOrSkip(t)
	d := g.dev
	if err := d.Props().CublasErr; err != nil {
		t.Skipf("no cuBLAS: %v", err)
	}
	rnd := rand.New(rand.NewPCG(61, 62))
	inUse := d.PoolStats().InUse
	const m, n, k, batch = 5, 7, 13, 4
	worst := 0.0
	for _, ta := range []bool{false, true} {
		for _, tb := range []bool{false, true} {
			for _, c := range []struct {
				name    string
				pad     int // floats after each row, and 3 times it between matrices
				beta    float32
				nanC    bool
				sharedA bool
			}{
				{name: "dense", beta: 0.5},
				{name: "padded", pad: 3, beta: -1.25},
				{name: "beta 0 over NaN", pad: 1, nanC: true},
				{name: "shared A", pad: 2, beta: 1, sharedA: true},
			} {
				what := fmt.Sprintf("transA=%v transB=%v %s", ta, tb, c.name)
				ar, ac := m, k
				if ta {
					ar, ac = k, m
				}
				br, bc := k, n
				if tb {
					br, bc = n, k
				}
				lda, ldb, ldc := ac+c.pad, bc+c.pad, n+c.pad
				gs := cuda.StridedGemm{TransA: ta, TransB: tb, M: m, N: n, K: k, Alpha: -0.75, Beta: c.beta,
					LDA: lda, LDB: ldb, LDC: ldc, Batch: batch,
					StrideA: int64(ar*lda + 3*c.pad), StrideB: int64(br*ldb + 3*c.pad), StrideC: int64(m*ldc + 3*c.pad)}
				if c.sharedA {
					gs.StrideA = 0
				}
				span := func(stride int64, rows, ld int) int { return (batch-1)*int(stride) + rows*ld }
				a := randSlice(rnd, span(gs.StrideA, ar, lda))
				b := randSlice(rnd, span(gs.StrideB, br, ldb))
				c0 := randSlice(rnd, span(gs.StrideC, m, ldc))
				if c.nanC {
					for i := range c0 {
						c0[i] = math.NaN()
					}
				}
				// The reference and its tolerance, and which floats of C are in a matrix.
				want, tol := append([]float64(nil), c0...), make([]float64, len(c0))
				inC := make([]bool, len(c0))
				for q := 0; q < batch; q++ {
					A, B, C := int(int64(q)*gs.StrideA), int(int64(q)*gs.StrideB), q*int(gs.StrideC)
					for i := 0; i < m; i++ {
						for j := 0; j < n; j++ {
							var s, abs float64
							for p := 0; p < k; p++ {
								ia, ib := A+i*lda+p, B+p*ldb+j
								if ta {
									ia = A + p*lda + i
								}
								if tb {
									ib = B + j*ldb + p
								}
								s += a[ia] * b[ib]
								abs += math.Abs(a[ia] * b[ib])
							}
							o := C + i*ldc + j
							inC[o] = true
							alpha, beta := float64(gs.Alpha), float64(gs.Beta)
							if beta == 0 {
								want[o], tol[o] = alpha*s, float64(k+5)*u*math.Abs(alpha)*abs
							} else {
								want[o] = alpha*s + beta*c0[o]
								tol[o] = float64(k+5) * u * (math.Abs(alpha)*abs + math.Abs(beta*c0[o]))
							}
						}
					}
				}
				var ps [3]cuda.DevicePtr
				for i, x := range [][]float64{a, b, c0} {
					p, err := d.Alloc(4 * uint64(len(x)))
					if err != nil {
						t.Fatal(err)
					}
					if err := d.Upload(p, clfF32(x)); err != nil {
						t.Fatal(err)
					}
					ps[i] = p
				}
				gs.A, gs.B, gs.C = ps[0], ps[1], ps[2]
				if err := d.SgemmStridedBatched(gs); err != nil {
					t.Fatalf("%s: %v", what, err)
				}
				got := make([]float32, len(c0))
				if err := d.Download(got, gs.C); err != nil {
					t.Fatal(err)
				}
				for i, v := range got {
					switch {
					case !inC[i]:
						if !(float64(v) == float64(float32(c0[i])) || c.nanC && math.IsNaN(float64(v))) {
							t.Fatalf("%s: float %d of the C buffer, outside every C matrix, changed from %v to %v", what, i, c0[i], v)
						}
					case !(math.Abs(float64(v)-want[i]) <= tol[i]+1e-30):
						t.Fatalf("%s: C float %d = %v, want %v ± %.3g", what, i, v, want[i], tol[i])
					default:
						worst = max(worst, math.Abs(float64(v)-want[i])/(tol[i]+1e-30))
					}
				}
				for _, p := range ps {
					if err := d.Free(p); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
	}
	t.Logf("SgemmStridedBatched: largest error = %.3f of the tolerance", worst)
	// The checks run before cuBLAS and name the argument.
	err := d.SgemmStridedBatched(cuda.StridedGemm{M: 2, N: 3, K: 4, A: 1 << 12, B: 1 << 12, C: 1 << 12, LDB: 2, Batch: 1})
	if err == nil || !strings.Contains(err.Error(), "LDB=2; B as stored has 3 columns per row") {
		t.Errorf("LDB too small: %v", err)
	}
	if st := d.PoolStats(); st.InUse != inUse {
		t.Errorf("device memory in use: %d bytes before, %d after", inUse, st.InUse)
	}
}
