package interp

// petridish: this file is not yaegi's.

import (
	"fmt"
	"io"
	"reflect"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// maxMappedDepth bounds how deep genMappedComposite looks into a type for
// elements and fields to wrap.
const maxMappedDepth = 4

var emptyInterfaceRType = reflect.TypeOf((*interface{})(nil)).Elem()

// genMappedComposite returns a conversion of an argument of type t given
// to a compiled function with map types (fmt's printing functions and
// json's Marshal in the Session): a slice, array, map, struct or pointer
// to a struct whose elements or exported fields have methods of the map
// types becomes a copy in which those elements and fields are the
// interface wrappers that a value of their type alone becomes. So
// fmt.Println([]Color{0, 1}) calls Color's String method as compiled Go
// does, and so does %v of a struct with a Color field. It returns nil when
// t has no such part, and the argument is then passed as it is.
//
// The copy's elements and fields have type interface{}: a []Color becomes
// a []interface{}, a struct of a cell type an unnamed struct with the same
// fields. Unexported fields are copied as they are, since fmt does not
// call their methods either. Map keys are not wrapped (a wrapper is not
// comparable). A pointer is followed only at the top, as fmt prints &{...}
// only there.
func genMappedComposite(n *node, t *itype, m *argMapper, depth int) func(*frame, reflect.Value) reflect.Value {
	return genMapped(n, t, m, depth, true)
}

// genMapped is genMappedComposite; methods tells whether to wrap values
// with methods (not in unexported fields, whose methods fmt does not call).
func genMapped(n *node, t *itype, m *argMapper, depth int, methods bool) func(*frame, reflect.Value) reflect.Value {
	if t == nil || depth > maxMappedDepth {
		return nil
	}
	if methods && depth > 0 && !isInterface(t) && t.cat != valueT && !(t.cat == ptrT && t.val.cat == valueT) {
		// A compiled type, or a pointer to one, has its methods: fmt
		// calls them (petridish: a []*big.Int was wrapped, and panicked).
		if rt := m.typeOf(t); rt != nil {
			nt := *n
			nt.typ = t
			wrap := m.wrapperOf(&nt, rt)
			return func(f *frame, v reflect.Value) reflect.Value {
				if v.Kind() == reflect.Ptr && v.IsNil() {
					// A nil pointer's methods are not called: fmt
					// prints <nil> and json null, as Go does (json
					// called MarshalJSON on it, and panicked).
					if m.fields {
						// petridish: a template prints a nil interface
						// "<no value>", or nothing, and a nil pointer
						// "<nil>".
						return v
					}
					return reflect.Zero(emptyInterfaceRType)
				}
				return wrap(f, v)
			}
		}
	}
	switch t.cat {
	case valueT:
		return genMappedCompiledInterface(n, t, m, depth, methods)
	case linkedT:
		return genMapped(n, t.val, m, depth, methods)
	case sliceT, arrayT, variadicT:
		elem := genMapped(n, t.val, m, depth+1, methods)
		if elem == nil {
			return nil
		}
		return func(f *frame, v reflect.Value) reflect.Value {
			var out reflect.Value
			switch v.Kind() {
			case reflect.Slice:
				if v.IsNil() {
					return nilFor(m, v)
				}
				out = reflect.MakeSlice(reflect.SliceOf(emptyInterfaceRType), v.Len(), v.Len())
			case reflect.Array:
				out = reflect.New(reflect.ArrayOf(v.Len(), emptyInterfaceRType)).Elem()
			default:
				return v
			}
			for i := 0; i < v.Len(); i++ {
				out.Index(i).Set(elem(f, v.Index(i)))
			}
			return out
		}
	case mapT:
		elem := genMapped(n, t.val, m, depth+1, methods)
		if key := genMapped(n, t.key, m, depth+1, methods); key != nil && m.fields {
			return genTemplateMap(key, elem) // petridish: a map for templates
		} else if key != nil && !m.encodes {
			return genMappedKeys(key, elem)
		} else if key != nil {
			if keys := genTextKeys(key, elem); keys != nil {
				return keys
			}
		}
		if elem == nil {
			return nil
		}
		return func(f *frame, v reflect.Value) reflect.Value {
			if v.Kind() != reflect.Map || v.IsNil() {
				return nilFor(m, v)
			}
			out := reflect.MakeMapWithSize(reflect.MapOf(v.Type().Key(), emptyInterfaceRType), v.Len())
			for it := v.MapRange(); it.Next(); {
				out.SetMapIndex(it.Key(), elem(f, it.Value()))
			}
			return out
		}
	case structT:
		return genMappedStruct(n, t, m, depth, methods)
	case interfaceT:
		return genMappedInterface(n, t, m, depth, methods)
	case ptrT:
		if depth > 0 {
			return nil
		}
		elem := genMapped(n, t.val, m, depth, methods)
		if elem == nil {
			return nil
		}
		return func(f *frame, v reflect.Value) reflect.Value {
			if v.Kind() != reflect.Ptr || v.IsNil() {
				return v
			}
			e := elem(f, v.Elem())
			p := reflect.New(e.Type())
			p.Elem().Set(e)
			return p
		}
	}
	return nil
}

// nilFor returns what a nil slice or map v becomes in a copy: itself, or
// for json a nil interface, so that a field tagged omitempty, whose type
// in the copy is interface{}, is left out as Go leaves out a nil slice
// (it was written "null").
func nilFor(m *argMapper, v reflect.Value) reflect.Value {
	if m.encodes && (v.Kind() == reflect.Slice || v.Kind() == reflect.Map) && v.IsNil() {
		return reflect.Zero(emptyInterfaceRType)
	}
	return v
}

// genMappedKeys is genMapped for a map whose keys have methods of the map
// types (a Stringer cell type): fmt printed their numbers (map[1:5] for
// map[green:5]). A wrapper cannot be a map key, so the copy is a
// printedMap, which fmt formats as it formats a map: entries sorted by
// key, keys and values formatted with the verb.
func genMappedKeys(key, elem func(*frame, reflect.Value) reflect.Value) func(*frame, reflect.Value) reflect.Value {
	return func(f *frame, v reflect.Value) reflect.Value {
		if v.Kind() != reflect.Map || v.IsNil() {
			return v
		}
		keys := v.MapKeys()
		if !sortKeys(keys) {
			return v
		}
		pm := printedMap{keys: make([]any, len(keys)), vals: make([]any, len(keys))}
		for i, k := range keys {
			pm.keys[i] = key(f, k).Interface()
			val := v.MapIndex(k)
			if elem != nil {
				val = elem(f, val)
			}
			if val.IsValid() && val.CanInterface() {
				pm.vals[i] = val.Interface()
			}
		}
		return reflect.ValueOf(pm)
	}
}

// sortKeys sorts map keys of a basic kind, and interface keys, as fmt
// does; false for other kinds, which it leaves to fmt.
func sortKeys(keys []reflect.Value) bool {
	if len(keys) == 0 {
		return true
	}
	var less func(a, b reflect.Value) bool
	switch keys[0].Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		less = func(a, b reflect.Value) bool { return a.Int() < b.Int() }
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		less = func(a, b reflect.Value) bool { return a.Uint() < b.Uint() }
	case reflect.String:
		less = func(a, b reflect.Value) bool { return a.String() < b.String() }
	case reflect.Float32, reflect.Float64:
		less = func(a, b reflect.Value) bool { return a.Float() < b.Float() }
	case reflect.Bool:
		less = func(a, b reflect.Value) bool { return !a.Bool() && b.Bool() }
	case reflect.Interface:
		less = func(a, b reflect.Value) bool { return compareKeys(a, b) < 0 }
	default:
		if keys[0].Type() != valueInterfaceType {
			return false
		}
		less = func(a, b reflect.Value) bool { return compareKeys(a, b) < 0 }
	}
	sort.Slice(keys, func(i, j int) bool { return less(keys[i], keys[j]) })
	return true
}

