package accel

import (
	"errors"
	"fmt"
	"math"

	"github.com/petridish-go/petridish/accel/cuda"
)

// UnrolledMLPSpec sizes a batch of sigmoid-slope MLP motif-networks and
// their inner training loop, for UnrolledMLPs.
//
// Each network is fully connected, Dims[0] -> Dims[1] -> ... -> Dims[L], on
// Samples samples. Its flat parameter vector theta holds, for each layer
// l = 1..L, the weights W_l (Dims[l-1] x Dims[l], row-major) and then the
// biases b_l (Dims[l]). Hidden layers compute sigmoid(s*a), a = h W + b,
// with the motif's slope s; the output layer is linear (logits) and the
// loss is the mean binary cross-entropy with logits over all
// Samples x Dims[L] outputs.
//
// The inner loop is full-batch Adam from theta0 with m = 0 and v = Eps^4
// (not 0, as in the authors' code), for t = 0..Steps-1:
//
//	g = dLoss/dtheta + WeightDecay*theta
//	m = Beta1*m + (1-Beta1)*g
//	v = Beta2*v + (1-Beta2)*g*g
//	theta -= LR * (m/(1-Beta1^(t+1))) / (sqrt(v/(1-Beta2^(t+1))) + Eps)
//
// A network's score is its loss on the validation inputs at the final theta.
type UnrolledMLPSpec struct {
	// Dims are the layer widths, inputs first and outputs last, with at
	// least one hidden layer: the paper's motif-network is {10, 1, 1, 10}.
	Dims []int
	// Samples is the number of samples in each input set (10 in the paper).
	Samples int
	// Steps is the number of Adam steps (250 in the paper).
	Steps int
	// LR is Adam's learning rate (0.01).
	LR float64
	// Beta1, Beta2 and Eps are Adam's constants (0.9, 0.999, 1e-8).
	Beta1, Beta2, Eps float64
	// WeightDecay is the L2 coefficient added to the gradient (1e-5).
	WeightDecay float64
}

// NumParams is the length of theta: the sum over layers of
// Dims[l-1]*Dims[l] + Dims[l].
func (s UnrolledMLPSpec) NumParams() int {
	n := 0
	for l := 1; l < len(s.Dims); l++ {
		n += s.Dims[l-1]*s.Dims[l] + s.Dims[l]
	}
	return n
}

// InputLen is the length of one input set (training or validation) and of
// one motif's gradient with respect to it: Samples x Dims[0], row-major.
func (s UnrolledMLPSpec) InputLen() int {
	if len(s.Dims) == 0 {
		return 0
	}
	return s.Samples * s.Dims[0]
}

// LabelLen is the number of labels: Samples x Dims[L], row-major.
func (s UnrolledMLPSpec) LabelLen() int {
	if len(s.Dims) == 0 {
		return 0
	}
	return s.Samples * s.Dims[len(s.Dims)-1]
}

// maxUnrolledElems bounds every per-motif size so that the int32 offsets of
// the kernels cannot overflow.
const maxUnrolledElems = 1 << 30

// check reports the first setting that cannot work.
func (s UnrolledMLPSpec) check() error {
	if len(s.Dims) < 3 {
		return fmt.Errorf("accel: unrolled MLP dims %v: need inputs, at least one hidden layer and outputs (the paper's is [10 1 1 10])", s.Dims)
	}
	for l, d := range s.Dims {
		if d < 1 {
			return fmt.Errorf("accel: unrolled MLP dims %v: layer %d has width %d; every layer needs at least 1 unit", s.Dims, l, d)
		}
		if d > maxUnrolledElems {
			return fmt.Errorf("accel: unrolled MLP dims %v: layer %d is wider than %d", s.Dims, l, maxUnrolledElems)
		}
	}
	switch {
	case s.Samples < 1:
		return fmt.Errorf("accel: unrolled MLP samples is %d; it must be at least 1 (the paper uses 10)", s.Samples)
	case s.Steps < 1:
		return fmt.Errorf("accel: unrolled MLP steps is %d; it must be at least 1 (the paper uses 250)", s.Steps)
	case !(s.LR > 0) || !finite(s.LR):
		return fmt.Errorf("accel: unrolled MLP lr is %v; it must be a positive finite number (the paper uses 0.01)", s.LR)
	}
	if err := checkAdam("unrolled MLP", s.Beta1, s.Beta2, s.Eps, s.WeightDecay); err != nil {
		return err
	}
	if _, err := newUnrolledLayout(s); err != nil {
		return err
	}
	return nil
}

