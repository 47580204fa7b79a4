package nn

import "github.com/petridish-go/petridish/petri/autodiff"

// BCEWithLogitsLoss returns the mean binary cross-entropy of targets given
// logits over all elements (a scalar).
func BCEWithLogitsLoss(logits, targets autodiff.Tensor) autodiff.Tensor {
	return logits.BCEWithLogits(targets).Mean()
}

// CrossEntropyLoss returns the mean cross-entropy of targets (one-hot or
// probabilities) given logits, the classes on the last axis (a scalar).
func CrossEntropyLoss(logits, targets autodiff.Tensor) autodiff.Tensor {
	return logits.CrossEntropy(targets, -1).Mean()
}

// MSELoss returns the mean squared difference of a and b (a scalar).
func MSELoss(a, b autodiff.Tensor) autodiff.Tensor { return a.MSE(b) }

// PerNetwork averages an elementwise loss with a leading batch-of-networks
// dimension over all other axes: [M, ...] -> [M], each network's loss.
func PerNetwork(elementwise autodiff.Tensor) autodiff.Tensor {
	if elementwise.Rank() <= 1 {
		return elementwise
	}
	return elementwise.Reshape(elementwise.Dim(0), -1).Mean(1)
}

// BatchLoss returns the sum over networks of each network's mean loss.
// Its gradient gives every network of a batch exactly the gradient of its
// own loss, which is what batched training wants (a plain mean would
// scale each network's gradient by 1/M).
func BatchLoss(elementwise autodiff.Tensor) autodiff.Tensor {
	return PerNetwork(elementwise).Sum()
}
