package autodiff

import (
	"fmt"
	"strconv"
)

// MaxRank is the largest number of dimensions a tensor may have.
const MaxRank = 6

// shape is a fixed-capacity shape stored inline in nodes so that recording
// an op never allocates.
type shape struct {
	dims [MaxRank]int
	rank int
}

func (s shape) size() int {
	n := 1
	for i := 0; i < s.rank; i++ {
		n *= s.dims[i]
	}
	return n
}

func (s shape) slice() []int {
	out := make([]int, s.rank)
	copy(out, s.dims[:s.rank])
	return out
}

func (s shape) equal(o shape) bool {
	if s.rank != o.rank {
		return false
	}
	for i := 0; i < s.rank; i++ {
		if s.dims[i] != o.dims[i] {
			return false
		}
	}
	return true
}

// String formats the dimensions like a slice, e.g. [2 3].
func (s shape) String() string { return fmt.Sprint(s.dims[:s.rank]) }

// strides returns row-major strides.
func (s shape) strides() [MaxRank]int {
	var st [MaxRank]int
	n := 1
	for i := s.rank - 1; i >= 0; i-- {
		st[i] = n
		n *= s.dims[i]
	}
	return st
}

// makeShape validates dims and packs them.
func makeShape(dims []int) (shape, error) {
	var s shape
	if len(dims) > MaxRank {
		return s, fmt.Errorf("rank %d is above the maximum %d; reshape to fewer dimensions", len(dims), MaxRank)
	}
	for i, d := range dims {
		if d < 0 {
			return s, fmt.Errorf("dimension %d is negative (%d); dimensions must be >= 0", i, d)
		}
		s.dims[i] = d
	}
	s.rank = len(dims)
	return s, nil
}

// broadcastShapes returns the numpy-style broadcast of a and b.
func broadcastShapes(a, b shape) (shape, bool) {
	var out shape
	r := max(a.rank, b.rank)
	out.rank = r
	for i := 0; i < r; i++ {
		da, db := 1, 1
		if j := a.rank - r + i; j >= 0 {
			da = a.dims[j]
		}
		if j := b.rank - r + i; j >= 0 {
			db = b.dims[j]
		}
		switch {
		case da == db:
			out.dims[i] = da
		case da == 1:
			out.dims[i] = db
		case db == 1:
			out.dims[i] = da
		default:
			return out, false
		}
	}
	return out, true
}

// canBroadcastTo reports whether src broadcasts to dst without changing dst.
func canBroadcastTo(src, dst shape) bool {
	if src.rank > dst.rank {
		return false
	}
	off := dst.rank - src.rank
	for i := 0; i < src.rank; i++ {
		if src.dims[i] != 1 && src.dims[i] != dst.dims[off+i] {
			return false
		}
	}
	return true
}

// alignedStrides returns the strides of src viewed in dst's index space:
// dimensions of size 1 that are broadcast (and missing leading dimensions)
// get stride 0. src must broadcast to dst.
func alignedStrides(src, dst shape) [MaxRank]int {
	var out [MaxRank]int
	st := src.strides()
	off := dst.rank - src.rank
	for i := 0; i < src.rank; i++ {
		if src.dims[i] == dst.dims[off+i] && src.dims[i] != 1 {
			out[off+i] = st[i]
		}
	}
	return out
}

// normAxis turns a possibly negative axis into an index in [0, rank).
func normAxis(axis, rank int) (int, bool) {
	if axis < 0 {
		axis += rank
	}
	return axis, axis >= 0 && axis < rank
}

// dimsString formats dims like fmt's %v without letting the slice escape,
// so that variadic shape arguments stay on the caller's stack.
func dimsString(dims []int) string {
	b := make([]byte, 0, 2+4*len(dims))
	b = append(b, '[')
	for i, d := range dims {
		if i > 0 {
			b = append(b, ' ')
		}
		b = strconv.AppendInt(b, int64(d), 10)
	}
	return string(append(b, ']'))
}
