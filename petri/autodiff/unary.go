package autodiff

import (
	"fmt"
	"math"
)

// Neg returns -x.
func (x Tensor) Neg() Tensor { return unary(opNeg, x, 0) }

// Scale returns c*x for a constant c.
func (x Tensor) Scale(c float64) Tensor { return unary(opScale, x, c) }

// AddScalar returns x + c for a constant c.
func (x Tensor) AddScalar(c float64) Tensor { return unary(opAddScalar, x, c) }

// Exp returns e^x elementwise.
func (x Tensor) Exp() Tensor { return unary(opExp, x, 0) }

// Log returns the natural logarithm of x elementwise.
func (x Tensor) Log() Tensor { return unary(opLog, x, 0) }

// Sqrt returns the square root of x elementwise.
func (x Tensor) Sqrt() Tensor { return unary(opSqrt, x, 0) }

// Pow returns x^p elementwise for a constant exponent p.
func (x Tensor) Pow(p float64) Tensor { return unary(opPow, x, p) }

// Square returns x*x elementwise.
func (x Tensor) Square() Tensor { return unary(opPow, x, 2) }

// Sigmoid returns 1/(1+exp(-slope*x)) elementwise. For a slope that varies
// across the batch of networks, multiply by a slope tensor first and pass
// slope 1.
func (x Tensor) Sigmoid(slope float64) Tensor { return unary(opSigmoid, x, slope) }

// Tanh returns the hyperbolic tangent of x elementwise.
func (x Tensor) Tanh() Tensor { return unary(opTanh, x, 0) }

// ReLU returns max(x, 0) elementwise; its gradient at 0 is 0.
func (x Tensor) ReLU() Tensor { return unary(opReLU, x, 0) }

// Identity returns x itself. It exists so that activations can be chosen
// uniformly by name.
func (x Tensor) Identity() Tensor { return x }

// Detach returns a tensor with x's values through which no gradient flows.
func (x Tensor) Detach() Tensor { return unary(opDetach, x, 0) }

// unary records an elementwise op of one operand with constant f.
func unary(op opKind, x Tensor, f float64) Tensor {
	t := x.tp
	if t == nil {
		return Tensor{}
	}
	if !t.usable(opNames[op], x) {
		return t.poison()
	}
	n := t.node(x)
	in := n.data
	var out []float64
	if op == opDetach {
		out = in // immutable data can be shared
	} else {
		out = t.arena.alloc(len(in))
	}
	switch op {
	case opDetach:
	case opNeg:
		for i, v := range in {
			out[i] = -v
		}
	case opScale:
		for i, v := range in {
			out[i] = f * v
		}
	case opAddScalar:
		for i, v := range in {
			out[i] = v + f
		}
	case opExp:
		for i, v := range in {
			out[i] = math.Exp(v)
		}
	case opLog:
		for i, v := range in {
			out[i] = math.Log(v)
		}
	case opSqrt:
		for i, v := range in {
			out[i] = math.Sqrt(v)
		}
	case opPow:
		switch f {
		case 2:
			for i, v := range in {
				out[i] = v * v
			}
		case 1:
			copy(out, in)
		default:
			for i, v := range in {
				out[i] = math.Pow(v, f)
			}
		}
	case opSigmoid:
		for i, v := range in {
			out[i] = sigmoid(f * v)
		}
	case opTanh:
		for i, v := range in {
			out[i] = math.Tanh(v)
		}
	case opReLU:
		for i, v := range in {
			out[i] = max(v, 0)
		}
	default:
		panic(fmt.Sprintf("autodiff: unary: unexpected op %s", opNames[op]))
	}
	return t.push(node{op: op, nin: 1, shape: n.shape, data: out, in: [3]int32{x.id}, f: f})
}

// sigmoid is the logistic function, accurate for large |z|.
func sigmoid(z float64) float64 {
	if z >= 0 {
		return 1 / (1 + math.Exp(-z))
	}
	e := math.Exp(z)
	return e / (1 + e)
}
