package interp

// petridish: recursive named types that are not structs (`type stateFn
// func(*lexer) stateFn`, `type Peano *Peano`, `type T []T`, `type M
// map[string]M`, and through structs or each other), which refType made
// with a nil reflect.Type, making reflect.FuncOf panic, or not at all.
// reflect cannot make such a type directly: while one is being made
// (refTypeContext.building), the places where it refers to itself get a
// stand-in of the same layout (a struct type with one field of the
// type's shape, of a name unique to it, so that reflect's caches of the
// types made of it are not used for any other type), which
// unsafe2.ReplaceType then replaces by the type made.

import (
	"fmt"
	"reflect"
	"sync"
	"sync/atomic"

	"github.com/petridish-go/petridish/internal/yaegi/unsafe2"
)

// recBuild is a named type being made by refType.
type recBuild struct {
	owner *itype
	stand reflect.Type // the stand-in, made when owner is first met again
	users []*itype     // the itypes given the stand-in, which get the type made
}

var recStandIns atomic.Int64

// recNamed reports whether refType makes t, named, through refRecursive.
func recNamed(t *itype) bool {
	if t.name == "" {
		return false
	}
	switch t.cat {
	case linkedT, funcT, ptrT, sliceT, mapT, chanT, chanRecvT, chanSendT, arrayT, nilT:
		return true
	}
	return false
}

// recCanonical returns the declared type of which t is a copy (the
// declaration's one, in its scope), or t. A declaration that refers to
// itself is parsed more than once, leaving copies of the type in its own
// parts (and a nilT stand-in for its name in the last one); all must
// have the same reflect type, which reflect compares by address: two
// distinct types for `type P *P` would make reflect's identity test
// (assignment, conversion) recurse without end.
func (t *itype) recCanonical() *itype {
	if t.scope == nil {
		return t
	}
	sym, _, found := t.scope.lookup(t.name)
	if !found || sym.kind != typeSym || sym.typ == nil || sym.typ == t {
		return t
	}
	c := sym.typ
	if c.name != t.name || c.path != t.path || c.cat == nilT {
		return t
	}
	if t.cat == nilT || (c.node == t.node && c.cat == t.cat) {
		return c
	}
	return t
}

// refRecursive is refType's part for named types that are not structs:
// it returns (rt, nil) when refType returns rt at once, and else notes t
// as being made, returning the function that refType calls with the type
// it made, which completes it.
func (t *itype) refRecursive(ctx *refTypeContext, name string) (reflect.Type, func(reflect.Type) reflect.Type) {
	if b := ctx.building[name]; b != nil {
		if t.cat == linkedT && b.owner.cat == linkedT && b.owner.val == t {
			// `type T2 T1` is parsed as a T2 of a copy of T2 of T1.
			b.users = append(b.users, t)
			return t.val.refType(ctx), nil
		}
		if b.stand == nil {
			shape := recShape(b.owner, 0)
			if shape == nil || !unsafe2.Recursive {
				panic(recError(b.owner))
			}
			b.stand = reflect.StructOf([]reflect.StructField{{
				Name: fmt.Sprintf("PetridishRecursive%d", recStandIns.Add(1)),
				Type: shape,
			}})
		}
		b.users = append(b.users, t)
		return b.stand, nil
	}
	if c := t.recCanonical(); c != t {
		rt := c.refType(ctx)
		if rt != nil && rt == c.rtype {
			t.rtype = rt
		}
		return rt, nil
	}
	if t.cat == nilT {
		panic(recError(t))
	}
	if ctx.rebuilding && t.rtype != nil && !holdsDummyType(t.rtype, map[reflect.Type]bool{}) {
		// A struct field being made again: a second type would not be
		// identical to the first for reflect (see recCanonical).
		return t.rtype, nil
	}
	if ctx.building == nil {
		ctx.building = map[string]*recBuild{}
	}
	b := &recBuild{owner: t}
	ctx.building[name] = b
	return nil, func(rt reflect.Type) reflect.Type {
		delete(ctx.building, name)
		if b.stand == nil {
			return rt
		}
		if rt == nil || rt == b.stand || !unsafe2.ReplaceType(rt, b.stand, rt) {
			panic(recError(t))
		}
		for _, u := range b.users {
			u.rtype = rt
		}
		t.rtype = rt
		recTypes.Store(rt, true)
		return rt
	}
}

// recTypes holds the recursive types made by refRecursive.
var recTypes sync.Map

// recFrameType returns t's type if t is a recursive named type, for
// frameType, which would make a copy of each level of it instead (a
// `****Peano` for a `*Peano`).
func (t *itype) recFrameType() reflect.Type {
	if !recNamed(t) || t.cat == nilT {
		return nil
	}
	rt := t.TypeOf()
	if _, ok := recTypes.Load(rt); ok {
		return rt
	}
	return nil
}

// recError is the error for a recursive type that cannot be made.
func recError(t *itype) error {
	if t.node != nil {
		return t.node.cfgErrorf("the recursive type %s is not supported by the interpreter", t.name)
	}
	return fmt.Errorf("the recursive type %s is not supported by the interpreter", t.name)
}

