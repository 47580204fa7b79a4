package dsl

import (
	"go/token"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestComplete(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "type Motif struct{ Slope float64; Name string; best float64 }\nfunc (m Motif) Score() float64 { return m.Slope }\nmy := Motif{Slope: 2}\nmp := &Motif{}\nmyNumber := 3")
	cases := []completion{
		{"fmt.Pri", []string{"Print", "Printf", "Println"}, []string{"Sprint"}, 3},
		{"x := mat.NewD", []string{"NewDense", "NewDiagDense"}, nil, 4},
		{"str", []string{"strings", "strconv", "struct"}, nil, 3},
		{"my", []string{"my", "myNumber"}, nil, 2},
		// A cell's unexported field goes by its name (the interpreter's
		// struct type calls it Xbest); cells are in its package.
		{"my.", []string{"Slope", "Name", "Score", "best"}, []string{"Xbest"}, 0},
		{"mp.b", []string{"best"}, nil, 1},
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
	checkCompletions(t, s, cases)
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
	mustRun(t, s, "count := 41 + 1\ntype Motif struct{ Slope float64 }\ntype front struct{ Items []Motif; best float64; top *front }\nfr := &front{Items: []Motif{{1}}, best: 2, top: &front{best: 3}}")
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
		// Unexported fields of cell types go by their names (the
		// interpreter's struct type has Xbest).
		{"fr", 1, 0, []string{"value: &{Items:[{Slope:1}] best:2 top:"}},
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
	if data, _ := s.Inspect("fr", 1, 0); strings.Contains(data["text/plain"].(string), "Xbest") {
		t.Errorf("Inspect(fr) shows the interpreter's field name: %v", data["text/plain"])
	}
	if _, found := s.Inspect("nothingHere", 3, 0); found {
		t.Error("Inspect found an undeclared name")
	}

	// IPython's prefix forms, ?name and ??name, work as the suffix ones.
	for _, q := range []string{"fmt.Println?", "?fmt.Println"} {
		res, _ := mustRun(t, s, q)
		page, _ := res.Page["text/plain"].(string)
		if !strings.Contains(page, "func Println(a ...any) (n int, err error)") || !strings.Contains(page, "standard output") || strings.Contains(page, "Defined in") {
			t.Errorf("%s paged %q", q, page)
		}
	}
	for _, q := range []string{"plot.New??", "??plot.New"} {
		res, _ := mustRun(t, s, q)
		page, _ := res.Page["text/plain"].(string)
		if !strings.Contains(page, "func New() *Plot") || !strings.Contains(page, "Defined in gonum.org/v1/plot/plot.go:") {
			t.Errorf("%s paged %q", q, page)
		}
	}
	for _, q := range []string{"?fmt.Println?", "???fmt.Println"} {
		if _, _, err := run(t, s, q); err == nil {
			t.Errorf("%s is a help query", q)
		}
	}
	res, _ := mustRun(t, s, "mat.Dense.Mul?")
	var page string
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
		// A cell of comments only runs (and does nothing).
		{"// a note", "complete", ""},
		{"// TODO: fix (later", "complete", ""},
		{"/* { */", "complete", ""},
		{"// a\n\n/* b */\n", "complete", ""},
		// Code that more lines cannot fix is invalid even with a
		// bracket open or a line that goes on: the error is before
		// the end.
		{"if x > 0 {\n}\nelse {", "invalid", ""},
		{"if x > 0 {\n}\nelse {\n\ty := 1", "invalid", ""},
		{"for {\n\tx := 1 2", "invalid", ""},
		{"f(a, [b}", "invalid", ""},
		{"else {}\nx := 1 +", "invalid", ""},
		{"func f() {\n\tx := )\n\tif x {", "invalid", ""},
		{"x := \"abc", "invalid", ""},
		// Errors only at the end: more lines complete the code.
		{"if x > 0 {\n\tx = 1 +", "incomplete", "\t"},
		{"m := map[string]int{\n\t\"a\":", "incomplete", "\t"},
		{"switch x {\ncase 1:", "incomplete", "\t"},
		{"func f(a int,", "incomplete", "\t"},
		{"type P struct {\n\tX,", "incomplete", "\t"},
		{"import \"fmt\"\nfunc f() {", "incomplete", "\t"},
		{"x := []int{1, 2,", "incomplete", "\t"},
		{"if x > 0 {\n} else {", "incomplete", "\t"},
		{"if x > 0 {\n} else", "incomplete", ""},
		{"for {\n\tif x {\n\t} else", "incomplete", "\t"},
		{"if x > 0 {\n}\nelse", "invalid", ""},
		{"fmt.Println(`a\n", "incomplete", ""},
		{"%time f(", "incomplete", "\t"},
	}
	for _, c := range cases {
		st, ind := s.IsComplete(c.code)
		if st != c.status || ind != c.indent {
			t.Errorf("IsComplete(%q) = %q, %q; want %q, %q", c.code, st, ind, c.status, c.indent)
		}
	}
}

