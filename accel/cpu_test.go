package accel

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// naiveGemm is the textbook triple loop the backends are checked against.
func naiveGemm(s GemmSpec, a, b, c []float64) {
	for i := 0; i < s.M; i++ {
		for j := 0; j < s.N; j++ {
			var sum float64
			for p := 0; p < s.K; p++ {
				av := a[i*s.K+p]
				if s.TransA {
					av = a[p*s.M+i]
				}
				bv := b[p*s.N+j]
				if s.TransB {
					bv = b[j*s.K+p]
				}
				sum += av * bv
			}
			if s.Beta == 0 {
				c[i*s.N+j] = s.Alpha * sum
			} else {
				c[i*s.N+j] = s.Alpha*sum + s.Beta*c[i*s.N+j]
			}
		}
	}
}

func randSlice(r *rand.Rand, n int) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = 2*r.Float64() - 1
	}
	return x
}

// gemmCases covers every transpose pair, degenerate and tiny shapes, the
// motif-network sizes, and shapes large enough for gonum's blocked path.
func gemmCases() []GemmSpec {
	var cs []GemmSpec
	for _, sh := range [][3]int{{1, 1, 1}, {3, 4, 5}, {10, 1, 10}, {1, 10, 1}, {17, 33, 9}, {64, 64, 64}, {130, 70, 150}} {
		for _, ta := range []bool{false, true} {
			for _, tb := range []bool{false, true} {
				cs = append(cs, GemmSpec{TransA: ta, TransB: tb, M: sh[0], N: sh[1], K: sh[2], Alpha: 1.5, Beta: 0.25})
			}
		}
	}
	return append(cs, GemmSpec{M: 5, N: 6, K: 7, Alpha: 1}, GemmSpec{M: 4, N: 3, K: 0, Alpha: 1, Beta: 2},
		GemmSpec{M: 0, N: 3, K: 2, Alpha: 1}, GemmSpec{M: 2, N: 2, K: 2, Alpha: -1, Beta: 1})
}

func TestCPUGemm(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	b := CPU()
	for _, s := range gemmCases() {
		A, B := randSlice(r, s.M*s.K), randSlice(r, s.K*s.N)
		C := randSlice(r, s.M*s.N)
		want := append([]float64(nil), C...)
		naiveGemm(s, A, B, want)
		if err := b.Gemm(s, A, B, C); err != nil {
			t.Fatalf("%+v: %v", s, err)
		}
		for i := range C {
			if math.Abs(C[i]-want[i]) > 1e-12*(1+math.Abs(want[i])) {
				t.Fatalf("%+v: C[%d] = %v, want %v", s, i, C[i], want[i])
			}
		}
	}
}

func TestCPUGemmBetaZeroIgnoresC(t *testing.T) {
	C := []float64{math.NaN(), math.Inf(1), math.NaN(), 7}
	if err := CPU().Gemm(GemmSpec{M: 2, N: 2, K: 1, Alpha: 1}, []float64{1, 2}, []float64{3, 4}, C); err != nil {
		t.Fatal(err)
	}
	if want := []float64{3, 4, 6, 8}; !equal(C, want) {
		t.Fatalf("C = %v, want %v (beta 0 must not read C)", C, want)
	}
	C = []float64{math.NaN(), 1}
	if err := CPU().Gemm(GemmSpec{M: 1, N: 2, K: 0, Alpha: 1}, nil, nil, C); err != nil || !equal(C, []float64{0, 0}) {
		t.Fatalf("K=0, beta 0: C = %v, %v; want zeros", C, err)
	}
}

func TestCPUGemmBatched(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, batch := range []int{0, 1, 7, 100} {
		for _, s := range gemmCases() {
			A, B := randSlice(r, batch*s.M*s.K), randSlice(r, batch*s.K*s.N)
			C := randSlice(r, batch*s.M*s.N)
			want := append([]float64(nil), C...)
			sa, sb, sc := s.M*s.K, s.K*s.N, s.M*s.N
			for i := 0; i < batch; i++ {
				naiveGemm(s, A[i*sa:], B[i*sb:], want[i*sc:(i+1)*sc])
			}
			if err := CPU().GemmBatched(batch, s, A, B, C); err != nil {
				t.Fatalf("batch %d %+v: %v", batch, s, err)
			}
			for i := range C {
				if math.Abs(C[i]-want[i]) > 1e-12*(1+math.Abs(want[i])) {
					t.Fatalf("batch %d %+v: C[%d] = %v, want %v", batch, s, i, C[i], want[i])
				}
			}
		}
	}
}

func TestGemmShapeErrors(t *testing.T) {
	s := GemmSpec{M: 2, N: 3, K: 4, TransA: true}
	a, b, c := make([]float64, 8), make([]float64, 12), make([]float64, 6)
	for _, tc := range []struct {
		batch   int
		s       GemmSpec
		a, b, c []float64
		want    string
	}{
		{1, s, a[:7], b, c, "A has 7 elements, want 8 (batch 1 × 4×2, transposed)"},
		{1, s, a, b[:11], c, "B has 11 elements, want 12 (batch 1 × 4×3)"},
		{1, s, a, b, c[:5], "C has 5 elements, want 6"},
		{2, s, a, b, c, "A has 8 elements, want 16"},
		{1, GemmSpec{M: -1}, nil, nil, nil, "negative size"},
	} {
		err := CPU().GemmBatched(tc.batch, tc.s, tc.a, tc.b, tc.c)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("GemmBatched(%d, %+v) = %v, want %q", tc.batch, tc.s, err, tc.want)
		}
	}
	if err := CPU().Gemm(s, a, b, c[:1]); err == nil {
		t.Error("Gemm with a short C succeeded")
	}
}

func TestCPUSigmoidSlope(t *testing.T) {
	x := []float64{0, 1, -1, 2.5, -800, 800, 1e-9}
	y := make([]float64, len(x))
	if err := CPU().SigmoidSlope(2, x, y); err != nil {
		t.Fatal(err)
	}
	for i, v := range x {
		want := 1 / (1 + math.Exp(-2*v))
		if y[i] != want || math.IsNaN(y[i]) {
			t.Errorf("sigmoid(2*%v) = %v, want %v", v, y[i], want)
		}
	}
	if y[0] != 0.5 || y[4] != 0 || y[5] != 1 || math.Abs(y[1]+y[2]-1) > 1e-15 {
		t.Errorf("sigmoid properties fail: %v", y)
	}
	if err := CPU().SigmoidSlope(-3, x, x); err != nil || math.Abs(x[1]-1/(1+math.Exp(3))) > 1e-15 {
		t.Errorf("in place: %v %v", x, err)
	}
	if err := CPU().SigmoidSlope(1, x, y[:2]); err == nil || !strings.Contains(err.Error(), "x has 7 elements but y has 2") {
		t.Errorf("length mismatch = %v", err)
	}
}

func equal(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
