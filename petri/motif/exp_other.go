//go:build !amd64

package motif

// hasVectorSigmoid is false: sigmoidScalar does all of sigmoidInPlace.
var hasVectorSigmoid = false

// sigmoidVector is never called off amd64.
func sigmoidVector(x []float64, negS float64) int { return 0 }

// hasVectorRows is false: matAdd and outerAdd run their Go loops.
var hasVectorRows = false

// axpyRows is never called off amd64.
func axpyRows(out []float64, nout, ostride, cols int, coef []float64, crs, ccs int, rows []float64, rstride, nterms int) {
}