// Completion offers only names that exist, never the word being typed.
func TestCompleteOnlyRealCandidates(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "zzz := 1")
	for code, want := range map[string][]string{
		"zz":                   {"zzz"},
		"abcdef":               nil,
		"x := 1\nabcdef":       nil,
		"fmt.Println(abcdef)":  nil, // cursor at the end of abcdef, below
		"abcdef := 2\nabcdef":  {"abcdef"},
		"func fooBar":          nil,
		"v := 1\nv.Undeclared": nil,
	} {
		cursor := utf8.RuneCountInString(code)
		if strings.HasSuffix(code, ")") {
			cursor--
		}
		if got, _, _ := s.Complete(code, cursor); !slices.Equal(got, want) {
			t.Errorf("Complete(%q) = %q, want %q", code, got, want)
		}
	}
	// With nothing typed yet, every candidate is a name.
	got, _, _ := s.Complete("fmt.Println(1, ", 15)
	for _, c := range got {
		if !token.IsIdentifier(c) && !token.IsKeyword(c) {
			t.Errorf("Complete offers %q", c)
		}
	}
}

// Names declared earlier in the cell being edited complete, and so do the
// members of their values when their type can be told from the source.
func TestCompleteCellNames(t *testing.T) {
	s := newSession(t)
	cases := []struct {
		code    string
		want    []string
		notWant []string
	}{
		{"cfg := dish.DefaultConfig()\nd, _ := dish.New(cfg)\nd.", []string{"Predict", "Train", "Config"}, nil},
		{"d, err := dish.New(dish.DefaultConfig())\nd.Pre", []string{"Predict"}, []string{"Train"}},
		{"d, err := dish.New(dish.DefaultConfig())\nerr.", []string{"Error"}, nil},
		{"c := dish.Config{Seed: 1}\nc.", []string{"Family", "Inner", "Validate"}, nil},
		{"c := &dish.Config{}\nc.Inner.", []string{"Steps", "LR", "Validate"}, nil},
		{"var c dish.Config\nc.In", []string{"Inner"}, nil},
		{"func helperFn() int { return 1 }\nhelp", []string{"helperFn"}, nil},
		{"type Pt struct{ X, Y float64 }\nfunc (p Pt) Norm() float64 { return 0 }\np := Pt{}\np.", []string{"X", "Y", "Norm"}, nil},
		{"type Pt struct{ X, Y float64 }\nP", []string{"Pt"}, nil},
		{"func f(cfg dish.Config) {\n\tin := cfg.Inner\n\tin.", []string{"Steps", "Validate"}, nil},
		{"func f(cfg dish.Config) {\n\tcf", []string{"cfg"}, nil},
		{"for i := 0; i < 3; i++ {\n\tloopOnly := i\n}\nloopO", nil, []string{"loopOnly"}},
		{"for _, r := range []*strings.Reader{} {\n\tr.", []string{"Len", "ReadByte"}, nil},
		{"rs := map[string]*strings.Reader{}\nrs[\"a\"].", []string{"Len"}, nil},
		{"sb := new(strings.Builder)\nsb.", []string{"WriteString"}, nil},
		{"sb := new(strings.Builder); sb.Wr", []string{"WriteString"}, nil},
		{"for _, b := range []*strings.Builder(nil) {\n\tb.", []string{"WriteString"}, nil},
		// A block opened on the cursor's line declares its names there too.
		{"func g(cfg dish.Config) { cfg.In", []string{"Inner"}, nil},
		{"for _, b := range []*strings.Builder(nil) { b.", []string{"WriteString"}, nil},
	}
	for _, c := range cases {
		cursor := utf8.RuneCountInString(c.code)
		got, _, _ := s.Complete(c.code, cursor)
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
	}
	// A name of the cell shadows a session variable of another type.
	mustRun(t, s, "shadow := 1")
	if got, _, _ := s.Complete("shadow := dish.DefaultConfig()\nshadow.", 40); !slices.Contains(got, "Inner") {
		t.Errorf("shadowed session name: %v", got)
	}
}

