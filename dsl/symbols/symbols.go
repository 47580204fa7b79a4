package symbols

import "reflect"

// Symbols maps "importpath/name" to the exported symbols of each compiled
// package that cells may import; pass it to (*interp.Interpreter).Use.
// The generated files in this folder fill it from their init functions.
var Symbols = map[string]map[string]reflect.Value{}

// The symbol tables: to expose another compiled package, add one
// "yaegi extract" line below and its import path to the gendocs line for
// docs.json.gz, then run `go generate ./dsl/symbols`. generate_test.go
// fails when the committed files are stale.
//
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract github.com/petridish-go/petridish/dsl/display
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract github.com/petridish-go/petridish/dsl/widget
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract github.com/petridish-go/petridish/petri/autodiff
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract github.com/petridish-go/petridish/petri/nn
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract github.com/petridish-go/petridish/petri/motif
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract github.com/petridish-go/petridish/petri/dish
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract github.com/petridish-go/petridish/petri/surrogate
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract github.com/petridish-go/petridish/petri/store
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract github.com/petridish-go/petridish/petri/data
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract github.com/petridish-go/petridish/petri/groundtruth
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract github.com/petridish-go/petridish/petri/search
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract github.com/petridish-go/petridish/petri/progress
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract github.com/petridish-go/petridish/petri/rng
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract gonum.org/v1/gonum/mat
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract gonum.org/v1/gonum/stat
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract gonum.org/v1/gonum/stat/distuv
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract gonum.org/v1/gonum/stat/combin
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract gonum.org/v1/gonum/floats
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract gonum.org/v1/gonum/floats/scalar
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract gonum.org/v1/gonum/optimize
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract gonum.org/v1/gonum/diff/fd
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract gonum.org/v1/gonum/interp
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract gonum.org/v1/gonum/blas/blas64
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract gonum.org/v1/plot
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract gonum.org/v1/plot/plotter
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract gonum.org/v1/plot/vg
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract gonum.org/v1/plot/vg/draw
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract gonum.org/v1/plot/vg/vgimg
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract gonum.org/v1/plot/vg/vgsvg
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract gonum.org/v1/plot/plotutil
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract gonum.org/v1/plot/palette
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract gonum.org/v1/plot/palette/moreland
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract gonum.org/v1/plot/text
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract gonum.org/v1/plot/font

// Documentation for name?, inspection and completion: docs.json.gz for the
// packages above (checked for staleness), docs_std.json.gz for the
// standard library packages cells use most (it follows the Go release
// that generated it, so it is not checked).
//
//go:generate go run ./internal/gendocs -o docs.json.gz github.com/petridish-go/petridish/dsl/display github.com/petridish-go/petridish/dsl/widget github.com/petridish-go/petridish/petri/autodiff github.com/petridish-go/petridish/petri/nn github.com/petridish-go/petridish/petri/motif github.com/petridish-go/petridish/petri/dish github.com/petridish-go/petridish/petri/surrogate github.com/petridish-go/petridish/petri/store github.com/petridish-go/petridish/petri/data github.com/petridish-go/petridish/petri/groundtruth github.com/petridish-go/petridish/petri/search github.com/petridish-go/petridish/petri/progress github.com/petridish-go/petridish/petri/rng gonum.org/v1/gonum/mat gonum.org/v1/gonum/stat gonum.org/v1/gonum/stat/distuv gonum.org/v1/gonum/stat/combin gonum.org/v1/gonum/floats gonum.org/v1/gonum/floats/scalar gonum.org/v1/gonum/optimize gonum.org/v1/gonum/diff/fd gonum.org/v1/gonum/interp gonum.org/v1/gonum/blas/blas64 gonum.org/v1/plot gonum.org/v1/plot/plotter gonum.org/v1/plot/vg gonum.org/v1/plot/vg/draw gonum.org/v1/plot/vg/vgimg gonum.org/v1/plot/vg/vgsvg gonum.org/v1/plot/plotutil gonum.org/v1/plot/palette gonum.org/v1/plot/palette/moreland gonum.org/v1/plot/text gonum.org/v1/plot/font
//go:generate go run ./internal/gendocs -o docs_std.json.gz builtin bufio bytes cmp context encoding/csv encoding/json errors fmt image image/color image/png io log maps math math/cmplx math/rand math/rand/v2 os path/filepath regexp runtime slices sort strconv strings sync text/tabwriter time unicode
