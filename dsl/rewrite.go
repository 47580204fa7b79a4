package dsl

import (
	"fmt"
	"go/ast"
	"go/token"
	"sort"
	"strings"
)

// Source rewrites. Before the interpreter sees a chunk, the Session edits
// its text to work around yaegi's weak spots, keeping cell positions exact
// with line directives after each edit:
//
//   - Panics in goroutines: yaegi starts a cell's goroutines without a
//     recover, so a panic in one would end the process — the kernel with
//     it. `go func(...) {...}(...)` gets `defer __pdRecover()` as its first
//     statement, and an argument-less `go f()` becomes
//     `go func() { defer __pdRecover(); f() }()`; the panic is reported on
//     the cell's stderr. `go f(x, y)` evaluates f and its arguments at the
//     go statement, as Go does, and starts a guarded call of them (see
//     guardGoWithArgs).
//   - func main: once a function main exists, yaegi runs it after every
//     later evaluation; it is renamed, with its uses, to mainName.
//   - Comma-ok forms at the top level of a cell (`v, ok := m[k]`,
//     `n, ok := x.(T)`) crash yaegi's compiler; they become single-value
//     definitions.
//   - A global defined by a multi-value call at the top level of a cell
//     (`x, err := f()`) reads as a zero value in a function called by
//     another function. The call's results go to temporaries, and each
//     name is defined from its temporary with a single-value `:=` (or
//     assigned with `=` when the chunk defined it before, as Go's := does).
//     The temporaries are numbered within the chunk, so running the cell
//     again reuses their names and releases the values they held. `if` and `switch` statements with an init statement, and
//     type switches, are run inside `func() { ... }()`, where yaegi handles
//     them.

// recoverHelperSrc declares __pdRecover and __pdGo in every session.
const recoverHelperSrc = `
func __pdRecover() {
	if r := recover(); r != nil {
		__pd.GoPanic(r)
	}
}

func __pdGo(c func()) {
	defer __pdRecover()
	c()
}
`

// goGuard is the statement inserted at the start of a goroutine.
const goGuard = "defer __pdRecover(); "

// mainName replaces the name main in cells.
const mainName = "__pdMain"

// edit replaces text[off:end] (an insertion when end == off).
type edit struct {
	off, end int
	text     string
}

