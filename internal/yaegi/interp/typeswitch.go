package interp

// petridish: this file is not yaegi's.

import (
	"fmt"
	"reflect"
	"sync"
)

// caseMatcher decides whether the operand of a type switch (or of a type
// assertion) matches a case type, as Go decides it. What it needs of the
// type is computed once, when the case is compiled: the itype's reflect
// type, id and method set are rebuilt at each call of TypeOf, id and
// methods, which made a type switch in a loop five times slower.
type caseMatcher struct {
	typ   *itype
	iface bool         // typ is an interface type
	kept  bool         // typ is a cell type with methods, or a pointer to one: its values in interfaces are kept with it
	rt    reflect.Type // typ's reflect type
	id    string       // typ's id
	want  methodSet    // typ's methods, when it is an interface
	sets  sync.Map     // *itype of a cell value: methodSetMatch
}

// methodSetMatch is what a caseMatcher found of a cell type's method set.
type methodSetMatch struct {
	byName bool // the cell type has methods of the interface's names
	inSet  bool // and they are in its method set (not on *T only for a T)
}

func newCaseMatcher(typ *itype) *caseMatcher {
	m := &caseMatcher{typ: typ}
	if typ == nil || typ.cat == nilT {
		return m
	}
	m.iface = isInterface(typ)
	m.rt = typ.TypeOf()
	m.id = typ.id()
	m.kept = !m.iface && keepsMethods(typ) && (isNamedCellType(typ) || typ.cat == ptrT && isNamedCellType(typ.val))
	if m.iface {
		m.want = typ.methods()
	}
	return m
}

// match reports whether v matches the case type, and returns the value
// that a case variable of type dest (nil when there is none) gets. ok is
// false, leaving the case to yaegi's own checks, when the match cannot be
// decided here.
func (m *caseMatcher) match(f *frame, v reflect.Value, dest reflect.Type) (out reflect.Value, ok bool) {
	switch {
	case m.typ == nil || m.typ.cat == nilT:
		return reflect.Value{}, false
	case m.iface:
		return m.interfaceCase(f, v, dest)
	}
	return m.concreteCase(v, dest)
}

// interfaceCase is match for an interface type: whether v holds a value
// whose dynamic type implements it. yaegi compared type names, so `case
// error:` and `case fmt.Stringer:` never matched.
func (m *caseMatcher) interfaceCase(f *frame, v reflect.Value, dest reflect.Type) (out reflect.Value, ok bool) {
	v, ok = dynamic(v)
	if !ok {
		return reflect.Value{}, false
	}
	if vi, ok := wrappedCellValue(v); ok {
		// A cell value that went through compiled code in the wrapper of
		// its methods (as an error, an io.Reader): its own type decides.
		v = reflect.ValueOf(vi)
	}
	if vi, isVI := v.Interface().(valueInterface); isVI {
		if vi.node == nil || vi.node.typ == nil || !vi.value.IsValid() {
			return reflect.Value{}, false
		}
		if !m.methodSet(vi.node.typ).inSet {
			return reflect.Value{}, false
		}
		switch {
		case dest == nil:
			return reflect.Value{}, true
		case dest == valueInterfaceType:
			return v, true
		case dest.Kind() == reflect.Interface:
			nt := *vi.node
			if w := genInterfaceWrapperOf(&nt, dest); w != nil {
				return w(f, vi.value), true
			}
			if vi.value.Type().Implements(dest) {
				return vi.value, true
			}
		}
		return reflect.Value{}, false
	}
	if m.rt == valueInterfaceType && v.CanInterface() {
		// petridish: a compiled value has a cell interface's methods when
		// its reflect type has them, with the same signatures:
		// `err.(interface{ Unwrap() error })` of a *fmt.wrapError, and
		// `x.(Namer)` of an *os.File, were false.
		if !hasCompiledMethods(v, m.typ, m.want) {
			return reflect.Value{}, false
		}
		switch {
		case dest == nil:
			return reflect.Value{}, true
		case dest == valueInterfaceType:
			return reflect.ValueOf(valueInterface{&node{typ: valueTOf(v.Type())}, v}), true
		case dest.Kind() == reflect.Interface && v.Type().Implements(dest):
			return v, true
		}
		return reflect.Value{}, false
	}
	// A compiled value, or a wrapper of a cell value made for compiled code.
	binary := m.rt != nil && m.rt.Kind() == reflect.Interface && m.rt != valueInterfaceType
	if !binary || !v.Type().Implements(m.rt) {
		return reflect.Value{}, false
	}
	switch {
	case dest == nil:
		return reflect.Value{}, true
	case dest.Kind() == reflect.Interface && v.Type().Implements(dest):
		return v, true
	}
	return reflect.Value{}, false
}

