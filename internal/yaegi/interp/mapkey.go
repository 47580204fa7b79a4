package interp

// petridish: this file is not yaegi's. The keys of maps whose key type is
// an interface (`map[Shape]int`, `map[any]bool`) are made canonical, so
// that equal keys are one key, as in Go.

import (
	"reflect"
	"runtime"
	"sync"
	"unsafe"
	"weak"
)

// keyTable makes the keys of maps with interface keys canonical. A value
// of a cell type with methods in an interface is a valueInterface: the
// node its type comes from and a reflect.Value, whose pointer to the
// value's storage differs from one copy to the next. Go's maps compare
// those words, so `m[Sq{2}]` of a map[Shape]int missed the entry that
// `m[Sq{2}] = 3` had stored, and `map[any]int` counted one key many
// times. The table gives all equal keys one node per dynamic type and
// one storage per value. The storage is held weakly: an entry goes when
// no map (or other value) holds the key any more.
type keyTable struct {
	mu      sync.Mutex
	types   map[*itype]keyType // the node standing for each dynamic type
	byID    map[string]*node   // the same, by type id
	storage map[typedKey]weak.Pointer[byte]
}

// keyType is the node that stands for a type in canonical keys, and the
// type's id.
type keyType struct {
	node *node
	id   string
}

// typedKey is a key value with its dynamic type's id.
type typedKey struct {
	typ   string
	value interface{}
}

func newKeyTable() *keyTable {
	return &keyTable{
		types:   map[*itype]keyType{},
		byID:    map[string]*node{},
		storage: map[typedKey]weak.Pointer[byte]{},
	}
}

// canonical returns key v with its valueInterfaces (v itself, or in an
// interface, or fields and elements of a struct or array) given their
// canonical node and storage; other keys as they are.
func (kt *keyTable) canonical(v reflect.Value) reflect.Value {
	if !v.IsValid() {
		return v
	}
	t := v.Type()
	switch {
	case t == valueInterfaceType:
		return kt.canonicalValueInterface(v.Interface().(valueInterface), v)
	case t.Kind() == reflect.Interface:
		if v.IsNil() {
			return v
		}
		e := v.Elem()
		if e.Type() != valueInterfaceType && !holdsInterfaces(e.Type()) {
			return v
		}
		r := reflect.New(t).Elem()
		r.Set(kt.canonical(e))
		return r
	case !holdsInterfaces(t):
		return v
	}
	r := reflect.New(t).Elem()
	r.Set(v)
	switch t.Kind() {
	case reflect.Struct:
		for i := 0; i < t.NumField(); i++ {
			if f := r.Field(i); f.CanSet() {
				f.Set(kt.canonical(f))
			}
		}
	case reflect.Array:
		for i := 0; i < t.Len(); i++ {
			r.Index(i).Set(kt.canonical(r.Index(i)))
		}
	}
	return r
}

// canonicalValueInterface returns vi with its canonical node and
// storage, or v, which holds vi, when vi is nil or cannot be read.
func (kt *keyTable) canonicalValueInterface(vi valueInterface, v reflect.Value) reflect.Value {
	vi = innermostValueInterface(vi)
	if vi.node == nil || vi.node.typ == nil || !vi.value.IsValid() || !vi.value.CanInterface() {
		return v
	}
	if vi.value.Kind() == reflect.Interface {
		if vi.value.IsNil() {
			return v
		}
		vi.value = vi.value.Elem()
	}
	if holdsInterfaces(vi.value.Type()) {
		// petridish: a struct or array whose fields or elements hold
		// values kept with their types: those first.
		vi.value = kt.canonical(vi.value)
	}
	kt.mu.Lock()
	defer kt.mu.Unlock()
	nod, id := kt.node(vi.node)
	return reflect.ValueOf(valueInterface{nod, kt.storageOf(id, vi.value)})
}