// printedMap is a map as genMappedKeys gives it to fmt: its entries in
// order.
type printedMap struct{ keys, vals []any }

// Format writes m as fmt writes a map: map[k1:v1 k2:v2], each key and
// value formatted with the verb and flags (%#v is written as %v).
func (m printedMap) Format(st fmt.State, verb rune) {
	format := fmtDirective(st, verb)
	io.WriteString(st, "map[")
	for i := range m.keys {
		if i > 0 {
			io.WriteString(st, " ")
		}
		fmt.Fprintf(st, format, methodsFor(verb, m.keys[i]))
		io.WriteString(st, ":")
		fmt.Fprintf(st, format, methodsFor(verb, m.vals[i]))
	}
	io.WriteString(st, "]")
}

// methodsFor returns x, or for a verb that fmt does not format with a
// String or Error method (%d, %f, ...), the value inside x
// when x is an interface wrapper (its first field, IValue), so that %d
// of a Color key prints its number, as Go does, not the wrapper.
func methodsFor(verb rune, x any) any {
	switch verb {
	case 'v', 's', 'q', 'x', 'X':
		return x
	}
	v := reflect.ValueOf(x)
	if v.Kind() == reflect.Struct && v.NumField() > 1 && v.Type().Field(0).Name == "IValue" {
		if inner := v.Field(0); !inner.IsNil() {
			return unwrapValueInterface(inner.Elem()).Interface()
		}
		return nil
	}
	return x
}

