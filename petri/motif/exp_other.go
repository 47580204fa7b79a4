//go:build !amd64

package motif

// hasVectorSigmoid is false: sigmoidScalar does all of sigmoidInPlace.
var hasVectorSigmoid = false

// sigmoidVector is never called off amd64.
func sigmoidVector(x []float64, negS float64) int { return 0 }
