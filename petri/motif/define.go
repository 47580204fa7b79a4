package motif

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/petridish-go/petridish/petri/autodiff"
)

// Definition describes a motif family by functions, so that a notebook
// cell or a script can define one for the dish's generic path without
// writing a type (see Define). NumParams and NetworkLoss are required,
// unless Activation is given; the others have defaults.
//
// A family whose motif is a hidden activation, the common case, needs
// only a Name and an Activation: the motif-network is then the fully
// connected one of MLPLoss, and groundtruth.ActivationSweep trains the
// ground-truth network with the same activation, so the dish and the
// ground truth cannot disagree on what a motif means:
//
//	motif.Define(motif.Definition{Name: "swish",
//		Activation: func(m motif.Motif) func(a autodiff.Tensor) autodiff.Tensor {
//			beta := m.(motif.Scalar).Value
//			return func(a autodiff.Tensor) autodiff.Tensor { return a.Mul(a.Sigmoid(beta)) }
//		}})
//
// Functions, unlike methods, can be defined again in a notebook: after a
// cell redefines the loss function, running Define again makes the family
// use it (and dishes made before refuse to run until remade or rebound;
// see Define).
type Definition struct {
	// Name is the family's registry name, the Family of its motifs and
	// the "family" of a dish.Config. It must not be a built-in family's.
	Name string
	// Activation gives motif m's hidden activation, a function that
	// keeps its argument's shape (element-wise operations). With it,
	// NumParams defaults to MLPParams and NetworkLoss to MLPLoss with
	// that activation, and ActivationOf gives it to the ground truth
	// (groundtruth.ActivationSweep with a nil act). A NetworkLoss given
	// too replaces the default motif-network; the ground truth still
	// uses Activation.
	Activation func(m Motif) func(a autodiff.Tensor) autodiff.Tensor
	// NumParams is the length of the flat parameter vector theta for a
	// motif-network of the given sizes (MLPParams for a fully connected
	// network). Required without Activation.
	NumParams func(spec NetSpec) int
	// NetworkLoss records the mean training loss of m's motif-network, as
	// Family.NetworkLoss documents (MLPLoss builds a fully connected one).
	// Required without Activation.
	NetworkLoss func(spec NetSpec, m Motif, theta, x, y autodiff.Tensor) (autodiff.Tensor, error)
	// Parse decodes a motif's text encoding. Without it the family's
	// motifs are Scalars, written as finite decimals such as "0.5".
	Parse func(text string) (Motif, error)
	// CheckNet rejects sizes the motif-network cannot use. Without it
	// every size that NetSpec.Validate accepts is allowed.
	CheckNet func(spec NetSpec) error
	// InitParams draws theta_init from r. Without it every parameter is
	// drawn from N(0, InitStd^2) in order, as the sigmoid family does.
	InitParams func(spec NetSpec, r *rand.Rand) []float64
	// Features gives a motif's numeric features, a vector of the same
	// length for every motif, for black-box predictors such as the NN
	// surrogate (petri/surrogate; see the package function Features).
	// Without it a motif has features only if its type has a
	// Features() []float64 method (Featurer), as Scalar has. A motif type
	// declared in a notebook cell or a script needs it even if the type
	// has such a method, because compiled code sees only the type's
	// Motif methods:
	//
	//	Features: func(m motif.Motif) []float64 { return m.(pair).Features() }
	Features func(m Motif) []float64
}

