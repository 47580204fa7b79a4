package motif

import "math"

// expTable holds 2^(j/64) for j = 0..63.
var expTable [64]float64

func init() {
	for j := range expTable {
		expTable[j] = math.Exp2(float64(j) / 64)
	}
}

// exp is e^x to within 2 ulp of math.Exp and about 1.5x faster (the
// sigmoid in the inner loop is the dish's hot spot; sigmoidScalar repeats
// this body inside its loop so that nothing is called per element, and
// sigmoidAVX2 does it four lanes at a time).
//
// It writes x = (64e + j) ln2/64 + r with integers e, j (0 <= j < 64) and
// |r| <= ln2/128, so e^x = 2^e * t * e^r with t = 2^(j/64) from a table.
// e^r - 1 is a degree-6 Taylor polynomial (truncation error r^7/7! below
// 1e-19), added as t + t*(e^r - 1) so its rounding stays relative to the
// small term. ln2/64 is split into a head with 21 trailing zero bits (so
// k*head is exact) and a tail, as in fdlibm. Arguments outside (-708, 709),
// where the result is subnormal or overflows, and NaN go to math.Exp.
func exp(x float64) float64 {
	const (
		invLn2N = 64 / math.Ln2
		ln2HiN  = 6.93147180369123816490e-01 / 64
		ln2LoN  = 1.90821492927058770002e-10 / 64
		shift   = 0x1.8p52 // adding and subtracting it rounds to an integer
	)
	if !(x > -708 && x < 709) {
		return math.Exp(x)
	}
	kf := x*invLn2N + shift
	kf -= shift
	k := int64(kf)
	r := x - kf*ln2HiN - kf*ln2LoN
	q := expm1Poly(r)
	t := expTable[k&63]
	return math.Float64frombits(math.Float64bits(t+t*q) + uint64(k>>6)<<52)
}

// sigmoidInPlace replaces every x[i] by sigmoid(s*x[i]) = 1/(1+e^(-s x)).
// Results equal 1/(1+exp(-s*x[i])). Where the CPU has AVX2 (amd64), blocks
// of four whose arguments are all in exp's fast range go through
// sigmoidVector, which does sigmoidScalar's operations four lanes at a
// time, with the same roundings (no fused multiply-add), so the results
// are the same bits.
func sigmoidInPlace(x []float64, s float64) {
	for hasVectorSigmoid && len(x) >= 4 {
		x = x[sigmoidVector(x, -s):]
		if len(x) < 4 {
			break
		}
		sigmoidScalar(x[:4], s) // a block with an argument outside the fast range
		x = x[4:]
	}
	sigmoidScalar(x, s)
}

// sigmoidScalar is sigmoidInPlace one element at a time, with exp's
// algorithm written out in the loop body so that the iterations overlap
// in the CPU.
func sigmoidScalar(x []float64, s float64) {
	const (
		invLn2N = 64 / math.Ln2
		ln2HiN  = 6.93147180369123816490e-01 / 64
		ln2LoN  = 1.90821492927058770002e-10 / 64
		shift   = 0x1.8p52
	)
	for i, a := range x {
		t := -s * a
		if !(t > -708 && t < 709) {
			x[i] = 1 / (1 + math.Exp(t))
			continue
		}
		kf := t*invLn2N + shift
		kf -= shift
		k := int64(kf)
		r := t - kf*ln2HiN - kf*ln2LoN
		q := expm1Poly(r)
		tb := expTable[k&63]
		e := math.Float64frombits(math.Float64bits(tb+tb*q) + uint64(k>>6)<<52)
		x[i] = 1 / (1 + e)
	}
}

// expm1Poly is the degree-6 Taylor polynomial of e^r - 1, evaluated in
// Estrin's scheme: the terms are independent, so the dependency chain is
// 4 operations long instead of Horner's 12 and consecutive calls overlap
// in the CPU.
func expm1Poly(r float64) float64 {
	r2 := r * r
	r4 := r2 * r2
	a := 1.0/2 + r*(1.0/6)
	b := (1.0/24 + r*(1.0/120)) + r2*(1.0/720)
	return r + (r2*a + r4*b)
}