// methodSet returns what dyn's method set has of the interface's methods,
// computed once per cell type: a method with a pointer receiver is in the
// method set of the pointer type only, or of a struct that embeds a
// pointer to its type (inMethodSet). petridish: methods promoted from
// embedded fields were looked up as if declared on dyn, so a *V of a V
// embedding Base, with `func (*Base) Set`, did not have Set in its method
// set, nor a P embedding *Base.
func (m *caseMatcher) methodSet(dyn *itype) methodSetMatch {
	if r, ok := m.sets.Load(dyn); ok {
		return r.(methodSetMatch)
	}
	var r methodSetMatch
	if have := dyn.methods(); !isInterface(dyn) && have.contains(m.want) && sameSignatures(have, m.want) {
		r.byName, r.inSet = true, true
		for name := range m.want {
			if found, inSet := dyn.inMethodSet(name); found && !inSet {
				r.inSet = false
				break
			}
		}
	}
	m.sets.Store(dyn, r)
	return r
}

// concreteCase is match for a type that is not an interface: whether v
// holds a value of that type, seen through yaegi's wrappers. yaegi
// compared the name of the type with the printed reflect type of the
// value, which never matched a cell type (`case P:`), nor one that came
// back from compiled code in an error (`case *NotFound:`).
func (m *caseMatcher) concreteCase(v reflect.Value, dest reflect.Type) (out reflect.Value, ok bool) {
	if m.rt == nil {
		return reflect.Value{}, false
	}
	for depth := 0; depth < 8; depth++ {
		if v, ok = dynamic(v); !ok {
			return reflect.Value{}, false
		}
		if vi, isVI := v.Interface().(valueInterface); isVI {
			if vi.node == nil || vi.node.typ == nil || vi.node.typ != m.typ && vi.node.typ.id() != m.id {
				return reflect.Value{}, false
			}
			v = vi.value
			break
		}
		if isMethodWrapper(v.Type()) {
			v = v.Field(0)
			continue
		}
		break
	}
	if !v.IsValid() || v.Type() != m.rt {
		return reflect.Value{}, false
	}
	if dest != nil && !v.Type().AssignableTo(dest) {
		return reflect.Value{}, false
	}
	return v, true
}

// asserted performs x.(T) for an interface type T when match can decide
// it: it sets the result (value0, when withResult) and the status (value1,
// when setStatus) and reports true. yaegi compared method signature
// strings, and `var x any = T{}; x.(fmt.Stringer)` of a cell type T with
// a String method was false.
func (m *caseMatcher) asserted(f *frame, n *node, v reflect.Value, value0, value1 func(*frame) reflect.Value, withResult, setStatus bool) bool {
	var dest reflect.Type
	if withResult {
		dest = value0(f).Type()
	}
	out, ok := m.match(f, v, dest)
	if !ok {
		// A cell value whose method set lacks a method of T (one with a
		// pointer receiver, for a value) does not implement it; yaegi's
		// checks took it as implementing.
		dyn := cellType(v)
		if dyn == nil {
			return false
		}
		if ms := m.methodSet(dyn); !ms.byName || ms.inSet {
			return false
		}
		if !setStatus && value1 == nil {
			panic(typeAssertionError(fmt.Sprintf("interface conversion: %s is not %s: method has a pointer receiver", dyn.id(), m.id)))
		}
		if withResult {
			value0(f).Set(reflect.Zero(dest))
		}
		if setStatus {
			value1(f).SetBool(false)
		}
		return true
	}
	if withResult {
		value0(f).Set(out)
	}
	if setStatus {
		value1(f).SetBool(true)
	}
	return true
}

// rejects reports whether v certainly does not match the interface case
// type: it holds a value of a cell type whose method set lacks a method
// of the interface. petridish: a type switch with a variable (`switch v
// := x.(type)`) then fell back to yaegi's checks, which took any cell
// value kept with its type (a valueInterface) for one of any cell
// interface: `case Setter:` matched a V{} whose Set has a pointer
// receiver, and a T{} without a Set.
func (m *caseMatcher) rejects(v reflect.Value) bool {
	if !m.iface {
		return false
	}
	dyn := cellType(v)
	return dyn != nil && !isInterface(dyn) && !m.methodSet(dyn).inSet
}