// Define registers the family that d describes and returns it. Running
// Define again with the same name replaces the earlier definition, so
// the cell that defines a family can be rerun. A dish made before stays
// bound to the definition it was made with, whose motif-networks its
// synthetic data were fitted to, and refuses to score, predict or train
// until you make a new dish or call its Rebind (package dish), so it
// never runs an old definition in silence. The names of the families
// built into the program (Register) cannot be taken.
//
// A family defined this way runs on the dish's generic path, which
// differentiates through NetworkLoss with petri/autodiff. Its functions
// are called from several goroutines at once (dish.Config.Threads), so
// they must not write to shared variables.
func Define(d Definition) (Family, error) {
	name := d.Name
	switch {
	case name == "":
		return nil, fmt.Errorf("the family definition has no Name; give it one, such as \"swish\"")
	case name != strings.TrimSpace(name) || strings.ContainsAny(name, ",\"\n"):
		return nil, fmt.Errorf("family name %q has surrounding spaces, a comma, a quote or a newline; use a plain name such as \"swish\"", name)
	case d.NumParams == nil && d.Activation == nil:
		return nil, fmt.Errorf("family %q: the definition has no NumParams; give the length of theta (motif.MLPParams for a fully connected network), or only an Activation for the fully connected network", name)
	case d.NetworkLoss == nil && d.Activation == nil:
		return nil, fmt.Errorf("family %q: the definition has no NetworkLoss; give the motif-network's training loss (motif.MLPLoss builds a fully connected one), or only an Activation for the fully connected network", name)
	}
	if d.NumParams == nil {
		d.NumParams = MLPParams
	}
	if d.NetworkLoss == nil {
		act := d.Activation
		d.NetworkLoss = func(spec NetSpec, m Motif, theta, x, y autodiff.Tensor) (autodiff.Tensor, error) {
			a := act(m)
			if a == nil {
				return autodiff.Tensor{}, fmt.Errorf("the family's Activation gave no activation (nil) for motif %s", m)
			}
			return MLPLoss(spec, theta, x, y, a)
		}
	}
	f := &defined{d}
	regMu.Lock()
	defer regMu.Unlock()
	if old, ok := registry[name]; ok {
		if _, ok := old.(*defined); !ok {
			return nil, fmt.Errorf("family %q is built in and cannot be defined again; choose another name", name)
		}
	}
	registry[name] = f
	return f, nil
}

// ActivationOf returns the hidden activation of motif m, from the
// Activation of its family's Definition (see Define): what the
// ground truth of a family of your own trains with
// (groundtruth.ActivationSweep with a nil act). It fails for a motif
// whose family is not registered or has no Activation.
func ActivationOf(m Motif) (func(a autodiff.Tensor) autodiff.Tensor, error) {
	if m == nil {
		return nil, fmt.Errorf("the motif is nil")
	}
	regMu.RLock()
	fam, ok := registry[m.Family()]
	regMu.RUnlock()
	if !ok {
		return nil, fmt.Errorf("motif %s is of family %q, which is not defined; run its motif.Define first", m, m.Family())
	}
	f, ok := fam.(*defined)
	if !ok || f.d.Activation == nil {
		return nil, fmt.Errorf("motif %s: family %q has no Activation; define it with motif.Definition's Activation, or give the activation yourself", m, m.Family())
	}
	act := f.d.Activation(m)
	if act == nil {
		return nil, fmt.Errorf("motif %s: family %q's Activation gave no activation (nil)", m, m.Family())
	}
	return act, nil
}

// defined is a Family made by Define. It is used by pointer, so that
// families stay comparable although a Definition holds functions.
type defined struct{ d Definition }

// Name returns the definition's name.
func (f *defined) Name() string { return f.d.Name }

// String says what the family is, for a notebook cell showing it.
func (f *defined) String() string {
	motifs := "motif.Scalar motifs"
	if f.d.Parse != nil {
		motifs = "motifs from its Parse"
	}
	return fmt.Sprintf("motif family %q (defined with motif.Define; %s; the dish's generic path)", f.d.Name, motifs)
}

// MotifFeatures uses the definition's Features; ok is false without one.
func (f *defined) MotifFeatures(m Motif) (features []float64, ok bool) {
	if f.d.Features == nil {
		return nil, false
	}
	return f.d.Features(m), true
}

// Parse uses the definition's Parse, or reads a Scalar.
func (f *defined) Parse(text string) (Motif, error) {
	if f.d.Parse != nil {
		return f.d.Parse(text)
	}
	v, err := parseFinite(f.d.Name, "it", text, "0.5")
	if err != nil {
		return nil, err
	}
	return Scalar{Of: f.d.Name, Value: v}, nil
}

// CheckNet uses the definition's CheckNet, if any.
func (f *defined) CheckNet(spec NetSpec) error {
	if f.d.CheckNet != nil {
		return f.d.CheckNet(spec)
	}
	return nil
}

// NumParams uses the definition's NumParams.
func (f *defined) NumParams(spec NetSpec) int { return f.d.NumParams(spec) }

// InitParams uses the definition's InitParams, or draws N(0, InitStd^2).
func (f *defined) InitParams(spec NetSpec, r *rand.Rand) []float64 {
	if f.d.InitParams != nil {
		return f.d.InitParams(spec, r)
	}
	return normalParams(f.d.NumParams(spec), spec.InitStd, r)
}

// NetworkLoss uses the definition's NetworkLoss.
func (f *defined) NetworkLoss(spec NetSpec, m Motif, theta, x, y autodiff.Tensor) (autodiff.Tensor, error) {
	return f.d.NetworkLoss(spec, m, theta, x, y)
}

