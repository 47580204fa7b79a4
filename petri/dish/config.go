package dish

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"runtime"

	"github.com/petridish-go/petridish/petri/motif"
	"github.com/petridish-go/petridish/petri/rng"
)

// Paths a Config may select for computing dish scores and meta-gradients.
const (
	// PathAuto uses the device path when the family has one and the
	// current accel backend (accel.Current: PETRI_DEVICE, or %device in a
	// notebook) can run it, else the family's fused path when it has one,
	// else the generic autodiff path.
	PathAuto = "auto"
	// PathFused requires the family's hand-written fused path.
	PathFused = "fused"
	// PathGeneric differentiates through the inner loop with petri/autodiff;
	// it works for every family and is the oracle for fused paths.
	PathGeneric = "generic"
	// PathDevice requires the device path: the family trains a whole batch
	// of motif-networks in one call on the current accel backend (for the
	// sigmoid family, accel.UnrolledMLPs on the CUDA backend, in float64),
	// and with all motifs in every step Train runs the whole outer step
	// there (accel.OuterMLPs). It fails when the backend cannot, e.g. on
	// the CPU.
	PathDevice = "device"
)

// Config holds every setting of a dish. DefaultConfig gives the paper's
// Experiment 1 numbers.
type Config struct {
	// Family names the motif family, e.g. "sigmoid".
	Family string `json:"family"`
	// Net sizes the motif-network and the synthetic data.
	Net motif.NetSpec `json:"net"`
	// Inner is the motif-network training loop.
	Inner motif.Inner `json:"inner"`
	// Outer is the synthetic-data training loop.
	Outer Outer `json:"outer"`
	// Seed determines theta_init, the initial synthetic inputs and the
	// labels; one seed reproduces a dish bit for bit.
	Seed uint64 `json:"seed"`
	// Threads is the number of goroutines that train motif-networks in
	// parallel; 0 means GOMAXPROCS. Results do not depend on it.
	Threads int `json:"threads"`
	// Path is PathAuto, PathFused, PathGeneric or PathDevice; Dish.Engine
	// and History.Path say which path ran.
	Path string `json:"path"`
}

// Outer holds the outer loop: Adam on the synthetic inputs with a
// step-wise learning-rate schedule.
//
// Schedule lists the number of steps of each phase; phase i runs at
// LR*Decay^i and starts with fresh Adam state (the authors' code restarts
// its optimiser at each decay). Adam's second moment starts at Eps^4, as in
// the inner loop.
//
// The outer loss is mean((z(scores) - z(gt))^2) + WeightDecay *
// (sum(X_tr^2) + sum(X_va^2)): z standardises over the motifs of the batch
// with the population standard deviation (numpy's default), and the L2
// term is a sum of squares (its gradient is 2*WeightDecay*X).
type Outer struct {
	// LR is the initial Adam learning rate (0.05).
	LR float64 `json:"lr"`
	// WeightDecay is the L2 coefficient on the synthetic inputs (1e-5).
	WeightDecay float64 `json:"weight_decay"`
	// Decay multiplies the learning rate at each new phase (0.4).
	Decay float64 `json:"decay"`
	// Schedule is the number of steps per phase ([20, 30, 30]).
	Schedule []int `json:"schedule"`
	// Batch is the number of training motifs sampled (without
	// replacement, from the seed) for each outer step; 0 uses all of them
	// every step (Experiment 1). Experiment 2 uses 40.
	Batch int `json:"batch,omitempty"`
	// Beta1, Beta2 and Eps are Adam's constants (0.9, 0.999, 1e-8).
	Beta1 float64 `json:"beta1"`
	Beta2 float64 `json:"beta2"`
	Eps   float64 `json:"eps"`
}

// Steps returns the total number of outer steps in the schedule.
func (o Outer) Steps() int {
	n := 0
	for _, s := range o.Schedule {
		n += s
	}
	return n
}

