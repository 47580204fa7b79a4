package interp

// petridish: this file is not yaegi's.

import (
	"reflect"
	"runtime"
	"sync"
	"sync/atomic"
	"unsafe"
	"weak"
)

// A closure made by interpreted code is a Go func (reflect.MakeFunc of its
// body), so that compiled code can call it; interpreted code called it the
// same way, through reflect.Value.Call, which copies every argument and
// result into new allocations twice over. closureBodies lets interpreted
// code call the body directly: it maps the word of each such func value
// (the *makeFuncImpl that reflect made for it) to its body.
var (
	closureBodies sync.Map // uintptr → *closureEntry
	closureCount  atomic.Int64
)

// closureEntry is a closure's body. The weak pointer to the func's word
// tells a live entry from a stale one whose func was collected and whose
// memory now holds another func, before the cleanup deletes it.
type closureEntry struct {
	word weak.Pointer[byte]
	body func([]reflect.Value) []reflect.Value
}

// funcWord returns the word of a func value: a pointer to its closure
// object, unique to each value that reflect.MakeFunc made.
func funcWord(fn reflect.Value) unsafe.Pointer {
	i := fn.Interface()
	return (*[2]unsafe.Pointer)(unsafe.Pointer(&i))[1]
}

// registerClosure records body as the body of fn, made by
// reflect.MakeFunc(typ, body), until fn is collected.
func registerClosure(fn reflect.Value, body func([]reflect.Value) []reflect.Value) {
	p := funcWord(fn)
	if p == nil {
		return
	}
	key := uintptr(p)
	closureBodies.Store(key, &closureEntry{word: weak.Make((*byte)(p)), body: body})
	closureCount.Add(1)
	runtime.AddCleanup((*byte)(p), func(key uintptr) {
		closureCount.Add(-1)
		if e, ok := closureBodies.Load(key); ok && e.(*closureEntry).word.Value() == nil {
			closureBodies.Delete(key)
		}
	}, key)
}

// closureBody returns the body of fn if interpreted code made it as a
// closure and it is not variadic, else nil.
func closureBody(fn reflect.Value) func([]reflect.Value) []reflect.Value {
	if closureCount.Load() == 0 || fn.Kind() != reflect.Func || fn.IsNil() {
		return nil
	}
	p := funcWord(fn)
	e, ok := closureBodies.Load(uintptr(p))
	if !ok {
		return nil
	}
	entry := e.(*closureEntry)
	if entry.word.Value() != (*byte)(p) || fn.Type().IsVariadic() {
		return nil
	}
	return entry.body
}

// callClosureBody calls body, a closure's body, with the values of args
// made into the types of fn's parameters, as reflect.Value.Call would.
func callClosureBody(fn reflect.Value, body func([]reflect.Value) []reflect.Value, args []reflect.Value) []reflect.Value {
	ft := fn.Type()
	for i, a := range args {
		if t := ft.In(i); a.Type() != t {
			c := reflect.New(t).Elem()
			c.Set(a)
			args[i] = c
		}
	}
	return body(args)
}