// checkAdam reports the first of Adam's constants and L2 coefficient
// that cannot work, naming the loop they belong to (what).
func checkAdam(what string, beta1, beta2, eps, weightDecay float64) error {
	switch {
	case !(beta1 >= 0 && beta1 < 1):
		return fmt.Errorf("accel: %s beta1 is %v; it must be in [0,1) (usually 0.9)", what, beta1)
	case !(beta2 >= 0 && beta2 < 1):
		return fmt.Errorf("accel: %s beta2 is %v; it must be in [0,1) (usually 0.999)", what, beta2)
	case !(eps > 0) || !finite(eps):
		return fmt.Errorf("accel: %s eps is %v; it must be a positive finite number (usually 1e-8)", what, eps)
	case !(weightDecay >= 0) || !finite(weightDecay):
		return fmt.Errorf("accel: %s weight decay is %v; it must be a finite number >= 0", what, weightDecay)
	}
	return nil
}

// finite reports whether x is neither NaN nor infinite.
func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// checkArgs validates s and the lengths of the slices of one call. With
// grads, gradTrain and gradValid are checked too.
func (s UnrolledMLPSpec) checkArgs(op string, slopes, theta0, xTrain, xValid, labels, scores, gradTrain, gradValid []float64, grads bool) error {
	if err := s.check(); err != nil {
		return err
	}
	nx := s.InputLen()
	type length struct {
		name      string
		got, want int
		what      string
	}
	lens := []length{
		{"theta0", len(theta0), s.NumParams(), fmt.Sprintf("the parameters of a %v network", s.Dims)},
		{"xTrain", len(xTrain), nx, "samples x inputs"},
		{"xValid", len(xValid), nx, "samples x inputs"},
		{"labels", len(labels), s.LabelLen(), "samples x outputs"},
		{"scores", len(scores), len(slopes), "one per slope"},
	}
	if grads {
		what := fmt.Sprintf("%d slopes x %d samples x %d inputs", len(slopes), s.Samples, s.Dims[0])
		lens = append(lens, length{"gradTrain", len(gradTrain), len(slopes) * nx, what},
			length{"gradValid", len(gradValid), len(slopes) * nx, what})
	}
	for _, l := range lens {
		if l.got != l.want {
			return fmt.Errorf("accel: %s: %s has %d values; want %d (%s)", op, l.name, l.got, l.want, l.what)
		}
	}
	if len(slopes) > math.MaxInt32 {
		return fmt.Errorf("accel: %s of %d motifs exceeds 2^31-1; split the batch", op, len(slopes))
	}
	for i, sl := range slopes {
		if !finite(sl) {
			return fmt.Errorf("accel: %s: slope %d is %v; slopes must be finite", op, i, sl)
		}
	}
	return nil
}

// UnrolledMLPs is implemented by backends that train many sigmoid-slope MLP
// motif-networks at once through the whole unrolled inner loop, which is
// the Synthetic Petri Dish's outer step. The CUDA backend implements it
// with one GPU thread block per motif-network, computing in float64 (unlike the
// Backend operations, which the GPU runs in float32); reach it with an
// interface assertion:
//
//	if u, ok := b.(accel.UnrolledMLPs); ok { ... }
//
// All networks share theta0, the inputs and the labels; they differ only in
// their slope. The labels serve both input sets.
type UnrolledMLPs interface {
	// ScoreMLPs trains one network per slope from theta0 on xTrain and
	// writes its validation loss on xValid into scores[i]. It keeps no
	// trajectory, so it is the cheap call for ranking many motifs
	// (Predict).
	ScoreMLPs(spec UnrolledMLPSpec, slopes, theta0, xTrain, xValid, labels, scores []float64) error
	// ScoreGradMLPs is ScoreMLPs plus, for each network i, the gradient of
	// scores[i] with respect to xTrain (through every Adam step of the
	// inner loop) and xValid, written into gradTrain[i*n:(i+1)*n] and
	// gradValid[i*n:(i+1)*n] with n = spec.InputLen(). The gradients are
	// per motif; a weighted sum over motifs is the caller's (the adjoint is
	// linear in the seed, so that is exact), or the device's with
	// OuterMLPs.
	ScoreGradMLPs(spec UnrolledMLPSpec, slopes, theta0, xTrain, xValid, labels, scores, gradTrain, gradValid []float64) error
}

