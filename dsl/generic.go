package dsl

import (
	_ "embed"
	"fmt"
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
