package search

import (
	"bytes"
	"context"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/petridish-go/petridish/petri/motif"
)

func TestResultCSVRoundTrip(t *testing.T) {
	l := Loop{Init: 6, Iterations: 3, TopK: 2, Proposer: GA{Parents: 4, Children: 8, MutationRate: 0.1}, Predictor: &oracle{}, Seed: 5}
	res, err := l.Run(context.Background(), synthetic, nil)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := res.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	text := b.String()
	if !strings.HasPrefix(text, "evaluation,iteration,motif,loss,predicted\n1,0,") {
		t.Fatalf("CSV starts %q", text[:min(len(text), 60)])
	}
	back, err := ReadResultCSV(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	same := func(a, b []float64) bool {
		return slices.EqualFunc(a, b, func(x, y float64) bool { return x == y || math.IsNaN(x) && math.IsNaN(y) })
	}
	if !slices.Equal(back.Motifs, res.Motifs) || !same(back.Losses, res.Losses) || !same(back.Predicted, res.Predicted) ||
		!slices.Equal(back.Iteration, res.Iteration) || back.Best != res.Best || back.BestLoss != res.BestLoss || back.BestIndex != res.BestIndex ||
		!slices.Equal(back.Evaluations, res.Evaluations) || !same(back.BestSoFar, res.BestSoFar) {
		t.Fatalf("read back\n%+v\nwant\n%+v", back, res)
	}

	lines := strings.Split(strings.TrimSpace(text), "\n")
	for _, c := range []struct{ name, csv, want string }{
		{"header", "evaluation,iteration,cell,loss,predicted\n", `column 3 is "cell", want "motif"`},
		{"numbering", lines[0] + "\n" + lines[2] + "\n", `line 2: evaluation "2" is not the next evaluation, 1`},
		{"iteration order", lines[0] + "\n" + strings.Replace(lines[1], ",0,", ",2,", 1) + "\n" + lines[2] + "\n", `iteration "0" is not an iteration >= 2`},
		{"cell", lines[0] + "\n1,0,0 1 2,1.5,\n", `motif "0 1 2" is not a cell`},
		{"loss", lines[0] + "\n1,0," + res.Motifs[0].String() + ",x,\n", `loss "x" is not a number`},
		{"fields", lines[0] + "\n1,0\n", "wrong number of fields"},
	} {
		if _, err := ReadResultCSV(strings.NewReader(c.csv)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
}

// TestResultCSVOtherFamily writes and reads back the result of a search
// over sigmoid slopes (a proposer of its own): ReadResultCSV reads cells
// only, and used to be the only way to read a result back.
func TestResultCSVOtherFamily(t *testing.T) {
	bowl := EvaluatorFunc(func(ctx context.Context, ms []motif.Motif) ([]float64, error) {
		out := make([]float64, len(ms))
		for i, m := range ms {
			s := float64(m.(motif.Sigmoid))
			out[i] = (s - 0.4) * (s - 0.4)
		}
		return out, nil
	})
	l := Loop{Init: 3, Iterations: 2, TopK: 2, Proposer: slopeProposer{}, Warm: motif.Slopes([]float64{0.1, 0.8, 1.2}), Seed: 1}
	res, err := l.Run(context.Background(), bowl, nil)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := res.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	back, err := ReadResultCSVFor(bytes.NewReader(b.Bytes()), motif.SigmoidFamily)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(back.Motifs, res.Motifs) || !slices.Equal(back.Losses, res.Losses) || back.Best != res.Best || !slices.Equal(back.BestSoFar, res.BestSoFar) {
		t.Errorf("read back\n%+v\nwant\n%+v", back, res)
	}
	if _, err := ReadResultCSV(bytes.NewReader(b.Bytes())); err == nil || !strings.Contains(err.Error(), "is not a cell") {
		t.Errorf("ReadResultCSV on slopes: %v; want an error saying a motif is not a cell", err)
	}
	if _, err := ReadResultCSVFor(bytes.NewReader(b.Bytes()), "lstm"); err == nil || !strings.Contains(err.Error(), `unknown motif family "lstm"`) {
		t.Errorf("an unknown family: %v", err)
	}
}
