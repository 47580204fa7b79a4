package groundtruth

import "testing"

// BenchmarkTrainRunSSE2 is BenchmarkTrainRun with gonum's SSE2 Daxpy in
// place of the AVX axpy, for the comparison.
func BenchmarkTrainRunSSE2(b *testing.B) {
	defer func(v bool) { hasAVX = v }(hasAVX)
	hasAVX = false
	BenchmarkTrainRun(b)
}
