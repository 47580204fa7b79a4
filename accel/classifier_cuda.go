package accel

import (
	"errors"
	"fmt"
	"math"

	"github.com/petridish-go/petridish/accel/cuda"
)

// Kernels of kernels/classifier.cu.
const (
	kClassifierForward  = "classifier_forward_f32"
	kClassifierSoftmax  = "classifier_softmax_xent_f32"
	kClassifierWGrad    = "classifier_weight_grad_f32"
	kClassifierBackprop = "classifier_backprop_f32"
	kClassifierAdam     = "classifier_adam_f32"
	kClassifierGather   = "classifier_gather_f32"
	kClassifierBiasAct  = "classifier_bias_act_f32"
	kClassifierBiasGrad = "classifier_bias_grad_f32"
	kClassifierSigGrad  = "classifier_sigmoid_grad_f32"
)

// clfPitch is the alignment, in floats, of each run's parameter vector on
// the device (128 bytes), so that every run's weights start as aligned as
// the first run's: cuBLAS's fastest kernels want operands aligned to at
// least 16 bytes.
const clfPitch = 32

// cudaClassifier is the CUDA ClassifierTrainer. All R runs advance
// together: every launch covers every run, so the GPU sees R times the work
// of one network per launch.
//
// Its GEMMs take one of two paths, fixed when it is made:
//
//   - cuBLAS (when it loaded): each GEMM of a step, forward (x·W), weight
//     gradient (xᵀ·d) and input gradient (d·Wᵀ) of each layer, is one
//     cublasSgemmStridedBatched call over the R runs, the runs' matrices
//     a fixed stride apart (activations at R×Batch rows, parameters at the
//     run pitch). The first layer's batch is gathered from the data set
//     into a contiguous R×b×Inputs buffer first (classifier_gather_f32);
//     Evaluate needs no gather, as every run reads the same rows (stride
//     0). Small kernels do the rest: bias and activation, bias gradients,
//     the sigmoid-slope derivative, softmax/cross-entropy and Adam. That
//     is 19 launches a step.
//   - built-in kernels (without cuBLAS, or forced for tests): eleven
//     launches a step of kernels/classifier.cu's one-thread-per-output
//     kernels, which fuse the gather of the batch, the bias and the
//     activation into the GEMM.
//
// Parameter vectors sit clfPitch-aligned on the device (pitch floats per
// run, the padding kept at zero, where Adam leaves it); Params and Reset
// convert from and to the packed host layout.
type cudaClassifier struct {
	dev        *cuda.Device
	spec       ClassifierSpec
	runs, np   int
	pitch      int64 // floats from one run's parameters to the next on the device
	steps      int
	closed     bool
	blas       bool   // GEMMs on cuBLAS
	why        string // why the built-in kernels, when not blas
	n          int    // samples in the data set, 0 before SetData
	data, lab  cuda.DevicePtr
	params     cuda.DevicePtr // runs × pitch, and likewise grads, m, v
	grads      cuda.DevicePtr
	m, v       cuda.DevicePtr
	slopes     cuda.DevicePtr // runs
	h1, h2, z  cuda.DevicePtr // runs × Batch × Hidden (z: × Classes)
	d1, d2     cuda.DevicePtr // runs × Batch × Hidden
	x          cuda.DevicePtr // runs × Batch × Inputs, the gathered batch (cuBLAS path only)
	rows       cuda.DevicePtr // sample indices of the steps being run
	rowsCap    int
	fwd, soft  *cuda.Func
	wgrad, bp  *cuda.Func
	adam       *cuda.Func
	gather     *cuda.Func // cuBLAS path: classifier_gather_f32
	biasAct    *cuda.Func // and the three below
	biasGrad   *cuda.Func
	sigGrad    *cuda.Func
	off2, off3 int64       // where layers 2 and 3 start in a parameter vector
	q          *cuda.Queue // inside queued, where launch and gemm record
}

// NewClassifierTrainer implements ClassifierBackend on the GPU, in float32,
// with its GEMMs on cuBLAS when cuBLAS loaded and on the built-in kernels
// otherwise (the trainer's Describe says which).
func (c *cudaBackend) NewClassifierTrainer(spec ClassifierSpec, slopes, params []float64) (ClassifierTrainer, error) {
	t, err := c.newClassifier(spec, slopes, params, false)
	if err != nil {
		return nil, err // not a typed nil in the interface
	}
	return t, nil
}

