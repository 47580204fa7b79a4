package interp

// petridish: this file is not yaegi's: fixes of calls, defers and
// definitions that yaegi ran differently from Go.

import (
	"fmt"
	"go/constant"
	"math"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// hasNamedResults reports whether function def (a declaration or a
// literal) names its results.
func hasNamedResults(def *node) bool {
	if def == nil || len(def.child) < 3 {
		return false
	}
	ft := def.child[2] // type parameters, parameters, results
	if ft.kind != funcType || len(ft.child) < 3 {
		return false
	}
	for _, field := range ft.child[2].child {
		if len(field.child) > 1 {
			return true
		}
	}
	return false
}

// keepsMethodsInAny reports whether the conversion of value c to type to
// (`any(c)`) must keep c's type, for its methods: to is the empty
// interface and c a value, not nil nor an interface, of a type with
// methods.
func keepsMethodsInAny(to *itype, c *node) bool {
	return isEmptyInterface(to) && !c.isNil() && c.typ != nil && !isInterface(c.typ) &&
		(len(c.typ.methods()) > 0 || isNamedCellType(c.typ) || c.typ.cat == ptrT && !isPtrSrc(c.typ.val) && isNamedCellType(c.typ.val) || c.typ.cat == ptrT && !isPtrSrc(c.typ.val) && decodesWithMethods(c.typ.val) ||
			!(c.typ.cat == ptrT && isPtrSrc(c.typ.val)) && hasMethodParts(c.typ)) // petridish: decodeshadow.go, keepparts.go
}

// callDeferred runs deferred call val of frame f. petridish: a panic in
// it becomes f's panic, which the calls deferred before it can recover,
// as in Go; it escaped them.
func callDeferred(f *frame, val []reflect.Value) {
	defer func() {
		if r := recover(); r != nil {
			f.mutex.Lock()
			f.recovered = r
			f.mutex.Unlock()
		}
	}()
	val[0].Call(val[1:])
}

// redefineFirst makes n's exec, the comma-ok form (`v, ok := m[k]`,
// `x.(T)`, `<-ch`) of a definition, give the variables it defines new
// storage first, as the other definitions do (assignFromCall), so that a
// closure made in an earlier iteration of a loop keeps its own.
// petridish: they shared one variable across iterations.
func redefineFirst(n *node) {
	def := n.anc
	if def == nil || def.kind != defineXStmt || n.exec == nil {
		return
	}
	var defined []*node
	for _, c := range def.child[:len(def.child)-1] {
		if c.ident != "_" && !c.redeclared {
			defined = append(defined, c)
		}
	}
	if len(defined) == 0 {
		return
	}
	exec := n.exec
	n.exec = func(f *frame) bltn {
		for _, c := range defined {
			renew(f, c)
		}
		return exec(f)
	}
}

// renew gives the variable that n, an identifier being defined, names new
// storage in f, as each execution of a definition does; nothing for nil
// or the blank identifier.
func renew(f *frame, n *node) {
	if n == nil || n.ident == "_" {
		return
	}
	data := getFrame(f, n.level).data
	data[n.findex] = reflect.New(data[n.findex].Type()).Elem()
}

// genMapStore returns a function that stores a value into the map entry
// that n, an index expression m[k], names.
func genMapStore(n *node) func(*frame, reflect.Value) {
	m, k := genValue(n.child[0]), genIndexKey(n)
	return func(f *frame, v reflect.Value) { m(f).SetMapIndex(k(f), v) }
}

// commaOkTemp returns the temporary that receives the value of n, the
// source of a comma-ok assignment (`v, ok = m[k]`, `x.(T)`, `<-c`), when
// the cfg gave it one (assignXStmt), else nil. assignCommaOk then
// assigns it to v.
func commaOkTemp(n *node) func(*frame) reflect.Value {
	a := n.anc
	if a == nil || a.kind != assignXStmt || a.typ == nil {
		return nil
	}
	i := a.findex
	return func(f *frame) reflect.Value { return f.data[i] }
}

// assignCommaOk makes n's exec, the source of a comma-ok assignment with
// a temporary (commaOkTemp), assign the temporary to the destination:
// zeroed first, it holds the zero value when the form fails, as Go
// assigns then; a map entry is stored into the map. petridish: the value
// went into a copy of a map entry (`m[k], ok = x.(string)` left m
// unchanged) and a failed form left the variable unchanged.
func assignCommaOk(n *node) {
	a := n.anc
	if a == nil || a.kind != assignXStmt || a.typ == nil || n.exec == nil {
		return
	}
	i := a.findex
	d := a.child[0]
	var store func(*frame, reflect.Value)
	if isMapEntry(d) {
		store = genMapStore(d)
	} else {
		dest := genValue(d)
		store = func(f *frame, v reflect.Value) { dest(f).Set(v) }
	}
	exec := n.exec
	if d1 := a.child[1]; d.kind == identExpr && d1.kind == identExpr && d.ident == d1.ident {
		// `x, x = <-c`: Go assigns from left to right, x ends with ok.
		status := genValue(d1)
		n.exec = func(f *frame) bltn {
			f.data[i].SetZero()
			next := exec(f)
			ok := copyOf(status(f))
			store(f, f.data[i])
			status(f).Set(ok)
			return next
		}
		return
	}
	n.exec = func(f *frame) bltn {
		f.data[i].SetZero()
		next := exec(f)
		store(f, f.data[i])
		return next
	}
}

// binMethodShallower reports whether t has a method of that name from an
// embedded compiled type at a depth shallower than depth, the depth of
// the one from a cell type: Go selects the shallowest.
func binMethodShallower(t *itype, name string, depth int) bool {
	_, index, _, ok := t.lookupBinMethod(name)
	return ok && len(index) < depth
}

// caseConstant returns the value of c, an untyped constant of a case of a
// switch whose tag has type t, as a value of t, when t is a basic type.
// petridish: the tag was converted to the constant's default type
// instead, so a uint64 tag 1e16+1 matched `case 1e16:` as a float64.
func caseConstant(c *node, t *itype) (reflect.Value, bool) {
	if !c.rval.IsValid() || c.typ == nil || !c.typ.untyped || t == nil || isInterface(t) {
		return reflect.Value{}, false
	}
	rt := t.TypeOf()
	if rt == nil || rt.Kind() > reflect.Complex128 && rt.Kind() != reflect.String {
		return reflect.Value{}, false
	}
	cv, _ := c.rval.Interface().(constant.Value)
	switch v := c.rval; {
	case cv != nil:
	case v.CanInt():
		cv = constant.MakeInt64(v.Int())
	case v.CanUint():
		cv = constant.MakeUint64(v.Uint())
	case v.CanFloat():
		cv = constant.MakeFloat64(v.Float())
	}
	if cv == nil || cv.Kind() == constant.Unknown {
		return reflect.Value{}, false
	}
	v, err := constantValueOf(cv, rt)
	if err != nil || v.Type() != rt {
		return reflect.Value{}, false
	}
	return v, true
}

// isAssignDest reports whether n is a destination of an assignment, on
// the left of `=`.
func isAssignDest(n *node) bool {
	a := n.anc
	if a == nil || a.kind != assignStmt && a.kind != assignXStmt {
		return false
	}
	for i, c := range a.child {
		if c == n {
			return i < a.nleft || a.kind == assignXStmt && i < len(a.child)-1
		}
	}
	return false
}

// returnsCrossedResults reports whether the values of a return statement,
// child, read one of the function's results (the first slots of its
// frame) at another position than its own, as `return b, a` of named
// results a, b does: setting the first result then changes the second
// value.
func returnsCrossedResults(child []*node) bool {
	if len(child) < 2 {
		return false
	}
	for i, c := range child {
		if c.kind == identExpr && c.level == 0 && !c.rval.IsValid() && c.findex >= 0 && c.findex < len(child) && c.findex != i {
			return true
		}
	}
	return false
}

// embeddableStruct reports whether a field of type t may be embedded
// among others in a struct that reflect.StructOf makes: a struct, or a
// pointer to one, whose reflect type has no methods (the methods of cell
// types are not reflect's). reflectStructOf tries it.
func embeddableStruct(t reflect.Type) bool {
	if t == nil {
		return false
	}
	st := t
	if st.Kind() == reflect.Ptr {
		st = st.Elem()
	}
	// An embedded interface of a cell type (a valueInterface) stays a
	// field: encoding/json writes an embedded interface under its name.
	return st.Kind() == reflect.Struct && st != valueInterfaceType && t.NumMethod() == 0
}

// embeddedFields returns which fields of t, a struct type or a pointer to
// one, are embedded, as the cell declared them (reflect marks only some).
func embeddedFields(t *itype) []bool {
	for t != nil && (t.cat == linkedT || t.cat == ptrT) {
		t = t.val
	}
	if t == nil || t.cat != structT {
		return nil
	}
	embedded := make([]bool, len(t.field))
	for i, f := range t.field {
		embedded[i] = f.embed
	}
	return embedded
}

// reflectStructOf is reflect.StructOf, which cannot embed, beside other fields, a
// compiled type with methods, unexported ones included (reflect cannot
// see those): such fields are then made plain ones, as yaegi made all.
func reflectStructOf(fields []reflect.StructField) (rt reflect.Type) {
	defer func() {
		if recover() == nil {
			return
		}
		for i, f := range fields {
			t := f.Type
			if t.Kind() == reflect.Ptr {
				t = t.Elem()
			}
			if f.Anonymous && len(fields) > 1 && t.Name() != "" {
				fields[i].Anonymous = false
			}
		}
		rt = reflect.StructOf(fields)
	}()
	return reflect.StructOf(fields)
}

// genCompiledElem returns the value of c, an element, field or map value
// of a composite literal of a compiled type, whose type there is t: a
// function wrapped for compiled code, a value of a cell type wrapped in
// t when t is an interface with methods, else c's value. petridish: a
// cell value in an interface field (search.Loop{Proposer: sp{3}})
// panicked ("reflect.Set: value of type struct { Xn int } is not
// assignable to type search.Proposer").
func genCompiledElem(c *node, t reflect.Type) func(*frame) reflect.Value {
	switch {
	case isFuncSrc(c.typ):
		return genFunctionWrapper(c)
	case t.Kind() == reflect.Interface && t.NumMethod() > 0:
		return genInterfaceWrapper(c, t)
	}
	return genValue(c)
}

// bindReceiver returns the receiver that a method value of src binds,
// for a method whose receiver has type rt: the value copied (through a
// pointer, dereferenced) for a value receiver, the pointer for a pointer
// receiver (the address of src when src is a variable).
func bindReceiver(src reflect.Value, rt reflect.Type) reflect.Value {
	src = unwrapValueInterface(src)
	sk, dk := src.Kind(), rt.Kind()
	switch {
	case sk == reflect.Ptr && dk != reflect.Ptr:
		if src.IsNil() {
			panic(runtimeError("invalid memory address or nil pointer dereference"))
		}
		return copyOf(src.Elem())
	case sk != reflect.Ptr && dk == reflect.Ptr:
		return addressable(src).Addr()
	}
	return copyOf(src)
}

// derefChecked returns v.Elem(), the value that pointer v points to, or
// panics as Go does when v is nil. petridish: the nil pointer's Elem, an
// invalid reflect.Value, was stored as the value of *p: `m[k] = *p`
// deleted m[k] instead of panicking, println(*p) printed "<invalid
// reflect.Value>".
func derefChecked(v reflect.Value) reflect.Value {
	if v.Kind() == reflect.Ptr && v.IsNil() {
		panic(runtimeError("invalid memory address or nil pointer dereference"))
	}
	return v.Elem()
}

// indexChecked returns v.Index(i), or panics as Go does when i is out of
// range: reflect's "reflect: slice index out of range" did not say which
// index, nor was it a runtime.Error.
func indexChecked(v reflect.Value, i int) reflect.Value {
	if n := v.Len(); uint(i) >= uint(n) {
		panic(runtimeError(fmt.Sprintf("index out of range [%d] with length %d", i, n)))
	}
	return v.Index(i)
}

// goRuntimePanic returns r, a panic value as a frame of interpreted code
// catches it, as Go's runtime would have raised it when r is reflect's
// panic for a fault of interpreted code: a nil pointer dereference read
// "reflect: call of reflect.Value.Field on zero Value" and was no
// runtime.Error. runCfg applies it, so recover and the error of an
// uncaught panic see the same value. petridish.
func goRuntimePanic(r any) any {
	var msg string
	switch v := r.(type) {
	case *reflect.ValueError:
		msg = v.Error()
	case string:
		msg = v
	default:
		return r
	}
	switch {
	case strings.HasSuffix(msg, " on zero Value"), msg == "reflect.Value.Call: call of nil function":
		return runtimeError("invalid memory address or nil pointer dereference")
	case strings.HasPrefix(msg, "reflect.Value.Slice") && strings.HasSuffix(msg, "slice index out of bounds"):
		return runtimeError("slice bounds out of range")
	case msg == "reflect.MakeSlice: negative len", msg == "reflect.MakeSlice: len > cap":
		return runtimeError("makeslice: len out of range")
	case strings.HasPrefix(msg, "reflect: cannot convert slice with length ") && strings.Contains(msg, " to array with length "):
		return runtimeError(strings.Replace(strings.TrimPrefix(msg, "reflect: "), " to array with length ", " to array or pointer to array with length ", 1))
	}
	return r
}

// typeAssertionError is a failed type assertion, as Go's runtime words it
// (its *runtime.TypeAssertionError). petridish: yaegi panicked with a
// compile error whose message began with the position, which a recovered
// value kept ("100028:37: interface conversion: ...").
type typeAssertionError string

func (e typeAssertionError) Error() string { return string(e) }

// RuntimeError marks e as a runtime.Error.
func (e typeAssertionError) RuntimeError() {}

// runtimeError is a run-time error as Go's runtime words it.
type runtimeError string

func (e runtimeError) Error() string { return "runtime error: " + string(e) }

// RuntimeError marks e as a runtime.Error.
func (e runtimeError) RuntimeError() {}

// genDynamicInterfaceWrapper returns the value of c, of a cell interface
// type, as a value of compiled interface type typ: the value itself when
// its reflect type implements typ, else the wrapper that gives compiled
// code the methods of its dynamic cell type (genInterfaceWrapperOf, made
// once per dynamic type). petridish.
func genDynamicInterfaceWrapper(c *node, typ reflect.Type) func(*frame) reflect.Value {
	value := genValueInterfaceValue(c)
	raw := genValue(c)
	var wrappers sync.Map // *itype: func(*frame, reflect.Value) reflect.Value, or nil
	return func(f *frame) reflect.Value {
		v := value(f)
		if !v.IsValid() || v.Type().Implements(typ) {
			return v
		}
		r := raw(f)
		if !r.IsValid() || !r.CanInterface() {
			return v
		}
		vi, ok := r.Interface().(valueInterface)
		if !ok || vi.node == nil || vi.node.typ == nil {
			return v
		}
		if vi = innermostValueInterface(vi); isInterface(vi.node.typ) {
			return v
		}
		w, ok := wrappers.Load(vi.node.typ)
		if !ok {
			nt := *vi.node
			w, _ = wrappers.LoadOrStore(vi.node.typ, genInterfaceWrapperOf(&nt, typ))
		}
		wrap, _ := w.(func(*frame, reflect.Value) reflect.Value)
		if wrap == nil {
			return v
		}
		return wrap(f, vi.value)
	}
}

// genSendValue returns the value sent by a send case of a select on
// channel ch, converted to the channel's element type as a send
// statement's value is: a value with methods sent on a chan any keeps its
// type. petridish.
func genSendValue(ch, val *node) func(*frame) reflect.Value {
	t := ch.typ
	if t != nil {
		t = t.resolveAlias()
	}
	if t == nil || t.cat != chanT && t.cat != chanSendT {
		return genValue(val)
	}
	return genDestValue(t.val, val)
}

// methodsInSet reports whether the methods of interface type rt that
// typ has are in typ's method set: not, for a value, methods with a
// pointer receiver. petridish: fmt.Println(p) of a Pt value with `func
// (p *Pt) String()` called String, which Go does not.
func methodsInSet(typ *itype, rt reflect.Type) bool {
	for i := 0; i < rt.NumMethod(); i++ {
		if found, inSet := typ.inMethodSet(rt.Method(i).Name); found && !inSet {
			return false
		}
	}
	return true
}

// keptWithType returns v, the value a wrapper of methods for compiled
// code holds (its IValue), kept with its cell type: the dynamic type of
// the interface it came from (dyn), else n's type. So a value that went
// through compiled code as an error or an io.Reader keeps its type:
// `err.(NotFound)` of a Forbidden error with the same fields was true,
// and err.(Temporary) of a cell interface false. A value of an
// interface type, or without a type, stays bare. petridish.
func keptWithType(v reflect.Value, n, dyn *node) reflect.Value {
	t := n
	if dyn != nil {
		t = dyn
	}
	if t == nil || t.typ == nil || isInterface(t.typ) || t.typ.cat == nilT || t.typ.cat == valueT || !v.IsValid() {
		return v
	}
	if _, ok := v.Interface().(valueInterface); ok {
		return v
	}
	return reflect.ValueOf(valueInterface{t, v})
}

// untypedInts reports whether a and b are both untyped integer constants
// (`1`, `'a'`, `1 << 3`), whose quotient is an integer. petridish.
func untypedInts(a, b *node) bool {
	isUntypedInt := func(n *node) bool {
		if n.typ == nil || !n.typ.untyped || !n.rval.IsValid() {
			return false
		}
		c, ok := n.rval.Interface().(constant.Value)
		return ok && c.Kind() == constant.Int
	}
	return isUntypedInt(a) && isUntypedInt(b)
}

// typedConstant returns val, the value of a constant declared with type
// t (`const MaxSize Bytes = 10 * 1024`), as a value of t: yaegi kept an
// expression's value a constant.Value, so `n == MaxSize` compared an
// int64 with it and was false. petridish.
func typedConstant(val reflect.Value, t *itype) reflect.Value {
	if !val.IsValid() || t == nil || t.untyped {
		return val
	}
	c, ok := val.Interface().(constant.Value)
	if !ok {
		return val
	}
	rt := t.TypeOf()
	if rt == nil || rt.Kind() == reflect.Interface {
		return val
	}
	v, err := constantValueOf(c, rt)
	if err != nil {
		return val
	}
	return v
}

// shiftContextType returns the type that the untyped constant of shift
// n by a non-constant count takes, when n is an operand of a binary
// expression whose other operand is typed: Go gives the constant the
// type it would have if it replaced the shift there (`p & (1 << i)` of
// a uint8 p shifts a uint8), where yaegi shifted an int and the `&`
// then read a uint8 from it and panicked. nil otherwise. petridish.
func shiftContextType(interp *Interpreter, sc *scope, n *node) *itype {
	if n.child[1].rval.IsValid() {
		return nil // a constant shift: an untyped constant
	}
	child, p := n, n.anc
	for {
		for p != nil && p.kind == parenExpr {
			child, p = p, p.anc
		}
		if t := shiftArgumentType(p, child); t != nil {
			return t
		}
		if p != nil && isShiftNode(p) && len(p.child) == 2 && childPos(child) == 1 {
			// petridish: a non-constant untyped shift count is a
			// uint, as in go/types (`x << (1 << y)`, `v >> ((1 >> v)
			// + (1 >> v))`): the count was computed as an int, then
			// typed uint by the outer shift's check, and read with
			// Value.Uint, which panicked.
			return sc.getType("uint")
		}
		if p == nil || p.kind != binaryExpr || len(p.child) != 2 || isShiftNode(p) || isBoolAction(p) && !isComparisonAction(p.action) {
			return nil
		}
		other := p.child[1-childPos(child)]
		t := other.typ
		if t == nil {
			var err error
			if t, err = nodeType(interp, sc, other); err != nil {
				return nil
			}
		}
		if t != nil && t.untyped && !isComparisonAction(p.action) {
			// petridish: an untyped operand leaves the expression
			// untyped; its context types it.
			child, p = p, p.anc
			continue
		}
		if t == nil || t.untyped || !isInt(t.TypeOf()) {
			return nil
		}
		return t
	}
}

// shiftArgumentType returns the integer type that child, a shift of an
// untyped constant under p, takes as an argument of a call of a cell
// function (its parameter's type) or as an element of a composite
// literal (the element's, value's or field's type); nil otherwise.
// petridish: `g(1 << uint(i))` of a g(uint64), and `S{f: 1 << k}`,
// panicked ("reflect: call of reflect.Value.SetUint on int Value").
func shiftArgumentType(p, child *node) *itype {
	if p == nil {
		return nil
	}
	var t *itype
	switch pos := childPos(child); {
	case p.kind == callExpr && pos >= 1 && p.child[0].typ != nil && p.child[0].typ.cat == funcT:
		args := p.child[0].typ.arg
		switch i := pos - 1; {
		case len(args) == 0:
		case i < len(args)-1:
			t = args[i]
		case args[len(args)-1].cat == variadicT:
			t = args[len(args)-1].val
		case i == len(args)-1:
			t = args[i]
		}
	case p.kind == keyValueExpr && pos == 1 && p.anc != nil && p.anc.kind == compositeLitExpr:
		t = compositeElemType(p.anc.typ, p.child[0])
	case p.kind == compositeLitExpr:
		if ct := p.typ; ct != nil && ct.resolveAlias().cat == structT {
			if i := pos - p.nleft; i >= 0 && i < len(ct.resolveAlias().field) {
				t = ct.resolveAlias().field[i].typ
			}
		} else {
			t = compositeElemType(ct, nil)
		}
	}
	if t == nil || t.untyped || t.TypeOf() == nil || !isInt(t.TypeOf()) {
		return nil
	}
	return t
}

// compositeElemType returns the type of an element of a composite literal
// of type t: the element type of an array or slice, the value type of a
// map, the type of field key of a struct; nil otherwise.
func compositeElemType(t *itype, key *node) *itype {
	if t == nil {
		return nil
	}
	t = t.resolveAlias()
	if t.cat == ptrT && t.val != nil {
		t = t.val.resolveAlias() // an elided &T{...}
	}
	switch t.cat {
	case arrayT, sliceT, mapT:
		return t.val
	case structT:
		if key != nil {
			for _, f := range t.field {
				if f.name == key.ident {
					return f.typ
				}
			}
		}
	}
	return nil
}

// promotingField returns the index of the embedded field of t, a cell
// struct type or a pointer to one, from which all of an interface's
// methods (methods, with their paths indexes, as genInterfaceWrapperOf
// found them) are promoted, when t declares no methods of its own and the
// field's type is compiled; -1 otherwise. Such a struct is given to
// compiled code as the field's value (promotedValue), which has the
// struct's methods and the others Go promotes with them: the wrapper had
// the interface's only, so plot.Add of a `struct{ *plotter.Line; tag
// string }` did not find the Line's DataRange and left the axes unset,
// and mat's Mul of a `struct{ *mat.Dense; name string }` did not find
// RawMatrix and took the generic path, calling At through the wrapper, in
// 1.6 s where Go takes 2.4 ms for 200x200. petridish.
func promotingField(t *itype, methods []*node, indexes [][]int) int {
	if t == nil || len(methods) == 0 {
		return -1
	}
	st := t
	if st.cat == ptrT {
		st = st.val
	}
	if st == nil || st.cat != structT || len(st.method) > 0 || len(t.method) > 0 {
		return -1
	}
	field := -1
	for i, m := range methods {
		if m != nil || len(indexes[i]) == 0 {
			return -1
		}
		if i > 0 && indexes[i][0] != field {
			return -1
		}
		field = indexes[i][0]
	}
	if field >= len(st.field) || !st.field[field].embed || !isBin(st.field[field].typ) {
		return -1
	}
	return field
}

// promotedValue returns the value of field (promotingField) of v, a
// struct or a pointer to one, when it is a non-nil value that implements
// typ.
func promotedValue(v reflect.Value, field int, typ reflect.Type) (reflect.Value, bool) {
	if field < 0 {
		return reflect.Value{}, false
	}
	v = unwrapValueInterface(v)
	for v.Kind() == reflect.Ptr || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return reflect.Value{}, false
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct || field >= v.NumField() {
		return reflect.Value{}, false
	}
	fv := v.Field(field)
	switch fv.Kind() {
	case reflect.Ptr, reflect.Interface, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan:
		if fv.IsNil() {
			return reflect.Value{}, false
		}
	}
	if !fv.CanInterface() || !fv.Type().Implements(typ) {
		return reflect.Value{}, false
	}
	return fv, true
}

// definedInherits reports whether t, a type defined from another named
// type (linkedT), has that type's methods: only when it is an
// interface. (A struct's promoted methods come from its fields, which
// t has.) petridish.
func definedInherits(t *itype) bool {
	return isInterface(t.resolveAlias())
}

// unnamedBasic returns the predeclared type of rt's kind when rt is a
// named type of a basic kind with methods (time.Duration: int64); rt
// otherwise. petridish.
func unnamedBasic(rt reflect.Type) reflect.Type {
	if rt == nil || rt.Name() == "" || rt.NumMethod() == 0 {
		return rt
	}
	if b, ok := basicTypes[rt.Kind()]; ok {
		return b
	}
	return rt
}

var basicTypes = map[reflect.Kind]reflect.Type{
	reflect.Bool: reflect.TypeOf(false), reflect.String: reflect.TypeOf(""),
	reflect.Int: reflect.TypeOf(0), reflect.Int8: reflect.TypeOf(int8(0)), reflect.Int16: reflect.TypeOf(int16(0)),
	reflect.Int32: reflect.TypeOf(int32(0)), reflect.Int64: reflect.TypeOf(int64(0)),
	reflect.Uint: reflect.TypeOf(uint(0)), reflect.Uint8: reflect.TypeOf(uint8(0)), reflect.Uint16: reflect.TypeOf(uint16(0)),
	reflect.Uint32: reflect.TypeOf(uint32(0)), reflect.Uint64: reflect.TypeOf(uint64(0)), reflect.Uintptr: reflect.TypeOf(uintptr(0)),
	reflect.Float32: reflect.TypeOf(float32(0)), reflect.Float64: reflect.TypeOf(float64(0)),
	reflect.Complex64: reflect.TypeOf(complex64(0)), reflect.Complex128: reflect.TypeOf(complex128(0)),
}

// definedOverCompiled reports whether t is a cell type defined from a
// compiled named type whose reflect type is not that type's but its
// kind's (unnamedBasic): its methods are the interpreter's. petridish.
func definedOverCompiled(t *itype) bool {
	if t.cat != linkedT {
		return false
	}
	base := t.resolveAlias()
	return base.cat == valueT && t.TypeOf() != base.TypeOf()
}

// noValueCall reports whether n is a call of a function without results
// (`f()` of a `func f()`, `display.HTML(s)`, `println()`), which Go
// refuses as a value, and returns the call as the error shows it.
// petridish.
func noValueCall(n *node) (string, bool) {
	if !isCall(n) || len(n.child) == 0 {
		return "", false
	}
	c0 := n.child[0]
	t := c0.typ
	if t == nil {
		return "", false
	}
	switch {
	case t.cat == funcT, t.cat == builtinT:
	case t.cat == valueT && t.rtype != nil && t.rtype.Kind() == reflect.Func:
	default:
		return "", false
	}
	if t.numOut() > 0 {
		return "", false
	}
	name := callName(c0)
	if name == "" {
		name = "the function"
	}
	if len(n.child) > 1 {
		return name + "(...)", true
	}
	return name + "()", true
}

// maxCallDepth bounds the nested calls of interpreted functions in one
// goroutine (and the calls in progress of one closure). Unbounded
// recursion met Go's 1 GB stack limit, a fatal error no recover stops,
// after some 870,000 interpreted calls (a closure's take more stack):
// the kernel's process died with all its cells' state. Reaching the
// bound and unwinding takes about 2 s. petridish.
const maxCallDepth = 100000

// maxClosureDepth bounds the calls in progress of one closure: each goes
// through reflect.Value.Call, which takes more stack and time (20,000
// take about 3 s to reach and unwind). petridish.
const maxClosureDepth = 20000

// recursionFrames is the depth of Go frames past which a goroutine that
// calls an interpreted function through compiled code more than
// maxClosureDepth times at once recurses without end (wrapperRecursion).
const recursionFrames = 250000

// wrapperRecursion reports whether the calling goroutine's stack is
// deeper than recursionFrames Go frames. petridish: a method that calls
// itself through compiled code, the String method formatting its own
// receiver with %v (fmt calls String again) or a MarshalJSON calling
// json.Marshal on its receiver, met Go's 1 GB stack limit after some
// 100,000 calls, a fatal error that ended the kernel's process: such
// calls go through a wrapper that compiled code calls (genMethodWrapper),
// whose frames do not descend from their caller's, so maxCallDepth did
// not bound them. A function with more than maxClosureDepth calls
// through compiled code in progress checks, every 4,096 calls, whether
// that is one goroutine recursing (a stack this deep: 14 Go frames a
// call of a String method from fmt, so 20,480 calls are 286,720 frames)
// or many goroutines in it at once, which must go on. A check walks the
// stack, some 0.4 s at that depth.
func wrapperRecursion() bool {
	pcs := make([]uintptr, recursionFrames)
	return runtime.Callers(0, pcs) >= recursionFrames
}

// wrapperCallCounts holds, for each function or method declaration, its
// calls through compiled code in progress (wrapperCalls).
var wrapperCallCounts sync.Map // *node -> *atomic.Int64

// wrapperCalls returns the count of def's calls through compiled code in
// progress, which all of def's wrappers share: an interface conversion
// makes new ones each time (`fmt.Sprintf("%v", p)` in p's String).
func wrapperCalls(def *node) *atomic.Int64 {
	if c, ok := wrapperCallCounts.Load(def); ok {
		return c.(*atomic.Int64)
	}
	c, _ := wrapperCallCounts.LoadOrStore(def, new(atomic.Int64))
	return c.(*atomic.Int64)
}

// wrapperDepthError is the panic of a function or method, named, that
// calls itself through compiled code without end (wrapperRecursion).
type wrapperDepthError string

func (e wrapperDepthError) Error() string {
	return fmt.Sprintf("runtime error: stack overflow: %s called itself through compiled code more than %d deep (a String or Error method that formats its own receiver with %%v, or a MarshalJSON that marshals it, calls itself: format a value of a type without the method, such as T2(p) of a type T2 T)", string(e), maxClosureDepth)
}

// RuntimeError marks wrapperDepthError as a runtime.Error.
func (wrapperDepthError) RuntimeError() {}

// funcDeclName names function or method declaration def as Go's
// tracebacks do: F, T.M or (*T).M.
func funcDeclName(def *node) string {
	if def == nil || def.kind != funcDecl || len(def.child) < 2 {
		return "a function"
	}
	name := def.child[1].ident
	if !isMethod(def) || len(def.child[0].child) == 0 {
		return name
	}
	recv := def.child[0].child[0]
	t := recv.lastChild()
	if t.kind == starExpr && len(t.child) > 0 {
		return "(*" + t.child[0].ident + ")." + name
	}
	return t.ident + "." + name
}

// callDepthError is the panic of a call past maxCallDepth: a runtime
// error, as Go's own stack overflow is, that the cell can recover.
type callDepthError int

func (e callDepthError) Error() string {
	return fmt.Sprintf("runtime error: stack overflow: more than %d nested calls of interpreted functions (an infinite recursion?)", int(e))
}

// RuntimeError marks callDepthError as a runtime.Error.
func (callDepthError) RuntimeError() {}

// isOpAssignMapEntry reports whether n is the map entry m[k] that an
// operator assignment (`m[k] += f()`) updates. The cfg gives such an n
// two frame slots after its own (n.findex+1, n.findex+2), where
// getIndexMap keeps the map and the key it read; genOpAssignMap stores
// into them. petridish: the store evaluated m and k again after the
// right operand, so `x[0] += func() int { x = other; return 0 }()`
// updated other (Go evaluates the destination's operands once, first).
func isOpAssignMapEntry(n *node) bool {
	a := n.anc
	return a != nil && a.kind == assignStmt && isAssignAction(a.action) && len(a.child) > 0 && a.child[0] == n && isMapEntry(n)
}

// genOpAssignMap returns the functions giving the map and the key of n
// (isOpAssignMapEntry) as getIndexMap read them; for another map entry
// (`m[k]++`), its map and key.
func genOpAssignMap(n *node) (m, k func(*frame) reflect.Value) {
	if !isOpAssignMapEntry(n) {
		return genValue(n.child[0]), genIndexKey(n)
	}
	i := n.findex
	return func(f *frame) reflect.Value { return f.data[i+1] }, func(f *frame) reflect.Value { return f.data[i+2] }
}

// keepOpAssignMap makes n's exec, getIndexMap of an isOpAssignMapEntry,
// keep the map and the key it reads (genOpAssignMap).
func keepOpAssignMap(n *node) {
	if !isOpAssignMapEntry(n) || n.exec == nil {
		return
	}
	m, k, i, exec := genValue(n.child[0]), genIndexKey(n), n.findex, n.exec
	n.exec = func(f *frame) bltn {
		// Copies: m and k may give the variables themselves.
		keepCopy(&f.data[i+1], m(f))
		keepCopy(&f.data[i+2], k(f))
		return exec(f)
	}
}

// keepCopy sets *slot to a copy of v, in the slot's own storage when it
// has v's type.
func keepCopy(slot *reflect.Value, v reflect.Value) {
	if !slot.IsValid() || slot.Type() != v.Type() || !slot.CanSet() {
		*slot = reflect.New(v.Type()).Elem()
	}
	slot.Set(v)
}

// snapshotSelect reports whether the operands of c, a select's comm
// clause, that are variables must be read when the clause's turn comes
// (snapshotOperand): when a later clause's operands have a call, which
// may change them. petridish:
// the select read them when it ran, after evaluating every clause, so
// `case c <- x:` sent the x that a later `case <-makec(&x):` set, and
// `case <-ch:` waited on the ch that a later `case nilch <- f():` set to
// nil (a hang).
func snapshotSelect(c *node) bool {
	after := false
	for _, d := range c.anc.child {
		if d == c {
			after = true
			continue
		}
		if !after || d.kind == commClauseDefault || len(d.child) == 0 {
			continue
		}
		if hasAction(d.child[0], aCall, aCallSlice) {
			return true
		}
	}
	return false
}

// snapshotOperand replaces n, a variable operand of a select's clause,
// by a node that copies its value into a temporary of the frame when it
// executes in the clause's chain of evaluation (the cfg's selectStmt),
// and returns that node; n itself if it is not a variable.
func snapshotOperand(sc *scope, n *node) *node {
	if n.kind != identExpr || n.rval.IsValid() || n.typ == nil || n.ident == "_" || n.typ.cat == nilT {
		return n
	}
	a := n.anc
	w := &node{anc: a, interp: n.interp, index: n.index, pos: n.pos, kind: parenExpr, action: aNop, typ: n.typ, child: []*node{n}}
	w.start = w
	w.findex = sc.add(n.typ)
	for i, c := range a.child {
		if c == n {
			a.child[i] = w
		}
	}
	n.anc = w
	w.gen = func(w *node) {
		v, next, i := genValue(n), getExec(w.tnext), w.findex
		w.exec = func(f *frame) bltn {
			keepCopy(&f.data[i], v(f))
			return next
		}
	}
	return w
}

// blankFieldName returns name, the reflect name of field i of a cell
// struct type, made unique when the field is blank ("X_"): reflect.StructOf
// refuses two fields of one name, and Go allows any number of blank
// fields (bug442.go: "reflect.StructOf: duplicate field X_"). One at
// index i > 0 is "X__i"; FieldName gives "_" for each.
func blankFieldName(name string, i int) string {
	if name != "X_" || i == 0 {
		return name
	}
	return "X__" + strconv.Itoa(i)
}

// noNegativeZero returns v, the value of a constant, with a negative zero
// (of a float or a part of a complex) made positive: Go's constants have
// no negative zero, so -0.0 and -1e-10000 are +0 (bug434.go,
// issue12621.go), where go/constant's float gave -0.
func noNegativeZero(v reflect.Value) reflect.Value {
	switch v.Kind() {
	case reflect.Float32, reflect.Float64:
		if f := v.Float(); f == 0 && math.Signbit(f) {
			return reflect.Zero(v.Type())
		}
	case reflect.Complex64, reflect.Complex128:
		if c := v.Complex(); math.Signbit(real(c)) && real(c) == 0 || math.Signbit(imag(c)) && imag(c) == 0 {
			w := reflect.New(v.Type()).Elem()
			w.SetComplex(complex(real(c)+0, imag(c)+0))
			return w
		}
	}
	return v
}

// genShiftCount returns genValueUint(n) for n, the count of a shift,
// made to panic as Go does ("negative shift amount") when n is of a
// signed integer type and negative; yaegi shifted by the count taken as
// unsigned, giving 0 (Go's fixedbugs/issue19113.go).
func genShiftCount(n *node) func(*frame) (reflect.Value, uint64) {
	v := genValueUint(n)
	if v == nil || n.typ == nil {
		return v
	}
	switch n.typ.TypeOf().Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
	default:
		return v
	}
	return func(f *frame) (reflect.Value, uint64) {
		r, u := v(f)
		if s := int64(u); s < 0 {
			negativeShift(s)
		}
		return r, u
	}
}

