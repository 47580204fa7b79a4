package interp

// petridish: this file is not yaegi's.
//
// Fast paths for the arithmetic, comparisons and assignment operators
// of numbers whose operands are constants or variables and temporaries of
// the function's own frame or the global one, which loops are made of.
// The operators of op.go read each operand through two closures
// (genValueInt and genValue's valueGenerator) and write the result
// through another; the functions here read the frame's values directly.
// They compute what op.go computes, in the same way (in int64, uint64 or
// float64, stored with SetInt, SetUint or SetFloat, which truncate to
// the type's size), so overflow, division by zero, NaN and named types
// behave as they did; an operator they do not cover keeps op.go's code.

import (
	"reflect"
)

// numClass is the class of a numeric kind that op.go computes in: int64,
// uint64 or float64.
type numClass int

const (
	classNone numClass = iota
	classInt
	classUint
	classFloat
)

func classOf(t reflect.Type) numClass {
	if t == nil {
		return classNone
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return classInt
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return classUint
	case reflect.Float32, reflect.Float64:
		return classFloat
	}
	return classNone
}

// fastSlot is a value that genValue reads: the index i of the
// function's own frame (level 0) or of the global frame, or a constant.
type fastSlot struct {
	i      int
	global bool
	konst  bool
	v      reflect.Value
}

func (s *fastSlot) get(f *frame) reflect.Value {
	if s.konst {
		return s.v
	}
	if s.global {
		return f.root.data[s.i]
	}
	return f.data[s.i]
}

// slotOf returns the slot that genValue(n) reads when it reads one of
// the current frame or the global one (and not a constant, a function
// or a frame of an enclosing function).
func slotOf(n *node) (fastSlot, bool) {
	for {
		if n.kind == basicLit || n.kind == funcDecl || n.rval.IsValid() {
			return fastSlot{}, false
		}
		if n.sym == nil {
			break
		}
		i := n.sym.index
		if i < 0 && n != n.sym.node {
			n = n.sym.node
			continue
		}
		if n.sym.global {
			return fastSlot{i: i, global: true}, i >= 0
		}
		return levelSlot(n, i)
	}
	if n.findex == notInFrame {
		return fastSlot{}, false
	}
	return levelSlot(n, n.findex)
}

func levelSlot(n *node, i int) (fastSlot, bool) {
	switch {
	case i < 0:
		return fastSlot{}, false
	case n.level == globalFrame:
		return fastSlot{i: i, global: true}, true
	case n.level == 0:
		return fastSlot{i: i}, true
	}
	return fastSlot{}, false
}

// operandOf returns n as an operand of class c, as op.go reads it: a
// constant converted with vInt, vUint or vFloat, or a slot whose static
// type is of class c.
func operandOf(n *node, c numClass) (fastSlot, bool) {
	if n.rval.IsValid() {
		switch c {
		case classInt:
			return fastSlot{konst: true, v: reflect.ValueOf(vInt(n.rval))}, true
		case classUint:
			return fastSlot{konst: true, v: reflect.ValueOf(vUint(n.rval))}, true
		case classFloat:
			return fastSlot{konst: true, v: reflect.ValueOf(vFloat(n.rval))}, true
		}
		return fastSlot{}, false
	}
	if n.typ == nil || classOf(n.typ.TypeOf()) != c {
		return fastSlot{}, false
	}
	return slotOf(n)
}

// plainOutput reports whether genValueOutput(n, t) is genValue(n): the
// result is not wrapped for an interface.
func plainOutput(n *node) bool {
	if n.anc == nil {
		return true
	}
	if n.anc.action == aAssign && n.anc.typ != nil && n.anc.typ.cat == interfaceT {
		return false
	}
	if n.anc.kind == returnStmt {
		return false
	}
	return true
}

