package interp

//go:generate go run ../internal/cmd/genop/genop.go

import (
	"errors"
	"fmt"
	"go/constant"
	"reflect"
	"regexp"
	"strings"
	"sync/atomic"
	"unicode/utf8"
	"unsafe"
)

// bltn type defines functions which run at CFG execution.
type bltn func(f *frame) bltn

// bltnGenerator type defines a builtin generator function.
type bltnGenerator func(n *node)

var builtin = [...]bltnGenerator{
	aNop:          nop,
	aAddr:         addr,
	aAssign:       assign,
	aAdd:          add,
	aAddAssign:    addAssign,
	aAnd:          and,
	aAndAssign:    andAssign,
	aAndNot:       andNot,
	aAndNotAssign: andNotAssign,
	aBitNot:       bitNot,
	aCall:         call,
	aCallSlice:    call,
	aCase:         _case,
	aCompositeLit: arrayLit,
	aDec:          dec,
	aEqual:        equal,
	aGetFunc:      getFunc,
	aGreater:      greater,
	aGreaterEqual: greaterEqual,
	aInc:          inc,
	aLand:         land,
	aLor:          lor,
	aLower:        lower,
	aLowerEqual:   lowerEqual,
	aMul:          mul,
	aMulAssign:    mulAssign,
	aNeg:          neg,
	aNot:          not,
	aNotEqual:     notEqual,
	aOr:           or,
	aOrAssign:     orAssign,
	aPos:          pos,
	aQuo:          quo,
	aQuoAssign:    quoAssign,
	aRange:        _range,
	aRecv:         recv,
	aRem:          rem,
	aRemAssign:    remAssign,
	aReturn:       _return,
	aSend:         send,
	aShl:          shl,
	aShlAssign:    shlAssign,
	aShr:          shr,
	aShrAssign:    shrAssign,
	aSlice:        slice,
	aSlice0:       slice0,
	aStar:         deref,
	aSub:          sub,
	aSubAssign:    subAssign,
	aTypeAssert:   typeAssertShort,
	aXor:          xor,
	aXorAssign:    xorAssign,
}

var receiverStripperRxp *regexp.Regexp

func init() {
	re := `func\(((.*?(, |\)))(.*))`
	var err error
	receiverStripperRxp, err = regexp.Compile(re)
	if err != nil {
		panic(err)
	}
}

type valueInterface struct {
	node  *node
	value reflect.Value
}

var floatType, complexType reflect.Type

func init() {
	floatType = reflect.ValueOf(0.0).Type()
	complexType = reflect.ValueOf(complex(0, 0)).Type()
}

func (interp *Interpreter) run(n *node, cf *frame) {
	if n == nil {
		return
	}
	var f *frame
	if cf == nil {
		f = interp.frame
	} else {
		f = newFrame(cf, len(n.types), interp.runid())
	}
	interp.mutex.RLock()
	c := reflect.ValueOf(interp.done)
	interp.mutex.RUnlock()

	f.mutex.Lock()
	f.done = &reflect.SelectCase{Dir: reflect.SelectRecv, Chan: c}
	f.mutex.Unlock()

	for i, t := range n.types {
		f.data[i] = reflect.New(t).Elem()
	}
	runCfg(n.start, f, n, nil)
}

func isExecNode(n *node, exec bltn) bool {
	if n == nil || n.exec == nil || exec == nil {
		return false
	}

	a1 := reflect.ValueOf(n.exec).Pointer()
	a2 := reflect.ValueOf(exec).Pointer()
	return a1 == a2
}

// originalExecNode looks in the tree of nodes for the node which has exec,
// aside from n, in order to know where n "inherited" that exec from.
// petridish: a node whose exec is the closure exec itself is preferred to
// one whose exec only has the same code (every type assertion's closure
// has the code of every other): a panic was placed at the first node of
// the program with that kind of exec.
func originalExecNode(n *node, exec bltn) *node {
	if o := findExecNode(n, func(wn *node) bool { return sameClosure(wn.exec, exec) }); o != nil {
		return o
	}
	execAddr := reflect.ValueOf(exec).Pointer()
	return findExecNode(n, func(wn *node) bool { return reflect.ValueOf(wn.exec).Pointer() == execAddr })
}

// sameClosure reports whether a and b are the same function value: the
// same closure, not only the same code.
func sameClosure(a, b bltn) bool {
	return *(*unsafe.Pointer)(unsafe.Pointer(&a)) == *(*unsafe.Pointer)(unsafe.Pointer(&b))
}

// findExecNode walks the trees around n, from its parent outwards, for
// the first node other than n with an exec that match accepts.
func findExecNode(n *node, match func(*node) bool) *node {
	var originalNode *node
	seen := make(map[int64]struct{})
	root := n
	for {
		root = root.anc
		if root == nil {
			break
		}
		if _, ok := seen[root.index]; ok {
			continue
		}

		root.Walk(func(wn *node) bool {
			if _, ok := seen[wn.index]; ok {
				return true
			}
			seen[wn.index] = struct{}{}
			if wn.index == n.index {
				return true
			}
			if wn.exec == nil {
				return true
			}
			if match(wn) {
				originalNode = wn
				return false
			}
			return true
		}, nil)

		if originalNode != nil {
			break
		}
	}

	return originalNode
}

// cloned from net/http/server.go , so we can enforce a similar behavior:
// in the stdlib, this error is used as sentinel in panic triggered e.g. on
// request cancellation, in order to catch it and suppress it in a following defer.
// in yaegi, we use it to suppress a "panic" log message that happens in the
// same circumstances.
var errAbortHandler = errors.New("net/http: abort Handler")

// Functions set to run during execution of CFG.

func panicFunc(s *scope) string {
	if s == nil {
		return ""
	}
	def := s.def
	if def == nil {
		return s.pkgID
	}
	switch def.kind {
	case funcDecl:
		if c := def.child[1]; c.kind == identExpr {
			return s.pkgID + "." + c.ident
		}
	case funcLit:
		if def.anc != nil {
			return panicFunc(def.anc.scope) + ".func"
		}
	}
	return s.pkgID
}

// runCfg executes a node AST by walking its CFG and running node builtin at each step.
func runCfg(n *node, f *frame, funcNode, callNode *node) {
	// petridish: a panic goes on from here, after runCfgFrame returned,
	// not from its deferred function. Panicking again inside the
	// deferred function left every frame's deferred call on the stack
	// while the panic went down, so each new panic walked all of them:
	// unwinding took time quadratic in the depth (a panic 8,000
	// interpreted calls deep took 5 s, 20,000 over 30 s).
	if p := runCfgFrame(n, f, funcNode, callNode); p != nil {
		panic(p.value)
	}
}

// Exiter is implemented by a panic value that ends the program as os.Exit
// does (an embedder's os.Exit that panics so as to end the evaluation, not
// the process): the deferred calls of the interpreted frames it unwinds do
// not run, as os.Exit runs none, and so none can recover it. When it
// reaches the top of a goroutine that interpreted code started, the
// interpreter calls its ExitGoroutine instead of crashing the process.
// petridish.
type Exiter interface{ ExitGoroutine() }

// goroutineExit ends a goroutine that interpreted code started: an Exiter
// panic calls its ExitGoroutine; others go on. petridish.
func goroutineExit() {
	if r := recover(); r != nil {
		if e, ok := r.(Exiter); ok {
			e.ExitGoroutine()
			return
		}
		panic(r)
	}
}

// pendingPanic is a panic that runCfgFrame recovered and runCfg
// continues. petridish.
type pendingPanic struct{ value any }

// runCfgFrame is runCfg, returning the panic to go on with.
func runCfgFrame(n *node, f *frame, funcNode, callNode *node) (pending *pendingPanic) {
	var exec bltn
	defer func() {
		// petridish: the deferred calls run without f's lock held. A
		// closure made in f takes that lock when it returns (getFunc), so
		// `h := func() { ... }; defer h()` deadlocked.
		r := goRuntimePanic(recover()) // petridish: Go's runtime error, caught or not
		if funcNode != nil && len(funcNode.rangeFuncs) > 0 {
			// petridish: loops over functions that a return, goto or
			// panic left run their functions to the end first.
			if p := endRangeFuncs(f, funcNode.rangeFuncs, r); p != nil {
				r = goRuntimePanic(p)
			}
		}
		f.mutex.Lock()
		f.recovered = r
		deferred := f.deferred
		f.mutex.Unlock()
		if _, ok := r.(Exiter); ok {
			// petridish: os.Exit runs no deferred calls, so none
			// recovers it either.
			deferred = nil
		}
		for _, val := range deferred {
			callDeferred(f, val)
		}
		f.mutex.Lock()
		r = f.recovered
		f.mutex.Unlock()
		if r != nil {
			var oNode *node
			if exec != nil && sameClosure(exec, n.exec) {
				// petridish: the function's first statement panicked
				// (`func todo() { panic("todo") }`); originalExecNode
				// skips n and matched another node with the same code
				// (a `panic("never")` elsewhere), placing the panic
				// there, in the wrong function.
				oNode = n
			} else if oNode = originalExecNode(n, exec); oNode == nil {
				oNode = n
			}
			errorer, ok := r.(error)
			// in this specific case, the stdlib would/will suppress the panic, so we
			// suppress the logging here accordingly, to get a similar and consistent
			// behavior.
			if !ok || errorer.Error() != errAbortHandler.Error() {
				fmt.Fprintln(n.interp.stderr, oNode.cfgErrorf("panic: %s(...)", panicFunc(oNode.scope)))
			}
			pending = &pendingPanic{r}
		}
	}()

	dbg := n.interp.debugger
	if dbg == nil {
		// petridish: the loop sets runCfg's exec, which the deferred
		// function reads to name the node that panicked; its own exec
		// (`for exec := ...`) left that nil, so a panic was placed at the
		// function's first statement.
		for exec = n.exec; exec != nil && f.runid() == n.interp.runid(); {
			exec = exec(f)
		}
		return
	}

	if n.exec == nil {
		return
	}

	dbg.enterCall(funcNode, callNode, f)
	defer dbg.exitCall(funcNode, callNode, f)

	for m, exec := n, n.exec; f.runid() == n.interp.runid(); {
		if dbg.exec(m, f) {
			break
		}

		exec = exec(f)
		if exec == nil {
			break
		}

		if m == nil {
			m = dbg.originalExecNode(n, exec)
			continue
		}

		switch {
		case isExecNode(m.tnext, exec):
			m = m.tnext
		case isExecNode(m.fnext, exec):
			m = m.fnext
		default:
			m = dbg.originalExecNode(m, exec)
		}
	}
	return nil
}

func stripReceiverFromArgs(signature string) (string, error) {
	fields := receiverStripperRxp.FindStringSubmatch(signature)
	if len(fields) < 5 {
		return "", errors.New("error while matching method signature")
	}
	if fields[3] == ")" {
		return fmt.Sprintf("func()%s", fields[4]), nil
	}
	return fmt.Sprintf("func(%s", fields[4]), nil
}

func typeAssertShort(n *node) {
	typeAssert(n, true, false)
}

func typeAssertLong(n *node) {
	typeAssert(n, true, true)
}

func typeAssertStatus(n *node) {
	typeAssert(n, false, true)
}

func typeAssert(n *node, withResult, withOk bool) {
	if withOk {
		defer redefineFirst(n) // petridish
	}
	c0, c1 := n.child[0], n.child[1]
	value := genValue(c0) // input value
	var value0, value1 func(*frame) reflect.Value
	setStatus := false
	switch {
	case withResult && withOk:
		value0 = genValue(n.anc.child[0])       // returned result
		value1 = genValue(n.anc.child[1])       // returned status
		setStatus = n.anc.child[1].ident != "_" // do not assign status to "_"
		if t := commaOkTemp(n); t != nil {
			value0 = t // petridish
			defer assignCommaOk(n)
		}
	case withResult && !withOk:
		value0 = genValue(n) // returned result
	case !withResult && withOk:
		value1 = genValue(n.anc.child[1])       // returned status
		setStatus = n.anc.child[1].ident != "_" // do not assign status to "_"
	}

	typ := c1.typ // type to assert or convert to
	typID := typ.id()
	matcher := newCaseMatcher(typ) // petridish
	rtype := typ.refType(nil)      // type to assert
	next := getExec(n.tnext)

	switch {
	case isInterfaceSrc(typ):
		n.exec = func(f *frame) bltn {
			if matcher.asserted(f, n, value(f), value0, value1, withResult, setStatus) {
				return next
			}
			valf := value(f)
			v, ok := valf.Interface().(valueInterface)
			if setStatus {
				defer func() {
					setOk(value1(f), ok)
				}()
			}
			if ok && v.node == nil {
				ok = false // petridish: a nil cell interface; v.node.typ panicked
			}
			if !ok {
				if !withOk {
					if c := concreteOf(valf); c.IsValid() {
						// petridish: a compiled value that lacks a method
						// of the cell interface, as Go says it.
						panic(typeAssertionError(fmt.Sprintf("interface conversion: %v is not %v: missing method %s", c.Type(), typID, missingMethod(c.Type(), typ))))
					}
					panic(typeAssertionError(fmt.Sprintf("interface conversion: interface is nil, not %v", typID))) // petridish: Go's message
				}
				return next
			}
			if c0.typ.cat == valueT {
				valf = reflect.ValueOf(v)
			}
			if v.node.typ.id() == typID {
				if withResult {
					value0(f).Set(valf)
				}
				return next
			}
			m0 := v.node.typ.methods()
			m1 := typ.methods()
			if len(m0) < len(m1) {
				ok = false
				if !withOk {
					panic(typeAssertionError(fmt.Sprintf("interface conversion: %v is not %v", v.node.typ.id(), typID)))
				}
				return next
			}

			// petridish: a missing or different method panics in the
			// single-value form, as in Go; the assertion succeeded.
			fail := func(k string) bltn {
				ok = false
				if !withOk {
					panic(typeAssertionError(fmt.Sprintf("interface conversion: %v is not %v: missing method %s", v.node.typ.id(), typID, k)))
				}
				return next
			}
			for k, meth1 := range m1 {
				var meth0 string
				meth0, ok = m0[k]
				if !ok {
					return fail(k)
				}
				// As far as we know this equality check can fail because they are two ways to
				// represent the signature of a method: one where the receiver appears before the
				// func keyword, and one where it is just a func signature, and the receiver is
				// seen as the first argument. That's why if that equality fails, we try harder to
				// compare them afterwards. Hopefully that is the only reason this equality can fail.
				if meth0 == meth1 {
					continue
				}
				tm := lookupFieldOrMethod(v.node.typ, k)
				if tm == nil {
					return fail(k)
				}

				var err error
				meth0, err = stripReceiverFromArgs(meth0)
				if err != nil {
					return fail(k)
				}

				if meth0 != meth1 {
					return fail(k)
				}
			}

			if withResult {
				value0(f).Set(valf)
			}
			return next
		}
	case isInterface(typ):
		n.exec = func(f *frame) bltn {
			if matcher.asserted(f, n, value(f), value0, value1, withResult, setStatus) {
				return next
			}
			var leftType reflect.Type
			v := value(f)
			val, ok := v.Interface().(valueInterface)
			if setStatus {
				defer func() {
					setOk(value1(f), ok)
				}()
			}
			if ok && val.node == nil {
				// petridish: a nil cell interface (its zero
				// valueInterface) is nil, not a value without a type.
				ok, v = false, reflect.Value{}
			}
			if ok && val.node.typ.cat != valueT {
				m0 := val.node.typ.methods()
				m1 := typ.methods()
				if len(m0) < len(m1) {
					ok = false
					return next
				}

				for k, meth1 := range m1 {
					var meth0 string
					meth0, ok = m0[k]
					if !ok {
						return next
					}
					if meth0 != meth1 {
						ok = false
						return next
					}
				}

				if withResult {
					value0(f).Set(genInterfaceWrapper(val.node, rtype)(f))
				}
				ok = true
				return next
			}

			if ok {
				v = val.value
				leftType = val.node.typ.rtype
			} else if v.IsValid() {
				v = v.Elem()
			}
			if !ok && v.IsValid() {
				// petridish: a nil interface has no type (v.Type()
				// panicked, so `e, ok := r.(error)` of a nil r did).
				leftType = v.Type()
			}
			ok = v.IsValid()
			if !ok {
				if !withOk {
					panic(typeAssertionError(fmt.Sprintf("interface conversion: interface is nil, not %s", rtype.String()))) // petridish: Go's message
				}
				return next
			}
			ok = canAssertTypes(leftType, rtype)
			if !ok {
				if !withOk {
					method := firstMissingMethod(leftType, rtype)
					panic(typeAssertionError(fmt.Sprintf("interface conversion: %s is not %s: missing method %s", leftType.String(), rtype.String(), method)))
				}
				return next
			}
			if withResult {
				value0(f).Set(v)
			}
			return next
		}
	case isEmptyInterface(n.child[0].typ):
		n.exec = func(f *frame) bltn {
			var ok bool
			if setStatus {
				defer func() {
					setOk(value1(f), ok)
				}()
			}
			val := value(f)
			concrete := val.Interface()
			ctyp := reflect.TypeOf(concrete)

			if vv, ok := concrete.(valueInterface); ok {
				ctyp = vv.value.Type()
				concrete = vv.value.Interface()
			}
			ok = canAssertTypes(ctyp, rtype)
			if !ok {
				if !withOk {
					// TODO(mpl): think about whether this should ever happen.
					if ctyp == nil {
						panic(typeAssertionError(fmt.Sprintf("interface conversion: interface {} is nil, not %s", rtype.String())))
					}
					panic(typeAssertionError(fmt.Sprintf("interface conversion: interface {} is %s, not %s", ctyp.String(), rtype.String())))
				}
				return next
			}
			if withResult {
				if isInterfaceSrc(typ) {
					// TODO(mpl): this requires more work. the wrapped node is not complete enough.
					value0(f).Set(reflect.ValueOf(valueInterface{n.child[0], reflect.ValueOf(concrete)}))
				} else {
					value0(f).Set(reflect.ValueOf(concrete))
				}
			}
			return next
		}
	case n.child[0].typ.cat == valueT || n.child[0].typ.cat == errorT:
		n.exec = func(f *frame) bltn {
			v := value(f).Elem()
			ok := v.IsValid()
			if setStatus {
				defer func() {
					setOk(value1(f), ok)
				}()
			}
			if !ok {
				if !withOk {
					panic(typeAssertionError(fmt.Sprintf("interface conversion: interface {} is nil, not %s", rtype.String())))
				}
				return next
			}
			v = valueInterfaceValue(v)
			if vt := v.Type(); vt.Kind() == reflect.Struct && vt.Field(0).Name == "IValue" {
				// Value is retrieved from an interface wrapper.
				v = unwrapValueInterface(v.Field(0).Elem()) // petridish: kept with its type
			}
			ok = canAssertTypes(v.Type(), rtype)
			if !ok {
				if !withOk {
					method := firstMissingMethod(v.Type(), rtype)
					panic(typeAssertionError(fmt.Sprintf("interface conversion: %s is not %s: missing method %s", v.Type().String(), rtype.String(), method)))
				}
				return next
			}
			if withResult {
				value0(f).Set(v)
			}
			return next
		}
	default:
		n.exec = func(f *frame) bltn {
			v, ok := value(f).Interface().(valueInterface)
			if setStatus {
				defer func() {
					setOk(value1(f), ok)
				}()
			}
			if !ok || !v.value.IsValid() {
				ok = false
				if !withOk {
					panic(typeAssertionError(fmt.Sprintf("interface conversion: interface {} is nil, not %s", rtype.String())))
				}
				return next
			}

			ok = canAssertTypes(v.value.Type(), rtype)
			if !ok {
				if !withOk {
					panic(typeAssertionError(fmt.Sprintf("interface conversion: interface {} is %s, not %s", v.value.Type().String(), rtype.String())))
				}
				return next
			}
			if withResult {
				value0(f).Set(v.value)
			}
			return next
		}
	}
	if !isInterface(typ) {
		// petridish: x.(T) of a concrete T decides by the interpreter's
		// type when x keeps its value with it (assertedConcrete), before
		// yaegi's checks of reflect types.
		exec := n.exec
		n.exec = func(f *frame) bltn {
			if matcher.assertedConcrete(c0.typ, value(f), value0, value1, f, withResult, setStatus) {
				return next
			}
			return exec(f)
		}
	}
}