// fmtDirective rebuilds the directive of verb with st's flags, width and
// precision.
func fmtDirective(st fmt.State, verb rune) string {
	var b strings.Builder
	b.WriteByte('%')
	for _, c := range "+-# 0" {
		if st.Flag(int(c)) && !(c == '#' && verb == 'v') {
			b.WriteRune(c)
		}
	}
	if w, ok := st.Width(); ok {
		fmt.Fprint(&b, w)
	}
	if p, ok := st.Precision(); ok {
		fmt.Fprintf(&b, ".%d", p)
	}
	b.WriteRune(verb)
	return b.String()
}

// genMappedInterface is genMapped for a cell interface type, whose values
// yaegi holds as valueInterface structs (its node and value): fmt printed
// their pointers ([{0xc000... {0x... 0x... 409}}] for a []Shape) and
// json.Marshal wrote {}. The copy holds the value itself, converted as a
// value of its dynamic type is: the wrapper of its methods of the map
// types, or its own copy.
//
// An empty interface holds a valueInterface too when its value is of a
// cell type with methods (keepsMethods); it is converted alike, so that
// fmt.Println([]any{Color(1)}) uses Color's String (it printed [1]).
func genMappedInterface(n *node, t *itype, m *argMapper, depth int, methods bool) func(*frame, reflect.Value) reflect.Value {
	if t.TypeOf() != valueInterfaceType && !isEmptyInterface(t) {
		return nil
	}
	var convs sync.Map // the dynamic *itype: its conversion, or nil
	var inner func(*frame, reflect.Value) reflect.Value
	var innerOnce sync.Once
	return func(f *frame, v reflect.Value) reflect.Value {
		out := reflect.New(emptyInterfaceRType).Elem()
		if !v.IsValid() {
			return out
		}
		vi, ok := v.Interface().(valueInterface)
		if !ok {
			// A value already taken out of its interface, or one of a
			// cell type without methods, stored bare: printed, its cell
			// structs' fields have their own names (cellNamedType).
			e := v
			if e.Kind() == reflect.Interface && !e.IsNil() {
				e = e.Elem()
			}
			if depth < maxMappedDepth && isEmptyInterface(t) {
				// petridish: a []any or map[K]any (a compiled type) in
				// the interface, whose elements yaegi may hold as
				// valueInterface structs: they are converted as the
				// interface itself is, one level down. fmt printed
				// their pointers ([{[{0xc000... {...}}] world}]).
				innerOnce.Do(func() { inner = genMappedInterface(n, t, m, depth+1, methods) })
				if c, ok := mappedAnyElems(f, e, inner); ok {
					return c
				}
			}
			if !m.encodes && e.IsValid() {
				if ct := cellNamedType(e.Type(), 0); ct != nil {
					return withCellNames(e, ct)
				}
			}
			return v
		}
		if vi.node == nil || !vi.value.IsValid() {
			return out // a nil interface, printed <nil>
		}
		vi = innermostValueInterface(vi)
		dt := vi.node.typ
		c, ok := convs.Load(dt)
		if !ok {
			var conv func(*frame, reflect.Value) reflect.Value
			if rt := m.typeOf(dt); methods && rt != nil && !isInterface(dt) && dt.cat != valueT {
				nt := *n
				nt.typ = dt
				conv = m.wrapperOf(&nt, rt)
			} else if depth == 0 && dt.cat == ptrT {
				// petridish: an argument that is an any holding a pointer
				// is printed &{...}, as a pointer given alone is.
				conv = genMapped(n, dt, m, 0, methods)
			} else {
				conv = genMapped(n, dt, m, depth+1, methods)
			}
			c, _ = convs.LoadOrStore(dt, conv)
		}
		val := vi.value
		if conv, _ := c.(func(*frame, reflect.Value) reflect.Value); conv != nil {
			val = conv(f, val)
		}
		if val.IsValid() && val.CanInterface() {
			out.Set(val)
		}
		return out
	}
}

