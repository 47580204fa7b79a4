package motif

import (
	"encoding/xml"
	"io"
	"math"
	"strings"
	"testing"

	"github.com/petridish-go/petridish/petri/autodiff"
	"github.com/petridish-go/petridish/petri/rng"
)

func TestCellParseRoundTrip(t *testing.T) {
	c, err := ParseCell(naoBestCell)
	if err != nil {
		t.Fatal(err)
	}
	if c.String() != naoBestCell {
		t.Errorf("String() = %q, want %q", c.String(), naoBestCell)
	}
	if c.Prev[3] != 3 || c.Act[3] != CellTanh || c.Act[10] != CellSigmoid || c.Prev[8] != 7 {
		t.Errorf("parsed %+v: node 4 should read node 3 with tanh, node 9 read node 7, node 11 use sigmoid", c)
	}
	py := "[" + strings.ReplaceAll(naoBestCell, " ", ", ") + "]"
	if d, err := ParseCell(py); err != nil || d != c {
		t.Errorf("ParseCell(%q) = %v, %v; want the same cell", py, d, err)
	}
	r := rng.New(3)
	for range 200 {
		c := RandomCell(r)
		m, err := Parse(CellFamily, c.String())
		if err != nil || m != Motif(c) {
			t.Fatalf("Parse(%q) = %v, %v; want the cell back", c, m, err)
		}
	}
}

func TestCellParseRejects(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"0 1 0 1", "has 4 numbers; a cell is 22 integers"},
		{"", "has 0 numbers"},
		{strings.Replace(naoBestCell, "3 0", "x 0", 1), `number 7 ("x") is not a small non-negative integer`},
		{strings.Replace(naoBestCell, "3 0", "-3 0", 1), "not a small non-negative integer"},
		{"1" + naoBestCell[1:], "node 1 reads node 1; a node reads an earlier node, 0 to 0"},
		{naoBestCell[:len(naoBestCell)-1] + "4", "node 11 has activation 4; use 0 (tanh)"},
	} {
		_, err := Parse(CellFamily, c.text)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Parse(%q) error = %v, want it to contain %q", c.text, err, c.want)
		}
	}
}

func TestRandomCells(t *testing.T) {
	a, b := RandomCells(300, rng.New(7)), RandomCells(300, rng.New(7))
	seen := map[Motif]bool{}
	acts := map[CellAct]bool{}
	for i, m := range a {
		c := m.(Cell)
		if err := c.Validate(); err != nil {
			t.Fatalf("cell %d: %v", i, err)
		}
		if seen[m] {
			t.Fatalf("cell %d (%s) repeats", i, c)
		}
		seen[m] = true
		if b[i] != m {
			t.Fatalf("the same seed drew %s and %s", m, b[i])
		}
		for _, f := range c.Act {
			acts[f] = true
		}
	}
	if len(acts) != CellActs {
		t.Errorf("300 cells use activations %v; want all four", acts)
	}
	if err := Check(cellFamily{}, a); err != nil {
		t.Error(err)
	}
}

func TestCellFeatures(t *testing.T) {
	r := rng.New(1)
	seen := map[string]Cell{}
	for range 100 {
		c := RandomCell(r)
		f := c.Features()
		if len(f) != 110 {
			t.Fatalf("%d features, want 110", len(f))
		}
		var sum float64
		for _, v := range f {
			sum += v
		}
		if sum != 2*CellNodes {
			t.Fatalf("features of %s sum to %v; want one 1 per predecessor and per activation (22)", c, sum)
		}
		key := fmtFloats(f)
		if d, dup := seen[key]; dup && d != c {
			t.Fatalf("cells %s and %s have the same features", c, d)
		}
		seen[key] = c
	}
}

func fmtFloats(f []float64) string {
	var b strings.Builder
	for _, v := range f {
		b.WriteByte(byte('0' + int(v)))
	}
	return b.String()
}

func TestCellCheckNet(t *testing.T) {
	f := cellFamily{}
	ok := NetSpec{Inputs: 10, Hidden: []int{3}, Outputs: 10, Samples: 20, TimeSteps: 5, InitStd: 0.5}
	if err := f.CheckNet(ok); err != nil {
		t.Fatal(err)
	}
	if n := f.NumParams(ok); n != 13*6+11*3*6+3*10+10 {
		t.Errorf("NumParams = %d, want 316", n)
	}
	for _, c := range []struct {
		mod  func(*NetSpec)
		want string
	}{
		{func(s *NetSpec) { s.Hidden = []int{3, 3} }, "one hidden size"},
		{func(s *NetSpec) { s.Hidden = nil }, "one hidden size"},
		{func(s *NetSpec) { s.TimeSteps = 0 }, "runs over sequences"},
	} {
		s := ok
		c.mod(&s)
		if err := f.CheckNet(s); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("CheckNet(%+v) = %v, want %q", s, err, c.want)
		}
	}
}

