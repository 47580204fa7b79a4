package dsl

import (
	"go/ast"
	"go/token"
)

// Top-level blocks run as functions. At the top level of a cell, yaegi
// v0.16.1 gets three things wrong inside the body of a for, if, switch,
// select or block, all of which it gets right inside a function:
//
//   - a variable defined by a multi-value call (`f, err :=
//     strconv.ParseFloat(s, 64)`, `var a, b = f()`) is lost: the next line
//     reads "undefined: err";
//   - a loop's := variable is shared by all iterations, so closures made
//     in the loop all see the last value (Go 1.22 gives each iteration its
//     own);
//   - `x := 5` of a name the cell already has overwrites the cell's x
//     instead of declaring the block's own; so does the variable of a
//     three-clause loop (`for i := 0; ...`).
//
// So the Session runs such a body as a function literal:
//
//   - a top-level if, switch, select or block runs as `func() { ... }()`;
//   - a three-clause loop whose variable has a name the cell already has
//     runs whole inside `func() { ... }()`;
//   - any other loop keeps its header, so that an interrupt still stops it
//     between iterations, and its body becomes
//     `if func() bool { i := i; body; return false }() { break }`, where
//     `i := i` copies each loop variable that a closure captures (see
//     loopVarCopies), the body's own `continue` becomes `return false` and
//     its own `break` `return true`.
//
// Bodies with a label, goto, return or defer of their own are left as they
// are (their meaning would change); the compile error then says what to do.

// inspectOutsideFuncs is ast.Inspect that does not enter function
// literals, whose bodies are functions already.
func inspectOutsideFuncs(n ast.Node, f func(ast.Node) bool) {
	ast.Inspect(n, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		return f(n)
	})
}

// definesMultiValue reports whether n, outside function literals, defines
// variables from one multi-value call.
func definesMultiValue(n ast.Node) bool {
	found := false
	inspectOutsideFuncs(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if n.Tok == token.DEFINE && len(n.Lhs) >= 2 && len(n.Rhs) == 1 {
				found = found || multiValued(n.Rhs[0])
			}
		case *ast.ValueSpec:
			if len(n.Names) >= 2 && len(n.Values) == 1 {
				found = found || multiValued(n.Values[0])
			}
		}
		return !found
	})
	return found
}

// multiValued reports whether e, the one value of a definition of
// several variables, gives several values: a call, or a comma-ok type
// assertion, map index or channel receive.
func multiValued(e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.CallExpr, *ast.TypeAssertExpr, *ast.IndexExpr:
		return true
	case *ast.UnaryExpr:
		return e.Op == token.ARROW
	}
	return false
}

// shadowsGlobal reports whether n, outside function literals, declares
// (with := or var) a name for which global is true. At the top level
// yaegi takes such a declaration in a block for the global itself, so
// `x := 5` in a loop body would overwrite the cell's x.
func shadowsGlobal(n ast.Node, global func(string) bool) bool {
	found := false
	inspectOutsideFuncs(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if n.Tok == token.DEFINE {
				for _, l := range n.Lhs {
					if id, ok := l.(*ast.Ident); ok && global(id.Name) {
						found = true
					}
				}
			}
		case *ast.ValueSpec:
			for _, id := range n.Names {
				found = found || global(id.Name)
			}
		}
		return !found
	})
	return found
}

// headerShadows reports whether three-clause loop st defines with := a
// name for which global is true: yaegi would overwrite that variable.
func headerShadows(st *ast.ForStmt, global func(string) bool) bool {
	init, ok := st.Init.(*ast.AssignStmt)
	if !ok || init.Tok != token.DEFINE {
		return false
	}
	for _, l := range init.Lhs {
		if id, ok := l.(*ast.Ident); ok && global(id.Name) {
			return true
		}
	}
	return false
}

// returnsOrDefers reports whether n, outside function literals, has a
// return or defer statement, whose meaning a function around it changes.
func returnsOrDefers(n ast.Node) bool {
	found := false
	inspectOutsideFuncs(n, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.ReturnStmt, *ast.DeferStmt:
			found = true
		}
		return !found
	})
	return found
}

// loopExits finds, in a loop body, the break and continue statements that
// leave or continue that loop. It reports false when the body has a
// statement that a function literal would change: a label, goto, return
// or defer (outside nested function literals).
func loopExits(body *ast.BlockStmt) (breaks, continues []*ast.BranchStmt, ok bool) {
	breaks, continues, _, ok = scanExits(body, false)
	return breaks, continues, ok
}