// argMapper converts the arguments in interfaces of one call of a
// function with map types: a value with the methods of a map type becomes
// its wrapper (getBinValue), and a composite value is converted by
// genMappedComposite, whose conversions it keeps per type.
type argMapper struct {
	typeOf   func(*itype) reflect.Type // the map type t implements, or nil
	anyParam func(i int) bool          // whether argument i is an empty interface parameter
	encodes  bool                      // whether the function encodes (json), not prints (fmt)
	fields   bool                      // whether a struct's wrapper keeps its fields (templates)
	convs    sync.Map                  // *itype: func(*frame, reflect.Value) reflect.Value, or nil
}

// composite returns genMappedComposite's conversion of argument i, held
// in an interface by yaegi as node n's value, or nil.
func (m *argMapper) composite(n *node, i int) func(*frame, reflect.Value) reflect.Value {
	if !m.anyParam(i) {
		return nil
	}
	if c, ok := m.convs.Load(n.typ); ok {
		conv, _ := c.(func(*frame, reflect.Value) reflect.Value)
		return conv
	}
	conv := genMappedComposite(n, n.typ, m, 0)
	m.convs.Store(n.typ, conv)
	return conv
}

// isEmptyInterfaceParam reports whether parameter i of function type ft,
// variadic from parameter variadic on (-1 when it is not variadic), is an
// empty interface: the arguments genMappedComposite converts.
func isEmptyInterfaceParam(ft reflect.Type, variadic, i int) bool {
	var t reflect.Type
	switch {
	case variadic >= 0 && i >= variadic:
		t = ft.In(variadic).Elem()
	case i < ft.NumIn():
		t = ft.In(i)
	default:
		return false
	}
	return t.Kind() == reflect.Interface && t.NumMethod() == 0
}

// genMappedStruct is genMapped for a struct type. Its copy also gives
// unexported fields their own names: yaegi builds a cell struct type with
// reflect, which has it name a field x "Xx", so fmt's %+v printed Xx:
// and json.Marshal wrote the field.
func genMappedStruct(n *node, t *itype, m *argMapper, depth int, methods bool) func(*frame, reflect.Value) reflect.Value {
	fields := make([]func(*frame, reflect.Value) reflect.Value, len(t.field))
	some := false
	for i, sf := range t.field {
		exported := isExportedName(sf.name)
		fields[i] = genMapped(n, sf.typ, m, depth+1, methods && exported)
		some = some || fields[i] != nil || !exported
	}
	if !some {
		return nil
	}
	var types sync.Map // the struct's reflect.Type: its copy's
	return func(f *frame, v reflect.Value) reflect.Value {
		if v.Kind() != reflect.Struct || v.NumField() != len(fields) {
			return v
		}
		v = addressable(v)
		converted := make([]reflect.Value, len(fields))
		for i, conv := range fields {
			if conv != nil {
				converted[i] = conv(f, v.Field(i))
				if m.encodes && omittedEmpty(v.Type().Field(i), v.Field(i)) {
					converted[i] = reflect.Zero(emptyInterfaceRType) // petridish: omitempty
				}
			}
		}
		var ct reflect.Type
		if c, ok := types.Load(v.Type()); ok {
			ct = c.(reflect.Type)
		} else {
			sfs := make([]reflect.StructField, v.NumField())
			for i := range sfs {
				sfs[i] = v.Type().Field(i)
				sfs[i].Offset, sfs[i].Index = 0, nil
				if fields[i] != nil {
					sfs[i].Type, sfs[i].Anonymous = emptyInterfaceRType, false
				}
				name := t.field[i].name
				if !isExportedName(name) && !(sfs[i].Anonymous && m.encodes) {
					// Printed, an unexported embedded field is a field
					// like another (reflect cannot embed one under its
					// own name); json promotes its exported fields, so
					// the copy given to json keeps it embedded.
					sfs[i].Name, sfs[i].PkgPath, sfs[i].Anonymous = name, "main", false
				}
			}
			ct = reflect.StructOf(sfs)
			types.Store(v.Type(), ct)
		}
		out := reflect.New(ct).Elem()
		for i := range fields {
			src := v.Field(i)
			if converted[i].IsValid() {
				src = converted[i]
			}
			settableField(out, i).Set(src)
		}
		return out
	}
}

