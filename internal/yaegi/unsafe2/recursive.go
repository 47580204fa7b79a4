package unsafe2

// petridish: the element, key, parameter and result types of a type made
// at run time by reflect (PointerTo, SliceOf, ArrayOf, ChanOf, MapOf,
// FuncOf) are set here, so that the interpreter can make recursive types
// that are not structs (`type F func(string) F`, `type P *P`, `type T
// []T`), which reflect cannot make directly: the type is made with a
// stand-in of the same layout where it refers to itself, and
// ReplaceType then puts the type itself in the stand-in's places.
//
// This writes into reflect's type descriptors (internal/abi's Type and
// its kinds' structs, mirrored below as of Go 1.26), which is only sound
// while their layout is the one mirrored: Recursive (checked once, at
// init, against types whose parts are known) says whether it is; when
// not, ReplaceType does nothing and reports false, and the interpreter
// refuses such types with a compile error, as before.

import (
	"reflect"
	"unsafe"
)

// abiTypeHeader mirrors internal/abi.Type.
type abiTypeHeader struct {
	Size       uintptr
	PtrBytes   uintptr
	Hash       uint32
	TFlag      uint8
	Align      uint8
	FieldAlign uint8
	Kind       uint8
	Equal      func(unsafe.Pointer, unsafe.Pointer) bool
	GCData     *byte
	Str        int32
	PtrToThis  int32
}

// abiElemType mirrors internal/abi.PtrType and SliceType.
type abiElemType struct {
	abiTypeHeader
	Elem *abiTypeHeader
}

// abiArrayType mirrors internal/abi.ArrayType.
type abiArrayType struct {
	abiTypeHeader
	Elem  *abiTypeHeader
	Slice *abiTypeHeader
	Len   uintptr
}

// abiMapType mirrors the start of internal/abi.MapType (ChanType starts
// as PtrType does).
type abiMapType struct {
	abiTypeHeader
	Key  *abiTypeHeader
	Elem *abiTypeHeader
}

// abiFuncType mirrors internal/abi.FuncType, which is followed in memory
// by an UncommonType (when TFlag has tflagUncommon) and then by its
// parameters' and results' types.
type abiFuncType struct {
	abiTypeHeader
	InCount  uint16
	OutCount uint16
}

// abiUncommonType mirrors internal/abi.UncommonType.
type abiUncommonType struct {
	PkgPath int32
	Mcount  uint16
	Xcount  uint16
	Moff    uint32
	_       uint32
}

const tflagUncommon = 1 << 0

// Recursive reports whether the layout of reflect's types is the one
// mirrored here, so that ReplaceType can be used.
var Recursive = checkLayout()

// typeHeader returns reflect's descriptor of t: a reflect.Type is a
// *reflect.rtype, which is an internal/abi.Type.
func typeHeader(t reflect.Type) *abiTypeHeader {
	return (*abiTypeHeader)((*[2]unsafe.Pointer)(unsafe.Pointer(&t))[1])
}

// funcTypes returns the parameters' and results' types of func type f.
func funcTypes(f *abiTypeHeader) []*abiTypeHeader {
	ft := (*abiFuncType)(unsafe.Pointer(f))
	off := unsafe.Sizeof(*ft)
	if ft.TFlag&tflagUncommon != 0 {
		off += unsafe.Sizeof(abiUncommonType{})
	}
	n := int(ft.InCount) + int(ft.OutCount&(1<<15-1))
	if n == 0 {
		return nil
	}
	return unsafe.Slice((**abiTypeHeader)(unsafe.Add(unsafe.Pointer(ft), off)), n)
}

