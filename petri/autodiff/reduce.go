package autodiff

import (
	"fmt"
	"math"
)

// SumTo returns x summed down to the given shape, which must broadcast to
// x's shape (the reverse of BroadcastTo): summed dimensions are those that
// are missing or 1 in shape.
func (x Tensor) SumTo(shape ...int) Tensor {
	t := x.tp
	if t == nil {
		return Tensor{}
	}
	s, err := makeShape(shape)
	if err != nil {
		return t.failOp("SumTo", fmt.Sprintf("target %v: %v", dimsString(shape), err), x)
	}
	return t.sumTo(x, s)
}

// BroadcastTo returns x repeated along dimensions that are missing or 1 so
// that it has the given shape (numpy broadcasting rules).
func (x Tensor) BroadcastTo(shape ...int) Tensor {
	t := x.tp
	if t == nil {
		return Tensor{}
	}
	s, err := makeShape(shape)
	if err != nil {
		return t.failOp("BroadcastTo", fmt.Sprintf("target %v: %v", dimsString(shape), err), x)
	}
	return t.broadcastTo(x, s)
}

func (t *Tape) sumTo(x Tensor, s shape) Tensor {
	if !t.usable("SumTo", x) {
		return t.poison()
	}
	n := t.node(x)
	if n.shape.equal(s) {
		return x
	}
	if !canBroadcastTo(s, n.shape) {
		return t.failOp("SumTo", fmt.Sprintf("target shape %v does not broadcast to the input shape; each target dimension must equal the input's or be 1", s), x)
	}
	out := t.arena.allocZero(s.size())
	in := n.data
	sumInto(out, in, n.shape, s)
	return t.push(node{op: opSumTo, nin: 1, shape: s, data: out, in: [3]int32{x.id}})
}

// sumInto adds in (shape from) into out (shape to, which broadcasts to
// from): SumTo's arithmetic, into a zeroed out.
func sumInto(out, in []float64, from, to shape) {
	if sumToFast(out, in, from, to) {
		return
	}
	sumIntoGeneral(out, in, from, to)
}

// sumIntoGeneral is sumInto's loop for any broadcast, which its fast
// paths must agree with.
func sumIntoGeneral(out, in []float64, from, to shape) {
	it := newIter(from, to)
	for r := 0; r < it.runs; r++ {
		base := r * it.inner
		o, st := it.off[0], it.inSt[0]
		if st == 0 {
			acc := 0.0
			for _, v := range in[base : base+it.inner] {
				acc += v
			}
			out[o] += acc
		} else {
			for _, v := range in[base : base+it.inner] {
				out[o] += v
				o += st
			}
		}
		it.next()
	}
}

// sumToFast sums in (shape from) into the zeroed out (shape to) for the
// two common cases, adding in exactly the order of the general loop of
// sumTo, and reports whether it did: a one-element target (a sum per run
// along the last dimension, the runs then added in order) and a target
// that repeats along the input with the input's last dimension (see
// suffixLen; rows added in order).
func sumToFast(out, in []float64, from, to shape) bool {
	if from.rank == 0 || len(in) == 0 {
		return false
	}
	inner := from.dims[from.rank-1]
	if len(out) == 1 {
		for base := 0; base < len(in); base += inner {
			acc := 0.0
			for _, v := range in[base : base+inner] {
				acc += v
			}
			out[0] += acc
		}
		return true
	}
	n, ok := suffixLen(to, from)
	if !ok || to.rank == 0 || to.dims[to.rank-1] != inner || inner == 1 {
		return false
	}
	for base := 0; base < len(in); base += n {
		for k, v := range in[base : base+n] {
			out[k] += v
		}
	}
	return true
}

func (t *Tape) broadcastTo(x Tensor, s shape) Tensor {
	if !t.usable("BroadcastTo", x) {
		return t.poison()
	}
	n := t.node(x)
	if n.shape.equal(s) {
		return x
	}
	if !canBroadcastTo(n.shape, s) {
		return t.failOp("BroadcastTo", fmt.Sprintf("cannot broadcast to %v; each input dimension must equal the target's or be 1", s), x)
	}
	out := t.arena.alloc(s.size())
	in := n.data
	if k, ok := suffixLen(n.shape, s); ok {
		if k == 1 {
			for i := range out {
				out[i] = in[0]
			}
		} else {
			for o := 0; o < len(out); o += k {
				copy(out[o:o+k], in)
			}
		}
		return t.push(node{op: opBroadcastTo, nin: 1, shape: s, data: out, in: [3]int32{x.id}})
	}
	it := newIter(s, n.shape)
	for r := 0; r < it.runs; r++ {
		base := r * it.inner
		i, st := it.off[0], it.inSt[0]
		if st == 0 {
			v := in[i]
			for k := base; k < base+it.inner; k++ {
				out[k] = v
			}
		} else {
			copy(out[base:base+it.inner], in[i:i+it.inner])
		}
		it.next()
	}
	return t.push(node{op: opBroadcastTo, nin: 1, shape: s, data: out, in: [3]int32{x.id}})
}