func canAssertTypes(src, dest reflect.Type) bool {
	if dest == nil {
		return false
	}
	if src == dest {
		return true
	}
	if dest.Kind() == reflect.Interface && src.Implements(dest) {
		return true
	}
	if src == nil {
		return false
	}
	if src.AssignableTo(dest) {
		return true
	}
	return false
}

func firstMissingMethod(src, dest reflect.Type) string {
	for i := 0; i < dest.NumMethod(); i++ {
		m := dest.Method(i).Name
		if _, ok := src.MethodByName(m); !ok {
			return m
		}
	}
	return ""
}

func convert(n *node) {
	if fastConvert(n) { // petridish: fastops.go
		return
	}
	dest := genValue(n)
	c := n.child[1]
	typ := n.child[0].typ.frameType()
	next := getExec(n.tnext)

	if c.isNil() { // convert nil to type
		// TODO(mpl): Try to completely remove, as maybe frameType already does the job for interfaces.
		if isInterfaceSrc(n.child[0].typ) && !isEmptyInterface(n.child[0].typ) {
			typ = valueInterfaceType
		}
		n.exec = func(f *frame) bltn {
			dest(f).Set(reflect.New(typ).Elem())
			return next
		}
		return
	}

	doConvert := true
	var value func(*frame) reflect.Value
	switch {
	case isFuncSrc(c.typ):
		value = genFunctionWrapper(c)
	case keepsMethodsInAny(n.child[0].typ, c):
		// petridish: any(v) of a value with methods keeps them, as
		// `var x any = v` does: the interface holds a valueInterface.
		value = genValueInterface(c)
		doConvert = false
	case isInterfaceBin(n.child[0].typ) && !isInterface(c.typ) && !isBin(c.typ) && c.typ.cat != nilT:
		// petridish: a value of a cell type converted to a compiled
		// interface is wrapped, as one assigned to it is (`mat.Matrix(w)`
		// of a struct embedding *mat.Dense panicked: "not assignable").
		value = genInterfaceWrapper(c, typ)
		doConvert = false
	default:
		value = genValue(c)
	}

	for _, con := range n.interp.hooks.convert {
		if c.typ.rtype == nil {
			continue
		}

		fn := con(c.typ.rtype, typ)
		if fn == nil {
			continue
		}
		n.exec = func(f *frame) bltn {
			fn(value(f), dest(f))
			return next
		}
		return
	}

	if doConvert && isNumberKind(typ.Kind()) {
		// petridish: see setConvertedNumber.
		n.exec = func(f *frame) bltn {
			if d, v := dest(f), value(f); !setConvertedNumber(d, v) {
				d.Set(v.Convert(typ))
			}
			return next
		}
		return
	}
	n.exec = func(f *frame) bltn {
		if doConvert {
			dest(f).Set(value(f).Convert(typ))
		} else {
			dest(f).Set(value(f))
		}
		return next
	}
}

// assignFromCall assigns values from a function call.
func assignFromCall(n *node) {
	ncall := n.lastChild()
	l := len(n.child) - 1
	if n.anc.kind == varDecl && n.child[l-1].isType(n.scope) {
		// Ignore the type in the assignment if it is part of a variable declaration.
		l--
	}
	dvalue := make([]func(*frame) reflect.Value, l)
	stores := make([]func(*frame, reflect.Value), l) // petridish: map entries
	for i := range dvalue {
		if n.child[i].ident == "_" {
			continue
		}
		dvalue[i] = genValue(n.child[i])
		if isMapEntry(n.child[i]) {
			stores[i] = genMapStore(n.child[i])
		}
	}
	next := getExec(n.tnext)
	n.exec = func(f *frame) bltn {
		for i, v := range dvalue {
			if v == nil {
				continue
			}
			s := f.data[ncall.findex+i]
			if stores[i] != nil {
				// petridish: `m[k], err = f()` set a copy of the entry.
				stores[i](f, s)
				continue
			}
			c := n.child[i]
			if n.kind == defineXStmt && !c.redeclared {
				// Recreate destination value in case of define statement,
				// to preserve previous value possibly in use by a closure.
				data := getFrame(f, c.level).data
				data[c.findex] = reflect.New(data[c.findex].Type()).Elem()
				data[c.findex].Set(s)
				continue
			}
			v(f).Set(s)
		}
		return next
	}
}

func assign(n *node) {
	if fastAssign(n) { // petridish: fastops.go
		return
	}
	next := getExec(n.tnext)
	dvalue := make([]func(*frame) reflect.Value, n.nleft)
	ivalue := make([]func(*frame) reflect.Value, n.nleft)
	svalue := make([]func(*frame) reflect.Value, n.nleft)
	var sbase int
	if n.nright > 0 {
		sbase = len(n.child) - n.nright
	}

	for i := 0; i < n.nleft; i++ {
		dest, src := n.child[i], n.child[sbase+i]
		if isNamedFuncSrc(src.typ) {
			svalue[i] = genFuncValue(src)
		} else {
			svalue[i] = genDestValue(dest.typ, src)
		}
		if isMapEntry(dest) {
			ivalue[i] = genIndexKey(dest) // petridish: interface keys are canonical
			dvalue[i] = genValue(dest.child[0])
		} else {
			dvalue[i] = genValue(dest)
		}
	}

	if n.nleft == 1 {
		// Single assign operation.
		switch s, d, i := svalue[0], dvalue[0], ivalue[0]; {
		case n.child[0].ident == "_":
			n.exec = func(f *frame) bltn {
				return next
			}
		case i != nil:
			n.exec = func(f *frame) bltn {
				d(f).SetMapIndex(i(f), s(f))
				return next
			}
		case n.kind == defineStmt:
			l := n.level
			ind := n.findex
			fresh := freshStorageOnce(n.child[0]) // petridish
			n.exec = func(f *frame) bltn {
				data := getFrame(f, l).data
				if fresh() || !data[ind].CanSet() {
					data[ind] = reflect.New(data[ind].Type()).Elem()
				}
				data[ind].Set(s(f))
				return next
			}
		default:
			n.exec = func(f *frame) bltn {
				d(f).Set(s(f))
				return next
			}
		}
		return
	}

	// Multi assign operation.
	types := make([]reflect.Type, n.nright)
	index := make([]int, n.nright)
	level := make([]int, n.nright)

	for i := range types {
		// petridish: the temporary has the destination's type, which
		// svalue converts to: a source's type failed for an empty
		// interface (`xs[0], xs[1] = xs[1], xs[0]` of a []any: "value of
		// type interface {} is not assignable to type interp.valueInterface")
		// and for nil (`a, err = 5, nil`: "reflect: New(nil)").
		var t reflect.Type
		switch dtyp, typ := n.child[i].typ, n.child[sbase+i].typ; {
		case n.child[i].ident != "_" && dtyp != nil && dtyp.cat != nilT:
			t = dtyp.frameType()
		case isInterfaceSrc(typ):
			t = valueInterfaceType
		default:
			t = typ.TypeOf()
		}
		types[i] = t
		index[i] = n.child[i].findex
		level[i] = n.child[i].level
	}

	if n.kind == defineStmt {
		// Handle a multiple var declararation / assign. It cannot be a swap.
		n.exec = func(f *frame) bltn {
			for i, s := range svalue {
				if n.child[i].ident == "_" {
					continue
				}
				data := getFrame(f, level[i]).data
				j := index[i]
				data[j] = reflect.New(data[j].Type()).Elem()
				data[j].Set(s(f))
			}
			return next
		}
		return
	}

	// To handle possible swap in multi-assign:
	// evaluate and copy all values in assign right hand side into temporary
	// then evaluate assign left hand side and copy temporary into it
	n.exec = func(f *frame) bltn {
		t := make([]reflect.Value, len(svalue))
		for i, s := range svalue {
			if n.child[i].ident == "_" {
				continue
			}
			t[i] = reflect.New(types[i]).Elem()
			t[i].Set(s(f))
		}
		// petridish: the maps and keys of map entries are evaluated
		// before any assignment, as Go evaluates the operands of the
		// index expressions on the left first: `i, m[i] = 1, 2` set m[1].
		d := make([]reflect.Value, len(dvalue))
		k := make([]reflect.Value, len(dvalue))
		for i := range dvalue {
			if j := ivalue[i]; j != nil && n.child[i].ident != "_" {
				d[i], k[i] = copyOf(dvalue[i](f)), copyOf(j(f))
			}
		}
		for i, dv := range dvalue {
			if n.child[i].ident == "_" {
				continue
			}
			if ivalue[i] != nil {
				d[i].SetMapIndex(k[i], t[i]) // Assign a map entry
			} else {
				dv(f).Set(t[i]) // Assign a var or array/slice entry
			}
		}
		return next
	}
}

func not(n *node) {
	dest := genValue(n)
	value := genValue(n.child[0])
	tnext := getExec(n.tnext)

	if n.fnext != nil {
		fnext := getExec(n.fnext)
		n.exec = func(f *frame) bltn {
			if !value(f).Bool() {
				dest(f).SetBool(true)
				return tnext
			}
			dest(f).SetBool(false)
			return fnext
		}
	} else {
		n.exec = func(f *frame) bltn {
			dest(f).SetBool(!value(f).Bool())
			return tnext
		}
	}
}

func addr(n *node) {
	dest := genValue(n)
	next := getExec(n.tnext)
	c0 := n.child[0]
	value := genValue(c0)

	if isInterfaceSrc(c0.typ) || isPtrSrc(c0.typ) {
		i := n.findex
		l := n.level
		n.exec = func(f *frame) bltn {
			getFrame(f, l).data[i] = value(f).Addr()
			return next
		}
		return
	}

	n.exec = func(f *frame) bltn {
		dest(f).Set(value(f).Addr())
		return next
	}
}

func deref(n *node) {
	value := genValue(n.child[0])
	tnext := getExec(n.tnext)
	i := n.findex
	l := n.level

	if n.fnext != nil {
		fnext := getExec(n.fnext)
		n.exec = func(f *frame) bltn {
			r := derefChecked(value(f))
			if r.Bool() {
				getFrame(f, l).data[i] = r
				return tnext
			}
			return fnext
		}
	} else {
		if isAssignDest(n) {
			// petridish: a destination `*p` of a nil p panics when the
			// assignment stores into it, after the assignments to its left
			// (`m[k], *p = 1, 2` sets m[k]), as in Go.
			n.exec = func(f *frame) bltn {
				getFrame(f, l).data[i] = value(f).Elem()
				return tnext
			}
			return
		}
		n.exec = func(f *frame) bltn {
			getFrame(f, l).data[i] = derefChecked(value(f))
			return tnext
		}
	}
}

func _print(n *node) {
	values := printArgs(n.child[1:])
	out := n.interp.stderr // petridish: Go's print writes to standard error, in its formats

	genBuiltinDeferWrapper(n, values, nil, func(args []reflect.Value) []reflect.Value {
		fmt.Fprint(out, printOperands(args, false))
		return nil
	})
}

// printArgs returns the values printed by print or println of child:
// each result of a call of several (`println(f2[int](i))`). petridish:
// only the first was printed ("3" where Go prints "3 true").
func printArgs(child []*node) []func(*frame) reflect.Value {
	if len(child) == 1 && isRegularCall(child[0]) && len(child[0].child[0].typ.ret) > 1 {
		c := child[0]
		values := make([]func(*frame) reflect.Value, len(c.child[0].typ.ret))
		for j := range values {
			ind := c.findex + j
			values[j] = func(f *frame) reflect.Value { return valueInterfaceValue(f.data[ind]) }
		}
		return values
	}
	if len(child) == 1 && isBinCall(child[0], child[0].scope) && child[0].child[0].typ.rtype.NumOut() > 1 {
		c := child[0]
		values := make([]func(*frame) reflect.Value, c.child[0].typ.rtype.NumOut())
		for j := range values {
			ind := c.findex + j
			values[j] = func(f *frame) reflect.Value { return f.data[ind] }
		}
		return values
	}
	values := make([]func(*frame) reflect.Value, len(child))
	for i, c := range child {
		values[i] = genValue(c)
	}
	return values
}

func _println(n *node) {
	values := printArgs(n.child[1:])
	out := n.interp.stderr // petridish: Go's print writes to standard error, in its formats

	genBuiltinDeferWrapper(n, values, nil, func(args []reflect.Value) []reflect.Value {
		fmt.Fprint(out, printOperands(args, true))
		return nil
	})
}

func _recover(n *node) {
	tnext := getExec(n.tnext)
	dest := genValue(n)

	n.exec = func(f *frame) bltn {
		// petridish: a deferred closure's frame is a clone of the deferring
		// function's, whose recovered holds the panic.
		anc := f.anc.original()
		if anc.recovered == nil {
			// TODO(mpl): maybe we don't need that special case, and we're just forgetting to unwrap the valueInterface somewhere else.
			if isEmptyInterface(n.typ) {
				return tnext
			}
			dest(f).Set(reflect.ValueOf(valueInterface{}))
			return tnext
		}

		if isEmptyInterface(n.typ) {
			dest(f).Set(reflect.ValueOf(anc.recovered))
		} else {
			dest(f).Set(reflect.ValueOf(valueInterface{n, reflect.ValueOf(anc.recovered)}))
		}
		anc.recovered = nil
		if on := n.interp.opt.onRecover; on != nil {
			on()
		}
		return tnext
	}
}

// panicErrorType is the type error, of panic values that are errors.
var panicErrorType = reflect.TypeOf((*error)(nil)).Elem()

func _panic(n *node) {
	value := genValue(n.child[1])
	// petridish: a value of a cell type with an Error method panics as
	// the error compiled code sees (yaegi's wrapper with its methods), so
	// that a recovered r.(error) holds, errors.As finds it, and a recover
	// in compiled code gets an error: the bare struct had no methods.
	if c := n.child[1]; c.typ != nil && !isInterface(c.typ) && c.typ.cat != nilT && c.typ.implements(&itype{cat: valueT, rtype: panicErrorType}) {
		value = genInterfaceWrapper(c, panicErrorType)
	}

	n.exec = func(f *frame) bltn {
		// petridish: panic with the value, not the reflect.Value holding
		// it, so that what recover returns is the value: r.(string),
		// r.(error) and a type switch on it were false.
		if v := value(f); v.IsValid() && v.CanInterface() {
			panic(v.Interface())
		}
		panic(value(f))
	}
}

func genBuiltinDeferWrapper(n *node, in, out []func(*frame) reflect.Value, fn func([]reflect.Value) []reflect.Value) {
	next := getExec(n.tnext)

	if n.anc.kind == deferStmt {
		n.exec = func(f *frame) bltn {
			val := make([]reflect.Value, len(in)+1)
			inTypes := make([]reflect.Type, len(in))
			for i, v := range in {
				val[i+1] = copyOf(v(f)) // petridish: evaluated now, as Go does
				inTypes[i] = val[i+1].Type()
			}
			outTypes := make([]reflect.Type, len(out))
			for i, v := range out {
				outTypes[i] = v(f).Type()
			}

			funcType := reflect.FuncOf(inTypes, outTypes, false)
			val[0] = reflect.MakeFunc(funcType, fn)
			f.deferred = append([][]reflect.Value{val}, f.deferred...)
			return next
		}
		return
	}

	n.exec = func(f *frame) bltn {
		val := make([]reflect.Value, len(in))
		for i, v := range in {
			val[i] = v(f)
		}

		dests := fn(val)

		for i, dest := range dests {
			out[i](f).Set(dest)
		}
		return next
	}
}

func genFunctionWrapper(n *node) func(*frame) reflect.Value {
	return genMethodWrapper(n, nil)
}

// genMethodWrapper is genFunctionWrapper for method n of a value given to
// compiled code as an interface (genInterfaceWrapperOf): current returns
// the method's definition now, which the wrapper calls instead of n's
// once a later Eval declared the method again (addMethod). petridish: a
// notebook cell redefining String or Error; a value in a fmt.Stringer or
// an error kept calling the old one. nil for a function.
func genMethodWrapper(n *node, current func() *node) func(*frame) reflect.Value {
	var def *node
	var ok bool

	if def, ok = n.val.(*node); !ok {
		return genValueAsFunctionWrapper(n)
	}
	start := def.child[3].start
	numRet := len(def.typ.ret)
	var rcvr func(*frame) reflect.Value

	if n.recv != nil {
		rcvr = genValueRecv(n)
	}
	funcType := n.typ.TypeOf()
	replaced := &def.interp.methodsReplaced
	if current == nil && n.recv == nil && def.kind == funcDecl && def.interp != nil && !isMethod(def) {
		// petridish: a function's value follows its declarations again.
		replaced = &def.interp.funcsReplaced
		current = func() *node {
			// The latest that compiled: one whose Eval failed (or runs
			// now) has no code.
			m := def
			for d := def; ; {
				next, ok := def.interp.funcForward.Load(d)
				if !ok {
					break
				}
				d = next.(*node)
				if d.types != nil && d.child[3].start != nil { // cfg completed it
					m = d
				}
			}
			return m
		}
	}
	// petridish: a function literal captures its variables when it is
	// made, as getFunc does, not when it is called, so that
	// `defer func() { ... }()` in a loop sees its own iteration's variables.
	isLit := def.kind == funcLit
	// petridish: a method expression T.m (genFuncValue) takes its
	// receiver as its first argument.
	exprRecv := rcvr == nil && def.kind == funcDecl && isMethod(def) && funcType.NumIn() == len(def.typ.arg)+1
	var exprPath []int // to the receiver of a promoted method, in the first argument
	if exprRecv && n.kind == selectorExpr {
		_, exprPath = n.child[0].typ.lookupMethod(n.child[1].ident)
	}
	var capture func() *captured // petridish: see frame.clone
	if isLit {
		capture = capturedSlotsOnce(def)
	}
	active := wrapperCalls(def) // petridish: calls in progress (wrapperRecursion)

	return func(f *frame) reflect.Value {
		if isLit {
			f = f.clone(capture())
		}
		// petridish: the receiver is bound when the function value is
		// made, as Go evaluates a method value (`g := t.Get`, `defer
		// t.Show()`, `go v.Run()`): a copy of a value receiver, the
		// address of a variable for a pointer receiver. yaegi read the
		// receiver at each call, so later changes to t showed, and a
		// goroutine started in a loop ran on the loop's next value.
		// A method with a value receiver, or promoted from a field,
		// called through an interface that holds a pointer (atCall),
		// binds its receiver at each call, from the pointer and the path
		// to the field: a heap's Len after its Push saw the slice as it
		// was before. (A pointer receiver is the pointer itself: bound
		// once.)
		var bound reflect.Value
		late := rcvr != nil && n.recv.atCall && n.recv.val.IsValid() && unwrapValueInterface(n.recv.val).Kind() == reflect.Ptr &&
			(len(n.recv.index) > 0 || def.types[numRet].Kind() != reflect.Ptr)
		if rcvr != nil && !late {
			bound = bindReceiver(rcvr(f), def.types[numRet])
		}
		// petridish: the method's definition the wrapper calls, while a
		// later Eval has not declared it again (see genMethodWrapper).
		type method struct {
			def, start *node
			bound      reflect.Value
			late       bool
		}
		var called atomic.Pointer[method]
		called.Store(&method{def, start, bound, late})
		return wrappedFunc(n.interp, reflect.MakeFunc(funcType, func(in []reflect.Value) []reflect.Value {
			cur := called.Load()
			if current != nil && replaced.Load() {
				if m := current(); m != nil && m != cur.def && m.types != nil && m.child[3].start != nil {
					if m.typ.TypeOf() != funcType {
						if rcvr == nil {
							panic(fmt.Sprintf("a later cell declared function %s again as %s, and compiled code was given it before as %s; give it the new one again",
								m.child[1].ident, strings.TrimPrefix(m.typ.id(), mainID+"."), funcType))
						}
						panic(fmt.Sprintf("a later cell declared method %s again as %s, and a value given to compiled code as an interface before calls it as %s; make the value again",
							m.ident, strings.TrimPrefix(m.typ.id(), mainID+"."), funcType))
					}
					nm := &method{def: m, start: m.child[3].start, late: late}
					if rcvr != nil && !late {
						nm.bound = bindReceiver(rcvr(f), m.types[numRet])
					}
					called.Store(nm)
					cur = nm
				}
			}
			def, start, bound, late := cur.def, cur.start, cur.bound, cur.late
			if start == nil || start == def.child[3] {
				// petridish: def's body was not compiled yet when its
				// wrapper was made (a deferred call, in a generic
				// function's instance, of a function declared after the
				// caller): its start was the body's block itself, which
				// ran nothing. Its code now.
				start = def.child[3].start
			}
			if a := active.Add(1); a > maxClosureDepth && a%4096 == 0 && wrapperRecursion() {
				active.Add(-1)
				panic(wrapperDepthError(funcDeclName(def))) // petridish
			}
			defer active.Add(-1)
			// Allocate and init local frame. All values to be settable and addressable.
			// petridish: the run id of the latest evaluation, not f's: f
			// may be a frame of an earlier one, whose id an interrupt
			// made stale, and the call returned zero values at once.
			fr := newFrameFor(f, def.types, def.layout, def.captured, def.interp.evalID()) // petridish
			d := fr.data

			switch {
			case exprRecv: // petridish
				r := in[0]
				for _, k := range exprPath {
					for r.Kind() == reflect.Ptr {
						r = derefChecked(r)
					}
					r = r.Field(k)
				}
				d[numRet].Set(bindReceiver(r, def.types[numRet]))
				d, in = d[numRet+1:], in[1:]
			case rcvr == nil:
				d = d[numRet:]
			default:
				// Copy method receiver as first argument.
				if late {
					d[numRet].Set(bindReceiver(rcvr(f), def.types[numRet]))
				} else {
					d[numRet].Set(bound)
				}
				d = d[numRet+1:]
			}

			// Copy function input arguments in local frame.
			for i, arg := range in {
				if i >= len(d) {
					// In case of unused arg, there may be not even a frame entry allocated, just skip.
					break
				}
				setCompiledArg(d[i], def.typ.arg[i], arg) // petridish: one piece for the three places
			}

			// Interpreter code execution.
			runCfg(start, fr, def, n)

			return fr.data[:numRet]
		}))
	}
}