// fastArith: the binary arithmetic operators of op.go (add, sub, mul,
// quo, rem, and, or, xor, andNot) of numbers.
func fastArith(n *node) bool {
	if n.typ == nil || len(n.child) != 2 || n.rval.IsValid() || !plainOutput(n) {
		return false
	}
	t := n.typ.TypeOf()
	if t == nil || n.typ.concrete().TypeOf() != t {
		return false
	}
	c := classOf(t)
	if c == classNone || c == classFloat && (n.action == aRem || n.action == aAnd || n.action == aOr || n.action == aXor || n.action == aAndNot) {
		return false
	}
	dest, ok := slotOf(n)
	if !ok {
		return false
	}
	o0, ok0 := operandOf(n.child[0], c)
	o1, ok1 := operandOf(n.child[1], c)
	if !ok0 || !ok1 {
		return false
	}
	next := getExec(n.tnext)
	switch c {
	case classInt:
		switch n.action {
		case aAdd:
			n.exec = func(f *frame) bltn { dest.get(f).SetInt(o0.get(f).Int() + o1.get(f).Int()); return next }
		case aSub:
			n.exec = func(f *frame) bltn { dest.get(f).SetInt(o0.get(f).Int() - o1.get(f).Int()); return next }
		case aMul:
			n.exec = func(f *frame) bltn { dest.get(f).SetInt(o0.get(f).Int() * o1.get(f).Int()); return next }
		case aQuo:
			n.exec = func(f *frame) bltn { dest.get(f).SetInt(o0.get(f).Int() / o1.get(f).Int()); return next }
		case aRem:
			n.exec = func(f *frame) bltn { dest.get(f).SetInt(o0.get(f).Int() % o1.get(f).Int()); return next }
		case aAnd:
			n.exec = func(f *frame) bltn { dest.get(f).SetInt(o0.get(f).Int() & o1.get(f).Int()); return next }
		case aOr:
			n.exec = func(f *frame) bltn { dest.get(f).SetInt(o0.get(f).Int() | o1.get(f).Int()); return next }
		case aXor:
			n.exec = func(f *frame) bltn { dest.get(f).SetInt(o0.get(f).Int() ^ o1.get(f).Int()); return next }
		case aAndNot:
			n.exec = func(f *frame) bltn { dest.get(f).SetInt(o0.get(f).Int() &^ o1.get(f).Int()); return next }
		}
	case classUint:
		switch n.action {
		case aAdd:
			n.exec = func(f *frame) bltn { dest.get(f).SetUint(o0.get(f).Uint() + o1.get(f).Uint()); return next }
		case aSub:
			n.exec = func(f *frame) bltn { dest.get(f).SetUint(o0.get(f).Uint() - o1.get(f).Uint()); return next }
		case aMul:
			n.exec = func(f *frame) bltn { dest.get(f).SetUint(o0.get(f).Uint() * o1.get(f).Uint()); return next }
		case aQuo:
			n.exec = func(f *frame) bltn { dest.get(f).SetUint(o0.get(f).Uint() / o1.get(f).Uint()); return next }
		case aRem:
			n.exec = func(f *frame) bltn { dest.get(f).SetUint(o0.get(f).Uint() % o1.get(f).Uint()); return next }
		case aAnd:
			n.exec = func(f *frame) bltn { dest.get(f).SetUint(o0.get(f).Uint() & o1.get(f).Uint()); return next }
		case aOr:
			n.exec = func(f *frame) bltn { dest.get(f).SetUint(o0.get(f).Uint() | o1.get(f).Uint()); return next }
		case aXor:
			n.exec = func(f *frame) bltn { dest.get(f).SetUint(o0.get(f).Uint() ^ o1.get(f).Uint()); return next }
		case aAndNot:
			n.exec = func(f *frame) bltn { dest.get(f).SetUint(o0.get(f).Uint() &^ o1.get(f).Uint()); return next }
		}
	case classFloat:
		switch n.action {
		case aAdd:
			n.exec = func(f *frame) bltn { dest.get(f).SetFloat(o0.get(f).Float() + o1.get(f).Float()); return next }
		case aSub:
			n.exec = func(f *frame) bltn { dest.get(f).SetFloat(o0.get(f).Float() - o1.get(f).Float()); return next }
		case aMul:
			n.exec = func(f *frame) bltn { dest.get(f).SetFloat(o0.get(f).Float() * o1.get(f).Float()); return next }
		case aQuo:
			n.exec = func(f *frame) bltn { dest.get(f).SetFloat(o0.get(f).Float() / o1.get(f).Float()); return next }
		}
	}
	return n.exec != nil
}