var _ UnrolledMLPs = (*cudaBackend)(nil)

// block is the number of threads of the block that trains one
// motif-network of l's shape, for the score kernel or, with grads, the
// score+grad kernel. Each phase of a step of the kernels is a loop over independent
// elements (the activations of a layer, a layer's parameters with the
// deltas of the layer below, the adjoint's parameters with the trajectory
// copied in), one per thread; the block has a thread for every element of
// the largest phase, rounded up to whole warps, so that no phase takes two
// rounds: the step's latency is then the sum of its phases' (one dot
// product or sum and one exp, division or sqrt each), which is what bounds
// a batch of a few hundred motifs. Smaller phases leave warps idle at the
// barrier, costing nothing but their slots. It is capped at 256 threads
// (wider networks loop) to keep several blocks per multiprocessor; the
// paper's 10-1-1-10 on 10 samples gets 128 (the 100 output logits) and
// 160 with grads (33 parameters + 120 trajectory values per adjoint step).
func (l unrolledLayout) block(grads bool) int {
	const warp, most = 32, 256
	L, n := int(l.ints[layL]), int(l.ints[layN])
	d := func(i int) int { return int(l.ints[layDims+i]) }
	items := 0
	for k := 1; k <= L; k++ {
		items = max(items, n*d(k)) // forward
		back := d(k-1)*d(k) + d(k)
		if k > 1 || grads {
			back += n * d(k-1) // the deltas of the layer below (dL/dx for k = 1)
		}
		items = max(items, back)
	}
	if grads {
		items = max(items, int(l.ints[layNP]+l.ints[layHLen]+l.ints[layOutLen]))
	}
	return min(max((items+warp-1)/warp*warp, warp), most)
}

// unrolledSharedLimit is the most dynamic shared memory a block may use
// without the opt-in attribute (48 KiB on every device since Kepler). A
// network whose block state needs more keeps it in global scratch instead
// (slower, same results); tests lower the limit to exercise that path.
var unrolledSharedLimit uint64 = 48 << 10

// unrolledScratchBudget bounds the device scratch of one launch (and so
// does a quarter of the device's memory); bigger batches run in several
// launches. The paper's network needs no scratch for ScoreMLPs (its state
// of 3.6 KB is in shared memory) and 0.5 MB per motif for ScoreGradMLPs
// (250 steps of trajectory). Tests lower the budget to exercise the
// chunking.
var unrolledScratchBudget uint64 = 2 << 30

// Indices into the layout array, mirroring the LAY_* and S_* enum of
// cuda/kernels/unrolled_mlp.cu; the two must list the same names in the
// same order.
const (
	layL = iota
	layN
	layNP
	layHLen
	layOutLen
	layMaxAct
	layNX
	laySScore
	laySGrad
	layTraj
	sTheta
	sM
	sV
	sH
	sP
	sG
	sThetaBar
	sMBar
	sVBar
	sGBar
	sRA
	sRG
	sGXT
	tTheta
	tG
	tM
	tV
	tH
	tP
	layDims // then dims[0..L], wOff[0..L-1], bOff[0..L-1], hOff[0..L-1]
)

// unrolledLayout is the layout array the kernels read, and the sizes (in
// doubles) of a block's state for each kernel and of a motif's trajectory.
type unrolledLayout struct {
	ints                  []int32
	scoreState, gradState int64
	traj                  int64
}

// state is the block state of the score kernel, or with grads the
// score+grad kernel's.
func (l unrolledLayout) state(grads bool) int64 {
	if grads {
		return l.gradState
	}
	return l.scoreState
}