// rejectAll reports whether v certainly matches none of the cases: each
// rejects it, or is nil while v holds a value. petridish.
func rejectAll(ms []*caseMatcher, v reflect.Value) bool {
	for _, m := range ms {
		if m.typ != nil && m.typ.cat == nilT {
			if _, ok := dynamic(v); ok {
				continue
			}
			return false
		}
		if !m.rejects(v) {
			return false
		}
	}
	return true
}

// wrappedCellValue returns the cell value kept with its type
// (keptWithType) in v when v is a wrapper of methods for compiled code.
func wrappedCellValue(v reflect.Value) (valueInterface, bool) {
	if !v.IsValid() || !isMethodWrapper(v.Type()) {
		return valueInterface{}, false
	}
	inner, ok := dynamic(v.Field(0))
	if !ok || !inner.CanInterface() {
		return valueInterface{}, false
	}
	vi, ok := inner.Interface().(valueInterface)
	return vi, ok && vi.node != nil && vi.node.typ != nil && vi.value.IsValid()
}

// cellType returns the cell type of the value in v, an interface value,
// when yaegi keeps it (a valueInterface, also inside a wrapper of
// methods), or nil.
func cellType(v reflect.Value) *itype {
	v, ok := dynamic(v)
	if !ok || !v.CanInterface() {
		return nil
	}
	if vi, ok := wrappedCellValue(v); ok {
		return vi.node.typ
	}
	if vi, ok := v.Interface().(valueInterface); ok && vi.node != nil && vi.value.IsValid() {
		return vi.node.typ
	}
	return nil
}

// caseMatchers returns the matchers of types.
func caseMatchers(types []*itype) []*caseMatcher {
	ms := make([]*caseMatcher, len(types))
	for i, t := range types {
		ms[i] = newCaseMatcher(t)
	}
	return ms
}

// dynamic returns the value inside interface value v (v itself when it
// is not an interface), and false when v is a nil interface.
func dynamic(v reflect.Value) (reflect.Value, bool) {
	for v.IsValid() && v.Kind() == reflect.Interface {
		if v.IsNil() {
			return reflect.Value{}, false
		}
		v = v.Elem()
	}
	return v, v.IsValid()
}

// isMethodWrapper reports whether t is the type of one of the wrappers
// through which compiled code calls a cell value's methods (interp's
// _error, stdlib's _fmt_Stringer, ...): a struct whose first field,
// IValue, holds the value.
func isMethodWrapper(t reflect.Type) bool {
	return t.Kind() == reflect.Struct && t.NumField() > 0 && t.Field(0).Name == "IValue" && t.Field(0).Type.Kind() == reflect.Interface
}

// byReflectTypeOnly reports whether a match of v by m, a concrete case,
// rests on v's reflect type alone: m's type is a cell type
// (or a pointer to one), whose reflect type is its underlying type's,
// and v holds a bare value, not one kept with its type. Values of such
// types are kept with their types in interfaces (keepsMethods); a bare
// one is a value of the underlying type, or one that compiled code kept
// and gave back (heap.Pop, sync.Map), which lost its type. petridish.
func (m *caseMatcher) byReflectTypeOnly(v reflect.Value) bool {
	if !m.kept {
		return false
	}
	if d, ok := dynamic(v); ok && isMethodWrapper(d.Type()) {
		// A cell value with methods, in the wrapper that gave compiled
		// code its methods (a recovered error, say).
		return false
	}
	return cellType(v) == nil
}

// matchesCase reports whether v matches one of ms, the types of a case
// clause of a type switch, by Go's rules, and when it does not, whether a
// match gave way to a later clause (yieldsTo), which decides the clause
// against v.
func matchesCase(ms, later []*caseMatcher, f *frame, v reflect.Value) (matched, yielded bool) {
	for _, m := range ms {
		if _, ok := m.match(f, v, nil); ok {
			if m.yieldsTo(later, f, v) {
				yielded = true
				continue
			}
			return true, false
		}
	}
	return false, yielded
}

// laterCases returns the matchers of the case clauses after clause n of
// a type switch.
func laterCases(n *node) []*caseMatcher {
	var ms []*caseMatcher
	after := false
	for _, clause := range n.anc.child {
		if after {
			for _, c := range clause.child[:max(len(clause.child)-1, 0)] {
				ms = append(ms, newCaseMatcher(c.typ))
			}
		}
		after = after || clause == n
	}
	return ms
}

// yieldsTo reports whether a case that matched v by its reflect type
// only (byReflectTypeOnly) gives way to a later case that matches v by
// Go's rules: in `case Celsius: ... case float64:`, a bare float64 is a
// float64. petridish: the first case whose reflect type was v's took it.
func (m *caseMatcher) yieldsTo(later []*caseMatcher, f *frame, v reflect.Value) bool {
	if !m.byReflectTypeOnly(v) {
		return false
	}
	for _, l := range later {
		if _, ok := l.match(f, v, nil); ok && !l.byReflectTypeOnly(v) {
			return true
		}
	}
	return false
}

