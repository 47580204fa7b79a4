package interp

// petridish: this file is not yaegi's.

import (
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"sync/atomic"
)

// Decoding into values of cell types with methods (json.Unmarshal,
// (*json.Decoder).Decode). yaegi gives a cell type a reflect type without
// methods, so json decoded a field, element or map value of a cell type
// with an UnmarshalJSON or UnmarshalText method by its underlying type:
// `{"Level":"high"}` into a struct with a `Level` field of such a type
// failed, "cannot unmarshal string into Go struct field .Level of type
// int". (A pointer to such a type given alone had its wrapper, which the
// Session's json.Unmarshal decodes.)
//
// The argument, a pointer, is given to the function as a pointer to a
// shadow: a value of a type built like the argument's, in which each value
// of a cell type with one of those methods is a decodeTarget, a compiled
// type with the method, which calls the cell's. The shadow is made from
// the argument before the call: a target holds a pointer to the value it
// stands for, so json decodes into the user's values through it, and
// other parts are copies (maps and slices share their storage, as Go's
// decoding reuses it). After the call, the shadow is written back into the
// argument, whether the call failed or not, as json leaves what it decoded
// before an error: the parts that json replaced (a slice that grew, a map
// entry, a new pointee) are converted back to the cell types, a slice
// growing as json grows it, so its capacity is Go's.
//
// A target that json makes itself (a new slice element, map value or
// pointee) is zero: it finds the cell type it stands for through its own
// type, one of a pool of generic instances (decodeSlots), each bound to
// one cell type for the interpreter's life. Recursive types are followed
// to maxMappedDepth only.

// decodeSlots is the number of cell types of each kind (UnmarshalJSON,
// UnmarshalText) that decoding can stand for in one process.
const decodeSlots = 256

// maxDecodeDepth bounds how deep gen looks into a type that is not
// recursive.
const maxDecodeDepth = 16

// targetSlot is what a target type stands for: a cell type.
type targetSlot struct {
	rt    reflect.Type                              // the cell type's reflect type
	name  string                                    // the cell type's name, for errors
	wrap  func(*frame, reflect.Value) reflect.Value // a pointer to a value: the wrapper with the method
	frame atomic.Pointer[frame]                     // a frame of the interpreter, for wrap

	// decode, when set, decodes instead of a method: a recursive type's
	// value (lazyTarget).
	decode func(f *frame, p reflect.Value, b []byte) error
}

// unmarshal calls the cell method of the value that p points to.
func (s *targetSlot) unmarshal(p reflect.Value, b []byte) error {
	if s.decode != nil {
		return s.decode(s.frame.Load(), p, b)
	}
	w := s.wrap(s.frame.Load(), p)
	switch u := w.Interface().(type) {
	case json.Unmarshaler:
		return u.UnmarshalJSON(b)
	case encoding.TextUnmarshaler:
		return u.UnmarshalText(b)
	}
	return errors.New("petridish: " + s.name + " has no UnmarshalJSON or UnmarshalText method")
}

var (
	jsonSlots, textSlots [decodeSlots]atomic.Pointer[targetSlot]
	targetTypes          [2][decodeSlots]reflect.Type // json's, then text's
	slotsMu              sync.Mutex
	slotsUsed            [2]int
	slotOfType           sync.Map // *itype: *slotRef
	targetTypeSlot       sync.Map // a target's reflect.Type: *targetSlot
)

type slotRef struct {
	slot *targetSlot
	typ  reflect.Type
}

// cellTarget is the state of a decodeTarget: a pointer to the value it
// stands for, invalid for a target that json made, until json decodes
// into it.
type cellTarget struct{ p reflect.Value }

// decode calls s's method on the target's value, made first if need be.
func (c *cellTarget) decode(s *targetSlot, b []byte) error {
	if s == nil {
		return errors.New("petridish: a decoding target outlived its slot")
	}
	if !c.p.IsValid() {
		c.p = reflect.New(s.rt)
	}
	return s.unmarshal(c.p, b)
}

// slotIndex is the index of the instance with markers A, B: two [n]byte.
func slotIndex[A, B any]() int {
	return reflect.TypeFor[A]().Len()*16 + reflect.TypeFor[B]().Len()
}

