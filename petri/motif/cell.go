package motif

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/petridish-go/petridish/petri/autodiff"
)

// CellFamily is the registry name of the recurrent-cell family, the
// search space of Experiment 2 (NAO's and ENAS's recurrent cell on Penn
// Treebank).
const CellFamily = "rnncell"

// CellNodes is the number of nodes a Cell chooses: nodes 1 to 11. Node 0,
// which mixes the input with the previous hidden state, is fixed.
const CellNodes = 11

// CellAct is the activation a cell node applies, numbered as in NAO's
// encoding.
type CellAct uint8

// The four activations of the search space, with NAO's ids.
const (
	CellTanh     CellAct = 0
	CellReLU     CellAct = 1
	CellSigmoid  CellAct = 2
	CellIdentity CellAct = 3
)

// CellActs is the number of activations a node may apply; a CellAct is
// in [0, CellActs).
const CellActs = 4

// String returns the activation's name: tanh, relu, sigmoid or identity.
func (a CellAct) String() string {
	switch a {
	case CellTanh:
		return "tanh"
	case CellReLU:
		return "relu"
	case CellSigmoid:
		return "sigmoid"
	case CellIdentity:
		return "identity"
	}
	return fmt.Sprintf("CellAct(%d)", uint8(a))
}

// Cell is a motif of Experiment 2: a recurrent cell of 12 nodes in the
// search space of NAO and ENAS. With the input x_t and the previous hidden
// state h_{t-1},
//
//	node 0:  [c, h] = [x_t, h_{t-1}] W_0;  s_0 = h_{t-1} + sigmoid(c) * (tanh(h) - h_{t-1})
//	node i:  [c, h] = s_p W_i;             s_i = s_p + sigmoid(c) * (f(h) - s_p)
//
// for i = 1..11, where node i reads the state of node p = Prev[i-1] (an
// earlier node, 0 <= p < i) and applies f = Act[i-1]. The new hidden
// state h_t is the mean of s_1..s_11. W_0 and the W_i have no biases.
//
// The text encoding is NAO's: 22 integers, the pairs (p, f) of nodes 1 to
// 11, separated by spaces, with f numbered as CellAct. NAO's best cell on
// Penn Treebank is "0 1 0 1 1 1 3 0 4 1 4 1 5 1 1 1 7 1 1 1 1 2".
type Cell struct {
	// Prev[i-1] is the node whose state node i reads, in [0, i).
	Prev [CellNodes]uint8
	// Act[i-1] is node i's activation.
	Act [CellNodes]CellAct
}

// Family returns "rnncell".
func (Cell) Family() string { return CellFamily }

// String returns the NAO encoding: 22 space-separated integers.
func (c Cell) String() string {
	var b strings.Builder
	for i := range CellNodes {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strconv.Itoa(int(c.Prev[i])))
		b.WriteByte(' ')
		b.WriteString(strconv.Itoa(int(c.Act[i])))
	}
	return b.String()
}

// Validate reports the first node whose predecessor or activation is out
// of range.
func (c Cell) Validate() error {
	for i := range CellNodes {
		node := i + 1
		if int(c.Prev[i]) >= node {
			return fmt.Errorf("node %d reads node %d; a node reads an earlier node, 0 to %d", node, c.Prev[i], node-1)
		}
		if c.Act[i] >= CellActs {
			return fmt.Errorf("node %d has activation %d; use 0 (tanh), 1 (relu), 2 (sigmoid) or 3 (identity)", node, c.Act[i])
		}
	}
	return nil
}

// AsCell returns m as a valid Cell, or an error saying why it is not one:
// m is nil, of another kind, or a Cell that Validate rejects.
func AsCell(m Motif) (Cell, error) {
	c, ok := m.(Cell)
	if !ok {
		if m == nil {
			return Cell{}, fmt.Errorf("motif is nil; want a recurrent cell")
		}
		return Cell{}, fmt.Errorf("motif %q of family %q is not a recurrent cell", m.String(), m.Family())
	}
	if err := c.Validate(); err != nil {
		return Cell{}, fmt.Errorf("cell %s is invalid: %w", c, err)
	}
	return c, nil
}

// Features returns the cell as a one-hot vector for black-box predictors:
// for each node i = 1..11, i entries for its predecessor and then 4 for its
// activation (110 in all).
func (c Cell) Features() []float64 {
	out := make([]float64, 0, cellFeatures)
	for i := range CellNodes {
		prev := make([]float64, i+1)
		prev[c.Prev[i]] = 1
		out = append(out, prev...)
		act := make([]float64, CellActs)
		act[c.Act[i]] = 1
		out = append(out, act...)
	}
	return out
}

