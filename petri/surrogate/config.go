package surrogate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"

	"github.com/petridish-go/petridish/petri/rng"
)

// Activations a Config may name for the hidden layers.
const (
	ReLU    = "relu"
	Tanh    = "tanh"
	Sigmoid = "sigmoid"
)

// Config holds the surrogate's architecture and training settings.
type Config struct {
	// Hidden lists the hidden layer widths ([10, 10]).
	Hidden []int `json:"hidden"`
	// Activation is the hidden activation: "tanh" (default), "relu" or
	// "sigmoid".
	Activation string `json:"activation"`
	// LR is Adam's initial learning rate (0.01).
	LR float64 `json:"lr"`
	// Decay and DecayEvery give the learning-rate schedule
	// LR * Decay^(step/DecayEvery), continuous as in TensorFlow's
	// exponential_decay (0.97 per 100 steps).
	Decay      float64 `json:"decay"`
	DecayEvery int     `json:"decay_every"`
	// WeightDecay is the L2 coefficient added to the gradient of the
	// weights (1e-4); biases are not decayed.
	WeightDecay float64 `json:"weight_decay"`
	// Steps is the number of Adam steps (150).
	Steps int `json:"steps"`
	// Batch is the minibatch size (15); with fewer training points every
	// step uses them all.
	Batch int `json:"batch"`
	// Beta1, Beta2 and Eps are Adam's constants (0.9, 0.999, 1e-8).
	Beta1 float64 `json:"beta1"`
	Beta2 float64 `json:"beta2"`
	Eps   float64 `json:"eps"`
	// Seed determines the initial weights and the minibatch order.
	Seed uint64 `json:"seed"`
}

// DefaultConfig returns the paper's NN-surrogate settings with the
// default seed (rng.Seed). The paper does not name the hidden activation;
// tanh is the one in HIPS autograd's neural-network example, on which the
// authors' code is built. It also makes the control behave as in Figure 1
// for every seed: a ReLU network of this size, trained for 150 steps,
// sometimes bends and sometimes extrapolates linearly, depending on which
// units die.
func DefaultConfig() Config {
	return Config{
		Hidden: []int{10, 10}, Activation: Tanh,
		LR: 0.01, Decay: 0.97, DecayEvery: 100, WeightDecay: 1e-4,
		Steps: 150, Batch: 15, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8,
		Seed: rng.Seed(),
	}
}

// Validate reports the first setting that cannot work.
func (c Config) Validate() error {
	pos := func(x float64) bool { return x > 0 && !math.IsInf(x, 0) }
	for i, h := range c.Hidden {
		if h < 1 {
			return fmt.Errorf("surrogate config: hidden layer %d has width %d; widths must be at least 1", i, h)
		}
	}
	switch {
	case c.Activation != ReLU && c.Activation != Tanh && c.Activation != Sigmoid:
		return fmt.Errorf("surrogate config: activation %q is unknown; use %q, %q or %q", c.Activation, ReLU, Tanh, Sigmoid)
	case !pos(c.LR):
		return fmt.Errorf("surrogate config: lr is %v; it must be a positive finite number (the paper uses 0.01)", c.LR)
	case !pos(c.Decay):
		return fmt.Errorf("surrogate config: decay is %v; it must be a positive finite number (the paper uses 0.97)", c.Decay)
	case c.DecayEvery < 1:
		return fmt.Errorf("surrogate config: decay_every is %d; it must be at least 1 (the paper uses 100)", c.DecayEvery)
	case !(c.WeightDecay >= 0) || math.IsInf(c.WeightDecay, 0):
		return fmt.Errorf("surrogate config: weight_decay is %v; it must be a finite number >= 0", c.WeightDecay)
	case c.Steps < 1:
		return fmt.Errorf("surrogate config: steps is %d; it must be at least 1 (the paper uses 150)", c.Steps)
	case c.Batch < 1:
		return fmt.Errorf("surrogate config: batch is %d; it must be at least 1 (the paper uses 15)", c.Batch)
	case !(c.Beta1 >= 0 && c.Beta1 < 1) || !(c.Beta2 >= 0 && c.Beta2 < 1):
		return fmt.Errorf("surrogate config: beta1 %v and beta2 %v must be in [0,1)", c.Beta1, c.Beta2)
	case !pos(c.Eps):
		return fmt.Errorf("surrogate config: eps is %v; it must be a positive finite number", c.Eps)
	}
	return nil
}

// ParseConfig reads a JSON config. Fields it does not mention keep their
// DefaultConfig values; unknown fields are an error (usually typos). The
// result is validated.
func ParseConfig(data []byte) (Config, error) {
	cfg := DefaultConfig()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&cfg); err != nil {
		return Config{}, fmt.Errorf("surrogate config: %v; see surrogate.DefaultConfig for the fields", err)
	}
	if err := cfg.Validate(); err != nil {
		return Config{}, err
	}
	return cfg, nil
}