// isExportedName reports whether a field name starts with an upper-case
// letter.
func isExportedName(name string) bool {
	r, _ := utf8.DecodeRuneInString(name)
	return unicode.IsUpper(r)
}

// fieldNames holds the field names of the struct types built for cell
// types that have unexported fields: reflect.Type to []string.
var fieldNames sync.Map

// recordFieldNames notes the names of the fields of struct type rt, built
// for a cell type with fields fs, when some are unexported: in rt they
// are named "X" and the name, exported.
func recordFieldNames(rt reflect.Type, fs []structField) {
	names := make([]string, len(fs))
	renamed := false
	for i, f := range fs {
		names[i] = f.name
		renamed = renamed || !isExportedName(f.name) && !f.embed
	}
	if renamed {
		fieldNames.Store(rt, names)
	}
}

// FieldName returns the name that field i of struct type t has in the
// cell that declared t, and whether that name is exported. yaegi builds a
// cell's struct types with reflect, in which an unexported field x is an
// exported Xx; FieldName undoes that for the types it built. For any other
// type it returns the reflect field's name.
func FieldName(t reflect.Type, i int) (name string, exported bool) {
	if n, ok := fieldNames.Load(t); ok {
		if names := n.([]string); i < len(names) && names[i] != "" {
			return names[i], isExportedName(names[i])
		}
	}
	f := t.Field(i)
	return f.Name, f.IsExported()
}

// encodesArguments reports whether a function with map types lt encodes
// its arguments (json.Marshal: its map types are json's or encoding's
// marshalers) rather than prints them.
func encodesArguments(lt []reflect.Type) bool {
	for _, t := range lt {
		for i := 0; i < t.NumMethod(); i++ {
			switch t.Method(i).Name {
			case "MarshalJSON", "MarshalText", "MarshalXML":
				return true
			}
		}
	}
	return false
}

// readsArguments reports whether a function with map types lt only reads
// its arguments: its map types are printing or marshalling interfaces,
// not an Unmarshaler or fmt.Scanner, whose functions write through the
// pointers they are given (a converted copy would take the writes).
func readsArguments(lt []reflect.Type) bool {
	for _, t := range lt {
		for i := 0; i < t.NumMethod(); i++ {
			switch t.Method(i).Name {
			case "String", "Error", "Format", "MarshalJSON", "MarshalXML", "MarshalText":
				return true
			}
		}
	}
	return false
}

// conversion returns the conversion of argument i, node c's value (or
// one of its results) of type rt: its wrapper when rt has the methods of
// a map type, else genMappedComposite's conversion, or nil (none needed,
// or argument i is not an empty interface parameter).
func (m *argMapper) conversion(c *node, rt *itype, i int) func(*frame, reflect.Value) reflect.Value {
	if m == nil || rt == nil || !m.anyParam(i) {
		return nil
	}
	if isInterface(rt) {
		// A value of a cell interface type is its dynamic value, with
		// that value's methods: var t Shape = Sq{3}; fmt.Println(t)
		// printed Sq's fields, not its String method.
		return genMapped(c, rt, m, 0, true)
	}
	if wt := m.typeOf(rt); wt != nil {
		nt := *c
		nt.typ = rt
		return m.wrapperOf(&nt, wt)
	}
	return genMappedComposite(c, rt, m, 0)
}

// hiddenMark marks, in the reflect type that yaegi builds for a cell
// struct type, the fields that are unexported in the cell: reflect has
// them exported, named X and the name (exportName). petridish.
const hiddenMark = `yaegi:"unexported"`

