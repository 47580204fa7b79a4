package dsl

import "testing"

// TestErrorBarsOfCellValues gives plotter's error bars, whose parameters
// are unnamed interfaces (unnamedInterfaceWrappers), cell values: gonum's
// pattern of a struct embedding XYs and YErrors, and a cell type with
// methods of its own, as a mean ± std over seeds is. It panicked with a
// nil dereference.
func TestErrorBarsOfCellValues(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, `
type errPoints struct {
	plotter.XYs
	plotter.YErrors
	plotter.XErrors
}

type seeds struct{ runs [][]float64 }

func (s seeds) Len() int { return len(s.runs[0]) }
func (s seeds) XY(i int) (float64, float64) {
	m := 0.0
	for _, r := range s.runs {
		m += r[i]
	}
	return float64(i), m / float64(len(s.runs))
}
func (s seeds) YError(i int) (float64, float64) {
	lo, hi := s.runs[0][i], s.runs[0][i]
	for _, r := range s.runs {
		lo, hi = min(lo, r[i]), max(hi, r[i])
	}
	_, m := s.XY(i)
	return m - lo, hi - m
}`)
	_, r, err := run(t, s, `
e := errPoints{plotter.XYs{{X: 0, Y: 1}, {X: 1, Y: 3}}, plotter.YErrors{{Low: 0.1, High: 0.2}, {Low: 0.5, High: 0.5}}, plotter.XErrors{{Low: 1, High: 2}, {Low: 0, High: 0}}}
yb, err := plotter.NewYErrorBars(e)
xb, err2 := plotter.NewXErrorBars(e)
fmt.Println(err, err2, yb.YErrors, xb.XErrors[0])
sb, err := plotter.NewYErrorBars(seeds{[][]float64{{1, 2}, {3, 6}}})
fmt.Println(err, sb.XYs, sb.YErrors)
p := plot.New()
fmt.Println(plotutil.AddYErrorBars(p, e, seeds{[][]float64{{1}, {2}}}), plotutil.AddXErrorBars(p, e))
x0, x1, y0, y1 := sb.DataRange()
fmt.Println(x0, x1, y0, y1)
`)
	if err != nil {
		t.Fatal(err)
	}
	want := "<nil> <nil> [{0.1 0.2} {0.5 0.5}] {1 2}\n" +
		"<nil> [{0 2} {1 4}] [{1 1} {2 2}]\n" +
		"<nil> <nil>\n" +
		"0 1 1 6\n"
	if got := r.out(); got != want {
		t.Errorf("printed\n%s\nwant\n%s", got, want)
	}
}

// TestPlotutilOfCellValues gives plotutil's Add functions, which take
// their data as ...any and switch on its type in compiled code, values of
// cell types implementing plotter.XYer and plotter.Valuer
// (source_plotutil.go.txt). AddLinePoints panicked: "handles strings and
// plotter.XYers, got struct { Xn int }".
func TestPlotutilOfCellValues(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, `
type squares struct{ n int }

func (s squares) Len() int                    { return s.n }
func (s squares) XY(i int) (float64, float64) { return float64(i), float64(i * i) }

type losses []float64

func (l losses) Len() int          { return len(l) }
func (l losses) Value(i int) float64 { return l[i] }

type band struct {
	plotter.XYs
	plotter.YErrors
}`)
	_, r, err := run(t, s, `
p := plot.New()
fmt.Println(plotutil.AddLinePoints(p, "squares", squares{4}, "line", plotter.XYs{{X: -1, Y: 0}}), p.X.Min, p.X.Max, p.Y.Max)
q := plot.New()
fmt.Println(plotutil.AddLines(q, squares{3}), plotutil.AddScatters(q, "s", squares{5}), q.X.Max, q.Y.Max)
b := plot.New()
fmt.Println(plotutil.AddBoxPlots(b, vg.Points(20), "a", losses{1, 2, 3, 10}, "b", plotter.Values{4, 5}), b.Y.Max)
e := plot.New()
fmt.Println(plotutil.AddErrorBars(e, band{plotter.XYs{{X: 1, Y: 2}}, plotter.YErrors{{Low: 1, High: 3}}}), e.Y.Min, e.Y.Max)
`)
	if err != nil {
		t.Fatal(err)
	}
	want := "<nil> -1 3 9\n" +
		"<nil> <nil> 4 16\n" +
		"<nil> 10\n" +
		"<nil> 1 5\n"
	if got := r.out(); got != want {
		t.Errorf("printed\n%s\nwant\n%s", got, want)
	}
}

// TestEmbeddedCompiledValuesKeepTheirMethods gives compiled code cell
// structs that embed a compiled value and declare no methods: compiled
// code must find the embedded value's other methods too, as Go promotes
// them (promotingField). plot.Add did not see a Line's DataRange through
// the Plotter wrapper and left the axes at ±Inf; gonum's Mul did not see
// RawMatrix and multiplied through At, about 700 times slower.
func TestEmbeddedCompiledValuesKeepTheirMethods(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, `
type tagged struct {
	*plotter.Line
	tag string
}

type layer struct {
	*mat.Dense
	name string
}`)
	_, r, err := run(t, s, `
l, _ := plotter.NewLine(plotter.XYs{{X: 1, Y: 10}, {X: 5, Y: 20}})
p := plot.New()
p.Add(tagged{l, "train"})
fmt.Println(p.X.Min, p.X.Max, p.Y.Min, p.Y.Max)
w := layer{mat.NewDense(2, 2, []float64{1, 2, 3, 4}), "w1"}
var c mat.Dense
c.Mul(w, w)
_, raw := mat.Matrix(w).(mat.RawMatrixer)
fmt.Println(c.RawMatrix().Data, raw, w.name)
`)
	if err != nil {
		t.Fatal(err)
	}
	want := "1 5 10 20\n[7 10 15 22] true w1\n"
	if got := r.out(); got != want {
		t.Errorf("printed\n%s\nwant\n%s", got, want)
	}
}
