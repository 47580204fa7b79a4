package autodiff

import "fmt"

// Concat joins tensors along axis; all other dimensions must agree.
func Concat(axis int, xs ...Tensor) Tensor {
	t := tapeOf(xs...)
	if t == nil {
		return Tensor{}
	}
	if len(xs) == 0 {
		return t.failOp("Concat", "needs at least one tensor")
	}
	for _, x := range xs {
		if !t.usable("Concat", x) {
			return t.poison()
		}
	}
	first := t.node(xs[0]).shape
	ax, ok := normAxis(axis, first.rank)
	if !ok {
		return t.failOp("Concat", fmt.Sprintf("axis %d is out of range for rank %d", axis, first.rank), xs...)
	}
	out := first
	out.dims[ax] = 0
	for _, x := range xs {
		s := t.node(x).shape
		same := s.rank == first.rank
		for i := 0; same && i < s.rank; i++ {
			same = i == ax || s.dims[i] == first.dims[i]
		}
		if !same {
			return t.failOp("Concat", fmt.Sprintf("shapes differ outside axis %d; all dimensions but the concatenation axis must match", ax), xs...)
		}
		out.dims[ax] += s.dims[ax]
	}
	outer, mid, inner := splitAt(out, ax)
	buf := t.arena.alloc(out.size())
	off := 0
	ioff := int32(len(t.ints))
	for _, x := range xs {
		n := t.node(x)
		w := n.shape.dims[ax] * inner
		for o := 0; o < outer; o++ {
			copy(buf[o*mid*inner+off:o*mid*inner+off+w], n.data[o*w:(o+1)*w])
		}
		off += w
		t.ints = append(t.ints, int(x.id))
	}
	return t.push(node{op: opConcat, shape: out, data: buf, ax: ax, ioff: ioff, ilen: int32(len(xs))})
}

// Slice returns the elements of x with index in [start, end) along axis.
func (x Tensor) Slice(axis, start, end int) Tensor {
	t := x.tp
	if t == nil {
		return Tensor{}
	}
	if !t.usable("Slice", x) {
		return t.poison()
	}
	s := t.node(x).shape
	ax, ok := normAxis(axis, s.rank)
	if !ok {
		return t.failOp("Slice", fmt.Sprintf("axis %d is out of range for rank %d", axis, s.rank), x)
	}
	if start < 0 || end > s.dims[ax] || start > end {
		return t.failOp("Slice", fmt.Sprintf("range [%d, %d) is not within [0, %d] along axis %d", start, end, s.dims[ax], ax), x)
	}
	return t.slice(x, ax, start, end)
}

func (t *Tape) slice(x Tensor, ax, start, end int) Tensor {
	if !t.usable("Slice", x) {
		return t.poison()
	}
	n := t.node(x)
	out := n.shape
	out.dims[ax] = end - start
	outer, mid, inner := splitAt(n.shape, ax)
	w := (end - start) * inner
	buf := t.arena.alloc(out.size())
	for o := 0; o < outer; o++ {
		copy(buf[o*w:(o+1)*w], n.data[o*mid*inner+start*inner:])
	}
	return t.push(node{op: opSlice, nin: 1, shape: out, data: buf, in: [3]int32{x.id}, ax: ax, i0: start})
}

// pad places x at offset start along axis inside zeros of length size
// there: the adjoint of slice.
func (t *Tape) pad(x Tensor, ax, start, size int) Tensor {
	if !t.usable("Pad", x) {
		return t.poison()
	}
	n := t.node(x)
	out := n.shape
	out.dims[ax] = size
	outer, _, inner := splitAt(n.shape, ax)
	w := n.shape.dims[ax] * inner
	buf := t.arena.allocZero(out.size())
	for o := 0; o < outer; o++ {
		copy(buf[o*size*inner+start*inner:], n.data[o*w:(o+1)*w])
	}
	return t.push(node{op: opPad, nin: 1, shape: out, data: buf, in: [3]int32{x.id}, ax: ax, i0: start})
}

// Gather returns the slices of x at the given indices along axis, in
// order (indices may repeat); that dimension's size becomes len(indices).
func (x Tensor) Gather(axis int, indices []int) Tensor {
	t := x.tp
	if t == nil {
		return Tensor{}
	}
	if !t.usable("Gather", x) {
		return t.poison()
	}
	s := t.node(x).shape
	ax, ok := normAxis(axis, s.rank)
	if !ok {
		return t.failOp("Gather", fmt.Sprintf("axis %d is out of range for rank %d", axis, s.rank), x)
	}
	for i, v := range indices {
		if v < 0 || v >= s.dims[ax] {
			return t.failOp("Gather", fmt.Sprintf("indices[%d] = %d is outside [0, %d) along axis %d", i, v, s.dims[ax], ax), x)
		}
	}
	ioff, ilen := t.addInts(indices)
	return t.gather(x, ax, ioff, ilen)
}

// Index returns x's slice at position i along axis, with that axis removed.
func (x Tensor) Index(axis, i int) Tensor {
	t := x.tp
	if t == nil {
		return Tensor{}
	}
	if !t.usable("Index", x) {
		return t.poison()
	}
	s := t.node(x).shape
	ax, ok := normAxis(axis, s.rank)
	if !ok {
		return t.failOp("Index", fmt.Sprintf("axis %d is out of range for rank %d", axis, s.rank), x)
	}
	if i < 0 || i >= s.dims[ax] {
		return t.failOp("Index", fmt.Sprintf("index %d is outside [0, %d) along axis %d", i, s.dims[ax], ax), x)
	}
	_, drop, _, _ := reduceShapes(s, []int{ax})
	return t.reshape(t.slice(x, ax, i, i+1), drop)
}

// gather records a gather with indices stored at t.ints[ioff:ioff+ilen].
func (t *Tape) gather(x Tensor, ax int, ioff, ilen int32) Tensor {
	if !t.usable("Gather", x) {
		return t.poison()
	}
	n := t.node(x)
	idx := t.ints[ioff : ioff+ilen]
	out := n.shape
	out.dims[ax] = len(idx)
	outer, mid, inner := splitAt(n.shape, ax)
	buf := t.arena.alloc(out.size())
	for o := 0; o < outer; o++ {
		for j, k := range idx {
			copy(buf[(o*len(idx)+j)*inner:(o*len(idx)+j+1)*inner], n.data[(o*mid+k)*inner:])
		}
	}
	return t.push(node{op: opGather, nin: 1, shape: out, data: buf, in: [3]int32{x.id}, ax: ax, ioff: ioff, ilen: ilen})
}

// scatterAdd adds the slices of x into zeros of length size along axis at
// the stored indices: the adjoint of gather.
func (t *Tape) scatterAdd(x Tensor, ax, size int, ioff, ilen int32) Tensor {
	if !t.usable("ScatterAdd", x) {
		return t.poison()
	}
	n := t.node(x)
	idx := t.ints[ioff : ioff+ilen]
	out := n.shape
	out.dims[ax] = size
	outer, _, inner := splitAt(out, ax)
	buf := t.arena.allocZero(out.size())
	for o := 0; o < outer; o++ {
		for j, k := range idx {
			dst := buf[(o*size+k)*inner : (o*size+k+1)*inner]
			src := n.data[(o*len(idx)+j)*inner:]
			for i := range dst {
				dst[i] += src[i]
			}
		}
	}
	return t.push(node{op: opScatterAdd, nin: 1, shape: out, data: buf, in: [3]int32{x.id}, ax: ax, ioff: ioff, ilen: ilen})
}