// newClassifier makes a trainer; kernels forces the built-in GEMM kernels
// even where cuBLAS loaded (for tests and timings of both paths).
func (c *cudaBackend) newClassifier(spec ClassifierSpec, slopes, params []float64, kernels bool) (*cudaClassifier, error) {
	if err := spec.Check(); err != nil {
		return nil, err
	}
	if err := checkClassifierRuns(spec, slopes, params); err != nil {
		return nil, err
	}
	t := &cudaClassifier{dev: c.dev, spec: spec, runs: len(slopes), np: spec.NumParams()}
	t.pitch = int64((t.np + clfPitch - 1) / clfPitch * clfPitch)
	switch cerr := c.dev.Props().CublasErr; {
	case kernels:
		t.why = "forced"
	case cerr != nil:
		t.why = "no cuBLAS: " + cerr.Error()
	default:
		t.blas = true
	}
	t.off2 = int64((spec.Inputs + 1) * spec.Hidden)
	t.off3 = t.off2 + int64((spec.Hidden+1)*spec.Hidden)
	type kernel struct {
		f    **cuda.Func
		name string
	}
	funcs := []kernel{{&t.soft, kClassifierSoftmax}, {&t.adam, kClassifierAdam}}
	if t.blas {
		funcs = append(funcs, kernel{&t.gather, kClassifierGather}, kernel{&t.biasAct, kClassifierBiasAct},
			kernel{&t.biasGrad, kClassifierBiasGrad}, kernel{&t.sigGrad, kClassifierSigGrad})
	} else {
		funcs = append(funcs, kernel{&t.fwd, kClassifierForward}, kernel{&t.wgrad, kClassifierWGrad}, kernel{&t.bp, kClassifierBackprop})
	}
	for _, k := range funcs {
		f, err := c.dev.Builtin(k.name)
		if err != nil {
			return nil, err
		}
		*k.f = f
	}
	type buffer struct {
		p *cuda.DevicePtr
		n int64
	}
	rp := int64(t.runs) * t.pitch
	act := int64(t.runs) * int64(spec.Batch) * int64(spec.Hidden)
	bufs := []buffer{{&t.params, rp}, {&t.grads, rp}, {&t.m, rp}, {&t.v, rp}, {&t.slopes, int64(t.runs)},
		{&t.h1, act}, {&t.h2, act}, {&t.d1, act}, {&t.d2, act}, {&t.z, int64(t.runs) * int64(spec.Batch) * int64(spec.Classes)}}
	if t.blas {
		bufs = append(bufs, buffer{&t.x, int64(t.runs) * int64(spec.Batch) * int64(spec.Inputs)})
	}
	for _, b := range bufs {
		p, err := c.dev.Alloc(4 * uint64(b.n))
		if err != nil {
			return nil, errors.Join(fmt.Errorf("accel: classifier trainer buffers for %d runs: %w", t.runs, err), t.Close())
		}
		*b.p = p
	}
	// The GEMMs write only the weights and the bias kernels only the biases
	// of grads: zero it once, so that Adam sees zero in the padding.
	if err := t.dev.Upload(t.grads, make([]float32, rp)); err != nil {
		return nil, errors.Join(err, t.Close())
	}
	if err := t.Reset(slopes, params); err != nil {
		return nil, errors.Join(err, t.Close())
	}
	return t, nil
}

// Describe says where the trainer runs and which path its GEMMs take.
func (t *cudaClassifier) Describe() string {
	s := t.spec
	gemms := "GEMMs on cuBLAS (strided-batched over the runs)"
	if !t.blas {
		gemms = "GEMMs on the built-in kernels (" + t.why + ")"
	}
	return fmt.Sprintf("classifier trainer on %s: %d runs of %d-%d-%d-%d, batch %d, float32; %s",
		t.dev.Props().Name, t.runs, s.Inputs, s.Hidden, s.Hidden, s.Classes, s.Batch, gemms)
}