// DefaultConfig returns the paper's Experiment 1 dish: a 10-1-1-10 sigmoid
// motif-network, 10 synthetic training and 10 validation samples, inner
// Adam lr 0.01 with L2 1e-5 for 250 steps, outer Adam lr 0.05 with L2
// 1e-5 on the schedule 20 steps at lr, 30 at 0.4 lr, 30 at 0.16 lr, and
// the default seed (rng.Seed). The paper does not give the scale of
// theta_init; the default draws it from N(0, 1), the param_scale of the
// authors' sigmoid-experiment script (HIPS autograd's usual scale is 0.1).
// The script also drops the inner L2; the default keeps the paper's 1e-5.
// notebooks/sigmoid_slope.ipynb reproduces Figure 1 with these settings.
func DefaultConfig() Config {
	return Config{
		Family: motif.SigmoidFamily,
		Net:    motif.NetSpec{Inputs: 10, Hidden: []int{1, 1}, Outputs: 10, Samples: 10, InitStd: 1},
		Inner:  motif.DefaultInner(),
		Outer: Outer{LR: 0.05, WeightDecay: 1e-5, Decay: 0.4, Schedule: []int{20, 30, 30},
			Beta1: 0.9, Beta2: 0.999, Eps: 1e-8},
		Seed: rng.Seed(),
		Path: PathAuto,
	}
}

// CellConfig returns the paper's Experiment 2 dish for recurrent cells
// (motif.CellFamily): the cell with a state of 3 neurons between 10 inputs
// and 10 outputs, 20 synthetic training and 20 validation sequences, inner
// Adam lr 0.01 with L2 1e-5 for 50 steps, outer Adam lr 2.0 with L2 5e-5
// and decay 0.5 for 200 steps, 40 motif-networks per outer step.
//
// The paper leaves three numbers open, chosen here: the sequence length
// (5 steps), the phases of the 200 outer steps ([100, 50, 50], so the
// learning rate halves twice as in Experiment 1's three phases) and the
// scale of theta_init (N(0, 0.5^2), which puts the gates' pre-activations
// on unit-variance inputs near unit scale, where the four activations
// differ; NAO's uniform(-0.04, 0.04) would leave every node almost
// linear in a 3-neuron cell).
func CellConfig() Config {
	c := DefaultConfig()
	c.Family = motif.CellFamily
	c.Net = motif.NetSpec{Inputs: 10, Hidden: []int{3}, Outputs: 10, Samples: 20, TimeSteps: 5, InitStd: 0.5}
	c.Inner.Steps = 50
	c.Outer = Outer{LR: 2.0, WeightDecay: 5e-5, Decay: 0.5, Schedule: []int{100, 50, 50}, Batch: 40,
		Beta1: 0.9, Beta2: 0.999, Eps: 1e-8}
	return c
}

// ConfigFor returns the paper's dish for a built-in family (DefaultConfig
// for "sigmoid", CellConfig for "rnncell") and, for any other family,
// DefaultConfig with Family set: Experiment 1's sizes, which suit a
// family of fully connected motif-networks.
func ConfigFor(family string) Config {
	if family == motif.CellFamily {
		return CellConfig()
	}
	c := DefaultConfig()
	if family != "" {
		c.Family = family
	}
	return c
}

// ParseConfig reads a JSON config. Fields it does not mention keep the
// values of ConfigFor(family), the family the JSON names (sigmoid if it
// names none); unknown fields are an error (they are usually typos). The
// result is validated.
func ParseConfig(data []byte) (Config, error) { return ParseConfigFor("", data) }

// ParseConfigFor is ParseConfig for a JSON config that may leave the
// family out: then it is family (sigmoid if family is empty).
func ParseConfigFor(family string, data []byte) (Config, error) {
	var probe struct {
		Family string `json:"family"`
	}
	_ = json.Unmarshal(data, &probe) // a malformed document fails below with the decoder's message
	if probe.Family != "" {
		family = probe.Family
	}
	cfg := ConfigFor(family)
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&cfg); err != nil {
		return Config{}, fmt.Errorf("dish config: %v; see dish.DefaultConfig for the fields (family, net, inner, outer, seed, threads, path)", err)
	}
	if err := cfg.Validate(); err != nil {
		return Config{}, err
	}
	return cfg, nil
}

// threads resolves Threads = 0 to GOMAXPROCS.
func (c Config) threads() int {
	if c.Threads > 0 {
		return c.Threads
	}
	return runtime.GOMAXPROCS(0)
}

// Validate reports the first setting that cannot work, saying what to
// change. With PathDevice it also checks that the current accel backend
// can run the family's device path (so the answer depends on PETRI_DEVICE
// or %device).
func (c Config) Validate() error { return c.validate(true) }

