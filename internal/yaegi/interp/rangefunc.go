package interp

import (
	"fmt"
	"go/constant"
	"iter"
	"reflect"
	"slices"
)

// Range over an integer (Go 1.22) and over a function (Go 1.23), which
// yaegi v0.16.1 refused ("nil type"). petridish.
//
// A loop over an integer n counts in a slot of its own from 0 to n, n
// evaluated once, and gives each iteration's variable the count, of n's
// type (a named integer type's, or int for an untyped constant).
//
// A loop over a function runs the function as a coroutine (iter.Pull):
// each iteration resumes it until it calls its yield function, whose
// arguments are the iteration's variables, and the loop's body runs in the
// loop's own frame. So a body's break, continue, return, goto, labelled
// branches to outer loops and defer mean what they mean in Go with no
// rewriting of the body. When the loop ends early (break, return, a
// branch out of it, a panic), the yield function returns false to the
// function, which then runs to its end before the loop's statement is
// left: at the loop's end node for a break, at the branch for a labelled
// break or continue, and when the frame ends for a return, goto or panic.
// A function that calls yield again after it returned false panics with
// Go's runtime error.

// rangeFuncYield returns the yield function's type of a loop over t,
// nil when t is not a function type, or an error that says, in Go's
// words, why a function of type t cannot be ranged over.
func rangeFuncYield(t *itype) (*itype, error) {
	if t == nil {
		return nil, nil
	}
	u := t.underlying()
	if !(u.cat == funcT || u.cat == valueT && u.rtype != nil && u.rtype.Kind() == reflect.Func) {
		return nil, nil
	}
	const must = "func must be func(yield func(...) bool): "
	if u.numIn() != 1 {
		return nil, fmt.Errorf(must + "wrong argument count")
	}
	if u.numOut() != 0 {
		return nil, fmt.Errorf(must + "wrong result count")
	}
	y := u.in(0)
	if y == nil || y.cat == variadicT {
		return nil, fmt.Errorf(must + "argument is not func")
	}
	yu := y.underlying()
	if !(yu.cat == funcT || yu.cat == valueT && yu.rtype != nil && yu.rtype.Kind() == reflect.Func) {
		return nil, fmt.Errorf(must + "argument is not func")
	}
	if yu.numIn() > 2 {
		return nil, fmt.Errorf(must + "yield func has too many parameters")
	}
	for i := 0; i < yu.numIn(); i++ {
		if yu.in(i).cat == variadicT {
			return nil, fmt.Errorf(must + "yield func is variadic")
		}
	}
	if yu.numOut() != 1 || yu.out(0).TypeOf().Kind() != reflect.Bool {
		return nil, fmt.Errorf(must + "yield func does not return bool")
	}
	if yu.out(0).TypeOf() != reflect.TypeFor[bool]() {
		return nil, fmt.Errorf(must + "yield func returns user-defined boolean, not bool")
	}
	return yu, nil
}

// rangeIntType returns the type of the variable of a loop over an
// integer of type t (its default type, int, for an untyped constant), nil
// when t is not an integer type.
func rangeIntType(t *itype, sc *scope) *itype {
	if t == nil {
		return nil
	}
	if t.untyped {
		if t.cat == float64T || t.cat == complex128T {
			return nil // Go: cannot range over 1e3 (untyped float constant)
		}
		t = t.defaultType(reflect.Value{}, sc)
	}
	if !isInt(t.TypeOf()) {
		return nil
	}
	return t
}

// rangeFuncIter is the state of one run of a loop over a function.
type rangeFuncIter struct {
	next func() ([]reflect.Value, bool)
	stop func()
	// exited is set when yield returned false: the loop has ended.
	exited bool
	// done is set when the loop's statement is left: the function ran
	// to its end.
	done bool
	// bodyPanic is the panic of the loop's body, which ended the loop.
	bodyPanic any
}

var rangeFuncIterType = reflect.TypeFor[*rangeFuncIter]()

// startRangeFunc starts a loop over fn, whose yield function has type
// yield.
func startRangeFunc(fn reflect.Value, yield reflect.Type) *rangeFuncIter {
	if !fn.IsValid() || fn.IsNil() {
		panic(runtimeError("invalid memory address or nil pointer dereference"))
	}
	it := &rangeFuncIter{}
	results := [2][]reflect.Value{ // yield's results, false and true
		{reflect.New(yield.Out(0)).Elem()},
		{reflect.New(yield.Out(0)).Elem()},
	}
	results[1][0].SetBool(true)
	seq := func(pull func([]reflect.Value) bool) {
		body := func(args []reflect.Value) []reflect.Value {
			if it.exited {
				panic(runtimeError("range function continued iteration after function for loop body returned false"))
			}
			ok := pull(args)
			if !ok {
				it.exited = true
				if it.bodyPanic != nil {
					// The loop's body panicked: the panic goes on through
					// the function, as in Go, and runs its deferred calls.
					panic(it.bodyPanic)
				}
			}
			if ok {
				return results[1]
			}
			return results[0]
		}
		noteYieldBody(body)
		fn.Call([]reflect.Value{reflect.MakeFunc(yield, body)})
	}
	it.next, it.stop = iter.Pull(seq)
	return it
}