func (t *cudaClassifier) Runs() int            { return t.runs }
func (t *cudaClassifier) Spec() ClassifierSpec { return t.spec }
func (t *cudaClassifier) StepCount() int       { return t.steps }

func (t *cudaClassifier) usable() error {
	if t.closed {
		return errors.New("accel: classifier trainer used after Close")
	}
	return nil
}

func (t *cudaClassifier) Reset(slopes, params []float64) error {
	if err := t.usable(); err != nil {
		return err
	}
	if len(slopes) != t.runs {
		return fmt.Errorf("accel: classifier Reset with %d slopes; this trainer has %d runs (make a new trainer for another count)", len(slopes), t.runs)
	}
	if err := checkClassifierRuns(t.spec, slopes, params); err != nil {
		return err
	}
	zero := make([]float32, int64(t.runs)*t.pitch)
	padded := make([]float32, len(zero))
	for r := 0; r < t.runs; r++ {
		copy(padded[int64(r)*t.pitch:], clfF32(params[r*t.np:(r+1)*t.np]))
	}
	for _, u := range []struct {
		p cuda.DevicePtr
		x []float32
	}{{t.params, padded}, {t.m, zero}, {t.v, zero}, {t.slopes, clfF32(slopes)}} {
		if err := t.dev.Upload(u.p, u.x); err != nil {
			return err
		}
	}
	t.steps = 0
	return nil
}

func (t *cudaClassifier) SetData(images []float64, labels []int) error {
	if err := t.usable(); err != nil {
		return err
	}
	n, err := checkClassifierData(t.spec, "training", images, labels)
	if err != nil {
		return err
	}
	if err := t.freeData(); err != nil {
		return err
	}
	data, err := t.dev.Alloc(4 * uint64(len(images)))
	if err != nil {
		return fmt.Errorf("accel: classifier data of %d samples: %w", n, err)
	}
	lab, err := t.dev.Alloc(4 * uint64(n))
	if err != nil {
		return errors.Join(fmt.Errorf("accel: classifier labels of %d samples: %w", n, err), t.dev.Free(data))
	}
	if err := errors.Join(t.dev.Upload(data, clfF32(images)), t.dev.Upload(lab, clfIntBits(labels))); err != nil {
		return errors.Join(err, t.dev.Free(data), t.dev.Free(lab))
	}
	t.data, t.lab, t.n = data, lab, n
	return nil
}

// freeData frees the data set, if any.
func (t *cudaClassifier) freeData() error {
	if t.n == 0 {
		return nil
	}
	err := errors.Join(t.dev.Free(t.data), t.dev.Free(t.lab))
	t.data, t.lab, t.n = 0, 0, 0
	return err
}

// uploadRows checks rows and copies them to the device.
func (t *cudaClassifier) uploadRows(rows []int32) error {
	if t.n == 0 {
		return errors.New("accel: classifier trainer has no data; call SetData before training")
	}
	if err := checkClassifierRows(rows, t.n); err != nil {
		return err
	}
	if len(rows) > t.rowsCap {
		if t.rowsCap > 0 {
			if err := t.dev.Free(t.rows); err != nil {
				return err
			}
			t.rows, t.rowsCap = 0, 0
		}
		p, err := t.dev.Alloc(4 * uint64(len(rows)))
		if err != nil {
			return fmt.Errorf("accel: classifier sample indices (%d): %w", len(rows), err)
		}
		t.rows, t.rowsCap = p, len(rows)
	}
	return t.dev.Upload(t.rows, clfInt32Bits(rows))
}

func (t *cudaClassifier) Step(rows []int32) error {
	if err := t.usable(); err != nil {
		return err
	}
	if len(rows) == 0 || len(rows)%t.runs != 0 || len(rows)/t.runs > t.spec.Batch {
		return fmt.Errorf("accel: classifier Step with %d sample indices; want b per run for %d runs, 1 <= b <= Batch %d (%d to %d indices, a multiple of %d)",
			len(rows), t.runs, t.spec.Batch, t.runs, t.runs*t.spec.Batch, t.runs)
	}
	if err := t.uploadRows(rows); err != nil {
		return err
	}
	return t.queued(func() { t.step(t.rows, len(rows)/t.runs) })
}