// jsonTarget stands for a cell type with an UnmarshalJSON method.
type jsonTarget[A, B any] struct{ c cellTarget }

func (t *jsonTarget[A, B]) UnmarshalJSON(b []byte) error {
	return t.c.decode(jsonSlots[slotIndex[A, B]()].Load(), b)
}

// textTarget stands for a cell type with an UnmarshalText method.
type textTarget[A, B any] struct{ c cellTarget }

func (t *textTarget[A, B]) UnmarshalText(b []byte) error {
	return t.c.decode(textSlots[slotIndex[A, B]()].Load(), b)
}

func addTargets[A any](i int) {
	add := func(j int, jt, tt reflect.Type) {
		targetTypes[0][i*16+j], targetTypes[1][i*16+j] = jt, tt
	}
	add(0, reflect.TypeFor[jsonTarget[A, [0]byte]](), reflect.TypeFor[textTarget[A, [0]byte]]())
	add(1, reflect.TypeFor[jsonTarget[A, [1]byte]](), reflect.TypeFor[textTarget[A, [1]byte]]())
	add(2, reflect.TypeFor[jsonTarget[A, [2]byte]](), reflect.TypeFor[textTarget[A, [2]byte]]())
	add(3, reflect.TypeFor[jsonTarget[A, [3]byte]](), reflect.TypeFor[textTarget[A, [3]byte]]())
	add(4, reflect.TypeFor[jsonTarget[A, [4]byte]](), reflect.TypeFor[textTarget[A, [4]byte]]())
	add(5, reflect.TypeFor[jsonTarget[A, [5]byte]](), reflect.TypeFor[textTarget[A, [5]byte]]())
	add(6, reflect.TypeFor[jsonTarget[A, [6]byte]](), reflect.TypeFor[textTarget[A, [6]byte]]())
	add(7, reflect.TypeFor[jsonTarget[A, [7]byte]](), reflect.TypeFor[textTarget[A, [7]byte]]())
	add(8, reflect.TypeFor[jsonTarget[A, [8]byte]](), reflect.TypeFor[textTarget[A, [8]byte]]())
	add(9, reflect.TypeFor[jsonTarget[A, [9]byte]](), reflect.TypeFor[textTarget[A, [9]byte]]())
	add(10, reflect.TypeFor[jsonTarget[A, [10]byte]](), reflect.TypeFor[textTarget[A, [10]byte]]())
	add(11, reflect.TypeFor[jsonTarget[A, [11]byte]](), reflect.TypeFor[textTarget[A, [11]byte]]())
	add(12, reflect.TypeFor[jsonTarget[A, [12]byte]](), reflect.TypeFor[textTarget[A, [12]byte]]())
	add(13, reflect.TypeFor[jsonTarget[A, [13]byte]](), reflect.TypeFor[textTarget[A, [13]byte]]())
	add(14, reflect.TypeFor[jsonTarget[A, [14]byte]](), reflect.TypeFor[textTarget[A, [14]byte]]())
	add(15, reflect.TypeFor[jsonTarget[A, [15]byte]](), reflect.TypeFor[textTarget[A, [15]byte]]())
}

func init() {
	addTargets[[0]byte](0)
	addTargets[[1]byte](1)
	addTargets[[2]byte](2)
	addTargets[[3]byte](3)
	addTargets[[4]byte](4)
	addTargets[[5]byte](5)
	addTargets[[6]byte](6)
	addTargets[[7]byte](7)
	addTargets[[8]byte](8)
	addTargets[[9]byte](9)
	addTargets[[10]byte](10)
	addTargets[[11]byte](11)
	addTargets[[12]byte](12)
	addTargets[[13]byte](13)
	addTargets[[14]byte](14)
	addTargets[[15]byte](15)
}

// targetOf returns the state of s, a value of a target type.
func targetOf(s reflect.Value) *cellTarget {
	if !s.CanAddr() {
		p := reflect.New(s.Type())
		p.Elem().Set(s)
		s = p.Elem()
	}
	return (*cellTarget)(s.Addr().UnsafePointer())
}