// TestCompleteParamOnFunctionLine checks that a function's parameters
// complete on the line that declares it, in a fresh session.
func TestCompleteParamOnFunctionLine(t *testing.T) {
	s := newSession(t)
	code := "func g(aParam int) { aPa"
	if got, start, _ := s.Complete(code, len(code)); !slices.Equal(got, []string{"aParam"}) || start != len(code)-3 {
		t.Errorf("Complete(%q) = %q from %d, want [aParam] from %d", code, got, start, len(code)-3)
	}
}

// After a call, completion offers the members of its result.
func TestCompleteAfterCall(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "var d *dish.Dish\nxs := []float64{1, 2}\ntype Pt struct{ X, Y float64 }\nfunc mkPt() Pt { return Pt{} }\nfunc (p Pt) Scaled(f float64) *Pt { return &p }")
	cases := []struct {
		code string
		want []string
	}{
		{"motif.Slopes(xs)[0].", []string{"Family", "String"}},
		{"dish.DefaultConfig().", []string{"Family", "Inner", "Validate"}},
		{"dish.DefaultConfig().Inner.St", []string{"Steps"}},
		{"d.Config().", []string{"Validate", "Seed"}},
		{"d.Config().Outer.Steps().", nil},
		{"strings.NewReader(\"a)b\").", []string{"Len", "ReadRune"}},
		{"mkPt().", []string{"X", "Scaled"}},
		{"mkPt().Scaled(2).", []string{"Y", "Scaled"}},
		{"(&dish.Config{}).", []string{"Validate"}},
	}
	for _, c := range cases {
		got, start, _ := s.Complete(c.code, utf8.RuneCountInString(c.code))
		for _, w := range c.want {
			if !slices.Contains(got, w) {
				t.Errorf("Complete(%q) = %v, missing %q", c.code, got, w)
			}
		}
		if c.want == nil && got != nil {
			t.Errorf("Complete(%q) = %v, want nothing", c.code, got)
		}
		if c.want != nil && start != utf8.RuneCountInString(c.code)-len(c.code[strings.LastIndex(c.code, ".")+1:]) {
			t.Errorf("Complete(%q) starts at %d", c.code, start)
		}
	}
}

