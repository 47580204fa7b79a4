package autodiff

import "fmt"

// need flags, per node in the range a Grad call visits.
const (
	needGrad uint8 = 1 << iota // lies on a path from some x to y
	isTarget                   // is one of the xs
)

// Grad returns the gradients of the one-element tensor y with respect to
// each tensor in xs (same shapes as xs). A tensor y does not depend on
// gets a gradient of zeros.
//
// With createGraph the gradients are recorded on the tape like any other
// op, so they can be used in further computation and differentiated again
// (gradients of gradients). Without it the backward pass records nothing
// permanent: intermediate results live in scratch memory that is reused
// at once, and only the returned gradients are added to the tape.
//
// Grad returns the tape's first error if any op leading here failed.
func Grad(y Tensor, xs []Tensor, createGraph bool) ([]Tensor, error) {
	out := make([]Tensor, len(xs))
	if y.tp == nil {
		return nil, y.Err()
	}
	if err := y.tp.GradTo(out, y, xs, createGraph); err != nil {
		return nil, err
	}
	return out, nil
}

// GradTo is Grad writing the gradients into dst (len(dst) == len(xs)), so
// that loops calling it many times allocate nothing.
func (t *Tape) GradTo(dst []Tensor, y Tensor, xs []Tensor, createGraph bool) error {
	if len(dst) != len(xs) {
		return &Error{Op: "Grad", Msg: fmt.Sprintf("dst has %d entries for %d xs; pass dst of the same length as xs", len(dst), len(xs))}
	}
	if !t.usable("Grad", y) {
		if t.err == nil {
			t.fail(y.Err())
		}
		return t.err
	}
	for _, x := range xs {
		if !t.usable("Grad", x) {
			if t.err == nil {
				t.fail(x.Err())
			}
			return t.err
		}
	}
	ny := t.node(y)
	if len(ny.data) != 1 {
		t.failOp("Grad", "y must have exactly one element; reduce it with Sum or Mean first", y)
		return t.err
	}
	lo, hi := y.id, y.id
	for _, x := range xs {
		lo = min(lo, x.id)
	}
	t.markNeeded(lo, hi, xs)
	t.gLo = lo
	if t.need[hi-lo]&needGrad == 0 {
		for i, x := range xs {
			dst[i] = t.fullLike(t.node(x).shape, 0)
		}
		return t.err
	}
	t.inBackward = true
	defer func() { t.inBackward = false }()
	if createGraph {
		t.backwardRecorded(dst, y, xs, lo, hi)
	} else {
		t.backwardScratch(dst, y, xs, lo, hi)
	}
	return t.err
}

// markNeeded fills t.need[0:hi-lo+1] with the needGrad and isTarget flags
// of nodes lo..hi.
func (t *Tape) markNeeded(lo, hi int32, xs []Tensor) {
	n := int(hi - lo + 1)
	if cap(t.need) < n {
		t.need = make([]uint8, n)
	}
	t.need = t.need[:n]
	clear(t.need)
	for _, x := range xs {
		if x.id <= hi {
			t.need[x.id-lo] = needGrad | isTarget
		}
	}
	for i := lo; i <= hi; i++ {
		nd := &t.nodes[i]
		if t.need[i-lo] != 0 || nd.op == opLeaf || nd.op == opDetach || nd.op == opGreaterEqual {
			continue
		}
		if nd.op == opConcat {
			for _, j := range t.intsOf(nd) {
				if int32(j) >= lo && t.need[int32(j)-lo]&needGrad != 0 {
					t.need[i-lo] = needGrad
					break
				}
			}
			continue
		}
		for _, j := range nd.in[:nd.nin] {
			if j >= lo && t.need[j-lo]&needGrad != 0 {
				t.need[i-lo] = needGrad
				break
			}
		}
	}
}

// needs reports whether node j needs a gradient in the current Grad call.
func (t *Tape) needs(j int32) bool {
	return j >= t.gLo && t.need[j-t.gLo]&needGrad != 0
}