// cellNamed caches cellNamedType's results by type: the type, or nil.
var cellNamed sync.Map

// cellNamedType returns the type of the copy of a value of type t in
// which the structs of cell types have their fields' own names (`lr`, not
// `Xlr`), for fmt: a slice, array, map value or (at the top) pointer of
// such structs, or one with fields of those; nil when t has none. fmt's
// %+v of a cell struct held in an `any` (a method-less value is stored
// bare, without its cell type) printed `{Xlr:0.1 Xsteps:3}`; Go prints
// `{lr:0.1 steps:3}`. petridish.
func cellNamedType(t reflect.Type, depth int) reflect.Type {
	if depth > maxMappedDepth {
		return nil
	}
	if t.Kind() == reflect.Ptr {
		// Followed at the top only, as fmt prints &{...} only there; not
		// cached, as the answer depends on the depth.
		if depth > 0 {
			return nil
		}
		if et := cellNamedType(t.Elem(), depth+1); et != nil {
			return reflect.PointerTo(et)
		}
		return nil
	}
	if c, ok := cellNamed.Load(t); ok {
		r, _ := c.(reflect.Type)
		return r
	}
	var out reflect.Type
	switch t.Kind() {
	case reflect.Struct:
		if t == valueInterfaceType {
			break
		}
		fields := make([]reflect.StructField, t.NumField())
		changed := false
		for i := range fields {
			f := t.Field(i)
			f.Offset, f.Index = 0, nil
			if ft := cellNamedType(f.Type, depth+1); ft != nil {
				f.Type, f.Anonymous, changed = ft, false, true
			}
			if strings.Contains(string(f.Tag), hiddenMark) && strings.HasPrefix(f.Name, "X") {
				f.Name, f.PkgPath, f.Anonymous, changed = f.Name[1:], "main", false, true
			}
			fields[i] = f
		}
		if changed {
			out = reflect.StructOf(fields)
		}
	case reflect.Slice:
		if et := cellNamedType(t.Elem(), depth+1); et != nil {
			out = reflect.SliceOf(et)
		}
	case reflect.Array:
		if et := cellNamedType(t.Elem(), depth+1); et != nil {
			out = reflect.ArrayOf(t.Len(), et)
		}
	case reflect.Map:
		if et := cellNamedType(t.Elem(), depth+1); et != nil {
			out = reflect.MapOf(t.Key(), et)
		}
	}
	cellNamed.Store(t, out)
	return out
}

// withCellNames returns v copied into a value of type ct (cellNamedType
// of v's type).
func withCellNames(v reflect.Value, ct reflect.Type) reflect.Value {
	out := reflect.New(ct).Elem()
	copyCellNamed(out, v)
	return out
}

// copyCellNamed copies src into dst, of src's type or its cellNamedType.
func copyCellNamed(dst, src reflect.Value) {
	if dst.Type() == src.Type() {
		dst.Set(src)
		return
	}
	switch src.Kind() {
	case reflect.Struct:
		for i := 0; i < src.NumField(); i++ {
			copyCellNamed(settableField(dst, i), src.Field(i))
		}
	case reflect.Slice:
		if src.IsNil() {
			return
		}
		dst.Set(reflect.MakeSlice(dst.Type(), src.Len(), src.Len()))
		for i := 0; i < src.Len(); i++ {
			copyCellNamed(dst.Index(i), src.Index(i))
		}
	case reflect.Array:
		for i := 0; i < src.Len(); i++ {
			copyCellNamed(dst.Index(i), src.Index(i))
		}
	case reflect.Map:
		if src.IsNil() {
			return
		}
		dst.Set(reflect.MakeMapWithSize(dst.Type(), src.Len()))
		for it := src.MapRange(); it.Next(); {
			e := reflect.New(dst.Type().Elem()).Elem()
			copyCellNamed(e, it.Value())
			dst.SetMapIndex(it.Key(), e)
		}
	case reflect.Ptr:
		if src.IsNil() {
			return
		}
		p := reflect.New(dst.Type().Elem())
		copyCellNamed(p.Elem(), src.Elem())
		dst.Set(p)
	}
}