// validate is Validate; without device it skips the check of the current
// backend for PathDevice (Load accepts a dish saved on a GPU machine).
func (c Config) validate(device bool) error {
	fam, err := motif.Lookup(c.Family)
	if err != nil {
		return fmt.Errorf("dish config: %w", err)
	}
	if err := c.Net.Validate(); err != nil {
		return fmt.Errorf("dish config: %w", err)
	}
	if err := fam.CheckNet(c.Net); err != nil {
		return fmt.Errorf("dish config: %w", err)
	}
	if err := c.Inner.Validate(); err != nil {
		return fmt.Errorf("dish config: %w", err)
	}
	if err := c.Outer.validate(); err != nil {
		return fmt.Errorf("dish config: %w", err)
	}
	if c.Threads < 0 {
		return fmt.Errorf("dish config: threads is %d; use 0 for GOMAXPROCS or a positive count", c.Threads)
	}
	if err := checkPath(fam, c.Path, device); err != nil {
		return fmt.Errorf("dish config: %w", err)
	}
	return nil
}

// checkPath reports whether family fam supports path; with device, a
// PathDevice path must also be runnable on the current accel backend.
func checkPath(fam motif.Family, path string, device bool) error {
	switch path {
	case PathAuto, PathGeneric:
	case PathFused:
		if _, ok := fam.(motif.FusedFamily); !ok {
			return fmt.Errorf("path is %q but family %q has no fused path; use %q or %q", path, fam.Name(), PathAuto, PathGeneric)
		}
	case PathDevice:
		bf, ok := fam.(motif.BatchFamily)
		if !ok {
			return fmt.Errorf("path is %q but family %q has no device path; use %q", path, fam.Name(), PathAuto)
		}
		if device {
			if _, err := deviceBackend(bf); err != nil {
				return err
			}
		}
	default:
		return fmt.Errorf("path is %q; use %q, %q, %q or %q", path, PathAuto, PathFused, PathGeneric, PathDevice)
	}
	return nil
}

func (o Outer) validate() error {
	finite := func(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
	switch {
	case !(o.LR > 0) || !finite(o.LR):
		return fmt.Errorf("outer lr is %v; it must be a positive finite number (the paper uses 0.05)", o.LR)
	case !(o.WeightDecay >= 0) || !finite(o.WeightDecay):
		return fmt.Errorf("outer weight_decay is %v; it must be a finite number >= 0", o.WeightDecay)
	case !(o.Decay > 0) || !finite(o.Decay):
		return fmt.Errorf("outer decay is %v; it must be a positive finite number (the paper uses 0.4)", o.Decay)
	case len(o.Schedule) == 0:
		return fmt.Errorf("outer schedule is empty; give the steps of each learning-rate phase, e.g. [20, 30, 30]")
	case !(o.Beta1 >= 0 && o.Beta1 < 1):
		return fmt.Errorf("outer beta1 is %v; it must be in [0,1) (usually 0.9)", o.Beta1)
	case !(o.Beta2 >= 0 && o.Beta2 < 1):
		return fmt.Errorf("outer beta2 is %v; it must be in [0,1) (usually 0.999)", o.Beta2)
	case !(o.Eps > 0) || !finite(o.Eps):
		return fmt.Errorf("outer eps is %v; it must be a positive finite number (usually 1e-8)", o.Eps)
	}
	if o.Batch < 0 || (o.Batch > 0 && o.Batch < 2) {
		return fmt.Errorf("outer batch is %d; use 0 for all motifs every step, or at least 2", o.Batch)
	}
	for i, n := range o.Schedule {
		if n < 0 {
			return fmt.Errorf("outer schedule phase %d has %d steps; steps cannot be negative", i, n)
		}
	}
	if o.Steps() == 0 {
		return fmt.Errorf("outer schedule %v has no steps; give at least one", o.Schedule)
	}
	return nil
}

// clone returns a deep copy (Hidden and Schedule are slices).
func (c Config) clone() Config {
	c.Net.Hidden = append([]int(nil), c.Net.Hidden...)
	c.Outer.Schedule = append([]int(nil), c.Outer.Schedule...)
	return c
}
