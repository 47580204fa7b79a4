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