// shiftSink keeps negativeShift's shift.
var shiftSink int

// negativeShift panics with Go's own run-time error for a shift by s < 0.
func negativeShift(s int64) {
	shiftSink = 1 << s
}

// constLenRange reports whether n, a range statement, ranges over an
// array with at most an index variable, where the array expression has
// no call nor receive: Go does not evaluate it then (the spec: "if at
// most one iteration variable is present and len(x) is constant, the
// range expression is not evaluated"), so `for i := range *p` of a nil p
// ranges over the indices. petridish: it dereferenced p and panicked
// (Go's fixedbugs/issue72844.go, issue73476.go).
func constLenRange(n *node) bool {
	if len(n.child) != 3 {
		return false // `for i, _ := range *p` evaluates *p, as in Go
	}
	o := n.child[1]
	if o.typ == nil || o.rval.IsValid() {
		return false
	}
	if t := o.typ.TypeOf(); t == nil || t.Kind() != reflect.Array {
		return false
	}
	return !hasCallOrRecv(o)
}

// hasCallOrRecv reports whether expression n has a function call or a
// channel receive (outside function literals), which make its
// evaluation observable beyond its value.
func hasCallOrRecv(n *node) bool {
	return hasAction(n, aCall, aCallSlice, aRecv)
}

// hasAction reports whether expression n has a node of one of actions,
// outside function literals, whose bodies it does not run.
func hasAction(n *node, actions ...action) bool {
	found := false
	n.Walk(func(m *node) bool {
		if found || m.kind == funcLit {
			return false
		}
		found = slices.Contains(actions, m.action)
		return !found
	}, nil)
	return found
}

