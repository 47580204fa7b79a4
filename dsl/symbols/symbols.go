package symbols

import "reflect"

// Symbols maps "importpath/name" to the exported symbols of each compiled
// package that cells may import; pass it to (*interp.Interpreter).Use.
// The generated files in this folder fill it from their init functions.
var Symbols = map[string]map[string]reflect.Value{}

// The symbol tables. To expose another compiled package, add one line here
// and to Packages (generate_test.go checks they agree), then run
// `go generate ./dsl/symbols`.
//
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract github.com/petridish-go/petridish/dsl/display
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract github.com/petridish-go/petridish/petri/progress
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract github.com/petridish-go/petridish/petri/rng
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract gonum.org/v1/gonum/mat
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract gonum.org/v1/gonum/stat
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract gonum.org/v1/gonum/floats
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract gonum.org/v1/gonum/optimize
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract gonum.org/v1/plot
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract gonum.org/v1/plot/plotter
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract gonum.org/v1/plot/vg
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract gonum.org/v1/plot/vg/vgimg
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract gonum.org/v1/plot/vg/vgsvg
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract gonum.org/v1/plot/plotutil