// opClass returns the class that op.go's comparisons compute in for
// operand types t0 and t1: float when one is a float, else uint when one
// is a uint, else int.
func opClass(t0, t1 reflect.Type) numClass {
	c0, c1 := classOf(t0), classOf(t1)
	switch {
	case c0 == classNone || c1 == classNone:
		return classNone
	case c0 == classFloat || c1 == classFloat:
		return classFloat
	case c0 == classUint || c1 == classUint:
		return classUint
	}
	return classInt
}

// fastCompare: the comparisons of op.go (lower, greater, lowerEqual,
// greaterEqual, equal, notEqual) of numbers, which set their bool and,
// in a condition, go to n.tnext or n.fnext by it.
func fastCompare(n *node) bool {
	if n.typ == nil || len(n.child) != 2 || n.rval.IsValid() || !plainOutput(n) {
		return false
	}
	if t := n.typ.TypeOf(); t == nil || t.Kind() != reflect.Bool {
		return false
	}
	c0, c1 := n.child[0], n.child[1]
	if c0.typ == nil || c1.typ == nil || c0.typ.cat == linkedT || c1.typ.cat == linkedT {
		return false
	}
	if c0.rval.IsValid() && c1.rval.IsValid() {
		// Two constants (`chuge > chuge_1` of untyped constants beyond
		// 64 bits), which op.go compares as it does.
		return false
	}
	c := opClass(c0.typ.TypeOf(), c1.typ.TypeOf())
	if c == classNone {
		return false
	}
	dest, ok := slotOf(n)
	if !ok {
		return false
	}
	o0, ok0 := operandOf(c0, c)
	o1, ok1 := operandOf(c1, c)
	if !ok0 || !ok1 {
		return false
	}
	var test func(f *frame) bool
	switch c {
	case classInt:
		switch n.action {
		case aLower:
			test = func(f *frame) bool { return o0.get(f).Int() < o1.get(f).Int() }
		case aGreater:
			test = func(f *frame) bool { return o0.get(f).Int() > o1.get(f).Int() }
		case aLowerEqual:
			test = func(f *frame) bool { return o0.get(f).Int() <= o1.get(f).Int() }
		case aGreaterEqual:
			test = func(f *frame) bool { return o0.get(f).Int() >= o1.get(f).Int() }
		case aEqual:
			test = func(f *frame) bool { return o0.get(f).Int() == o1.get(f).Int() }
		case aNotEqual:
			test = func(f *frame) bool { return o0.get(f).Int() != o1.get(f).Int() }
		}
	case classUint:
		switch n.action {
		case aLower:
			test = func(f *frame) bool { return o0.get(f).Uint() < o1.get(f).Uint() }
		case aGreater:
			test = func(f *frame) bool { return o0.get(f).Uint() > o1.get(f).Uint() }
		case aLowerEqual:
			test = func(f *frame) bool { return o0.get(f).Uint() <= o1.get(f).Uint() }
		case aGreaterEqual:
			test = func(f *frame) bool { return o0.get(f).Uint() >= o1.get(f).Uint() }
		case aEqual:
			test = func(f *frame) bool { return o0.get(f).Uint() == o1.get(f).Uint() }
		case aNotEqual:
			test = func(f *frame) bool { return o0.get(f).Uint() != o1.get(f).Uint() }
		}
	case classFloat:
		switch n.action {
		case aLower:
			test = func(f *frame) bool { return o0.get(f).Float() < o1.get(f).Float() }
		case aGreater:
			test = func(f *frame) bool { return o0.get(f).Float() > o1.get(f).Float() }
		case aLowerEqual:
			test = func(f *frame) bool { return o0.get(f).Float() <= o1.get(f).Float() }
		case aGreaterEqual:
			test = func(f *frame) bool { return o0.get(f).Float() >= o1.get(f).Float() }
		case aEqual:
			test = func(f *frame) bool { return o0.get(f).Float() == o1.get(f).Float() }
		case aNotEqual:
			test = func(f *frame) bool { return o0.get(f).Float() != o1.get(f).Float() }
		}
	}
	if test == nil {
		return false
	}
	tnext := getExec(n.tnext)
	if n.fnext == nil {
		n.exec = func(f *frame) bltn { dest.get(f).SetBool(test(f)); return tnext }
		return true
	}
	// In a condition, each comparison is written out, without test's
	// call.
	fnext := getExec(n.fnext)
	switch c {
	case classInt:
		switch n.action {
		case aLower:
			n.exec = func(f *frame) bltn {
				if o0.get(f).Int() < o1.get(f).Int() {
					dest.get(f).SetBool(true)
					return tnext
				}
				dest.get(f).SetBool(false)
				return fnext
			}
		case aGreater:
			n.exec = func(f *frame) bltn {
				if o0.get(f).Int() > o1.get(f).Int() {
					dest.get(f).SetBool(true)
					return tnext
				}
				dest.get(f).SetBool(false)
				return fnext
			}
		case aLowerEqual:
			n.exec = func(f *frame) bltn {
				if o0.get(f).Int() <= o1.get(f).Int() {
					dest.get(f).SetBool(true)
					return tnext
				}
				dest.get(f).SetBool(false)
				return fnext
			}
		case aGreaterEqual:
			n.exec = func(f *frame) bltn {
				if o0.get(f).Int() >= o1.get(f).Int() {
					dest.get(f).SetBool(true)
					return tnext
				}
				dest.get(f).SetBool(false)
				return fnext
			}
		case aEqual:
			n.exec = func(f *frame) bltn {
				if o0.get(f).Int() == o1.get(f).Int() {
					dest.get(f).SetBool(true)
					return tnext
				}
				dest.get(f).SetBool(false)
				return fnext
			}
		case aNotEqual:
			n.exec = func(f *frame) bltn {
				if o0.get(f).Int() != o1.get(f).Int() {
					dest.get(f).SetBool(true)
					return tnext
				}
				dest.get(f).SetBool(false)
				return fnext
			}
		}
	case classUint:
		switch n.action {
		case aLower:
			n.exec = func(f *frame) bltn {
				if o0.get(f).Uint() < o1.get(f).Uint() {
					dest.get(f).SetBool(true)
					return tnext
				}
				dest.get(f).SetBool(false)
				return fnext
			}
		case aGreater:
			n.exec = func(f *frame) bltn {
				if o0.get(f).Uint() > o1.get(f).Uint() {
					dest.get(f).SetBool(true)
					return tnext
				}
				dest.get(f).SetBool(false)
				return fnext
			}
		case aLowerEqual:
			n.exec = func(f *frame) bltn {
				if o0.get(f).Uint() <= o1.get(f).Uint() {
					dest.get(f).SetBool(true)
					return tnext
				}
				dest.get(f).SetBool(false)
				return fnext
			}
		case aGreaterEqual:
			n.exec = func(f *frame) bltn {
				if o0.get(f).Uint() >= o1.get(f).Uint() {
					dest.get(f).SetBool(true)
					return tnext
				}
				dest.get(f).SetBool(false)
				return fnext
			}
		case aEqual:
			n.exec = func(f *frame) bltn {
				if o0.get(f).Uint() == o1.get(f).Uint() {
					dest.get(f).SetBool(true)
					return tnext
				}
				dest.get(f).SetBool(false)
				return fnext
			}
		case aNotEqual:
			n.exec = func(f *frame) bltn {
				if o0.get(f).Uint() != o1.get(f).Uint() {
					dest.get(f).SetBool(true)
					return tnext
				}
				dest.get(f).SetBool(false)
				return fnext
			}
		}
	case classFloat:
		switch n.action {
		case aLower:
			n.exec = func(f *frame) bltn {
				if o0.get(f).Float() < o1.get(f).Float() {
					dest.get(f).SetBool(true)
					return tnext
				}
				dest.get(f).SetBool(false)
				return fnext
			}
		case aGreater:
			n.exec = func(f *frame) bltn {
				if o0.get(f).Float() > o1.get(f).Float() {
					dest.get(f).SetBool(true)
					return tnext
				}
				dest.get(f).SetBool(false)
				return fnext
			}
		case aLowerEqual:
			n.exec = func(f *frame) bltn {
				if o0.get(f).Float() <= o1.get(f).Float() {
					dest.get(f).SetBool(true)
					return tnext
				}
				dest.get(f).SetBool(false)
				return fnext
			}
		case aGreaterEqual:
			n.exec = func(f *frame) bltn {
				if o0.get(f).Float() >= o1.get(f).Float() {
					dest.get(f).SetBool(true)
					return tnext
				}
				dest.get(f).SetBool(false)
				return fnext
			}
		case aEqual:
			n.exec = func(f *frame) bltn {
				if o0.get(f).Float() == o1.get(f).Float() {
					dest.get(f).SetBool(true)
					return tnext
				}
				dest.get(f).SetBool(false)
				return fnext
			}
		case aNotEqual:
			n.exec = func(f *frame) bltn {
				if o0.get(f).Float() != o1.get(f).Float() {
					dest.get(f).SetBool(true)
					return tnext
				}
				dest.get(f).SetBool(false)
				return fnext
			}
		}
	}
	return true
}

