package interp

// petridish: this file is not yaegi's.

import (
	"fmt"
	"reflect"
	"sync"
	"sync/atomic"
)

// A value of a cell type of a basic kind with a String method (`type Temp
// float64`) given to a template: its wrapper, a struct, printed with
// String, but a template also tests it ({{if .T}}: a struct is always
// true), compares it ({{eq .Level 2}}, {{lt .T 3.0}}: "invalid type for
// comparison") and formats it with other verbs ({{printf "%.1f" .T}}
// printed the wrapper's fields). So it is given as a value of a compiled
// type of its kind with a String method, which calls the cell's: one of a
// pool of generic instances per kind (stringerSlots), each bound to one
// cell type, as decoding's targets are.

const stringerSlots = 64

// stringerSlot is what a pool type stands for: a cell type with a String
// method.
type stringerSlot struct {
	rt    reflect.Type
	wrap  func(*frame, reflect.Value) reflect.Value // a value: its fmt.Stringer wrapper
	frame atomic.Pointer[frame]
}

func (s *stringerSlot) str(v reflect.Value) string {
	if s == nil {
		return fmt.Sprint(v.Interface())
	}
	w := s.wrap(s.frame.Load(), v.Convert(s.rt))
	if st, ok := w.Interface().(fmt.Stringer); ok {
		return st.String()
	}
	return fmt.Sprint(v.Interface())
}

// The kinds that have pools.
var stringerKinds = []reflect.Kind{reflect.Int, reflect.Int64, reflect.Int32, reflect.Uint8, reflect.Uint, reflect.Float64, reflect.Float32, reflect.String, reflect.Bool}

var (
	stringerSlotTable [9][stringerSlots]atomic.Pointer[stringerSlot]
	stringerTypes     [9][stringerSlots]reflect.Type
	stringerMu        sync.Mutex
	stringerUsed      [9]int
	stringerOfType    sync.Map // *itype: reflect.Type of its pool type
)

func stringerIndex[A, B any]() int { return reflect.TypeFor[A]().Len()*8 + reflect.TypeFor[B]().Len() }

type intStringer[A, B any] int
type int64Stringer[A, B any] int64
type int32Stringer[A, B any] int32
type uint8Stringer[A, B any] uint8
type uintStringer[A, B any] uint
type float64Stringer[A, B any] float64
type float32Stringer[A, B any] float32
type stringStringer[A, B any] string
type boolStringer[A, B any] bool

func (v intStringer[A, B]) String() string {
	return stringerSlotTable[0][stringerIndex[A, B]()].Load().str(reflect.ValueOf(int(v)))
}
func (v int64Stringer[A, B]) String() string {
	return stringerSlotTable[1][stringerIndex[A, B]()].Load().str(reflect.ValueOf(int64(v)))
}
func (v int32Stringer[A, B]) String() string {
	return stringerSlotTable[2][stringerIndex[A, B]()].Load().str(reflect.ValueOf(int32(v)))
}
func (v uint8Stringer[A, B]) String() string {
	return stringerSlotTable[3][stringerIndex[A, B]()].Load().str(reflect.ValueOf(uint8(v)))
}
func (v uintStringer[A, B]) String() string {
	return stringerSlotTable[4][stringerIndex[A, B]()].Load().str(reflect.ValueOf(uint(v)))
}
func (v float64Stringer[A, B]) String() string {
	return stringerSlotTable[5][stringerIndex[A, B]()].Load().str(reflect.ValueOf(float64(v)))
}
func (v float32Stringer[A, B]) String() string {
	return stringerSlotTable[6][stringerIndex[A, B]()].Load().str(reflect.ValueOf(float32(v)))
}
func (v stringStringer[A, B]) String() string {
	return stringerSlotTable[7][stringerIndex[A, B]()].Load().str(reflect.ValueOf(string(v)))
}
func (v boolStringer[A, B]) String() string {
	return stringerSlotTable[8][stringerIndex[A, B]()].Load().str(reflect.ValueOf(bool(v)))
}

func addStringers[A, B any](i int) {
	for k, t := range []reflect.Type{
		reflect.TypeFor[intStringer[A, B]](), reflect.TypeFor[int64Stringer[A, B]](), reflect.TypeFor[int32Stringer[A, B]](),
		reflect.TypeFor[uint8Stringer[A, B]](), reflect.TypeFor[uintStringer[A, B]](), reflect.TypeFor[float64Stringer[A, B]](),
		reflect.TypeFor[float32Stringer[A, B]](), reflect.TypeFor[stringStringer[A, B]](), reflect.TypeFor[boolStringer[A, B]](),
	} {
		stringerTypes[k][i] = t
	}
}

func addStringerRow[A any](i int) {
	addStringers[A, [0]byte](i*8 + 0)
	addStringers[A, [1]byte](i*8 + 1)
	addStringers[A, [2]byte](i*8 + 2)
	addStringers[A, [3]byte](i*8 + 3)
	addStringers[A, [4]byte](i*8 + 4)
	addStringers[A, [5]byte](i*8 + 5)
	addStringers[A, [6]byte](i*8 + 6)
	addStringers[A, [7]byte](i*8 + 7)
}

func init() {
	addStringerRow[[0]byte](0)
	addStringerRow[[1]byte](1)
	addStringerRow[[2]byte](2)
	addStringerRow[[3]byte](3)
	addStringerRow[[4]byte](4)
	addStringerRow[[5]byte](5)
	addStringerRow[[6]byte](6)
	addStringerRow[[7]byte](7)
}

// basicStringer returns, for a template, the conversion of a value of n's
// type, a cell type of a basic kind whose map type is rt (fmt.Stringer),
// into a value of its pool type; nil when there is none.
func basicStringer(n *node, rt reflect.Type) func(*frame, reflect.Value) reflect.Value {
	if rt != reflect.TypeFor[fmt.Stringer]() || n.typ == nil || n.typ.cat == ptrT || isInterface(n.typ) || n.typ.cat == valueT {
		return nil
	}
	vt := n.typ.TypeOf()
	if vt == nil {
		return nil
	}
	k := -1
	for i, kind := range stringerKinds {
		if vt.Kind() == kind {
			k = i
		}
	}
	if k < 0 {
		return nil
	}
	var pt reflect.Type
	var slot *stringerSlot
	stringerMu.Lock()
	if p, ok := stringerOfType.Load(n.typ); ok {
		pt = p.(reflect.Type)
		slot = stringerSlotTable[k][stringerIndexOf(k, pt)].Load()
	} else if i := stringerUsed[k]; i < stringerSlots {
		wrap := genInterfaceWrapperOf(n, rt)
		if wrap != nil {
			slot = &stringerSlot{rt: vt, wrap: wrap}
			stringerSlotTable[k][i].Store(slot)
			stringerUsed[k]++
			pt = stringerTypes[k][i]
			stringerOfType.Store(n.typ, pt)
		}
	}
	stringerMu.Unlock()
	if pt == nil || slot == nil {
		return nil
	}
	return func(f *frame, v reflect.Value) reflect.Value {
		slot.frame.Store(f)
		if v.Kind() == reflect.Interface {
			v = v.Elem()
		}
		if !v.IsValid() || !v.Type().ConvertibleTo(pt) {
			return v
		}
		return v.Convert(pt)
	}
}

// stringerIndexOf returns the slot index of pool type pt of kind k.
func stringerIndexOf(k int, pt reflect.Type) int {
	for i, t := range stringerTypes[k] {
		if t == pt {
			return i
		}
	}
	return 0
}
