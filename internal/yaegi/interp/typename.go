package interp

// petridish: this file is not yaegi's.

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// Cell types have no names at run time: yaegi builds them with reflect,
// so fmt's %T and %#v printed their structure (`struct { X int; Y int
// }`, `float64`) where Go prints `main.Point` and `main.Point{X:1,
// Y:2}`. A call of a fmt formatting function (Printf, Sprintf, Fprintf,
// Errorf, Appendf, and the Session's replacements of them) whose format
// has %T or %#v directives hands fmt, for the arguments of those
// directives, a typedArg: a fmt.Formatter that knows the argument's type
// in the interpreter, its static type or, for an interface, its dynamic
// type where the interpreter keeps it.

// typedArg is an argument of a %T or %#v directive as fmt gets it.
type typedArg struct {
	typ  *itype        // the argument's type in the interpreter
	raw  reflect.Value // the argument as the interpreter holds it
	conv interface{}   // the argument as fmt would have had it
}

// Format writes the value in Go syntax with the interpreter's type names
// for %#v, and what fmt writes of the argument for the other verbs. (fmt
// prints %T without asking a Formatter: typedArgValues gives a %T
// argument as its type's name, printed with %s.)
func (a typedArg) Format(st fmt.State, verb rune) {
	switch {
	case verb == 'v' && st.Flag('#') && !hasMethod(a.typ, "GoString"):
		var b strings.Builder
		writeGoSyntax(&b, a.typ, a.raw, true, 0)
		_, _ = st.Write([]byte(b.String()))
	default:
		fmt.Fprintf(st, fmt.FormatString(st, verb), a.conv)
	}
}

// hasMethod reports whether t, or the dynamic type of a value of
// interface type t, has a method of that name; false for interfaces.
func hasMethod(t *itype, name string) bool {
	if t == nil || isInterface(t) {
		return false
	}
	found, inSet := t.inMethodSet(name)
	return found && inSet
}

// typedDirectives reads format's directives as fmt does (flags, width and
// precision, `*` taking an argument of its own, explicit argument indexes
// [n]) and returns, by argument index, 'T' for an argument of %T
// directives only, 'v' for one of plain %#v directives only (no other
// flag, no width or precision), and 0 for the others (and for arguments
// beyond the nargs given); nil when there are none. format is the format with the
// %T directives of the arguments marked 'T' written %s: fmt prints %T
// from the argument's reflect type, without asking a Formatter, so those
// arguments are given as their types' names.
func typedDirectives(format string, nargs int) (kinds []byte, rewritten string) {
	if !strings.Contains(format, "%") || !strings.ContainsAny(format, "T#") {
		return nil, format
	}
	type directive struct {
		verbAt, arg int
		verb        byte
		sharp       bool // the flags are '#' alone, without width or precision
	}
	var ds []directive
	arg := 0
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		sharp, plain := false, true
	flags:
		for ; i < len(format); i++ {
			switch format[i] {
			case '#':
				sharp = true
			case '+', '-', ' ', '0':
				plain = false
			default:
				break flags
			}
		}
		verbAt := -1
		for i < len(format) && verbAt < 0 {
			switch c := format[i]; {
			case c == '[':
				end := strings.IndexByte(format[i:], ']')
				if end < 0 {
					return nil, format
				}
				if n, err := strconv.Atoi(format[i+1 : i+end]); err == nil && n > 0 {
					arg = n - 1
				}
				i += end + 1
			case c == '*':
				ds = append(ds, directive{-1, arg, '*', false})
				arg++
				i++
				plain = false
			case c == '.' || c >= '0' && c <= '9':
				i++
				plain = false
			default:
				verbAt = i
			}
		}
		if verbAt < 0 {
			break
		}
		if format[verbAt] == '%' {
			continue
		}
		ds = append(ds, directive{verbAt, arg, format[verbAt], sharp && plain})
		arg++
	}
	uses := map[int]string{}
	for _, d := range ds {
		switch {
		case d.verb == 'T':
			uses[d.arg] += "T"
		case d.verb == 'v' && d.sharp:
			uses[d.arg] += "v"
		default:
			uses[d.arg] += "o"
		}
	}
	b := []byte(format)
	for _, d := range ds {
		u := uses[d.arg]
		var k byte
		switch {
		case d.arg >= nargs:
			continue // fmt says the argument is missing, %!T(MISSING)
		case strings.Trim(u, "T") == "":
			k = 'T'
			b[d.verbAt] = 's'
		case strings.Trim(u, "v") == "":
			k = 'v'
		default:
			continue
		}
		for len(kinds) <= d.arg {
			kinds = append(kinds, 0)
		}
		kinds[d.arg] = k
	}
	return kinds, string(b)
}