// constArrayLen reports whether the length of n is a constant: n is an
// array or a pointer to one and has no call nor receive.
func constArrayLen(n *node) bool {
	if n.typ == nil || n.rval.IsValid() {
		return false
	}
	t := n.typ.TypeOf()
	if t != nil && t.Kind() == reflect.Ptr {
		t = t.Elem()
	}
	return t != nil && t.Kind() == reflect.Array && !hasCallOrRecv(n)
}

// isBoolKind reports whether dest, the destination of an assignment, is
// a variable (not the blank identifier) of a type of kind bool, into
// which a comparison can store its result directly.
func isBoolKind(dest *node) bool {
	return dest.ident != "_" && isBoolType(dest.typ)
}

// isBoolType reports whether t is of kind bool.
func isBoolType(t *itype) bool {
	return t != nil && t.cat != interfaceT && isBoolean(t.TypeOf())
}

// setOk sets v, the ok of a comma-ok form, to b: v may be an interface
// variable (`var ok any; i, ok = <-c`), which SetBool panicked on
// ("Value.SetBool on interface Value"; Go's fixedbugs/issue16870.go).
func setOk(v reflect.Value, b bool) {
	if v.Kind() == reflect.Interface {
		v.Set(reflect.ValueOf(b))
		return
	}
	v.SetBool(b)
}