// normalParams draws n values from N(0, std^2), in order, from r.
func normalParams(n int, std float64, r *rand.Rand) []float64 {
	theta := make([]float64, n)
	for i := range theta {
		theta[i] = std * r.NormFloat64()
	}
	return theta
}

// parseFinite reads text as a finite decimal for a motif of family; the
// error calls the number noun ("the slope") and shows example as a valid
// encoding.
func parseFinite(family, noun, text, example string) (float64, error) {
	v, err := strconv.ParseFloat(strings.TrimSpace(text), 64)
	if err != nil {
		return 0, fmt.Errorf("%s motif %q is not a number; write %s as a decimal such as %s", family, text, noun, example)
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%s motif %q is not finite; %s must be a finite number such as %s", family, text, noun, example)
	}
	return v, nil
}

// Scalar is a motif given by one number, such as the beta of
// swish(x) = x*sigmoid(beta*x): the motifs of a family that Define made
// without a Parse. Its text encoding is the number's shortest
// round-tripping decimal.
type Scalar struct {
	// Of is the name of the family the motif belongs to.
	Of string
	// Value is the motif's number.
	Value float64
}

// Family returns s.Of.
func (s Scalar) Family() string { return s.Of }

// String returns the value's shortest round-tripping decimal encoding.
func (s Scalar) String() string { return strconv.FormatFloat(s.Value, 'g', -1, 64) }

// Features returns the value as a one-element vector.
func (s Scalar) Features() []float64 { return []float64{s.Value} }

// Scalars wraps values as Scalar motifs of the named family, in order.
func Scalars(family string, values []float64) []Motif {
	out := make([]Motif, len(values))
	for i, v := range values {
		out[i] = Scalar{Of: family, Value: v}
	}
	return out
}

// MLPParams is the number of weights and biases of the fully connected
// motif-network Inputs -> Hidden... -> Outputs that MLPLoss reads.
func MLPParams(spec NetSpec) int { return newMLPLayout(spec).nParam }

// MLPLoss records the mean binary cross-entropy with logits of a fully
// connected motif-network: for each layer a = h W + b, with act applied
// to every hidden layer and the output layer left as logits. theta holds,
// layer by layer, W (row-major, inputs x outputs) and then b: the layout
// of the sigmoid family, whose network is MLPLoss with
// act(a) = a.Sigmoid(slope). x is [Samples, Inputs] and y is [Samples,
// Outputs]; act must keep its argument's shape.
func MLPLoss(spec NetSpec, theta, x, y autodiff.Tensor, act func(a autodiff.Tensor) autodiff.Tensor) (autodiff.Tensor, error) {
	if spec.TimeSteps > 1 {
		return autodiff.Tensor{}, fmt.Errorf("the fully connected motif-network is feed-forward; time_steps is %d, set it to 0", spec.TimeSteps)
	}
	lay := newMLPLayout(spec)
	if theta.Len() != lay.nParam {
		return autodiff.Tensor{}, fmt.Errorf("theta has %d values; the fully connected motif-network %v has %d parameters", theta.Len(), lay.dims, lay.nParam)
	}
	h := x
	L := lay.layers()
	for l := 1; l <= L; l++ {
		din, dout := lay.dims[l-1], lay.dims[l]
		W := theta.Slice(0, lay.wOff[l-1], lay.wOff[l-1]+din*dout).Reshape(din, dout)
		b := theta.Slice(0, lay.bOff[l-1], lay.bOff[l-1]+dout)
		h = h.MatMul(W).Add(b)
		if l < L {
			pre := h
			if h = act(pre); pre.Err() == nil && h.Err() == nil && !sameShape(h, pre) {
				return autodiff.Tensor{}, fmt.Errorf("the activation turned hidden layer %d's pre-activations of shape %v into shape %v; it must keep its input's shape (apply element-wise operations, such as a.Maximum(a.Scale(0.1)), not reductions such as a.Sum(1))", l, pre.Shape(), h.Shape())
			}
		}
	}
	loss := h.BCEWithLogits(y).Mean()
	return loss, loss.Err()
}

// sameShape reports whether a and b have the same shape, without the
// allocations of comparing their Shape slices.
func sameShape(a, b autodiff.Tensor) bool {
	if a.Rank() != b.Rank() {
		return false
	}
	for d := range a.Rank() {
		if a.Dim(d) != b.Dim(d) {
			return false
		}
	}
	return true
}