// dynamicType returns the interpreter's type of the value in v, an
// argument whose static type t is an interface: the type it is kept with
// (a valueInterface, or the wrapper of a value with methods); nil when
// it is not kept with one.
func dynamicType(v reflect.Value) (*itype, reflect.Value) {
	d, ok := dynamic(v)
	if !ok {
		return nil, v
	}
	if vi, ok := wrappedCellValue(d); ok {
		return vi.node.typ, vi.value
	}
	if d.CanInterface() {
		if vi, ok := d.Interface().(valueInterface); ok && vi.node != nil && vi.node.typ != nil && vi.value.IsValid() {
			vi = innermostValueInterface(vi)
			if vi.node.typ.untyped || isInterface(vi.node.typ) {
				return nil, vi.value
			}
			return vi.node.typ, vi.value
		}
	}
	return nil, d
}

// goTypeString returns the name of type t as Go's %T prints it.
func goTypeString(t *itype) string {
	if t == nil {
		return "<nil>"
	}
	if t.untyped {
		if rt := t.TypeOf(); rt != nil {
			return fixPossibleConstType(rt).String()
		}
	}
	switch t.cat {
	case nilT:
		return "<nil>"
	case valueT:
		if t.rtype != nil {
			return t.rtype.String()
		}
	case errorT:
		return "error"
	}
	if t.name != "" && t.path != "" {
		if strings.HasPrefix(t.str, t.path+".") {
			return pkgNameOf(t.path) + t.str[len(t.path):]
		}
		return t.str
	}
	switch t.cat {
	case linkedT:
		if t.name != "" {
			return t.name
		}
		return goTypeString(t.val)
	case ptrT:
		return "*" + goTypeString(t.val)
	case sliceT:
		return "[]" + goTypeString(t.val)
	case variadicT:
		return "..." + goTypeString(t.val)
	case arrayT:
		return fmt.Sprintf("[%d]%s", t.length, goTypeString(t.val))
	case mapT:
		return "map[" + goTypeString(t.key) + "]" + goTypeString(t.val)
	case chanT:
		return "chan " + goTypeString(t.val)
	case chanSendT:
		return "chan<- " + goTypeString(t.val)
	case chanRecvT:
		return "<-chan " + goTypeString(t.val)
	case funcT:
		args := make([]string, len(t.arg))
		for i, a := range t.arg {
			args[i] = goTypeString(a)
		}
		s := "func(" + strings.Join(args, ", ") + ")"
		switch len(t.ret) {
		case 0:
		case 1:
			s += " " + goTypeString(t.ret[0])
		default:
			rets := make([]string, len(t.ret))
			for i, r := range t.ret {
				rets[i] = goTypeString(r)
			}
			s += " (" + strings.Join(rets, ", ") + ")"
		}
		return s
	case structT:
		if len(t.field) == 0 {
			return "struct {}"
		}
		fields := make([]string, len(t.field))
		for i, f := range t.field {
			switch {
			case f.embed:
				fields[i] = goTypeString(f.typ)
			default:
				fields[i] = f.name + " " + goTypeString(f.typ)
			}
			if f.tag != "" {
				fields[i] += " " + strconv.Quote(f.tag)
			}
		}
		return "struct { " + strings.Join(fields, "; ") + " }"
	case interfaceT:
		if len(t.field) == 0 {
			return "interface {}"
		}
	}
	if t.name != "" {
		return t.name
	}
	if rt := t.TypeOf(); rt != nil {
		return rt.String()
	}
	return t.str
}

// pkgNameOf returns the name a package of import path path is known by:
// its last element.
func pkgNameOf(path string) string {
	if i := strings.LastIndexByte(path, '/'); i >= 0 {
		return path[i+1:]
	}
	return path
}

// maxGoSyntaxDepth bounds writeGoSyntax's recursion, as a value may refer
// to itself through pointers (which it prints as addresses) or maps.
const maxGoSyntaxDepth = 32