// cellFeatures is the length of Cell.Features.
const cellFeatures = CellNodes*(CellNodes+1)/2 + CellNodes*CellActs

// ParseCell reads a cell's NAO encoding: 22 integers separated by spaces
// or commas, optionally inside brackets ("[0, 1, 0, 1, ...]", as Python
// prints a list).
func ParseCell(text string) (Cell, error) {
	s := strings.TrimSpace(text)
	s = strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' || r == '\r' })
	if len(fields) != 2*CellNodes {
		return Cell{}, fmt.Errorf("rnncell motif %q has %d numbers; a cell is %d integers, the (predecessor, activation) pairs of nodes 1 to %d, such as %q",
			text, len(fields), 2*CellNodes, CellNodes, naoBestCell)
	}
	var c Cell
	for k, f := range fields {
		v, err := strconv.Atoi(f)
		if err != nil || v < 0 || v > 255 {
			return Cell{}, fmt.Errorf("rnncell motif %q: number %d (%q) is not a small non-negative integer", text, k+1, f)
		}
		if k%2 == 0 {
			c.Prev[k/2] = uint8(v)
		} else {
			c.Act[k/2] = CellAct(v)
		}
	}
	if err := c.Validate(); err != nil {
		return Cell{}, fmt.Errorf("rnncell motif %q: %w", text, err)
	}
	return c, nil
}

// naoBestCell is the best cell NAO found on Penn Treebank.
const naoBestCell = "0 1 0 1 1 1 3 0 4 1 4 1 5 1 1 1 7 1 1 1 1 2"

// RandomCell draws a cell uniformly from the search space: each node i
// reads a uniformly chosen earlier node and applies a uniformly chosen
// activation.
func RandomCell(r *rand.Rand) Cell {
	var c Cell
	for i := range CellNodes {
		c.Prev[i] = uint8(r.IntN(i + 1))
		c.Act[i] = CellAct(r.IntN(CellActs))
	}
	return c
}

