package autodiff

import (
	"fmt"
	"math"
	"unsafe"
)

// node is one recorded value: a leaf (data given by the caller) or the
// result of an op on earlier nodes. Nodes live in Tape.nodes and are
// addressed by index, so recording never allocates once the tape has grown.
type node struct {
	op    opKind
	nin   uint8 // number of inputs in in (Concat keeps its inputs in ints)
	flags uint8 // op-specific flags (MatMul transposes)
	shape shape
	data  []float64
	in    [3]int32
	f     float64 // op-specific scalar (scale, exponent, slope)
	ax    int     // op-specific integer (axis)
	i0    int     // op-specific integer (slice start)
	ioff  int32   // offset of op-specific ints in Tape.ints
	ilen  int32   // number of op-specific ints
}

// Tape records tensors and the ops between them so that Grad can compute
// gradients. A Tape owns every node and buffer it hands out: Reset makes
// them all available again, so a tape reused across outer optimisation
// steps reaches a steady state with no allocation. A Tape is not safe for
// concurrent use; give each goroutine its own.
//
// Errors are sticky: an op given bad input (shapes that do not fit, a
// tensor from another tape or from before Reset) records an *Error on the
// tape and returns a poisoned tensor; every later op returns a poisoned
// tensor too, and Err and Grad report the first error. Code can therefore
// chain ops and check once.
type Tape struct {
	nodes       []node
	ints        []int
	floats      []float64 // op-specific constants beyond node.f (AdamStep)
	arena       floatArena
	gen         uint32
	err         error
	checkFinite bool
	backwardOf  opKind // op whose gradient is being built, for error messages
	inBackward  bool

	// scratch reused by Grad
	need        []uint8                   // needGrad/isTarget flags of nodes gLo..
	gLo         int32                     // first node visited by the current Grad
	createGraph bool                      // mode of the current Grad
	gidx        []int32                   // recorded mode: gradient node per visited node, -1 if none
	accs        [][]float64               // scratch mode: gradient buffer per visited node
	pool        map[int][][]float64       // scratch mode: free gradient buffers by length
	smallPool   [smallPoolLen][][]float64 // the same for lengths below smallPoolLen, without hashing
}

// smallPoolLen bounds the buffer lengths pooled in Tape.smallPool.
const smallPoolLen = 257

// NewTape returns an empty tape.
func NewTape() *Tape { return &Tape{gen: 1} }

// Reset forgets every tensor recorded on the tape and clears its error,
// keeping the memory for reuse. Tensors created before Reset become
// invalid: using one records an error, and slices returned by their Data
// method are overwritten by later ops.
func (t *Tape) Reset() {
	t.nodes = t.nodes[:0]
	t.ints = t.ints[:0]
	t.floats = t.floats[:0]
	t.arena.reset()
	t.gen++
	t.err = nil
}

// Err returns the first error recorded since the last Reset, or nil.
func (t *Tape) Err() error { return t.err }

// SetCheckFinite turns on (or off) a check of every op's output: the first
// op that produces a NaN or an infinity records an *Error naming the op,
// its input shapes and the element, and poisons the rest of the chain. The
// check costs one pass over each output.
func (t *Tape) SetCheckFinite(on bool) { t.checkFinite = on }

// Len returns the number of tensors recorded since the last Reset.
func (t *Tape) Len() int { return len(t.nodes) }

// MemoryBytes returns the bytes the tape holds for tensor data and nodes,
// including memory kept for reuse after Reset.
func (t *Tape) MemoryBytes() int {
	n := t.arena.bytes() + cap(t.nodes)*int(unsafe.Sizeof(node{})) + 8*cap(t.ints) + 8*cap(t.floats)
	for _, bufs := range t.pool {
		for _, b := range bufs {
			n += 8 * cap(b)
		}
	}
	for _, bufs := range t.smallPool {
		for _, b := range bufs {
			n += 8 * cap(b)
		}
	}
	return n
}

