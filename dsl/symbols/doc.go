// Package symbols holds the generated `yaegi extract` tables through which
// interpreted cells call compiled packages — dsl/display, dsl/widget, petri/*, gonum
// (mat, stat, stat/distuv, optimize, ...) and gonum/plot (plotter, vg/draw,
// palette, ...), listed in dsl/README.md's "Symbol tables" — at native
// speed, and the documentation of those
// packages (and of the most used standard library packages) for `name?`,
// inspection and completion.
//
// Everything here but symbols.go, docs.go and internal/gendocs is written
// by `go generate ./dsl/symbols`; the package's tests fail when the
// committed files are stale.
package symbols