// writeGoSyntax writes v, a value of type t, as Go's %#v does, with the
// interpreter's type names. top is true for the value itself, not an
// element or field: a pointer to a struct is written &T{...} there, and
// as an address elsewhere.
func writeGoSyntax(b *strings.Builder, t *itype, v reflect.Value, top bool, depth int) {
	if t != nil && !isInterface(t) {
		// A field or element the interpreter keeps in an interface, or in
		// the wrapper of its methods.
		v = rawValue(v)
	}
	base := t
	if base != nil {
		base = base.resolveAlias()
	}
	switch {
	case depth > maxGoSyntaxDepth || t == nil || base == nil || !v.IsValid() || base.cat == valueT || base.cat == errorT && !v.IsValid():
		writeFmt(b, v, top)
		return
	case isInterface(t):
		if isNilInterface(v) {
			b.WriteString(goTypeString(t) + "(nil)")
			return
		}
		dt, dv := dynamicType(v)
		if dt == nil {
			writeFmt(b, dv, false)
			return
		}
		writeGoSyntax(b, dt, dv, false, depth+1)
		return
	}
	name := goTypeString(t)
	switch base.cat {
	case structT:
		if v.Kind() != reflect.Struct {
			writeFmt(b, v, top)
			return
		}
		b.WriteString(name + "{")
		for i, f := range base.field {
			if i >= v.NumField() {
				break
			}
			if i > 0 {
				b.WriteString(", ")
			}
			fieldName := f.name
			if f.embed {
				fieldName = goTypeString(f.typ)
				if j := strings.LastIndexByte(fieldName, '.'); j >= 0 {
					fieldName = fieldName[j+1:]
				}
				fieldName = strings.TrimPrefix(fieldName, "*")
			}
			b.WriteString(fieldName + ":")
			writeGoSyntax(b, f.typ, v.Field(i), false, depth+1)
		}
		b.WriteString("}")
	case ptrT:
		if v.Kind() != reflect.Ptr {
			writeFmt(b, v, top)
			return
		}
		if v.IsNil() {
			b.WriteString("(" + name + ")(nil)")
			return
		}
		elem := base.val
		if elem != nil {
			elem = elem.resolveAlias()
		}
		if top && elem != nil && (elem.cat == structT || elem.cat == sliceT || elem.cat == arrayT || elem.cat == mapT) {
			b.WriteString("&")
			writeGoSyntax(b, base.val, v.Elem(), false, depth+1)
			return
		}
		fmt.Fprintf(b, "(%s)(0x%x)", name, v.Pointer())
	case sliceT, arrayT:
		if v.Kind() != reflect.Slice && v.Kind() != reflect.Array {
			writeFmt(b, v, top)
			return
		}
		if v.Kind() == reflect.Slice && v.IsNil() {
			b.WriteString(name + "(nil)")
			return
		}
		b.WriteString(name + "{")
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				b.WriteString(", ")
			}
			writeGoSyntax(b, base.val, v.Index(i), false, depth+1)
		}
		b.WriteString("}")
	case mapT:
		if v.Kind() != reflect.Map {
			writeFmt(b, v, top)
			return
		}
		if v.IsNil() {
			b.WriteString(name + "(nil)")
			return
		}
		keys := v.MapKeys()
		if !sortMapKeys(keys) {
			writeFmt(b, v, top) // keys fmt orders by their dynamic types
			return
		}
		b.WriteString(name + "{")
		for i, k := range keys {
			if i > 0 {
				b.WriteString(", ")
			}
			writeGoSyntax(b, base.key, k, false, depth+1)
			b.WriteString(":")
			writeGoSyntax(b, base.val, v.MapIndex(k), false, depth+1)
		}
		b.WriteString("}")
	case funcT, chanT, chanSendT, chanRecvT:
		if (v.Kind() == reflect.Func || v.Kind() == reflect.Chan) && v.IsNil() {
			b.WriteString("(" + name + ")(nil)")
			return
		}
		if v.Kind() == reflect.Func || v.Kind() == reflect.Chan {
			fmt.Fprintf(b, "(%s)(0x%x)", name, v.Pointer())
			return
		}
		writeFmt(b, v, top)
	default:
		// Booleans, numbers and strings: Go writes the value alone, also
		// for a named type.
		writeFmt(b, v, top)
	}
}

// writeFmt writes v as fmt's %#v does, as an element or field of
// another value unless top: a pointer there is its address.
func writeFmt(b *strings.Builder, v reflect.Value, top bool) {
	if !v.IsValid() {
		b.WriteString("<nil>")
		return
	}
	if v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	if !top && v.Kind() == reflect.Ptr {
		if v.IsNil() {
			fmt.Fprintf(b, "(%s)(nil)", v.Type())
		} else {
			fmt.Fprintf(b, "(%s)(0x%x)", v.Type(), v.Pointer())
		}
		return
	}
	if !v.CanInterface() {
		fmt.Fprintf(b, "%#v", v)
		return
	}
	fmt.Fprintf(b, "%#v", v.Interface())
}

