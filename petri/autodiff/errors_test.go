package autodiff

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestShapeMismatchNamesOpAndShapes(t *testing.T) {
	cases := []struct {
		name  string
		f     func(tp *Tape) Tensor
		wants []string
	}{
		{"Add", func(tp *Tape) Tensor { return tp.Zeros(2, 3).Add(tp.Zeros(4, 3)) }, []string{"Add", "[2 3]", "[4 3]", "broadcast"}},
		{"MatMul", func(tp *Tape) Tensor { return tp.Zeros(5, 2, 3).MatMul(tp.Zeros(4, 3, 1)) }, []string{"MatMul", "[5 2 3]", "[4 3 1]", "batch"}},
		{"Where", func(tp *Tape) Tensor { return Where(tp.Zeros(2), tp.Zeros(3), tp.Zeros(2)) }, []string{"Where", "[2]", "[3]"}},
		{"Concat", func(tp *Tape) Tensor { return Concat(0, tp.Zeros(2, 3), tp.Zeros(2, 4)) }, []string{"Concat", "[2 3]", "[2 4]"}},
		{"Reshape", func(tp *Tape) Tensor { return tp.Zeros(2, 3).Reshape(4, 2) }, []string{"Reshape", "[2 3]", "[4 2]"}},
		{"Sum", func(tp *Tape) Tensor { return tp.Zeros(2, 3).Sum(2) }, []string{"Sum", "[2 3]", "axis 2"}},
		{"Slice", func(tp *Tape) Tensor { return tp.Zeros(2, 3).Slice(1, 2, 5) }, []string{"Slice", "[2 3]", "[2, 5)"}},
		{"Gather", func(tp *Tape) Tensor { return tp.Zeros(2, 3).Gather(0, []int{0, 2}) }, []string{"Gather", "indices[1] = 2"}},
		{"Transpose", func(tp *Tape) Tensor { return tp.Zeros(2, 3).Transpose(0, 0) }, []string{"Transpose", "perm"}},
		{"From", func(tp *Tape) Tensor { return tp.From([]float64{1, 2, 3}, 2, 2) }, []string{"From", "4 elements", "has 3"}},
		{"SumTo", func(tp *Tape) Tensor { return tp.Zeros(2, 3).SumTo(2) }, []string{"SumTo", "[2 3]", "[2]"}},
	}
	for _, c := range cases {
		tp := NewTape()
		out := c.f(tp)
		if out.Valid() {
			t.Errorf("%s: got a valid tensor from bad input", c.name)
		}
		// later ops propagate the poison and keep the first error
		later := out.Exp().Add(tp.Ones(1))
		if later.Valid() {
			t.Errorf("%s: poison did not propagate", c.name)
		}
		err := tp.Err()
		var e *Error
		if !errors.As(err, &e) || e.Op != c.name {
			t.Fatalf("%s: Err() = %v, want *Error for op %s", c.name, err, c.name)
		}
		for _, w := range c.wants {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not mention %q", c.name, err, w)
			}
		}
		if _, gerr := Grad(later.Sum(), nil, false); gerr != err {
			t.Errorf("%s: Grad returned %v, want the first error %v", c.name, gerr, err)
		}
		tp.Reset()
		if tp.Err() != nil || !tp.Ones(2).Valid() {
			t.Errorf("%s: Reset did not clear the error", c.name)
		}
	}
}

func TestCheckFiniteReportsFirstOp(t *testing.T) {
	tp := NewTape()
	tp.SetCheckFinite(true)
	x := tp.From([]float64{1, 0, 2}, 3)
	y := x.Scale(2).Log().Exp() // Log(0) = -Inf is the first non-finite value
	if y.Valid() {
		t.Fatal("expected poisoned result")
	}
	var e *Error
	if !errors.As(tp.Err(), &e) || e.Op != "Log" || !strings.Contains(e.Msg, "-Inf at element 1") {
		t.Fatalf("Err() = %v, want Log producing -Inf at element 1", tp.Err())
	}

	// Off by default: the same chain runs and yields the IEEE values.
	tp2 := NewTape()
	z := tp2.From([]float64{1, 0, 2}, 3).Log().Exp()
	if tp2.Err() != nil || z.Data()[1] != 0 {
		t.Fatalf("without the check: err %v, data %v", tp2.Err(), z.Data())
	}

	// NaN arising in a backward pass names the op being differentiated.
	tp3 := NewTape()
	tp3.SetCheckFinite(true)
	a := tp3.From([]float64{0, 4}, 2)
	s := a.Sqrt().Sum() // forward finite, d/da sqrt at 0 is +Inf
	_, err := Grad(s, []Tensor{a}, false)
	if !errors.As(err, &e) || e.Backward != "Sqrt" {
		t.Fatalf("Grad error = %v, want one raised while differentiating Sqrt", err)
	}
}

