package interp

// spreadBuiltinResults gives n, a call of a builtin whose one argument is
// a call of several results, those results as its arguments, as Go does
// for f(g()) of a builtin f (copy(f()), delete(f()), complex(f()),
// append(f())): each result after the first is a node of the frame slot
// the call stores it in, next to the first (the call's own value).
// petridish: the builtins read only the first result ("index out of
// range" at compile time, or in copy and delete at run time).
func spreadBuiltinResults(n *node) {
	if len(n.child) != 2 || !isCall(n.child[1]) || n.action == aCallSlice {
		return
	}
	switch n.child[0].ident {
	case bltnAppend, bltnComplex, bltnCopy, bltnDelete, bltnPrint, bltnPrintln:
	default:
		return
	}
	c := n.child[1]
	ft := c.child[0].typ
	if ft == nil || ft.numOut() < 2 || c.findex == notInFrame || c.findex < 0 {
		return
	}
	for i := 1; i < ft.numOut(); i++ {
		t := ft.out(i)
		if t == nil {
			return
		}
		r := &node{kind: identExpr, interp: n.interp, pos: c.pos, anc: n, typ: t, findex: c.findex + i, level: c.level, gen: nop, meta: spreadResult{}}
		r.start = r
		n.child = append(n.child, r)
	}
}

// spreadResult marks the nodes of results that spreadBuiltinResults adds.
type spreadResult struct{}

// isSpreadCall reports whether c, a call of several results, gives them
// all to the builtin it is the argument of (spreadBuiltinResults).
func isSpreadCall(c *node) bool {
	if a := c.anc; a != nil && len(a.child) > 2 && a.child[1] == c {
		_, ok := a.child[2].meta.(spreadResult)
		return ok
	}
	return false
}