// fastOpAssign: the assignment operators of op.go (addAssign, ...,
// andNotAssign, but not shifts) and inc and dec, of a number that is not
// a map entry.
func fastOpAssign(n *node) bool {
	if n.typ == nil || len(n.child) == 0 || isMapEntry(n.child[0]) {
		return false
	}
	c := classOf(n.typ.TypeOf())
	c0 := n.child[0]
	if c == classNone || c0.typ == nil || classOf(c0.typ.TypeOf()) != c {
		return false
	}
	v, ok := slotOf(c0)
	if !ok {
		return false
	}
	var o1 fastSlot
	switch n.action {
	case aInc, aDec:
		if len(n.child) != 1 {
			return false
		}
		o1 = fastSlot{konst: true, v: reflect.ValueOf(int64(1))}
		switch c {
		case classUint:
			o1.v = reflect.ValueOf(uint64(1))
		case classFloat:
			o1.v = reflect.ValueOf(float64(1))
		}
	default:
		if len(n.child) != 2 {
			return false
		}
		if o1, ok = operandOf(n.child[1], c); !ok {
			return false
		}
	}
	next := getExec(n.tnext)
	switch c {
	case classInt:
		switch n.action {
		case aAddAssign, aInc:
			n.exec = func(f *frame) bltn { d := v.get(f); d.SetInt(d.Int() + o1.get(f).Int()); return next }
		case aSubAssign, aDec:
			n.exec = func(f *frame) bltn { d := v.get(f); d.SetInt(d.Int() - o1.get(f).Int()); return next }
		case aMulAssign:
			n.exec = func(f *frame) bltn { d := v.get(f); d.SetInt(d.Int() * o1.get(f).Int()); return next }
		case aQuoAssign:
			n.exec = func(f *frame) bltn { d := v.get(f); d.SetInt(d.Int() / o1.get(f).Int()); return next }
		case aRemAssign:
			n.exec = func(f *frame) bltn { d := v.get(f); d.SetInt(d.Int() % o1.get(f).Int()); return next }
		case aAndAssign:
			n.exec = func(f *frame) bltn { d := v.get(f); d.SetInt(d.Int() & o1.get(f).Int()); return next }
		case aOrAssign:
			n.exec = func(f *frame) bltn { d := v.get(f); d.SetInt(d.Int() | o1.get(f).Int()); return next }
		case aXorAssign:
			n.exec = func(f *frame) bltn { d := v.get(f); d.SetInt(d.Int() ^ o1.get(f).Int()); return next }
		case aAndNotAssign:
			n.exec = func(f *frame) bltn { d := v.get(f); d.SetInt(d.Int() &^ o1.get(f).Int()); return next }
		}
	case classUint:
		switch n.action {
		case aAddAssign, aInc:
			n.exec = func(f *frame) bltn { d := v.get(f); d.SetUint(d.Uint() + o1.get(f).Uint()); return next }
		case aSubAssign, aDec:
			n.exec = func(f *frame) bltn { d := v.get(f); d.SetUint(d.Uint() - o1.get(f).Uint()); return next }
		case aMulAssign:
			n.exec = func(f *frame) bltn { d := v.get(f); d.SetUint(d.Uint() * o1.get(f).Uint()); return next }
		case aQuoAssign:
			n.exec = func(f *frame) bltn { d := v.get(f); d.SetUint(d.Uint() / o1.get(f).Uint()); return next }
		case aRemAssign:
			n.exec = func(f *frame) bltn { d := v.get(f); d.SetUint(d.Uint() % o1.get(f).Uint()); return next }
		case aAndAssign:
			n.exec = func(f *frame) bltn { d := v.get(f); d.SetUint(d.Uint() & o1.get(f).Uint()); return next }
		case aOrAssign:
			n.exec = func(f *frame) bltn { d := v.get(f); d.SetUint(d.Uint() | o1.get(f).Uint()); return next }
		case aXorAssign:
			n.exec = func(f *frame) bltn { d := v.get(f); d.SetUint(d.Uint() ^ o1.get(f).Uint()); return next }
		case aAndNotAssign:
			n.exec = func(f *frame) bltn { d := v.get(f); d.SetUint(d.Uint() &^ o1.get(f).Uint()); return next }
		}
	case classFloat:
		switch n.action {
		case aAddAssign, aInc:
			n.exec = func(f *frame) bltn { d := v.get(f); d.SetFloat(d.Float() + o1.get(f).Float()); return next }
		case aSubAssign, aDec:
			n.exec = func(f *frame) bltn { d := v.get(f); d.SetFloat(d.Float() - o1.get(f).Float()); return next }
		case aMulAssign:
			n.exec = func(f *frame) bltn { d := v.get(f); d.SetFloat(d.Float() * o1.get(f).Float()); return next }
		case aQuoAssign:
			n.exec = func(f *frame) bltn { d := v.get(f); d.SetFloat(d.Float() / o1.get(f).Float()); return next }
		}
	}
	return n.exec != nil
}