// typedArgValues makes values, the argument values of a call of a
// compiled function, give a typedArg for each argument of a %T or %#v
// directive when the function is one of fmt's formatting functions (a
// printing function with map types whose parameter before the variadic
// one is the format) and the format is a constant.
func typedArgValues(child []*node, values []func(*frame) reflect.Value, funcType reflect.Type, variadic, rcvrOffset int, mapper *argMapper) {
	if mapper == nil || mapper.encodes || variadic < 1 || len(values) != len(child) {
		return
	}
	fi := variadic - 1 - rcvrOffset
	if fi < 0 || fi >= len(child) || funcType.In(variadic-1).Kind() != reflect.String {
		return
	}
	if fc := child[fi]; !fc.rval.IsValid() || fc.rval.Kind() != reflect.String {
		return
	}
	kinds, rewritten := typedDirectives(child[fi].rval.String(), len(child)-(variadic-rcvrOffset))
	changed := false
	for j, kind := range kinds {
		k := variadic - rcvrOffset + j
		if kind == 0 || k >= len(child) {
			continue
		}
		static := child[k].typ
		if static == nil || static.untyped || static.cat == nilT || static.cat == valueT && !isInterface(static) {
			if kind == 'T' {
				// Printed with %s now: the reflect type's name, which is
				// Go's for these.
				orig := values[k]
				values[k] = func(f *frame) reflect.Value {
					return reflect.ValueOf(reflectTypeName(orig(f)))
				}
				changed = true
			}
			continue
		}
		changed = true
		orig, index, typeName, iface := values[k], k, kind == 'T', isInterface(static)
		// The argument as the interpreter holds it (genValue reads where
		// its evaluation left it; it evaluates nothing again): the value
		// given to fmt may be taken out of the interface that tells its
		// type, or be a copy converted for printing.
		held := genValue(child[k])
		values[k] = func(f *frame) reflect.Value {
			v, h := orig(f), held(f)
			if iface && isNilInterface(h) {
				if typeName {
					return reflect.ValueOf("<nil>")
				}
				return reflect.New(emptyInterfaceType).Elem() // fmt prints <nil>
			}
			// A copy, for a deferred call: Go evaluates its arguments at
			// the defer.
			t, raw := static, copyOf(rawValue(h))
			if iface {
				if t, raw = heldType(h, v); t == nil {
					if typeName {
						return reflect.ValueOf(reflectTypeName(raw))
					}
					return v
				}
			}
			if typeName {
				return reflect.ValueOf(goTypeString(t))
			}
			if hasMethod(t, "Format") || hasMethod(t, "GoString") {
				return v // fmt asks the type's own method
			}
			var conv interface{}
			if cv := getBinValue(mapper, index, func(*frame) reflect.Value { return v }, f); cv.IsValid() && cv.CanInterface() {
				conv = cv.Interface()
			}
			return reflect.ValueOf(typedArg{typ: t, raw: raw, conv: conv})
		}
	}
	if changed {
		format := reflect.ValueOf(rewritten).Convert(funcType.In(variadic - 1))
		values[fi] = func(*frame) reflect.Value { return format }
	}
}

// isNilInterface reports whether v, a value of an interface type as the
// interpreter holds it, is a nil interface.
func isNilInterface(v reflect.Value) bool {
	if !v.IsValid() {
		return true
	}
	if v.Kind() == reflect.Interface {
		if v.IsNil() {
			return true
		}
		v = v.Elem()
	}
	if v.CanInterface() {
		if vi, ok := v.Interface().(valueInterface); ok {
			return vi.node == nil || !vi.value.IsValid() || vi.node.kind == basicLit && vi.node.typ != nil && vi.node.typ.cat == nilT
		}
	}
	return false
}

// heldType returns the dynamic type and value of an argument of an
// interface type: from h, the argument as the interpreter holds it, or
// from v, as given to the compiled function; a nil type when the
// interpreter does not keep it.
func heldType(h, v reflect.Value) (*itype, reflect.Value) {
	if t, raw := dynamicType(h); t != nil {
		return t, raw
	}
	t, raw := dynamicType(v)
	if t == nil {
		raw = rawValue(v)
	}
	return t, raw
}

