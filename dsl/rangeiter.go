package dsl

import (
	"go/ast"
	"go/token"
)

// Ranging over a function (an iterator, Go 1.23) is not in yaegi v0.16.1.
// The Session's maps and slices packages have the iterator functions
// (maps.Keys, slices.Collect, ...; see genericSources), and a loop over
// one of the standard iterators of a map or slice ranges over the map or
// slice itself, which visits the same keys and values:
//
//	for k := range maps.Keys(m)        ->  for k := range m
//	for v := range maps.Values(m)      ->  for _, v := range m
//	for k, v := range maps.All(m)      ->  for k, v := range m
//	for i, v := range slices.All(s)    ->  for i, v := range s
//	for v := range slices.Values(s)    ->  for _, v := range s
//	for c := range slices.Chunk(s, n)  ->  for _, c := range slices.chunks(s, n)
//
// (m or s is evaluated once, before the loop, as the call was; chunks
// returns Chunk's subslices of s as a slice). A loop over slices.Backward(s)
// is a loop over a function (rangefunc.go) when the Session can read s's
// element type. Loops over other functions keep the error that says to
// call the function with the loop body as its yield function.

// iterRanges gives, for each standard iterator that a loop can range over
// the collection of, whether its one loop variable is the collection's
// value (the second of range's two).
var iterRanges = map[string]map[string]bool{
	"maps":   {"Keys": false, "Values": true, "All": false},
	"slices": {"All": false, "Values": true, "Chunk": true},
}

// rangeIterEdits returns the edits that make loop r range over the map or
// slice of a standard iterator; false when r ranges over something else.
func (s *Session) rangeIterEdits(r *ast.RangeStmt, src func(ast.Node) string, off func(token.Pos) int, resume func(token.Pos) string) ([]edit, bool) {
	call, ok := r.X.(*ast.CallExpr)
	if !ok || len(call.Args) == 0 || call.Ellipsis.IsValid() {
		return nil, false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return nil, false
	}
	pkg, ok := sel.X.(*ast.Ident)
	if !ok || pkg.Obj != nil || !s.isStdPackage(pkg.Name) {
		return nil, false
	}
	valueOnly, ok := iterRanges[pkg.Name][sel.Sel.Name]
	chunk := sel.Sel.Name == "Chunk"
	if !ok || len(call.Args) != 1 && !chunk || chunk && len(call.Args) != 2 {
		return nil, false
	}
	// One loop variable for a single-value sequence, at most two for All.
	if valueOnly || sel.Sel.Name == "Keys" {
		if r.Value != nil {
			return nil, false
		}
	}
	edits := []edit{{off(call.Pos()), off(call.End()), src(call.Args[0]) + resume(call.End())}}
	if chunk {
		edits = []edit{{off(sel.Sel.Pos()), off(sel.Sel.End()), "chunks" + resume(sel.Sel.End())}}
	}
	if valueOnly && r.Key != nil {
		p := off(r.Key.Pos())
		edits = append(edits, edit{p, p, "_, " + resume(r.Key.Pos())})
	}
	return edits, true
}

// isStdPackage reports whether name, in a cell, is the standard package
// of that name: imported as itself, or not imported yet (the Session
// imports it when the cell runs).
func (s *Session) isStdPackage(name string) bool {
	path, imported := s.state.imports[name]
	if imported {
		return path == name
	}
	_, isDecl := s.state.decls[name]
	return !isDecl
}