// fastIndexArray: getIndexArray of an array, slice or string in a slot, with an
// index of an int type, where it is not a condition.
func fastIndexArray(n *node) bool {
	if len(n.child) != 2 || n.fnext != nil || n.child[0].typ == nil || n.child[0].typ.TypeOf() == nil {
		return false
	}
	if k := n.child[0].typ.TypeOf().Kind(); k != reflect.Slice && k != reflect.Array && k != reflect.String {
		return false
	}
	dest, ok := levelSlot(n, n.findex)
	if !ok {
		return false
	}
	a, ok0 := slotOf(n.child[0])
	i, ok1 := operandOf(n.child[1], classInt)
	if !ok0 || !ok1 || dest.global {
		return false
	}
	tnext := getExec(n.tnext)
	n.exec = func(f *frame) bltn {
		f.data[dest.i] = indexChecked(a.get(f), int(i.get(f).Int()))
		return tnext
	}
	return true
}

// fastAssign: a single assignment (not a definition) of a number, a bool
// or a string in a slot, from a constant or a value of the same type in
// a slot, which assign sets with reflect.Value.Set.
func fastAssign(n *node) bool {
	if fastDefine(n) {
		return true
	}
	if n.kind != assignStmt || n.nleft != 1 || len(n.child) != 2 {
		return false
	}
	dest, src := n.child[0], n.child[1]
	if dest.ident == "_" || dest.typ == nil || src.typ == nil || isMapEntry(dest) || isNamedFuncSrc(src.typ) {
		return false
	}
	t := dest.typ.TypeOf()
	if t == nil || isInterfaceSrc(dest.typ) || !src.rval.IsValid() && src.typ.TypeOf() != t {
		return false
	}
	d, ok := slotOf(dest)
	if !ok {
		return false
	}
	next := getExec(n.tnext)
	switch c := classOf(t); {
	case c != classNone:
		s, ok := sourceOf(dest, src)
		if !ok {
			return false
		}
		switch c {
		case classInt:
			n.exec = func(f *frame) bltn { d.get(f).SetInt(s.get(f).Int()); return next }
		case classUint:
			n.exec = func(f *frame) bltn { d.get(f).SetUint(s.get(f).Uint()); return next }
		case classFloat:
			n.exec = func(f *frame) bltn { d.get(f).SetFloat(s.get(f).Float()); return next }
		}
		return true
	case t.Kind() == reflect.Bool:
		s, ok := sourceOf(dest, src)
		if !ok {
			return false
		}
		n.exec = func(f *frame) bltn { d.get(f).SetBool(s.get(f).Bool()); return next }
		return true
	}
	return false
}

