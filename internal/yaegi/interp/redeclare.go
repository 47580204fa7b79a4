package interp

import (
	"maps"
	"reflect"
	"strings"
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
	sc, sym := interp.mainType(name)
	if sym == nil {
		return nil
	}
	delete(sc.sym, name)
	if _, had := forgotten.LoadOrStore(sym.typ, true); !had {
		forgottenCount.Add(1)
	}
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
		if _, had := forgotten.LoadAndDelete(sym.typ); had {
			forgottenCount.Add(-1)
		}
		sc.sym[name] = sym
		maps.Copy(interp.generic, generics)
		maps.Copy(sc.sym, syms)
		interp.typeGen.Add(1)
	}
}

// mainType returns package main's scope and its symbol of the complete
// type it declared as name, or a nil symbol when there is none (only a
// name a failed Eval used is none). The caller holds interp.mutex.
func (interp *Interpreter) mainType(name string) (*scope, *symbol) {
	sc := interp.scopes[mainID]
	if sc == nil {
		return nil, nil
	}
	sym, ok := sc.sym[name]
	if !ok || sym.kind != typeSym || sym.typ == nil || sym.typ.incomplete {
		return sc, nil
	}
	return sc, sym
}

// TypeByName returns the reflect type of values of the type that package
// main declared as name, or nil when there is none. petridish: to find
// the variables that hold values of a type a cell declares again.
func (interp *Interpreter) TypeByName(name string) (rt reflect.Type) {
	interp.mutex.RLock()
	defer interp.mutex.RUnlock()
	_, sym := interp.mainType(name)
	if sym == nil {
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

// ForgetPackage removes the package imported from source as importPath
// (or whose import failed), so that its next import reads its source
// again, and reports whether there was one. Code compiled before keeps the old package's functions,
// variables and types; the old types are other types than the new ones
// of the same names (forgotten, as ForgetType's). petridish: a notebook's
// own package, edited after a cell imported it.
func (interp *Interpreter) ForgetPackage(importPath string) bool {
	interp.mutex.Lock()
	defer interp.mutex.Unlock()
	if importPath == mainID {
		return false
	}
	// An import that failed leaves its mark against import cycles.
	delete(interp.rdir, importPath)
	// A package whose import failed has a scope, but no symbols.
	syms, ok := interp.srcPkg[importPath]
	if sc := interp.scopes[importPath]; sc != nil && !ok {
		syms, ok = sc.sym, true
	}
	if !ok {
		return false
	}
	for _, sym := range syms {
		if sym.kind == typeSym && sym.typ != nil {
			if _, had := forgotten.LoadOrStore(sym.typ, true); !had {
				forgottenCount.Add(1)
			}
		}
	}
	delete(interp.srcPkg, importPath)
	delete(interp.pkgNames, importPath)
	delete(interp.scopes, importPath)
	delete(interp.rdir, importPath)
	interp.typeGen.Add(1)
	return true
}
