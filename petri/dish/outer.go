package dish

import (
	"fmt"
	"math"
	"sort"
)

// meanStd returns the mean and population standard deviation of x.
func meanStd(x []float64) (mean, std float64) {
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	var ss float64
	for _, v := range x {
		ss += (v - mean) * (v - mean)
	}
	return mean, math.Sqrt(ss / float64(len(x)))
}

// zscore returns (x - mean)/std with the population std; it fails if all
// values are equal.
func zscore(x []float64) ([]float64, error) {
	mean, std := meanStd(x)
	if !(std > 0) {
		return nil, fmt.Errorf("all %d values are equal (%v); they cannot be z-normalised", len(x), x[0])
	}
	z := make([]float64, len(x))
	for i, v := range x {
		z[i] = (v - mean) / std
	}
	return z, nil
}

// zMSE returns mean((z(scores) - gtZ)^2) and its gradient with respect to
// the raw scores. gtZ is the already standardised ground truth.
//
// With z = (s - mean)/std and a = dMSE/dz = 2(z - gtZ)/M, the gradient
// through the (population) standardisation is
// (a - mean(a) - z*mean(a*z)) / std.
func zMSE(scores, gtZ []float64) (float64, []float64, error) {
	M := float64(len(scores))
	mean, std := meanStd(scores)
	if !(std > 0) {
		return 0, nil, errSameScores(scores[0])
	}
	z := make([]float64, len(scores))
	a := make([]float64, len(scores))
	var mse, ma, maz float64
	for i, s := range scores {
		z[i] = (s - mean) / std
		d := z[i] - gtZ[i]
		mse += d * d
		a[i] = 2 * d / M
		ma += a[i]
		maz += a[i] * z[i]
	}
	mse /= M
	ma /= M
	maz /= M
	grad := make([]float64, len(scores))
	for i := range grad {
		grad[i] = (a[i] - ma - z[i]*maz) / std
	}
	return mse, grad, nil
}

// errSameScores is zMSE's error for scores without spread, the first of
// which is s (the device's outer step reports it too).
func errSameScores(s float64) error {
	return fmt.Errorf("every motif got the same dish score %v, so scores cannot be z-normalised; try another seed or larger init_std", s)
}

// sumSquares returns sum(x^2).
func sumSquares(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v * v
	}
	return s
}

// ranks returns the 1-based ranks of x, ties sharing their average rank.
func ranks(x []float64) []float64 {
	idx := make([]int, len(x))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return x[idx[a]] < x[idx[b]] })
	r := make([]float64, len(x))
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && x[idx[j+1]] == x[idx[i]] {
			j++
		}
		avg := float64(i+j)/2 + 1
		for k := i; k <= j; k++ {
			r[idx[k]] = avg
		}
		i = j + 1
	}
	return r
}

// Spearman returns the Spearman rank correlation of a and b (Pearson
// correlation of their ranks, ties sharing their average rank). It is NaN
// if either has fewer than two distinct values or the lengths differ.
func Spearman(a, b []float64) float64 {
	if len(a) != len(b) || len(a) < 2 {
		return math.NaN()
	}
	ra, rb := ranks(a), ranks(b)
	ma, sa := meanStd(ra)
	mb, sb := meanStd(rb)
	if sa == 0 || sb == 0 {
		return math.NaN()
	}
	var c float64
	for i := range ra {
		c += (ra[i] - ma) * (rb[i] - mb)
	}
	return c / float64(len(ra)) / (sa * sb)
}