// genMappedCompiledInterface is genMapped for a compiled interface type
// whose methods fmt does not call (plotter.XYer, sort.Interface), as an
// element or field: its values of cell types are the interface wrappers
// yaegi made, whose fields fmt printed (`[{{0xc000... {...}} 0x50dec0
// 0x50dec0}]` for a []plotter.XYer); the copy holds the value in the
// wrapper (IValue) instead, converted as a value in an any is. nil for
// other types, and for interfaces with String, Error or Format methods,
// which fmt calls on the wrapper. petridish.
func genMappedCompiledInterface(n *node, t *itype, m *argMapper, depth int, methods bool) func(*frame, reflect.Value) reflect.Value {
	rt := t.TypeOf()
	if depth == 0 || m.encodes || rt == nil || rt.Kind() != reflect.Interface || rt.NumMethod() == 0 {
		return nil
	}
	for _, name := range []string{"String", "Error", "Format", "GoString"} {
		if _, ok := rt.MethodByName(name); ok {
			return nil
		}
	}
	inner := genMappedInterface(n, &itype{cat: interfaceT, str: "interface{}"}, m, depth, methods)
	return func(f *frame, v reflect.Value) reflect.Value {
		e := v
		if e.Kind() == reflect.Interface {
			if e.IsNil() {
				return v
			}
			e = e.Elem()
		}
		if !isMethodWrapper(e.Type()) {
			return v
		}
		return inner(f, e.Field(0))
	}
}

// genTextKeys returns, for encoding/json, the conversion of a map whose
// keys are of a cell type with a MarshalText method (key wraps them in
// an encoding.TextMarshaler) into a map keyed by their text, as json
// keys such a map: it refused the map, "unsupported type: map[struct {
// X int; Y int }]string". nil when the keys' wrapper has no MarshalText.
// petridish.
func genTextKeys(key, elem func(*frame, reflect.Value) reflect.Value) func(*frame, reflect.Value) reflect.Value {
	return func(f *frame, v reflect.Value) reflect.Value {
		if v.Kind() != reflect.Map || v.IsNil() {
			return v
		}
		out := reflect.MakeMapWithSize(reflect.MapOf(reflect.TypeOf(""), emptyInterfaceRType), v.Len())
		for it := v.MapRange(); it.Next(); {
			k := key(f, it.Key())
			tm, ok := k.Interface().(interface{ MarshalText() ([]byte, error) })
			if !ok {
				return v
			}
			text, err := tm.MarshalText()
			if err != nil {
				return v
			}
			val := it.Value()
			if elem != nil {
				val = elem(f, val)
			}
			out.SetMapIndex(reflect.ValueOf(string(text)), val)
		}
		return out
	}
}

// settableField returns field i of s, an addressable struct of a copy's
// type: the field itself, or for an unexported field (named as in the
// cell) the same memory, which reflect lets set.
func settableField(s reflect.Value, i int) reflect.Value {
	f := s.Field(i)
	if !f.CanSet() {
		f = reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem()
	}
	return f
}

// mappedAnyElems returns a copy of e, a slice, array or map whose elements
// are of an empty interface type, with each element converted by conv,
// and true; false, leaving e as it is, for another value or one without
// such an element (a nil or empty slice or map). petridish.
func mappedAnyElems(f *frame, e reflect.Value, conv func(*frame, reflect.Value) reflect.Value) (reflect.Value, bool) {
	if !e.IsValid() || conv == nil {
		return reflect.Value{}, false
	}
	switch e.Kind() {
	case reflect.Slice, reflect.Array:
		if e.Type().Elem() != emptyInterfaceRType || e.Len() == 0 {
			return reflect.Value{}, false
		}
		var out reflect.Value
		if e.Kind() == reflect.Slice {
			out = reflect.MakeSlice(e.Type(), e.Len(), e.Len())
		} else {
			out = reflect.New(e.Type()).Elem()
		}
		for i := 0; i < e.Len(); i++ {
			out.Index(i).Set(conv(f, e.Index(i)))
		}
		return out, true
	case reflect.Map:
		if e.Type().Elem() != emptyInterfaceRType || e.Len() == 0 {
			return reflect.Value{}, false
		}
		out := reflect.MakeMapWithSize(e.Type(), e.Len())
		for it := e.MapRange(); it.Next(); {
			out.SetMapIndex(it.Key(), conv(f, it.Value()))
		}
		return out, true
	}
	return reflect.Value{}, false
}
