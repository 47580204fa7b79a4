// Package autodiff provides dense float64 tensors and reverse-mode
// automatic differentiation with gradients of any order.
//
// It is the engine every Petri-dish motif family can fall back on and the
// oracle that hand-written (fused) adjoint paths are tested against.
//
// # Tensors and tapes
//
// A Tape records tensors and the ops between them. A Tensor is a small
// handle (tape, node index) to an immutable shape plus row-major data:
//
//	tp := autodiff.NewTape()
//	x := tp.From([]float64{1, 2, 3, 4, 5, 6}, 2, 3) // shape [2 3]
//	w := tp.From(wData, 3, 1)
//	y := x.MatMul(w).Sigmoid(1).Mean()             // scalar
//	grads, err := autodiff.Grad(y, []autodiff.Tensor{x, w}, false)
//
// Ops are methods on Tensor (Add, Mul, MatMul, Sigmoid, Sum, Softmax,
// BCEWithLogits, ...) plus the functions Where, Concat and Grad. Binary ops
// broadcast numpy-style. Reductions take axes and drop them (Sum, Mean) or
// keep them with size 1 (SumKeep, MeanKeep).
//
// # Batches of networks
//
// Every op accepts a leading batch-of-networks dimension, so M small
// networks with their own weights train as one computation: weights
// [M, in, out] and inputs [M, N, in] (or shared inputs [N, in]) go through
// MatMul to [M, N, out]; biases [M, 1, out] broadcast; per-network losses
// are Mean over the trailing axes, and the gradient of their Sum gives each
// network its own gradient.
//
// # Higher-order gradients
//
// Grad(y, xs, true) records the backward pass on the tape, so the
// gradients are ordinary tensors that can be used in further computation
// and differentiated again — like torch.autograd.grad(create_graph=True).
// This is how an unrolled inner training loop is differentiated: inside
// the loop the inner gradient is taken with createGraph, a differentiable
// optimiser step (see package nn) turns it into new weight tensors, and
// after the loop one Grad of the outer loss reaches the synthetic data.
// Grad(y, xs, false) keeps nothing of the backward pass but the results.
//
// # Memory
//
// Nodes and buffers come from arenas owned by the Tape. Reset forgets all
// tensors and keeps the memory, so a tape reused for each outer step stops
// allocating once warm. Data slices alias the arena: copy what must
// outlive Reset. GradTo writes gradients into a caller's slice for loops
// that must not allocate.
//
// # Errors
//
// Errors are sticky rather than panics, which keeps notebook code
// readable: an op given bad input (shapes that do not fit, tensors from
// another tape or from before Reset) records an *Error naming the op and
// the input shapes, and returns a poisoned tensor; later ops return
// poisoned tensors too; Tape.Err, Tensor.Err and Grad report the first
// error. SetCheckFinite(true) additionally reports the first op whose
// output holds a NaN or an infinity.
//
// The package is not generic and uses plain slices, so its API can be
// exported to notebook cells with yaegi extract. A Tape is not safe for
// concurrent use.
package autodiff