// fail records err if no error is recorded yet.
func (t *Tape) fail(err error) {
	if t.err == nil {
		t.err = err
	}
}

// failOp records an *Error for op with the shapes of the given inputs.
func (t *Tape) failOp(op string, msg string, xs ...Tensor) Tensor {
	e := &Error{Op: op, Msg: msg}
	for _, x := range xs {
		if x.tp == t && x.id >= 0 && x.gen == t.gen && int(x.id) < len(t.nodes) {
			e.Shapes = append(e.Shapes, t.nodes[x.id].shape.slice())
		}
	}
	if t.inBackward {
		e.Backward = opNames[t.backwardOf]
	}
	t.fail(e)
	return t.poison()
}

func (t *Tape) poison() Tensor { return Tensor{tp: t, id: -1, gen: t.gen} }

// usable reports whether x can be used as an input of op on this tape,
// recording an error if not.
func (t *Tape) usable(op string, x Tensor) bool {
	switch {
	case t.err != nil:
		return false
	case x.tp == nil:
		t.fail(&Error{Op: op, Msg: "an input is the zero Tensor; create tensors with Tape.From, Zeros or Full"})
		return false
	case x.tp != t:
		t.fail(&Error{Op: op, Msg: "inputs belong to different tapes; create all tensors of one computation on the same Tape"})
		return false
	case x.id < 0:
		return false
	case x.gen != t.gen || int(x.id) >= len(t.nodes):
		t.fail(&Error{Op: op, Msg: "an input was created before Tape.Reset; recreate it on the reset tape"})
		return false
	}
	return true
}

// push appends n and returns its tensor, checking the output if asked.
func (t *Tape) push(n node) Tensor {
	if t.checkFinite {
		for i, v := range n.data {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				e := &Error{Op: opNames[n.op], Msg: fmt.Sprintf("produced %v at element %d of its output %v", v, i, n.shape)}
				ins := n.in[:n.nin]
				for _, id := range ins {
					e.Shapes = append(e.Shapes, t.nodes[id].shape.slice())
				}
				if t.inBackward {
					e.Backward = opNames[t.backwardOf]
				}
				t.fail(e)
				return t.poison()
			}
		}
	}
	t.nodes = append(t.nodes, n)
	return Tensor{tp: t, id: int32(len(t.nodes) - 1), gen: t.gen}
}

// node returns the node behind a usable tensor.
func (t *Tape) node(x Tensor) *node { return &t.nodes[x.id] }

// addInts stores op-specific integers and returns their offset.
func (t *Tape) addInts(v []int) (int32, int32) {
	off := len(t.ints)
	t.ints = append(t.ints, v...)
	return int32(off), int32(len(v))
}

func (t *Tape) intsOf(n *node) []int { return t.ints[n.ioff : n.ioff+n.ilen] }

// Error describes an op given input it cannot use, or an op whose output
// was not finite when SetCheckFinite is on.
type Error struct {
	Op       string  // the op, e.g. "MatMul"
	Shapes   [][]int // shapes of the op's inputs, in argument order
	Msg      string  // what was wrong and how to fix it
	Backward string  // when set, the error arose while differentiating this op
}

// Error formats the op, the input shapes and the message.
func (e *Error) Error() string {
	s := "autodiff: " + e.Op
	for i, sh := range e.Shapes {
		if i == 0 {
			s += " "
		} else {
			s += " and "
		}
		s += fmt.Sprint(sh)
	}
	s += ": " + e.Msg
	if e.Backward != "" {
		s += " (while computing the gradient of " + e.Backward + ")"
	}
	return s
}

// Fail records an *Error for op (with the shapes of xs and the message
// msg, which should say what to fix) unless an error is already recorded,
// and returns a poisoned tensor. Packages that build on the tape (layers,
// motif-networks) use it to report bad input the same sticky way ops do.
func (t *Tape) Fail(op, msg string, xs ...Tensor) Tensor { return t.failOp(op, msg, xs...) }