// setCompiledArg sets d, a frame value of type typ, to arg, an argument
// that compiled code passed to an interpreted function (or a loop's yield
// function): a value of a cell interface type becomes the interpreter's
// valueInterface. petridish: this was written out at each place.
func setCompiledArg(d reflect.Value, typ *itype, arg reflect.Value) {
	switch {
	case isEmptyInterface(typ) || typ.TypeOf() == valueInterfaceType:
		d.Set(arg)
	case isInterfaceSrc(typ):
		d.Set(reflect.ValueOf(valueInterface{value: arg.Elem()}))
	default:
		d.Set(arg)
	}
}

// wrappedFunc returns fn as Options.WrapFunc wraps it, or fn itself
// when there is no WrapFunc. petridish.
func wrappedFunc(interp *Interpreter, fn reflect.Value) reflect.Value {
	if interp == nil || interp.opt.wrapFunc == nil {
		return fn
	}
	return interp.opt.wrapFunc(fn)
}

func genInterfaceWrapper(n *node, typ reflect.Type) func(*frame) reflect.Value {
	value := genValue(n)
	wrapper := genInterfaceWrapperOf(n, typ)
	if wrapper == nil {
		return value
	}
	return func(f *frame) reflect.Value { return wrapper(f, value(f)) }
}

// genInterfaceWrapperOf returns what genInterfaceWrapper does to a value
// of n's type, or nil when it leaves the value as it is. petridish: split
// from genInterfaceWrapper so that the elements and fields of a composite
// value can be wrapped too (genMappedComposite), each with a node whose
// type is the element's.
func genInterfaceWrapperOf(n *node, typ reflect.Type) func(*frame, reflect.Value) reflect.Value {
	if typ == nil || typ.Kind() != reflect.Interface || typ.NumMethod() == 0 || n.typ.cat == valueT {
		return nil
	}
	tc := n.typ.cat
	if tc != structT {
		// Always force wrapper generation for struct types, as they may contain
		// embedded interface fields which require wrapping, even if reported as
		// implementing typ by reflect.
		if nt := n.typ.frameType(); nt != nil && nt.Implements(typ) {
			return nil
		}
	}

	// Retrieve methods from the interface wrapper, which is a struct where all fields
	// except the first define the methods to implement.
	// As the field name was generated with a prefixed first character (in order to avoid
	// collisions with method names), this first character is ignored in comparisons.
	wrap := getWrapper(n, typ)
	if wrap == nil {
		// petridish: yaegi panicked with a nil dereference.
		err := fmt.Errorf("a value of type %s cannot be given to compiled code as %s: the interpreter has no wrapper type for that interface", n.typ.id(), typ)
		return func(*frame, reflect.Value) reflect.Value { panic(err) }
	}
	mn := wrap.NumField() - 1
	names := make([]string, mn)
	methods := make([]*node, mn)
	indexes := make([][]int, mn)
	for i := 0; i < mn; i++ {
		names[i] = wrap.Field(i + 1).Name[1:]
		methods[i], indexes[i] = n.typ.lookupMethod(names[i])
		if methods[i] == nil && n.typ.cat != nilT {
			// interpreted method not found, look for binary method, possibly embedded
			_, indexes[i], _, _ = n.typ.lookupBinMethod(names[i])
		}
	}

	field := promotingField(n.typ, methods, indexes) // petridish
	return func(f *frame, v reflect.Value) reflect.Value {
		if tc != structT && v.Type().Implements(typ) {
			return v
		}
		if fv, ok := promotedValue(v, field, typ); ok {
			return fv
		}
		switch v.Kind() {
		case reflect.Interface:
			if v.IsNil() {
				return reflect.New(typ).Elem()
			}
		case reflect.Chan, reflect.Func, reflect.Map, reflect.Ptr, reflect.Slice:
			// petridish: a nil pointer (map, ...) of a type with methods
			// makes a non-nil interface, as in Go (`var p *E; var err
			// error = p; err != nil`); only the nil literal makes a nil one.
			if v.IsNil() && tc == nilT {
				return reflect.New(typ).Elem()
			}
		}
		var n2 *node
		if vi, ok := v.Interface().(valueInterface); ok {
			n2 = vi.node
		}
		if tc == structT || n2 != nil && n2.typ != nil && n2.typ.underlying().cat == structT {
			// petridish: a struct of a cell type is the value itself, not an
			// emulated interface: getConcreteValue took its last field for
			// the value inside one, so the wrapper held (and the methods
			// received) that field instead of the struct. So it did when
			// the struct came in a cell interface (`var c io.Closer = s`
			// of a `var s Sink = Sink1{"name"}`).
			v = unwrapValueInterface(v)
		} else {
			v = getConcreteValue(v)
		}
		// petridish: the interface holds a copy of the value, and so do the
		// methods it calls (they read the variable itself, so a deferred
		// fmt.Println(p) printed p as it was at the return).
		v = copyOf(v)
		w := reflect.New(wrap).Elem()
		w.Field(0).Set(keptWithType(v, n, n2))
		for i, m := range methods {
			if m == nil {
				// First direct method lookup on field.
				if r := methodByName(v, names[i], indexes[i]); r.IsValid() {
					w.Field(i + 1).Set(r)
					continue
				}
				if n2 == nil {
					panic(n.cfgErrorf("method not found: %s", names[i]))
				}
				// Method lookup in embedded valueInterface.
				m2, i2 := n2.typ.lookupMethod(names[i])
				if m2 != nil {
					nod := *m2
					nod.recv = &receiver{nil, v, i2, true} // petridish: the copy, not the variable
					w.Field(i + 1).Set(genFunctionWrapper(&nod)(f))
					continue
				}
				panic(n.cfgErrorf("method not found: %s", names[i]))
			}
			// petridish: the method as it is now (a later Eval may have
			// declared it again since this conversion was compiled), and
			// as it will be at each call.
			name, typ := names[i], n.typ
			current := func() *node {
				m, _ := typ.lookupMethod(name)
				return m
			}
			if n.interp != nil && n.interp.methodsReplaced.Load() {
				if m2 := current(); m2 != nil {
					m = m2
				}
			}
			nod := *m
			nod.recv = &receiver{nil, v, indexes[i], true} // petridish: the copy, not the variable
			w.Field(i + 1).Set(genMethodWrapper(&nod, current)(f))
		}
		return w
	}
}

// methodByName returns the method corresponding to name on value, or nil if not found.
// The search is extended on valueInterface wrapper if present.
// If valid, the returned value is a method function with the receiver already set
// (no need to pass it at call).
func methodByName(value reflect.Value, name string, index []int) (v reflect.Value) {
	if vi, ok := value.Interface().(valueInterface); ok {
		if v = getConcreteValue(vi.value).MethodByName(name); v.IsValid() {
			return
		}
	}
	if v = promotedBinMethod(value, name, index); v.IsValid() { // petridish
		return
	}
	if v = value.MethodByName(name); v.IsValid() {
		return
	}
	for value.Kind() == reflect.Ptr {
		value = value.Elem()
		if checkFieldIndex(value.Type(), index) {
			value = value.FieldByIndex(index)
		}
		if v = value.MethodByName(name); v.IsValid() {
			return
		}
	}
	return
}

func checkFieldIndex(typ reflect.Type, index []int) bool {
	if len(index) == 0 {
		return false
	}
	t := typ
	for t.Kind() == reflect.Ptr {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return false
	}
	i := index[0]
	if i >= t.NumField() {
		return false
	}
	if len(index) > 1 {
		return checkFieldIndex(t.Field(i).Type, index[1:])
	}
	return true
}

func call(n *node) {
	goroutine := n.anc.kind == goStmt
	c0 := n.child[0]
	value := genValue(c0)
	var values []func(*frame) reflect.Value

	numRet := len(c0.typ.ret)
	variadic := variadicPos(n)
	child := n.child[1:]
	tnext := getExec(n.tnext)
	fnext := getExec(n.fnext)
	hasVariadicArgs := n.action == aCallSlice // callSlice implies variadic call with ellipsis.

	// Compute input argument value functions.
	for i, c := range child {
		var arg *itype
		if variadic >= 0 && i >= variadic {
			arg = c0.typ.arg[variadic].val
		} else {
			arg = c0.typ.arg[i]
		}
		switch {
		case isBinCall(c, c.scope):
			// Handle nested function calls: pass returned values as arguments.
			numOut := c.child[0].typ.rtype.NumOut()
			for j := 0; j < numOut; j++ {
				ind := c.findex + j
				if hasVariadicArgs || !isInterfaceSrc(arg) || isEmptyInterface(arg) {
					values = append(values, func(f *frame) reflect.Value { return f.data[ind] })
					continue
				}
				values = append(values, func(f *frame) reflect.Value {
					return reflect.ValueOf(valueInterface{value: f.data[ind]})
				})
			}
		case isRegularCall(c):
			// Arguments are return values of a nested function call.
			cc0 := c.child[0]
			for j := range cc0.typ.ret {
				ind := c.findex + j
				if hasVariadicArgs || !isInterfaceSrc(arg) || isEmptyInterface(arg) {
					values = append(values, func(f *frame) reflect.Value { return f.data[ind] })
					continue
				}
				values = append(values, func(f *frame) reflect.Value {
					return reflect.ValueOf(valueInterface{node: cc0.typ.ret[j].node, value: f.data[ind]})
				})
			}
		default:
			if c.kind == basicLit || c.rval.IsValid() {
				argType := arg.TypeOf()
				convertLiteralValue(c, argType)
			}
			switch {
			case hasVariadicArgs:
				values = append(values, genValue(c))
			case isInterfaceSrc(arg) && (!isEmptyInterface(arg) || keepsMethods(c.typ)): // petridish: keepsMethods
				values = append(values, genValueInterface(c))
			case isInterfaceBin(arg):
				values = append(values, genInterfaceWrapper(c, arg.rtype))
			case isFuncSrc(arg) || isFuncSrc(c.typ): // petridish: also a function given as an interface
				values = append(values, genFuncValue(c))
			default:
				values = append(values, genValue(c))
			}
		}
	}

	// Compute output argument value functions.
	rtypes := c0.typ.ret
	rvalues := make([]func(*frame) reflect.Value, len(rtypes))
	switch n.anc.kind {
	case defineXStmt, assignXStmt:
		l := n.level
		for i := range rvalues {
			c := n.anc.child[i]
			switch {
			case c.ident == "_":
				// Skip assigning return value to blank var.
			case isInterfaceSrc(c.typ) && !isEmptyInterface(c.typ) && !isInterfaceSrc(rtypes[i]):
				rvalues[i] = genValueInterfaceValue(c)
			default:
				j := n.findex + i
				rvalues[i] = func(f *frame) reflect.Value { return getFrame(f, l).data[j] }
			}
		}
	case returnStmt:
		// Function call from a return statement: forward return values (always at frame start).
		for i := range rtypes {
			j := n.findex + i
			// Set the return value location in return value of caller frame.
			rvalues[i] = func(f *frame) reflect.Value { return f.data[j] }
		}
	default:
		// Multiple return values frame index are indexed from the node frame index.
		l := n.level
		for i := range rtypes {
			j := n.findex + i
			rvalues[i] = func(f *frame) reflect.Value { return getFrame(f, l).data[j] }
		}
	}

	// petridish: a call of a package-level function by name runs its
	// current definition, one a later evaluation declared included
	// (redefine.go); fits is the last one found to fit this call.
	ref := calleeRef(c0)
	var fits atomic.Pointer[node]

	if n.anc.kind == deferStmt {
		// Store function call in frame for deferred execution.
		value = genFunctionWrapper(c0)
		if ref != nil { // petridish: the definition current at the defer statement
			compiled, wrapper := c0.val.(*node), value
			value = func(f *frame) reflect.Value {
				if cur := currentCallee(ref, compiled, &fits, c0); cur != compiled {
					return genFunctionWrapper(cur)(f)
				}
				return wrapper(f)
			}
		}
		n.exec = func(f *frame) bltn {
			val := make([]reflect.Value, len(values)+1)
			val[0] = value(f)
			for i, v := range values {
				// petridish: a deferred call's arguments are evaluated at
				// the defer statement: copy them, not the variables.
				val[i+1] = copyOf(v(f))
			}
			f.deferred = append([][]reflect.Value{val}, f.deferred...)
			return tnext
		}
		return
	}

	// petridish: callf is made once, not at each call as a closure of
	// bf on the heap (which a closure's body called directly did not
	// need).
	callf := func(bf reflect.Value, in []reflect.Value) []reflect.Value {
		if hasVariadicArgs {
			return bf.CallSlice(in)
		}
		return bf.Call(in)
	}

	n.exec = func(f *frame) bltn {
		f.mutex.Lock()
		bf := value(f)
		def, ok := bf.Interface().(*node)
		if ok {
			bf = def.rval
		}
		f.mutex.Unlock()
		if ref != nil && ok {
			if cur := ref.def.Load(); cur != nil && cur != def {
				def = fitCallee(cur, def, &fits, c0)
				bf = def.rval
			}
		}

		// Call bin func if defined
		if bf.IsValid() {
			if goroutine {
				// Goroutine's arguments should be copied.
				in := make([]reflect.Value, len(values))
				for i, v := range values {
					value := v(f)
					in[i] = reflect.New(value.Type()).Elem()
					in[i].Set(value)
				}

				go func() {
					defer goroutineExit() // petridish: os.Exit in a goroutine
					callf(bf, in)
				}()
				return tnext
			}

			in := make([]reflect.Value, len(values))
			for i, v := range values {
				in[i] = v(f)
			}
			var out []reflect.Value
			if body := closureBody(bf); body != nil && !hasVariadicArgs {
				// petridish: an interpreted closure's body, called
				// without reflect.Value.Call.
				out = callClosureBody(bf, body, in)
			} else {
				out = callf(bf, in)
			}
			for i, v := range rvalues {
				if v != nil {
					v(f).Set(out[i])
				}
			}
			if fnext != nil && !out[0].Bool() {
				return fnext
			}
			return tnext
		}

		nf := newFrameFor(f, def.types, def.layout, def.captured, f.runid()) // petridish
		if goroutine {
			nf.depth = 0 // petridish: a goroutine's calls start afresh
		} else if nf.depth > maxCallDepth {
			panic(callDepthError(maxCallDepth)) // petridish
		}
		var vararg reflect.Value

		// Init return values
		// petridish: named results start at zero in storage of their own,
		// copied to the caller's after the call; yaegi had them share the
		// caller's destination, so `x = inc()` started s at x's value and
		// a call repeated in a loop carried its last result.
		named := hasNamedResults(def)
		for i, v := range rvalues {
			if v != nil && !named {
				nf.data[i] = v(f)
			} else {
				nf.data[i] = reflect.New(def.types[i]).Elem()
			}
		}

		// Init variadic argument vector
		if variadic >= 0 {
			vararg = nf.data[numRet+variadic]
		}

		// Copy input parameters from caller
		if dest := nf.data[numRet:]; len(dest) > 0 {
			for i, v := range values {
				switch {
				case variadic >= 0 && i >= variadic:
					// petridish: only a call with ... passes the slice
					// itself; yaegi took any argument of the slice's type
					// for it, so f(1, 2, []any{3, 4}) of f(v ...any) got
					// v = [3 4], dropping 1 and 2.
					if hasVariadicArgs && v(f).Type() == vararg.Type() {
						vararg.Set(v(f))
					} else {
						vararg.Set(reflect.Append(vararg, v(f)))
					}
				default:
					val := v(f)
					// petridish: not a float or complex zero, which may be
					// a negative zero (f(-0.0) got +0).
					if val.IsZero() && dest[i].Kind() != reflect.Interface && !isFloat(val.Type()) && !isComplex(val.Type()) {
						// Work around a recursive struct zero interface issue.
						// Once there is a better way to handle this case, the dest can just be set.
						continue
					}
					// petridish: only a pointer or an interface can hold a
					// *node; asking any other value for its Interface()
					// allocated a copy of it at every call.
					if k := val.Kind(); k != reflect.Pointer && k != reflect.Interface {
						dest[i].Set(val)
						continue
					}
					if nod, ok := val.Interface().(*node); ok && nod.recv != nil {
						// An interpreted method is passed as value in a function call.
						// It must be wrapped now, otherwise the receiver will be missing
						// at the method call (#1332).
						// TODO (marc): wrapping interpreted functions should be always done
						// everywhere at runtime to simplify the whole code,
						// but it requires deeper refactoring.
						dest[i] = genFunctionWrapper(nod)(f)
						continue
					}
					dest[i].Set(val)
				}
			}
		}

		// Execute function body
		if goroutine {
			go func() {
				defer goroutineExit() // petridish: os.Exit in a goroutine
				runCfg(def.child[3].start, nf, def, n)
			}()
			return tnext
		}
		runCfg(def.child[3].start, nf, def, n)
		if named {
			for i, v := range rvalues {
				if v != nil {
					v(f).Set(nf.data[i])
				}
			}
		}

		// Handle branching according to boolean result
		if fnext != nil && !nf.data[0].Bool() {
			return fnext
		}
		return tnext
	}
}

func getFrame(f *frame, l int) *frame {
	switch l {
	case globalFrame:
		return f.root
	case 0:
		return f
	case 1:
		return f.anc
	case 2:
		return f.anc.anc
	}
	for ; l > 0; l-- {
		f = f.anc
	}
	return f
}

