package autodiff

// The ops in this file are compositions of primitive ops, so their
// gradients (of any order) follow from the primitives'.

// LogSoftmax returns x - LogSumExp(x) along axis (shape unchanged).
func (x Tensor) LogSoftmax(axis int) Tensor { return x.Sub(x.logSumExpKeep(axis)) }

// Softmax returns exp(x) / sum(exp(x)) along axis (shape unchanged).
func (x Tensor) Softmax(axis int) Tensor { return x.LogSoftmax(axis).Exp() }

// CrossEntropy returns -sum(targets * LogSoftmax(logits)) along axis, the
// class axis, which is removed; targets are one-hot or class
// probabilities of the logits' shape. Reduce the result with Mean.
func (logits Tensor) CrossEntropy(targets Tensor, axis int) Tensor {
	return targets.Mul(logits.LogSoftmax(axis)).Sum(axis).Neg()
}

// SquaredError returns (a - b)^2 elementwise, broadcasting.
func (a Tensor) SquaredError(b Tensor) Tensor { return a.Sub(b).Square() }

// MSE returns the mean of (a - b)^2 over all elements, a scalar.
func (a Tensor) MSE(b Tensor) Tensor { return a.SquaredError(b).Mean() }

// Variance returns the population variance (divisor n) of x over axis,
// keeping the axis with size 1.
func (x Tensor) Variance(axis int) Tensor {
	return x.Sub(x.MeanKeep(axis)).Square().MeanKeep(axis)
}

// Std returns sqrt(Variance(x, axis) + eps), keeping the axis with size 1.
// eps >= 0 keeps the gradient finite when all values are equal.
func (x Tensor) Std(axis int, eps float64) Tensor {
	v := x.Variance(axis)
	if eps != 0 {
		v = v.AddScalar(eps)
	}
	return v.Sqrt()
}

// ZNorm z-normalises x along axis: (x - mean) / Std(x, axis, eps), so each
// slice along axis has zero mean and (for eps = 0) unit population
// variance. The shape is unchanged.
func (x Tensor) ZNorm(axis int, eps float64) Tensor {
	c := x.Sub(x.MeanKeep(axis))
	v := c.Square().MeanKeep(axis)
	if eps != 0 {
		v = v.AddScalar(eps)
	}
	return c.Div(v.Sqrt())
}
