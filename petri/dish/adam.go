package dish

import "math"

// adam is the outer loop's optimiser state for one parameter vector, with
// the same update as the inner loop (second moment started at eps^4).
type adam struct {
	m, v []float64
	t    int
}

func newAdam(n int, eps float64) *adam {
	a := &adam{m: make([]float64, n), v: make([]float64, n)}
	v0 := eps * eps * eps * eps
	for i := range a.v {
		a.v[i] = v0
	}
	return a
}

// step applies one Adam update to x with gradient g.
func (a *adam) step(x, g []float64, lr, b1, b2, eps float64) {
	a.t++
	c1 := 1 / (1 - math.Pow(b1, float64(a.t)))
	c2 := 1 / (1 - math.Pow(b2, float64(a.t)))
	for i, gi := range g {
		a.m[i] = (1-b1)*gi + b1*a.m[i]
		a.v[i] = (1-b2)*(gi*gi) + b2*a.v[i]
		x[i] -= lr * (a.m[i] * c1) / (math.Sqrt(a.v[i]*c2) + eps)
	}
}