// RandomCells draws n distinct cells with RandomCell, as motifs.
func RandomCells(n int, r *rand.Rand) []Motif {
	seen := make(map[Cell]bool, n)
	out := make([]Motif, 0, n)
	for len(out) < n {
		c := RandomCell(r)
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	return out
}

// Step records one time step of the cell on a tape, for a batch of B
// sequences with a state of H neurons: xw is the input's share of node 0's
// pre-activation, x_t W_0x ([B, 2H]); h is h_{t-1} ([B, H]), or the zero
// Tensor{} for a zero state; w0h is the rows of W_0 that multiply h_{t-1}
// ([H, 2H]); w holds W_1..W_11 ([H, 2H] each). In each W the first H
// columns give the gate c and the last H the candidate h. It returns h_t,
// the mean of the states of nodes 1 to 11. The dish's motif-network and
// larger networks built with petri/autodiff (a language model on Penn
// Treebank) share this one definition of the cell.
func (c Cell) Step(xw, h, w0h autodiff.Tensor, w [CellNodes]autodiff.Tensor) autodiff.Tensor {
	H := w0h.Dim(0)
	pre := xw
	if h.Valid() {
		pre = pre.Add(h.MatMul(w0h))
	}
	gate, cand := pre.Slice(1, 0, H).Sigmoid(1), pre.Slice(1, H, 2*H).Tanh()
	var s0 autodiff.Tensor
	if h.Valid() {
		s0 = h.Add(gate.Mul(cand.Sub(h)))
	} else {
		s0 = gate.Mul(cand)
	}
	var states [CellNodes + 1]autodiff.Tensor
	states[0] = s0
	var sum autodiff.Tensor
	for i := range CellNodes {
		sp := states[c.Prev[i]]
		ch := sp.MatMul(w[i])
		g := ch.Slice(1, 0, H).Sigmoid(1)
		a := ch.Slice(1, H, 2*H)
		switch c.Act[i] {
		case CellTanh:
			a = a.Tanh()
		case CellReLU:
			a = a.ReLU()
		case CellSigmoid:
			a = a.Sigmoid(1)
		}
		s := sp.Add(g.Mul(a.Sub(sp)))
		states[i+1] = s
		if i == 0 {
			sum = s
		} else {
			sum = sum.Add(s)
		}
	}
	return sum.Scale(1.0 / CellNodes)
}

// cellFamily builds, for each cell, a motif-network that runs the cell
// over the synthetic sequences and reads every step's hidden state out
// through a linear layer to binary-cross-entropy logits.
type cellFamily struct{}

func init() { Register(cellFamily{}) }

// Name returns "rnncell".
func (cellFamily) Name() string { return CellFamily }

// String says what the family is, for a notebook cell showing it.
func (cellFamily) String() string {
	return `motif family "rnncell" (built in; motif.Cell recurrent cells, NAO encoding; generic path)`
}

// Parse reads a cell's NAO encoding (see ParseCell).
func (cellFamily) Parse(text string) (Motif, error) {
	c, err := ParseCell(text)
	if err != nil {
		return nil, err
	}
	return c, nil
}

// CheckNet requires one hidden width (the cell's state size, 3 in the
// paper) and at least one time step.
func (cellFamily) CheckNet(spec NetSpec) error {
	if len(spec.Hidden) != 1 {
		return fmt.Errorf("the rnncell motif-network has one hidden size, the cell's state (the paper uses hidden [3]); hidden is %v", spec.Hidden)
	}
	if spec.TimeSteps < 1 {
		return fmt.Errorf("the rnncell motif-network runs over sequences; time_steps is %d, set it to the sequence length (e.g. 5)", spec.TimeSteps)
	}
	return nil
}

// cellLayout is the flat parameter layout of the cell motif-network:
// W_0 ((Inputs+H) x 2H, the rows for x_t first), the W_i (H x 2H) of
// nodes 1..11, then the read-out V (H x Outputs) and its bias. In each W
// the first H columns give c (the gate) and the last H give h.
type cellLayout struct {
	in, hid, out       int
	w0, wi, v, b, size int // offsets of W_0, W_1, V, bias; total
}

func newCellLayout(spec NetSpec) cellLayout {
	h := spec.Hidden[0]
	l := cellLayout{in: spec.Inputs, hid: h, out: spec.Outputs}
	l.wi = (l.in + h) * 2 * h
	l.v = l.wi + CellNodes*h*2*h
	l.b = l.v + h*l.out
	l.size = l.b + l.out
	return l
}

// NumParams counts the cell's and the read-out's weights.
func (f cellFamily) NumParams(spec NetSpec) int {
	if f.CheckNet(spec) != nil {
		return 0
	}
	return newCellLayout(spec).size
}

// InitParams draws every weight from N(0, InitStd^2) and sets the
// read-out bias to 0.
func (f cellFamily) InitParams(spec NetSpec, r *rand.Rand) []float64 {
	lay := newCellLayout(spec)
	theta := normalParams(lay.size, spec.InitStd, r)
	clear(theta[lay.b:])
	return theta
}

// NetworkLoss runs the cell over x ([Samples, TimeSteps, Inputs]) from a
// zero hidden state and returns the mean binary cross-entropy of the
// read-out logits h_t V + b against y ([Samples, TimeSteps, Outputs]).
func (f cellFamily) NetworkLoss(spec NetSpec, m Motif, theta, x, y autodiff.Tensor) (autodiff.Tensor, error) {
	c, err := AsCell(m)
	if err != nil {
		return autodiff.Tensor{}, err
	}
	if err := f.CheckNet(spec); err != nil {
		return autodiff.Tensor{}, err
	}
	lay := newCellLayout(spec)
	if theta.Len() != lay.size {
		return autodiff.Tensor{}, fmt.Errorf("theta has %d values; the rnncell motif-network has %d parameters", theta.Len(), lay.size)
	}
	S, T, H := spec.Samples, spec.TimeSteps, lay.hid
	w0 := theta.Slice(0, 0, lay.wi).Reshape(lay.in+H, 2*H)
	w0x, w0h := w0.Slice(0, 0, lay.in), w0.Slice(0, lay.in, lay.in+H)
	var w [CellNodes]autodiff.Tensor
	for i := range w {
		off := lay.wi + i*H*2*H
		w[i] = theta.Slice(0, off, off+H*2*H).Reshape(H, 2*H)
	}
	v := theta.Slice(0, lay.v, lay.b).Reshape(H, lay.out)
	b := theta.Slice(0, lay.b, lay.size)
	// The input's share of node 0 for every step at once.
	xw := x.Reshape(S*T, lay.in).MatMul(w0x).Reshape(S, T, 2*H)
	var hs []autodiff.Tensor
	var h autodiff.Tensor
	for t := range T {
		h = c.Step(xw.Index(1, t), h, w0h, w)
		hs = append(hs, h)
	}
	// One read-out for all steps: [S, T, H] -> [S*T, H] V + b.
	all := autodiff.Concat(1, hs...).Reshape(S*T, H)
	logits := all.MatMul(v).Add(b).Reshape(S, T, lay.out)
	loss := logits.BCEWithLogits(y).Mean()
	return loss, loss.Err()
}
