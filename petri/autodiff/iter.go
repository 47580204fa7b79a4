package autodiff

// iter walks an output shape in row-major order, one run along the last
// dimension at a time, tracking the matching offsets of up to three
// broadcast operands (whose strides are 0 along broadcast dimensions).
type iter struct {
	dims  [MaxRank]int
	rank  int
	st    [3][MaxRank]int
	idx   [MaxRank]int
	off   [3]int
	inner int    // length of one run
	inSt  [3]int // strides of the operands within a run
	runs  int    // number of runs
}

// newIter prepares a walk over out for operands of the given shapes; nops
// is the number of operands (1 to 3).
func newIter(out shape, ops ...shape) iter {
	var it iter
	it.dims = out.dims
	it.rank = out.rank
	for k, s := range ops {
		it.st[k] = alignedStrides(s, out)
	}
	it.inner = 1
	if out.rank > 0 {
		it.inner = out.dims[out.rank-1]
		for k := range ops {
			it.inSt[k] = it.st[k][out.rank-1]
		}
	}
	if it.inner > 0 {
		it.runs = out.size() / it.inner
	}
	return it
}

// next moves to the next run.
func (it *iter) next() {
	for d := it.rank - 2; d >= 0; d-- {
		it.idx[d]++
		it.off[0] += it.st[0][d]
		it.off[1] += it.st[1][d]
		it.off[2] += it.st[2][d]
		if it.idx[d] < it.dims[d] {
			return
		}
		it.off[0] -= it.st[0][d] * it.dims[d]
		it.off[1] -= it.st[1][d] * it.dims[d]
		it.off[2] -= it.st[2][d] * it.dims[d]
		it.idx[d] = 0
	}
}
