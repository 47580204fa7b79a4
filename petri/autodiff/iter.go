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

// suffixLen reports whether small broadcasts to big by repetition alone:
// without its leading dimensions of size 1, small's dimensions are the
// trailing dimensions of big. It then returns small's size n, so that
// element i of big matches element i%n of small. Ops use it to skip the
// general iterator for the common cases of a scalar, or a bias row added
// to every row of a batch.
func suffixLen(small, big shape) (n int, ok bool) {
	lead := 0
	for lead < small.rank && small.dims[lead] == 1 {
		lead++
	}
	k := small.rank - lead
	if k > big.rank {
		return 0, false
	}
	n = 1
	for i := 0; i < k; i++ {
		d := small.dims[lead+i]
		if d != big.dims[big.rank-k+i] {
			return 0, false
		}
		n *= d
	}
	if n == 0 {
		return 0, false
	}
	return n, true
}
