package interp

// petridish: this file is not yaegi's.

import (
	"reflect"
	"slices"
	"sync"
	"sync/atomic"
	"unsafe"
)

// A closure made by interpreted code is a Go func, made by reflect.MakeFunc
// of its body (getFunc), so that compiled code can call it; interpreted
// code called it the same way, through reflect.Value.Call, which copies
// every argument and result into new allocations twice over. closureBody
// finds the body in the func itself, so that interpreted code calls it
// directly, at no cost to making a closure.
//
// A func value is a pointer to an object whose first word is the code to
// run. For a func that reflect.MakeFunc made, the code is the same for all
// (reflect's makeFuncStub), and the object is reflect's makeFuncImpl,
// which holds the func given to MakeFunc at an offset that init finds by
// making one; for getFunc's bodies, that func's code is the code of
// getFunc's body literal. Where init cannot find the offset, closureBody
// finds nothing and closures are called through reflect, as before.
var (
	makeFuncCode     uintptr        // the code of every func MakeFunc makes
	makeFuncImplFunc uintptr        // the offset of the func given to MakeFunc in its object
	closureBodyCode  atomic.Uintptr // the code of getFunc's body closures
	yieldBodyCode    atomic.Uintptr // the code of the yield functions of loops over functions (rangefunc.go)
)

type closureBodyFunc = func([]reflect.Value) []reflect.Value

func init() {
	probe := closureBodyFunc(func([]reflect.Value) []reflect.Value { return nil })
	w := funcWord(reflect.MakeFunc(reflect.TypeOf(func() {}), probe))
	makeFuncCode = *(*uintptr)(w)
	want := *(*unsafe.Pointer)(unsafe.Pointer(&probe))
	// makeFuncImpl is six words on amd64 and arm64, the func the last.
	for off := uintptr(unsafe.Sizeof(uintptr(0))); off < 8*unsafe.Sizeof(uintptr(0)); off += unsafe.Sizeof(uintptr(0)) {
		if *(*unsafe.Pointer)(unsafe.Add(w, off)) == want {
			makeFuncImplFunc = off
			return
		}
	}
}

// funcWord returns the word of a func value: a pointer to its object.
func funcWord(fn reflect.Value) unsafe.Pointer {
	i := fn.Interface()
	return (*[2]unsafe.Pointer)(unsafe.Pointer(&i))[1]
}

// noteClosureBody records the code of getFunc's body closures, of which
// body is one.
func noteClosureBody(body closureBodyFunc) {
	if closureBodyCode.Load() == 0 {
		closureBodyCode.Store(**(**uintptr)(unsafe.Pointer(&body)))
	}
}

// noteYieldBody records the code of the yield functions that loops over
// functions give them, of which body is one, which interpreted code calls
// as it calls closures.
func noteYieldBody(body closureBodyFunc) {
	if yieldBodyCode.Load() == 0 {
		yieldBodyCode.Store(**(**uintptr)(unsafe.Pointer(&body)))
	}
}

// closureBody returns the body of fn if interpreted code made it as a
// closure (getFunc), or it is the yield function of a loop over a
// function, and it is not variadic, else nil.
func closureBody(fn reflect.Value) closureBodyFunc {
	code := closureBodyCode.Load()
	if makeFuncImplFunc == 0 || code == 0 && yieldBodyCode.Load() == 0 || fn.Kind() != reflect.Func || fn.IsNil() || !fn.CanInterface() {
		return nil
	}
	w := funcWord(fn)
	if *(*uintptr)(w) != makeFuncCode {
		return nil
	}
	bw := *(*unsafe.Pointer)(unsafe.Add(w, makeFuncImplFunc))
	if bw == nil || fn.Type().IsVariadic() {
		return nil
	}
	if c := *(*uintptr)(bw); c == 0 || c != code && c != yieldBodyCode.Load() {
		return nil
	}
	return *(*closureBodyFunc)(unsafe.Pointer(&bw))
}

// callClosureBody calls body, a closure's body, with the values of args
// made into the types of fn's parameters, as reflect.Value.Call would.
func callClosureBody(fn reflect.Value, body closureBodyFunc, args []reflect.Value) []reflect.Value {
	ft := fn.Type()
	for i, a := range args {
		if t := ft.In(i); a.Type() != t {
			c := reflect.New(t).Elem()
			c.Set(a)
			args[i] = c
		}
	}
	return body(args)
}

// captured is what a closure made of a function literal keeps of the
// frame it is made in (frame.clone).
type captured struct {
	slots    []int // the indices of the values its body uses
	recovers bool  // its body calls recover, which reads the frame's panic
}