// end ends the loop's run of the function, which runs to its end (its
// yield function returns false if it was waiting in it). A panic of the
// function goes on from here.
func (it *rangeFuncIter) end() {
	if it.done {
		return
	}
	it.done = true
	it.exited = true
	it.stop()
}

// runningRangeFunc returns the run of a function that a loop keeps in
// slot of frame f, if it has not ended.
func runningRangeFunc(f *frame, slot int) *rangeFuncIter {
	if slot >= len(f.data) || !f.data[slot].IsValid() {
		return nil
	}
	it, ok := f.data[slot].Interface().(*rangeFuncIter)
	if !ok || it == nil || it.done {
		return nil
	}
	return it
}

// endRangeFuncs ends the loops over functions that are still running in
// frame f, whose function keeps them in slots, the innermost (the last
// slot) first: the function returns, panics or left them with goto. The
// first panic of a function goes on, if f has no panic of its own (r).
func endRangeFuncs(f *frame, slots []int, r any) (panicked any) {
	for i := len(slots) - 1; i >= 0; i-- {
		it := runningRangeFunc(f, slots[i])
		if it == nil {
			continue
		}
		func() {
			defer func() {
				if p := recover(); p != nil && r == nil && panicked == nil {
					panicked = p
				}
			}()
			it.bodyPanic = r
			it.end()
		}()
	}
	return panicked
}

// rangeFunc generates the loop node n over a function: its init (the
// key's node) starts the function, each pass resumes it for the next
// values of the loop's variables.
func rangeFunc(n *node) {
	k, o := n.child[0], n.child[1]
	var v *node
	if len(n.child) == 4 {
		v, o = n.child[1], n.child[2]
	}
	slot := k.findex - 1 // the loop's state, just before the key
	fnext := getExec(n.fnext)
	tnext := getExec(n.tnext)
	fn := genValueAsFunctionWrapper(o)
	yield, _ := rangeFuncYield(o.typ)
	yieldType := o.typ.TypeOf().In(0)
	setters := []func(f *frame, arg reflect.Value){}
	for i, c := range []*node{k, v} {
		if c == nil || i >= yield.numIn() {
			break
		}
		if c.ident == "_" {
			setters = append(setters, nil)
			continue
		}
		index, typ := c.findex, c.typ
		setters = append(setters, func(f *frame, arg reflect.Value) { setCompiledArg(f.data[index], typ, arg) })
	}

	n.exec = func(f *frame) bltn {
		it := f.data[slot].Interface().(*rangeFuncIter)
		args, ok := it.next()
		if !ok {
			return fnext
		}
		for i, set := range setters {
			if set != nil {
				set(f, args[i])
			}
		}
		return tnext
	}
	next := n.exec
	k.exec = func(f *frame) bltn {
		if old := runningRangeFunc(f, slot); old != nil {
			old.end() // left by a branch to an enclosing loop
		}
		f.data[slot].Set(reflect.ValueOf(startRangeFunc(fn(f), yieldType)))
		return next
	}
}

// rangeFuncExit generates node n, which leaves the loops over functions
// loops (their statements): each function runs to its end, the innermost
// first, before n goes on. n is a loop's own statement, which its end
// and its breaks pass, or a labelled break, continue or goto out of them.
func rangeFuncExit(n *node, loops []*node) {
	slots := make([]int, len(loops))
	for i, l := range loops {
		slots[i] = l.child[0].child[0].findex - 1 // the loop's state, just before its key
	}
	tnext := getExec(n.tnext)
	n.exec = func(f *frame) bltn {
		for _, slot := range slots {
			if it := runningRangeFunc(f, slot); it != nil {
				it.end()
			}
		}
		return tnext
	}
}

// rangeFuncsExited returns the statements of the loops over functions
// that branch n leaves to reach target (a loop statement, or the labelled
// statement of one), the innermost first: the target loop itself for a
// break, not for a continue (cont).
func rangeFuncsExited(n, target *node, cont bool) []*node {
	loop := target
	if target.kind == labeledStmt && len(target.child) > 1 {
		loop = target.child[1]
	}
	var exits []*node
	for a := n.anc; a != nil && a != target; a = a.anc {
		if a.kind == funcLit || a.kind == funcDecl || a == loop && cont {
			break
		}
		if isRangeFuncStmt(a) {
			exits = append(exits, a)
		}
	}
	return exits
}

// isRangeFuncStmt reports whether n is the statement of a loop over a
// function.
func isRangeFuncStmt(n *node) bool {
	if n.kind != forRangeStmt || len(n.child) == 0 || n.child[0].kind != rangeStmt {
		return false
	}
	r := n.child[0]
	if len(r.child) < 3 {
		return false
	}
	yield, err := rangeFuncYield(r.child[len(r.child)-2].typ)
	return yield != nil && err == nil
}

