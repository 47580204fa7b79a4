package dsl

import (
	_ "embed"
	"fmt"
	"regexp"

	gen "github.com/traefik/yaegi/stdlib/generic"
)

// genericSlices completes yaegi's interpreted source of package slices:
// see the file's comment.
//
//go:embed generic_slices.go.txt
var genericSlices string

//go:embed generic_maps.go.txt
var genericMaps string

//go:embed generic_iter.go.txt
var genericIter string

// genericSources complete packages that yaegi compiles from source; each
// is compiled into an interpreter just before a cell first imports its
// package (compiling them all at start-up would cost every session about
// a millisecond).
var genericSources = []struct{ path, src string }{
	{"slices", genericSlices},
	{"maps", genericMaps},
	{"iter", genericIter},
}

// completeGeneric compiles the Session's source for package path, if it
// has one and has not compiled it into this interpreter yet.
func (s *Session) completeGeneric(path string) error {
	for _, g := range genericSources {
		if g.path != path || s.state.completed[path] {
			continue
		}
		if _, err := s.interp.Compile(g.src); err != nil {
			return fmt.Errorf("dsl: compiling the Session's %s source: %w", g.path, err)
		}
		s.state.completed[path] = true
	}
	return nil
}

// stdSources are the sources of standard packages that the interpreter
// compiles: yaegi's and the Session's (genericSources).
func stdSources() []string {
	srcs := append([]string(nil), gen.Sources[:]...)
	for _, g := range genericSources {
		srcs = append(srcs, g.src)
	}
	return srcs
}

var (
	packageClause = regexp.MustCompile(`(?m)^package (\w+)`)
	exportedDecl  = regexp.MustCompile(`(?m)^(?:func|type) ([A-Z]\w*)`)
)

// sourceExports are the exported functions and types of the standard
// packages compiled from source (slices.Sorted, iter.Seq, ...), which
// no symbol table lists, by package name.
var sourceExports = func() map[string][]string {
	byPkg := map[string]map[string]bool{}
	for _, src := range stdSources() {
		m := packageClause.FindStringSubmatch(src)
		if m == nil {
			continue
		}
		if byPkg[m[1]] == nil {
			byPkg[m[1]] = map[string]bool{}
		}
		for _, d := range exportedDecl.FindAllStringSubmatch(src, -1) {
			byPkg[m[1]][d[1]] = true
		}
	}
	out := map[string][]string{}
	for pkg, names := range byPkg {
		for n := range names {
			out[pkg] = append(out[pkg], n)
		}
	}
	return out
}()
