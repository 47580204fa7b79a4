package interp

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// petridish: the builtins print and println write to standard error as
// Go's do, in the runtime's formats (printRuntime): print puts no spaces
// between its operands; a nil pointer, map, channel or function is 0x0,
// a slice [len/cap]0xptr, an interface (0xtype,0xdata), and an integer
// or float of a type with a String method (time.Duration) its number.
// yaegi wrote fmt's %v to standard output, with spaces for print.

// printRuntime returns v, an operand of print or println, as Go's
// runtime prints it.
func printRuntime(v reflect.Value) string {
	if !v.IsValid() {
		return "nil"
	}
	if vi, ok := v.Interface().(valueInterface); ok {
		// A cell interface with methods.
		if vi.node == nil || !vi.value.IsValid() {
			return "(0x0,0x0)"
		}
		return "(" + printHex(typeWord(vi.value.Type())) + "," + printHex(dataWord(vi.value)) + ")"
	}
	switch v.Kind() {
	case reflect.Bool:
		return strconv.FormatBool(v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return strconv.FormatUint(v.Uint(), 10)
	case reflect.Float32, reflect.Float64:
		return strconv.FormatFloat(v.Float(), 'g', -1, v.Type().Bits())
	case reflect.Complex64, reflect.Complex128:
		return strconv.FormatComplex(v.Complex(), 'g', -1, v.Type().Bits())
	case reflect.String:
		return v.String()
	case reflect.Ptr, reflect.Map, reflect.Chan, reflect.Func, reflect.UnsafePointer:
		return printHex(v.Pointer())
	case reflect.Slice:
		return "[" + strconv.Itoa(v.Len()) + "/" + strconv.Itoa(v.Cap()) + "]" + printHex(v.Pointer())
	case reflect.Interface:
		if v.IsNil() {
			return "(0x0,0x0)"
		}
		// The interface's two words, as Go prints them.
		c := reflect.New(v.Type())
		c.Elem().Set(v)
		w := (*[2]uintptr)(c.UnsafePointer())
		return "(" + printHex(w[0]) + "," + printHex(w[1]) + ")"
	}
	return fmt.Sprint(v) // an array or a struct, which Go's print refuses
}

func printHex(p uintptr) string { return "0x" + strconv.FormatUint(uint64(p), 16) }

// typeWord returns an address that stands for type t.
func typeWord(t reflect.Type) uintptr { return reflect.ValueOf(t).Pointer() }

// dataWord returns the address of v's data, or v's pointer.
func dataWord(v reflect.Value) uintptr {
	switch v.Kind() {
	case reflect.Ptr, reflect.Map, reflect.Chan, reflect.Func, reflect.UnsafePointer:
		return v.Pointer()
	}
	c := reflect.New(v.Type())
	c.Elem().Set(v)
	return uintptr(c.UnsafePointer())
}

// printOperands returns args, the operands of print (println: ln), as
// Go's runtime writes them.
func printOperands(args []reflect.Value, ln bool) string {
	var b strings.Builder
	for i, v := range args {
		if ln && i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(printRuntime(v))
	}
	if ln {
		b.WriteByte('\n')
	}
	return b.String()
}

// concreteOf returns the value in v, an interface's, or v; the zero
// Value when there is none (a nil interface).
func concreteOf(v reflect.Value) reflect.Value {
	for v.IsValid() && v.Kind() == reflect.Interface {
		if v.IsNil() {
			return reflect.Value{}
		}
		v = v.Elem()
	}
	return v
}

// missingMethod returns the first method of interface typ, by name,
// that type t does not have.
func missingMethod(t reflect.Type, typ *itype) string {
	var names []string
	for name := range typ.methods() {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if _, ok := t.MethodByName(name); !ok {
			return name
		}
	}
	if len(names) > 0 {
		return names[0]
	}
	return ""
}
