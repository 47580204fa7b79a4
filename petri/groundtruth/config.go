package groundtruth

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"runtime"

	"github.com/petridish-go/petridish/petri/rng"
)

// Family is the motif family name under which sigmoid-slope runs are stored.
const Family = "sigmoid"

// trainerVersion changes whenever a change to the trainer would change its
// results, so runs cached by an older trainer are not reused.
const trainerVersion = 1

// MNIST layout the sweep uses: training samples come from the start of the
// 60,000-image training split, validation samples from its last 10,000
// (index 50,000 on), so validation never overlaps training and the test
// split stays untouched.
const (
	// MaxTrainSamples is the most training samples Sigmoid can use.
	MaxTrainSamples = 50000
	// MaxValidSamples is the most validation samples Sigmoid can use.
	MaxValidSamples = 10000
	// ValidOffset is where the validation samples start in the training split.
	ValidOffset = 50000
)

// Config holds the ground-truth training settings of the sigmoid-slope
// experiment. DefaultConfig returns the paper's.
type Config struct {
	// Epochs is the number of passes over the training samples (paper: 50).
	Epochs int
	// TrainSamples is how many training samples each run sees (paper: all).
	TrainSamples int
	// ValidSamples is how many held-out samples score each run.
	ValidSamples int
	// Runs is the number of independent runs per slope (paper: 20).
	Runs int
	// BatchSize is the minibatch size (paper: 50).
	BatchSize int
	// Hidden is the width of the two hidden layers (paper: 100).
	Hidden int
	// LearningRate is Adam's step size (paper: 0.01).
	LearningRate float64
	// L2 is the weight decay added to the gradient (paper: 1e-5).
	L2 float64
	// InitScale picks the initial weights. 0 draws them as PyTorch's
	// nn.Linear does, uniform in +-1/sqrt(fan_in); a positive value draws
	// every weight and bias from a normal distribution with that standard
	// deviation, as HIPS autograd's MNIST example (param_scale 0.1), on which
	// the authors' code is built, does.
	InitScale float64
	// Seed is the first run's seed; run r uses Seed+r for every slope, so
	// all slopes of one run share initial weights and batch order.
	Seed uint64
	// Threads is how many runs train at once on the CPU, each on one core;
	// 0 means every core (runtime.NumCPU). A GPU sweep ignores it.
	Threads int
	// Device picks where SigmoidOn and Sigmoid train: "auto" (or ""), the
	// backend accel.Current returns (PETRI_DEVICE, or %device in a
	// notebook) when it can train classifiers (accel.ClassifierBackend),
	// else the CPU; "cpu", the float64 CPU trainer, the reference; "cuda",
	// the GPU, with an error when there is none. A GPU computes in
	// float32, so its runs are stored under their own config hash, apart
	// from CPU runs. Train always uses the CPU.
	Device string
	// RunsInFlight is how many runs a GPU trains at once, as one batched
	// trainer; 0 means DefaultRunsInFlight. Results do not depend on it.
	// The CPU ignores it (see Threads).
	RunsInFlight int
}

// DefaultRunsInFlight is the number of runs a GPU trains at once when
// Config.RunsInFlight is 0.
const DefaultRunsInFlight = 64

// DefaultConfig returns the paper's settings: 50 epochs over 50,000
// training samples, 10,000 validation samples, 20 runs, batch 50, hidden
// width 100, Adam lr 0.01, L2 1e-5, initial weights and biases from
// N(0, 1) (InitScale 1: the paper does not say; this is the scale of the
// authors' code, and it gives the paper's curve, see
// notebooks/data/README.md), the default seed, every core, and the GPU
// when one is selected (Device auto). These take hours per slope on a CPU;
// shrink Epochs, TrainSamples and Runs for a quick look.
func DefaultConfig() Config {
	return Config{Epochs: 50, TrainSamples: MaxTrainSamples, ValidSamples: MaxValidSamples, Runs: 20,
		BatchSize: 50, Hidden: 100, LearningRate: 0.01, L2: 1e-5, InitScale: 1, Seed: rng.Seed(), Threads: 0,
		Device: DeviceAuto, RunsInFlight: DefaultRunsInFlight}
}

// check reports the first invalid setting.
func (c Config) check() error {
	bad := func(field string, v any, want string) error {
		return fmt.Errorf("ground truth config: %s is %v; %s", field, v, want)
	}
	switch {
	case c.Epochs <= 0:
		return bad("Epochs", c.Epochs, "train at least one epoch")
	case c.TrainSamples <= 0:
		return bad("TrainSamples", c.TrainSamples, "use at least one training sample")
	case c.ValidSamples <= 0:
		return bad("ValidSamples", c.ValidSamples, "use at least one validation sample")
	case c.Runs <= 0:
		return bad("Runs", c.Runs, "do at least one run per slope")
	case c.BatchSize <= 0:
		return bad("BatchSize", c.BatchSize, "use a positive batch size such as 50")
	case c.Hidden <= 0:
		return bad("Hidden", c.Hidden, "use a positive width such as 100")
	case !(c.LearningRate > 0) || math.IsInf(c.LearningRate, 0):
		return bad("LearningRate", c.LearningRate, "use a positive step such as 0.01")
	case !(c.L2 >= 0) || math.IsInf(c.L2, 0):
		return bad("L2", c.L2, "use a non-negative weight decay such as 1e-5")
	case !(c.InitScale >= 0) || math.IsInf(c.InitScale, 0):
		return bad("InitScale", c.InitScale, "use 0 for PyTorch's initialisation or a positive standard deviation such as 0.1")
	case c.Threads < 0:
		return bad("Threads", c.Threads, "use 0 for every core or a positive count")
	case c.device() == "":
		return bad("Device", fmt.Sprintf("%q", c.Device), fmt.Sprintf("use %q, %q or %q", DeviceAuto, DeviceCPU, DeviceCUDA))
	case c.RunsInFlight < 0:
		return bad("RunsInFlight", c.RunsInFlight, fmt.Sprintf("use 0 for %d or a positive count", DefaultRunsInFlight))
	}
	return nil
}

func (c Config) threads() int {
	if c.Threads > 0 {
		return c.Threads
	}
	return runtime.NumCPU()
}

// hash identifies the settings that determine a run's result (everything
// but Runs, Seed, Threads and RunsInFlight) together with a fingerprint of
// the data and the device that trains, so a store never mixes runs of
// different settings, data or arithmetic. device is "" for the CPU's
// float64 trainer, which keeps the hashes runs had before GPUs trained, and
// the backend's name for a device trainer (float32).
func (c Config) hash(dataFingerprint, device string) (hash, description string) {
	precision := ""
	if device != "" {
		precision = "float32"
	}
	d := struct {
		Trainer      int     `json:"trainer"`
		Data         string  `json:"data"`
		Epochs       int     `json:"epochs"`
		TrainSamples int     `json:"train_samples"`
		ValidSamples int     `json:"valid_samples"`
		BatchSize    int     `json:"batch_size"`
		Hidden       int     `json:"hidden"`
		LearningRate float64 `json:"learning_rate"`
		L2           float64 `json:"l2"`
		InitScale    float64 `json:"init_scale,omitempty"`
		Device       string  `json:"device,omitempty"`
		Precision    string  `json:"precision,omitempty"`
	}{trainerVersion, dataFingerprint, c.Epochs, c.TrainSamples, c.ValidSamples, c.BatchSize, c.Hidden, c.LearningRate, c.L2, c.InitScale,
		device, precision}
	b, _ := json.Marshal(d)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8]), string(b)
}