// Inspection inside a call's arguments documents the function called;
// methods of cell types and nested fields are found too.
func TestInspectCallsMethodsFields(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "var d *dish.Dish\ncount := 3\nconst K = 3\ncfg := dish.DefaultConfig()\ntype Pt struct{ X, Y float64 }\n// Norm is the length.\nfunc (p Pt) Norm() float64 { return 0 }\npt := Pt{X: 1}")
	cases := []struct {
		code    string
		cursor  int // -1: the end
		want    []string
		notWant []string
	}{
		{"fmt.Println(", -1, []string{"func Println(a ...any) (n int, err error)", "Println formats"}, nil},
		{"fmt.Println(count, ", -1, []string{"func Println(a ...any)"}, nil},
		{"x := fmt.Sprintf(\"%d(\", ", -1, []string{"func Sprintf(format string, a ...any) string"}, nil},
		{"fmt.Println(strings.ToUpper(", -1, []string{"func ToUpper(s string) string"}, nil},
		{"fmt.Println(strings.ToUpper(\"a\"), ", -1, []string{"func Println("}, nil},
		{"d.Predict(ctx, ", -1, []string{"func (d *Dish) Predict(ctx context.Context, ms []motif.Motif) ([]float64, error)", "predicted ground-truth loss"}, nil},
		{"d.Predict(ctx, ms)", 15, []string{"func (d *Dish) Predict("}, nil},
		{"pt.Norm", -1, []string{"func (p Pt) Norm() float64"}, nil},
		{"pt.Norm()", 8, []string{"func (p Pt) Norm() float64"}, nil},
		{"cfg.Inner.Steps", -1, []string{"field Steps int", "value: ", "number of Adam steps"}, nil},
		{"cfg.Inner", -1, []string{"field Inner motif.Inner", "motif-network training loop"}, nil},
		{"dish.DefaultConfig().Validate(", -1, []string{"func (c Config) Validate() error"}, nil},
		{"K", -1, []string{"const K int", "value: 3"}, nil},
	}
	for _, c := range cases {
		cursor := c.cursor
		if cursor < 0 {
			cursor = utf8.RuneCountInString(c.code)
		}
		data, found := s.Inspect(c.code, cursor, 0)
		txt, _ := data["text/plain"].(string)
		if !found {
			t.Errorf("Inspect(%q, %d) found nothing", c.code, cursor)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(txt, w) {
				t.Errorf("Inspect(%q, %d) = %q, missing %q", c.code, cursor, txt, w)
			}
		}
	}
	for _, code := range []string{"fmt.Println(x) ", "x := 1 + "} {
		if data, found := s.Inspect(code, utf8.RuneCountInString(code), 0); found {
			t.Errorf("Inspect(%q) = %v, want nothing", code, data)
		}
	}
}

// A method of a package type shows as its declaration, with its doc.
func TestInspectMethodDoc(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "var d *dish.Dish\nvar h dish.History\nvar m motif.Motif")
	for code, want := range map[string]string{
		"d.Predict": "func (d *Dish) Predict(ctx context.Context, ms []motif.Motif) ([]float64, error)\n\nPredict returns each motif's predicted ground-truth loss",
		"d.Train":   "func (d *Dish) Train(ctx context.Context, ms []motif.Motif, gt []float64, r progress.Reporter) (History, error)",
		"h.String":  "func (h History) String() string",
		"m.Family":  "func (motif.Motif) Family() string\n\nFamily names the family the motif belongs to",
	} {
		data, _ := s.Inspect(code, utf8.RuneCountInString(code), 0)
		txt, _ := data["text/plain"].(string)
		if !strings.Contains(txt, want) || strings.Contains(txt, "(*dish.Dish, ") {
			t.Errorf("Inspect(%q) = %q, want %q", code, txt, want)
		}
	}
	// Without generated docs the signature still names the receiver once.
	if got := methodSignature(reflect.TypeFor[*strings.Builder](), "WriteString"); got != "func (*strings.Builder) WriteString(string) (int, error)" {
		t.Errorf("methodSignature = %q", got)
	}
}