// sourceOf returns the value that assign sets dest to from src (of
// dest's type, or a constant): a constant is the value that assign's
// genDestValue makes of it, computed once (it reads no frame for a
// constant of a number or bool type).
func sourceOf(dest, src *node) (fastSlot, bool) {
	if !src.rval.IsValid() {
		return slotOf(src)
	}
	v := genDestValue(dest.typ, src)(nil)
	if !v.IsValid() || v.Kind() != dest.typ.TypeOf().Kind() {
		return fastSlot{}, false
	}
	return fastSlot{konst: true, v: v}, true
}

// fastConvert: convert of a number in a slot to a number type, which
// setConvertedNumber computes, when no hook converts it.
func fastConvert(n *node) bool {
	if len(n.child) != 2 || n.interp.hooks != nil && len(n.interp.hooks.convert) > 0 {
		return false
	}
	c := n.child[1]
	if c.typ == nil || c.rval.IsValid() || c.isNil() || n.child[0].typ == nil {
		return false
	}
	typ := n.child[0].typ.frameType()
	dc, sc := classOf(typ), classOf(c.typ.TypeOf())
	if dc == classNone || sc == classNone {
		return false
	}
	dest, ok0 := slotOf(n)
	s, ok1 := slotOf(c)
	if !ok0 || !ok1 {
		return false
	}
	next := getExec(n.tnext)
	// set is setConvertedNumber's conversion for these classes.
	var set func(d, v reflect.Value)
	switch dc {
	case classFloat:
		switch sc {
		case classInt:
			set = func(d, v reflect.Value) { d.SetFloat(float64(v.Int())) }
		case classUint:
			set = func(d, v reflect.Value) { d.SetFloat(float64(v.Uint())) }
		default:
			set = func(d, v reflect.Value) { d.SetFloat(v.Float()) }
		}
	case classInt:
		switch sc {
		case classInt:
			set = func(d, v reflect.Value) { d.SetInt(v.Int()) }
		case classUint:
			set = func(d, v reflect.Value) { d.SetInt(int64(v.Uint())) }
		default:
			set = func(d, v reflect.Value) { d.SetInt(int64(v.Float())) }
		}
	default:
		switch sc {
		case classInt:
			set = func(d, v reflect.Value) { d.SetUint(uint64(v.Int())) }
		case classUint:
			set = func(d, v reflect.Value) { d.SetUint(v.Uint()) }
		default:
			set = func(d, v reflect.Value) { d.SetUint(uint64(v.Float())) }
		}
	}
	n.exec = func(f *frame) bltn {
		d, v := dest.get(f), s.get(f)
		if !d.CanSet() || !isNumberKind(v.Kind()) {
			d.Set(v.Convert(typ))
			return next
		}
		set(d, v)
		return next
	}
	return true
}

