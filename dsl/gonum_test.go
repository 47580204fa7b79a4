package dsl

import "testing"

// TestGonumPlotExtensions runs the cell a researcher writes to extend
// gonum/plot and to use gonum's distributions: a Plotter of its own (its
// Plot method takes a draw.Canvas, and the plot draws it), heat maps of a
// GridXYZ with a palette.Palette of the cell and with palette.Heat, and
// distuv.Normal. The printed values are what `go run` prints for the same
// program.
func TestGonumPlotExtensions(t *testing.T) {
	s := newSession(t)
	_, r := mustRun(t, s, `import (
	"fmt"
	"image/color"

	"gonum.org/v1/gonum/stat/distuv"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

var plotted int

type marker struct{}

func (marker) Plot(c draw.Canvas, p *plot.Plot) { plotted++ }
func (marker) DataRange() (float64, float64, float64, float64) { return 1, 3, -2, 5 }

type grid struct{}

func (grid) Dims() (int, int)      { return 2, 2 }
func (grid) Z(c, r int) float64    { return float64(c + r) }
func (grid) X(c int) float64       { return float64(c) }
func (grid) Y(r int) float64       { return float64(r) }

type gray struct{}

func (gray) Colors() []color.Color { return []color.Color{color.Black, color.White} }

p := plot.New()
p.Add(marker{})
fmt.Println(p.X.Min, p.X.Max, p.Y.Min, p.Y.Max)
h := plotter.NewHeatMap(grid{}, gray{})
fmt.Println(h.Min, h.Max)
h2 := plotter.NewHeatMap(grid{}, palette.Heat(12, 1))
fmt.Println(h2.Min, h2.Max)
n := distuv.Normal{Mu: 0, Sigma: 1}
fmt.Printf("%.4f %.4f\n", n.CDF(1.96), n.Quantile(0.975))
p.Add(h)
p.Draw(draw.New(vgimg.New(vg.Points(120), vg.Points(90))))
fmt.Println("plotted", plotted)
`)
	want := "1 3 -2 5\n0 2\n0 2\n0.9750 1.9600\nplotted 1\n"
	if got := r.out(); got != want {
		t.Errorf("the cell printed\n%s\ngo run prints\n%s", got, want)
	}
}

// TestGonumPackages imports each gonum and gonum/plot package that
// petridish compiles in besides those of TestGonumPlotExtensions.
func TestGonumPackages(t *testing.T) {
	s := newSession(t)
	_, r := mustRun(t, s, `import (
	"fmt"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/interp"
	"gonum.org/v1/gonum/stat/combin"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/text"
)

fmt.Println(combin.Binomial(5, 2), scalar.EqualWithinAbs(1, 1.0000001, 1e-6))
fmt.Printf("%.3f\n", fd.Derivative(func(x float64) float64 { return x * x }, 3, nil))
var pl interp.PiecewiseLinear
if err := pl.Fit([]float64{0, 1, 2}, []float64{0, 10, 0}); err != nil {
	panic(err)
}
fmt.Println(pl.Predict(0.5), pl.Predict(1.5))
fmt.Println(blas64.Dot(blas64.Vector{N: 2, Inc: 1, Data: []float64{1, 2}}, blas64.Vector{N: 2, Inc: 1, Data: []float64{3, 4}}))
fmt.Println(len(moreland.SmoothBlueRed().Palette(3).Colors()))
var _ text.Handler = text.Plain{}
fmt.Println(font.Length(12) == font.Points(12))
`)
	want := "10 true\n6.000\n5 5\n11\n3\ntrue\n"
	if got := r.out(); got != want {
		t.Errorf("the cell printed\n%s\nwant\n%s", got, want)
	}
}