func (t *cudaClassifier) Steps(rows []int32) error {
	if err := t.usable(); err != nil {
		return err
	}
	per := t.runs * t.spec.Batch
	if len(rows) == 0 || len(rows)%per != 0 {
		return fmt.Errorf("accel: classifier Steps with %d sample indices; want a positive multiple of %d (%d runs × Batch %d), one full batch per run per step",
			len(rows), per, t.runs, t.spec.Batch)
	}
	if err := t.uploadRows(rows); err != nil {
		return err
	}
	return t.queued(func() {
		for s := 0; s < len(rows)/per; s++ {
			t.step(t.rows+cuda.DevicePtr(4*s*per), t.spec.Batch)
		}
	})
}

// queued runs record, whose launches and GEMMs (launch and gemm) go into
// one cuda.Queue, then submits them together; a call the queue rejected,
// or one that failed on the device, is its error. A step is some twenty
// small calls; made one by one, each would cross to the device's thread
// on its own, which costs about as much host time as the launch.
func (t *cudaClassifier) queued(record func()) error {
	q := t.dev.NewQueue()
	t.q = q
	defer func() { t.q = nil }()
	record()
	return q.Submit()
}

// clfGrid covers n elements with elemBlock-thread blocks (the kernels'
// grid-stride loops take what a capped grid does not).
func clfGrid(n int64) cuda.Dim3 {
	return cuda.Dim3{X: uint32(min((n+elemBlock-1)/elemBlock, maxElemBlocks)), Y: 1, Z: 1}
}

// launch queues f over n elements (inside queued).
func (t *cudaClassifier) launch(f *cuda.Func, n int64, args ...cuda.Arg) {
	if n > 0 {
		t.q.Launch(f, clfGrid(n), cuda.Dim3{X: elemBlock, Y: 1, Z: 1}, 0, args...)
	}
}

// forward launches classifier_forward_f32 for one layer (kernel path).
func (t *cudaClassifier) forward(b, k, n int, in cuda.DevicePtr, inRun int64, rows cuda.DevicePtr, rowBase int,
	off int64, act bool, out cuda.DevicePtr, outRun int64) {
	r := t.runs
	t.launch(t.fwd, int64(r)*int64(b)*int64(n),
		clfI32(r), clfI32(b), clfI32(k), clfI32(n), cuda.Ptr(in), cuda.Int64(inRun), cuda.Ptr(rows), clfI32(rowBase),
		cuda.Ptr(t.params), cuda.Int64(t.pitch), cuda.Int64(off), cuda.Ptr(t.slopes), cuda.Int32(boolInt(act)),
		cuda.Ptr(out), cuda.Int64(outRun))
}

// clfAt returns p advanced by off floats.
func clfAt(p cuda.DevicePtr, off int64) cuda.DevicePtr { return p + cuda.DevicePtr(4*off) }

// gemm queues g, with Alpha 1 and Beta 0, once per run (cuBLAS path,
// inside queued).
func (t *cudaClassifier) gemm(g cuda.StridedGemm) {
	g.Alpha, g.Beta, g.Batch = 1, 0, t.runs
	t.q.SgemmStridedBatched(g)
}

// forwardBlas computes one layer of every run (cuBLAS path): out = x·W
// (b×k times k×n, row-major) for the layer at off, then the bias and, when
// act, the sigmoid. Run r's input rows are at in + r*inRun (inRun 0: the
// same rows for every run).
func (t *cudaClassifier) forwardBlas(b, k, n int, in cuda.DevicePtr, inRun int64, off int64, act bool,
	out cuda.DevicePtr, outRun int64) {
	t.gemm(cuda.StridedGemm{M: b, N: n, K: k,
		A: in, StrideA: inRun, B: clfAt(t.params, off), StrideB: t.pitch, C: out, StrideC: outRun})
	r := t.runs
	t.launch(t.biasAct, int64(r)*int64(b)*int64(n),
		clfI32(r), clfI32(b), clfI32(n), cuda.Ptr(out), cuda.Int64(outRun),
		cuda.Ptr(t.params), cuda.Int64(t.pitch), cuda.Int64(off+int64(k)*int64(n)), cuda.Ptr(t.slopes), cuda.Int32(boolInt(act)))
}

