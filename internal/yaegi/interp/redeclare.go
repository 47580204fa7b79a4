package interp

import (
	"maps"
	"reflect"
	"strings"
)

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
	// The instances of generic types made with it as a type argument
	// (Box[main.Model]) are forgotten too, so that the next Box[Model] is
	// an instance of the new Model (it was the old one's: "reflect.Set:
	// value of type struct { W float64; B float64 } is not assignable to
	// type struct { W float64 }").
	generics := map[string]*node{}
	for k, r := range interp.generic {
		if r != nil && r.kind == typeSpec && mentionsMainType(k, name) {
			generics[k] = r
			delete(interp.generic, k)
		}
	}
	syms := map[string]*symbol{}
	for k, s := range sc.sym {
		if s.kind == typeSym && strings.Contains(k, "[") && mentionsMainType(k, name) {
			syms[k] = s
			delete(sc.sym, k)
		}
	}
	return func() {
		interp.mutex.Lock()
		defer interp.mutex.Unlock()
		sc.sym[name] = sym
		maps.Copy(interp.generic, generics)
		maps.Copy(sc.sym, syms)
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

// mentionsMainType reports whether instance name key (Box[main.Model],
// main.Box[[]main.Model]) has package main's type name among its type
// arguments.
func mentionsMainType(key, name string) bool {
	_, args, ok := strings.Cut(key, "[")
	if !ok {
		return false
	}
	ref := mainID + "." + name
	for {
		i := strings.Index(args, ref)
		if i < 0 {
			return false
		}
		end := i + len(ref)
		if (i == 0 || !isIdentByte(args[i-1])) && (end == len(args) || !isIdentByte(args[end])) {
			return true
		}
		args = args[end:]
	}
}

func isIdentByte(c byte) bool {
	return c == '_' || c == '.' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c >= 0x80
}
