package dsl

import (
	"go/ast"
	"go/token"
	"sync"
)

// A `defer` at the top level of a cell runs when the cell ends, after its
// last statement (or its error), as one in main runs when the program
// ends; deferred calls run last first. yaegi ran it at the end of the
// chunk of the cell it was compiled in, before the cell's later
// statements, and sometimes twice. The Session rewrites it as
//
//	__pd.Defer(func() func() { __pddf := f; __pdd0 := x; return func() { __pddf(__pdd0) } }())
//
// (boundCall), which evaluates the function and its arguments at the
// defer statement, as Go does, and hands the call to the Session.

// cellDefers holds the deferred calls of the running cell.
type cellDefers struct {
	mu    sync.Mutex
	calls []func()
}

// add defers call to the end of the running cell.
func (d *cellDefers) add(call func()) {
	d.mu.Lock()
	d.calls = append(d.calls, call)
	d.mu.Unlock()
}

// run runs the deferred calls, last first, and returns what the first of
// them to panic panicked with (the others still run).
func (d *cellDefers) run() (panicked any) {
	for {
		d.mu.Lock()
		n := len(d.calls)
		if n == 0 {
			d.mu.Unlock()
			return panicked
		}
		call := d.calls[n-1]
		d.calls = d.calls[:n-1]
		d.mu.Unlock()
		if r := callRecovering(call); r != nil && panicked == nil {
			panicked = r
		}
	}
}

// drop forgets the deferred calls without running them (the cell called
// os.Exit).
func (d *cellDefers) drop() {
	d.mu.Lock()
	d.calls = nil
	d.mu.Unlock()
}

// callRecovering calls f and returns what it panicked with, if it did.
func callRecovering(f func()) (r any) {
	defer func() { r = recover() }()
	f()
	return nil
}

// topLevelDefer returns the rewrite of d, a defer statement at the top
// level of a cell (outside function literals), that defers its call to
// the end of the cell.
func topLevelDefer(d *ast.DeferStmt, src func(ast.Node) string, resume func(token.Pos) string) string {
	at := resume(d.Pos())
	return at + internalName + ".Defer(" + boundCall(d.Call, "__pdd", at, src, resume) + ")" + resume(d.End())
}

// isBuiltinIdent reports whether id names a predeclared function.
func isBuiltinIdent(id *ast.Ident) bool {
	_, ok := builtins[id.Name]
	return ok && id.Obj == nil
}
