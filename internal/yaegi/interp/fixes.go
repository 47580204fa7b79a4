package interp

// petridish: this file is not yaegi's: fixes of calls, defers and
// definitions that yaegi ran differently from Go.

import "reflect"

// hasNamedResults reports whether function def (a declaration or a
// literal) names its results.
func hasNamedResults(def *node) bool {
	if def == nil || len(def.child) < 3 {
		return false
	}
	ft := def.child[2] // type parameters, parameters, results
	if ft.kind != funcType || len(ft.child) < 3 {
		return false
	}
	for _, field := range ft.child[2].child {
		if len(field.child) > 1 {
			return true
		}
	}
	return false
}

// callDeferred runs deferred call val of frame f. petridish: a panic in
// it becomes f's panic, which the calls deferred before it can recover,
// as in Go; it escaped them.
func callDeferred(f *frame, val []reflect.Value) {
	defer func() {
		if r := recover(); r != nil {
			f.mutex.Lock()
			f.recovered = r
			f.mutex.Unlock()
		}
	}()
	val[0].Call(val[1:])
}

// redefineFirst makes n's exec, the comma-ok form (`v, ok := m[k]`,
// `x.(T)`, `<-ch`) of a definition, give the variables it defines new
// storage first, as the other definitions do (assignFromCall), so that a
// closure made in an earlier iteration of a loop keeps its own.
// petridish: they shared one variable across iterations.
func redefineFirst(n *node) {
	def := n.anc
	if def == nil || def.kind != defineXStmt || n.exec == nil {
		return
	}
	type slot struct{ level, index int }
	var slots []slot
	for _, c := range def.child[:len(def.child)-1] {
		if c.ident != "_" && !c.redeclared {
			slots = append(slots, slot{c.level, c.findex})
		}
	}
	if len(slots) == 0 {
		return
	}
	exec := n.exec
	n.exec = func(f *frame) bltn {
		for _, s := range slots {
			data := getFrame(f, s.level).data
			data[s.index] = reflect.New(data[s.index].Type()).Elem()
		}
		return exec(f)
	}
}
