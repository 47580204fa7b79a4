package dsl

import (
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"
)

// TestCompiledCallsRunAtCompiledSpeed runs a compiled matrix product of
// 2·368³ ≈ 10⁸ floating-point operations from a cell and directly from
// Go. Interpreted, the same arithmetic takes minutes; through the symbol
// tables it must take about as long as from Go. The bound is loose (3x
// plus a second) so that a busy machine does not make the test flaky.
func TestCompiledCallsRunAtCompiledSpeed(t *testing.T) {
	const n = 368
	data := make([]float64, n*n)
	for i := range data {
		data[i] = float64(i%7) / 7
	}
	a := mat.NewDense(n, n, data)
	var c mat.Dense
	t0 := time.Now()
	c.Mul(a, a)
	direct := time.Since(t0)

	s := newSession(t)
	mustRun(t, s, "const n = 368\ndata := make([]float64, n*n)\nfor i := range data { data[i] = float64(i%7) / 7 }\na := mat.NewDense(n, n, data)\nvar c mat.Dense")
	t0 = time.Now()
	mustRun(t, s, "c.Mul(a, a)")
	cell := time.Since(t0)
	res, _ := mustRun(t, s, "c.At(5, 7)")
	if want := c.At(5, 7); text(res) != trimFloat(want) {
		t.Errorf("cell computed %s, Go %v", text(res), want)
	}
	t.Logf("10^8 flops: direct %v, from a cell %v", direct, cell)
	if cell > 3*direct+time.Second {
		t.Errorf("compiled call from a cell took %v, directly %v: it did not run compiled", cell, direct)
	}
}

func trimFloat(f float64) string {
	data, _, _ := renderValueOf(f)
	return data["text/plain"].(string)
}