// embeddedInterfacePath returns the path of field indices, through
// embedded structs, to the embedded interface field of struct type t
// whose method name is promoted to t, as interfaceMethod finds it; nil
// when there is none. petridish: getMethodByName looked at t's own fields
// only, so d.M() of an interface embedded in a struct embedded in d
// panicked ("invalid interface value").
func embeddedInterfacePath(t *itype, name string, seen map[*itype]bool) []int {
	t = beneathPointers(t)
	if t == nil || t.cat != structT || seen[t] {
		return nil
	}
	seen[t] = true
	for i, f := range t.field {
		if !f.embed {
			continue
		}
		if isInterfaceSrc(f.typ) {
			if f.typ.interfaceMethod(name) != nil {
				return []int{i}
			}
			continue
		}
		if p := embeddedInterfacePath(f.typ, name, seen); p != nil {
			return append([]int{i}, p...)
		}
	}
	return nil
}

// commaOkWrap returns the function that makes v, the value of a comma-ok
// form (`s, ok = m[k]`, `s, ok = <-c`) of type src, a value of dst, the
// variable's type: v in an interface value when dst is a non-empty
// interface of the interpreter and src is not an interface. petridish:
// v itself was stored ("reflect.Set: value of type int is not assignable
// to type interp.valueInterface").
func commaOkWrap(n *node, dst, src *itype) func(reflect.Value) reflect.Value {
	for src != nil && src.cat == linkedT && src.val != nil && (src.val.cat == mapT || src.val.cat == chanT || src.val.cat == chanRecvT || src.val.cat == linkedT) {
		src = src.val
	}
	var elem *itype
	switch {
	case src == nil || dst == nil:
	case src.cat == mapT || src.cat == chanT || src.cat == chanRecvT:
		elem = src.val
	case src.cat == valueT && src.rtype != nil && (src.rtype.Kind() == reflect.Map || src.rtype.Kind() == reflect.Chan):
		elem = valueTOf(src.rtype.Elem())
	}
	if elem == nil || !isInterfaceSrc(dst) || isEmptyInterface(dst) || isInterface(elem) {
		return nil
	}
	en := &node{kind: identExpr, typ: elem, interp: n.interp, pos: n.pos}
	return func(v reflect.Value) reflect.Value {
		return reflect.ValueOf(valueInterface{en, copyOf(v)})
	}
}
