package interp

// petridish: this file is not yaegi's.

import "reflect"

// callMapTypes returns the map types (Use's "MapTypes": the interfaces in
// which a function's arguments are wrapped, so that compiled code can call
// the methods of cell values) of the compiled function that c0, the callee
// of a call, denotes. yaegi looks them up by the function's value, which a
// method of a compiled type has none of (its receiver is bound when the
// call runs); for such a method, map types registered under the method
// expression, reflect.ValueOf((*T).M), apply: the Session registers
// (*display.Handle).Update so that h.Update(v) shows a cell value with its
// methods, as display.Show(v) does.
func (interp *Interpreter) callMapTypes(c0 *node) ([]reflect.Type, bool) {
	if lr, ok := interp.mapTypes[c0.rval]; ok {
		return lr, true
	}
	if c0.action != aGetMethod || c0.recv == nil || c0.recv.node == nil || c0.recv.node.typ == nil || len(c0.child) < 2 {
		return nil, false
	}
	rt := c0.recv.node.typ.TypeOf()
	if rt == nil || rt.Kind() == reflect.Interface {
		return nil, false
	}
	m, ok := rt.MethodByName(c0.child[1].ident)
	if !ok {
		if m, ok = reflect.PointerTo(rt).MethodByName(c0.child[1].ident); !ok {
			return nil, false
		}
	}
	p := m.Func.Pointer()
	for k, lr := range interp.mapTypes {
		if k.IsValid() && k.Kind() == reflect.Func && k.Pointer() == p {
			return lr, true
		}
	}
	return nil, false
}