// fastDefine: a definition (`x := v`) of a number in the function's own
// frame from a constant or a value of the same type in a slot, which
// assign sets with reflect.Value.Set, in the storage that
// freshStorageOnce says.
func fastDefine(n *node) bool {
	if n.kind != defineStmt || n.nleft != 1 || len(n.child) != 2 || n.level != 0 || n.findex < 0 {
		return false
	}
	dest, src := n.child[0], n.child[1]
	if dest.ident == "_" || dest.typ == nil || src.typ == nil || isNamedFuncSrc(src.typ) {
		return false
	}
	t := dest.typ.TypeOf()
	c := classOf(t)
	if c == classNone || isInterfaceSrc(dest.typ) || !src.rval.IsValid() && src.typ.TypeOf() != t {
		return false
	}
	s, ok := sourceOf(dest, src)
	if !ok {
		return false
	}
	ind := n.findex
	fresh := freshStorageOnce(dest)
	next := getExec(n.tnext)
	storage := func(f *frame) reflect.Value {
		data := f.data
		if fresh() || !data[ind].CanSet() {
			data[ind] = reflect.New(data[ind].Type()).Elem()
		}
		return data[ind]
	}
	switch c {
	case classInt:
		n.exec = func(f *frame) bltn { storage(f).SetInt(s.get(f).Int()); return next }
	case classUint:
		n.exec = func(f *frame) bltn { storage(f).SetUint(s.get(f).Uint()); return next }
	default:
		n.exec = func(f *frame) bltn { storage(f).SetFloat(s.get(f).Float()); return next }
	}
	return true
}

