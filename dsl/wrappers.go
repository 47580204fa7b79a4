package dsl

import (
	"reflect"

	"github.com/petridish-go/petridish/internal/yaegi/interp"
	"gonum.org/v1/plot/plotter"
)

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