// Callbin calls a function from a bin import, accessible through reflect.
func callBin(n *node) {
	tnext := getExec(n.tnext)
	fnext := getExec(n.fnext)
	child := n.child[1:]
	c0 := n.child[0]
	value := genValue(c0)
	var values []func(*frame) reflect.Value
	funcType := c0.typ.rtype
	wt := wrappedType(c0)
	variadic := -1
	if funcType.IsVariadic() {
		variadic = funcType.NumIn() - 1
	}
	// A method signature obtained from reflect.Type includes receiver as 1st arg, except for interface types.
	rcvrOffset := 0
	if recv := c0.recv; recv != nil && !isInterface(recv.node.typ) {
		if variadic > 0 || funcType.NumIn() > len(child) {
			rcvrOffset = 1
		}
	}

	// getMapType returns a reflect type suitable for interface wrapper for functions
	// with some special processing in case of interface{} argument, i.e. fmt.Printf.
	var getMapType func(*itype) reflect.Type
	mapTypes, hasMapTypes := n.interp.callMapTypes(c0) // petridish: methods too
	if lr, ok := mapTypes, hasMapTypes; ok {
		getMapType = func(typ *itype) reflect.Type {
			for _, rt := range lr {
				if typ.implements(&itype{cat: valueT, rtype: rt}) && methodsInSet(typ, rt) {
					return rt
				}
			}
			return nil
		}
	}

	// petridish: the arguments' conversions, for values in an interface,
	// for functions that only read their arguments (not json.Unmarshal
	// or fmt.Scan, which write through them).
	var mapper *argMapper
	if getMapType != nil && readsArguments(mapTypes) {
		mapper = &argMapper{typeOf: getMapType, encodes: encodesArguments(mapTypes), anyParam: func(i int) bool {
			return isEmptyInterfaceParam(funcType, variadic, rcvrOffset+i)
		}, fields: executesTemplate(c0)}
	}

	// petridish: a pointer given to json's decoding functions is given as
	// a pointer to a shadow in which values of cell types have their
	// UnmarshalJSON and UnmarshalText methods (decodeshadow.go).
	var decoder *decodeMapper
	if hasMapTypes && decodesJSON(mapTypes) && n.anc.kind != deferStmt {
		decoder = &decodeMapper{n: n, anyParam: func(i int) bool {
			return isEmptyInterfaceParam(funcType, variadic, rcvrOffset+i)
		}}
	}

	// Determine if we should use `Call` or `CallSlice` on the function Value.
	callFn := func(v reflect.Value, in []reflect.Value) []reflect.Value { return v.Call(in) }
	if n.action == aCallSlice {
		callFn = func(v reflect.Value, in []reflect.Value) []reflect.Value { return v.CallSlice(in) }
	}
	if decoder != nil {
		callFn = wrapDecodingCall(callFn) // petridish
	}

	for i, c := range child {
		switch {
		case isBinCall(c, c.scope):
			// Handle nested function calls: pass returned values as arguments
			numOut := c.child[0].typ.rtype.NumOut()
			for j := 0; j < numOut; j++ {
				ind := c.findex + j
				values = append(values, func(f *frame) reflect.Value { return valueInterfaceValue(f.data[ind]) })
			}
		case isRegularCall(c):
			// Handle nested function calls: pass returned values as arguments
			for j, rt := range c.child[0].typ.ret {
				ind := c.findex + j
				value := func(f *frame) reflect.Value { return valueInterfaceValue(f.data[ind]) }
				// petridish: a result with the map types' methods (or
				// elements with them) is wrapped as a variable's value is:
				// fmt.Println(mk()) of a Stringer printed the bare value.
				// A result of a cell interface type is converted from the
				// interface yaegi keeps it in, whose dynamic type has the
				// methods (it was unwrapped first, and printed <nil>).
				if conv := mapper.conversion(c, rt, len(values)); conv != nil {
					if isInterface(rt) {
						values = append(values, func(f *frame) reflect.Value { return conv(f, f.data[ind]) })
						continue
					}
					values = append(values, func(f *frame) reflect.Value { return conv(f, value(f)) })
					continue
				}
				values = append(values, value)
			}
		default:
			if c.kind == basicLit || c.rval.IsValid() {
				// Convert literal value (untyped) to function argument type (if not an interface{})
				var argType reflect.Type
				if variadic >= 0 && i+rcvrOffset >= variadic {
					argType = funcType.In(variadic).Elem()
				} else {
					argType = funcType.In(i + rcvrOffset)
				}
				convertLiteralValue(c, argType)
				if !reflect.ValueOf(c.val).IsValid() { //  Handle "nil"
					c.val = reflect.Zero(argType)
				}
			}

			if wt != nil && isInterfaceSrc(wt.arg[i]) {
				values = append(values, genValueInterface(c))
				break
			}

			// defType is the target type for a potential interface wrapper.
			var defType reflect.Type
			if variadic >= 0 && i+rcvrOffset >= variadic {
				defType = funcType.In(variadic)
				if n.action != aCallSlice {
					// petridish: an argument of a variadic parameter is
					// wrapped in its element type: errors.Join(e1, e2) of
					// cell errors passed them unwrapped, and panicked.
					defType = defType.Elem()
				}
			} else {
				defType = funcType.In(rcvrOffset + i)
			}
			if conv := decoder.argument(c, len(values)); conv != nil {
				values = append(values, conv) // petridish
				break
			}
			if getMapType != nil {
				// petridish: only for an empty interface parameter; a
				// Stringer given to Fprintf's io.Writer was wrapped as a
				// fmt.Stringer ("reflect: Call using stdlib._fmt_Stringer as
				// type io.Writer").
				if rt := getMapType(c.typ); rt != nil && defType.Kind() == reflect.Interface && defType.NumMethod() == 0 {
					defType = rt
				} else if conv := mapper.conversion(c, c.typ, len(values)); conv != nil {
					// petridish: elements and fields with the methods.
					value := genValue(c)
					values = append(values, func(f *frame) reflect.Value { return conv(f, value(f)) })
					break
				}
			}

			switch {
			case isEmptyInterface(c.typ):
				values = append(values, genValue(c))
			case isInterfaceSrc(c.typ) && defType != nil && defType.Kind() == reflect.Interface && defType.NumMethod() > 0:
				// petridish: a cell interface's value given where compiled
				// code wants an interface with methods (sort.Sort(s) of a
				// `var s Seq`, fmt.Println(e) of an `e CodedErr`) is
				// wrapped by its dynamic type; the bare value panicked
				// ("reflect: Call using []int as type sort.Interface") or
				// lost its String and Error methods.
				values = append(values, genDynamicInterfaceWrapper(c, defType))
			case isInterfaceSrc(c.typ):
				values = append(values, genValueInterfaceValue(c))
			case isFuncSrc(c.typ):
				values = append(values, genFunctionWrapper(c))
			case c.typ.cat == arrayT || c.typ.cat == variadicT:
				if isEmptyInterface(c.typ.val) {
					values = append(values, genValueArray(c))
				} else {
					values = append(values, genInterfaceWrapper(c, defType))
				}
			case isPtrSrc(c.typ):
				if c.typ.val.cat == valueT {
					values = append(values, genValue(c))
				} else {
					values = append(values, genInterfaceWrapper(c, defType))
				}
			case c.typ.cat == valueT:
				values = append(values, genValue(c))
			default:
				values = append(values, genInterfaceWrapper(c, defType))
			}
		}
	}
	if n.action != aCallSlice {
		typedArgValues(child, values, funcType, variadic, rcvrOffset, mapper) // petridish: %T and %#v
	}
	l := len(values)

	switch {
	case n.anc.kind == deferStmt:
		// Store function call in frame for deferred execution.
		n.exec = func(f *frame) bltn {
			val := make([]reflect.Value, l+1)
			val[0] = value(f)
			for i, v := range values {
				val[i+1] = copyOf(getBinValue(mapper, i, v, f)) // petridish: evaluated now
			}
			f.deferred = append([][]reflect.Value{val}, f.deferred...)
			return tnext
		}
	case n.anc.kind == goStmt:
		// Execute function in a goroutine, discard results.
		n.exec = func(f *frame) bltn {
			in := make([]reflect.Value, l)
			for i, v := range values {
				in[i] = copyOf(getBinValue(mapper, i, v, f)) // petridish: evaluated now
			}
			go callFn(value(f), in)
			return tnext
		}
	case fnext != nil:
		// Handle branching according to boolean result.
		index := n.findex
		level := n.level
		n.exec = func(f *frame) bltn {
			in := make([]reflect.Value, l)
			for i, v := range values {
				in[i] = getBinValue(mapper, i, v, f)
			}
			res := callFn(value(f), in)
			b := res[0].Bool()
			getFrame(f, level).data[index].SetBool(b)
			if b {
				return tnext
			}
			return fnext
		}
	default:
		switch n.anc.action {
		case aAssignX:
			// The function call is part of an assign expression, store results direcly
			// to assigned location, to avoid an additional frame copy.
			// The optimization of aAssign is handled in assign(), and should not
			// be handled here.
			rvalues := make([]func(*frame) reflect.Value, funcType.NumOut())
			stores := make([]func(*frame, reflect.Value), len(rvalues)) // petridish: map entries
			for i := range rvalues {
				c := n.anc.child[i]
				if c.ident == "_" {
					continue
				}
				if isMapEntry(c) {
					stores[i] = genMapStore(c)
				}
				if isInterfaceSrc(c.typ) {
					rvalues[i] = genValueInterfaceValue(c)
				} else {
					rvalues[i] = genValue(c)
				}
			}
			n.exec = func(f *frame) bltn {
				in := make([]reflect.Value, l)
				for i, v := range values {
					in[i] = getBinValue(mapper, i, v, f)
				}
				out := callFn(value(f), in)
				for i, v := range rvalues {
					if v == nil {
						continue // Skip assign "_".
					}
					if stores[i] != nil {
						// petridish: `m[k], err = strconv.Atoi(s)` set a
						// copy of the entry.
						stores[i](f, out[i])
						continue
					}
					c := n.anc.child[i]
					if n.anc.kind == defineXStmt && !c.redeclared {
						// In case of a define statement, the destination value in the frame
						// must be recreated. This is necessary to preserve the previous value
						// which may be still used in a separate closure.
						data := getFrame(f, c.level).data
						data[c.findex] = reflect.New(data[c.findex].Type()).Elem()
						data[c.findex].Set(out[i])
						continue
					}
					v(f).Set(out[i])
				}
				return tnext
			}
		case aReturn:
			// The function call is part of a return statement, store output results
			// directly in the frame location of outputs of the current function.
			b := childPos(n)
			n.exec = func(f *frame) bltn {
				in := make([]reflect.Value, l)
				for i, v := range values {
					in[i] = getBinValue(mapper, i, v, f)
				}
				out := callFn(value(f), in)
				for i, v := range out {
					dest := f.data[b+i]
					if _, ok := dest.Interface().(valueInterface); ok {
						v = reflect.ValueOf(valueInterface{value: v})
					}
					dest.Set(v)
				}
				return tnext
			}
		default:
			n.exec = func(f *frame) bltn {
				in := make([]reflect.Value, l)
				for i, v := range values {
					in[i] = getBinValue(mapper, i, v, f)
				}
				out := callFn(value(f), in)
				for i := 0; i < len(out); i++ {
					r := out[i]
					if r.Kind() == reflect.Func {
						getFrame(f, n.level).data[n.findex+i] = r
						continue
					}
					dest := getFrame(f, n.level).data[n.findex+i]
					if _, ok := dest.Interface().(valueInterface); ok {
						r = reflect.ValueOf(valueInterface{value: r})
					}
					dest.Set(r)
				}
				return tnext
			}
		}
	}
	// petridish: see floatCallExec.
	if mapper == nil && decoder == nil && c0.recv == nil && wt == nil && n.action != aCallSlice &&
		fnext == nil && n.anc.kind != deferStmt && n.anc.kind != goStmt && n.anc.action != aAssignX {
		dest := func(f *frame) reflect.Value { return getFrame(f, n.level).data[n.findex] }
		if n.anc.action == aReturn {
			b := childPos(n)
			dest = func(f *frame) reflect.Value { return f.data[b] }
		}
		if fast := floatCallExec(funcType, value, values, dest, tnext, n.exec); fast != nil {
			n.exec = fast
		}
	}
}

func getIndexBinMethod(n *node) {
	// dest := genValue(n)
	i := n.findex
	l := n.level
	m := n.val.(int)
	value := genValue(n.child[0])
	next := getExec(n.tnext)

	n.exec = func(f *frame) bltn {
		// Can not use .Set() because dest type contains the receiver and source not
		// dest(f).Set(value(f).Method(m))
		getFrame(f, l).data[i] = value(f).Method(m)
		return next
	}
}

func getIndexBinElemMethod(n *node) {
	i := n.findex
	l := n.level
	m := n.val.(int)
	value := genValue(n.child[0])
	next := getExec(n.tnext)

	n.exec = func(f *frame) bltn {
		// Can not use .Set() because dest type contains the receiver and source not
		getFrame(f, l).data[i] = value(f).Elem().Method(m)
		return next
	}
}

func getIndexBinPtrMethod(n *node) {
	i := n.findex
	l := n.level
	m := n.val.(int)
	value := genValue(n.child[0])
	next := getExec(n.tnext)

	n.exec = func(f *frame) bltn {
		// Can not use .Set() because dest type contains the receiver and source not
		getFrame(f, l).data[i] = value(f).Addr().Method(m)
		return next
	}
}

// getIndexArray returns array value from index.
func getIndexArray(n *node) {
	if fastIndexArray(n) { // petridish: fastops.go
		return
	}
	tnext := getExec(n.tnext)
	value0 := genValueArray(n.child[0]) // array
	i := n.findex
	l := n.level

	if n.child[1].rval.IsValid() { // constant array index
		ai := int(vInt(n.child[1].rval))
		if n.fnext != nil {
			fnext := getExec(n.fnext)
			n.exec = func(f *frame) bltn {
				r := indexChecked(value0(f), ai)
				getFrame(f, l).data[i] = r
				if r.Bool() {
					return tnext
				}
				return fnext
			}
		} else {
			n.exec = func(f *frame) bltn {
				getFrame(f, l).data[i] = indexChecked(value0(f), ai)
				return tnext
			}
		}
	} else {
		value1 := genValueInt(n.child[1]) // array index

		if n.fnext != nil {
			fnext := getExec(n.fnext)
			n.exec = func(f *frame) bltn {
				_, vi := value1(f)
				r := indexChecked(value0(f), int(vi))
				getFrame(f, l).data[i] = r
				if r.Bool() {
					return tnext
				}
				return fnext
			}
		} else {
			n.exec = func(f *frame) bltn {
				_, vi := value1(f)
				getFrame(f, l).data[i] = indexChecked(value0(f), int(vi))
				return tnext
			}
		}
	}
}

// getIndexMap retrieves map value from index.
func getIndexMap(n *node) {
	defer keepOpAssignMap(n) // petridish
	dest := genValue(n)
	value0 := genValue(n.child[0]) // map
	tnext := getExec(n.tnext)
	z := reflect.New(n.child[0].typ.frameType().Elem()).Elem()
	key := genMapKey(n.child[0], n.child[1]) // petridish: interface keys are canonical

	if n.child[1].rval.IsValid() && key == nil { // constant map index
		mi := n.child[1].rval

		switch {
		case n.fnext != nil:
			fnext := getExec(n.fnext)
			n.exec = func(f *frame) bltn {
				if v := value0(f).MapIndex(mi); v.IsValid() && v.Bool() {
					dest(f).SetBool(true)
					return tnext
				}
				dest(f).Set(z)
				return fnext
			}
		default:
			n.exec = func(f *frame) bltn {
				if v := value0(f).MapIndex(mi); v.IsValid() {
					dest(f).Set(v)
				} else {
					dest(f).Set(z)
				}
				return tnext
			}
		}
	} else {
		value1 := genValue(n.child[1]) // map index
		if key != nil {
			value1 = key
		}

		switch {
		case n.fnext != nil:
			fnext := getExec(n.fnext)
			n.exec = func(f *frame) bltn {
				if v := value0(f).MapIndex(value1(f)); v.IsValid() && v.Bool() {
					dest(f).SetBool(true)
					return tnext
				}
				dest(f).Set(z)
				return fnext
			}
		default:
			n.exec = func(f *frame) bltn {
				if v := value0(f).MapIndex(value1(f)); v.IsValid() {
					dest(f).Set(v)
				} else {
					dest(f).Set(z)
				}
				return tnext
			}
		}
	}
}

// getIndexMap2 retrieves map value from index and set status.
func getIndexMap2(n *node) {
	defer redefineFirst(n)             // petridish
	dest := genValue(n.anc.child[0])   // result
	value0 := genValue(n.child[0])     // map
	value2 := genValue(n.anc.child[1]) // status
	if t := commaOkTemp(n); t != nil {
		dest = t // petridish
		defer assignCommaOk(n)
	}
	next := getExec(n.tnext)
	doValue := n.anc.child[0].ident != "_"
	doStatus := n.anc.child[1].ident != "_"
	key := genMapKey(n.child[0], n.child[1])                   // petridish: interface keys are canonical
	conv := commaOkWrap(n, n.anc.child[0].typ, n.child[0].typ) // petridish
	wrapped := conv != nil                                     // a missing key gives the element's zero value in it
	if conv == nil {
		conv = func(v reflect.Value) reflect.Value { return v }
	}

	if !doValue && !doStatus {
		// petridish: `_, _ = m[k]` still indexes the map, which panics
		// for an unhashable key in a map with interface keys.
		k := genIndexKey(n)
		n.exec = func(f *frame) bltn {
			value0(f).MapIndex(k(f))
			return next
		}
		return
	}
	if n.child[1].rval.IsValid() && key == nil { // constant map index
		mi := n.child[1].rval
		switch {
		case !doValue:
			n.exec = func(f *frame) bltn {
				v := value0(f).MapIndex(mi)
				setOk(value2(f), v.IsValid())
				return next
			}
		default:
			n.exec = func(f *frame) bltn {
				m := value0(f)
				v := m.MapIndex(mi)
				if v.IsValid() {
					dest(f).Set(conv(v))
				} else if wrapped {
					dest(f).Set(conv(reflect.Zero(m.Type().Elem())))
				}
				if doStatus {
					setOk(value2(f), v.IsValid())
				}
				return next
			}
		}
	} else {
		value1 := genValue(n.child[1]) // map index
		if key != nil {
			value1 = key
		}
		switch {
		case !doValue:
			n.exec = func(f *frame) bltn {
				v := value0(f).MapIndex(value1(f))
				setOk(value2(f), v.IsValid())
				return next
			}
		default:
			n.exec = func(f *frame) bltn {
				m := value0(f)
				v := m.MapIndex(value1(f))
				if v.IsValid() {
					dest(f).Set(conv(v))
				} else if wrapped {
					dest(f).Set(conv(reflect.Zero(m.Type().Elem())))
				}
				if doStatus {
					setOk(value2(f), v.IsValid())
				}
				return next
			}
		}
	}
}

// getFunc compiles a closure function generator for anonymous functions.
func getFunc(n *node) {
	i := n.findex
	l := n.level
	next := getExec(n.tnext)
	numRet := len(n.typ.ret)
	captured := capturedSlotsOnce(n) // petridish: see frame.clone

	n.exec = func(f *frame) bltn {
		fr := f.clone(captured())

		var active atomic.Int64 // petridish: calls of this closure in progress
		body := func(in []reflect.Value) []reflect.Value {
			// petridish: a closure calling itself (`fib = func(n int) int
			// {... fib(n-1) ...}`) is bounded as a function's calls are;
			// its frames descend from where it was made, not its caller.
			if active.Add(1) > maxClosureDepth {
				active.Add(-1)
				panic(callDepthError(maxClosureDepth))
			}
			defer active.Add(-1)
			// Allocate and init local frame. All values to be settable and addressable.
			// petridish: the run id of the latest evaluation, not the one
			// of the evaluation that made the closure: after an
			// interrupt, a closure of an earlier cell returned zero
			// values at once.
			fr2 := newFrameFor(fr, n.types, n.layout, n.captured, n.interp.evalID()) // petridish
			d := fr2.data
			d = d[numRet:]

			// Copy function input arguments in local frame.
			for i, arg := range in {
				if i >= len(d) {
					// In case of unused arg, there may be not even a frame entry allocated, just skip.
					break
				}
				setCompiledArg(d[i], n.typ.arg[i], arg) // petridish: one piece for the three places
			}

			// Interpreter code execution.
			runCfg(n.child[3].start, fr2, n, n)

			return fr2.data[:numRet]
		}
		fct := wrappedFunc(n.interp, reflect.MakeFunc(n.typ.TypeOf(), body)) // petridish: wrappedFunc
		noteClosureBody(body)                                                // petridish: see closureBody

		f.mutex.Lock()
		getFrame(f, l).data[i] = fct
		f.mutex.Unlock()

		return next
	}
}

func getMethod(n *node) {
	i := n.findex
	l := n.level
	next := getExec(n.tnext)

	n.exec = func(f *frame) bltn {
		nod := *(n.val.(*node))
		nod.val = &nod
		nod.recv = n.recv
		getFrame(f, l).data[i] = genFuncValue(&nod)(f)
		return next
	}
}

