package autodiff

import "fmt"

// Reshape returns x with a new shape of the same number of elements; one
// dimension may be -1 to be inferred. The data is shared, not copied.
func (x Tensor) Reshape(shape ...int) Tensor {
	t := x.tp
	if t == nil {
		return Tensor{}
	}
	if !t.usable("Reshape", x) {
		return t.poison()
	}
	size := t.node(x).shape.size()
	var dims [MaxRank]int
	if len(shape) > MaxRank {
		return t.failOp("Reshape", fmt.Sprintf("target %v has rank above %d", dimsString(shape), MaxRank), x)
	}
	infer, known := -1, 1
	for i, d := range shape {
		switch {
		case d == -1 && infer < 0:
			infer = i
		case d < 0:
			return t.failOp("Reshape", fmt.Sprintf("target %v: only one dimension may be -1 and none may be negative", dimsString(shape)), x)
		default:
			known *= d
		}
		dims[i] = d
	}
	if infer >= 0 {
		if known == 0 || size%known != 0 {
			return t.failOp("Reshape", fmt.Sprintf("cannot infer the -1 in %v for %d elements", dimsString(shape), size), x)
		}
		dims[infer] = size / known
		known = size
	}
	if known != size {
		return t.failOp("Reshape", fmt.Sprintf("target %v has %d elements but the input has %d; the products must match", dimsString(shape), known, size), x)
	}
	return t.reshape(x, shape2(dims, len(shape)))
}

func shape2(dims [MaxRank]int, rank int) shape { return shape{dims: dims, rank: rank} }

// reshape records a reshape to s, which must have x's size.
func (t *Tape) reshape(x Tensor, s shape) Tensor {
	if !t.usable("Reshape", x) {
		return t.poison()
	}
	n := t.node(x)
	if n.shape.equal(s) {
		return x
	}
	return t.push(node{op: opReshape, nin: 1, shape: s, data: n.data, in: [3]int32{x.id}})
}

// Transpose permutes the dimensions of x: output dimension i is input
// dimension perm[i]. With no perm it swaps the last two dimensions (the
// matrix transpose of every matrix in a batch).
func (x Tensor) Transpose(perm ...int) Tensor {
	t := x.tp
	if t == nil {
		return Tensor{}
	}
	if !t.usable("Transpose", x) {
		return t.poison()
	}
	s := t.node(x).shape
	var p [MaxRank]int
	for i := range p {
		p[i] = i
	}
	if len(perm) == 0 {
		if s.rank < 2 {
			return t.failOp("Transpose", "needs at least 2 dimensions to swap the last two; pass an explicit perm", x)
		}
		p[s.rank-2], p[s.rank-1] = s.rank-1, s.rank-2
	} else {
		if len(perm) != s.rank {
			return t.failOp("Transpose", fmt.Sprintf("perm %v has %d entries but the input has rank %d", dimsString(perm), len(perm), s.rank), x)
		}
		var seen [MaxRank]bool
		for i, v := range perm {
			if v < 0 || v >= s.rank || seen[v] {
				return t.failOp("Transpose", fmt.Sprintf("perm %v is not a permutation of 0..%d", dimsString(perm), s.rank-1), x)
			}
			seen[v] = true
			p[i] = v
		}
	}
	return t.transpose(x, p)
}

// transpose records a permutation of x's dimensions.
func (t *Tape) transpose(x Tensor, p [MaxRank]int) Tensor {
	if !t.usable("Transpose", x) {
		return t.poison()
	}
	n := t.node(x)
	in := n.shape
	var out shape
	out.rank = in.rank
	inSt := in.strides()
	var srcSt [MaxRank]int // strides of the input in output index order
	for i := 0; i < in.rank; i++ {
		out.dims[i] = in.dims[p[i]]
		srcSt[i] = inSt[p[i]]
	}
	buf := t.arena.alloc(out.size())
	it := newIter(out)
	it.st[0] = srcSt
	if out.rank > 0 {
		it.inSt[0] = srcSt[out.rank-1]
	} else {
		it.inSt[0] = 1
	}
	data := n.data
	for r := 0; r < it.runs; r++ {
		o, i, st := r*it.inner, it.off[0], it.inSt[0]
		for k := 0; k < it.inner; k++ {
			buf[o+k] = data[i]
			i += st
		}
		it.next()
	}
	ioff, ilen := t.addInts(p[:in.rank])
	return t.push(node{op: opTranspose, nin: 1, shape: out, data: buf, in: [3]int32{x.id}, ioff: ioff, ilen: ilen})
}