// recShape returns a type of t's layout (size, alignment, pointers) and
// comparability, without making t, for t's stand-in.
func recShape(t *itype, depth int) reflect.Type {
	if depth > 64 {
		return nil
	}
	if t.cat == nilT {
		if c := t.recCanonical(); c != t {
			return recShape(c, depth+1)
		}
		return nil
	}
	switch t.cat {
	case linkedT:
		if t.val == nil {
			return nil
		}
		return recShape(t.val, depth+1)
	case funcT:
		return reflect.TypeFor[func()]()
	case ptrT:
		return reflect.TypeFor[*byte]()
	case sliceT, variadicT:
		return reflect.TypeFor[[]byte]()
	case mapT:
		return reflect.TypeFor[map[int]int]()
	case chanT, chanRecvT, chanSendT:
		return reflect.TypeFor[chan int]()
	case arrayT:
		e := recShape(t.val, depth+1)
		if e == nil {
			return nil
		}
		return reflect.ArrayOf(t.length, e)
	case structT:
		fields := make([]reflect.StructField, len(t.field))
		for i, f := range t.field {
			ft := recShape(f.typ, depth+1)
			if ft == nil {
				return nil
			}
			fields[i] = reflect.StructField{Name: fmt.Sprintf("F%d", i), Type: ft}
		}
		return reflect.StructOf(fields)
	case interfaceT:
		if len(t.field) == 0 {
			return emptyInterfaceType
		}
		return valueInterfaceType
	case valueT:
		return t.rtype
	}
	if z, _ := t.zero(); z.IsValid() {
		return z.Type()
	}
	return nil
}

// holdsDummyType reports whether rt is made of unsafe2.DummyType, in
// place of a struct still being made.
func holdsDummyType(rt reflect.Type, seen map[reflect.Type]bool) bool {
	if rt == unsafe2.DummyType {
		return true
	}
	if rt.Name() != "" || seen[rt] {
		return false
	}
	seen[rt] = true
	switch rt.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Chan:
		return holdsDummyType(rt.Elem(), seen)
	case reflect.Map:
		return holdsDummyType(rt.Key(), seen) || holdsDummyType(rt.Elem(), seen)
	case reflect.Func:
		for i := 0; i < rt.NumIn(); i++ {
			if holdsDummyType(rt.In(i), seen) {
				return true
			}
		}
		for i := 0; i < rt.NumOut(); i++ {
			if holdsDummyType(rt.Out(i), seen) {
				return true
			}
		}
	case reflect.Struct:
		for i := 0; i < rt.NumField(); i++ {
			if holdsDummyType(rt.Field(i).Type, seen) {
				return true
			}
		}
	}
	return false
}

// bindSelfReference makes typ, a local type of its name being declared,
// complete if it is incomplete only by references to itself: the nilT
// stand-ins of its name that nodeType left in it while the name was
// undefined are replaced by typ.
func bindSelfReference(sc *scope, typ *itype) {
	sym := sc.sym[typ.name]
	if sym == nil || sym.typ == nil || sym.typ.cat != nilT {
		return
	}
	var parts []*itype
	var selfOnly func(t *itype) bool
	selfOnly = func(t *itype) bool {
		if t == nil || !t.incomplete {
			return true
		}
		for _, p := range parts {
			if p == t {
				return true
			}
		}
		parts = append(parts, t)
		if t.cat == nilT {
			return t.name == typ.name && t.scope == sc
		}
		if !selfOnly(t.key) || !selfOnly(t.val) {
			return false
		}
		for _, a := range t.arg {
			if !selfOnly(a) {
				return false
			}
		}
		for _, r := range t.ret {
			if !selfOnly(r) {
				return false
			}
		}
		for _, f := range t.field {
			if !selfOnly(f.typ) {
				return false
			}
		}
		return true
	}
	if !selfOnly(typ) {
		return
	}
	sym.typ = typ
	self := func(t *itype) *itype {
		if t != nil && t.cat == nilT && t.incomplete {
			return typ
		}
		return t
	}
	for _, p := range parts {
		p.key, p.val = self(p.key), self(p.val)
		for i := range p.arg {
			p.arg[i] = self(p.arg[i])
		}
		for i := range p.ret {
			p.ret[i] = self(p.ret[i])
		}
		for i := range p.field {
			p.field[i].typ = self(p.field[i].typ)
		}
	}
	for _, p := range parts {
		p.incomplete = false
	}
}

// resolveStandIns replaces, in the global types declared in roots, the
// nilT stand-ins for the name of a recursive type that is not a struct by
// the type declared: gta left them at the end of the copies of the type
// that it made while the name was not defined, where they had no
// parameters, results or elements (calling the result of the result of a
// `type F func() F` was refused: "too many arguments").
func resolveStandIns(roots []*node) {
	seen := map[*itype]bool{}
	var resolve func(t *itype)
	fix := func(p **itype) {
		if q := *p; q != nil && q.cat == nilT && q.name != "" {
			if c := q.recCanonical(); c != q && recNamed(c) {
				*p = c
			}
		}
		resolve(*p)
	}
	resolve = func(t *itype) {
		if t == nil || seen[t] {
			return
		}
		seen[t] = true
		fix(&t.key)
		fix(&t.val)
		for i := range t.arg {
			fix(&t.arg[i])
		}
		for i := range t.ret {
			fix(&t.ret[i])
		}
		for i := range t.field {
			fix(&t.field[i].typ)
		}
	}
	for _, root := range roots {
		root.Walk(func(n *node) bool {
			switch n.kind {
			case funcDecl:
				return false
			case typeSpec:
				resolve(n.typ)
				return false
			}
			return true
		}, nil)
	}
	// The copies that were incomplete only by the stand-ins are complete
	// now (a `*Arr` in a `type Arr [2]*Arr`, which finalize made again,
	// a nil dereference).
	for changed := true; changed; {
		changed = false
		for t := range seen {
			if !t.incomplete || t.cat == nilT {
				continue
			}
			complete := !(t.key != nil && t.key.incomplete || t.val != nil && t.val.incomplete)
			for _, a := range t.arg {
				complete = complete && !a.incomplete
			}
			for _, r := range t.ret {
				complete = complete && !r.incomplete
			}
			for _, f := range t.field {
				complete = complete && !f.typ.incomplete
			}
			if complete {
				t.incomplete, changed = false, true
			}
		}
	}
}