// reduceShapes returns the kept-dims and dropped-dims shapes for reducing
// axes of s (all axes when none are given).
func reduceShapes(s shape, axes []int) (keep, drop shape, count int, err error) {
	var mask [MaxRank]bool
	if len(axes) == 0 {
		for i := 0; i < s.rank; i++ {
			mask[i] = true
		}
	}
	for _, a := range axes {
		ax, ok := normAxis(a, s.rank)
		if !ok {
			return keep, drop, 0, fmt.Errorf("axis %d is out of range for rank %d; use 0..%d or negative from the end", a, s.rank, s.rank-1)
		}
		if mask[ax] {
			return keep, drop, 0, fmt.Errorf("axis %d is given twice", a)
		}
		mask[ax] = true
	}
	keep = s
	count = 1
	for i := 0; i < s.rank; i++ {
		if mask[i] {
			count *= s.dims[i]
			keep.dims[i] = 1
		} else {
			drop.dims[drop.rank] = s.dims[i]
			drop.rank++
		}
	}
	return keep, drop, count, nil
}

// Sum returns x summed over the given axes, which are removed from the
// shape; with no axes it sums everything into a scalar. Negative axes
// count from the end.
func (x Tensor) Sum(axes ...int) Tensor { return x.reduce("Sum", false, false, axes) }

// SumKeep is Sum keeping the summed axes with size 1.
func (x Tensor) SumKeep(axes ...int) Tensor { return x.reduce("SumKeep", true, false, axes) }

// Mean returns the mean of x over the given axes, which are removed; with
// no axes it averages everything into a scalar.
func (x Tensor) Mean(axes ...int) Tensor { return x.reduce("Mean", false, true, axes) }

// MeanKeep is Mean keeping the averaged axes with size 1.
func (x Tensor) MeanKeep(axes ...int) Tensor { return x.reduce("MeanKeep", true, true, axes) }

func (x Tensor) reduce(name string, keepDims, mean bool, axes []int) Tensor {
	t := x.tp
	if t == nil {
		return Tensor{}
	}
	if !t.usable(name, x) {
		return t.poison()
	}
	keep, drop, count, err := reduceShapes(t.node(x).shape, axes)
	if err != nil {
		return t.failOp(name, err.Error(), x)
	}
	y := t.sumTo(x, keep)
	if mean {
		if count == 0 {
			return t.failOp(name, "mean over an empty axis", x)
		}
		y = y.Scale(1 / float64(count))
	}
	if !keepDims {
		y = t.reshape(y, drop)
	}
	return y
}

// LogSumExp returns log(sum(exp(x))) over axis, computed stably; the axis
// is removed from the shape.
func (x Tensor) LogSumExp(axis int) Tensor {
	y := x.logSumExpKeep(axis)
	if !y.ok() {
		return y
	}
	t := x.tp
	_, drop, _, _ := reduceShapes(t.node(y).shape, []int{axis})
	return t.reshape(y, drop)
}

// logSumExpKeep is LogSumExp keeping the axis with size 1.
func (x Tensor) logSumExpKeep(axis int) Tensor {
	t := x.tp
	if t == nil {
		return Tensor{}
	}
	if !t.usable("LogSumExp", x) {
		return t.poison()
	}
	n := t.node(x)
	ax, ok := normAxis(axis, n.shape.rank)
	if !ok {
		return t.failOp("LogSumExp", fmt.Sprintf("axis %d is out of range for rank %d", axis, n.shape.rank), x)
	}
	s := n.shape
	s.dims[ax] = 1
	outer, mid, inner := splitAt(n.shape, ax)
	out := t.arena.alloc(s.size())
	in := n.data
	for o := 0; o < outer; o++ {
		for i := 0; i < inner; i++ {
			base := o*mid*inner + i
			m := math.Inf(-1)
			for k := 0; k < mid; k++ {
				m = max(m, in[base+k*inner])
			}
			if math.IsInf(m, 0) {
				out[o*inner+i] = m
				continue
			}
			acc := 0.0
			for k := 0; k < mid; k++ {
				acc += math.Exp(in[base+k*inner] - m)
			}
			out[o*inner+i] = m + math.Log(acc)
		}
	}
	return t.push(node{op: opLogSumExp, nin: 1, shape: s, data: out, in: [3]int32{x.id}, ax: ax})
}

// splitAt returns the products of dimensions before, at and after ax.
func splitAt(s shape, ax int) (outer, mid, inner int) {
	outer, inner = 1, 1
	for i := 0; i < ax; i++ {
		outer *= s.dims[i]
	}
	for i := ax + 1; i < s.rank; i++ {
		inner *= s.dims[i]
	}
	return outer, s.dims[ax], inner
}
