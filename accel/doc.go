// Package accel holds the compute backends behind one interface: a CPU
// backend in pure Go (gonum BLAS for GEMM) and a CUDA backend (package
// accel/cuda: cgo plus dlopen, NVRTC-compiled kernels, cuBLAS) that needs no
// CUDA SDK to build. It knows nothing of petri; petri calls it.
//
// # Choosing a backend
//
// PETRI_DEVICE picks the default: auto (also when unset) takes the GPU when
// libcuda.so.1 loads and a device exists and the CPU otherwise, silently;
// cpu forces the CPU; cuda demands the GPU and fails with what was missing
// (no driver, no device, no NVRTC, or a binary built without cgo). Any other
// value is an error listing the valid ones.
//
//	b, err := accel.Default()      // from PETRI_DEVICE
//	b, err := accel.Select("cpu")  // by name
//
// The scripting language's `%device` magic uses Devices (what is available,
// what is current, and why CUDA is not) and Use (switch), and petri code
// that does not carry a Backend around asks Current.
//
// # Operations
//
// A Backend takes row-major float64 host slices: Gemm and GemmBatched
// (C = αop(A)op(B) + βC, shaped by a GemmSpec) and SigmoidSlope, the
// activation of the sigmoid-slope motif. The CPU backend computes in
// float64 and is the reference; the CUDA backend computes in float32 and
// agrees with it to float32 accuracy. The CUDA backend also has a
// Device() *cuda.Device method (reach it through an interface assertion) for
// code that keeps data on the GPU between calls.
//
// # The dish's outer step
//
// UnrolledMLPs is an optional capability (reach it through an interface
// assertion): ScoreMLPs trains a batch of sigmoid-slope MLP
// motif-networks, one per slope, through the whole inner Adam loop and
// returns their validation losses; ScoreGradMLPs also returns each loss's
// gradient with respect to the synthetic training and validation inputs,
// through every inner step. An UnrolledMLPSpec sizes the networks and the
// loop. The CUDA backend implements it with one thread block per network,
// in float64, so its results agree with petri's float64 CPU path to about
// 1e-10 rather than to float32 accuracy.
//
//	if u, ok := b.(accel.UnrolledMLPs); ok {
//		err = u.ScoreGradMLPs(spec, slopes, theta0, xTrain, xValid, labels, scores, gradTrain, gradValid)
//	}
//
// OuterMLPs, a second optional capability, runs the whole outer step on
// the device when every motif is in every step (the paper's Experiment
// 1): NewOuterMLP uploads the dish once (slopes, theta0, labels, the
// standardised targets and the synthetic inputs) and returns an OuterMLP
// that keeps the inputs and their Adam state (m, and v from Eps^4)
// resident. Each Step runs the score+grad kernel, then
// kernels/outer_step.cu: one block computes the z-scored MSE of the
// scores and its gradient with respect to each score, and a reduction
// kernel sums the per-motif input gradients weighted by it across the
// motif-networks, adds the L2 gradient 2*WeightDecay*x and applies Adam.
// Every sum has a fixed order (strided partial sums, then a fixed tree),
// so runs are reproducible bit for bit; against the host's serial sums
// they agree to rounding. Per step only the scores and the loss come
// back; Measured fetches the inputs a step measured (for keeping the
// best), Inputs the current ones, ResetAdam restarts Adam for a new
// learning-rate phase, and Close frees the device memory.
//
//	if om, ok := b.(accel.OuterMLPs); ok {
//		o, err := om.NewOuterMLP(spec, outer, slopes, theta0, labels, targets, xTrain, xValid)
//		...
//		loss, err := o.Step(lr, scores)
//	}
//
// # The ground-truth classifier trainer
//
// ClassifierBackend, a third optional capability, trains R classifier
// MLPs at once (the MNIST ground truth: 784-100-100-10, sigmoid(slope·a)
// hidden units, softmax cross-entropy, Adam with L2), each run with its
// own slope, parameters, Adam state and minibatch rows, on one data set
// kept on the device: NewClassifierTrainer returns a ClassifierTrainer
// (Step, Steps, Evaluate, Params, Reset). The CUDA backend trains in
// float32. When cuBLAS loaded, every GEMM of a step (each layer's forward
// x·W, and backward xᵀ·d for the weights' gradient and d·Wᵀ for the layer
// below) is one cublasSgemmStridedBatched call across the R runs
// (cuda.Device.SgemmStridedBatched), after a small kernel gathers each
// run's batch rows into one contiguous buffer; fused kernels do the bias
// and activation, the bias gradients, the sigmoid-slope derivative,
// softmax/cross-entropy and Adam. Without cuBLAS the trainer runs every
// GEMM on its own one-thread-per-output kernels instead.
// ClassifierTrainer.Describe says which path a trainer took, and why.
//
//	if cb, ok := b.(accel.ClassifierBackend); ok {
//		tr, err := cb.NewClassifierTrainer(spec, slopes, params)
//		...
//		err = tr.SetData(images, labels)
//		err = tr.Steps(rows)
//	}
//
// # Testing on a GPU
//
// The TestGPU* tests compare every CUDA operation with the CPU backend or
// a float64 reference and print timings; they skip, with the reason, where
// there is no GPU. scripts/gpu/build.sh builds them, with the dish's and
// the ground-truth trainer's tests and eager-PyTorch references, into a kit
// for a GPU machine without Go; `bash gpu-kit/run.sh` there runs it all. In CI the same tests run against a host emulation of
// libcuda, libnvrtc and libcublas (accel/fakecuda) that executes the
// embedded .cu kernels as C++.
package accel
