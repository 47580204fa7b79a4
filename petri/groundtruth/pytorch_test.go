package groundtruth

import (
	"math"
	"strings"
	"testing"

	"github.com/petridish-go/petridish/petri/internal/torchcheck"
	"github.com/petridish-go/petridish/petri/rng"
)

// TestTrainerMatchesPyTorch checks the trainer against an independent
// implementation: torch.optim.Adam (weight_decay) on torch.nn.Linear layers
// with CrossEntropyLoss, in float64, via scripts/gpu/torch_mnist.py
// --check, the reference the throughput is compared with. After 12 Adam
// steps on the same batches from the same initial parameters, parameters
// and the mean loss must agree to 1e-10 (both float64; the measured
// differences are about 1e-15). It needs python3 with torch (Debian's
// python3-torch) and skips without it unless PETRIDISH_REQUIRE_TORCH is set.
func TestTrainerMatchesPyTorch(t *testing.T) {
	py := torchcheck.Python(t)
	const hidden, batch, lr, l2, slope = 6, 5, 0.01, 1e-3, 1.7
	raw := tinySet(40, 3, 4, 5)
	set, err := newSparseSet(raw, "test")
	if err != nil {
		t.Fatal(err)
	}
	net := newMLP(set.inputs, hidden, batch)
	net.reset(rng.New(9), slope, 1)
	params0 := append([]float64(nil), net.params...)
	order := rng.New(4).Perm(set.n)
	var batches [][]int32
	for k := range 12 {
		rows := make([]int32, batch)
		for i := range rows {
			rows[i] = int32(order[(k*batch+i)%set.n])
		}
		batches = append(batches, rows)
		net.forward(set, rows)
		net.backward(set, rows)
		net.adam(lr, l2)
	}
	loss, _, _ := net.score(set)
	dump := map[string]any{"inputs": set.inputs, "hidden": hidden, "classes": classes, "slope": slope, "lr": lr, "l2": l2,
		"images": raw.Images, "labels": raw.Labels, "params0": params0, "batches": batches,
		"params": net.params, "loss": loss}
	run := func() (string, error) { return torchcheck.Run(t, py, "../../scripts/gpu/torch_mnist.py", dump) }
	out, err := run()
	if err != nil || !strings.Contains(out, "largest parameter difference") {
		t.Fatalf("torch_mnist.py --check: %v\n%s", err, out)
	}
	t.Log(strings.TrimSpace(out))
	// The check is not vacuous: one parameter off by 1e-6 of the largest
	// fails it.
	big := 0.0
	for _, p := range net.params {
		big = max(big, math.Abs(p))
	}
	net.params[7] += 1e-6 * big
	if out, err := run(); err == nil {
		t.Fatalf("torch_mnist.py --check accepted a perturbed parameter:\n%s", out)
	}
}