// rewrite applies the edits described above to chunk c.
func (s *Session) rewrite(c *chunk) {
	off := c.offset
	resume := c.directiveAt // a directive restoring a position after inserted text
	src := func(n ast.Node) string { return c.text[off(n.Pos()):off(n.End())] }
	var edits []edit
	labeledSelect := map[*ast.SelectStmt]bool{}
	called := map[ast.Expr]bool{}          // the function expressions of calls
	callOf := map[ast.Expr]*ast.CallExpr{} // and their calls
	local := chunkFuncs(c)
	chunkSigs := s.chunkMethodSigs(c)
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			if e, ok := s.hiddenMemberEdit(n, callOf[n], off, resume); ok {
				edits = append(edits, e)
				return false
			}
			if text, ok := s.methodRewrite(n, called[n], chunkSigs); ok {
				edits = append(edits, edit{off(n.Pos()), off(n.End()), text + resume(n.End())})
				return false
			}
			ast.Inspect(n.X, visit) // x.main is a field or method, not func main
			return false
		case *ast.CallExpr:
			called[n.Fun] = true
			callOf[n.Fun] = n
			if e, ok := minMaxEdit(n, src, off); ok {
				edits = append(edits, e)
			} else if e, ok := s.typeArgsEdit(n, local, off); ok {
				edits = append(edits, e)
			} else if e, ok := s.stdGenericCallEdits(n, src, off, resume); ok {
				edits = append(edits, e...)
			}
		case *ast.LabeledStmt:
			if sel, ok := n.Stmt.(*ast.SelectStmt); ok {
				labeledSelect[sel] = true
			}
		case *ast.SelectStmt:
			if !labeledSelect[n] {
				s.temps++
				edits = append(edits, selectBreakEdits(n, off, resume, s.temps)...)
			}
		case *ast.Ident:
			if n.Name == "main" && (n.Obj == nil || n.Obj.Kind == ast.Fun) {
				edits = append(edits, edit{off(n.Pos()), off(n.End()), mainName + resume(n.End())})
			}
		case *ast.GoStmt:
			switch fn := n.Call.Fun.(type) {
			case *ast.FuncLit:
				p := off(fn.Body.Lbrace) + 1
				edits = append(edits, edit{p, p, goGuard + resume(fn.Body.Lbrace+1)})
			case *ast.Ident, *ast.SelectorExpr:
				if len(n.Call.Args) == 0 {
					start, end := off(n.Call.Pos()), off(n.Call.End())
					edits = append(edits,
						edit{start, start, "func() { " + goGuard + resume(n.Call.Pos())},
						edit{end, end, " }()" + resume(n.Call.End())})
				} else if text, ok := guardGoWithArgs(n, src, resume); ok {
					edits = append(edits, edit{off(n.Pos()), off(n.End()), text})
				}
			}
		}
		return true
	}
	// copiesEdit returns the edit that copies the loop variables that
	// loop n's body captures at the start of that body, when n is a loop
	// that needs one (loopVarCopies).
	copiesEdit := func(n ast.Node) (edit, bool) {
		switch n := n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			if text := loopVarCopies(n.(ast.Stmt)); text != "" {
				body := loopBody(n.(ast.Stmt))
				p := off(body.Lbrace) + 1
				return edit{p, p, text + resume(body.Lbrace+1)}, true
			}
		}
		return edit{}, false
	}
	// Loops inside functions copy captured loop variables at the start of
	// their body; top-level loops do it in blockFuncEdits (yaegi treats a
	// top-level `i := i` as the loop's own i).
	inFunc := func(n ast.Node) bool {
		if e, ok := copiesEdit(n); ok {
			edits = append(edits, e)
		}
		return true
	}
	c.inspect(func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			if n.Body != nil {
				ast.Inspect(n.Body, inFunc)
			}
			return false
		case *ast.FuncLit:
			ast.Inspect(n.Body, inFunc)
			return false
		}
		return true
	})
	multi := 0 // multi-value definitions rewritten so far
	for _, d := range c.decls {
		ast.Inspect(d, visit)
		edits = append(edits, s.onceVarEdits(d, src, off, resume)...)
		if text, ok := multiValueVar(d, src, resume, multi); ok {
			edits = append(edits, edit{off(d.Pos()), off(d.End()), text})
			multi++
		}
	}
	var defers []*ast.DeferStmt  // top-level defer statements
	defined := map[string]bool{} // names the chunk's statements defined so far
	// global reports whether a name is a variable of the cell's scope: of
	// an earlier cell, or defined above in this chunk.
	global := func(name string) bool {
		d, ok := s.state.decls[name]
		return defined[name] || ok && (d.kind == "var" || d.kind == "const")
	}
	// nestedCopies returns the edits that copy captured loop variables at
	// the start of the bodies of the loops nested in top-level statement
	// st, outside function literals; they take effect once st's body runs
	// as a function (blockFuncEdits). Without them the goroutines that a
	// loop inside a top-level loop starts all saw its last values.
	nestedCopies := func(st ast.Stmt) []edit {
		var out []edit
		inspectOutsideFuncs(st, func(n ast.Node) bool {
			if e, ok := copiesEdit(n); ok && n != st {
				out = append(out, e)
			}
			return true
		})
		return out
	}
	for _, st := range c.stmts {
		ast.Inspect(st, visit)
		switch st := st.(type) {
		case *ast.IfStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt:
			if needsClosure(st) {
				start, end := off(st.Pos()), off(st.End())
				edits = append(edits,
					edit{start, start, "func() { " + resume(st.Pos())},
					edit{end, end, " }()" + resume(st.End())})
				edits = append(edits, nestedCopies(st)...)
			} else {
				edits = append(edits, blockFuncEdits(st, off, resume, global, nestedCopies(st))...)
			}
		case *ast.ForStmt, *ast.RangeStmt, *ast.SelectStmt, *ast.BlockStmt:
			edits = append(edits, blockFuncEdits(st, off, resume, global, nestedCopies(st))...)
		case *ast.DeclStmt: // a var plan moved among statements
			if text, ok := multiValueVar(st.Decl, src, resume, multi); ok {
				edits = append(edits, edit{off(st.Pos()), off(st.End()), text})
				multi++
			}
		case *ast.AssignStmt:
			s.temps++
			if p, ok := s.redefinitionAsAssignment(st, defined); ok {
				// ":=" becomes "= " (the same width, so positions hold).
				edits = append(edits, edit{off(p), off(p) + 2, "= "})
				if c.assigned == nil {
					c.assigned = map[string]bool{}
				}
				c.assigned[st.Lhs[0].(*ast.Ident).Name] = true
			} else if text, ok := commaOK(st, src, resume, s.temps, defined); ok {
				edits = append(edits, edit{off(st.Pos()), off(st.End()), text})
			} else if text, ok := multiValue(st, src, resume, multi, defined); ok {
				edits = append(edits, edit{off(st.Pos()), off(st.End()), text})
				multi++
			} else if e, ok := s.minMaxDefinition(st, off, resume); ok {
				edits = append(edits, e...)
			} else if e, ok := s.typedDefinitionEdits(st, local, src, off, resume); ok {
				edits = append(edits, e...)
			}
		}
		definedVars(st, defined)
		inspectOutsideFuncs(st, func(n ast.Node) bool {
			if d, ok := n.(*ast.DeferStmt); ok {
				defers = append(defers, d)
			}
			return true
		})
	}
	// Top-level defers run at the end of the cell, unless another rewrite
	// changed their text.
	for _, d := range defers {
		start, end := off(d.Pos()), off(d.End())
		if !editsWithin(edits, start, end) {
			edits = append(edits, edit{start, end, topLevelDefer(d, src, resume)})
		}
	}
	c.text = applyEdits(c.text, edits)
}