// holdsInterfaces reports whether t, a struct or array type, has fields
// or elements that are interfaces, at any depth.
func holdsInterfaces(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Interface:
		return true
	case reflect.Struct:
		if t == valueInterfaceType {
			return true
		}
		for i := 0; i < t.NumField(); i++ {
			if holdsInterfaces(t.Field(i).Type) {
				return true
			}
		}
	case reflect.Array:
		return holdsInterfaces(t.Elem())
	}
	return false
}

// node returns the node standing for n's type, and the type's id.
func (kt *keyTable) node(n *node) (*node, string) {
	if c, ok := kt.types[n.typ]; ok {
		return c.node, c.id
	}
	id := n.typ.id()
	c, ok := kt.byID[id]
	if !ok {
		c = n
		kt.byID[id] = n
	}
	kt.types[n.typ] = keyType{c, id}
	return c, id
}

// storageOf returns value v of the type with id as a reflect.Value whose
// words are the same for all values equal to v: for a pointer-shaped
// type (a pointer, map, channel, func) or an empty one, v's own; else a
// copy of v in storage that the table keeps for all keys equal to v.
// kt.mu is held.
func (kt *keyTable) storageOf(id string, v reflect.Value) reflect.Value {
	t := v.Type()
	if pointerShaped(t) || t.Size() == 0 {
		return reflect.ValueOf(v.Interface())
	}
	x := v.Interface()
	k := typedKey{id, x}
	if w, ok := kt.storage[k]; ok {
		if p := w.Value(); p != nil {
			return reflect.ValueOf(withData(x, unsafe.Pointer(p)))
		}
	}
	s := reflect.New(t)
	s.Elem().Set(v)
	p := (*byte)(s.UnsafePointer())
	kt.storage[k] = weak.Make(p)
	runtime.AddCleanup(p, kt.forget, k)
	return reflect.ValueOf(withData(x, unsafe.Pointer(p)))
}

// forget drops the entry of k once its storage is gone.
func (kt *keyTable) forget(k typedKey) {
	kt.mu.Lock()
	defer kt.mu.Unlock()
	if w, ok := kt.storage[k]; ok && w.Value() == nil {
		delete(kt.storage, k)
	}
}

// withData returns x, an interface holding a value stored indirectly,
// with its data word replaced by p, which points to an equal value of
// the same type.
func withData(x interface{}, p unsafe.Pointer) interface{} {
	(*[2]unsafe.Pointer)(unsafe.Pointer(&x))[1] = p
	return x
}

// pointerShaped reports whether an interface holds values of type t in
// its data word itself, as Go does for types whose values are one
// pointer: reflect.ValueOf of such a value carries the pointer, the same
// for equal values.
func pointerShaped(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Ptr, reflect.Map, reflect.Chan, reflect.Func, reflect.UnsafePointer:
		return true
	case reflect.Struct:
		return t.NumField() == 1 && pointerShaped(t.Field(0).Type)
	case reflect.Array:
		return t.Len() == 1 && pointerShaped(t.Elem())
	}
	return false
}

// mapKeyType returns the interpreter's type of the keys of map type t,
// or nil for a map type of compiled code.
func mapKeyType(t *itype) *itype {
	if t != nil {
		t = t.resolveAlias()
	}
	if t != nil && t.cat == mapT {
		return t.key
	}
	return nil
}

// genMapKey returns the key k of map m (m[k], delete(m, k)) as the map
// stores it: converted to m's key type, and canonical when that is an
// interface (keyTable). nil when m's keys are not interfaces: the
// caller's generator is right for them.
func genMapKey(m, k *node) func(*frame) reflect.Value {
	if !interfaceKeys(m.typ.TypeOf()) {
		return nil
	}
	if t := k.typ; t != nil && !isInterface(t) && !keepsMethods(t) {
		if rt := t.TypeOf(); rt != nil && !holdsInterfaces(rt) {
			return nil // a key of a plain type (a string, an int) is stored as it is
		}
	}
	var key func(*frame) reflect.Value
	if kt := mapKeyType(m.typ); kt != nil {
		key = genDestValue(kt, k)
	} else {
		key = genValue(k)
	}
	return m.interp.mapKeys.canonicalOf(key)
}