// TestCellPlotterInterfaces: a cell's plot.Plotter reaches plot.Add
// with the other methods plot asks of it, DataRange and GlyphBoxes,
// whichever of them it has, as in Go.
func TestCellPlotterInterfaces(t *testing.T) {
	_, r := mustRun(t, newSession(t), `import (
	"fmt"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

var boxed = map[string]bool{}

type full struct{}

func (full) Plot(c draw.Canvas, p *plot.Plot) {}
func (full) DataRange() (xmin, xmax, ymin, ymax float64) { return -1, 1, 0, 10 }
func (full) GlyphBoxes(p *plot.Plot) []plot.GlyphBox {
	boxed["full"] = true
	return nil
}

type boxes struct{ name string }

func (*boxes) Plot(c draw.Canvas, p *plot.Plot) {}
func (b *boxes) GlyphBoxes(p *plot.Plot) []plot.GlyphBox {
	boxed[b.name] = true
	return nil
}

type ranged struct{}

func (ranged) Plot(c draw.Canvas, p *plot.Plot) {}
func (ranged) DataRange() (float64, float64, float64, float64) { return 0, 5, -3, 1 }

p := plot.New()
p.Add(full{}, &boxes{"boxes"})
fmt.Println(p.X.Min, p.X.Max, p.Y.Min, p.Y.Max)
p.Add(ranged{})
fmt.Println(p.X.Min, p.X.Max, p.Y.Min, p.Y.Max)
p.Draw(draw.New(vgimg.New(vg.Points(120), vg.Points(90))))
fmt.Println(boxed["full"], boxed["boxes"])
`)
	want := "-1 1 0 10\n-1 5 -3 10\ntrue true\n"
	if got := r.out(); got != want {
		t.Errorf("the cell printed\n%s\ngo run prints\n%s", got, want)
	}
}

// TestGonumAutoImport: the new packages are imported without an import
// line. image/draw and image/color/palette share their names with
// gonum/plot's draw and palette: the members a cell uses tell them apart
// (draw.Canvas is gonum/plot's, draw.Over image/draw's), and a name
// neither has is an ambiguity.
func TestGonumAutoImport(t *testing.T) {
	for _, c := range []resultCase{
		{`fmt.Sprintf("%.4f", distuv.Normal{Mu: 0, Sigma: 1}.CDF(0))`, "0.5000"},
		{"combin.Binomial(6, 3)", "20"},
		{"len(palette.Heat(4, 1).Colors())", "4"},
		{"len(palette.Plan9)", "256"},
		{"draw.Canvas{}.Size().X", "0"},
		{"draw.Src", "1"},
	} {
		checkResults(t, newSession(t), []resultCase{c})
	}
	for _, name := range []string{"draw", "palette"} {
		_, _, err := run(t, newSession(t), name+".NoSuchThing")
		cellError(t, err, "compile error", "package name "+name+" is ambiguous")
	}
}

// TestCellGridMinMax gives plotter.NewHeatMap and NewContour a cell
// GridXYZ with Min and Max methods, which they take for the color scale
// (gridXYZMinMaxer); the GridXYZ wrapper hid them, and the scale was the
// data's range.
func TestCellGridMinMax(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, `
type grid struct{ lo, hi float64 }

func (grid) Dims() (int, int)     { return 2, 2 }
func (grid) Z(c, r int) float64   { return float64(c + r) }
func (grid) X(c int) float64      { return float64(c) }
func (grid) Y(r int) float64      { return float64(r) }
func (g grid) Min() float64       { return g.lo }
func (g grid) Max() float64       { return g.hi }

type plain struct{}

func (plain) Dims() (int, int)   { return 2, 2 }
func (plain) Z(c, r int) float64 { return float64(c * r) }
func (plain) X(c int) float64    { return float64(c) }
func (plain) Y(r int) float64    { return float64(r) }`)
	_, r, err := run(t, s, `
h := plotter.NewHeatMap(grid{-10, 10}, palette.Heat(8, 1))
c := plotter.NewContour(grid{-5, 5}, []float64{0.5}, palette.Heat(8, 1))
p := plotter.NewHeatMap(plain{}, palette.Heat(8, 1))
fmt.Println(h.Min, h.Max, c.Min, c.Max, p.Min, p.Max)
`)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := r.out(), "-10 10 -5 5 0 1\n"; got != want {
		t.Errorf("printed %q, want %q", got, want)
	}
}