func getMethodByName(n *node) {
	next := getExec(n.tnext)
	value0 := genValue(n.child[0])
	if c := n.child[0]; c.action == aConvert && len(c.child) == 2 && c.child[1].typ != nil && !isInterface(c.child[1].typ) {
		// petridish: I(v).M() of a concrete v: the conversion's value
		// is v itself, which is put in an interface value here, as an
		// assignment does ("call of reflect.Value.NumField on int Value").
		value0 = genValueInterface(c)
	}
	name := n.child[1].ident
	i := n.findex
	l := n.level
	embedded := embeddedFields(n.child[0].typ) // petridish
	var deep []int                             // petridish: see embeddedInterfacePath
	if p := embeddedInterfacePath(n.child[0].typ, name, map[*itype]bool{}); len(p) > 1 {
		deep = p
	}

	n.exec = func(f *frame) bltn {
		// The interface object must be directly accessible, or embedded in a struct (exported anonymous field).
		val0 := value0(f)
		val, ok := value0(f).Interface().(valueInterface)
		if !ok && deep != nil {
			v := val0
			for _, k := range deep {
				for v.Kind() == reflect.Ptr {
					v = derefChecked(v)
				}
				v = v.Field(k)
			}
			val, ok = v.Interface().(valueInterface)
		}
		if !ok {
			// Search the first embedded valueInterface.
			for val0.Kind() == reflect.Ptr {
				val0 = val0.Elem()
			}
			for i := 0; i < val0.NumField(); i++ {
				fld := val0.Type().Field(i)
				// petridish: an embedded interface beside other fields is
				// not anonymous in reflect (h.Area() of a struct{ Shape;
				// Name string } panicked: "invalid interface value").
				if !(fld.Anonymous || i < len(embedded) && embedded[i]) || !fld.IsExported() {
					continue
				}
				if val, ok = val0.Field(i).Interface().(valueInterface); ok {
					break
					// TODO: should we keep track of all the vals that are indeed valueInterface,
					// so that later on we can call MethodByName on all of them until one matches?
				}
			}
			if !ok {
				panic(n.cfgErrorf("invalid interface value %v", val0))
			}
		}
		// Traverse nested interface values to get the concrete value.
		for {
			v, ok := val.value.Interface().(valueInterface)
			if !ok {
				break
			}
			val = v
		}

		if met := val.value.MethodByName(name); met.IsValid() {
			getFrame(f, l).data[i] = met
			return next
		}

		typ := val.node.typ
		if typ.node == nil && typ.cat == valueT {
			// It happens with a var of empty interface type, that has value of concrete type
			// from runtime, being asserted to "user-defined" interface.
			if _, ok := typ.rtype.MethodByName(name); !ok {
				panic(n.cfgErrorf("method not found: %s", name))
			}
			return next
		}

		// Finally search method recursively in embedded valueInterfaces.
		r, m, li := lookupMethodValue(val, name)
		if r.IsValid() {
			getFrame(f, l).data[i] = r
			return next
		}
		if m == nil {
			// petridish: a method promoted from an embedded compiled
			// type (l.Lock() of a cell interface holding a
			// *struct{ sync.Mutex; ... }).
			if _, index, _, ok := typ.lookupBinMethod(name); ok {
				if r := promotedBinMethod(val.value, name, index); r.IsValid() {
					getFrame(f, l).data[i] = r
					return next
				}
			}
			panic(n.cfgErrorf("method not found: %s", name))
		}

		if n.interp.methodsReplaced.Load() {
			checkReplacedMethod(n, val, m)
		}
		nod := *m
		nod.val = &nod
		// petridish: read at the call (atCall), as Go's method value of
		// an interface is: `defer i.M()` of a nil *T in i, M with a value
		// receiver, panicked at the defer statement, not at the call.
		nod.recv = &receiver{val: val.value, index: li, atCall: true}
		getFrame(f, l).data[i] = genFuncValue(&nod)(f)
		return next
	}
}

// checkReplacedMethod panics saying so when method m, which interface
// call n found for val, has another signature than the interface's:
// a later Eval declared it again (Go would not compile such a program;
// the call panicked in reflect, "Call with too few input arguments").
// petridish.
func checkReplacedMethod(n *node, val valueInterface, m *node) {
	it := n.child[0].typ
	if it == nil || m.typ == nil || !isInterfaceSrc(it) {
		return
	}
	want := it.interfaceMethod(n.child[1].ident)
	if want == nil || want.cat != funcT || m.typ.cat != funcT {
		return
	}
	if m.typ.TypeOf() != want.TypeOf() {
		name := func(t *itype) string { return strings.TrimPrefix(t.id(), mainID+".") }
		panic(fmt.Sprintf("%s no longer implements %s: a later cell declared its method %s again as %s, and %s wants %s; declare %s again to fit",
			name(val.node.typ), name(it), m.ident, m.typ.id(), name(it), want.id(), m.ident))
	}
}

// lookupMethodValue recursively looks within val for the method with the given
// name. If a runtime value is found, it is returned in r, otherwise it is returned
// in m, with li as the list of recursive field indexes.
func lookupMethodValue(val valueInterface, name string) (r reflect.Value, m *node, li []int) {
	if r = val.value.MethodByName(name); r.IsValid() {
		return
	}
	if m, li = val.node.typ.lookupMethod(name); m != nil {
		return
	}
	if !isStruct(val.node.typ) {
		return
	}
	v := val.value
	for v.Type().Kind() == reflect.Ptr {
		v = v.Elem()
	}
	nf := v.NumField()
	for i := 0; i < nf; i++ {
		vi, ok := v.Field(i).Interface().(valueInterface)
		if !ok {
			continue
		}
		if r, m, li = lookupMethodValue(vi, name); m != nil {
			li = append([]int{i}, li...)
			return
		}
	}
	return
}

func getIndexSeq(n *node) {
	if fastIndexSeq(n) { // petridish: fastops.go
		return
	}
	value := genValue(n.child[0])
	index := n.val.([]int)
	tnext := getExec(n.tnext)
	i := n.findex
	l := n.level

	// Note:
	// Here we have to store the result using
	//    f.data[i] = value(...)
	// instead of normal
	//    dest(f).Set(value(...)
	// because the value returned by FieldByIndex() must be preserved
	// for possible future Set operations on the struct field (avoid a
	// dereference from Set, resulting in setting a copy of the
	// original field).

	if n.fnext != nil {
		fnext := getExec(n.fnext)
		n.exec = func(f *frame) bltn {
			v := value(f)
			r := v.FieldByIndex(index)
			getFrame(f, l).data[i] = r
			if r.Bool() {
				return tnext
			}
			return fnext
		}
	} else {
		n.exec = func(f *frame) bltn {
			v := value(f)
			getFrame(f, l).data[i] = v.FieldByIndex(index)
			return tnext
		}
	}
}

func getPtrIndexSeq(n *node) {
	index := n.val.([]int)
	tnext := getExec(n.tnext)
	value := genValue(n.child[0])
	i := n.findex
	l := n.level

	if n.fnext != nil {
		fnext := getExec(n.fnext)
		n.exec = func(f *frame) bltn {
			r := value(f).Elem().FieldByIndex(index)
			getFrame(f, l).data[i] = r
			if r.Bool() {
				return tnext
			}
			return fnext
		}
	} else {
		n.exec = func(f *frame) bltn {
			getFrame(f, l).data[i] = value(f).Elem().FieldByIndex(index)
			return tnext
		}
	}
}

func getIndexSeqField(n *node) {
	value := genValue(n.child[0])
	index := n.val.([]int)
	i := n.findex
	l := n.level
	tnext := getExec(n.tnext)

	if n.fnext != nil {
		fnext := getExec(n.fnext)
		if n.child[0].typ.TypeOf().Kind() == reflect.Ptr {
			n.exec = func(f *frame) bltn {
				r := value(f).Elem().FieldByIndex(index)
				getFrame(f, l).data[i] = r
				if r.Bool() {
					return tnext
				}
				return fnext
			}
		} else {
			n.exec = func(f *frame) bltn {
				r := value(f).FieldByIndex(index)
				getFrame(f, l).data[i] = r
				if r.Bool() {
					return tnext
				}
				return fnext
			}
		}
	} else {
		if n.child[0].typ.TypeOf().Kind() == reflect.Ptr {
			n.exec = func(f *frame) bltn {
				getFrame(f, l).data[i] = value(f).Elem().FieldByIndex(index)
				return tnext
			}
		} else {
			n.exec = func(f *frame) bltn {
				getFrame(f, l).data[i] = value(f).FieldByIndex(index)
				return tnext
			}
		}
	}
}

func getIndexSeqPtrMethod(n *node) {
	value := genValue(n.child[0])
	index := n.val.([]int)
	fi := index[1:]
	mi := index[0]
	i := n.findex
	l := n.level
	next := getExec(n.tnext)

	if n.child[0].typ.TypeOf().Kind() == reflect.Ptr {
		if len(fi) == 0 {
			n.exec = func(f *frame) bltn {
				getFrame(f, l).data[i] = value(f).Method(mi)
				return next
			}
		} else {
			n.exec = func(f *frame) bltn {
				getFrame(f, l).data[i] = value(f).Elem().FieldByIndex(fi).Addr().Method(mi)
				return next
			}
		}
	} else {
		if len(fi) == 0 {
			n.exec = func(f *frame) bltn {
				getFrame(f, l).data[i] = value(f).Addr().Method(mi)
				return next
			}
		} else {
			n.exec = func(f *frame) bltn {
				getFrame(f, l).data[i] = value(f).FieldByIndex(fi).Addr().Method(mi)
				return next
			}
		}
	}
}

func getIndexSeqMethod(n *node) {
	value := genValue(n.child[0])
	index := n.val.([]int)
	fi := index[1:]
	mi := index[0]
	i := n.findex
	l := n.level
	next := getExec(n.tnext)

	if n.child[0].typ.TypeOf().Kind() == reflect.Ptr {
		if len(fi) == 0 {
			n.exec = func(f *frame) bltn {
				getFrame(f, l).data[i] = value(f).Elem().Method(mi)
				return next
			}
		} else {
			n.exec = func(f *frame) bltn {
				getFrame(f, l).data[i] = value(f).Elem().FieldByIndex(fi).Method(mi)
				return next
			}
		}
	} else {
		if len(fi) == 0 {
			n.exec = func(f *frame) bltn {
				getFrame(f, l).data[i] = value(f).Method(mi)
				return next
			}
		} else {
			n.exec = func(f *frame) bltn {
				getFrame(f, l).data[i] = value(f).FieldByIndex(fi).Method(mi)
				return next
			}
		}
	}
}

func neg(n *node) {
	dest := genValue(n)
	value := genValue(n.child[0])
	next := getExec(n.tnext)
	typ := n.typ.concrete().TypeOf()
	isInterface := n.typ.TypeOf().Kind() == reflect.Interface

	switch n.typ.TypeOf().Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if isInterface {
			n.exec = func(f *frame) bltn {
				dest(f).Set(reflect.ValueOf(-value(f).Int()).Convert(typ))
				return next
			}
			return
		}
		n.exec = func(f *frame) bltn {
			dest(f).SetInt(-value(f).Int())
			return next
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if isInterface {
			n.exec = func(f *frame) bltn {
				dest(f).Set(reflect.ValueOf(-value(f).Uint()).Convert(typ))
				return next
			}
			return
		}
		n.exec = func(f *frame) bltn {
			dest(f).SetUint(-value(f).Uint())
			return next
		}
	case reflect.Float32, reflect.Float64:
		if isInterface {
			n.exec = func(f *frame) bltn {
				dest(f).Set(reflect.ValueOf(-value(f).Float()).Convert(typ))
				return next
			}
			return
		}
		n.exec = func(f *frame) bltn {
			dest(f).SetFloat(-value(f).Float())
			return next
		}
	case reflect.Complex64, reflect.Complex128:
		if isInterface {
			n.exec = func(f *frame) bltn {
				dest(f).Set(reflect.ValueOf(-value(f).Complex()).Convert(typ))
				return next
			}
			return
		}
		n.exec = func(f *frame) bltn {
			dest(f).SetComplex(-value(f).Complex())
			return next
		}
	}
}

func pos(n *node) {
	dest := genValue(n)
	value := genValue(n.child[0])
	next := getExec(n.tnext)

	n.exec = func(f *frame) bltn {
		dest(f).Set(value(f))
		return next
	}
}

func bitNot(n *node) {
	dest := genValue(n)
	value := genValue(n.child[0])
	next := getExec(n.tnext)
	typ := n.typ.concrete().TypeOf()
	isInterface := n.typ.TypeOf().Kind() == reflect.Interface

	switch typ.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if isInterface {
			n.exec = func(f *frame) bltn {
				dest(f).Set(reflect.ValueOf(^value(f).Int()).Convert(typ))
				return next
			}
			return
		}
		n.exec = func(f *frame) bltn {
			dest(f).SetInt(^value(f).Int())
			return next
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if isInterface {
			n.exec = func(f *frame) bltn {
				dest(f).Set(reflect.ValueOf(^value(f).Uint()).Convert(typ))
				return next
			}
			return
		}
		n.exec = func(f *frame) bltn {
			dest(f).SetUint(^value(f).Uint())
			return next
		}
	}
}

func land(n *node) {
	value0 := genValue(n.child[0])
	value1 := genValue(n.child[1])
	tnext := getExec(n.tnext)
	dest := genValue(n)
	typ := n.typ.concrete().TypeOf()
	isInterface := n.typ.TypeOf().Kind() == reflect.Interface

	if n.fnext != nil {
		fnext := getExec(n.fnext)
		n.exec = func(f *frame) bltn {
			if value0(f).Bool() && value1(f).Bool() {
				dest(f).SetBool(true)
				return tnext
			}
			dest(f).SetBool(false)
			return fnext
		}
		return
	}
	if isInterface {
		n.exec = func(f *frame) bltn {
			dest(f).Set(reflect.ValueOf(value0(f).Bool() && value1(f).Bool()).Convert(typ))
			return tnext
		}
		return
	}
	n.exec = func(f *frame) bltn {
		dest(f).SetBool(value0(f).Bool() && value1(f).Bool())
		return tnext
	}
}

func lor(n *node) {
	value0 := genValue(n.child[0])
	value1 := genValue(n.child[1])
	tnext := getExec(n.tnext)
	dest := genValue(n)
	typ := n.typ.concrete().TypeOf()
	isInterface := n.typ.TypeOf().Kind() == reflect.Interface

	if n.fnext != nil {
		fnext := getExec(n.fnext)
		n.exec = func(f *frame) bltn {
			if value0(f).Bool() || value1(f).Bool() {
				dest(f).SetBool(true)
				return tnext
			}
			dest(f).SetBool(false)
			return fnext
		}
		return
	}
	if isInterface {
		n.exec = func(f *frame) bltn {
			dest(f).Set(reflect.ValueOf(value0(f).Bool() || value1(f).Bool()).Convert(typ))
			return tnext
		}
		return
	}
	n.exec = func(f *frame) bltn {
		dest(f).SetBool(value0(f).Bool() || value1(f).Bool())
		return tnext
	}
}

func nop(n *node) {
	next := getExec(n.tnext)

	n.exec = func(f *frame) bltn {
		return next
	}
}

func branch(n *node) {
	tnext := getExec(n.tnext)
	fnext := getExec(n.fnext)
	value := genValue(n)

	if n.typ != nil && isInterface(n.typ) {
		// petridish: the case of a tagless switch, `switch { case i: }`,
		// of an interface i is i == true, as in Go; Value.Bool panicked.
		boolType := reflect.TypeOf(true)
		n.exec = func(f *frame) bltn {
			if v := concreteOf(value(f)); v.IsValid() && v.Type() == boolType && v.Bool() {
				return tnext
			}
			return fnext
		}
		return
	}
	n.exec = func(f *frame) bltn {
		if value(f).Bool() {
			return tnext
		}
		return fnext
	}
}

func _return(n *node) {
	child := n.child
	def := n.val.(*node)
	values := make([]func(*frame) reflect.Value, len(child))
	for i, c := range child {
		switch t := def.typ.ret[i]; t.cat {
		case errorT:
			values[i] = genInterfaceWrapper(c, t.TypeOf())
		case funcT:
			// petridish: a function of the cell returned where the call's
			// result is a Go func (`f()()` of a `return g`) is wrapped
			// as one; Set of its node panicked.
			v, wrapped, j := genValue(c), genFuncValue(c), i
			values[i] = func(f *frame) reflect.Value {
				if f.data[j].Kind() == reflect.Func {
					return wrapped(f)
				}
				return v(f)
			}
		case valueT:
			switch t.rtype.Kind() {
			case reflect.Interface:
				values[i] = genInterfaceWrapper(c, t.TypeOf())
				continue
			case reflect.Func:
				values[i] = genFunctionWrapper(c)
				continue
			}
			fallthrough
		default:
			switch {
			case isInterfaceSrc(t):
				if len(t.field) == 0 {
					// empty interface case.
					// we can't let genValueInterface deal with it, because we call on c,
					// not on n, which means that the interfaceT knowledge is lost.
					if keepsMethods(c.typ) {
						// petridish: a value with methods keeps its type, as
						// in `var r any = v`: `func f() any { return N(1) }`
						// gave a bare int.
						values[i] = genValueInterface(c)
						break
					}
					if isFuncSrc(c.typ) {
						// petridish: a function, not the interpreter's
						// node of it (`return f` of a named function f).
						values[i] = genFuncValue(c)
						break
					}
					values[i] = genValue(c)
					break
				}
				values[i] = genValueInterface(c)
			case c.typ.untyped:
				values[i] = genValueAs(c, t.TypeOf())
			default:
				values[i] = genValue(c)
			}
		}
	}

	if returnsCrossedResults(child) {
		// petridish: named results returned in another order (`return
		// b, a`) are all read before any is set; `return b, a` gave b, b.
		n.exec = func(f *frame) bltn {
			vals := make([]reflect.Value, len(values))
			for i, value := range values {
				vals[i] = copyOf(value(f))
			}
			for i, v := range vals {
				f.data[i].Set(v)
			}
			return nil
		}
		return
	}

	switch len(child) {
	case 0:
		n.exec = nil
	case 1:
		switch {
		case !child[0].rval.IsValid() && child[0].kind == binaryExpr && child[0].findex == 0: // petridish: unless a comparison has its own slot (cfg)
			// No additional runtime operation is necessary for constants (not in frame) or
			// binary expressions (stored directly at the right location in frame).
			n.exec = nil
		case isCall(child[0]) && n.child[0].typ.id() == def.typ.ret[0].id():
			// Calls are optmized as long as no type conversion is involved.
			n.exec = nil
		default:
			// Regular return: store the value to return at to start of the frame.
			v := values[0]
			n.exec = func(f *frame) bltn {
				f.data[0].Set(v(f))
				return nil
			}
		}
	case 2:
		v0, v1 := values[0], values[1]
		n.exec = func(f *frame) bltn {
			f.data[0].Set(v0(f))
			f.data[1].Set(v1(f))
			return nil
		}
	default:
		n.exec = func(f *frame) bltn {
			for i, value := range values {
				f.data[i].Set(value(f))
			}
			return nil
		}
	}
}

func arrayLit(n *node) {
	value := valueGenerator(n, n.findex)
	next := getExec(n.tnext)
	child := n.child
	if n.nleft == 1 {
		child = n.child[1:]
	}

	values := make([]func(*frame) reflect.Value, len(child))
	index := make([]int, len(child))
	var max, prev int

	ntyp := n.typ.resolveAlias()
	if ntyp.cat == ptrT {
		ntyp = ntyp.val.resolveAlias() // petridish: an elided &T{...} (elidedPointer)
	}
	for i, c := range child {
		if c.kind == keyValueExpr {
			values[i] = genDestValue(ntyp.val, c.child[1])
			index[i] = int(vInt(c.child[0].rval))
		} else {
			values[i] = genDestValue(ntyp.val, c)
			index[i] = prev
		}
		prev = index[i] + 1
		if prev > max {
			max = prev
		}
	}

	typ, ptr := elidedPointer(n)
	kind := typ.Kind()
	n.exec = func(f *frame) bltn {
		var a reflect.Value
		if kind == reflect.Slice {
			a = reflect.MakeSlice(typ, max, max)
		} else {
			a = reflect.New(typ).Elem()
		}
		for i, v := range values {
			a.Index(index[i]).Set(v(f))
		}
		if ptr {
			p := reflect.New(typ)
			p.Elem().Set(a)
			a = p
		}
		value(f).Set(a)
		return next
	}
}

