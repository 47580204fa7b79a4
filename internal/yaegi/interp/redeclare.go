package interp

import "reflect"

// ForgetType removes the type that package main (the package of Eval's
// code) declared as name, so that a later Eval declares name anew, with
// another definition: yaegi keeps a type's first definition and
// silently ignores a later one (nodeType finds the complete type of the
// name first). Values, functions, methods and types compiled before keep
// the old type; the methods of name must be declared again for the new
// one. It returns a function that puts the old type back (for an Eval
// that failed), or nil when name is not such a type (or only a name
// a failed Eval used). petridish: a notebook's
// later cell declaring a type again with other fields.
func (interp *Interpreter) ForgetType(name string) (restore func()) {
	interp.mutex.Lock()
	defer interp.mutex.Unlock()
	sc := interp.scopes[mainID]
	if sc == nil {
		return nil
	}
	sym, ok := sc.sym[name]
	if !ok || sym.kind != typeSym || sym.typ == nil || sym.typ.incomplete {
		return nil
	}
	delete(sc.sym, name)
	interp.typeGen.Add(1)
	return func() {
		interp.mutex.Lock()
		defer interp.mutex.Unlock()
		sc.sym[name] = sym
		interp.typeGen.Add(1)
	}
}

// TypeByName returns the reflect type of values of the type that package
// main declared as name, or nil when there is none. petridish: to find
// the variables that hold values of a type a cell declares again.
func (interp *Interpreter) TypeByName(name string) (rt reflect.Type) {
	interp.mutex.RLock()
	defer interp.mutex.RUnlock()
	sc := interp.scopes[mainID]
	if sc == nil {
		return nil
	}
	sym, ok := sc.sym[name]
	if !ok || sym.kind != typeSym || sym.typ == nil || sym.typ.incomplete {
		return nil
	}
	defer func() {
		if recover() != nil {
			rt = nil
		}
	}()
	return sym.typ.TypeOf()
}
