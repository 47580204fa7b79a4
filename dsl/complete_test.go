package dsl

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestComplete(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "type Motif struct{ Slope float64; Name string }\nfunc (m Motif) Score() float64 { return m.Slope }\nmy := Motif{Slope: 2}\nmp := &Motif{}\nmyNumber := 3")
	cases := []struct {
		code      string
		want      []string
		notWant   []string
		prefixLen int
	}{
		{"fmt.Pri", []string{"Print", "Printf", "Println"}, []string{"Sprint"}, 3},
		{"x := mat.NewD", []string{"NewDense", "NewDiagDense"}, nil, 4},
		{"str", []string{"strings", "strconv", "struct"}, nil, 3},
		{"my", []string{"my", "myNumber"}, nil, 2},
		{"my.", []string{"Slope", "Name", "Score"}, nil, 0},
		{"mp.Sc", []string{"Score"}, nil, 2},
		{"my.Sl", []string{"Slope"}, []string{"Name"}, 2},
		{"%tim", []string{"time", "timeit"}, nil, 3},
		{"%%b", []string{"bash"}, []string{"time"}, 1},
		{"%%", []string{"bash", "html", "time", "writefile"}, []string{"timeit"}, 0},
		{"ap", []string{"append"}, nil, 2},
		{"localVar := 1\nlocalV", []string{"localVar"}, nil, 6},
		// Standard packages the interpreter compiles from source.
		{"slices.Sor", []string{"Sort", "SortFunc", "Sorted", "SortedFunc"}, nil, 3},
		{"slices.", []string{"Collect", "Index", "Values"}, []string{"zero"}, 0},
		{"maps.", []string{"Keys", "Values", "All", "Clone", "Collect"}, nil, 0},
		{"iter.S", []string{"Seq", "Seq2"}, nil, 1},
	}
	for _, c := range cases {
		cursor := utf8.RuneCountInString(c.code)
		got, start, end := s.Complete(c.code, cursor)
		for _, w := range c.want {
			if !slices.Contains(got, w) {
				t.Errorf("Complete(%q) = %v, missing %q", c.code, got, w)
			}
		}
		for _, w := range c.notWant {
			if slices.Contains(got, w) {
				t.Errorf("Complete(%q) offers %q", c.code, w)
			}
		}
		if end != cursor || start != cursor-c.prefixLen {
			t.Errorf("Complete(%q) range [%d,%d), want [%d,%d)", c.code, start, end, cursor-c.prefixLen, cursor)
		}
	}
	// The cursor counts code points, not bytes.
	code := "é := \"ü\"; fmt.Pri"
	got, start, _ := s.Complete(code, utf8.RuneCountInString(code))
	if !slices.Contains(got, "Println") || start != utf8.RuneCountInString(code)-3 {
		t.Errorf("with non-ASCII text: %v from %d", got, start)
	}
	if got, _, _ := s.Complete("fmt.Println(x", 5); !slices.Contains(got, "Println") {
		t.Errorf("completion in the middle of code: %v", got)
	}
}

func TestInspectAndHelp(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "count := 41 + 1\ntype Motif struct{ Slope float64 }")
	cases := []struct {
		code   string
		cursor int
		detail int
		want   []string
	}{
		{"fmt.Println(x)", 6, 0, []string{"func Println(a ...any) (n int, err error)", "Println formats using the default formats"}},
		{"mat.NewDense", 12, 1, []string{"func NewDense(r, c int, data []float64) *Dense", "Defined in gonum.org/v1/gonum/mat/dense.go:"}},
		{"count", 2, 0, []string{"var count int", "value: 42"}},
		{"Motif{}", 3, 0, []string{"type Motif struct", "Slope float64"}},
		{"display.Plot(p)", 10, 0, []string{"func Plot(p *plot.Plot) error", "retina"}},
		{"x := append(", 8, 0, []string{"func append(slice []Type, elems ...Type) []Type"}},
		{"strings", 3, 0, []string{"package strings", "Members:", "ToUpper"}},
	}
	for _, c := range cases {
		data, found := s.Inspect(c.code, c.cursor, c.detail)
		txt, _ := data["text/plain"].(string)
		if !found {
			t.Errorf("Inspect(%q, %d) found nothing", c.code, c.cursor)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(txt, w) {
				t.Errorf("Inspect(%q) = %q, missing %q", c.code, txt, w)
			}
		}
	}
	if _, found := s.Inspect("nothingHere", 3, 0); found {
		t.Error("Inspect found an undeclared name")
	}

	res, _ := mustRun(t, s, "fmt.Println?")
	page, _ := res.Page["text/plain"].(string)
	if !strings.Contains(page, "func Println(a ...any) (n int, err error)") || !strings.Contains(page, "standard output") || strings.Contains(page, "Defined in") {
		t.Errorf("fmt.Println? paged %q", page)
	}
	res, _ = mustRun(t, s, "plot.New??")
	page, _ = res.Page["text/plain"].(string)
	if !strings.Contains(page, "func New() *Plot") || !strings.Contains(page, "Defined in gonum.org/v1/plot/plot.go:") {
		t.Errorf("plot.New?? paged %q", page)
	}
	res, _ = mustRun(t, s, "mat.Dense.Mul?")
	if page, _ = res.Page["text/plain"].(string); !strings.Contains(page, "func (m *Dense) Mul(a, b Matrix)") {
		t.Errorf("method help paged %q", page)
	}
	if res.Data != nil {
		t.Error("a help query produced a result")
	}
}

func TestIsComplete(t *testing.T) {
	s := newSession(t)
	cases := []struct{ code, status, indent string }{
		{"x := 1", "complete", ""},
		{"", "complete", ""},
		{"func f() {", "incomplete", "\t"},
		{"for i := 0; i < 3; i++ {\n\tif i > 1 {", "incomplete", "\t\t"},
		{"s := `raw\nstring", "incomplete", ""},
		{"x := 1 +", "incomplete", "\t"},
		{"f(a,", "incomplete", "\t"},
		{"x := )", "invalid", ""},
		{"x := 1 2", "invalid", ""},
		{"%timeit f()", "complete", ""},
		{"!ls", "complete", ""},
		{"%%writefile a.go\nbody", "incomplete", ""},
		{"%%writefile a.go\nbody\n\n", "complete", ""},
		{"loss, acc", "complete", ""},
		{"loss, acc\nx := 1", "invalid", ""},
		{"/* open comment", "incomplete", ""},
	}
	for _, c := range cases {
		st, ind := s.IsComplete(c.code)
		if st != c.status || ind != c.indent {
			t.Errorf("IsComplete(%q) = %q, %q; want %q, %q", c.code, st, ind, c.status, c.indent)
		}
	}
}
