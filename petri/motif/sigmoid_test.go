package motif

import (
	"strings"
	"testing"
)

func TestSigmoidParseRoundTrip(t *testing.T) {
	for _, text := range []string{"0.23", "1", "-0.5", "1e-07", "2.01", "0.1"} {
		m, err := Parse(SigmoidFamily, text)
		if err != nil {
			t.Fatalf("Parse(%q): %v", text, err)
		}
		if m.String() != text {
			t.Errorf("Parse(%q).String() = %q", text, m.String())
		}
		if m.Family() != SigmoidFamily {
			t.Errorf("family %q", m.Family())
		}
	}
	for _, s := range []float64{0.01, 0.23000000000000001, 1.0 / 3, 2.01} {
		m := Sigmoid(s)
		back, err := Parse(SigmoidFamily, m.String())
		if err != nil || back != m {
			t.Errorf("slope %v: round trip gave %v, %v", s, back, err)
		}
	}
	if m, _ := Parse(SigmoidFamily, " 0.230 "); m != Sigmoid(0.23) {
		t.Errorf("padded or trailing-zero encodings should parse to the same slope, got %v", m)
	}
}

func TestSigmoidParseRejects(t *testing.T) {
	for _, text := range []string{"", "abc", "NaN", "nan", "Inf", "-Inf", "+Inf", "0.2.3", "1e999"} {
		if m, err := Parse(SigmoidFamily, text); err == nil {
			t.Errorf("Parse(%q) = %v, want an error", text, m)
		}
	}
}

func TestLookupUnknownFamily(t *testing.T) {
	_, err := Lookup("lstm")
	if err == nil || !strings.Contains(err.Error(), "sigmoid") {
		t.Fatalf("Lookup(lstm) error %v should list the known families", err)
	}
	if _, err := ParseAll("sigmoid", []string{"0.1", "x"}); err == nil || !strings.Contains(err.Error(), "motif 1") {
		t.Fatalf("ParseAll should name the bad index, got %v", err)
	}
}

func TestCheck(t *testing.T) {
	fam, _ := Lookup(SigmoidFamily)
	if err := Check(fam, Slopes([]float64{0.1, 0.2, 0.3})); err != nil {
		t.Fatal(err)
	}
	bad := map[string][]Motif{
		"duplicate": Slopes([]float64{0.1, 0.2, 0.1}),
		"NaN":       {Sigmoid(0.1), Sigmoid(nan())},
		"nil":       {nil},
		"family":    {otherMotif{}},
	}
	for name, ms := range bad {
		if err := Check(fam, ms); err == nil {
			t.Errorf("%s: Check accepted %v", name, ms)
		}
	}
}

func TestSigmoidCheckNet(t *testing.T) {
	fam, _ := Lookup(SigmoidFamily)
	if err := fam.CheckNet(NetSpec{Inputs: 10, Outputs: 10, Samples: 10, InitStd: 0.1}); err == nil {
		t.Error("no hidden layer should be rejected")
	}
	if err := fam.CheckNet(NetSpec{Inputs: 10, Hidden: []int{1}, Outputs: 10, Samples: 10, TimeSteps: 5, InitStd: 0.1}); err == nil {
		t.Error("time steps should be rejected")
	}
	if fam.NumParams(NetSpec{Inputs: 10, Hidden: []int{1, 1}, Outputs: 10}) != 33 {
		t.Error("10-1-1-10 should have 10+1+1+1+10+10 = 33 parameters")
	}
}

type otherMotif struct{}

func (otherMotif) Family() string { return "other" }
func (otherMotif) String() string { return "x" }

func nan() float64 {
	z := 0.0
	return z / z
}