// editsWithin reports whether an edit touches the text from start to end.
func editsWithin(edits []edit, start, end int) bool {
	for _, e := range edits {
		if e.off < end && e.end > start || e.off == e.end && e.off > start && e.off < end {
			return true
		}
	}
	return false
}

// multiValueVar rewrites `var a, b T = f(x)` (T optional) at the top
// level as `var __pdr<k>_0, __pdr<k>_1 = f(x); var a T = __pdr<k>_0; var b
// T = __pdr<k>_1`, for the reason multiValue gives.
func multiValueVar(d ast.Decl, src func(ast.Node) string, resume func(token.Pos) string, k int) (string, bool) {
	g, ok := d.(*ast.GenDecl)
	if !ok || g.Tok != token.VAR || g.Lparen.IsValid() || len(g.Specs) != 1 {
		return "", false
	}
	v := g.Specs[0].(*ast.ValueSpec)
	if len(v.Names) < 2 || len(v.Values) != 1 {
		return "", false
	}
	if _, ok := v.Values[0].(*ast.CallExpr); !ok {
		return "", false
	}
	at := resume(g.Pos())
	typ := ""
	if v.Type != nil {
		typ = " " + src(v.Type)
	}
	temps := make([]string, len(v.Names))
	var defs []string
	for i, id := range v.Names {
		temps[i] = fmt.Sprintf("__pdr%d_%d", k, i)
		if id.Name != "_" {
			defs = append(defs, at+"var "+id.Name+typ+" = "+temps[i])
		}
	}
	parts := append([]string{at + "var " + strings.Join(temps, ", ") + " = " + resume(v.Values[0].Pos()) + src(v.Values[0])}, defs...)
	return strings.Join(parts, "; ") + resume(g.End()), true
}

// multiValue rewrites `a, b := f(x)` at the top level as
// `__pdr<k>_0, __pdr<k>_1 := f(x); a := __pdr<k>_0; b := __pdr<k>_1`, with
// `=` for a name in defined (the chunk defined it before) and nothing for
// `_`.
func multiValue(st *ast.AssignStmt, src func(ast.Node) string, resume func(token.Pos) string, k int, defined map[string]bool) (string, bool) {
	if st.Tok != token.DEFINE || len(st.Lhs) < 2 || len(st.Rhs) != 1 {
		return "", false
	}
	if _, ok := st.Rhs[0].(*ast.CallExpr); !ok {
		return "", false
	}
	at := resume(st.Pos())
	temps := make([]string, len(st.Lhs))
	var defs []string
	for i, l := range st.Lhs {
		id, ok := l.(*ast.Ident)
		if !ok {
			return "", false
		}
		temps[i] = fmt.Sprintf("__pdr%d_%d", k, i)
		switch {
		case id.Name == "_":
		case defined[id.Name]:
			defs = append(defs, at+id.Name+" = "+temps[i])
		default:
			defs = append(defs, at+id.Name+" := "+temps[i])
		}
	}
	// The call keeps its own positions: after the longer temporaries,
	// an error in it was placed up to a dozen columns to its right.
	parts := append([]string{at + strings.Join(temps, ", ") + " := " + resume(st.Rhs[0].Pos()) + src(st.Rhs[0])}, defs...)
	return strings.Join(parts, "; ") + resume(st.End()), true
}