// elidedPointer returns the type of the value that composite literal n
// makes, and whether n is an element of a literal that elides its &
// (`[]*[2]int{{1, 2}}`), whose value is a pointer to it. petridish: such
// a literal of an array, slice or map panicked ("value of type int cannot
// be converted to type [2]int", a nil dereference for a map).
func elidedPointer(n *node) (reflect.Type, bool) {
	t := n.typ.frameType()
	if n.typ.resolveAlias().cat == ptrT || (n.typ.cat == valueT && t.Kind() == reflect.Ptr) {
		return t.Elem(), true
	}
	return t, false
}

func mapLit(n *node) {
	value := valueGenerator(n, n.findex)
	next := getExec(n.tnext)
	child := n.child
	if n.nleft == 1 {
		child = n.child[1:]
	}
	typ, ptr := elidedPointer(n)
	ntyp := n.typ.resolveAlias()
	if ntyp.cat == ptrT {
		ntyp = ntyp.val.resolveAlias() // petridish: an elided &T{...}
	}
	keys := make([]func(*frame) reflect.Value, len(child))
	values := make([]func(*frame) reflect.Value, len(child))
	for i, c := range child {
		keys[i] = genDestValue(ntyp.key, c.child[0])
		if interfaceKeys(typ) {
			keys[i] = n.interp.mapKeys.canonicalOf(keys[i]) // petridish
		}
		values[i] = genDestValue(ntyp.val, c.child[1])
	}

	n.exec = func(f *frame) bltn {
		m := reflect.MakeMap(typ)
		for i, k := range keys {
			m.SetMapIndex(k(f), values[i](f))
		}
		if ptr {
			p := reflect.New(typ)
			p.Elem().Set(m)
			m = p
		}
		value(f).Set(m)
		return next
	}
}

func compositeBinMap(n *node) {
	value := valueGenerator(n, n.findex)
	next := getExec(n.tnext)
	child := n.child
	if n.nleft == 1 {
		child = n.child[1:]
	}
	typ, ptr := elidedPointer(n) // petridish: an elided &T{...}
	keys := make([]func(*frame) reflect.Value, len(child))
	values := make([]func(*frame) reflect.Value, len(child))
	for i, c := range child {
		convertLiteralValue(c.child[0], typ.Key())
		convertLiteralValue(c.child[1], typ.Elem())
		keys[i] = genValue(c.child[0])
		values[i] = genCompiledElem(c.child[1], typ.Elem())
	}

	n.exec = func(f *frame) bltn {
		m := reflect.MakeMap(typ)
		for i, k := range keys {
			m.SetMapIndex(k(f), values[i](f))
		}
		if ptr {
			p := reflect.New(typ)
			p.Elem().Set(m)
			m = p
		}
		value(f).Set(m)
		return next
	}
}

func compositeBinSlice(n *node) {
	value := valueGenerator(n, n.findex)
	next := getExec(n.tnext)
	child := n.child
	if n.nleft == 1 {
		child = n.child[1:]
	}

	values := make([]func(*frame) reflect.Value, len(child))
	index := make([]int, len(child))
	typ, ptr := elidedPointer(n) // petridish: an elided &T{...}
	rtype := typ.Elem()
	var max, prev int

	for i, c := range child {
		if c.kind == keyValueExpr {
			convertLiteralValue(c.child[1], rtype)
			values[i] = genCompiledElem(c.child[1], rtype)
			index[i] = int(vInt(c.child[0].rval))
		} else {
			convertLiteralValue(c, rtype)
			values[i] = genCompiledElem(c, rtype)
			index[i] = prev
		}
		prev = index[i] + 1
		if prev > max {
			max = prev
		}
	}

	kind := typ.Kind()
	n.exec = func(f *frame) bltn {
		var a reflect.Value
		if kind == reflect.Slice {
			a = reflect.MakeSlice(typ, max, max)
		} else {
			a = reflect.New(typ).Elem()
		}
		for i, v := range values {
			a.Index(index[i]).Set(v(f))
		}
		if ptr {
			p := reflect.New(typ)
			p.Elem().Set(a)
			a = p
		}
		value(f).Set(a)
		return next
	}
}

// doCompositeBinStruct creates and populates a struct object from a binary type.
func doCompositeBinStruct(n *node, hasType bool) {
	next := getExec(n.tnext)
	value := valueGenerator(n, n.findex)
	typ := n.typ.rtype
	if n.typ.cat == ptrT || n.typ.cat == linkedT {
		typ = n.typ.val.rtype
	}
	if typ.Kind() == reflect.Ptr {
		typ = typ.Elem() // petridish: an elided &T{...} of a compiled T
	}
	child := n.child
	if hasType {
		child = n.child[1:]
	}
	values := make([]func(*frame) reflect.Value, len(child))
	fieldIndex := make([][]int, len(child))
	for i, c := range child {
		if c.kind == keyValueExpr {
			if sf, ok := typ.FieldByName(c.child[0].ident); ok {
				fieldIndex[i] = sf.Index
				convertLiteralValue(c.child[1], sf.Type)
				values[i] = genCompiledElem(c.child[1], sf.Type)
			}
		} else {
			fieldIndex[i] = []int{i}
			if isFuncSrc(c.typ) && len(c.child) > 1 {
				convertLiteralValue(c.child[1], typ.Field(i).Type)
				values[i] = genFunctionWrapper(c.child[1])
			} else {
				convertLiteralValue(c, typ.Field(i).Type)
				values[i] = genCompiledElem(c, typ.Field(i).Type)
			}
		}
	}

	frameIndex := n.findex
	l := n.level
	inPlace := assignsInPlace(n)

	n.exec = func(f *frame) bltn {
		s := reflect.New(typ).Elem()
		for i, v := range values {
			s.FieldByIndex(fieldIndex[i]).Set(v(f))
		}
		d := value(f)
		switch {
		case d.Kind() == reflect.Ptr:
			d.Set(s.Addr())
		default:
			storeInto(getFrame(f, l).data, frameIndex, s, inPlace)
		}
		return next
	}
}

func compositeBinStruct(n *node)       { doCompositeBinStruct(n, true) }
func compositeBinStructNotype(n *node) { doCompositeBinStruct(n, false) }

func destType(n *node) *itype {
	switch n.anc.kind {
	case assignStmt, defineStmt:
		return n.anc.child[0].typ
	default:
		return n.typ
	}
}

func doComposite(n *node, hasType bool, keyed bool) {
	value := valueGenerator(n, n.findex)
	next := getExec(n.tnext)
	typ := n.typ
	if typ.cat == ptrT || typ.cat == linkedT {
		typ = typ.val
	}
	for typ.cat == linkedT && typ.val != nil {
		typ = typ.val // petridish: a chain of defined types (type T4 T5; type T5 T3)
	}
	child := n.child
	if hasType {
		child = n.child[1:]
	}
	destInterface := isInterfaceSrc(destType(n))

	values := make(map[int]func(*frame) reflect.Value)
	for i, c := range child {
		var val *node
		var fieldIndex int
		if keyed {
			val = c.child[1]
			fieldIndex = typ.fieldIndex(c.child[0].ident)
		} else {
			val = c
			fieldIndex = i
		}
		ft := typ.field[fieldIndex].typ
		rft := ft.TypeOf()
		convertLiteralValue(val, rft)
		switch {
		case val.typ.cat == nilT:
			values[fieldIndex] = func(*frame) reflect.Value { return reflect.New(rft).Elem() }
		case isNamedFuncSrc(val.typ):
			values[fieldIndex] = genValueAsFunctionWrapper(val)
		case isInterfaceSrc(ft) && (!isEmptyInterface(ft) || keepsMethods(val.typ)): // petridish: keepsMethods
			values[fieldIndex] = genValueInterface(val)
		case isInterface(ft):
			values[fieldIndex] = genInterfaceWrapper(val, rft)
		default:
			values[fieldIndex] = genValue(val)
		}
		if typ.field[fieldIndex].name == "_" {
			// petridish: a blank field is zero, whatever the literal
			// gives it (`struct{ a, _, c int }{1, 2, 3}` kept the 2).
			z := reflect.New(rft).Elem()
			values[fieldIndex] = func(*frame) reflect.Value { return z }
		}
	}

	frameIndex := n.findex
	l := n.level
	rt := typ.TypeOf()
	inPlace := assignsInPlace(n)
	withMethods := len(n.typ.methods()) > 0
	// petridish: the wrapper for a destination of a compiled interface
	// type with methods; the literal's own slot (`xs[i] = T{}`, whose
	// assignment converts it) takes the bare value.
	var binWrapper func(*frame, reflect.Value) reflect.Value
	if dn := destType(n); dn != nil && !isInterfaceSrc(dn) && isInterface(dn) {
		if dt := dn.TypeOf(); dt != nil && dt.Kind() == reflect.Interface && dt.NumMethod() > 0 {
			binWrapper = genInterfaceWrapperOf(n, dt)
		}
	}

	n.exec = func(f *frame) bltn {
		a := reflect.New(rt).Elem()
		for i, v := range values {
			a.Field(i).Set(v(f))
		}
		d := value(f)
		switch {
		case d.Kind() == reflect.Ptr:
			d.Set(a.Addr())
		case binWrapper != nil && d.Kind() == reflect.Interface:
			// petridish: a compiled interface (`var err error = E{}`)
			// holds the wrapper that gives compiled code the methods; the
			// bare struct had none ("Method index out of range").
			d.Set(binWrapper(f, a))
		case destInterface && (d.Kind() == reflect.Interface || d.Type() == valueInterfaceType):
			// petridish: also in an empty interface when the type has
			// methods, as a value passed to an `any` parameter is, so that
			// `var x any = T{}; x.(fmt.Stringer)` sees T's methods.
			if len(destType(n).field) > 0 || withMethods {
				d.Set(reflect.ValueOf(valueInterface{n, a}))
				break
			}
			d.Set(a)
		default:
			storeInto(getFrame(f, l).data, frameIndex, a, inPlace)
		}
		return next
	}
}

// assignsInPlace reports whether composite literal n is the value of an
// assignment (=), not of a definition (:=). petridish: such a literal
// writes into the variable's storage, as Go does, instead of giving the
// variable new storage; the new storage lost the assignment for closures
// and pointers that had the variable (`f := func() { use(p) }; p = P{1};
// f()` saw the old p).
func assignsInPlace(n *node) bool {
	return n.anc != nil && n.anc.kind == assignStmt
}

// doCompositeLit creates and populates a struct object.
func doCompositeLit(n *node, hasType bool) {
	doComposite(n, hasType, false)
}

func compositeLit(n *node)       { doCompositeLit(n, true) }
func compositeLitNotype(n *node) { doCompositeLit(n, false) }

// doCompositeLitKeyed creates a struct Object, filling fields from sparse key-values.
func doCompositeLitKeyed(n *node, hasType bool) {
	doComposite(n, hasType, true)
}

func compositeLitKeyed(n *node)       { doCompositeLitKeyed(n, true) }
func compositeLitKeyedNotype(n *node) { doCompositeLitKeyed(n, false) }

func empty(n *node) {}

func _range(n *node) {
	index0 := n.child[0].findex // array index location in frame
	index2 := index0 - 1        // shallow array for range, always just behind index0
	index3 := index2 - 1        // additional location to store string char position
	fnext := getExec(n.fnext)
	tnext := getExec(n.tnext)

	var value func(*frame) reflect.Value
	var an *node
	if len(n.child) == 4 {
		an = n.child[2]
		index1 := n.child[1].findex // array value location in frame
		if isString(an.typ.TypeOf()) {
			// Special variant of "range" for string, where the index indicates the byte position
			// of the rune in the string, rather than the index of the rune in array.
			// petridish: the string is decoded as Go ranges over it, a
			// rune at a time from the byte offset in index3: the byte
			// index of a rune after an invalid byte was off (it was
			// recomputed from the runes, each RuneError counting 3
			// bytes), and each step re-encoded the runes before it.
			value = genValueAs(an, reflect.TypeOf(""))
			n.exec = func(f *frame) bltn {
				str := f.data[index2].String()
				v0 := f.data[index3]
				pos := int(v0.Int())
				if pos < 0 {
					pos = 0
				}
				if pos >= len(str) {
					return fnext
				}
				r, w := utf8.DecodeRuneInString(str[pos:])
				v0.SetInt(int64(pos + w))
				f.data[index0].SetInt(int64(pos))
				f.data[index1].SetInt(int64(r))
				return tnext
			}
		} else {
			value = genValueRangeArray(an)
			n.exec = func(f *frame) bltn {
				a := f.data[index2]
				v0 := f.data[index0]
				v0.SetInt(v0.Int() + 1)
				i := int(v0.Int())
				if i >= a.Len() {
					return fnext
				}
				f.data[index1].Set(a.Index(i))
				return tnext
			}
		}
	} else {
		an = n.child[1]
		if isString(an.typ.TypeOf()) {
			// petridish: the index is the byte offset of each rune, as in
			// Go, not the rune's number.
			value = genValueAs(an, reflect.TypeOf(""))
			n.exec = func(f *frame) bltn {
				str := f.data[index2].String()
				v0 := f.data[index0]
				i := int(v0.Int())
				if i < 0 {
					i = 0
				} else if i < len(str) {
					_, w := utf8.DecodeRuneInString(str[i:])
					i += w
				}
				if i >= len(str) {
					return fnext
				}
				v0.SetInt(int64(i))
				return tnext
			}
		} else {
			value = genValueRangeArray(an)
			if t := an.typ.TypeOf(); t.Kind() == reflect.Ptr {
				// petridish: `for i := range p` of an array pointer
				// ranges over the array's indices without dereferencing
				// p, as Go does; a nil p panicked.
				zero := reflect.Zero(t.Elem())
				value = func(*frame) reflect.Value { return zero }
			}
			n.exec = func(f *frame) bltn {
				v0 := f.data[index0]
				v0.SetInt(v0.Int() + 1)
				if int(v0.Int()) >= f.data[index2].Len() {
					return fnext
				}
				return tnext
			}
		}
	}

	if t := an.typ.TypeOf(); t != nil && t.Kind() == reflect.Ptr && t.Elem().Kind() == reflect.Array && (len(n.child) == 3 || n.child[1].ident == "_") {
		// petridish: a range over a nil pointer to an array without an
		// element variable ranges over the indices, as in Go, which
		// does not dereference the pointer then; it panicked.
		raw, elem := genValue(an), t.Elem()
		value = func(f *frame) reflect.Value {
			if p := raw(f); !p.IsNil() {
				return p.Elem()
			}
			return reflect.Zero(elem)
		}
	}

	if constLenRange(n) {
		// petridish: the range expression was not evaluated (the cfg's
		// rangeStmt); its length is its type's.
		zero := reflect.Zero(an.typ.TypeOf())
		value = func(*frame) reflect.Value { return zero }
	}

	// Init sequence
	next := n.exec
	index := index0
	if isString(an.typ.TypeOf()) && len(n.child) == 4 {
		index = index3
	}
	n.child[0].exec = func(f *frame) bltn {
		f.data[index2] = value(f) // set array shallow copy for range
		f.data[index].SetInt(-1)  // assing index value
		return next
	}
}

func rangeChan(n *node) {
	i := n.child[0].findex        // element index location in frame
	value := genValue(n.child[1]) // chan
	fnext := getExec(n.fnext)
	tnext := getExec(n.tnext)

	n.exec = func(f *frame) bltn {
		f.mutex.RLock()
		done := f.doneCase()
		f.mutex.RUnlock()

		chosen, v, ok := reflect.Select([]reflect.SelectCase{done, {Dir: reflect.SelectRecv, Chan: value(f)}})
		if chosen == 0 {
			return nil
		}
		if !ok {
			return fnext
		}
		f.data[i].Set(v)
		return tnext
	}
}

func rangeMap(n *node) {
	index0 := n.child[0].findex // map index location in frame
	index2 := index0 - 1        // iterator for range, always just behind index0
	fnext := getExec(n.fnext)
	tnext := getExec(n.tnext)

	var value func(*frame) reflect.Value
	if len(n.child) == 4 {
		index1 := n.child[1].findex  // map value location in frame
		value = genValue(n.child[2]) // map
		n.exec = func(f *frame) bltn {
			iter := f.data[index2].Interface().(*reflect.MapIter)
			if !iter.Next() {
				return fnext
			}
			f.data[index0].Set(iter.Key())
			f.data[index1].Set(iter.Value())
			return tnext
		}
	} else {
		value = genValue(n.child[1]) // map
		n.exec = func(f *frame) bltn {
			iter := f.data[index2].Interface().(*reflect.MapIter)
			if !iter.Next() {
				return fnext
			}
			f.data[index0].Set(iter.Key())
			return tnext
		}
	}

	// Init sequence
	next := n.exec
	n.child[0].exec = func(f *frame) bltn {
		f.data[index2].Set(reflect.ValueOf(value(f).MapRange()))
		return next
	}
}