// cellReference is the cell motif-network written out in plain loops,
// independently of NetworkLoss's tensor formulation.
func cellReference(spec NetSpec, c Cell, theta, x, y []float64) float64 {
	S, T, I, H, O := spec.Samples, spec.TimeSteps, spec.Inputs, spec.Hidden[0], spec.Outputs
	w0 := theta[:(I+H)*2*H]
	wi := func(i int) []float64 { off := (I+H)*2*H + i*H*2*H; return theta[off : off+H*2*H] }
	voff := (I+H)*2*H + CellNodes*H*2*H
	v, b := theta[voff:voff+H*O], theta[voff+H*O:]
	sig := func(a float64) float64 { return 1 / (1 + math.Exp(-a)) }
	act := func(f CellAct, a float64) float64 {
		switch f {
		case CellTanh:
			return math.Tanh(a)
		case CellReLU:
			return math.Max(a, 0)
		case CellSigmoid:
			return sig(a)
		}
		return a
	}
	var loss float64
	for s := range S {
		h := make([]float64, H)
		for t := range T {
			xt := x[(s*T+t)*I : (s*T+t+1)*I]
			in := append(append([]float64{}, xt...), h...)
			states := make([][]float64, CellNodes+1)
			s0 := make([]float64, H)
			for j := range H {
				var cc, hh float64
				for k, u := range in {
					cc += u * w0[k*2*H+j]
					hh += u * w0[k*2*H+H+j]
				}
				s0[j] = h[j] + sig(cc)*(math.Tanh(hh)-h[j])
			}
			states[0] = s0
			for i := range CellNodes {
				sp, w := states[c.Prev[i]], wi(i)
				si := make([]float64, H)
				for j := range H {
					var cc, hh float64
					for k, u := range sp {
						cc += u * w[k*2*H+j]
						hh += u * w[k*2*H+H+j]
					}
					si[j] = sp[j] + sig(cc)*(act(c.Act[i], hh)-sp[j])
				}
				states[i+1] = si
			}
			for j := range H {
				h[j] = 0
				for i := 1; i <= CellNodes; i++ {
					h[j] += states[i][j] / CellNodes
				}
			}
			for o := range O {
				z := b[o]
				for j := range H {
					z += h[j] * v[j*O+o]
				}
				yy := y[(s*T+t)*O+o]
				loss += math.Max(z, 0) - z*yy + math.Log1p(math.Exp(-math.Abs(z)))
			}
		}
	}
	return loss / float64(S*T*O)
}

// cellProblem is a small cell motif-network with random inputs and labels.
func cellProblem(seed uint64) (NetSpec, []float64, []float64, []float64) {
	spec := NetSpec{Inputs: 4, Hidden: []int{3}, Outputs: 2, Samples: 3, TimeSteps: 4, InitStd: 0.7}
	r := rng.New(seed)
	theta := cellFamily{}.InitParams(spec, r)
	for i := len(theta) - spec.Outputs; i < len(theta); i++ {
		theta[i] = r.NormFloat64() // exercise the bias too
	}
	x := randNorm(r, spec.XLen())
	y := make([]float64, spec.YLen())
	for i := range y {
		y[i] = float64(r.IntN(2))
	}
	return spec, theta, x, y
}

// cellLoss evaluates NetworkLoss and its gradients in theta and x.
func cellLoss(t *testing.T, spec NetSpec, c Cell, theta, x, y []float64) (float64, []float64, []float64) {
	t.Helper()
	tp := autodiff.NewTape()
	th := tp.From(theta)
	xt := tp.From(x, spec.Samples, spec.TimeSteps, spec.Inputs)
	l, err := cellFamily{}.NetworkLoss(spec, c, th, xt, tp.From(y, spec.Samples, spec.TimeSteps, spec.Outputs))
	if err != nil {
		t.Fatal(err)
	}
	g, err := autodiff.Grad(l, []autodiff.Tensor{th, xt}, false)
	if err != nil {
		t.Fatal(err)
	}
	return l.Item(), g[0].Data(), g[1].Data()
}

