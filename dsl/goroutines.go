package dsl

import (
	"fmt"
	"go/ast"
	"sort"
	"strings"
)

// Panics in goroutines. yaegi starts a cell's goroutines without a
// recover, so a panic in one would end the whole process — the kernel
// with it. guardGoroutines rewrites each `go func(...) {...}(...)` and
// argument-less `go f()` in a chunk so that the goroutine's first act is
// `defer __pdRecover()`; the recovered panic is reported on the cell's
// stderr. Arguments are still evaluated by the go statement, as in Go.

// recoverHelperSrc declares __pdRecover in every session.
const recoverHelperSrc = `
func __pdRecover() {
	if r := recover(); r != nil {
		__pd.GoPanic(r)
	}
}
`

// goGuard is the statement inserted at the start of a goroutine.
const goGuard = "defer __pdRecover(); "

// mainName replaces the name main in cells: once a function main exists,
// yaegi runs it after every later evaluation.
const mainName = "__pdMain"

// rewrite makes the source edits that cells need before the interpreter
// sees them: goroutine guards, and renaming func main (and its uses) to
// mainName. Line directives after each edit keep cell positions exact.
func (s *Session) rewrite(c *chunk) {
	prefixLen := len(c.parseSource()) - len(c.text)
	if c.kind == itemStmt {
		prefixLen -= len("\n}")
	}
	type edit struct {
		off  int
		text string
	}
	var edits []edit
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			ast.Inspect(n.X, visit) // x.main is a field or method, not func main
			return false
		case *ast.Ident:
			if n.Name == "main" && n.Obj == nil || n.Name == "main" && n.Obj != nil && n.Obj.Kind == ast.Fun {
				p := c.fset.Position(n.Pos())
				after := c.fset.Position(n.End())
				edits = append(edits, edit{p.Offset - prefixLen, "\x00" + mainName + fmt.Sprintf("/*line _.go:%d:%d*/", after.Line, after.Column)})
			}
			return true
		}
		g, ok := n.(*ast.GoStmt)
		if !ok {
			return true
		}
		switch fn := g.Call.Fun.(type) {
		case *ast.FuncLit:
			// Insert after the body's '{', then restore the position of
			// what follows with a line directive.
			brace := c.fset.Position(fn.Body.Lbrace)
			off := brace.Offset + 1 - prefixLen
			after := c.fset.Position(fn.Body.Lbrace + 1)
			edits = append(edits, edit{off, goGuard + fmt.Sprintf("/*line _.go:%d:%d*/", after.Line, after.Column)})
		case *ast.Ident, *ast.SelectorExpr:
			if len(g.Call.Args) > 0 {
				return true
			}
			// go f()  =>  go func() { defer __pdRecover(); f() }()
			start := c.fset.Position(g.Call.Pos())
			end := c.fset.Position(g.Call.End())
			edits = append(edits,
				edit{start.Offset - prefixLen, "func() { " + goGuard + fmt.Sprintf("/*line _.go:%d:%d*/", start.Line, start.Column)},
				edit{end.Offset - prefixLen, " }()"})
		}
		return true
	}
	for _, d := range c.decls {
		ast.Inspect(d, visit)
	}
	for _, st := range c.stmts {
		ast.Inspect(st, visit)
	}
	if len(edits) == 0 {
		return
	}
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].off > edits[j].off })
	text := c.text
	for _, e := range edits {
		if e.off < 0 || e.off > len(text) {
			return // positions do not match the text: leave it alone
		}
		if strings.HasPrefix(e.text, "\x00") { // replaces the identifier main
			text = text[:e.off] + e.text[1:] + text[e.off+len("main"):]
			continue
		}
		text = text[:e.off] + e.text + text[e.off:]
	}
	c.text = text
}

// goPanic reports a panic recovered in a cell's goroutine.
// yaegi printed the goroutine's frames while it unwound; they become the
// report's traceback.
func (s *Session) goPanic(r any) {
	var b strings.Builder
	fmt.Fprintf(&b, "panic in a goroutine: %s\n", strings.TrimSpace(fmt.Sprint(r)))
	for _, f := range s.route.takeFrames() {
		if f = s.decodePositions(f); !strings.Contains(f, " in __pd") {
			b.WriteString("\t" + f + "\n")
		}
	}
	b.WriteString("(recovered by petridish: the goroutine stopped, the session goes on)\n")
	s.route.get().Stream("stderr", b.String())
}