// newUnrolledLayout computes the parameter, activation and scratch layout
// of s (which must have passed the width checks of check).
func newUnrolledLayout(s UnrolledMLPSpec) (unrolledLayout, error) {
	tooBig := func(what string) error {
		return fmt.Errorf("accel: unrolled MLP %v on %d samples for %d steps: the %s exceed %d values per motif (fewer steps, samples or a smaller network)",
			s.Dims, s.Samples, s.Steps, what, maxUnrolledElems)
	}
	// Widths are at most 2^30 (check), so each product below fits an
	// int64, and the sums are checked as they grow.
	if s.Samples > maxUnrolledElems || s.Steps > maxUnrolledElems {
		return unrolledLayout{}, tooBig("samples or steps")
	}
	L := len(s.Dims) - 1
	n := int64(s.Samples)
	var np, hLen, maxAct int64
	wOff, bOff, hOff := make([]int64, L), make([]int64, L), make([]int64, L)
	for l := 1; l <= L; l++ {
		wOff[l-1] = np
		np += int64(s.Dims[l-1]) * int64(s.Dims[l])
		bOff[l-1] = np
		np += int64(s.Dims[l])
		if l < L {
			hOff[l-1] = hLen
			hLen += n * int64(s.Dims[l])
		}
		if np > maxUnrolledElems || hLen > maxUnrolledElems {
			return unrolledLayout{}, tooBig("parameters or activations")
		}
	}
	for _, d := range s.Dims {
		maxAct = max(maxAct, n*int64(d))
	}
	outLen := n * int64(s.Dims[L])
	nx := n * int64(s.Dims[0])
	T := int64(s.Steps)

	slots := make([]int64, layDims+3*L+L+1)
	slots[layL], slots[layN], slots[layNP] = int64(L), n, np
	slots[layHLen], slots[layOutLen], slots[layMaxAct], slots[layNX] = hLen, outLen, maxAct, nx
	off := int64(0)
	place := func(slot int, size int64) {
		slots[slot] = off
		off += size
	}
	// Block state; the score kernel's buffers come first, so its state is
	// a prefix of the score+grad kernel's.
	place(sTheta, 2*np) // theta_t and theta_{t+1}
	place(sM, np)
	place(sV, np)
	place(sH, hLen)
	place(sP, outLen)
	place(sG, 2*maxAct) // G of two adjacent layers
	scoreState := off
	place(sThetaBar, np)
	place(sMBar, np)
	place(sVBar, np)
	place(sGBar, np)
	place(sRA, hLen+outLen)
	place(sRG, 2*maxAct)
	place(sGXT, nx)
	gradState := off
	// One motif's trajectory.
	off = 0
	place(tTheta, T*np)
	place(tG, T*np)
	place(tM, T*np)
	place(tV, T*np)
	place(tH, T*hLen)
	place(tP, T*outLen)
	traj := off
	if traj+gradState > maxUnrolledElems {
		return unrolledLayout{}, tooBig(fmt.Sprintf("%d doubles of scratch and trajectory", traj+gradState))
	}
	slots[laySScore], slots[laySGrad], slots[layTraj] = scoreState, gradState, traj
	for l := 0; l <= L; l++ {
		slots[layDims+l] = int64(s.Dims[l])
	}
	for l := 0; l < L; l++ {
		slots[layDims+L+1+l] = wOff[l]
		slots[layDims+2*L+1+l] = bOff[l]
		slots[layDims+3*L+1+l] = hOff[l]
	}
	ints := make([]int32, len(slots))
	for i, v := range slots {
		ints[i] = int32(v)
	}
	return unrolledLayout{ints: ints, scoreState: scoreState, gradState: gradState, traj: traj}, nil
}

// adamCorrections returns c1_t = 1/(1-Beta1^(t+1)) for t < Steps followed
// by c2_t = 1/(1-Beta2^(t+1)), computed as petri/motif does.
func adamCorrections(s UnrolledMLPSpec) []float64 {
	c := make([]float64, 2*s.Steps)
	for t := range s.Steps {
		c[t] = 1 / (1 - math.Pow(s.Beta1, float64(t+1)))
		c[s.Steps+t] = 1 / (1 - math.Pow(s.Beta2, float64(t+1)))
	}
	return c
}

// ScoreMLPs implements UnrolledMLPs on the GPU (float64).
func (c *cudaBackend) ScoreMLPs(spec UnrolledMLPSpec, slopes, theta0, xTrain, xValid, labels, scores []float64) error {
	if err := spec.checkArgs("ScoreMLPs", slopes, theta0, xTrain, xValid, labels, scores, nil, nil, false); err != nil {
		return err
	}
	return c.unrolled("ScoreMLPs", spec, slopes, theta0, xTrain, xValid, labels, scores, nil, nil)
}

