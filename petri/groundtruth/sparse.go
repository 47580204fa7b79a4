package groundtruth

import (
	"fmt"

	"github.com/petridish-go/petridish/petri/data"
)

// classes is the number of output classes (MNIST digits).
const classes = 10

// sparseSet is a data set with its inputs in compressed sparse row form:
// sample r's non-zero inputs are idx[ptr[r]:ptr[r+1]] with values
// val[ptr[r]:ptr[r+1]]. MNIST images are about 80% zeros, so the first
// layer only touches the non-zero pixels.
type sparseSet struct {
	n, inputs int
	ptr, idx  []int32
	val       []float64
	labels    []int
}

// newSparseSet compresses s and checks its labels.
func newSparseSet(s data.Set, what string) (*sparseSet, error) {
	p := s.Pixels()
	if s.Count <= 0 || p <= 0 || len(s.Images) != s.Count*p || len(s.Labels) != s.Count {
		return nil, fmt.Errorf("%s set: %d images of %dx%d with %d values and %d labels do not fit together; build it with data.MNIST", what, s.Count, s.Rows, s.Cols, len(s.Images), len(s.Labels))
	}
	nnz := 0
	for _, v := range s.Images {
		if v != 0 {
			nnz++
		}
	}
	if nnz >= 1<<31 {
		return nil, fmt.Errorf("%s set: %d non-zero inputs is too many; use fewer samples", what, nnz)
	}
	sp := &sparseSet{n: s.Count, inputs: p, ptr: make([]int32, s.Count+1), idx: make([]int32, 0, nnz), val: make([]float64, 0, nnz), labels: s.Labels}
	for r := 0; r < s.Count; r++ {
		if l := s.Labels[r]; l < 0 || l >= classes {
			return nil, fmt.Errorf("%s set: label %d of sample %d is not a class 0-%d", what, l, r, classes-1)
		}
		for i, v := range s.Image(r) {
			if v != 0 {
				sp.idx = append(sp.idx, int32(i))
				sp.val = append(sp.val, v)
			}
		}
		sp.ptr[r+1] = int32(len(sp.idx))
	}
	return sp, nil
}
