// Package dish is the Synthetic Petri Dish (Rawal et al., 2020): a
// surrogate that predicts how well a motif will do in a large network by
// training a tiny motif-network that contains it on a few learned
// synthetic samples.
//
// A Dish holds the shared initial weights theta_init of every
// motif-network, fixed random binary labels, and the learned synthetic
// training and validation inputs (equal at the start). Train optimises the
// inputs so that each motif's dish score (its motif-network's validation
// loss after the inner Adam loop) orders the motifs like their
// ground-truth losses: the outer loss is the MSE between the z-normalised
// scores and the z-normalised ground truth, differentiated exactly
// through the whole unrolled inner loop. Predict trains new motifs'
// networks on the learned data and maps their scores to the ground-truth
// scale. Tune is the paper's hyper-parameter selection; Save and Load keep
// a dish as versioned JSON.
//
// DefaultConfig is Experiment 1 of the paper (sigmoid slopes, 10-1-1-10
// motif-network); CellConfig is Experiment 2 (recurrent cells with a
// 3-neuron state on sequences of 10 inputs, 40 of the training cells
// sampled for each outer step), and ConfigFor picks by family name. The family (package motif) supplies the motif-network.
// With Config.Path PathAuto the dish uses the family's device path when
// the current accel backend can run it (PETRI_DEVICE or %device selects
// it; for sigmoid slopes, the CUDA backend trains every motif-network of
// a batch at once in float64), else the family's fused path (hand-written
// adjoint, no tape) when it has one, and otherwise differentiates through
// petri/autodiff. Dish.Engine and History.Path say which path ran. On the
// CPU paths work is spread over Config.Threads goroutines, one
// motif-network each at a time; results do not depend on the thread
// count.
//
// Ground truth is always a loss (lower is better); LossesFromAccuracies
// converts accuracies.
package dish
