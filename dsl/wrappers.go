package dsl

import (
	"reflect"

	"github.com/petridish-go/petridish/dsl/symbols"
	"github.com/petridish-go/petridish/internal/yaegi/interp"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg/draw"
)

// The wrappers of this file give compiled code a cell value with the
// methods it asks for where those of yaegi extract's tables do not: the
// wrapper of an unnamed interface, which extract does not write
// (unnamedInterfaceWrappers), and composed wrappers with the optional
// methods compiled code looks for beside an interface's own
// (plotWrappers).

// unnamedInterfaceWrappers gives the interpreter wrappers for the unnamed
// interface types that compiled functions of the symbol tables take, so
// that cell values can be given to them: yaegi extract writes wrappers
// for named interfaces only. plotter.NewYErrorBars and NewXErrorBars (and
// plotutil's AddYErrorBars and AddXErrorBars) take `interface{ XYer;
// YErrorer }` and `interface{ XYer; XErrorer }`, met by gonum's own
// pattern, a struct embedding plotter.XYs and plotter.YErrors.
func unnamedInterfaceWrappers() interp.Exports {
	return interp.Exports{interp.UnnamedInterfaces + "/interfaces": {
		"_" + reflect.TypeOf(plotter.NewYErrorBars).In(0).String(): reflect.ValueOf((*xyYErrorer)(nil)),
		"_" + reflect.TypeOf(plotter.NewXErrorBars).In(0).String(): reflect.ValueOf((*xyXErrorer)(nil)),
	}}
}

// xyYErrorer wraps a cell value as an `interface{ plotter.XYer;
// plotter.YErrorer }`, as the wrappers of yaegi extract do: IValue holds
// the value, each W field one of its methods.
type xyYErrorer struct {
	IValue  interface{}
	WLen    func() int
	WXY     func(i int) (float64, float64)
	WYError func(i int) (float64, float64)
}

func (w xyYErrorer) Len() int                        { return w.WLen() }
func (w xyYErrorer) XY(i int) (float64, float64)     { return w.WXY(i) }
func (w xyYErrorer) YError(i int) (float64, float64) { return w.WYError(i) }

// xyXErrorer wraps a cell value as an `interface{ plotter.XYer;
// plotter.XErrorer }`.
type xyXErrorer struct {
	IValue  interface{}
	WLen    func() int
	WXY     func(i int) (float64, float64)
	WXError func(i int) (float64, float64)
}

func (w xyXErrorer) Len() int                        { return w.WLen() }
func (w xyXErrorer) XY(i int) (float64, float64)     { return w.WXY(i) }
func (w xyXErrorer) XError(i int) (float64, float64) { return w.WXError(i) }

// plotWrappers gives yaegi composed wrappers for a cell's plot.Plotter,
// and for a cell's plotter.GridXYZ with Min and Max methods.
// The wrapper yaegi extract makes for plot.Plotter has Plot only, so
// plot.Add, which asks its plotters for plot.DataRanger and
// plot.GlyphBoxer, saw neither in a cell's Plotter: the axes ignored its
// DataRange (p.X.Min stayed +Inf) and its glyph boxes were not kept
// clear of the edges. yaegi tries these wrappers, the most methods
// first, before the plain one (as it does for error's Unwrap, Is and As)
// and takes the first whose methods the cell type has.
func plotWrappers() interp.Exports {
	plotter, ok := symbols.Symbols["gonum.org/v1/plot/plot"]["_Plotter"]
	grid, ok2 := symbols.Symbols["gonum.org/v1/plot/plotter/plotter"]["_GridXYZ"]
	if !ok || !ok2 {
		return nil
	}
	return interp.Exports{".": {"MapTypes": reflect.ValueOf(map[reflect.Value][]reflect.Type{
		plotter: {
			reflect.TypeFor[plotterDataRangerGlyphBoxer](),
			reflect.TypeFor[plotterDataRanger](),
			reflect.TypeFor[plotterGlyphBoxer](),
		},
		// plotter.NewHeatMap and NewContour take a GridXYZ's Min and
		// Max, when it has them, for the color scale.
		grid: {reflect.TypeFor[gridXYZMinMaxer]()},
	})}}
}

// The composed wrappers: IValue, then one W-prefixed function per method,
// as yaegi extract lays out its own.

type plotterDataRangerGlyphBoxer struct {
	IValue      any
	WPlot       func(draw.Canvas, *plot.Plot)
	WDataRange  func() (float64, float64, float64, float64)
	WGlyphBoxes func(*plot.Plot) []plot.GlyphBox
}

func (w plotterDataRangerGlyphBoxer) Plot(c draw.Canvas, p *plot.Plot) { w.WPlot(c, p) }
func (w plotterDataRangerGlyphBoxer) DataRange() (xmin, xmax, ymin, ymax float64) {
	return w.WDataRange()
}
func (w plotterDataRangerGlyphBoxer) GlyphBoxes(p *plot.Plot) []plot.GlyphBox {
	return w.WGlyphBoxes(p)
}

type plotterDataRanger struct {
	IValue     any
	WPlot      func(draw.Canvas, *plot.Plot)
	WDataRange func() (float64, float64, float64, float64)
}

func (w plotterDataRanger) Plot(c draw.Canvas, p *plot.Plot) { w.WPlot(c, p) }
func (w plotterDataRanger) DataRange() (xmin, xmax, ymin, ymax float64) {
	return w.WDataRange()
}

type plotterGlyphBoxer struct {
	IValue      any
	WPlot       func(draw.Canvas, *plot.Plot)
	WGlyphBoxes func(*plot.Plot) []plot.GlyphBox
}

func (w plotterGlyphBoxer) Plot(c draw.Canvas, p *plot.Plot) { w.WPlot(c, p) }
func (w plotterGlyphBoxer) GlyphBoxes(p *plot.Plot) []plot.GlyphBox {
	return w.WGlyphBoxes(p)
}

type gridXYZMinMaxer struct {
	IValue any
	WDims  func() (int, int)
	WMax   func() float64
	WMin   func() float64
	WX     func(int) float64
	WY     func(int) float64
	WZ     func(int, int) float64
}

func (w gridXYZMinMaxer) Dims() (c, r int)   { return w.WDims() }
func (w gridXYZMinMaxer) Max() float64       { return w.WMax() }
func (w gridXYZMinMaxer) Min() float64       { return w.WMin() }
func (w gridXYZMinMaxer) X(c int) float64    { return w.WX(c) }
func (w gridXYZMinMaxer) Y(r int) float64    { return w.WY(r) }
func (w gridXYZMinMaxer) Z(c, r int) float64 { return w.WZ(c, r) }