// needsClosure reports whether a top-level if or switch declares
// variables in its header, which yaegi mishandles at the top level.
func needsClosure(st ast.Stmt) bool {
	switch st := st.(type) {
	case *ast.IfStmt:
		return st.Init != nil
	case *ast.SwitchStmt:
		return st.Init != nil
	case *ast.TypeSwitchStmt:
		return true
	}
	return false
}

// guardGoWithArgs rewrites `go f(x, y)` as
//
//	go __pdGo(func() func() { __pdgf := f; __pdg0 := x; __pdg1 := y; return func() { __pdgf(__pdg0, __pdg1) } }())
//
// so that a panic in f is recovered (__pdGo defers __pdRecover) while f
// and its arguments are still evaluated at the go statement, each into
// variables of their own call (a loop body at the top level would share
// them between iterations). The binding literal is an argument of the go
// call because yaegi evaluates a go statement's arguments at the
// statement, as Go does, but its function value in the new goroutine.
// The function is the declared __pdGo, not a literal: yaegi keeps a
// literal's value in its enclosing frame, and a go statement in a loop
// could read it as a nil function while the previous iteration's
// goroutine runs, which panicked outside any recover (about 2% of runs
// of the go_with_arguments idiom on a loaded machine). Calls of builtins
// (go println(x)), which have no function value, are left alone.
func guardGoWithArgs(g *ast.GoStmt, src func(ast.Node) string, resume func(token.Pos) string) (string, bool) {
	if id, ok := g.Call.Fun.(*ast.Ident); ok && isBuiltinIdent(id) {
		return "", false
	}
	at := resume(g.Pos())
	return at + "go __pdGo(" + boundCall(g.Call, "__pdg", at, src, resume) + ")" + resume(g.End()), true
}

// boundCall writes call as `func() func() { <p>f := f; <p>0 := x; ...;
// return func() { <p>f(<p>0, ...) } }()`: a function of no arguments that
// makes the call, with the function and its arguments evaluated where
// boundCall's text stands, each into a variable of its own (p prefixes
// their names). A builtin (`close(ch)`), which has no function value, is
// called by its name. at restores the call's position.
func boundCall(call *ast.CallExpr, p, at string, src func(ast.Node) string, resume func(token.Pos) string) string {
	var b strings.Builder
	b.WriteString("func() func() { " + at)
	fn := src(call.Fun)
	if id, ok := call.Fun.(*ast.Ident); !ok || !isBuiltinIdent(id) {
		b.WriteString(p + "f := " + fn + "; ")
		fn = p + "f"
	}
	args := make([]string, len(call.Args))
	for i, a := range call.Args {
		if isConstantSyntax(a) {
			// A constant is written in the call: bound to a variable it
			// took its default type, and `go s.Check(1, 2)` of int32
			// parameters did not compile, nor `go f(nil)`.
			args[i] = src(a)
			continue
		}
		args[i] = fmt.Sprintf("%s%d", p, i)
		b.WriteString(resume(a.Pos()) + args[i] + " := " + src(a) + "; ")
	}
	text := fn + "(" + strings.Join(args, ", ")
	if call.Ellipsis.IsValid() {
		text += "..."
	}
	b.WriteString(at + "return func() { " + text + ") } }()")
	return b.String()
}

// isConstantSyntax reports whether e is, by its syntax alone, an untyped
// constant or nil: a literal, or operators and parentheses over literals.
func isConstantSyntax(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.BasicLit:
		return true
	case *ast.Ident:
		return e.Name == "nil"
	case *ast.ParenExpr:
		return isConstantSyntax(e.X)
	case *ast.UnaryExpr:
		return e.Op != token.AND && e.Op != token.ARROW && isConstantSyntax(e.X)
	case *ast.BinaryExpr:
		return isConstantSyntax(e.X) && isConstantSyntax(e.Y)
	}
	return false
}

