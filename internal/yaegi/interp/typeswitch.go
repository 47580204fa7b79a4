package interp

// petridish: this file is not yaegi's.

import "reflect"

// interfaceCase reports whether the operand v of a type switch matches
// case type typ when typ is an interface type: whether v holds a value
// whose dynamic type implements typ, as Go decides it. yaegi compared
// type names, so `case error:` and `case fmt.Stringer:` never matched. It
// also returns the value that the case's variable of type dest (nil when
// there is none) gets. ok is false, leaving the case to yaegi's own
// checks, when typ is not an interface or the match cannot be decided
// here.
func interfaceCase(f *frame, v reflect.Value, typ *itype, dest reflect.Type) (out reflect.Value, ok bool) {
	if typ == nil || typ.cat == nilT || !isInterface(typ) {
		return reflect.Value{}, false
	}
	v, ok = dynamic(v)
	if !ok {
		return reflect.Value{}, false
	}
	rt := typ.TypeOf()
	binary := rt != nil && rt.Kind() == reflect.Interface && rt != valueInterfaceType
	if vi, isVI := v.Interface().(valueInterface); isVI {
		if vi.node == nil || vi.node.typ == nil || !vi.value.IsValid() {
			return reflect.Value{}, false
		}
		dyn := vi.node.typ
		if isInterface(dyn) {
			return reflect.Value{}, false
		}
		if !inMethodSet(dyn, typ) {
			return reflect.Value{}, false
		}
		switch {
		case dest == nil:
			return reflect.Value{}, true
		case dest == valueInterfaceType:
			return v, true
		case dest.Kind() == reflect.Interface:
			nt := *vi.node
			if w := genInterfaceWrapperOf(&nt, dest); w != nil {
				return w(f, vi.value), true
			}
			if vi.value.Type().Implements(dest) {
				return vi.value, true
			}
		}
		return reflect.Value{}, false
	}
	// A compiled value, or a wrapper of a cell value made for compiled code.
	if !binary {
		return reflect.Value{}, false
	}
	if !v.Type().Implements(rt) {
		return reflect.Value{}, false
	}
	switch {
	case dest == nil:
		return reflect.Value{}, true
	case dest.Kind() == reflect.Interface && v.Type().Implements(dest):
		return v, true
	}
	return reflect.Value{}, false
}

// assertedInterface performs x.(T) for an interface type T when
// interfaceCase can decide it matches: it sets the result (value0, when
// withResult) and the status (value1, when setStatus) and reports true.
// yaegi compared method signature strings, and `var x any = T{};
// x.(fmt.Stringer)` of a cell type T with a String method was false.
func assertedInterface(f *frame, n *node, v reflect.Value, typ *itype, value0, value1 func(*frame) reflect.Value, withResult, setStatus bool) bool {
	var dest reflect.Type
	if withResult {
		dest = value0(f).Type()
	}
	out, ok := interfaceCase(f, v, typ, dest)
	if !ok {
		// A cell value whose method set lacks a method of typ (one with a
		// pointer receiver, for a value) does not implement it; yaegi's
		// checks below took it as implementing.
		dyn := cellType(v)
		if dyn == nil || isInterface(dyn) || !dyn.methods().contains(typ.methods()) || inMethodSet(dyn, typ) {
			return false
		}
		if !setStatus && value1 == nil {
			panic(n.cfgErrorf("interface conversion: %s is not %s: method has a pointer receiver", dyn.id(), typ.id()))
		}
		if withResult {
			value0(f).Set(reflect.Zero(dest))
		}
		if setStatus {
			value1(f).SetBool(false)
		}
		return true
	}
	if withResult {
		value0(f).Set(out)
	}
	if setStatus {
		value1(f).SetBool(true)
	}
	return true
}

// cellType returns the cell type of the value in v, an interface value,
// when yaegi keeps it (a valueInterface), or nil.
func cellType(v reflect.Value) *itype {
	v, ok := dynamic(v)
	if !ok || !v.CanInterface() {
		return nil
	}
	if vi, ok := v.Interface().(valueInterface); ok && vi.node != nil && vi.value.IsValid() {
		return vi.node.typ
	}
	return nil
}

// inMethodSet reports whether the method set of dyn, a cell type, has
// the methods of interface typ: a method with a pointer receiver is in
// the method set of the pointer type only.
func inMethodSet(dyn, typ *itype) bool {
	want := typ.methods()
	if !dyn.methods().contains(want) {
		return false
	}
	if dt := dyn.TypeOf(); dt != nil && dt.Kind() == reflect.Ptr {
		return true
	}
	for name := range want {
		if m := lookupFieldOrMethod(dyn, name); m != nil && m.recv != nil {
			if rt := m.recv.TypeOf(); rt != nil && rt.Kind() == reflect.Ptr {
				return false
			}
		}
	}
	return true
}

// concreteCase is interfaceCase for a case type typ that is not an
// interface: whether v holds a value of type typ, seen through yaegi's
// wrappers. yaegi compared the name of typ with the printed reflect type
// of the value, which never matched a cell type (`case P:`), nor one that
// came back from compiled code in an error (`case *NotFound:`).
func concreteCase(v reflect.Value, typ *itype, dest reflect.Type) (out reflect.Value, ok bool) {
	if typ == nil || typ.cat == nilT || isInterface(typ) {
		return reflect.Value{}, false
	}
	rt := typ.TypeOf()
	if rt == nil {
		return reflect.Value{}, false
	}
	for depth := 0; depth < 8; depth++ {
		if v, ok = dynamic(v); !ok {
			return reflect.Value{}, false
		}
		if vi, isVI := v.Interface().(valueInterface); isVI {
			if vi.node == nil || vi.node.typ == nil || vi.node.typ.id() != typ.id() {
				return reflect.Value{}, false
			}
			v = vi.value
			break
		}
		if isMethodWrapper(v.Type()) {
			v = v.Field(0)
			continue
		}
		break
	}
	if !v.IsValid() || v.Type() != rt {
		return reflect.Value{}, false
	}
	if dest != nil && !v.Type().AssignableTo(dest) {
		return reflect.Value{}, false
	}
	return v, true
}

// caseMatch is interfaceCase or concreteCase, as typ is an interface or
// not.
func caseMatch(f *frame, v reflect.Value, typ *itype, dest reflect.Type) (reflect.Value, bool) {
	if typ != nil && isInterface(typ) {
		return interfaceCase(f, v, typ, dest)
	}
	return concreteCase(v, typ, dest)
}

// dynamic returns the value inside interface value v (v itself when it
// is not an interface), and false when v is a nil interface.
func dynamic(v reflect.Value) (reflect.Value, bool) {
	for v.IsValid() && v.Kind() == reflect.Interface {
		if v.IsNil() {
			return reflect.Value{}, false
		}
		v = v.Elem()
	}
	return v, v.IsValid()
}

// isMethodWrapper reports whether t is the type of one of the wrappers
// through which compiled code calls a cell value's methods (interp's
// _error, stdlib's _fmt_Stringer, ...): a struct whose first field,
// IValue, holds the value.
func isMethodWrapper(t reflect.Type) bool {
	return t.Kind() == reflect.Struct && t.NumField() > 0 && t.Field(0).Name == "IValue" && t.Field(0).Type.Kind() == reflect.Interface
}