// wgradBlas writes the gradient of the layer at off (k inputs, n outputs)
// for every run (cuBLAS path): the weights' xᵀ·d (k×b times b×n) and the
// biases' column sums of d, where x (b×k, run stride inRun) is the layer's
// input and d (b×n, run stride dRun) the gradient with respect to its
// pre-activations.
func (t *cudaClassifier) wgradBlas(b, k, n int, in cuda.DevicePtr, inRun int64, d cuda.DevicePtr, dRun, off int64) {
	t.gemm(cuda.StridedGemm{TransA: true, M: k, N: n, K: b,
		A: in, StrideA: inRun, B: d, StrideB: dRun, C: clfAt(t.grads, off), StrideC: t.pitch})
	r := t.runs
	t.launch(t.biasGrad, int64(r)*int64(n),
		clfI32(r), clfI32(b), clfI32(n), cuda.Ptr(d), cuda.Int64(dRun),
		cuda.Ptr(t.grads), cuda.Int64(t.pitch), cuda.Int64(off+int64(k)*int64(n)))
}

// backpropBlas writes into dprev (b×k, run stride hRun) the gradient with
// respect to the pre-activations of the layer below the one at off
// (cuBLAS path): d·Wᵀ (b×n times n×k), then times the sigmoid-slope
// derivative slope·h·(1-h) of that layer's output h.
func (t *cudaClassifier) backpropBlas(b, k, n int, d cuda.DevicePtr, dRun, off int64, h, dprev cuda.DevicePtr, hRun int64) {
	t.gemm(cuda.StridedGemm{TransB: true, M: b, N: k, K: n,
		A: d, StrideA: dRun, B: clfAt(t.params, off), StrideB: t.pitch, C: dprev, StrideC: hRun})
	r := t.runs
	t.launch(t.sigGrad, int64(r)*int64(b)*int64(k),
		clfI32(r), clfI32(b), clfI32(k), cuda.Ptr(dprev), cuda.Int64(hRun), cuda.Ptr(h), cuda.Int64(hRun), cuda.Ptr(t.slopes))
}

