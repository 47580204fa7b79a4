package autodiff

import "testing"

// refBinary is binary's general loop (newIter over broadcast operands).
func refBinary(op opKind, a, b []float64, sa, sb shape) []float64 {
	s, _ := broadcastShapes(sa, sb)
	out := make([]float64, s.size())
	it := newIter(s, sa, sb)
	for r := 0; r < it.runs; r++ {
		o := r * it.inner
		binRun(op, 0, out[o:o+it.inner], a, it.off[0], it.inSt[0], b, it.off[1], it.inSt[1])
		it.next()
	}
	return out
}

// refSumTo is sumTo's general loop.
func refSumTo(in []float64, from, to shape) []float64 {
	out := make([]float64, to.size())
	sumIntoGeneral(out, in, from, to)
	return out
}

// refBroadcastTo is broadcastTo's general loop.
func refBroadcastTo(in []float64, from, to shape) []float64 {
	out := make([]float64, to.size())
	it := newIter(to, from)
	for r := 0; r < it.runs; r++ {
		base := r * it.inner
		i, st := it.off[0], it.inSt[0]
		for k := base; k < base+it.inner; k++ {
			out[k] = in[i]
			i += st
		}
		it.next()
	}
	return out
}

// TestBroadcastFastPathsMatchIterator checks Add, Sub, Mul, Div, SumTo and
// BroadcastTo against their general loops bit for bit, for the shapes
// their fast paths take (a scalar, a repeated row: see suffixLen) and for
// shapes they leave to the general loop.
func TestBroadcastFastPathsMatchIterator(t *testing.T) {
	r := newRand(t)
	big := []int{3, 4, 5}
	mk := func(dims ...int) shape { s, _ := makeShape(dims); return s }
	for _, small := range [][]int{{5}, {1, 5}, {1, 1, 5}, {4, 5}, {1}, {}, {1, 1}, {4, 1}, {3, 1, 5}, {3, 4, 1}} {
		x := randInput(r, -1, 1, big...)
		y := randInput(r, 0.5, 2, small...)
		sb, ss := mk(big...), mk(small...)
		for _, op := range []opKind{opAdd, opSub, opMul, opDiv} {
			tp := NewTape()
			X, Y := tp.From(x.data, big...), tp.From(y.data, small...)
			for _, swap := range []bool{false, true} {
				var got Tensor
				var want []float64
				if swap {
					got, want = binary(op, Y, X, 0), refBinary(op, y.data, x.data, ss, sb)
				} else {
					got, want = binary(op, X, Y, 0), refBinary(op, x.data, y.data, sb, ss)
				}
				if !bitsEqual(got.Data(), want) {
					t.Errorf("%s %v %v (swapped %v): %v, general loop %v", opNames[op], big, small, swap, got.Data(), want)
				}
			}
		}
		tp := NewTape()
		X := tp.From(x.data, big...)
		if got, want := X.SumTo(small...), refSumTo(x.data, sb, ss); !bitsEqual(got.Data(), want) {
			t.Errorf("SumTo %v -> %v: %v, general loop %v", big, small, got.Data(), want)
		}
		Y := tp.From(y.data, small...)
		if got, want := Y.BroadcastTo(big...), refBroadcastTo(y.data, ss, sb); !bitsEqual(got.Data(), want) {
			t.Errorf("BroadcastTo %v -> %v: %v, general loop %v", small, big, got.Data(), want)
		}
	}
}