// TestCellNetworkLossMatchesReference checks the tensor formulation
// against the plain-loop one for cells using every activation; both are
// float64 sums of the same terms in different orders, so they agree to a
// few ulps (1e-12 relative leaves a wide margin).
func TestCellNetworkLossMatchesReference(t *testing.T) {
	spec, theta, x, y := cellProblem(11)
	r := rng.New(5)
	cells := []Cell{mustCell(t, naoBestCell)}
	for range 20 {
		cells = append(cells, RandomCell(r))
	}
	for f := range CellAct(CellActs) {
		var c Cell
		for i := range c.Act {
			c.Act[i], c.Prev[i] = f, uint8(i) // a chain of one activation
		}
		cells = append(cells, c)
	}
	for _, c := range cells {
		got, _, _ := cellLoss(t, spec, c, theta, x, y)
		want := cellReference(spec, c, theta, x, y)
		if math.Abs(got-want) > 1e-12*math.Abs(want) {
			t.Errorf("cell %s: NetworkLoss %.17g, reference %.17g", c, got, want)
		}
	}
}

// TestCellNetworkLossGradient checks the gradient in theta and x against
// fivePoint finite differences. For cells of smooth activations (tanh,
// sigmoid, identity) h = 1e-3 and the fivePoint tolerance argument holds
// (errors near 1e-11, tolerance 1e-8). ReLU has a kink at 0, and with 36
// pre-activations per node some lie within 2h = 2e-3 of it, where a
// difference quotient straddles the kink; for cells with ReLU, h = 1e-6
// makes straddling unlikely (none does with these fixed seeds) at the cost
// of rounding error near ulp/h = 1e-10, so the tolerance is 1e-6, still
// far below the 1e-2 a wrong term gives.
func TestCellNetworkLossGradient(t *testing.T) {
	spec, theta, x, y := cellProblem(2)
	smooth := RandomCell(rng.New(9))
	for i, f := range smooth.Act {
		if f == CellReLU {
			smooth.Act[i] = CellIdentity
		}
	}
	var relu Cell
	for i := range relu.Act {
		relu.Act[i], relu.Prev[i] = CellReLU, uint8(i/2)
	}
	for _, c := range []struct {
		cell   Cell
		h, tol float64
	}{
		{smooth, 1e-3, 1e-8},
		{mustCell(t, naoBestCell), 1e-6, 1e-6},
		{RandomCell(rng.New(9)), 1e-6, 1e-6},
		{relu, 1e-6, 1e-6},
	} {
		_, gT, gX := cellLoss(t, spec, c.cell, theta, x, y)
		for _, v := range []struct {
			name string
			v, g []float64
		}{{"theta", theta, gT}, {"x", x, gX}} {
			num := make([]float64, len(v.v))
			for i := range v.v {
				old := v.v[i]
				num[i] = fivePoint(func(h float64) float64 {
					v.v[i] = old + h
					l, _, _ := cellLoss(t, spec, c.cell, theta, x, y)
					return l
				}, c.h)
				v.v[i] = old
			}
			if e := relErr(v.g, num); !(e < c.tol) {
				t.Errorf("cell %s: gradient in %s has relative error %.3g against finite differences (h %g)", c.cell, v.name, e, c.h)
			}
		}
	}
}

func TestCellNetworkLossRejects(t *testing.T) {
	spec, theta, x, y := cellProblem(1)
	tp := autodiff.NewTape()
	xt, yt := tp.From(x, spec.Samples, spec.TimeSteps, spec.Inputs), tp.From(y, spec.Samples, spec.TimeSteps, spec.Outputs)
	for _, c := range []struct {
		m     Motif
		theta []float64
		want  string
	}{
		{Sigmoid(1), theta, `motif "1" of family "sigmoid" is not a recurrent cell`},
		{nil, theta, "motif is nil"},
		{Cell{Prev: [CellNodes]uint8{5}}, theta, "node 1 reads node 5"},
		{Cell{}, theta[1:], "theta has 247 values; the rnncell motif-network has 248 parameters"},
	} {
		_, err := cellFamily{}.NetworkLoss(spec, c.m, tp.From(c.theta), xt, yt)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("NetworkLoss(%v) error = %v, want %q", c.m, err, c.want)
		}
	}
}