// step queues one Adam step of every run on b samples each, run r's
// indices at rows[r*b:] (inside queued).
func (t *cudaClassifier) step(rows cuda.DevicePtr, b int) {
	s := t.spec
	in, hid, cls := s.Inputs, s.Hidden, s.Classes
	r := t.runs
	hRun, zRun, xRun := int64(s.Batch*hid), int64(s.Batch*cls), int64(s.Batch*in)
	if t.blas {
		t.launch(t.gather, int64(r)*int64(b)*int64(in),
			clfI32(r), clfI32(b), clfI32(in), cuda.Ptr(t.data), cuda.Ptr(rows), cuda.Ptr(t.x), cuda.Int64(xRun))
		t.forwardBlas(b, in, hid, t.x, xRun, 0, true, t.h1, hRun)
		t.forwardBlas(b, hid, hid, t.h1, hRun, t.off2, true, t.h2, hRun)
		t.forwardBlas(b, hid, cls, t.h2, hRun, t.off3, false, t.z, zRun)
	} else {
		t.forward(b, in, hid, t.data, 0, rows, 0, 0, true, t.h1, hRun)
		t.forward(b, hid, hid, t.h1, hRun, 0, 0, t.off2, true, t.h2, hRun)
		t.forward(b, hid, cls, t.h2, hRun, 0, 0, t.off3, false, t.z, zRun)
	}
	// z becomes the gradient of the mean loss with respect to the logits.
	t.launch(t.soft, int64(r)*int64(b),
		clfI32(r), clfI32(b), clfI32(cls), cuda.Ptr(t.z), cuda.Int64(zRun), cuda.Ptr(t.lab), cuda.Ptr(rows), clfI32(0),
		cuda.Int32(1), cuda.Float32(float32(1/float64(b))), cuda.Ptr(0), cuda.Ptr(0), cuda.Int64(0), cuda.Int64(0))
	if t.blas {
		t.wgradBlas(b, hid, cls, t.h2, hRun, t.z, zRun, t.off3)
		t.backpropBlas(b, hid, cls, t.z, zRun, t.off3, t.h2, t.d2, hRun)
		t.wgradBlas(b, hid, hid, t.h1, hRun, t.d2, hRun, t.off2)
		t.backpropBlas(b, hid, hid, t.d2, hRun, t.off2, t.h1, t.d1, hRun)
		t.wgradBlas(b, in, hid, t.x, xRun, t.d1, hRun, 0)
	} else {
		pitch := t.pitch
		wgrad := func(k, n int, in cuda.DevicePtr, inRun int64, rows cuda.DevicePtr, d cuda.DevicePtr, dRun, off int64) {
			t.launch(t.wgrad, int64(r)*int64(k+1)*int64(n),
				clfI32(r), clfI32(b), clfI32(k), clfI32(n), cuda.Ptr(in), cuda.Int64(inRun), cuda.Ptr(rows), clfI32(0),
				cuda.Ptr(d), cuda.Int64(dRun), cuda.Ptr(t.grads), cuda.Int64(pitch), cuda.Int64(off))
		}
		backprop := func(k, n int, d cuda.DevicePtr, dRun, off int64, h, dprev cuda.DevicePtr) {
			t.launch(t.bp, int64(r)*int64(b)*int64(k),
				clfI32(r), clfI32(b), clfI32(k), clfI32(n), cuda.Ptr(d), cuda.Int64(dRun), cuda.Ptr(t.params), cuda.Int64(pitch), cuda.Int64(off),
				cuda.Ptr(h), cuda.Int64(hRun), cuda.Ptr(t.slopes), cuda.Ptr(dprev), cuda.Int64(hRun))
		}
		wgrad(hid, cls, t.h2, hRun, 0, t.z, zRun, t.off3)
		backprop(hid, cls, t.z, zRun, t.off3, t.h2, t.d2)
		wgrad(hid, hid, t.h1, hRun, 0, t.d2, hRun, t.off2)
		backprop(hid, hid, t.d2, hRun, t.off2, t.h1, t.d1)
		wgrad(in, hid, t.data, 0, rows, t.d1, hRun, 0)
	}
	t.steps++
	step := float64(t.steps)
	bc1 := 1 - math.Pow(s.Beta1, step)
	bc2 := 1 - math.Pow(s.Beta2, step)
	n := int64(r) * t.pitch
	t.launch(t.adam, n,
		cuda.Int64(n), cuda.Ptr(t.params), cuda.Ptr(t.grads), cuda.Ptr(t.m), cuda.Ptr(t.v),
		cuda.Float32(float32(s.LR/bc1)), cuda.Float32(float32(1/math.Sqrt(bc2))),
		cuda.Float32(float32(s.Beta1)), cuda.Float32(float32(s.Beta2)), cuda.Float32(float32(s.Eps)), cuda.Float32(float32(s.L2)))
}

// classifierEvalFloats bounds the activations Evaluate holds per buffer, in
// floats (a variable so that tests can force several chunks).
var classifierEvalFloats = 1 << 24