// reflectTypeName returns what %T prints of v, an argument as given to
// a compiled function: the name of its reflect type, "<nil>" for nil.
func reflectTypeName(v reflect.Value) string {
	for v.IsValid() && v.Kind() == reflect.Interface {
		if v.IsNil() {
			return "<nil>"
		}
		v = v.Elem()
	}
	if !v.IsValid() {
		return "<nil>"
	}
	return v.Type().String()
}

// rawValue returns the cell value in v, an argument as callBin gives it
// to a compiled function: inside the wrapper of its methods, or inside
// the interpreter's valueInterface.
func rawValue(v reflect.Value) reflect.Value {
	if d, ok := dynamic(v); ok {
		v = d
	}
	if v.IsValid() && isMethodWrapper(v.Type()) {
		if inner, ok := dynamic(v.Field(0)); ok {
			v = inner
		}
	}
	if v.IsValid() && v.CanInterface() {
		v = unwrapValueInterface(v)
	}
	return v
}

// sortMapKeys sorts map keys as fmt does, for keys of basic kinds,
// pointers, and structs and arrays of those; false for other keys
// (interfaces, whose order fmt takes from their dynamic types).
func sortMapKeys(keys []reflect.Value) bool {
	for _, k := range keys {
		if !sortableKey(k.Type()) {
			return false
		}
	}
	sort.SliceStable(keys, func(i, j int) bool { return compareKeys(keys[i], keys[j]) < 0 })
	return true
}

// sortableKey reports whether compareKeys orders keys of type t.
func sortableKey(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Struct:
		for i := 0; i < t.NumField(); i++ {
			if !sortableKey(t.Field(i).Type) {
				return false
			}
		}
		return true
	case reflect.Array:
		return sortableKey(t.Elem())
	case reflect.Interface, reflect.Func, reflect.Map, reflect.Slice:
		return false
	}
	return true
}

// compareKeys orders a and b, of one type, as fmt orders map keys:
// interfaces nil first, then by dynamic type, then by value. fmt orders
// types by their address in memory, so any order of them is Go's; this
// one is by their names, and values of cell types in interfaces
// (valueInterface) by their cell types' (keyParts).
func compareKeys(a, b reflect.Value) int {
	if a.Kind() == reflect.Interface || a.Type() == valueInterfaceType {
		ta, va := keyParts(a)
		tb, vb := keyParts(b)
		switch {
		case !va.IsValid() || !vb.IsValid():
			return cmpOrdered(boolRank(va.IsValid()), boolRank(vb.IsValid()))
		case ta != tb:
			return strings.Compare(ta, tb)
		}
		a, b = va, vb
	}
	switch a.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return cmpOrdered(a.Int(), b.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return cmpOrdered(a.Uint(), b.Uint())
	case reflect.String:
		return strings.Compare(a.String(), b.String())
	case reflect.Float32, reflect.Float64:
		return cmpOrdered(a.Float(), b.Float())
	case reflect.Bool:
		switch {
		case a.Bool() == b.Bool():
			return 0
		case !a.Bool():
			return -1
		}
		return 1
	case reflect.Complex64, reflect.Complex128:
		if c := cmpOrdered(real(a.Complex()), real(b.Complex())); c != 0 {
			return c
		}
		return cmpOrdered(imag(a.Complex()), imag(b.Complex()))
	case reflect.Ptr, reflect.Chan, reflect.UnsafePointer:
		return cmpOrdered(a.Pointer(), b.Pointer())
	case reflect.Struct:
		for i := 0; i < a.NumField(); i++ {
			if c := compareKeys(a.Field(i), b.Field(i)); c != 0 {
				return c
			}
		}
	case reflect.Array:
		for i := 0; i < a.Len(); i++ {
			if c := compareKeys(a.Index(i), b.Index(i)); c != 0 {
				return c
			}
		}
	}
	return 0
}

// cmpOrdered compares a and b, NaN first as fmt orders it.
func cmpOrdered[T int | int64 | uint64 | float64 | uintptr](a, b T) int {
	switch {
	case a < b, a != a && b == b:
		return -1
	case a > b, b != b && a == a:
		return 1
	}
	return 0
}

// boolRank is 1 for true, 0 for false.
func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// PackageName returns the name a package imported by path declares in its
// package clause (which an import without a name binds, and which need not
// be the last element of path), and whether the interpreter has imported
// it.
func (interp *Interpreter) PackageName(importPath string) (string, bool) {
	name, ok := interp.pkgNames[importPath]
	return name, ok
}