// A method asked for as a package member is found on its type.
func TestHelpMethodAsMember(t *testing.T) {
	s := newSession(t)
	res, _ := mustRun(t, s, "dish.Train?")
	page, _ := res.Page["text/plain"].(string)
	if !strings.Contains(page, "(*dish.Dish).Train") || !strings.Contains(page, "func (d *Dish) Train(ctx context.Context") || !strings.Contains(page, "Train optimises the synthetic inputs") {
		t.Errorf("dish.Train? paged %q", page)
	}
	if data, found := s.Inspect("dish.Validate", 8, 0); !found || !strings.Contains(data["text/plain"].(string), "dish.Config.Validate") {
		t.Errorf("Inspect(dish.Validate) = %v", data)
	}
	res, _ = mustRun(t, s, "dish.NoSuchThing?")
	if page, _ = res.Page["text/plain"].(string); !strings.Contains(page, "no documentation found") {
		t.Errorf("dish.NoSuchThing? paged %q", page)
	}
}

// At a key of a keyed struct literal, completion offers the struct's
// fields (not yet given), for compiled types and for cell types.
func TestCompleteStructLiteralFields(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "type Run struct{ Steps int; LR float64; label string }\nfunc (r Run) Stepper() int { return 0 }\nrunVar := 1")
	cases := []completion{
		{"search.Loop{In", []string{"Init"}, []string{"int", "Iterations"}, 2},
		{"search.Loop{I", []string{"Init", "Iterations"}, []string{"if", "int", "Proposer"}, 1},
		{"cfg := dish.Config{Out", []string{"Outer"}, []string{"Threads"}, 3},
		{"cfg := dish.Config{", []string{"Family", "Inner", "Outer", "Seed", "Threads", "Path"}, []string{"Validate", "fmt", "cfg"}, 0},
		{"cfg := &dish.Config{Seed: 3, ", []string{"Family", "Inner"}, []string{"Seed", "Validate", "fmt"}, 0},
		{"l := search.Loop{\n\tInit: 10,\n\tIt", []string{"Iterations"}, nil, 2},
		{"run(search.Loop{Init: f(1, 2), To", []string{"TopK"}, nil, 2},
		{"cfgs := []dish.Config{{Se", []string{"Seed"}, nil, 2},
		{"cfgs := []dish.Config{{Seed: 1}, {Fa", []string{"Family"}, nil, 2},
		{"m := map[string]*dish.Config{\"a\": {Pa", []string{"Path"}, nil, 2},
		// A cell type, declared in the session or in the cell edited.
		{"r := Run{St", []string{"Steps"}, []string{"Stepper"}, 2},
		{"r := Run{Steps: 1, ", []string{"LR", "label"}, []string{"Steps", "Stepper"}, 0},
		{"type Pt struct{ X, Y float64; name string }\np := Pt{Y: 1, ", []string{"X", "name"}, []string{"Y"}, 0},
		// Not at a key: values, not fields.
		{"search.Loop{Init: ru", []string{"runVar"}, []string{"Init"}, 2},
		{"search.Loop{Init: f(ru", []string{"runVar"}, nil, 2},
		{"Run{1, ru", []string{"runVar"}, []string{"Steps"}, 2},
		{"Run{ru", []string{"runVar"}, nil, 2},
		{"func mk() Run {\n\tru", []string{"runVar"}, []string{"Steps"}, 2},
		{"if runVar > 0 {\n\tru", []string{"runVar"}, nil, 2},
		{"for i := range runVar {\n\tru", []string{"runVar"}, nil, 2},
	}
	checkCompletions(t, s, cases)
}

// completion is a case of checkCompletions: code, with the cursor at its
// end, is completed with want and without notWant, replacing its last
// prefixLen code points.
type completion struct {
	code      string
	want      []string
	notWant   []string
	prefixLen int
}

// checkCompletions checks each case of completion in session s.
func checkCompletions(t *testing.T, s *Session, cases []completion) {
	t.Helper()
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
				t.Errorf("Complete(%q) = %v, offers %q", c.code, got, w)
			}
		}
		if end != cursor || start != cursor-c.prefixLen {
			t.Errorf("Complete(%q) range [%d,%d), want [%d,%d)", c.code, start, end, cursor-c.prefixLen, cursor)
		}
	}
}
