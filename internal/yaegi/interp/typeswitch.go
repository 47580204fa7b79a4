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
	for v.IsValid() && v.Kind() == reflect.Interface {
		if v.IsNil() {
			return reflect.Value{}, false
		}
		v = v.Elem()
	}
	if !v.IsValid() {
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
		if !dyn.methods().contains(typ.methods()) {
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
		return false
	}
	if withResult {
		value0(f).Set(out)
	}
	if setStatus {
		value1(f).SetBool(true)
	}
	return true
}