var (
	jsonUnmarshalerType = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// decodesJSON reports whether a function with map types lt decodes JSON
// into its arguments: json.Unmarshal, (*json.Decoder).Decode.
func decodesJSON(lt []reflect.Type) bool {
	for _, t := range lt {
		if t == jsonUnmarshalerType {
			return true
		}
	}
	return false
}

// shadow is the conversion of values of one type for decoding.
type shadow struct {
	st  reflect.Type                                  // the shadow's type
	in  func(f *frame, u reflect.Value) reflect.Value // a shadow of u
	out func(s, u reflect.Value)                      // writes shadow s back into u, settable
}

// decodeMapper makes the shadows of the arguments of one call site.
type decodeMapper struct {
	n        *node
	anyParam func(i int) bool
	mu       sync.Mutex
	shadows  map[*itype]*shadow // of pointer types given as arguments
	building map[*itype]bool    // the struct types whose shadows gen is building
	slots    []*targetSlot      // those of the targets in the shadows
}

// pendingDecodes holds, by the address of a shadow given as an argument,
// what to do once the call returns.
var pendingDecodes sync.Map

// argument returns the value of argument i, node c, as given to the
// function: a pointer to a shadow, or nil when c's type needs none and c
// is not an empty interface (whose dynamic type is looked at each time).
func (d *decodeMapper) argument(c *node, i int) func(*frame) reflect.Value {
	if d == nil || !d.anyParam(i) || c.typ == nil {
		return nil
	}
	value := genValue(c)
	switch {
	case c.typ.cat == ptrT:
		t := c.typ
		sh := d.shadowOf(t)
		if sh == nil {
			if st, _ := structUnder(t, 0); st == nil {
				return nil
			}
			return func(f *frame) reflect.Value { return renaming(t, value(f)) }
		}
		return func(f *frame) reflect.Value { return d.start(f, t, sh, value(f)) }
	case isEmptyInterface(c.typ):
		return func(f *frame) reflect.Value {
			v0 := value(f)
			v := v0
			if v.Kind() == reflect.Interface && !v.IsNil() {
				v = v.Elem()
			}
			if !v.IsValid() || !v.CanInterface() {
				return v0
			}
			vi, ok := v.Interface().(valueInterface)
			if !ok || vi.node == nil || vi.node.typ == nil || vi.node.typ.cat != ptrT {
				return v0
			}
			sh := d.shadowOf(vi.node.typ)
			if sh == nil {
				if st, _ := structUnder(vi.node.typ, 0); st != nil {
					return renaming(vi.node.typ, vi.value)
				}
				return v0
			}
			return d.start(f, vi.node.typ, sh, vi.value)
		}
	}
	return nil
}

// shadowOf returns the shadow of pointer type t, or nil.
func (d *decodeMapper) shadowOf(t *itype) *shadow {
	d.mu.Lock()
	defer d.mu.Unlock()
	if sh, ok := d.shadows[t]; ok {
		return sh
	}
	sh := d.gen(t, 0)
	if d.shadows == nil {
		d.shadows = map[*itype]*shadow{}
	}
	d.shadows[t] = sh
	return sh
}

// start returns the shadow of u, a pointer, and notes what to do once the
// call returns.
func (d *decodeMapper) start(f *frame, t *itype, sh *shadow, u reflect.Value) reflect.Value {
	if u.Kind() != reflect.Ptr || u.IsNil() {
		return u
	}
	d.mu.Lock()
	for _, slot := range d.slots {
		// A target that json makes calls the method with this frame.
		slot.frame.Store(f)
	}
	d.mu.Unlock()
	s := sh.in(f, u)
	elem := sh.out
	pendingDecodes.Store(s.Pointer(), func(out []reflect.Value) {
		elem(s, addressableCopy(u))
		renameTargetErrors(out)
		renameStructErrors(t, out)
	})
	return s
}

// renaming returns u, a pointer of type t given to a decoding function
// without a shadow, noting that its json errors are to name t's structs.
func renaming(t *itype, u reflect.Value) reflect.Value {
	if u.Kind() == reflect.Ptr && !u.IsNil() {
		pendingDecodes.Store(u.Pointer(), func(out []reflect.Value) { renameStructErrors(t, out) })
	}
	return u
}

// addressableCopy returns a settable value holding pointer u.
func addressableCopy(u reflect.Value) reflect.Value {
	p := reflect.New(u.Type()).Elem()
	p.Set(u)
	return p
}

// finishDecodes returns what to do after a call with arguments in: the
// write-backs of the shadows among them.
func finishDecodes(in []reflect.Value) []func([]reflect.Value) {
	var fins []func([]reflect.Value)
	for _, v := range in {
		if v.Kind() != reflect.Ptr || v.IsNil() {
			continue
		}
		if fin, ok := pendingDecodes.LoadAndDelete(v.Pointer()); ok {
			fins = append(fins, fin.(func([]reflect.Value)))
		}
	}
	return fins
}

// wrapDecodingCall returns call, which runs the write-backs of the
// shadows among its arguments after it returns.
func wrapDecodingCall(call func(reflect.Value, []reflect.Value) []reflect.Value) func(reflect.Value, []reflect.Value) []reflect.Value {
	return func(fn reflect.Value, in []reflect.Value) []reflect.Value {
		fins := finishDecodes(in)
		if len(fins) == 0 {
			return call(fn, in)
		}
		var out []reflect.Value
		defer func() {
			for _, fin := range fins {
				fin(out)
			}
		}()
		out = call(fn, in)
		return out
	}
}

// namedRType is a reflect.Type with a cell type's name, for json's errors:
// a mismatch on a target said "of type interp.textTarget[[0]uint8,...]".
type namedRType struct {
	reflect.Type
	name string
}

func (t namedRType) String() string { return t.name }

// renameTargetErrors gives an *json.UnmarshalTypeError among out whose
// type is a target's the cell type's name.
func renameTargetErrors(out []reflect.Value) {
	for _, v := range out {
		if !v.IsValid() || v.Kind() != reflect.Interface || v.IsNil() {
			continue
		}
		err, ok := v.Interface().(error)
		if !ok {
			continue
		}
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Type != nil {
			if s, ok := targetTypeSlot.Load(te.Type); ok {
				slot := s.(*targetSlot)
				te.Type = namedRType{Type: slot.rt, name: slot.name}
			} else if te.Type.Kind() == reflect.Ptr {
				if s, ok := targetTypeSlot.Load(te.Type.Elem()); ok {
					slot := s.(*targetSlot)
					te.Type = namedRType{Type: reflect.PointerTo(slot.rt), name: "*" + slot.name}
				}
			}
		}
	}
}

// gen returns the shadow of t, or nil when t needs none.
func (d *decodeMapper) gen(t *itype, depth int) *shadow {
	if t == nil || depth > maxDecodeDepth {
		return nil
	}
	if sh := d.target(t); sh != nil {
		return sh
	}
	if t.cat == linkedT {
		return d.gen(t.val, depth)
	}
	rt := t.TypeOf()
	if rt == nil {
		return nil
	}
	switch t.cat {
	case ptrT:
		elem := d.gen(t.val, depth+1)
		if elem == nil || rt.Kind() != reflect.Ptr {
			return nil
		}
		return ptrShadow(elem, rt)
	case sliceT:
		elem := d.gen(t.val, depth+1)
		if elem == nil || rt.Kind() != reflect.Slice {
			return nil
		}
		return sliceShadow(elem)
	case arrayT:
		elem := d.gen(t.val, depth+1)
		if elem == nil || rt.Kind() != reflect.Array {
			return nil
		}
		st := reflect.ArrayOf(rt.Len(), elem.st)
		return &shadow{st: st,
			in: func(f *frame, u reflect.Value) reflect.Value {
				s := reflect.New(st).Elem()
				u = addressable(u)
				for i := 0; i < u.Len(); i++ {
					s.Index(i).Set(elem.in(f, u.Index(i)))
				}
				return s
			},
			out: func(s, u reflect.Value) {
				s = addressable(s)
				for i := 0; i < u.Len(); i++ {
					elem.out(s.Index(i), u.Index(i))
				}
			}}
	case mapT:
		if rt.Kind() != reflect.Map {
			return nil
		}
		key := d.textKey(t.key)
		elem := d.gen(t.val, depth+1)
		if key == nil && elem == nil {
			return nil
		}
		return mapShadow(rt, key, elem)
	case structT:
		if rt.Kind() != reflect.Struct || rt.NumField() != len(t.field) {
			return nil
		}
		if d.building[t] {
			// A recursive type (`Kids []*Node` in Node): reflect cannot
			// build a recursive shadow.
			return d.lazyTarget(t)
		}
		if d.building == nil {
			d.building = map[*itype]bool{}
		}
		d.building[t] = true
		defer delete(d.building, t)
		return d.structShadow(t, rt, depth)
	}
	return nil
}

// identity is the shadow of a part that needs none: itself.
func identity(rt reflect.Type) *shadow {
	return &shadow{st: rt,
		in:  func(_ *frame, u reflect.Value) reflect.Value { return u },
		out: func(s, u reflect.Value) { u.Set(s) }}
}

// target returns the shadow of a cell type with an UnmarshalJSON or
// UnmarshalText method in its pointer's method set: a target, or nil.
func (d *decodeMapper) target(t *itype) *shadow {
	if t.cat == valueT || t.cat == ptrT || t.cat == nilT || isInterface(t) {
		return nil
	}
	pt := ptrOf(t)
	kind := -1
	for i, rt := range []reflect.Type{jsonUnmarshalerType, textUnmarshalerType} {
		if pt.implements(&itype{cat: valueT, rtype: rt}) && methodsInSet(pt, rt) {
			kind = i
			break
		}
	}
	if kind < 0 {
		return nil
	}
	ref := d.slot(t, kind)
	if ref == nil {
		return exhausted(t)
	}
	d.slots = append(d.slots, ref.slot)
	return targetShadow(ref)
}

// targetShadow is the shadow of a cell type that ref's target stands for.
func targetShadow(ref *slotRef) *shadow {
	slot, st := ref.slot, ref.typ
	return &shadow{st: st,
		in: func(f *frame, u reflect.Value) reflect.Value {
			slot.frame.Store(f)
			s := reflect.New(st).Elem()
			c := targetOf(s)
			if u.CanAddr() {
				c.p = u.Addr()
			} else {
				c.p = reflect.New(u.Type())
				c.p.Elem().Set(u)
			}
			return s
		},
		out: func(s, u reflect.Value) {
			c := targetOf(s)
			switch {
			case !c.p.IsValid():
				u.SetZero()
			case u.CanAddr() && c.p.Pointer() == u.Addr().Pointer():
			default:
				u.Set(c.p.Elem())
			}
		}}
}

// slot returns the target type that stands for cell type t, with kind
// 0 (UnmarshalJSON) or 1 (UnmarshalText), binding a free one first.
func (d *decodeMapper) slot(t *itype, kind int) *slotRef {
	key := [2]any{t, kind}
	if r, ok := slotOfType.Load(key); ok {
		return r.(*slotRef)
	}
	slotsMu.Lock()
	defer slotsMu.Unlock()
	if r, ok := slotOfType.Load(key); ok {
		return r.(*slotRef)
	}
	i := slotsUsed[kind]
	if i >= decodeSlots {
		return nil
	}
	rtype := []reflect.Type{jsonUnmarshalerType, textUnmarshalerType}[kind]
	nt := *d.n
	nt.typ = ptrOf(t)
	wrap := genInterfaceWrapperOf(&nt, rtype)
	if wrap == nil {
		return nil
	}
	slot := &targetSlot{rt: t.TypeOf(), name: t.id(), wrap: wrap}
	if kind == 0 {
		jsonSlots[i].Store(slot)
	} else {
		textSlots[i].Store(slot)
	}
	slotsUsed[kind]++
	ref := &slotRef{slot: slot, typ: targetTypes[kind][i]}
	targetTypeSlot.Store(ref.typ, slot)
	slotOfType.Store(key, ref)
	return ref
}

// lazyTarget returns the shadow of recursive struct type t where it
// recurs: a target whose method decodes into a shadow of t made then,
// with json.Unmarshal. json's type errors inside it end the decoding
// (where Go goes on and reports the first at the end), and name the
// fields from it.
func (d *decodeMapper) lazyTarget(t *itype) *shadow {
	key := [2]any{t, 2}
	var ref *slotRef
	if r, ok := slotOfType.Load(key); ok {
		ref = r.(*slotRef)
	} else {
		slotsMu.Lock()
		if r, ok := slotOfType.Load(key); ok {
			ref = r.(*slotRef)
		} else if i := slotsUsed[0]; i < decodeSlots {
			inner := &decodeMapper{n: d.n}
			var once sync.Once
			var sh *shadow
			slot := &targetSlot{rt: t.TypeOf(), name: t.id(), decode: func(f *frame, p reflect.Value, b []byte) error {
				once.Do(func() { sh = inner.gen(ptrOf(t), 0) })
				if sh == nil {
					return json.Unmarshal(b, p.Interface())
				}
				for _, slot := range inner.slots {
					slot.frame.Store(f)
				}
				s := sh.in(f, p)
				err := json.Unmarshal(b, s.Interface())
				sh.out(s, addressableCopy(p))
				return err
			}}
			jsonSlots[i].Store(slot)
			slotsUsed[0]++
			ref = &slotRef{slot: slot, typ: targetTypes[0][i]}
			targetTypeSlot.Store(ref.typ, slot)
			slotOfType.Store(key, ref)
		}
		slotsMu.Unlock()
	}
	if ref == nil {
		return exhausted(t)
	}
	d.slots = append(d.slots, ref.slot)
	return targetShadow(ref)
}

// exhausted is the shadow of cell type t when no target type is left for
// it: decoding panics, saying so, rather than decode t's values without
// their methods.
func exhausted(t *itype) *shadow {
	msg := "petridish: json cannot decode into " + t.id() + " with its methods: more than " +
		fmt.Sprint(decodeSlots) + " cell types with UnmarshalJSON or UnmarshalText methods were decoded in this process"
	return &shadow{st: t.TypeOf(),
		in:  func(*frame, reflect.Value) reflect.Value { panic(errors.New(msg)) },
		out: func(s, u reflect.Value) {}}
}

// textKey returns the shadow of a map key of cell type t with an
// UnmarshalText method, which json decodes keys with, or nil.
func (d *decodeMapper) textKey(t *itype) *shadow {
	if t == nil || t.cat == valueT || t.cat == ptrT || isInterface(t) {
		return nil
	}
	pt := ptrOf(t)
	if !pt.implements(&itype{cat: valueT, rtype: textUnmarshalerType}) || !methodsInSet(pt, textUnmarshalerType) {
		return nil
	}
	ref := d.slot(t, 1)
	if ref == nil {
		return exhausted(t)
	}
	d.slots = append(d.slots, ref.slot)
	st := ref.typ
	return &shadow{st: st,
		in: func(f *frame, u reflect.Value) reflect.Value {
			ref.slot.frame.Store(f)
			s := reflect.New(st).Elem()
			c := targetOf(s)
			c.p = reflect.New(u.Type())
			c.p.Elem().Set(u)
			return s
		},
		out: func(s, u reflect.Value) {
			c := targetOf(s)
			if c.p.IsValid() {
				u.Set(c.p.Elem())
			} else {
				u.SetZero()
			}
		}}
}

// ptrShadow is the shadow of pointer type rt to elem's type. json follows
// a pointer that is not nil, and sets it to nil for a JSON null.
func ptrShadow(elem *shadow, rt reflect.Type) *shadow {
	st := reflect.PointerTo(elem.st)
	return &shadow{st: st,
		in: func(f *frame, u reflect.Value) reflect.Value {
			if u.IsNil() {
				return reflect.Zero(st)
			}
			p := reflect.New(elem.st)
			p.Elem().Set(elem.in(f, u.Elem()))
			return p
		},
		out: func(s, u reflect.Value) {
			switch {
			case s.IsNil():
				u.SetZero()
			case u.IsNil():
				n := reflect.New(rt.Elem())
				elem.out(s.Elem(), n.Elem())
				u.Set(n)
			default:
				elem.out(s.Elem(), u.Elem())
			}
		}}
}

// sliceShadow is the shadow of a slice of elem's type. json decodes into
// the elements a slice has up to its capacity, and grows it one element
// at a time, which out replays on the user's slice, so that it ends with
// the capacity Go's decoding gives it.
func sliceShadow(elem *shadow) *shadow {
	st := reflect.SliceOf(elem.st)
	return &shadow{st: st,
		in: func(f *frame, u reflect.Value) reflect.Value {
			if u.IsNil() {
				return reflect.Zero(st)
			}
			c := u.Cap()
			full := u.Slice3(0, c, c)
			s := reflect.MakeSlice(st, c, c)
			for i := 0; i < c; i++ {
				s.Index(i).Set(elem.in(f, full.Index(i)))
			}
			return s.Slice(0, u.Len())
		},
		out: func(s, u reflect.Value) {
			if s.IsNil() {
				u.SetZero()
				return
			}
			n := s.Len()
			if n == 0 {
				if s.Cap() == 0 && (u.IsNil() || u.Cap() != 0) {
					u.Set(reflect.MakeSlice(u.Type(), 0, 0))
				} else {
					u.Set(u.Slice(0, 0))
				}
				return
			}
			r := reflect.New(u.Type()).Elem()
			r.Set(u)
			for i := 0; i < n; i++ {
				if i >= r.Cap() {
					r.Grow(1)
				}
				if i >= r.Len() {
					r.SetLen(i + 1)
				}
			}
			r = r.Slice(0, n)
			for i := 0; i < n; i++ {
				elem.out(s.Index(i), r.Index(i))
			}
			u.Set(r)
		}}
}

// mapShadow is the shadow of map type rt, whose keys (key) or values
// (elem) need one. json adds entries to a map that is not nil; each
// value it decodes is new.
func mapShadow(rt reflect.Type, key, elem *shadow) *shadow {
	if key == nil {
		key = identity(rt.Key())
	}
	if elem == nil {
		elem = identity(rt.Elem())
	}
	st := reflect.MapOf(key.st, elem.st)
	return &shadow{st: st,
		in: func(f *frame, u reflect.Value) reflect.Value {
			if u.IsNil() {
				return reflect.Zero(st)
			}
			s := reflect.MakeMapWithSize(st, u.Len())
			for it := u.MapRange(); it.Next(); {
				v := reflect.New(rt.Elem()).Elem()
				v.Set(it.Value())
				s.SetMapIndex(key.in(f, it.Key()), elem.in(f, v))
			}
			return s
		},
		out: func(s, u reflect.Value) {
			if s.IsNil() {
				u.SetZero()
				return
			}
			if u.IsNil() {
				u.Set(reflect.MakeMapWithSize(rt, s.Len()))
			}
			for it := s.MapRange(); it.Next(); {
				k := reflect.New(rt.Key()).Elem()
				key.out(it.Key(), k)
				v := reflect.New(rt.Elem()).Elem()
				elem.out(it.Value(), v)
				u.SetMapIndex(k, v)
			}
		}}
}

// structShadow is the shadow of struct type t (rt in reflect): the same
// fields, names and tags, of their shadows' types.
func (d *decodeMapper) structShadow(t *itype, rt reflect.Type, depth int) *shadow {
	fields := make([]*shadow, rt.NumField())
	some := false
	for i := range fields {
		fields[i] = d.gen(t.field[i].typ, depth+1)
		some = some || fields[i] != nil
	}
	if !some {
		return nil
	}
	sfs := make([]reflect.StructField, rt.NumField())
	for i := range sfs {
		sfs[i] = rt.Field(i)
		sfs[i].Offset, sfs[i].Index = 0, nil
		if fields[i] != nil {
			sfs[i].Type = fields[i].st
		}
	}
	st := reflect.StructOf(sfs)
	return &shadow{st: st,
		in: func(f *frame, u reflect.Value) reflect.Value {
			u = addressable(u)
			s := reflect.New(st).Elem()
			for i, sh := range fields {
				uf := settableField(u, i)
				if sh != nil {
					settableField(s, i).Set(sh.in(f, uf))
				} else {
					settableField(s, i).Set(uf)
				}
			}
			return s
		},
		out: func(s, u reflect.Value) {
			s = addressable(s)
			for i, sh := range fields {
				uf := settableField(u, i)
				if sh != nil {
					sh.out(settableField(s, i), uf)
				} else {
					uf.Set(settableField(s, i))
				}
			}
		}}
}
