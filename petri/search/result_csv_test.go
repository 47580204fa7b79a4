package search

import (
	"bytes"
	"context"
	"math"
	"slices"
	"strings"
	"testing"
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
