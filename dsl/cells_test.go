package dsl

import (
	"strings"
	"testing"
)

// TestRecurrentCellsFromCells works with Experiment 2 from notebook
// cells: a cell shows as its diagram, a dish of cells trains on the fused
// path, and Algorithm 1 runs with a predictor and an evaluator written in
// cells (interpreted functions called from compiled code).
func TestRecurrentCellsFromCells(t *testing.T) {
	s := newSession(t)
	res, _ := mustRun(t, s, `c, _ := motif.ParseCell("0 1 0 1 1 1 3 0 4 1 4 1 5 1 1 1 7 1 1 1 1 2")
c`)
	if svg, _ := res.Data["image/svg+xml"].(string); !strings.HasPrefix(svg, "<svg") || text(res) != "0 1 0 1 1 1 3 0 4 1 4 1 5 1 1 1 7 1 1 1 1 2" {
		t.Errorf("a cell displays as %v, want its encoding and an SVG diagram", res.Data)
	}
	mustRun(t, s, `func score(c motif.Cell) float64 {
	n := 0.0
	for _, a := range c.Act {
		if a == motif.CellIdentity { n++ }
	}
	return n
}
ev := search.EvaluatorFunc(func(ctx context.Context, ms []motif.Motif) ([]float64, error) {
	out := make([]float64, len(ms))
	for i, m := range ms { out[i] = score(m.(motif.Cell)) }
	return out, nil
})`)
	res, _ = mustRun(t, s, `cfg := dish.CellConfig()
cfg.Net.Samples, cfg.Net.TimeSteps, cfg.Inner.Steps, cfg.Outer.Schedule, cfg.Outer.Batch = 6, 3, 5, []int{3}, 8
l := search.Loop{Init: 12, Iterations: 2, TopK: 4, Proposer: search.DefaultGA(), Predictor: search.DishPredictor(cfg), Seed: 1}
r, err := l.Run(ctx, ev, nil)
fmt.Sprint(len(r.Motifs), " ", err, " ", r.BestLoss <= r.BestSoFar[0], " ", l.Predictor.(*search.DishModel).History().Path)`)
	if got := text(res); got != "20 <nil> true fused" {
		t.Errorf("Algorithm 1 from cells: %q, want 20 evaluations, no error, a best no worse than the warm start's, the fused path", got)
	}
}

// TestRedefinedVariablesStayOne checks that defining again, with a value
// of its type, a variable of an earlier cell (rerunning `lr := 0.01`)
// changes the variable that earlier functions, closures and goroutines
// use, as a notebook's globals do; they kept the old one. A value of
// another type makes a new variable, as in Go, which the functions that
// use it are compiled again for, and a panic in the value leaves the
// variable as it was.
func TestRedefinedVariablesStayOne(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "lr := 0.1\nname := \"a\"\nsizes := []int{1}\ncfg := dish.DefaultConfig()")
	mustRun(t, s, `func step(w float64) float64 { return w - lr*w }
show := func() string { return fmt.Sprintln(lr, name, sizes, cfg.Seed) }
func boom() float64 { panic("diverged") }`)
	mustRun(t, s, "lr := 0.01\nname := \"b\"\nsizes := []int{2, 3}\ncfg := dish.DefaultConfig()\ncfg.Seed = 7")
	res, _ := mustRun(t, s, "fmt.Sprint(step(1), \" \", show())")
	if got, want := text(res), "0.99 0.01 b [2 3] 7\n"; got != want {
		t.Errorf("after the redefinitions: %s, want %s", got, want)
	}
	_, _, err := run(t, s, "lr := boom()")
	cellError(t, err, "panic", "diverged")
	if res, _ := mustRun(t, s, "lr"); text(res) != "0.01" {
		t.Errorf("lr after a panicking redefinition: %s, want 0.01", text(res))
	}
	// Another type: a new lr, which step, compiled again for it, cannot
	// use (Go would not compile it; it ran with the old lr, saying
	// nothing).
	_, r := mustRun(t, s, "lr := 3")
	if !strings.Contains(r.errText(), "note: step cannot run: it uses lr") {
		t.Errorf("after lr := 3: stderr %q, want a note that step cannot run", r.errText())
	}
	res, _ = mustRun(t, s, "fmt.Sprintf(\"%T %v\", lr, lr)")
	if got, want := text(res), "int 3"; got != want {
		t.Errorf("after lr := 3: %s, want %s", got, want)
	}
	_, _, err = run(t, s, "step(1)")
	cellError(t, err, "panic", "step cannot run: it uses lr")
}

// TestRedefinedConstantsReachEarlierFunctions checks that a constant
// declared again reaches the functions of earlier cells that use it, as a
// redefined function does: yaegi compiles a constant's value into its
// users, so getN() kept returning the old N.
func TestRedefinedConstantsReachEarlierFunctions(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "const N = 3")
	mustRun(t, s, "func getN() int { return N }\nfunc twice() int { return 2 * getN() }\ntype K struct{}\nfunc (K) N() int { return N }\nfunc (K) Twice() int { return twice() }")
	_, r := mustRun(t, s, "const N = 5")
	if res, _ := mustRun(t, s, "getN(), twice(), K{}.Twice()"); text(res) != "(5, 10, 10)" {
		t.Errorf("after const N = 5: %s, want (5, 10, 10)", text(res))
	}
	// Methods are compiled again too: K.N sees the new N.
	if res, _ := mustRun(t, s, "K{}.N()"); text(res) != "5" {
		t.Errorf("K{}.N() = %s, want 5", text(res))
	}
	if r.errText() != "" {
		t.Errorf("stderr %q, want nothing", r.errText())
	}
	mustRun(t, s, "const N = 5") // the same again changes nothing
	if res, _ := mustRun(t, s, "getN()"); text(res) != "5" {
		t.Errorf("after the same const again: %s", text(res))
	}
}