func _case(n *node) {
	tnext := getExec(n.tnext)

	// TODO(mpl): a lot of what is done in typeAssert should probably be redone/reused here.
	switch {
	case n.anc.anc.kind == typeSwitch:
		fnext := getExec(n.fnext)
		sn := n.anc.anc                                 // switch node
		types := make([]*itype, max(len(n.child)-1, 0)) // petridish: an empty default clause has no body
		for i := range types {
			types[i] = n.child[i].typ
		}
		srcValue := genValue(sn.child[1].lastChild().child[0])
		matchers := caseMatchers(types) // petridish
		later := laterCases(n)          // petridish

		if len(sn.child[1].child) != 2 {
			// no assign in switch guard
			if len(n.child) <= 1 {
				n.exec = func(f *frame) bltn { return tnext }
			} else {
				n.exec = func(f *frame) bltn {
					// petridish: a case decided by Go's rules.
					switch matched, yielded := matchesCase(matchers, later, f, srcValue(f)); {
					case matched:
						return tnext
					case yielded:
						return fnext
					}
					ival := srcValue(f).Interface()
					val, ok := ival.(valueInterface)
					// TODO(mpl): I'm assuming here that !ok means that we're dealing with the empty
					// interface case. But maybe we should make sure by checking the relevant cat
					// instead? later. Use t := v.Type(); t.Kind() == reflect.Interface , like above.
					if !ok {
						var stype string
						if ival != nil {
							stype = strings.ReplaceAll(reflect.TypeOf(ival).String(), " {}", "{}")
						}
						for _, typ := range types {
							// TODO(mpl): we should actually use canAssertTypes, but need to find a valid
							// rtype for typ. Plus we need to refactor with typeAssert().
							// weak check instead for now.
							if ival == nil {
								if typ.cat == nilT {
									return tnext
								}
								continue
							}
							if stype == typ.id() {
								return tnext
							}
						}
						return fnext
					}
					if v := val.node; v != nil {
						for _, typ := range types {
							if v.typ.id() == typ.id() {
								return tnext
							}
						}
					}
					return fnext
				}
			}
			break
		}

		// assign in switch guard
		if len(n.child) == 0 {
			// petridish: an empty default clause, which has no body
			// (its variable is unused): yaegi's index out of range.
			n.exec = func(f *frame) bltn { return tnext }
			break
		}
		destValue := genValue(n.lastChild().child[0])
		switch len(types) {
		case 0:
			// default clause: assign var to interface value
			n.exec = func(f *frame) bltn {
				destValue(f).Set(srcValue(f))
				return tnext
			}
		case 1:
			// match against 1 type: assign var to concrete value
			typ := types[0]
			n.exec = func(f *frame) bltn {
				v := srcValue(f)
				if out, ok := matchers[0].match(f, v, destValue(f).Type()); ok {
					if matchers[0].yieldsTo(later, f, v) {
						return fnext
					}
					destValue(f).Set(out) // petridish: a case decided by Go's rules
					return tnext
				}
				if matchers[0].rejects(v) { // petridish
					return fnext
				}
				if !v.IsValid() {
					// match zero value against nil
					if typ.cat == nilT {
						return tnext
					}
					return fnext
				}
				if t := v.Type(); t.Kind() == reflect.Interface {
					if typ.cat == nilT && v.IsNil() {
						return tnext
					}
					rtyp := typ.TypeOf()
					if rtyp == nil {
						return fnext
					}
					elem := v.Elem()
					if rtyp.String() == t.String() && implementsInterface(v, typ) {
						destValue(f).Set(elem)
						return tnext
					}
					ival := v.Interface()
					if ival != nil && rtyp.String() == reflect.TypeOf(ival).String() {
						destValue(f).Set(elem)
						return tnext
					}
					if typ.cat == valueT && rtyp.Kind() == reflect.Interface && elem.IsValid() && elem.Type().Implements(rtyp) {
						destValue(f).Set(elem)
						return tnext
					}
					return fnext
				}
				if vi, ok := v.Interface().(valueInterface); ok {
					if vi.node != nil {
						if vi.node.typ.id() == typ.id() {
							destValue(f).Set(vi.value)
							return tnext
						}
					}
					return fnext
				}
				if v.Type() == typ.TypeOf() {
					destValue(f).Set(v)
					return tnext
				}
				return fnext
			}

		default:
			n.exec = func(f *frame) bltn {
				val := srcValue(f)
				// petridish: a case decided by Go's rules.
				switch matched, yielded := matchesCase(matchers, later, f, val); {
				case matched:
					destValue(f).Set(val)
					return tnext
				case yielded:
					return fnext
				}
				if rejectAll(matchers, val) { // petridish
					return fnext
				}
				if t := val.Type(); t.Kind() == reflect.Interface {
					for _, typ := range types {
						if typ.cat == nilT && val.IsNil() {
							return tnext
						}
						rtyp := typ.TypeOf()
						if rtyp == nil {
							continue
						}
						elem := val.Elem()
						if rtyp.String() == t.String() && implementsInterface(val, typ) {
							destValue(f).Set(elem)
							return tnext
						}
						ival := val.Interface()
						if ival != nil && rtyp.String() == reflect.TypeOf(ival).String() {
							destValue(f).Set(elem)
							return tnext
						}
						if typ.cat == valueT && rtyp.Kind() == reflect.Interface && elem.IsValid() && elem.Type().Implements(rtyp) {
							destValue(f).Set(elem)
							return tnext
						}
					}
					return fnext
				}
				if vi, ok := val.Interface().(valueInterface); ok {
					if v := vi.node; v != nil {
						for _, typ := range types {
							if v.typ.id() == typ.id() {
								destValue(f).Set(val)
								return tnext
							}
						}
					}
					return fnext
				}
				vt := val.Type()
				for _, typ := range types {
					if vt == typ.TypeOf() {
						destValue(f).Set(val)
						return tnext
					}
				}
				return fnext
			}
		}

	case len(n.child) <= 1: // default clause
		n.exec = func(f *frame) bltn { return tnext }

	default:
		fnext := getExec(n.fnext)
		l := len(n.anc.anc.child)
		value := genValue(n.anc.anc.child[l-2])
		values := make([]func(*frame) reflect.Value, len(n.child)-1)
		// petridish: a case of a switch on an interface value (or an
		// interface case of a switch on a value) compares as == does;
		// yaegi converted the interface to the case's type, which
		// panicked (`var x any = "a"; switch x { case "a": }`).
		operands := make([][2]func(reflect.Value) interface{}, len(values))
		tag := n.anc.anc.child[l-2]
		nilCase := make([]bool, len(values))
		for i := range values {
			values[i] = genValue(n.child[i])
			// petridish: case nil of a switch on a slice, map, func,
			// chan or pointer is true when the tag is nil; it was
			// compared as a value, never equal (always false).
			nilCase[i] = n.child[i].isNil() && tag.typ != nil && !isInterface(tag.typ)
			if v, ok := caseConstant(n.child[i], tag.typ); ok {
				values[i] = func(*frame) reflect.Value { return v } // petridish
			}
			if c := n.child[i]; tag.typ != nil && c.typ != nil && (isInterface(tag.typ) || isInterface(c.typ)) {
				operands[i][0], operands[i][1] = operandsOf(tag, c)
			}
		}
		n.exec = func(f *frame) bltn {
			v0 := value(f)
			for i, v := range values {
				if nilCase[i] { // petridish
					if isNilValue(v0) {
						return tnext
					}
					continue
				}
				v1 := v(f)
				if o := operands[i]; o[0] != nil {
					if operandsEqual(o[0](v0), o[1](v1)) {
						return tnext
					}
					continue
				}
				// petridish: operands of two types (chan T and <-chan T)
				// compare as one type, as == does; a value assignable to
				// the other's type kept its own, and never matched.
				if t0, t1 := v0.Type(), v1.Type(); t0 != t1 {
					if t1.AssignableTo(t0) {
						v1 = v1.Convert(t0)
					} else {
						v0 = v0.Convert(t1)
					}
				}
				if v0.Interface() == v1.Interface() {
					return tnext
				}
			}
			return fnext
		}
	}
}

func implementsInterface(v reflect.Value, t *itype) bool {
	rt := v.Type()
	if t.cat == valueT {
		return rt.Implements(t.rtype)
	}
	vt := &itype{cat: valueT, rtype: rt}
	if vt.methods().contains(t.methods()) {
		return true
	}
	vi, ok := v.Interface().(valueInterface)
	if !ok {
		return false
	}
	return vi.node != nil && vi.node.typ.methods().contains(t.methods())
}

func appendSlice(n *node) {
	dest := genValueOutput(n, n.typ.rtype)
	next := getExec(n.tnext)
	value := genValue(n.child[1])
	value0 := genValue(n.child[2])

	if isString(n.child[2].typ.TypeOf()) {
		typ := reflect.TypeOf([]byte{})
		n.exec = func(f *frame) bltn {
			dest(f).Set(reflect.AppendSlice(value(f), value0(f).Convert(typ)))
			return next
		}
	} else {
		n.exec = func(f *frame) bltn {
			dest(f).Set(reflect.AppendSlice(value(f), value0(f)))
			return next
		}
	}
}

func _append(n *node) {
	if len(n.child) == 3 {
		c1, c2 := n.child[1], n.child[2]
		// petridish: only `append(s, t...)` appends t's elements; yaegi
		// chose by the types, so `append(s, s)` of a `type S []S` (or of
		// an []any, `append(xs, ys)`) appended s's elements, not s.
		if n.action == aCallSlice && ((c1.typ.cat == valueT || c2.typ.cat == valueT) && c1.typ.rtype == c2.typ.rtype ||
			isArray(c2.typ) && c2.typ.elem().id() == n.typ.elem().id() ||
			isByteArray(c1.typ.TypeOf()) && isString(c2.typ.TypeOf())) {
			appendSlice(n)
			return
		}
	}

	dest := genValueOutput(n, n.typ.rtype)
	value := genValue(n.child[1])
	next := getExec(n.tnext)

	switch l := len(n.child); {
	case l == 2:
		n.exec = func(f *frame) bltn {
			dest(f).Set(value(f))
			return next
		}
	case l > 3:
		args := n.child[2:]
		l := len(args)
		values := make([]func(*frame) reflect.Value, l)
		for i, arg := range args {
			switch elem := n.typ.elem(); {
			case isInterfaceSrc(elem) && (!isEmptyInterface(elem) || keepsMethods(arg.typ)): // petridish: keepsMethods
				values[i] = genValueInterface(arg)
			case isInterfaceBin(elem):
				values[i] = genInterfaceWrapper(arg, elem.rtype)
			case arg.typ.untyped:
				values[i] = genValueAs(arg, n.child[1].typ.TypeOf().Elem())
			case isFuncSrc(arg.typ):
				values[i] = genFuncValue(arg) // petridish: a function, not its node
			default:
				values[i] = genValue(arg)
			}
		}

		// petridish: an element of the slice itself (`append(s[:n-1],
		// x, s[n-1])`) is read before any is stored: reflect.Append
		// stored x into s[n-1] first, then read it.
		aliasing := make([]bool, l)
		for i, arg := range args {
			aliasing[i] = arg.kind != identExpr && !arg.rval.IsValid()
		}
		n.exec = func(f *frame) bltn {
			sl := make([]reflect.Value, l)
			for i, v := range values {
				if sl[i] = v(f); aliasing[i] {
					sl[i] = copyOf(sl[i])
				}
			}
			dest(f).Set(reflect.Append(value(f), sl...))
			return next
		}
	default:
		var value0 func(*frame) reflect.Value
		switch elem := n.typ.elem(); {
		case isInterfaceSrc(elem) && (!isEmptyInterface(elem) || keepsMethods(n.child[2].typ)): // petridish: keepsMethods
			value0 = genValueInterface(n.child[2])
		case isInterfaceBin(elem):
			value0 = genInterfaceWrapper(n.child[2], elem.rtype)
		case n.child[2].typ.untyped:
			value0 = genValueAs(n.child[2], n.child[1].typ.TypeOf().Elem())
		case isFuncSrc(n.child[2].typ):
			value0 = genFuncValue(n.child[2]) // petridish: a function, not its node
		default:
			value0 = genValue(n.child[2])
		}

		if elem := n.typ.elem().TypeOf(); elem != nil && basicElem(elem.Kind()) {
			// petridish: one element of a basic type is stored in
			// place (appendOne), without reflect.Append's allocation.
			n.exec = func(f *frame) bltn {
				appendOne(dest(f), value(f), value0(f))
				return next
			}
			return
		}
		n.exec = func(f *frame) bltn {
			dest(f).Set(reflect.Append(value(f), value0(f)))
			return next
		}
	}
}

func _cap(n *node) {
	dest := genValueOutput(n, reflect.TypeOf(int(0)))
	value := genValue(n.child[1])
	next := getExec(n.tnext)

	if wantEmptyInterface(n) {
		n.exec = func(f *frame) bltn {
			dest(f).Set(reflect.ValueOf(value(f).Cap()))
			return next
		}
		return
	}
	n.exec = func(f *frame) bltn {
		dest(f).SetInt(int64(value(f).Cap()))
		return next
	}
}

func _copy(n *node) {
	in := []func(*frame) reflect.Value{genValueArray(n.child[1]), genValue(n.child[2])}
	out := []func(*frame) reflect.Value{genValueOutput(n, reflect.TypeOf(0))}

	genBuiltinDeferWrapper(n, in, out, func(args []reflect.Value) []reflect.Value {
		cnt := reflect.Copy(args[0], args[1])
		return []reflect.Value{reflect.ValueOf(cnt)}
	})
}

func _close(n *node) {
	in := []func(*frame) reflect.Value{genValue(n.child[1])}

	genBuiltinDeferWrapper(n, in, nil, func(args []reflect.Value) []reflect.Value {
		args[0].Close()
		return nil
	})
}

func _complex(n *node) {
	dest := genValueOutput(n, reflect.TypeOf(complex(0, 0)))
	c1, c2 := n.child[1], n.child[2]
	convertLiteralValue(c1, floatType)
	convertLiteralValue(c2, floatType)
	value0 := genValue(c1)
	value1 := genValue(c2)
	next := getExec(n.tnext)

	typ := n.typ.TypeOf()
	if isComplex(typ) {
		if wantEmptyInterface(n) {
			n.exec = func(f *frame) bltn {
				dest(f).Set(reflect.ValueOf(complex(value0(f).Float(), value1(f).Float())))
				return next
			}
			return
		}
		n.exec = func(f *frame) bltn {
			dest(f).SetComplex(complex(value0(f).Float(), value1(f).Float()))
			return next
		}
		return
	}
	// Not a complex type: ignore imaginary part
	n.exec = func(f *frame) bltn {
		dest(f).Set(value0(f).Convert(typ))
		return next
	}
}

func _imag(n *node) {
	dest := genValueOutput(n, reflect.TypeOf(float64(0)))
	convertLiteralValue(n.child[1], complexType)
	value := genValue(n.child[1])
	next := getExec(n.tnext)

	if wantEmptyInterface(n) {
		n.exec = func(f *frame) bltn {
			dest(f).Set(reflect.ValueOf(imag(value(f).Complex())))
			return next
		}
		return
	}
	n.exec = func(f *frame) bltn {
		dest(f).SetFloat(imag(value(f).Complex()))
		return next
	}
}

func _real(n *node) {
	dest := genValueOutput(n, reflect.TypeOf(float64(0)))
	convertLiteralValue(n.child[1], complexType)
	value := genValue(n.child[1])
	next := getExec(n.tnext)

	if wantEmptyInterface(n) {
		n.exec = func(f *frame) bltn {
			dest(f).Set(reflect.ValueOf(real(value(f).Complex())))
			return next
		}
		return
	}
	n.exec = func(f *frame) bltn {
		dest(f).SetFloat(real(value(f).Complex()))
		return next
	}
}

func _delete(n *node) {
	value0 := genValue(n.child[1]) // map
	value1 := genValue(n.child[2]) // key
	if c := n.child[2]; c.typ != nil && c.typ.isNil() {
		if kt := n.child[1].typ.TypeOf().Key(); kt.Kind() != reflect.Interface {
			// petridish: nil is the nil of the key type (a pointer to a
			// cell type panicked in reflect, not assignable).
			nk := reflect.New(kt).Elem()
			value1 = func(*frame) reflect.Value { return nk }
		}
	}
	if key := genMapKey(n.child[1], n.child[2]); key != nil {
		value1 = key // petridish: interface keys are canonical
	}
	in := []func(*frame) reflect.Value{value0, value1}
	var z reflect.Value

	genBuiltinDeferWrapper(n, in, nil, func(args []reflect.Value) []reflect.Value {
		args[0].SetMapIndex(args[1], z)
		return nil
	})
}

func capConst(n *node) {
	// There is no Cap() method for reflect.Type, just return Len() instead.
	lenConst(n)
}

func lenConst(n *node) {
	n.rval = reflect.New(reflect.TypeOf(int(0))).Elem()
	c1 := n.child[1]
	if c1.rval.IsValid() {
		n.rval.SetInt(int64(len(vString(c1.rval))))
		return
	}
	t := c1.typ.TypeOf()
	for t.Kind() == reflect.Ptr {
		t = t.Elem()
	}
	n.rval.SetInt(int64(t.Len()))
}

func _len(n *node) {
	dest := genValueOutput(n, reflect.TypeOf(int(0)))
	value := genValue(n.child[1])
	if t := n.child[1].typ.TypeOf(); t != nil && t.Kind() == reflect.Ptr && t.Elem().Kind() == reflect.Array {
		// petridish: the length of a pointer to an array is its type's,
		// also of a nil one, as in Go; it panicked.
		val, zero := value, reflect.Zero(t.Elem())
		value = func(f *frame) reflect.Value {
			p := val(f)
			if p.IsNil() {
				return zero
			}
			return p.Elem()
		}
	} else if isPtr(n.child[1].typ) {
		val := value
		value = func(f *frame) reflect.Value {
			v := val(f).Elem()
			for v.Kind() == reflect.Ptr {
				v = v.Elem()
			}
			return v
		}
	}
	next := getExec(n.tnext)

	if wantEmptyInterface(n) {
		n.exec = func(f *frame) bltn {
			dest(f).Set(reflect.ValueOf(value(f).Len()))
			return next
		}
		return
	}
	n.exec = func(f *frame) bltn {
		dest(f).SetInt(int64(value(f).Len()))
		return next
	}
}

func _new(n *node) {
	next := getExec(n.tnext)
	t1 := n.child[1].typ
	typ := t1.TypeOf()
	dest := genValueOutput(n, reflect.PtrTo(typ))

	if isInterfaceSrc(t1) && (!isEmptyInterface(t1) || len(t1.method) > 0) {
		typ = zeroInterfaceValue().Type()
	}

	n.exec = func(f *frame) bltn {
		v := reflect.New(typ)
		if vi, ok := v.Interface().(*valueInterface); ok {
			vi.node = n
		}
		dest(f).Set(v)
		return next
	}
}

// newOf runs new(expr) (Go 1.26): a pointer to a new variable holding
// the value of expr. petridish: yaegi took expr for a type, and new(42)
// pointed to a zero.
func newOf(n *node) {
	next := getExec(n.tnext)
	t := n.typ.val
	typ := t.TypeOf()
	value := genDestValue(t, n.child[1])
	dest := genValueOutput(n, reflect.PtrTo(typ))

	n.exec = func(f *frame) bltn {
		v := reflect.New(typ)
		v.Elem().Set(value(f))
		dest(f).Set(v)
		return next
	}
}

// _make allocates and initializes a slice, a map or a chan.
func _make(n *node) {
	next := getExec(n.tnext)
	typ := n.child[1].typ.frameType()
	dest := genValueOutput(n, typ)

	switch typ.Kind() {
	case reflect.Array, reflect.Slice:
		value := genValue(n.child[2])

		switch len(n.child) {
		case 3:
			n.exec = func(f *frame) bltn {
				length := int(vInt(value(f)))
				dest(f).Set(reflect.MakeSlice(typ, length, length))
				return next
			}
		case 4:
			value1 := genValue(n.child[3])
			n.exec = func(f *frame) bltn {
				dest(f).Set(reflect.MakeSlice(typ, int(vInt(value(f))), int(vInt(value1(f)))))
				return next
			}
		}

	case reflect.Chan:
		// petridish: reflect makes bidirectional channels only; one of a
		// directional type (make(chan<- T)) is made so, then assigned.
		typ := reflect.ChanOf(reflect.BothDir, typ.Elem())
		switch len(n.child) {
		case 2:
			n.exec = func(f *frame) bltn {
				dest(f).Set(reflect.MakeChan(typ, 0))
				return next
			}
		case 3:
			value := genValue(n.child[2])
			n.exec = func(f *frame) bltn {
				dest(f).Set(reflect.MakeChan(typ, int(vInt(value(f)))))
				return next
			}
		}

	case reflect.Map:
		switch len(n.child) {
		case 2:
			n.exec = func(f *frame) bltn {
				dest(f).Set(reflect.MakeMap(typ))
				return next
			}
		case 3:
			value := genValue(n.child[2])
			n.exec = func(f *frame) bltn {
				dest(f).Set(reflect.MakeMapWithSize(typ, int(vInt(value(f)))))
				return next
			}
		}
	}
}

func reset(n *node) {
	next := getExec(n.tnext)

	switch l := len(n.child) - 1; l {
	case 1:
		typ := n.child[0].typ.frameType()
		i := n.child[0].findex
		n.exec = func(f *frame) bltn {
			f.data[i] = reflect.New(typ).Elem()
			return next
		}
	case 2:
		c0, c1 := n.child[0], n.child[1]
		i0, i1 := c0.findex, c1.findex
		t0, t1 := c0.typ.frameType(), c1.typ.frameType()
		n.exec = func(f *frame) bltn {
			f.data[i0] = reflect.New(t0).Elem()
			f.data[i1] = reflect.New(t1).Elem()
			return next
		}
	default:
		types := make([]reflect.Type, l)
		index := make([]int, l)
		for i, c := range n.child[:l] {
			index[i] = c.findex
			types[i] = c.typ.frameType()
		}
		n.exec = func(f *frame) bltn {
			for i, ind := range index {
				f.data[ind] = reflect.New(types[i]).Elem()
			}
			return next
		}
	}
}

// recv reads from a channel.
func recv(n *node) {
	value := genValue(n.child[0])
	tnext := getExec(n.tnext)
	i := n.findex
	l := n.level
	// petridish: the value received is stored into its destination's
	// storage (`s[i] = <-ch`, `p.f = <-ch`, `x = <-ch` lost it or left x
	// unaddressable), or into new storage for a definition (`x := <-ch`).
	inPlace := n.anc == nil || n.anc.kind != defineStmt
	store := func(f *frame, r reflect.Value) { storeInto(getFrame(f, l).data, i, r, inPlace) }

	if n.interp.cancelChan {
		// Cancellable channel read
		if n.fnext != nil {
			fnext := getExec(n.fnext)
			n.exec = func(f *frame) bltn {
				// Fast: channel read doesn't block
				ch := value(f)
				if r, ok := ch.TryRecv(); ok {
					store(f, r)
					if r.Bool() {
						return tnext
					}
					return fnext
				}
				// Slow: channel read blocks, allow cancel
				f.mutex.RLock()
				done := f.doneCase()
				f.mutex.RUnlock()

				chosen, v, _ := reflect.Select([]reflect.SelectCase{done, {Dir: reflect.SelectRecv, Chan: ch}})
				if chosen == 0 {
					return nil
				}
				store(f, v)
				if v.Bool() {
					return tnext
				}
				return fnext
			}
		} else {
			n.exec = func(f *frame) bltn {
				// Fast: channel read doesn't block
				ch := value(f)
				if r, ok := ch.TryRecv(); ok {
					store(f, r)
					return tnext
				}
				// Slow: channel is blocked, allow cancel
				f.mutex.RLock()
				done := f.doneCase()
				f.mutex.RUnlock()

				chosen, r, _ := reflect.Select([]reflect.SelectCase{done, {Dir: reflect.SelectRecv, Chan: ch}})
				if chosen == 0 {
					return nil
				}
				store(f, r)
				return tnext
			}
		}
	} else {
		// Blocking channel read (less overhead)
		if n.fnext != nil {
			fnext := getExec(n.fnext)
			n.exec = func(f *frame) bltn {
				if r, _ := value(f).Recv(); r.Bool() {
					store(f, r)
					return tnext
				}
				return fnext
			}
		} else {
			n.exec = func(f *frame) bltn {
				r, _ := value(f).Recv()
				store(f, r)
				return tnext
			}
		}
	}
}