// commaOK rewrites `a, b := m[k]` and `a, b := x.(T)` as single-value
// definitions that evaluate m, k and x once. A name that defined says the
// chunk defined above is assigned instead (`v, ok := m["a"]; w, ok :=
// m["b"]` defines w and assigns ok, as Go does).
func commaOK(st *ast.AssignStmt, src func(ast.Node) string, resume func(token.Pos) string, n int, defined map[string]bool) (string, bool) {
	if st.Tok != token.DEFINE || len(st.Lhs) != 2 || len(st.Rhs) != 1 {
		return "", false
	}
	a, ok1 := st.Lhs[0].(*ast.Ident)
	b, ok2 := st.Rhs[0], true
	okName, ok3 := st.Lhs[1].(*ast.Ident)
	if !ok1 || !ok2 || !ok3 {
		return "", false
	}
	def := func(name string) string {
		if defined[name] {
			return name + " = "
		}
		return name + " := "
	}
	var parts []string
	at := resume(st.Pos())
	// Temporaries get a fresh name each time: := needs a new variable, and
	// yaegi mixes up a name that two function literals of one chunk
	// define (`ok` in an if's init run as a function, then here).
	m, k, tmp, okv := fmt.Sprintf("__pdm%d", n), fmt.Sprintf("__pdk%d", n), fmt.Sprintf("__pdx%d", n), fmt.Sprintf("__pdv%d", n)
	switch x := b.(type) {
	case *ast.IndexExpr:
		if keyAsWritten(x.Index, a.Name, okName.Name) {
			// A constant key keeps its constant type, which a
			// temporary would not (`v, ok := m[1]` of a map[int64]T,
			// `m[nil]` of a map keyed by pointers).
			k = "(" + src(x.Index) + ")"
			parts = append(parts, m+" := "+src(x.X))
		} else {
			parts = append(parts, m+", "+k+" := "+src(x.X)+", "+src(x.Index))
		}
		if a.Name != "_" {
			parts = append(parts, def(a.Name)+m+"["+k+"]")
		}
		if okName.Name != "_" {
			parts = append(parts, def(okName.Name)+"func() bool { _, "+okv+" := "+m+"["+k+"]; return "+okv+" }()")
		}
	case *ast.TypeAssertExpr:
		if x.Type == nil {
			return "", false
		}
		typ := src(x.Type)
		parts = append(parts, tmp+" := "+src(x.X))
		if a.Name != "_" {
			parts = append(parts, def(a.Name)+"func() "+typ+" { "+okv+", _ := "+tmp+".("+typ+"); return "+okv+" }()")
		}
		if okName.Name != "_" {
			parts = append(parts, def(okName.Name)+"func() bool { _, "+okv+" := "+tmp+".("+typ+"); return "+okv+" }()")
		}
	default:
		return "", false
	}
	for i := range parts {
		parts[i] = at + parts[i]
	}
	return strings.Join(parts, "; ") + resume(st.End()), true
}

// keyAsWritten reports whether commaOK may evaluate key e twice: an
// untyped constant or nil by its syntax, or a name other than the two
// that the definition assigns (a constant's name, or a variable's, which
// nothing changes in between).
func keyAsWritten(e ast.Expr, defined ...string) bool {
	if id, ok := ast.Unparen(e).(*ast.Ident); ok {
		for _, d := range defined {
			if id.Name == d {
				return false
			}
		}
		return true
	}
	return isConstantSyntax(e)
}

// loopBody returns the body of a for or range statement.
func loopBody(st ast.Stmt) *ast.BlockStmt {
	if r, ok := st.(*ast.RangeStmt); ok {
		return r.Body
	}
	return st.(*ast.ForStmt).Body
}