func TestInvalidTensorsAreReported(t *testing.T) {
	tp := NewTape()
	x := tp.Ones(2)
	tp.Reset()
	if x.Valid() || x.Data() != nil {
		t.Fatal("tensor from before Reset still valid")
	}
	tp.Ones(2).Add(x)
	if err := tp.Err(); err == nil || !strings.Contains(err.Error(), "before Tape.Reset") {
		t.Fatalf("stale tensor: err %v", err)
	}

	tp.Reset()
	other := NewTape().Ones(2)
	tp.Ones(2).Mul(other)
	if err := tp.Err(); err == nil || !strings.Contains(err.Error(), "different tapes") {
		t.Fatalf("foreign tensor: err %v", err)
	}

	var zero Tensor
	if zero.Valid() || zero.Err() == nil || zero.Add(zero).Valid() {
		t.Fatal("zero Tensor must be invalid")
	}
	if _, err := Grad(zero, nil, false); err == nil {
		t.Fatal("Grad of the zero Tensor must fail")
	}

	tp.Reset()
	if _, err := Grad(tp.Ones(2), []Tensor{}, false); err == nil || !strings.Contains(err.Error(), "one element") {
		t.Fatalf("non-scalar y: err %v", err)
	}
	if !math.IsNaN(tp.Zeros(2).Item()) {
		t.Fatal("Item of a 2-element tensor must be NaN")
	}
}

func TestGradOfUnrelatedIsZero(t *testing.T) {
	tp := NewTape()
	x := tp.From([]float64{1, 2}, 2)
	unrelated := tp.From([]float64{3, 4, 5}, 3)
	y := x.Square().Sum()
	later := tp.Ones(2) // created after y
	for _, cg := range []bool{false, true} {
		gs, err := Grad(y, []Tensor{unrelated, x, later, y}, cg)
		if err != nil {
			t.Fatal(err)
		}
		want := [][]float64{{0, 0, 0}, {2, 4}, {0, 0}, {1}}
		for k := range want {
			for i, v := range want[k] {
				if gs[k].Data()[i] != v {
					t.Errorf("createGraph=%v: grad %d = %v, want %v", cg, k, gs[k].Data(), want[k])
				}
			}
		}
	}
}

func TestGradWrtIntermediate(t *testing.T) {
	tp := NewTape()
	x := tp.From([]float64{1, 2}, 2)
	h := x.Scale(3)     // intermediate target
	y := h.Mul(h).Sum() // dy/dh = 2h = [6 12]; dy/dx = 18x = [18 36]
	for _, cg := range []bool{false, true} {
		gs, err := Grad(y, []Tensor{h, x}, cg)
		if err != nil {
			t.Fatal(err)
		}
		if d := gs[0].Data(); d[0] != 6 || d[1] != 12 {
			t.Errorf("createGraph=%v: dy/dh = %v", cg, d)
		}
		if d := gs[1].Data(); d[0] != 18 || d[1] != 36 {
			t.Errorf("createGraph=%v: dy/dx = %v", cg, d)
		}
	}
}

func TestTapeReuseStopsAllocating(t *testing.T) {
	tp := NewTape()
	w := make([]float64, 4*8*3)
	x := make([]float64, 8*4)
	for i := range w {
		w[i] = float64(i%7) / 7
	}
	dst := make([]Tensor, 2)
	step := func() {
		tp.Reset()
		W := tp.From(w, 4, 8, 3)
		X := tp.From(x, 8, 4).Transpose()
		y := X.MatMul(W).Tanh().Sum()
		if err := tp.GradTo(dst, y, []Tensor{W, X}, true); err != nil {
			t.Fatal(err)
		}
		s := dst[0].Square().Sum().Add(dst[1].Square().Sum())
		if err := tp.GradTo(dst, s, []Tensor{W, X}, false); err != nil {
			t.Fatal(err)
		}
	}
	step()
	if n := testing.AllocsPerRun(500, step); n != 0 {
		t.Fatalf("a warm tape allocated %v times per step, want 0", n)
	}
}