// canonicalOf returns key's values made canonical.
func (kt *keyTable) canonicalOf(key func(*frame) reflect.Value) func(*frame) reflect.Value {
	return func(f *frame) reflect.Value { return kt.canonical(key(f)) }
}

// interfaceKeys reports whether rt is a map type whose keys are, or
// hold, interfaces, of compiled code or interpreted (valueInterface).
func interfaceKeys(rt reflect.Type) bool {
	if rt == nil || rt.Kind() != reflect.Map {
		return false
	}
	return holdsInterfaces(rt.Key())
}

// genIndexKey returns the key of n, an index expression m[k] of a map:
// genMapKey's, or k's own value when m's keys are not interfaces.
func genIndexKey(n *node) func(*frame) reflect.Value {
	if key := genMapKey(n.child[0], n.child[1]); key != nil {
		return key
	}
	return genValue(n.child[1])
}

// keyParts returns key k's dynamic type's name and its value, taken out
// of interfaces and valueInterfaces; an invalid value for nil.
func keyParts(k reflect.Value) (string, reflect.Value) {
	for k.IsValid() && k.Kind() == reflect.Interface {
		if k.IsNil() {
			return "", reflect.Value{}
		}
		k = k.Elem()
	}
	if !k.IsValid() {
		return "", k
	}
	if k.Type() == valueInterfaceType {
		vi := innermostValueInterface(k.Interface().(valueInterface))
		if vi.node == nil || vi.node.typ == nil || !vi.value.IsValid() {
			return "", reflect.Value{}
		}
		_, v := keyParts(vi.value)
		return vi.node.typ.id(), v
	}
	return k.Type().String(), k
}

// comparable returns op, the operand of == or != that c gives, made
// canonical first when c is a struct or array holding interfaces: two
// structs holding equal values of cell types with methods in interface
// fields compared their valueInterfaces' pointers, so `p == q` of two
// Pair{Sq{1}, Sq{2}} was false.
//
// An operand of an interface type is made canonical when its dynamic
// value is such a struct or array (canonicalOperand): `any(P{N(1)}) ==
// any(P{N(1)})` of a `type P struct{ A any }` was false. petridish.
func (kt *keyTable) comparable(c *node, op func(reflect.Value) interface{}) func(reflect.Value) interface{} {
	t := c.typ.TypeOf()
	switch {
	case t == nil:
		return op
	case t == valueInterfaceType || t.Kind() == reflect.Interface:
		return func(v reflect.Value) interface{} { return op(kt.canonicalOperand(v)) }
	case !holdsInterfaces(t):
		return op
	}
	return func(v reflect.Value) interface{} { return op(kt.canonical(v)) }
}

// canonicalOperand returns v, an interface operand of == or !=, with its
// dynamic value made canonical when that is a struct or array holding
// interfaces, bare or kept with its cell type (a valueInterface); v as
// it is otherwise, without the table's lock.
func (kt *keyTable) canonicalOperand(v reflect.Value) reflect.Value {
	d := v
	for d.IsValid() && d.Kind() == reflect.Interface {
		if d.IsNil() {
			return v
		}
		d = d.Elem()
	}
	if !d.IsValid() {
		return v
	}
	if d.Type() != valueInterfaceType {
		if !holdsInterfaces(d.Type()) {
			return v
		}
		return kt.canonical(d)
	}
	vi := innermostValueInterface(d.Interface().(valueInterface))
	inner, ok := dynamic(vi.value)
	if vi.node == nil || !ok || !holdsInterfaces(inner.Type()) {
		return v
	}
	return reflect.ValueOf(valueInterface{vi.node, kt.canonical(inner)})
}
