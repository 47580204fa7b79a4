// Package groundtruth computes real (ground-truth) evaluations of motifs,
// the expensive numbers the Petri dish learns to predict.
//
// For the sigmoid-slope experiment it trains the paper's MNIST MLP,
// 784-100-100-10 with hidden activations sigmoid(s*x) and a softmax
// cross-entropy output, with Adam (lr 0.01, L2 1e-5 added to the gradient
// as PyTorch's weight_decay) in batches of 50, initialised as PyTorch's
// nn.Linear. Each run reports its final validation loss and accuracy;
// a slope's ground truth is the mean and standard error over runs.
//
// Sigmoid evaluates many slopes concurrently (one run per core), writes
// every finished run to a store.Store, reads runs already stored instead of
// retraining them (so an interrupted sweep resumes), stops within a batch
// when its context ends and reports progress per epoch.
//
// The training runs on one core per run: the first layer walks only the
// non-zero pixels of each image (about a fifth of MNIST's) and the dense
// products use gonum's Dgemm, whose assembly kernels beat hand-written
// register-blocked Go on these shapes (see kernels_bench_test.go). One run
// trains roughly 40,000-45,000 samples per second on one idle core of the
// development machine (an AVX-512 Xeon), about twice eager PyTorch's CPU
// rate for this network.
//
// TrainActivation trains the same network with any hidden activation
// written with petri/autodiff (in a notebook cell, say) instead of
// sigmoid(s*x): the ground truth of a motif family of one's own. It
// matches Train when given the sigmoid, at about two thirds of its speed.
// ActivationSweep runs it over many motifs as Sigmoid does over slopes:
// concurrently on the CPU, stored and resumable; given no activation, it
// takes each motif's from its family's motif.Definition (Activation).
//
// When a GPU is selected (Config.Device auto with PETRI_DEVICE or %device
// on cuda, or Device cuda), the sweep trains Config.RunsInFlight runs at
// once on it through accel.ClassifierBackend, in float32, from the same
// initial weights and batch orders as the CPU runs; the store keeps those
// runs under their own config hash, apart from the float64 CPU runs.
//
// For the recurrent-cell experiment, TrainCell gives a motif.Cell its
// ground truth: it trains a word-level language model on Penn Treebank
// (data.PTB) whose recurrent layer is the cell, NAO's RNNModel without
// dropout (embedding tied to the decoder, SGD with gradient clipping,
// truncated backpropagation through time), and returns the validation
// loss, the log of the perplexity. DefaultPTBConfig shrinks NAO's
// GPU-hours to about 30 seconds per cell on two cores (state 32, the first
// 100,000 training and 20,000 validation tokens); PTBUnigramLoss is the
// baseline a model must beat. The cell runs on petri/autodiff through
// motif.Cell.Step; the tied decoder and its softmax over 10,000 words,
// nine tenths of the work, are fused by hand on gonum's Dgemm, two and a
// half times as fast as on autodiff (see ptb_bench_test.go), for about
// 3,600-4,000 training tokens per second at the default size.
package groundtruth