// rangeIntLoop generates the loop node n over an integer: its init (the
// key's node) evaluates the bound once into its slot and the count's,
// each pass counts one more.
func rangeIntLoop(n *node) {
	k, o := n.child[0], n.child[1]
	countSlot, boundSlot := k.findex-2, k.findex-1
	fnext := getExec(n.fnext)
	tnext := getExec(n.tnext)
	bound := genValue(o)
	setKey := func(f *frame, i int64) {}
	if k.ident != "_" {
		index := k.findex
		if isUint(k.typ.TypeOf()) {
			setKey = func(f *frame, i int64) { f.data[index].SetUint(uint64(i)) }
		} else {
			setKey = func(f *frame, i int64) { f.data[index].SetInt(i) }
		}
	}
	n.exec = func(f *frame) bltn {
		c := f.data[countSlot]
		i := c.Int() + 1
		if uint64(i) >= f.data[boundSlot].Uint() || i < 0 {
			return fnext
		}
		c.SetInt(i)
		setKey(f, i)
		return tnext
	}
	next := n.exec
	k.exec = func(f *frame) bltn {
		f.data[boundSlot].SetUint(rangeIntBound(bound(f)))
		f.data[countSlot].SetInt(-1)
		return next
	}
}

// rangeIntBound returns the number of iterations of a loop over b: b
// itself, 0 for a negative b. An unsigned bound past the largest int64
// counts to that (the count is an int64).
func rangeIntBound(b reflect.Value) uint64 {
	if cv, ok := b.Interface().(constant.Value); ok {
		x, _ := constant.Int64Val(constant.ToInt(cv))
		return uint64(max(x, 0))
	}
	switch {
	case b.CanInt():
		return uint64(max(b.Int(), 0))
	case b.CanUint():
		return min(b.Uint(), 1<<63-1)
	}
	return 0
}

// rangeFuncOrInt defines the variables of the loop r when it ranges over
// a function or an integer, and its generator; false when it ranges over
// something else. It runs at the pre-order of the loop's body, when the
// ranged expression is compiled.
func (sc *scope) rangeFuncOrInt(r *node) (bool, error) {
	var k, v, o *node
	if len(r.child) == 4 {
		k, v, o = r.child[0], r.child[1], r.child[2]
	} else {
		k, o = r.child[0], r.child[1]
	}
	define := func(c *node, t *itype) {
		index := sc.add(t)
		if c.ident != "_" {
			sc.sym[c.ident] = &symbol{index: index, kind: varSym, typ: t}
		}
		c.typ = t
		c.findex = index
	}
	yield, err := rangeFuncYield(o.typ)
	if err != nil {
		return false, o.cfgErrorf("cannot range over %s: %v", goOperand(o), err)
	}
	if yield != nil {
		n := yield.numIn()
		switch {
		case n == 0 && (k.ident != "_" || v != nil):
			return false, o.cfgErrorf("range over %s permits no iteration variables", goOperand(o))
		case n == 1 && v != nil:
			return false, o.cfgErrorf("range over %s permits only one iteration variable", goOperand(o))
		}
		r.gen = rangeFunc
		slot := sc.add(valueTOf(rangeFuncIterType)) // the loop's state, just before the key
		if owner := rangeFuncOwner(r); !slices.Contains(owner.rangeFuncs, slot) {
			owner.rangeFuncs = append(owner.rangeFuncs, slot)
		}
		kt := sc.getType("int") // a `_` key of a yield without parameters
		if n > 0 {
			kt = yield.in(0)
		}
		define(k, kt)
		if v != nil {
			define(v, yield.in(1))
		}
		return true, nil
	}
	kt := rangeIntType(o.typ, sc)
	if kt == nil {
		return false, nil
	}
	if v != nil {
		return false, o.cfgErrorf("range over %s permits only one iteration variable", goOperand(o))
	}
	r.gen = rangeIntLoop
	sc.add(sc.getType("int"))    // the count
	sc.add(sc.getType("uint64")) // the bound
	define(k, kt)
	return true, nil
}

// rangeFuncsLeftByGoto makes goto g, to labelled statement label, end the
// loops over functions it leaves: those it is in and label is not.
func rangeFuncsLeftByGoto(g, label *node) {
	var exits []*node
	for a := g.anc; a != nil && a.kind != funcLit && a.kind != funcDecl; a = a.anc {
		if isRangeFuncStmt(a) && !label.hasAnc(a) {
			exits = append(exits, a)
		}
	}
	if len(exits) > 0 {
		g.gen = func(n *node) { rangeFuncExit(n, exits) }
	}
}

// rangeFuncOwner returns the node whose frame holds the loop r: the
// function (declared or literal) r is in, or the root of the program at
// the top level; runCfg is given it, and ends its loops over functions
// when the frame ends (endRangeFuncs).
func rangeFuncOwner(r *node) *node {
	n := r
	for n.anc != nil && n.kind != funcDecl && n.kind != funcLit {
		n = n.anc
	}
	return n
}
