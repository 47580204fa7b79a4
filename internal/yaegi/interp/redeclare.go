package interp

import (
	"sync"
	"sync/atomic"
)

// forgotten holds the types ForgetType removed (keys *itype), whose later
// declarations are other types of the same name; forgottenCount counts
// them, so that forgottenTwins costs nothing until there is one.
var (
	forgotten      sync.Map
	forgottenCount atomic.Int64
)

// forgottenTwins reports whether t and o, types of the same name (or
// composed of the same names, *Model), are made of two declarations of
// a name, one that ForgetType removed and one made after: yaegi compares
// types by name. petridish.
func forgottenTwins(t, o *itype) bool {
	if t == o || forgottenCount.Load() == 0 {
		return false
	}
	for _, a := range namedParts(t, nil) {
		for _, b := range namedParts(o, nil) {
			if a == b || a.name != b.name || a.path != b.path {
				continue
			}
			_, fa := forgotten.Load(a)
			_, fb := forgotten.Load(b)
			if fa != fb {
				return true
			}
		}
	}
	return false
}

// namedParts appends to out the named types that t is or is composed of
// through pointers, slices, arrays, maps and channels.
func namedParts(t *itype, out []*itype) []*itype {
	for depth := 0; t != nil && depth < 8; depth++ {
		if t.name != "" {
			return append(out, t)
		}
		switch t.cat {
		case mapT:
			out = namedParts(t.key, out)
			t = t.val
		case ptrT, sliceT, arrayT, chanT, chanRecvT, chanSendT, variadicT:
			t = t.val
		default:
			return out
		}
	}
	return out
}

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
	if _, had := forgotten.LoadOrStore(sym.typ, true); !had {
		forgottenCount.Add(1)
	}
	return func() {
		interp.mutex.Lock()
		defer interp.mutex.Unlock()
		if _, had := forgotten.LoadAndDelete(sym.typ); had {
			forgottenCount.Add(-1)
		}
		sc.sym[name] = sym
	}
}