// basicElem reports whether a slice's elements of kind k are numbers,
// bools or strings, which cannot hold the slice they are appended to.
func basicElem(k reflect.Kind) bool {
	return k == reflect.Bool || k == reflect.String || isNumberKind(k) || k == reflect.Complex64 || k == reflect.Complex128
}

// appendOne sets d to append(s, x) of an x of a basic type (basicElem):
// s is stored in d, which grows as append grows it (Value.Grow) and
// takes x at its end. reflect.Append made a copy of the slice's header
// on the heap at each call; this allocates only when the slice grows.
func appendOne(d, s, x reflect.Value) {
	if !d.CanSet() || d.Kind() != reflect.Slice || s.Kind() != reflect.Slice {
		d.Set(reflect.Append(s, x))
		return
	}
	d.Set(s)
	l := d.Len()
	d.Grow(1)
	d.SetLen(l + 1)
	d.Index(l).Set(x)
}

// fastIndexSeq: getIndexSeq of a field of a struct in a slot, one level
// down (FieldByIndex of one index is Field), where it is not a
// condition.
func fastIndexSeq(n *node) bool {
	index, ok := n.val.([]int)
	if !ok || len(index) != 1 || n.fnext != nil || len(n.child) == 0 {
		return false
	}
	dest, ok0 := levelSlot(n, n.findex)
	s, ok1 := slotOf(n.child[0])
	if !ok0 || !ok1 || dest.global {
		return false
	}
	k := index[0]
	tnext := getExec(n.tnext)
	n.exec = func(f *frame) bltn {
		f.data[dest.i] = s.get(f).Field(k)
		return tnext
	}
	return true
}