func recv2(n *node) {
	defer redefineFirst(n)           // petridish
	vchan := genValue(n.child[0])    // chan
	vres := genValue(n.anc.child[0]) // result
	vok := genValue(n.anc.child[1])  // status
	if t := commaOkTemp(n); t != nil {
		vres = t // petridish
		defer assignCommaOk(n)
	}
	tnext := getExec(n.tnext)
	conv := commaOkWrap(n, n.anc.child[0].typ, n.child[0].typ) // petridish
	if conv == nil {
		conv = func(v reflect.Value) reflect.Value { return v }
	}

	if n.interp.cancelChan {
		// Cancellable channel read
		n.exec = func(f *frame) bltn {
			ch, result, status := vchan(f), vres(f), vok(f)
			//  Fast: channel read doesn't block
			if v, ok := ch.TryRecv(); ok {
				result.Set(conv(v))
				setOk(status, true)
				return tnext
			}
			// Slow: channel is blocked, allow cancel
			f.mutex.RLock()
			done := f.doneCase()
			f.mutex.RUnlock()

			chosen, v, ok := reflect.Select([]reflect.SelectCase{done, {Dir: reflect.SelectRecv, Chan: ch}})
			if chosen == 0 {
				return nil
			}
			result.Set(conv(v))
			setOk(status, ok)
			return tnext
		}
	} else {
		// Blocking channel read (less overhead)
		n.exec = func(f *frame) bltn {
			v, ok := vchan(f).Recv()
			vres(f).Set(conv(v))
			setOk(vok(f), ok)
			return tnext
		}
	}
}

func convertLiteralValue(n *node, t reflect.Type) {
	switch {
	case n.typ.cat == nilT:
		// Create a zero value of target type.
		n.rval = reflect.New(t).Elem()
	case !(n.kind == basicLit || n.rval.IsValid()) || t == nil || t.Kind() == reflect.Interface || t == valueInterfaceType || t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Interface:
		// Skip non-constant values, undefined target type or interface target type.
	case n.rval.IsValid():
		// Convert constant value to target type.
		convertConstantValueTo(n, t) // petridish: was convertConstantValue(n)
		n.rval = n.rval.Convert(t)
	default:
		// Create a zero value of target type.
		n.rval = reflect.New(t).Elem()
	}
}

func convertConstantValue(n *node) {
	convertConstantValueTo(n, n.typ.TypeOf())
}

// convertConstantValueTo converts n's constant value (a constant.Value)
// to type t. petridish: from the constant itself, by t's kind; it went
// through int first, so `var top uint64 = 1 << 63` failed ("constant
// 9223372036854775808 overflows int64") and `var f float64 = 1 << 70`.
func convertConstantValueTo(n *node, t reflect.Type) {
	if !n.rval.IsValid() {
		return
	}
	c, ok := n.rval.Interface().(constant.Value)
	if !ok {
		return
	}
	v, err := constantValueOf(c, t)
	if err != nil {
		panic(n.cfgErrorf("%v", err))
	}
	n.rval = v
}

// constantValueOf returns constant c as a value of type t: of t's kind
// when t is a basic type c fits (typecheck.convertConst's conversion,
// with an error for an integer out of range), else of c's default type
// converted to t.
func constantValueOf(c constant.Value, t reflect.Type) (reflect.Value, error) {
	fits := false
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if _, exact := constant.Int64Val(constant.ToInt(c)); !exact {
			return reflect.Value{}, fmt.Errorf("constant %s overflows %s", c.ExactString(), t.Kind())
		}
		fits = true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if _, exact := constant.Uint64Val(constant.ToInt(c)); !exact {
			return reflect.Value{}, fmt.Errorf("constant %s overflows %s", c.ExactString(), t.Kind())
		}
		fits = true
	case reflect.Float32, reflect.Float64:
		fits = constant.ToFloat(c).Kind() != constant.Unknown
	case reflect.Complex64, reflect.Complex128:
		fits = constant.ToComplex(c).Kind() != constant.Unknown
	case reflect.Bool:
		fits = c.Kind() == constant.Bool
	case reflect.String:
		fits = c.Kind() == constant.String
	}
	if fits {
		if v, err := (typecheck{}).convertConst(reflect.ValueOf(c), t); err == nil {
			return v.Convert(t), nil
		}
	}
	var v reflect.Value
	switch c.Kind() {
	case constant.Bool:
		v = reflect.ValueOf(constant.BoolVal(c))
	case constant.String:
		v = reflect.ValueOf(constant.StringVal(c))
	case constant.Int:
		i, x := constant.Int64Val(c)
		if !x {
			return reflect.Value{}, fmt.Errorf("constant %s overflows int64", c.ExactString())
		}
		v = reflect.ValueOf(int(i))
	case constant.Float:
		f, _ := constant.Float64Val(c)
		v = reflect.ValueOf(f)
	case constant.Complex:
		r, _ := constant.Float64Val(constant.Real(c))
		i, _ := constant.Float64Val(constant.Imag(c))
		v = reflect.ValueOf(complex(r, i))
	default:
		return reflect.Value{}, fmt.Errorf("invalid constant %s", c.ExactString())
	}
	return v.Convert(t), nil
}

// Write to a channel.
func send(n *node) {
	next := getExec(n.tnext)
	c0, c1 := n.child[0], n.child[1]
	value0 := genValue(c0) // Send channel.
	value1 := genDestValue(c0.typ.val, c1)

	if !n.interp.cancelChan {
		// Send is non-cancellable, has the least overhead.
		n.exec = func(f *frame) bltn {
			value0(f).Send(value1(f))
			return next
		}
		return
	}

	// Send is cancellable, may have some overhead.
	n.exec = func(f *frame) bltn {
		ch, data := value0(f), value1(f)
		// Fast: send on channel doesn't block.
		if ok := ch.TrySend(data); ok {
			return next
		}
		// Slow: send on channel blocks, allow cancel.
		f.mutex.RLock()
		done := f.doneCase()
		f.mutex.RUnlock()

		chosen, _, _ := reflect.Select([]reflect.SelectCase{done, {Dir: reflect.SelectSend, Chan: ch, Send: data}})
		if chosen == 0 {
			return nil
		}
		return next
	}
}

func clauseChanDir(n *node) (*node, *node, *node, reflect.SelectDir) {
	dir := reflect.SelectDefault
	var nod, assigned, ok *node
	var stop bool

	n.Walk(func(m *node) bool {
		switch m.action {
		case aRecv:
			dir = reflect.SelectRecv
			nod = m.child[0]
			switch m.anc.action {
			case aAssign:
				assigned = m.anc.child[0]
			case aAssignX:
				assigned = m.anc.child[0]
				ok = m.anc.child[1]
			}
			stop = true
		case aSend:
			dir = reflect.SelectSend
			nod = m.child[0]
			assigned = m.child[1]
			stop = true
		}
		return !stop
	}, nil)
	return nod, assigned, ok, dir
}

func _select(n *node) {
	nbClause := len(n.child)
	chans := make([]*node, nbClause)
	assigned := make([]*node, nbClause)
	ok := make([]*node, nbClause)
	clause := make([]bltn, nbClause)
	chanValues := make([]func(*frame) reflect.Value, nbClause)
	assignedValues := make([]func(*frame) reflect.Value, nbClause)
	okValues := make([]func(*frame) reflect.Value, nbClause)
	cases := make([]reflect.SelectCase, nbClause+1)
	define := make([]bool, nbClause)
	toMap := make([]func(*frame, reflect.Value), nbClause)
	next := getExec(n.tnext)

	for i := 0; i < nbClause; i++ {
		cl := n.child[i]
		if cl.kind == commClauseDefault {
			cases[i].Dir = reflect.SelectDefault
			if len(cl.child) == 0 {
				clause[i] = func(*frame) bltn { return next }
			} else {
				clause[i] = getExec(cl.child[0].start)
			}
			continue
		}
		// The comm clause is in send or recv direction.
		switch c0 := cl.child[0]; {
		case len(cl.child) > 1 || c0.action == aAssign || c0.action == aAssignX:
			// The comm clause contains a channel operation and a clause
			// body, or a receive into variables and an empty body.
			// petridish: `case x = <-ch:` with an empty body was an
			// invalid select case.
			if len(cl.child) > 1 {
				clause[i] = getExec(cl.child[1].start)
			} else {
				clause[i] = func(*frame) bltn { return next }
			}
			define[i] = c0.kind == defineStmt || c0.kind == defineXStmt
			chans[i], assigned[i], ok[i], cases[i].Dir = clauseChanDir(c0)
			chanValues[i] = genValue(chans[i])
			// petridish: a blank `case _ = <-ch:`, `case _, ok = <-ch:`
			// receives without assigning.
			if cases[i].Dir == reflect.SelectRecv && assigned[i] != nil && assigned[i].ident == "_" {
				assigned[i] = nil
			}
			if ok[i] != nil && ok[i].ident == "_" {
				ok[i] = nil
			}
			if assigned[i] != nil {
				if cases[i].Dir == reflect.SelectSend {
					assignedValues[i] = genSendValue(chans[i], assigned[i]) // petridish
				} else {
					assignedValues[i] = genValue(assigned[i])
				}
				if cases[i].Dir == reflect.SelectRecv && isMapEntry(assigned[i]) {
					// petridish: `case m[k] = <-ch:` stored the value into
					// a copy of the entry, and lost it.
					toMap[i] = genMapStore(assigned[i])
				}
			}
			if ok[i] != nil {
				okValues[i] = genValue(ok[i])
			}
		case c0.kind == exprStmt && len(c0.child) == 1 && c0.child[0].action == aRecv:
			// The comm clause has an empty body clause after channel receive.
			chanValues[i] = genValue(c0.child[0].child[0])
			cases[i].Dir = reflect.SelectRecv
			clause[i] = func(*frame) bltn { return next }
		case c0.kind == sendStmt:
			// The comm clause as an empty body clause after channel send.
			chanValues[i] = genValue(c0.child[0])
			cases[i].Dir = reflect.SelectSend
			assignedValues[i] = genSendValue(c0.child[0], c0.child[1]) // petridish
			clause[i] = func(*frame) bltn { return next }
		}
	}

	n.exec = func(f *frame) bltn {
		// petridish: each execution has its cases: goroutines running the
		// same select (workers of one function) shared them, and each
		// could wait on the channels another set.
		cases := append([]reflect.SelectCase(nil), cases...)
		f.mutex.RLock()
		cases[nbClause] = f.doneCase()
		f.mutex.RUnlock()

		for i := range cases[:nbClause] {
			switch cases[i].Dir {
			case reflect.SelectRecv:
				cases[i].Chan = chanValues[i](f)
			case reflect.SelectSend:
				cases[i].Chan = chanValues[i](f)
				cases[i].Send = assignedValues[i](f)
			case reflect.SelectDefault:
				// Keep zero values for comm clause
			}
		}
		j, v, s := reflect.Select(cases)
		if j == nbClause {
			return nil
		}
		if cases[j].Dir == reflect.SelectRecv && (assignedValues[j] != nil || ok[j] != nil) { // petridish: or only ok
			if define[j] {
				// petridish: `case v := <-ch:` defines new variables at
				// each execution, as other definitions do (redefineFirst):
				// closures made in the case in different iterations of a
				// loop shared one v.
				renew(f, assigned[j])
				renew(f, ok[j])
			}
			switch {
			case toMap[j] != nil:
				toMap[j](f, v)
			case assignedValues[j] != nil:
				assignedValues[j](f).Set(v)
			}
			if ok[j] != nil {
				setOk(okValues[j](f), s)
			}
		}
		return clause[j]
	}
}

// slice expression: array[low:high:max].
func slice(n *node) {
	i := n.findex
	l := n.level
	next := getExec(n.tnext)
	value0 := genValueArray(n.child[0]) // array
	value1 := genValue(n.child[1])      // low (if 2 or 3 args) or high (if 1 arg)

	switch len(n.child) {
	case 2:
		n.exec = func(f *frame) bltn {
			a := value0(f)
			getFrame(f, l).data[i] = a.Slice(int(vInt(value1(f))), a.Len())
			return next
		}
	case 3:
		value2 := genValue(n.child[2]) // max

		n.exec = func(f *frame) bltn {
			a := value0(f)
			getFrame(f, l).data[i] = a.Slice(int(vInt(value1(f))), int(vInt(value2(f))))
			return next
		}
	case 4:
		value2 := genValue(n.child[2])
		value3 := genValue(n.child[3])

		n.exec = func(f *frame) bltn {
			a := value0(f)
			getFrame(f, l).data[i] = a.Slice3(int(vInt(value1(f))), int(vInt(value2(f))), int(vInt(value3(f))))
			return next
		}
	}
}

// slice expression, no low value: array[:high:max].
func slice0(n *node) {
	i := n.findex
	l := n.level
	next := getExec(n.tnext)
	value0 := genValueArray(n.child[0])

	switch len(n.child) {
	case 1:
		n.exec = func(f *frame) bltn {
			a := value0(f)
			getFrame(f, l).data[i] = a.Slice(0, a.Len())
			return next
		}
	case 2:
		value1 := genValue(n.child[1])
		n.exec = func(f *frame) bltn {
			a := value0(f)
			getFrame(f, l).data[i] = a.Slice(0, int(vInt(value1(f))))
			return next
		}
	case 3:
		value1 := genValue(n.child[1])
		value2 := genValue(n.child[2])
		n.exec = func(f *frame) bltn {
			a := value0(f)
			getFrame(f, l).data[i] = a.Slice3(0, int(vInt(value1(f))), int(vInt(value2(f))))
			return next
		}
	}
}

func isNilChild(child int) func(n *node) {
	return func(n *node) {
		var value func(*frame) reflect.Value
		child := n.child[child]
		value = genValue(child)
		typ := n.typ.concrete().TypeOf()
		isInterface := n.typ.TypeOf().Kind() == reflect.Interface
		tnext := getExec(n.tnext)
		dest := genValue(n)
		if n.fnext == nil {
			if !isInterfaceSrc(child.typ) {
				if isInterface {
					n.exec = func(f *frame) bltn {
						dest(f).Set(reflect.ValueOf(value(f).IsNil()).Convert(typ))
						return tnext
					}
					return
				}
				n.exec = func(f *frame) bltn {
					dest(f).SetBool(value(f).IsNil())
					return tnext
				}
				return
			}
			if isInterface {
				n.exec = func(f *frame) bltn {
					v := value(f)
					var r bool
					if vi, ok := v.Interface().(valueInterface); ok {
						r = (vi == valueInterface{} || vi.node.kind == basicLit && vi.node.typ.cat == nilT)
					} else {
						r = v.IsNil()
					}
					dest(f).Set(reflect.ValueOf(r).Convert(typ))
					return tnext
				}
				return
			}
			n.exec = func(f *frame) bltn {
				v := value(f)
				var r bool
				if vi, ok := v.Interface().(valueInterface); ok {
					r = (vi == valueInterface{} || vi.node.kind == basicLit && vi.node.typ.cat == nilT)
				} else {
					r = v.IsNil()
				}
				dest(f).SetBool(r)
				return tnext
			}
			return
		}

		fnext := getExec(n.fnext)

		if !isInterfaceSrc(child.typ) {
			n.exec = func(f *frame) bltn {
				if value(f).IsNil() {
					dest(f).SetBool(true)
					return tnext
				}
				dest(f).SetBool(false)
				return fnext
			}
			return
		}

		n.exec = func(f *frame) bltn {
			v := value(f)
			if vi, ok := v.Interface().(valueInterface); ok {
				if (vi == valueInterface{} || vi.node.kind == basicLit && vi.node.typ.cat == nilT) {
					dest(f).SetBool(true)
					return tnext
				}
				dest(f).SetBool(false)
				return fnext
			}
			if v.IsNil() {
				dest(f).SetBool(true)
				return tnext
			}
			dest(f).SetBool(false)
			return fnext
		}
	}
}

func isNotNil(n *node) {
	var value func(*frame) reflect.Value
	c0 := n.child[0]
	value = genValue(c0)
	typ := n.typ.concrete().TypeOf()
	isInterface := n.typ.TypeOf().Kind() == reflect.Interface
	tnext := getExec(n.tnext)
	dest := genValue(n)

	if n.fnext == nil {
		if isInterfaceSrc(c0.typ) && c0.typ.TypeOf() != valueInterfaceType {
			if isInterface {
				n.exec = func(f *frame) bltn {
					dest(f).Set(reflect.ValueOf(!value(f).IsNil()).Convert(typ))
					return tnext
				}
				return
			}
			n.exec = func(f *frame) bltn {
				dest(f).SetBool(!value(f).IsNil())
				return tnext
			}
			return
		}

		if isInterface {
			n.exec = func(f *frame) bltn {
				v := value(f)
				var r bool
				if vi, ok := v.Interface().(valueInterface); ok {
					r = (vi == valueInterface{} || vi.node.kind == basicLit && vi.node.typ.cat == nilT)
				} else {
					r = v.IsNil()
				}
				dest(f).Set(reflect.ValueOf(!r).Convert(typ))
				return tnext
			}
			return
		}
		n.exec = func(f *frame) bltn {
			v := value(f)
			var r bool
			if vi, ok := v.Interface().(valueInterface); ok {
				r = (vi == valueInterface{} || vi.node.kind == basicLit && vi.node.typ.cat == nilT)
			} else {
				r = v.IsNil()
			}
			dest(f).SetBool(!r)
			return tnext
		}
		return
	}

	fnext := getExec(n.fnext)

	if isInterfaceSrc(c0.typ) && c0.typ.TypeOf() != valueInterfaceType {
		n.exec = func(f *frame) bltn {
			if value(f).IsNil() {
				dest(f).SetBool(false)
				return fnext
			}
			dest(f).SetBool(true)
			return tnext
		}
		return
	}

	n.exec = func(f *frame) bltn {
		v := value(f)
		if vi, ok := v.Interface().(valueInterface); ok {
			if (vi == valueInterface{} || vi.node.kind == basicLit && vi.node.typ.cat == nilT) {
				dest(f).SetBool(false)
				return fnext
			}
			dest(f).SetBool(true)
			return tnext
		}
		if v.IsNil() {
			dest(f).SetBool(false)
			return fnext
		}
		dest(f).SetBool(true)
		return tnext
	}
}

func complexConst(n *node) {
	if v0, v1 := n.child[1].rval, n.child[2].rval; v0.IsValid() && v1.IsValid() {
		if c, ok := untypedComplexConst(n, v0, v1); ok {
			n.rval, n.gen = c, nop // petridish: exact
			return
		}
		n.rval = reflect.ValueOf(complex(vFloat(v0), vFloat(v1)))
		n.gen = nop
	}
}

func imagConst(n *node) {
	if v := n.child[1].rval; v.IsValid() {
		if c, ok := untypedPartConst(n, v, constant.Imag); ok {
			n.rval, n.gen = c, nop // petridish: exact
			return
		}
		n.rval = reflect.ValueOf(imag(vComplex(v))) // petridish: vComplex, for an untyped constant
		n.gen = nop
	}
}

func realConst(n *node) {
	if v := n.child[1].rval; v.IsValid() {
		if c, ok := untypedPartConst(n, v, constant.Real); ok {
			n.rval, n.gen = c, nop // petridish: exact
			return
		}
		n.rval = reflect.ValueOf(real(vComplex(v))) // petridish: vComplex, for an untyped constant
		n.gen = nop
	}
}

// isNilValue reports whether v is a nil value of a type that has nil
// (or no value at all). petridish: for case nil of an expression switch.
func isNilValue(v reflect.Value) bool {
	if !v.IsValid() {
		return true
	}
	switch v.Kind() {
	case reflect.Chan, reflect.Func, reflect.Map, reflect.Pointer, reflect.Slice, reflect.Interface, reflect.UnsafePointer:
		return v.IsNil()
	}
	return false
}