// capturedSlots returns the indices of the values of the frame where lit,
// a function literal, is made that its body reads or writes, itself or in
// the literals nested in it: the values its closure keeps (frame.clone);
// and whether its body calls recover. A node at depth d of nested
// literals (1 in lit's body) with level d refers to that frame.
func capturedSlots(lit *node) *captured {
	c := &captured{}
	for _, ch := range lit.child {
		walkFrameRefs(ch, 1, func(n *node, d int, slot int) {
			if slot >= 0 {
				c.slots = append(c.slots, slot)
			}
			if d == 1 && n.kind == callExpr && len(n.child) > 0 && n.child[0].ident == bltnRecover {
				c.recovers = true
			}
		})
	}
	slices.Sort(c.slots)
	c.slots = slices.Compact(c.slots)
	return c
}

// walkFrameRefs calls visit for each node under root, at depth d of
// nested function literals (it grows by one inside each), each node
// once: with slot, the index of a value of the frame at depth 0 that the
// node refers to (a node of level d, by its frame index and by its local
// symbol's), or -1 with no such value.
func walkFrameRefs(root *node, d int, visit func(n *node, d, slot int)) {
	seen := map[*node]bool{} // a generic's nodes can be reached twice
	var walk func(n *node, d int)
	walk = func(n *node, d int) {
		if seen[n] {
			return
		}
		seen[n] = true
		visit(n, d, -1)
		if d > 0 && n.level == d {
			if n.findex >= 0 {
				visit(n, d, n.findex)
			}
			if n.sym != nil && !n.sym.global && n.sym.index >= 0 {
				visit(n, d, n.sym.index)
			}
		}
		if n.kind == funcLit {
			d++
		}
		for _, c := range n.child {
			walk(c, d)
		}
	}
	walk(root, d)
}

// capturedSlotsOnce returns capturedSlots(lit), computed at its first
// call, when lit has been compiled.
func capturedSlotsOnce(lit *node) func() *captured {
	return sync.OnceValue(func() *captured { return capturedSlots(lit) })
}

// capturedByClosures returns the indices of the values of fn's frame (a
// function's or a literal's) that the function literals in its body use,
// found at its first call (capturedByClosuresOnce):
// a call of fn gives each its own storage (newFrameFor), not a field of
// the frame's struct of values, so that a closure kept after the call
// keeps that storage alone, not the whole frame.
func capturedByClosures(fn *node) []int {
	var slots []int
	for _, c := range fn.child {
		walkFrameRefs(c, 0, func(_ *node, _, slot int) {
			if slot >= 0 {
				slots = append(slots, slot)
			}
		})
	}
	slices.Sort(slots)
	return slices.Compact(slots)
}

// capturedByClosuresOnce returns capturedByClosures(fn), computed at its
// first call, when fn has been compiled.
func capturedByClosuresOnce(fn *node) func() []int {
	return sync.OnceValue(func() []int { return capturedByClosures(fn) })
}

// freshStorageOnce returns whether each execution of a definition of
// dest (`y := v`) must give the variable new storage, decided at its
// first execution (needsFreshStorage), when the function it is in has
// been compiled.
func freshStorageOnce(dest *node) func() bool {
	return sync.OnceValue(func() bool { return needsFreshStorage(dest) })
}

// needsFreshStorage reports whether a definition of dest (`y := v`) must
// give the variable new storage at each execution, as yaegi always did,
// so that what holds the previous storage keeps its value: a closure
// that uses the variable, or a pointer to it. petridish: where neither
// can hold it, the storage is set in place, and a loop whose body
// defines a variable (`y := float64(i) * 2`) makes no allocation per
// iteration for it (it took twice the CPU of the same loop assigning a
// variable declared before it). The variable must be of a predeclared
// basic type, whose value nothing else (a method with a pointer
// receiver, a slice of an array) can hold by reference, defined in a
// function's frame; a use by a function literal anywhere in that
// function, or its address taken anywhere, keeps the new storage.
func needsFreshStorage(dest *node) bool {
	if dest == nil || dest.findex < 0 || dest.level != 0 || dest.ident == "_" || !predeclaredBasic(dest.typ) {
		return true
	}
	fn := dest.anc
	for fn != nil && fn.kind != funcDecl && fn.kind != funcLit {
		fn = fn.anc
	}
	if fn == nil {
		return true // a variable of the global frame, which other cells' functions may use
	}
	slot, fresh := dest.findex, false
	for _, c := range fn.child {
		walkFrameRefs(c, 0, func(n *node, d, s int) {
			switch {
			case s == slot:
				fresh = true // used by a function literal
			case d == 0 && n.action == aAddr && len(n.child) > 0:
				if x := n.child[0]; x.kind == identExpr && x.level == 0 && x.findex == slot {
					fresh = true // &y
				}
			}
		})
	}
	return fresh
}

// predeclaredBasic reports whether t is a predeclared boolean, numeric
// or string type (not a defined one, whose methods may take its address).
func predeclaredBasic(t *itype) bool {
	if t == nil || t.cat == valueT || t.cat == linkedT || isNamedCellType(t) || t.untyped {
		return false
	}
	rt := t.TypeOf()
	if rt == nil || rt.Name() == "" || rt.PkgPath() != "" {
		return false
	}
	switch rt.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128, reflect.String:
		return true
	}
	return false
}