func mustCell(t *testing.T, s string) Cell {
	t.Helper()
	c, err := ParseCell(s)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestCellFusedMetaGradient checks every coordinate of the cell's fused
// meta-gradient (the R-pass adjoint through 10 inner Adam steps) against
// finite differences of its Score, for smooth cells (no ReLU, so no kinks
// for the differences to straddle). petri/dish's
// TestCellFusedMatchesGeneric compares the same path with autodiff on
// cells with ReLU too.
//
// Step and tolerance: through Adam's first steps, whose size hardly
// depends on the gradient's, the score in X_tr curves sharply, and the
// O(h^4) truncation error of fivePoint dominates at h = 1e-3 (measured
// 3e-9 to 1.4e-4 relative over these cells, falling as h^4: 2e-9 to
// 1.4e-8 at h = 1e-4, where rounding, growing as 1/h, is still below it).
// With h = 1e-4 a tolerance of 1e-6 sits two orders above the measured
// error and below what a wrong or missing term gives (1e-4 and more).
// The validation gradient is direct and agrees to 4e-11.
func TestCellFusedMetaGradient(t *testing.T) {
	spec, theta, x, y := cellProblem(4)
	p := Problem{Net: spec, Inner: DefaultInner(), Theta0: theta, Labels: y}
	p.Inner.Steps = 10
	f, err := cellFamily{}.NewFused(p)
	if err != nil {
		t.Fatal(err)
	}
	r := rng.New(8)
	xva := append([]float64(nil), x...)
	for i := range xva {
		xva[i] += 0.3 * r.NormFloat64()
	}
	for range 3 {
		c := RandomCell(r)
		for i, a := range c.Act {
			if a == CellReLU {
				c.Act[i] = CellSigmoid
			}
		}
		gtr, gva := make([]float64, len(x)), make([]float64, len(xva))
		score, err := f.ScoreGrad(c, x, xva, gtr, gva)
		if err != nil {
			t.Fatal(err)
		}
		if s2, _ := f.Score(c, x, xva); s2 != score {
			t.Fatalf("cell %v: Score %v and ScoreGrad %v disagree", c, s2, score)
		}
		fdTr, fdVa := make([]float64, len(x)), make([]float64, len(xva))
		for i := range x {
			fdTr[i] = scoreFD(t, f, c, x, xva, false, i, 1e-4)
			fdVa[i] = scoreFD(t, f, c, x, xva, true, i, 1e-3)
		}
		if e := relErr(gtr, fdTr); e > 1e-6 || math.IsNaN(e) {
			t.Errorf("cell %v: dScore/dX_tr differs from finite differences by %.3g relative", c, e)
		}
		if e := relErr(gva, fdVa); e > 1e-6 || math.IsNaN(e) {
			t.Errorf("cell %v: dScore/dX_va differs from finite differences by %.3g relative", c, e)
		}
		t.Logf("cell %v: train %.2g, valid %.2g", c, relErr(gtr, fdTr), relErr(gva, fdVa))
	}
	if _, err := f.Score(Sigmoid(1), x, xva); err == nil || !strings.Contains(err.Error(), "not a recurrent cell") {
		t.Errorf("Score of a sigmoid motif: %v, want an error", err)
	}
	if _, err := f.Score(RandomCell(r), x[1:], xva); err == nil || !strings.Contains(err.Error(), "samples x time steps x inputs") {
		t.Errorf("Score with short inputs: %v, want an error", err)
	}
}

// TestCellSVG checks the diagram is well-formed XML with a box per node,
// an arc per chosen node in its activation's colour, and the encoding in
// the bundle's text.
func TestCellSVG(t *testing.T) {
	c := mustCell(t, naoBestCell)
	b := c.MIMEBundle()
	if b["text/plain"] != naoBestCell {
		t.Errorf("text/plain %q", b["text/plain"])
	}
	svg, _ := b["image/svg+xml"].(string)
	dec := xml.NewDecoder(strings.NewReader(svg))
	counts := map[string]int{}
	arcColors := map[string]int{}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed: %v\n%s", err, svg)
		}
		if se, ok := tok.(xml.StartElement); ok {
			counts[se.Name.Local]++
			if se.Name.Local == "path" {
				for _, a := range se.Attr {
					if a.Name.Local == "stroke" {
						arcColors[a.Value]++
					}
				}
			}
		}
	}
	if counts["svg"] != 1 || counts["rect"] != 12+4 {
		t.Errorf("elements %v; want one svg and 16 rects (12 nodes, 4 legend keys)", counts)
	}
	// One arc per chosen node, in its activation's colour.
	want := map[string]int{}
	for _, a := range c.Act {
		want[cellColors[a]]++
	}
	if len(arcColors) != len(want) {
		t.Errorf("arc colours %v, want %v", arcColors, want)
	}
	for col, n := range want {
		if arcColors[col] != n {
			t.Errorf("%d arcs in %s, want %d", arcColors[col], col, n)
		}
	}
}