func (t *cudaClassifier) Evaluate(images []float64, labels []int) (loss, accuracy []float64, err error) {
	if err := t.usable(); err != nil {
		return nil, nil, err
	}
	n, err := checkClassifierData(t.spec, "evaluation", images, labels)
	if err != nil {
		return nil, nil, err
	}
	s := t.spec
	r := t.runs
	chunk := max(1, min(n, classifierEvalFloats/(r*max(s.Hidden, s.Classes))))
	var bufs scratch
	defer func() { err = errors.Join(err, bufs.free(t.dev)) }()
	data, err := bufs.upload(t.dev, images)
	if err != nil {
		return nil, nil, err
	}
	lab, err := bufs.alloc(t.dev, n)
	if err != nil {
		return nil, nil, err
	}
	if err := t.dev.Upload(lab, clfIntBits(labels)); err != nil {
		return nil, nil, err
	}
	var p [5]cuda.DevicePtr // h1, h2, z, per-sample loss, per-sample correct
	for i, size := range []int{s.Hidden, s.Hidden, s.Classes, 1, 1} {
		if p[i], err = bufs.alloc(t.dev, r*chunk*size); err != nil {
			return nil, nil, err
		}
	}
	hRun, zRun := int64(chunk*s.Hidden), int64(chunk*s.Classes)
	lossSum, correct := make([]float64, r), make([]float64, r)
	hl, hc := make([]float32, r*chunk), make([]float32, r*chunk)
	for lo := 0; lo < n; lo += chunk {
		b := min(chunk, n-lo)
		err := t.queued(func() {
			if t.blas {
				// Every run reads the same rows: A's stride is 0.
				t.forwardBlas(b, s.Inputs, s.Hidden, clfAt(data, int64(lo)*int64(s.Inputs)), 0, 0, true, p[0], hRun)
				t.forwardBlas(b, s.Hidden, s.Hidden, p[0], hRun, t.off2, true, p[1], hRun)
				t.forwardBlas(b, s.Hidden, s.Classes, p[1], hRun, t.off3, false, p[2], zRun)
			} else {
				t.forward(b, s.Inputs, s.Hidden, data, 0, 0, lo, 0, true, p[0], hRun)
				t.forward(b, s.Hidden, s.Hidden, p[0], hRun, 0, 0, t.off2, true, p[1], hRun)
				t.forward(b, s.Hidden, s.Classes, p[1], hRun, 0, 0, t.off3, false, p[2], zRun)
			}
			t.launch(t.soft, int64(r)*int64(b),
				clfI32(r), clfI32(b), clfI32(s.Classes), cuda.Ptr(p[2]), cuda.Int64(zRun), cuda.Ptr(lab), cuda.Ptr(0), clfI32(lo),
				cuda.Int32(0), cuda.Float32(0), cuda.Ptr(p[3]), cuda.Ptr(p[4]), cuda.Int64(int64(chunk)), cuda.Int64(0))
		})
		if err != nil {
			return nil, nil, err
		}
		if err := errors.Join(t.dev.Download(hl, p[3]), t.dev.Download(hc, p[4])); err != nil {
			return nil, nil, err
		}
		for run := 0; run < r; run++ {
			for i := 0; i < b; i++ {
				lossSum[run] += float64(hl[run*chunk+i])
				correct[run] += float64(hc[run*chunk+i])
			}
		}
	}
	for run := range lossSum {
		lossSum[run] /= float64(n)
		correct[run] /= float64(n)
	}
	return lossSum, correct, nil
}

func (t *cudaClassifier) Params() ([]float64, error) {
	if err := t.usable(); err != nil {
		return nil, err
	}
	padded := make([]float32, int64(t.runs)*t.pitch)
	if err := t.dev.Download(padded, t.params); err != nil {
		return nil, err
	}
	out := make([]float64, t.runs*t.np)
	for r := 0; r < t.runs; r++ {
		for i, v := range padded[int64(r)*t.pitch:][:t.np] {
			out[r*t.np+i] = float64(v)
		}
	}
	return out, nil
}

func (t *cudaClassifier) Close() error {
	if t.closed {
		return nil
	}
	t.closed = true
	errs := []error{t.freeData()}
	for _, p := range []cuda.DevicePtr{t.params, t.grads, t.m, t.v, t.slopes, t.h1, t.h2, t.d1, t.d2, t.z, t.x, t.rows} {
		if p != 0 {
			errs = append(errs, t.dev.Free(p))
		}
	}
	return errors.Join(errs...)
}

func clfI32(v int) cuda.Arg { return cuda.Int32(int32(v)) }

func clfF32(x []float64) []float32 {
	f := make([]float32, len(x))
	for i, v := range x {
		f[i] = float32(v)
	}
	return f
}

// clfInt32Bits returns x's bit patterns as float32s, for Device.Upload into an
// int buffer.
func clfInt32Bits(x []int32) []float32 {
	f := make([]float32, len(x))
	for i, v := range x {
		f[i] = math.Float32frombits(uint32(v))
	}
	return f
}

// clfIntBits converts x to int32 bit patterns in float32s (callers checked
// the range).
func clfIntBits(x []int) []float32 {
	f := make([]float32, len(x))
	for i, v := range x {
		f[i] = math.Float32frombits(uint32(int32(v)))
	}
	return f
}
