package motif

import (
	"github.com/petridish-go/petridish/accel"
)

// BatchFamily is a Family whose motif-networks a compute backend (package
// accel) can train a whole batch at a time, in one call, instead of one
// network per goroutine: the dish's device path. The sigmoid family is
// one on a backend that implements accel.UnrolledMLPs (the CUDA backend).
type BatchFamily interface {
	Family
	// CanBatch reports whether backend b can train this family's
	// motif-networks in batches.
	CanBatch(b accel.Backend) bool
	// NewBatch returns a Batch that runs problem p on backend b. It fails
	// if p does not suit the family or CanBatch(b) is false.
	NewBatch(p Problem, b accel.Backend) (Batch, error)
}

// Batch trains many motif-networks of one Problem at once on a device.
// It computes what a Fused worker computes for each motif (the same inner
// loop, score and gradients), up to the device's rounding. A Batch keeps
// buffers between calls and must be used by one goroutine at a time.
// Calls are not interruptible: a batch runs to the end once started.
type Batch interface {
	// Device is a one-line description of the backend that does the work
	// (its accel Describe line).
	Device() string
	// Scores trains each motif's network from theta_init on (xTrain,
	// labels) and writes its mean validation loss on (xValid, labels)
	// into scores[i]; scores is as long as ms.
	Scores(ms []Motif, xTrain, xValid, scores []float64) error
	// ScoreGrads is Scores plus, for each motif i, the gradient of
	// scores[i] with respect to xTrain (through the unrolled inner loop)
	// and xValid, written into gradTrain[i] and gradValid[i] (each as
	// long as an input set).
	ScoreGrads(ms []Motif, xTrain, xValid, scores []float64, gradTrain, gradValid [][]float64) error
}

// OuterBatch is a Batch whose device can also run the dish's whole outer
// step when every motif is in every step (Experiment 1): the synthetic
// inputs and their Adam state stay on the device, and each step trains
// every motif-network, reduces the meta-gradients across them and updates
// the inputs there (see accel.OuterMLPs). A family's NewBatch returns one
// when the backend can; reach it with an interface assertion.
type OuterBatch interface {
	Batch
	// NewOuter uploads a dish's outer loop: the motifs of every step,
	// their standardised ground truth targets (one per motif; the outer
	// loss is the MSE of the z-scored dish scores against them), the
	// starting synthetic inputs, and the outer Adam constants and L2
	// coefficient. The caller must Close the result.
	NewOuter(ms []Motif, targets, xTrain, xValid []float64, o accel.OuterSpec) (accel.OuterMLP, error)
}