// loopVarCopies returns "i := i; " for each variable that loop st defines
// with := and that a function literal in its body captures or whose
// address the body takes (`ps = append(ps, &v)`), as Go 1.22 gives each
// iteration its own; in a three-clause loop, not when the body assigns
// it (a copy would then change what the next iteration sees); "" when
// there is none.
func loopVarCopies(st ast.Stmt) string {
	var vars []*ast.Ident
	switch st := st.(type) {
	case *ast.ForStmt:
		if init, ok := st.Init.(*ast.AssignStmt); ok && init.Tok == token.DEFINE {
			for _, l := range init.Lhs {
				if id, ok := l.(*ast.Ident); ok {
					vars = append(vars, id)
				}
			}
		}
	case *ast.RangeStmt:
		if st.Tok == token.DEFINE {
			for _, e := range []ast.Expr{st.Key, st.Value} {
				if id, ok := e.(*ast.Ident); ok {
					vars = append(vars, id)
				}
			}
		}
	}
	var b strings.Builder
	for _, v := range vars {
		if v.Name == "_" || v.Obj == nil {
			continue
		}
		captured, changed, addressed := false, false, false
		var walk func(n ast.Node, inFunc bool)
		walk = func(n ast.Node, inFunc bool) {
			ast.Inspect(n, func(c ast.Node) bool {
				switch c := c.(type) {
				case *ast.FuncLit:
					if c != n {
						walk(c.Body, true)
						return false
					}
				case *ast.Ident:
					captured = captured || inFunc && c.Obj == v.Obj
				case *ast.AssignStmt:
					for _, l := range c.Lhs {
						if id, ok := l.(*ast.Ident); ok && id.Obj == v.Obj && c.Tok != token.DEFINE {
							changed = true
						}
					}
				case *ast.IncDecStmt:
					if id, ok := c.X.(*ast.Ident); ok && id.Obj == v.Obj {
						changed = true
					}
				case *ast.UnaryExpr:
					if id, ok := c.X.(*ast.Ident); ok && id.Obj == v.Obj && c.Op == token.AND {
						addressed = true
					}
				}
				return true
			})
		}
		walk(loopBody(st), false)
		_, isRange := st.(*ast.RangeStmt)
		// A range loop's variables never carry a change to the next
		// iteration, so its copy is always right. A three-clause loop's
		// does, so its variable is copied only when the body does not
		// assign it (a change through &i is then the one miss).
		if isRange && (captured || addressed) || !isRange && (captured || addressed) && !changed {
			b.WriteString(" " + v.Name + " := " + v.Name + ";")
		}
	}
	return b.String()
}

// applyEdits applies edits to text, last first. An edit inside the range
// that another one replaces is dropped: the replacement was made from the
// original text.
func applyEdits(text string, edits []edit) string {
	kept := edits[:0:0]
	for _, e := range edits {
		inside := false
		for _, r := range edits {
			if r != e && r.end > r.off && (e.off > r.off && e.off < r.end || e.end > e.off && e.off >= r.off && e.end <= r.end) {
				inside = true
				break
			}
		}
		if !inside {
			kept = append(kept, e)
		}
	}
	edits = kept
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].off > edits[j].off })
	for _, e := range edits {
		if e.off < 0 || e.end > len(text) || e.end < e.off {
			return text // positions do not match the text: leave it alone
		}
		text = text[:e.off] + e.text + text[e.end:]
	}
	return text
}

// goPanic reports a panic recovered in a cell's goroutine. yaegi printed
// the goroutine's frames while it unwound; they become the report's
// traceback.
func (s *Session) goPanic(r any) {
	var b strings.Builder
	msg := strings.TrimSpace(fmt.Sprint(r))
	if strings.HasPrefix(msg, "reflect") {
		msg += s.oldValueHint(msg)
	}
	fmt.Fprintf(&b, "panic in a goroutine: %s\n", msg)
	for _, f := range s.route.takeFrames() {
		if f = s.decodePositions(f); !strings.Contains(f, " in __pd") {
			b.WriteString("\t" + f + "\n")
		}
	}
	b.WriteString("(recovered by petridish: the goroutine stopped, the session goes on)\n")
	s.route.get().Stream("stderr", b.String())
}

// redefinitionAsAssignment reports whether top-level definition a, `x :=
// v`, defines again a variable x of an earlier cell with a value of x's
// type, and returns the position of its ":=". Such a definition runs as
// the assignment `x = v`, so that x stays one variable, as a notebook
// user expects (IPython's globals): rerunning `lr := 0.01` after a cell
// declared `func step(w float64) float64 { return w - lr*w }` made a new
// lr that step, and closures and goroutines of earlier cells, never saw;
// and a panic in v left x at its zero value instead of its last one.
// A value of another type, or one whose type the source does not tell
// (exprType), still defines a new x, as Go would.
func (s *Session) redefinitionAsAssignment(a *ast.AssignStmt, defined map[string]bool) (token.Pos, bool) {
	if a.Tok != token.DEFINE || len(a.Lhs) != 1 || len(a.Rhs) != 1 {
		return token.NoPos, false
	}
	x, ok := a.Lhs[0].(*ast.Ident)
	if !ok || x.Name == "_" || defined[x.Name] {
		return token.NoPos, false
	}
	if d, ok := s.state.decls[x.Name]; !ok || d.kind != "var" {
		return token.NoPos, false
	}
	old, ok := s.interp.Globals()[x.Name]
	if !ok || !old.IsValid() {
		return token.NoPos, false
	}
	if t := s.exprType(a.Rhs[0]); t == nil || t != old.Type() {
		return token.NoPos, false
	}
	return a.TokPos, true
}