// checkLayout checks the mirrored layouts on types made by reflect and on
// compiled ones, whose parts are known.
func checkLayout() (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	type probe struct{ a, b int16 }
	tInt, tStr, tProbe := reflect.TypeFor[int](), reflect.TypeFor[string](), reflect.TypeFor[probe]()
	if unpackType(tInt) != (*abiType)(unsafe.Pointer(typeHeader(tInt))) ||
		typeHeader(tInt).Size != tInt.Size() || typeHeader(tProbe).Size != tProbe.Size() ||
		typeHeader(tProbe).Align != uint8(tProbe.Align()) || typeHeader(tProbe).Kind != uint8(reflect.Struct) {
		return false
	}
	elem := func(t reflect.Type) *abiTypeHeader { return (*abiElemType)(unsafe.Pointer(typeHeader(t))).Elem }
	for _, t := range []reflect.Type{
		reflect.PointerTo(tProbe), reflect.SliceOf(tProbe), reflect.ChanOf(reflect.RecvDir, tProbe),
		reflect.TypeFor[*probe](), reflect.TypeFor[[]probe](), reflect.TypeFor[chan probe](),
	} {
		if elem(t) != typeHeader(tProbe) {
			return false
		}
	}
	for _, t := range []reflect.Type{reflect.ArrayOf(3, tProbe), reflect.TypeFor[[3]probe]()} {
		a := (*abiArrayType)(unsafe.Pointer(typeHeader(t)))
		if a.Elem != typeHeader(tProbe) || a.Len != 3 || a.Slice != typeHeader(reflect.SliceOf(tProbe)) {
			return false
		}
	}
	for _, t := range []reflect.Type{reflect.MapOf(tStr, tProbe), reflect.TypeFor[map[string]probe]()} {
		m := (*abiMapType)(unsafe.Pointer(typeHeader(t)))
		if m.Key != typeHeader(tStr) || m.Elem != typeHeader(tProbe) {
			return false
		}
	}
	type named func(int, ...string) (probe, error)
	for _, t := range []reflect.Type{
		reflect.FuncOf([]reflect.Type{tInt, reflect.SliceOf(tStr)}, []reflect.Type{tProbe, reflect.TypeFor[error]()}, true),
		reflect.TypeFor[func(int, ...string) (probe, error)](),
		reflect.TypeFor[named](), // with an UncommonType
	} {
		ts := funcTypes(typeHeader(t))
		if len(ts) != t.NumIn()+t.NumOut() {
			return false
		}
		for i := 0; i < t.NumIn(); i++ {
			if ts[i] != typeHeader(t.In(i)) {
				return false
			}
		}
		for i := 0; i < t.NumOut(); i++ {
			if ts[t.NumIn()+i] != typeHeader(t.Out(i)) {
				return false
			}
		}
	}
	return true
}

// ReplaceType replaces old by new wherever root refers to it, through the
// pointer, slice, array, chan, map, func and struct types made at run
// time that root is made of (a named type, compiled, cannot refer to
// old). old must be a type made for this (a stand-in), not used
// elsewhere, and of new's layout. It reports false, changing nothing,
// when reflect's layout is not the one known (Recursive is false).
//
// This is very unsafe: the types changed must have been made at run time.
func ReplaceType(root, old, new reflect.Type) bool {
	if !Recursive {
		return false
	}
	r := replacer{old: old, new: new, seen: map[reflect.Type]bool{}}
	r.replace(root)
	return true
}

type replacer struct {
	old, new reflect.Type
	seen     map[reflect.Type]bool
}

// fix replaces *p, the type sub, by new if it is old, and else looks
// into sub.
func (r *replacer) fix(p **abiTypeHeader, sub reflect.Type) {
	if sub == r.old {
		*p = typeHeader(r.new)
		return
	}
	r.replace(sub)
}

func (r *replacer) replace(t reflect.Type) {
	if t.Name() != "" || r.seen[t] {
		return
	}
	r.seen[t] = true
	h := typeHeader(t)
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Chan:
		e := (*abiElemType)(unsafe.Pointer(h))
		r.fix(&e.Elem, t.Elem())
	case reflect.Array:
		// The slice type of the array's elements, which reflect uses to
		// slice the array, is made of old too: SliceOf(t.Elem()) is it.
		a := (*abiArrayType)(unsafe.Pointer(h))
		if s := reflect.SliceOf(t.Elem()); typeHeader(s) == a.Slice {
			r.replace(s)
		}
		r.fix(&a.Elem, t.Elem())
	case reflect.Map:
		m := (*abiMapType)(unsafe.Pointer(h))
		r.fix(&m.Key, t.Key())
		r.fix(&m.Elem, t.Elem())
	case reflect.Func:
		ts := funcTypes(h)
		in := t.NumIn()
		for i := 0; i < in; i++ {
			r.fix(&ts[i], t.In(i))
		}
		for i := 0; i < t.NumOut(); i++ {
			r.fix(&ts[in+i], t.Out(i))
		}
	case reflect.Struct:
		for i := 0; i < t.NumField(); i++ {
			if ft := t.Field(i).Type; ft == r.old {
				SetFieldType(t, i, r.new)
			} else {
				r.replace(ft)
			}
		}
	}
}
