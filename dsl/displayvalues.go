package dsl

import (
	"encoding"
	"encoding/json"
	"fmt"
	"image"
	"reflect"

	"github.com/petridish-go/petridish/dsl/display"
	"github.com/petridish-go/petridish/dsl/symbols"
	"github.com/petridish-go/petridish/internal/yaegi/interp"
	"gonum.org/v1/gonum/mat"
)

// Cell values given to the display API. Compiled code cannot call the
// methods of a type declared in a cell, and sees its unexported fields
// renamed (x as Xx), so display.Show(temp(21.5)) of a `type temp float64`
// with a String method showed 21.5, and display.Table showed such a
// column by its number. As for fmt (unwrapoverrides.go), the functions of
// the display API that take a value are registered with map types: where
// a cell calls one, the interpreter passes a value whose type has the
// methods of one of displayMapTypes as that interface's wrapper, whose
// methods call the cell's, and a slice, map or struct with such elements
// or fields (or unexported fields) as a copy in which they are wrapped
// (and named as in the cell). display renders what it receives as it
// renders compiled values: a Bundler by its bundle, an error by its
// message, a mat.Matrix as rows, a Stringer with its String method; a
// table's column of a cell type with a String method uses it.
//
// The map types apply where a cell names the function: display.Show,
// New, Table, JSON, Render, ... and h.Update of a *display.Handle (a
// method: the interpreter finds it by its method expression). The value
// of a cell's last expression goes through displayable, and what the
// function given to widget.Interact returns through __pdInteract, which
// the Session calls in its place.

// displayMapTypes are the interfaces in which a cell value given to the
// display API is wrapped: the first one its type implements, in the order
// in which display.Render looks for them (Formatter and Stringer, which
// fmt calls, last).
var displayMapTypes = []reflect.Type{
	reflect.TypeFor[display.Bundler](),
	reflect.TypeFor[image.Image](),
	reflect.TypeFor[error](),
	reflect.TypeFor[mat.Matrix](),
	reflect.TypeFor[fmt.Formatter](),
	reflect.TypeFor[fmt.Stringer](),
}

// jsonMapTypes are those of display.JSON, as of json.Marshal.
var jsonMapTypes = []reflect.Type{reflect.TypeFor[json.Marshaler](), reflect.TypeFor[encoding.TextMarshaler]()}

const (
	displayPath = "github.com/petridish-go/petridish/dsl/display"
	widgetPath  = "github.com/petridish-go/petridish/dsl/widget"
)

// displayFuncs are the functions of package display that take a value to
// render, and jsonFuncs those that encode one as JSON.
var (
	displayFuncs = []string{"Show", "New", "Table", "TableBundle", "Render", "RenderRich"}
	jsonFuncs    = []string{"JSON", "JSONBundle"}
)

// displayable is the function (an identity) through which the interpreter
// gives compiled code a cell value wrapped as the display API gets it.
var displayable = reflect.ValueOf(func(v any) any { return v })

// displayExports registers the map types of the display API with the
// interpreter (see above).
func displayExports() interp.Exports {
	syms := symbols.Symbols[displayPath+"/display"]
	mapTypes := map[reflect.Value][]reflect.Type{
		displayable: displayMapTypes,
		reflect.ValueOf((*display.Handle).Update): displayMapTypes,
	}
	for _, name := range displayFuncs {
		mapTypes[syms[name]] = displayMapTypes
	}
	for _, name := range jsonFuncs {
		mapTypes[syms[name]] = jsonMapTypes
	}
	return interp.Exports{".": {"MapTypes": reflect.ValueOf(mapTypes)}}
}

// interactHelperSrc declares __pdInteract, which a cell's call of
// widget.Interact becomes (hiddenMemberEdit): what render returns is given
// to compiled code through displayable, so that a value of a cell type
// shows with its methods. Only the value's dynamic type is known there: a
// value of a type with methods is wrapped, but the fields of a struct or
// the elements of a slice returned as an any are not.
const interactHelperSrc = `
import __pdwidget "` + widgetPath + `"

func __pdInteract(render func() any, controls ...__pdwidget.Widget) {
	__pdwidget.Interact(func() any { return ` + internalName + `.Displayable(render()) }, controls...)
}
`
