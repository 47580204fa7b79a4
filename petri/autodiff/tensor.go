package autodiff

import (
	"fmt"
	"strings"
)

// Tensor is a handle to a dense float64 tensor recorded on a Tape: a shape
// and row-major data. Tensors are immutable values; ops return new tensors.
// A Tensor stays valid until its tape is Reset. The zero Tensor is invalid.
//
// A poisoned tensor (returned by an op after an error, see Tape) has no
// data and no shape; Err reports why.
type Tensor struct {
	tp  *Tape
	id  int32
	gen uint32
}

// ok reports whether x refers to a live node.
func (x Tensor) ok() bool {
	return x.tp != nil && x.id >= 0 && x.gen == x.tp.gen && int(x.id) < len(x.tp.nodes)
}

// Tape returns the tape x was recorded on (nil for the zero Tensor).
func (x Tensor) Tape() *Tape { return x.tp }

// Valid reports whether x refers to live data: it is not the zero Tensor,
// not poisoned by an earlier error, and its tape was not Reset since.
func (x Tensor) Valid() bool { return x.ok() }

// Err returns the first error recorded on x's tape, or an error saying why
// x itself is unusable.
func (x Tensor) Err() error {
	switch {
	case x.tp == nil:
		return &Error{Op: "Tensor", Msg: "the zero Tensor is not a tensor; create tensors with Tape.From, Zeros or Full"}
	case x.tp.err != nil:
		return x.tp.err
	case x.gen != x.tp.gen:
		return &Error{Op: "Tensor", Msg: "the tensor was created before Tape.Reset; recreate it on the reset tape"}
	case !x.ok():
		return &Error{Op: "Tensor", Msg: "the tensor is poisoned by an earlier error"}
	}
	return nil
}

// Data returns x's elements in row-major order, or nil if x is not valid.
// The slice aliases the tape's memory: do not modify it, and copy it if it
// must outlive the next Reset.
func (x Tensor) Data() []float64 {
	if !x.ok() {
		return nil
	}
	return x.tp.nodes[x.id].data
}

// Shape returns a copy of x's shape, or nil if x is not valid. A scalar
// has shape [] (an empty, non-nil slice).
func (x Tensor) Shape() []int {
	if !x.ok() {
		return nil
	}
	return x.tp.nodes[x.id].shape.slice()
}

// Rank returns the number of dimensions of x (0 for a scalar or invalid x).
func (x Tensor) Rank() int {
	if !x.ok() {
		return 0
	}
	return x.tp.nodes[x.id].shape.rank
}

// Dim returns the size of dimension i; negative i counts from the end. It
// returns 0 if x is invalid or i is out of range.
func (x Tensor) Dim(i int) int {
	if !x.ok() {
		return 0
	}
	s := x.tp.nodes[x.id].shape
	i, ok := normAxis(i, s.rank)
	if !ok {
		return 0
	}
	return s.dims[i]
}

// Len returns the number of elements of x (0 if x is invalid).
func (x Tensor) Len() int { return len(x.Data()) }

// Item returns the single element of a one-element tensor, or NaN if x is
// invalid or has more than one element.
func (x Tensor) Item() float64 {
	d := x.Data()
	if len(d) != 1 {
		return nan
	}
	return d[0]
}

// String formats the shape and, for tensors of at most 20 elements, the data.
func (x Tensor) String() string {
	if !x.ok() {
		if err := x.Err(); err != nil {
			return "Tensor(invalid: " + err.Error() + ")"
		}
		return "Tensor(invalid)"
	}
	n := &x.tp.nodes[x.id]
	var b strings.Builder
	fmt.Fprintf(&b, "Tensor%v", n.shape)
	if len(n.data) <= 20 {
		fmt.Fprintf(&b, "%v", n.data)
	} else {
		fmt.Fprintf(&b, "[%v %v %v ... %v]", n.data[0], n.data[1], n.data[2], n.data[len(n.data)-1])
	}
	return b.String()
}

// leaf records a tensor whose buffer is already filled.
func (t *Tape) leaf(s shape, data []float64) Tensor {
	return t.push(node{op: opLeaf, shape: s, data: data})
}

// From records a tensor holding a copy of data with the given shape. With
// no shape, the tensor is one-dimensional of length len(data). The product
// of the shape must equal len(data).
func (t *Tape) From(data []float64, shape ...int) Tensor {
	if t.err != nil {
		return t.poison()
	}
	if len(shape) == 0 {
		shape = []int{len(data)}
	}
	s, err := makeShape(shape)
	if err != nil {
		return t.failOp("From", fmt.Sprintf("shape %v: %v", dimsString(shape), err))
	}
	if s.size() != len(data) {
		return t.failOp("From", fmt.Sprintf("shape %v needs %d elements but data has %d; pass a shape whose product is len(data)", dimsString(shape), s.size(), len(data)))
	}
	buf := t.arena.alloc(len(data))
	copy(buf, data)
	return t.leaf(s, buf)
}

// Full records a tensor of the given shape with every element equal to v.
// With no shape it records a scalar.
func (t *Tape) Full(v float64, shape ...int) Tensor {
	if t.err != nil {
		return t.poison()
	}
	s, err := makeShape(shape)
	if err != nil {
		return t.failOp("Full", fmt.Sprintf("shape %v: %v", dimsString(shape), err))
	}
	buf := t.arena.alloc(s.size())
	for i := range buf {
		buf[i] = v
	}
	return t.leaf(s, buf)
}

// Zeros records a tensor of zeros of the given shape.
func (t *Tape) Zeros(shape ...int) Tensor { return t.Full(0, shape...) }

// Ones records a tensor of ones of the given shape.
func (t *Tape) Ones(shape ...int) Tensor { return t.Full(1, shape...) }

// Scalar records a scalar (shape []) holding v.
func (t *Tape) Scalar(v float64) Tensor { return t.Full(v) }

// fullLike records a tensor with x's shape filled with v.
func (t *Tape) fullLike(s shape, v float64) Tensor {
	buf := t.arena.alloc(s.size())
	for i := range buf {
		buf[i] = v
	}
	return t.leaf(s, buf)
}

// FullLike records a tensor with x's shape and every element equal to v.
func (x Tensor) FullLike(v float64) Tensor {
	t := x.tp
	if t == nil {
		return Tensor{}
	}
	if !t.usable("FullLike", x) {
		return t.poison()
	}
	return t.fullLike(t.node(x).shape, v)
}