// ScoreGradMLPs implements UnrolledMLPs on the GPU (float64).
func (c *cudaBackend) ScoreGradMLPs(spec UnrolledMLPSpec, slopes, theta0, xTrain, xValid, labels, scores, gradTrain, gradValid []float64) error {
	if err := spec.checkArgs("ScoreGradMLPs", slopes, theta0, xTrain, xValid, labels, scores, gradTrain, gradValid, true); err != nil {
		return err
	}
	return c.unrolled("ScoreGradMLPs", spec, slopes, theta0, xTrain, xValid, labels, scores, gradTrain, gradValid)
}

// unrolledPlan is how a batch of motifs of one spec runs on the device:
// the kernel, its block size and shared memory, where the block state
// lives, and how many motifs each launch takes.
type unrolledPlan struct {
	lay         unrolledLayout
	fn          *cuda.Func
	grads       bool
	threads     int // of a block
	perBlock    int // motifs per block (score kernel only; else 1)
	sharedBytes uint64
	stateGlobal int32
	perMotif    int64 // doubles of scratch per motif
	chunk       int   // motifs per launch
}

// unrolledPacking lets ScoreMLPs pack several motifs into a block
// (unrolledPerBlock); tests and timings turn it off to compare.
var unrolledPacking = true

// unrolledPerBlock is how many motif-networks of s the score kernel packs
// into one block of threads threads, for n motifs on a device with sms
// multiprocessors: 1 (one block per motif, all its threads on one network,
// the lowest latency) unless n motifs would fill the device's warp slots
// (64 per multiprocessor) more than twice over, when throughput is what
// counts; then each network gets one warp (the block keeps its size, so
// threads/32 networks share it), as long as their states fit in shared
// memory together. A network's phases mostly have fewer elements than the
// block has threads (of the paper's 10-1-1-10 on 10 samples, only the 100
// output logits fill its 128 threads; the other phases have 10 to 30
// elements), so one network per block leaves most warps idle at each
// barrier while holding registers and warp slots other networks could use.
func unrolledPerBlock(n, threads, sms int, stateBytes uint64) int {
	const warp, warpSlots = 32, 64
	if !unrolledPacking || n*threads/warp <= 2*warpSlots*sms {
		return 1
	}
	return max(1, min(threads/warp, int(unrolledSharedLimit/stateBytes)))
}

// planUnrolled plans n motifs of spec on the score kernel, or with grads
// the score+grad kernel.
func (c *cudaBackend) planUnrolled(spec UnrolledMLPSpec, n int, grads bool) (unrolledPlan, error) {
	lay, err := newUnrolledLayout(spec)
	if err != nil {
		return unrolledPlan{}, err
	}
	kernel := cuda.KernelUnrolledMLPScore
	if grads {
		kernel = cuda.KernelUnrolledMLPScoreGrad
	}
	fn, err := c.dev.Builtin(kernel)
	if err != nil {
		return unrolledPlan{}, err
	}
	// One block per motif: its state in shared memory when it fits, else
	// at the start of the motif's scratch; then, with grads, the motif's
	// trajectory.
	p := unrolledPlan{lay: lay, fn: fn, grads: grads, threads: lay.block(grads), perBlock: 1}
	state := lay.state(grads)
	p.sharedBytes = uint64(8 * state)
	if p.sharedBytes > unrolledSharedLimit {
		p.sharedBytes, p.stateGlobal, p.perMotif = 0, 1, state
	} else if !grads {
		// Several motifs per block, a warp each, when there are many.
		p.perBlock = unrolledPerBlock(n, p.threads, c.dev.Props().SMs, p.sharedBytes)
		p.threads = p.threads / p.perBlock * p.perBlock
		p.sharedBytes *= uint64(p.perBlock)
	}
	if grads {
		p.perMotif += lay.traj
	}
	p.chunk = n
	if p.perMotif > 0 {
		budget := min(unrolledScratchBudget, c.dev.Props().TotalMem/4)
		p.chunk = int(max(1, min(budget/(8*uint64(p.perMotif)), uint64(n))))
	}
	return p, nil
}

// scratchLen is the doubles of scratch one launch of p needs (0 for none).
func (p unrolledPlan) scratchLen() int { return p.chunk * int(p.perMotif) }

// unrolledBufs are the device buffers of one unrolled batch: the layout
// array, the Adam corrections and the inputs, the outputs (gt and gv
// only with grads) and the scratch of one launch.
type unrolledBufs struct {
	lay, corr, slopes, theta0, xTrain, xValid, labels cuda.DevicePtr
	scores, gt, gv, scratch                           cuda.DevicePtr
}

