//go:build !amd64

package groundtruth

// axpy sets y[i] += a*x[i] for i < len(x); len(y) must be at least len(x).
func axpy(a float64, x, y []float64) { impl.Daxpy(len(x), a, x, 1, y, 1) }

// adamVector reports false: mlp.adam's Go loop does the update.
func adamVector(p, g, m, v []float64, c *adamConsts) bool { return false }
