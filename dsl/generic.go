package dsl

import (
	_ "embed"
	"fmt"
	"regexp"

	"github.com/petridish-go/petridish/internal/yaegi/interp"
	gen "github.com/traefik/yaegi/stdlib/generic"
)

// genericSlices completes yaegi's interpreted source of package slices:
// see the file's comment.
//
//go:embed generic_slices.go.txt
var genericSlices string

//go:embed generic_maps.go.txt
var genericMaps string

//go:embed generic_cmp.go.txt
var genericCmp string

//go:embed generic_iter.go.txt
var genericIter string

//go:embed generic_sync.go.txt
var genericSync string

//go:embed generic_rand.go.txt
var genericRand string

//go:embed generic_errors.go.txt
var genericErrors string

//go:embed source_plotutil.go.txt
var sourcePlotutil string

//go:embed source_atomic.go.txt
var sourceAtomic string

// genericSources complete packages that yaegi compiles from source; each
// is compiled into an interpreter just before a cell first imports its
// package (compiling them all at start-up would cost every session about
// a millisecond). The generic functions of a package yaegi has compiled
// (sync, math/rand/v2) have a source whose package the interpreter knows
// under another name, as: it takes an imported compiled package's members
// from the compiled package only, and the Session rewrites sync.OnceValue
// in a cell as __pdsync.OnceValue (stdgeneric.go).
var genericSources = []struct{ path, as, src string }{
	{"cmp", "", genericCmp},
	{"slices", "", genericSlices},
	{"maps", "", genericMaps},
	{"iter", "", genericIter},
	{"sync", "__pdsync", genericSync},
	{"math/rand/v2", "__pdrand", genericRand},
	{"errors", "main", genericErrors},
	{"gonum.org/v1/plot/plotutil", "__pdplotutil", sourcePlotutil},
	{"sync/atomic", "main", sourceAtomic},
}

// completeGeneric compiles the Session's source for package path, if it
// has one and has not compiled it into this interpreter yet.
func (s *Session) completeGeneric(path string) error {
	for _, g := range genericSources {
		if g.path != path || s.state.completed[path] {
			continue
		}
		src := g.src
		if g.as != "" {
			src = packageClause.ReplaceAllLiteralString(src, "package "+g.as)
		}
		compile := s.interp.Compile
		if g.as == "main" {
			// Declarations of the cells' package are made by running them.
			compile = func(src string) (*interp.Program, error) { _, err := s.interp.Eval(src); return nil, err }
		}
		prog, err := compile(src)
		if err != nil {
			return fmt.Errorf("dsl: compiling the Session's %s source: %w", g.path, err)
		}
		if prog != nil {
			// Running the package gives its functions their code: a
			// generic one is compiled at each instantiation, but a call of
			// a plain one that was only compiled returned zero values.
			if _, err := s.interp.Execute(prog); err != nil {
				return fmt.Errorf("dsl: running the Session's %s source: %w", g.path, err)
			}
		}
		s.state.completed[path] = true
	}
	return nil
}

// hiddenPackage returns the name under which the interpreter knows the
// Session's source of generic functions for path, a package yaegi has
// compiled; false when path has none.
func hiddenPackage(path string) (string, bool) {
	for _, g := range genericSources {
		if g.path == path && g.as != "" {
			return g.as, true
		}
	}
	return "", false
}

// stdSources are the sources of standard packages that the interpreter
// compiles, yaegi's and the Session's (genericSources), by import path.
func stdSources() []struct{ path, src string } {
	var srcs []struct{ path, src string }
	for _, src := range gen.Sources {
		if m := packageClause.FindStringSubmatch(src); m != nil {
			srcs = append(srcs, struct{ path, src string }{m[1], src})
		}
	}
	for _, g := range genericSources {
		srcs = append(srcs, struct{ path, src string }{g.path, g.src})
	}
	return srcs
}

var (
	packageClause = regexp.MustCompile(`(?m)^package (\w+)`)
	exportedDecl  = regexp.MustCompile(`(?m)^(?:func|type) ([A-Z]\w*)`)
)

// sourceExports are the exported functions and types of the standard
// packages compiled from source (slices.Sorted, iter.Seq, sync.OnceValue,
// ...), which no symbol table lists, by import path.
var sourceExports = func() map[string][]string {
	byPath := map[string]map[string]bool{}
	for _, src := range stdSources() {
		if byPath[src.path] == nil {
			byPath[src.path] = map[string]bool{}
		}
		for _, d := range exportedDecl.FindAllStringSubmatch(src.src, -1) {
			byPath[src.path][d[1]] = true
		}
	}
	out := map[string][]string{}
	for path, names := range byPath {
		for n := range names {
			out[path] = append(out[path], n)
		}
	}
	return out
}()