// launchUnrolled runs p's kernel over the n motifs in b, in launches of
// p.chunk motifs.
func (c *cudaBackend) launchUnrolled(p unrolledPlan, spec UnrolledMLPSpec, n int, b unrolledBufs) error {
	nx := spec.InputLen()
	for at := 0; at < n; at += p.chunk {
		m := min(p.chunk, n-at)
		args := []cuda.Arg{
			cuda.Int32(int32(m)), cuda.Ptr(b.lay), cuda.Int32(int32(spec.Steps)),
			cuda.Float64(spec.LR), cuda.Float64(spec.Beta1), cuda.Float64(spec.Beta2),
			cuda.Float64(spec.Eps), cuda.Float64(spec.WeightDecay),
			cuda.Ptr(b.corr), cuda.Ptr(b.slopes + cuda.DevicePtr(8*at)), cuda.Ptr(b.theta0),
			cuda.Ptr(b.xTrain), cuda.Ptr(b.xValid), cuda.Ptr(b.labels), cuda.Ptr(b.scores + cuda.DevicePtr(8*at)),
		}
		if p.grads {
			args = append(args, cuda.Ptr(b.gt+cuda.DevicePtr(8*at*nx)), cuda.Ptr(b.gv+cuda.DevicePtr(8*at*nx)))
		}
		args = append(args, cuda.Ptr(b.scratch), cuda.Int32(p.stateGlobal))
		if !p.grads {
			args = append(args, cuda.Int32(int32(p.perBlock)))
		}
		blocks := uint32((m + p.perBlock - 1) / p.perBlock)
		if err := c.dev.Launch(p.fn, cuda.Dim3{X: blocks, Y: 1, Z: 1}, cuda.Dim3{X: uint32(p.threads), Y: 1, Z: 1}, uint32(p.sharedBytes), args...); err != nil {
			return err
		}
	}
	return nil
}

// unrolled runs one of the two kernels over all slopes, in as many launches
// as the scratch budget requires. gradTrain == nil selects the score-only
// kernel.
func (c *cudaBackend) unrolled(op string, spec UnrolledMLPSpec, slopes, theta0, xTrain, xValid, labels, scores, gradTrain, gradValid []float64) (err error) {
	if len(slopes) == 0 {
		return nil
	}
	defer func() {
		if err != nil {
			err = fmt.Errorf("accel: %s on %s: %w", op, c.dev.Props().Name, err)
		}
	}()
	grads := gradTrain != nil
	p, err := c.planUnrolled(spec, len(slopes), grads)
	if err != nil {
		return err
	}
	nx := spec.InputLen()
	var bufs scratch
	defer func() { err = errors.Join(err, bufs.free(c.dev)) }()
	var b unrolledBufs
	if b.lay, err = bufs.uploadInt32(c.dev, p.lay.ints); err != nil {
		return err
	}
	for _, u := range []struct {
		p *cuda.DevicePtr
		x []float64
	}{{&b.corr, adamCorrections(spec)}, {&b.slopes, slopes}, {&b.theta0, theta0}, {&b.xTrain, xTrain}, {&b.xValid, xValid}, {&b.labels, labels}} {
		if *u.p, err = bufs.upload64(c.dev, u.x); err != nil {
			return err
		}
	}
	if b.scores, err = bufs.alloc64(c.dev, len(slopes)); err != nil {
		return err
	}
	if grads {
		if b.gt, err = bufs.alloc64(c.dev, len(slopes)*nx); err != nil {
			return err
		}
		if b.gv, err = bufs.alloc64(c.dev, len(slopes)*nx); err != nil {
			return err
		}
	}
	if n := p.scratchLen(); n > 0 {
		if b.scratch, err = bufs.alloc64(c.dev, n); err != nil {
			return err
		}
	}
	if err := c.launchUnrolled(p, spec, len(slopes), b); err != nil {
		return err
	}
	if err := c.dev.DownloadFloat64(scores, b.scores); err != nil {
		return err
	}
	if grads {
		if err := c.dev.DownloadFloat64(gradTrain, b.gt); err != nil {
			return err
		}
		if err := c.dev.DownloadFloat64(gradValid, b.gv); err != nil {
			return err
		}
	}
	return nil
}
