package dsl

import (
	"fmt"
	"go/ast"
	"go/token"
	"slices"
	"strconv"
	"strings"
)

// Labeled breaks out of a select. yaegi v0.16.1 runs `break L` in a
// select's case as a plain break: it leaves the select but not the loop L
// labels, so the idiomatic
//
//	loop:
//		for {
//			select {
//			case <-done:
//				break loop
//			...
//
// never ends. Plain breaks, `continue L` and `break L` outside a select
// work. The Session rewrites the select to record the label and break
// out of the select, then breaks to the label from outside it:
//
//	__pdbrk3 := ""; select { case <-done: { __pdbrk3 = "loop"; break } ... }; if __pdbrk3 == "loop" { break loop }

// selectBreakEdits returns the edits for select statement sel (k numbers
// its variable), or nil when no case breaks to a label directly (not from
// inside a loop, switch, select or function literal of its own).
func selectBreakEdits(sel *ast.SelectStmt, off func(token.Pos) int, resume func(token.Pos) string, k int) []edit {
	v := fmt.Sprintf("__pdbrk%d", k)
	var edits []edit
	var labels []string
	var walk func(n ast.Node) bool
	walk = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt, *ast.FuncLit:
			return false // their breaks are their own
		case *ast.BranchStmt:
			if n.Tok == token.BREAK && n.Label != nil {
				if !slices.Contains(labels, n.Label.Name) {
					labels = append(labels, n.Label.Name)
				}
				edits = append(edits, edit{off(n.Pos()), off(n.End()),
					"{ " + v + " = " + strconv.Quote(n.Label.Name) + "; break }" + resume(n.End())})
			}
		}
		return true
	}
	for _, cc := range sel.Body.List {
		for _, st := range cc.(*ast.CommClause).Body {
			ast.Inspect(st, walk)
		}
	}
	if len(edits) == 0 {
		return nil
	}
	after := make([]string, len(labels))
	for i, l := range labels {
		after[i] = fmt.Sprintf("if %s == %q { break %s }", v, l, l)
	}
	start, end := off(sel.Pos()), off(sel.End())
	return append(edits,
		edit{start, start, v + ` := ""; ` + resume(sel.Pos())},
		edit{end, end, "; " + strings.Join(after, "; ") + resume(sel.End())})
}