// assertedConcrete performs x.(T) for a concrete type T when x holds a
// value kept with its cell type (a valueInterface): T must be that type,
// as in Go. It sets the result (value0, when withResult) and the status
// (value1, when setStatus) and reports true, or reports false, leaving
// bare values to yaegi's checks of reflect types. from names the type
// of x for the failure's message. petridish: yaegi compared reflect
// types, which are the underlying types of cell types, so `var x any =
// Celsius(2); x.(float64)` succeeded, and `var a Act = Tanh{}; a.(Relu)`
// of two empty structs too.
func (m *caseMatcher) assertedConcrete(from *itype, v reflect.Value, value0, value1 func(*frame) reflect.Value, f *frame, withResult, setStatus bool) bool {
	if d, ok := dynamic(v); ok && !m.iface && m.typ != nil && isMethodWrapper(d.Type()) {
		// A cell value in the wrapper that gave compiled code its
		// methods (a recovered error): the value inside decides.
		var dest reflect.Type
		if withResult {
			dest = value0(f).Type()
		}
		out, ok := m.concreteCase(v, dest)
		switch {
		case ok && withResult:
			value0(f).Set(out)
		case !ok && withResult:
			value0(f).Set(reflect.Zero(dest))
		case !ok && !setStatus && value1 == nil:
			return false // yaegi's checks panic with their message
		}
		if setStatus {
			value1(f).SetBool(ok)
		}
		return true
	}
	dyn := cellType(v)
	if m.iface || m.typ == nil || dyn == nil || dyn.untyped || isInterface(dyn) {
		return false
	}
	if dyn == m.typ || dyn.id() == m.id {
		if withResult {
			inner, _ := dynamic(v)
			value0(f).Set(unwrapValueInterface(inner))
		}
		if setStatus {
			value1(f).SetBool(true)
		}
		return true
	}
	if !setStatus && value1 == nil {
		src := "interface {}"
		if from != nil && !isEmptyInterface(from) {
			src = from.id()
		}
		panic(typeAssertionError(fmt.Sprintf("interface conversion: %s is %s, not %s", src, dyn.id(), m.id)))
	}
	if withResult {
		value0(f).Set(reflect.Zero(value0(f).Type()))
	}
	if setStatus {
		value1(f).SetBool(false)
	}
	return true
}

// hasCompiledMethods reports whether v, a compiled value, has the methods
// want of cell interface iface, each with the signature iface gives it.
func hasCompiledMethods(v reflect.Value, iface *itype, want methodSet) bool {
	if len(want) == 0 {
		return true
	}
	for name := range want {
		mv := v.MethodByName(name)
		if !mv.IsValid() {
			return false
		}
		seq := iface.lookupField(name)
		if seq == nil {
			return false
		}
		ft := iface.fieldSeq(seq)
		if ft == nil || ft.cat != funcT || !sameFuncType(ft, mv.Type()) {
			return false
		}
	}
	return true
}

// sameFuncType reports whether function type ft of the interpreter and
// reflect function type rt have the same parameters and results.
func sameFuncType(ft *itype, rt reflect.Type) bool {
	if len(ft.arg) != rt.NumIn() || len(ft.ret) != rt.NumOut() {
		return false
	}
	for i, a := range ft.arg {
		if t := a.TypeOf(); t != rt.In(i) && !(a.cat == variadicT && rt.IsVariadic() && i == len(ft.arg)-1 && t == rt.In(i)) {
			if !(isInterface(a) && rt.In(i).Kind() == reflect.Interface) {
				return false
			}
		}
	}
	for i, r := range ft.ret {
		if t := r.TypeOf(); t != rt.Out(i) && !(isInterface(r) && rt.Out(i).Kind() == reflect.Interface) {
			return false
		}
	}
	return true
}

// sameSignatures reports whether the methods of want have the same
// signatures in have, a cell type's methods, whose signatures may list
// the receiver first. petridish: methods were compared by name, so a
// Multi with `Unwrap() []error` matched `interface{ Unwrap() error }`.
func sameSignatures(have, want methodSet) bool {
	for name, sig := range want {
		got := have[name]
		if got == sig {
			continue
		}
		if stripped, err := stripReceiverFromArgs(got); err != nil || stripped != sig {
			return false
		}
	}
	return true
}