// scanExits is loopExits that, with collectReturns, also accepts return
// statements and returns them.
func scanExits(body *ast.BlockStmt, collectReturns bool) (breaks, continues []*ast.BranchStmt, returns []*ast.ReturnStmt, ok bool) {
	ok = true
	// walk visits n; inLoop and inBreakable say whether n is inside a
	// nested loop, or a nested loop, switch or select.
	var walk func(n ast.Node, inLoop, inBreakable bool)
	walk = func(n ast.Node, inLoop, inBreakable bool) {
		ast.Inspect(n, func(c ast.Node) bool {
			if !ok || c == nil {
				return false
			}
			if c == n {
				return true
			}
			switch c := c.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ReturnStmt:
				if !collectReturns {
					ok = false
				}
				returns = append(returns, c)
			case *ast.LabeledStmt, *ast.DeferStmt:
				ok = false
			case *ast.BranchStmt:
				switch {
				case c.Label != nil || c.Tok == token.GOTO:
					ok = false
				case c.Tok == token.BREAK && !inBreakable:
					breaks = append(breaks, c)
				case c.Tok == token.CONTINUE && !inLoop:
					continues = append(continues, c)
				}
			case *ast.ForStmt, *ast.RangeStmt:
				walk(c, true, true)
				return false
			case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
				walk(c, inLoop, true)
				return false
			}
			return ok
		})
	}
	walk(body, false, false)
	return breaks, continues, returns, ok
}

// blockFuncEdits returns the edits that run top-level statement st's body
// as a function literal, when st is a compound statement that defines
// variables from a multi-value call inside it, or a loop whose body
// captures a loop variable, or one with nested loops that need copies of
// their variables (nested, the edits that make them, kept with the
// others); off maps positions to offsets in the chunk's text, and resume
// gives a line directive that restores a position after inserted text.
func blockFuncEdits(st ast.Stmt, off func(token.Pos) int, resume func(token.Pos) string, global func(string) bool, nested []edit) []edit {
	var body *ast.BlockStmt
	switch st := st.(type) {
	case *ast.ForStmt:
		if headerShadows(st, global) && !returnsOrDefers(st.Body) {
			// The whole loop runs in a function, so its variable is the
			// function's; inside one, a captured variable needs only a copy.
			start, end := off(st.Pos()), off(st.End())
			edits := []edit{
				{start, start, "func() { " + resume(st.Pos())},
				{end, end, " }()" + resume(st.End())},
			}
			if copies := loopVarCopies(st); copies != "" {
				p := off(st.Body.Lbrace) + 1
				edits = append(edits, edit{p, p, copies + resume(st.Body.Lbrace+1)})
			}
			return append(edits, nested...)
		}
		body = st.Body
	case *ast.RangeStmt:
		body = st.Body
	case *ast.IfStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt, *ast.BlockStmt:
		if !definesMultiValue(st) && !shadowsGlobal(st, global) && len(nested) == 0 {
			return nil
		}
		if _, _, ok := loopExits(&ast.BlockStmt{List: []ast.Stmt{st}}); !ok {
			return nil
		}
		start, end := off(st.Pos()), off(st.End())
		return append([]edit{
			{start, start, "func() { " + resume(st.Pos())},
			{end, end, " }()" + resume(st.End())},
		}, nested...)
	default:
		return nil
	}
	copies := loopVarCopies(st)
	if copies == "" && !definesMultiValue(body) && !shadowsGlobal(body, global) && len(nested) == 0 {
		return nil
	}
	breaks, continues, ok := loopExits(body)
	if !ok {
		return nil
	}
	open, close := off(body.Lbrace)+1, off(body.Rbrace)
	edits := []edit{
		{open, open, " if func() bool {" + copies + resume(body.Lbrace+1)},
		{close, close, "\nreturn false\n}() {\nbreak\n}\n" + resume(body.Rbrace)},
	}
	for _, b := range breaks {
		edits = append(edits, edit{off(b.Pos()), off(b.End()), "return true" + resume(b.End())})
	}
	for _, c := range continues {
		edits = append(edits, edit{off(c.Pos()), off(c.End()), "return false" + resume(c.End())})
	}
	return append(edits, nested...)
}
