package interp

import (
	"go/constant"
	"go/token"
	"reflect"
	"regexp"
	"strings"
)

// compareConst computes now n, a comparison of two untyped constants,
// which Go computes exactly: `chuge > chuge-1` of a chuge = 1 << 100.
// petridish: the comparison ran at execution on the operands converted
// to an int, which failed ("constant ... overflows int").
func compareConst(n *node) {
	v0, v1 := n.child[0].rval, n.child[1].rval
	if !v0.IsValid() || !v1.IsValid() || !isConstantValue(v0.Type()) || !isConstantValue(v1.Type()) {
		return
	}
	x, y := vConstantValue(v0), vConstantValue(v1)
	if x == nil || y == nil || x.Kind() == constant.Unknown || y.Kind() == constant.Unknown {
		return
	}
	var op token.Token
	switch n.action {
	case aEqual:
		op = token.EQL
	case aNotEqual:
		op = token.NEQ
	case aGreater:
		op = token.GTR
	case aGreaterEqual:
		op = token.GEQ
	case aLower:
		op = token.LSS
	case aLowerEqual:
		op = token.LEQ
	default:
		return
	}
	numeric := func(k constant.Kind) bool { return k == constant.Int || k == constant.Float || k == constant.Complex }
	if x.Kind() != y.Kind() && !(numeric(x.Kind()) && numeric(y.Kind())) {
		return
	}
	if op != token.EQL && op != token.NEQ && (x.Kind() == constant.Complex || y.Kind() == constant.Complex || x.Kind() == constant.Bool) {
		return
	}
	n.rval = reflect.ValueOf(constant.Compare(x, op, y)).Convert(n.typ.TypeOf())
}

// forgetConstTypes forgets the types of the operations in the values of
// n, a constant specification, that an earlier compilation of n gave
// them, before n is compiled again: a conversion converts its operand in
// place, so that `const s = string(iota + 'a')` compiled again added two
// runes into a string ("cannot use type untyped rune as type string",
// reported as a "constant definition loop"). petridish.
func forgetConstTypes(n *node) {
	for _, c := range n.child[n.nleft:] {
		c.Walk(func(c *node) bool {
			switch c.kind {
			case binaryExpr, unaryExpr, parenExpr:
				c.typ = nil
			case funcLit:
				return false
			}
			return true
		}, nil)
	}
}

// logicConst computes now n, a && or || of two constants in a constant
// declaration, which is a constant: petridish: `const ok = a == 1 &&
// true` was false, having no value.
func logicConst(n *node) {
	v0, v1 := n.child[0].rval, n.child[1].rval
	if !v0.IsValid() || !v1.IsValid() || v0.Kind() != reflect.Bool || v1.Kind() != reflect.Bool || !isInConstOrTypeDecl(n) {
		return
	}
	b := v0.Bool() && v1.Bool()
	if n.action == aLor {
		b = v0.Bool() || v1.Bool()
	}
	n.rval = reflect.ValueOf(b).Convert(v0.Type())
	n.findex = notInFrame
	n.gen = nop
}

// untypedComplexConst returns complex(v0, v1) of two untyped constants
// as an exact untyped constant, as Go computes it: `imag(1i +
// complex(0, 2)/3 - 5i/3)` was computed in complex128 and not 0.
// petridish.
func untypedComplexConst(n *node, v0, v1 reflect.Value) (reflect.Value, bool) {
	if n.typ == nil || !n.typ.untyped || !isConstantValue(v0.Type()) || !isConstantValue(v1.Type()) {
		return reflect.Value{}, false
	}
	re, im := constant.ToFloat(vConstantValue(v0)), constant.ToFloat(vConstantValue(v1))
	if re.Kind() != constant.Float && re.Kind() != constant.Int || im.Kind() != constant.Float && im.Kind() != constant.Int {
		return reflect.Value{}, false
	}
	c := constant.BinaryOp(re, token.ADD, constant.MakeImag(im))
	return reflect.ValueOf(&c).Elem(), true
}

// untypedPartConst returns part (constant.Real or constant.Imag) of v,
// an untyped constant, as an exact untyped constant. petridish.
func untypedPartConst(n *node, v reflect.Value, part func(constant.Value) constant.Value) (reflect.Value, bool) {
	if n.typ == nil || !n.typ.untyped || !isConstantValue(v.Type()) {
		return reflect.Value{}, false
	}
	c := vConstantValue(v)
	switch c.Kind() {
	case constant.Int, constant.Float, constant.Complex:
	default:
		return reflect.Value{}, false
	}
	c = constant.ToFloat(part(constant.ToComplex(c))) // a float, as real(1) is
	return reflect.ValueOf(&c).Elem(), true
}

// anyWord matches the name any in a type's string.
var anyWord = regexp.MustCompile(`\bany\b`)

// sameButAny reports whether t0 and t1 are the same type written with
// any in one where the other has interface{} (*any and *interface{}):
// petridish: `&x == &y` of an x any and a y interface{} was "mismatched
// types".
func sameButAny(t0, t1 *itype) bool {
	a, b := t0.id(), t1.id()
	if !strings.Contains(a, "any") && !strings.Contains(b, "any") {
		return false
	}
	return anyWord.ReplaceAllString(a, "interface{}") == anyWord.ReplaceAllString(b, "interface{}")
}

// minMaxConst computes n, a call of min or max (the generic functions
// that the Session declares, Go's builtins) of constants in a constant
// declaration, as the constant Go makes of it, and reports whether it
// did. petridish: `const m = min(1, 2.5, -3)` was 0.
func minMaxConst(n *node) bool {
	c0 := n.child[0]
	if c0.kind != identExpr || c0.ident != "min" && c0.ident != "max" || c0.typ == nil || !isGeneric(c0.typ) || len(n.child) < 2 || n.action == aCallSlice {
		return false
	}
	var (
		best  constant.Value
		typed *itype // the type of the typed constants, if any
		rank  = -1   // the highest kind of the untyped ones
		ut    *itype
	)
	for _, a := range n.child[1:] {
		if !a.rval.IsValid() || a.typ == nil {
			return false
		}
		var c constant.Value
		if isConstantValue(a.rval.Type()) {
			c = vConstantValue(a.rval)
		} else {
			switch v := a.rval; v.Kind() {
			case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
				c = constant.MakeInt64(v.Int())
			case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
				c = constant.MakeUint64(v.Uint())
			case reflect.Float32, reflect.Float64:
				c = constant.MakeFloat64(v.Float())
			case reflect.String:
				c = constant.MakeString(v.String())
			default:
				return false
			}
		}
		if c == nil || c.Kind() == constant.Unknown || c.Kind() == constant.Bool || c.Kind() == constant.Complex {
			return false
		}
		switch {
		case !a.typ.untyped:
			typed = a.typ
		case untypedRank(a.typ) > rank:
			rank = untypedRank(a.typ)
		}
		if best != nil && (best.Kind() == constant.String) != (c.Kind() == constant.String) {
			return false
		}
		op := token.LSS
		if c0.ident == "max" {
			op = token.GTR
		}
		if best == nil || constant.Compare(c, op, best) {
			best = c
		}
	}
	if typed != nil {
		v, err := constantValueOf(best, typed.TypeOf())
		if err != nil {
			return false
		}
		n.rval, n.typ = v, typed
	} else {
		switch {
		case best.Kind() == constant.String:
			ut = untypedString(n)
		case rank >= 2:
			best, ut = constant.ToFloat(best), untypedFloat(n)
		case rank == 1:
			ut = untypedRune(n)
		default:
			ut = untypedInt(n)
		}
		n.rval, n.typ = reflect.ValueOf(&best).Elem(), ut
	}
	n.gen = nop
	n.findex = notInFrame
	n.action = aNop // a constant, no call whose results its caller reads
	return true
}

// notConstant returns Go's error for src, the value of a constant
// declaration, when it is a call that gives no constant (`const x =
// f()`, `const s = strings.ToUpper("a")`); nil otherwise. petridish: the
// constant was the zero value.
func notConstant(src *node) error {
	c := src
	for c.kind == parenExpr && len(c.child) == 1 {
		c = c.child[0]
	}
	if c.kind != callExpr || c.rval.IsValid() || src.rval.IsValid() || len(c.child) == 0 {
		return nil
	}
	call := "call"
	if name := callName(c.child[0]); name != "" {
		call = name + "()"
		if len(c.child) > 1 {
			call = name + "(...)"
		}
	}
	if c.typ == nil {
		return src.cfgErrorf("%s is not constant", call)
	}
	return src.cfgErrorf("%s (value of type %s) is not constant", call, goTypeName(c.typ))
}

// typedConstOverflow returns Go's error for n, an operation of typed
// integer constants, when its exact value does not fit its type (`b + 1`
// of a `const b byte = 255`, `uint8(200) << 1`); nil otherwise.
// petridish: the operation wrapped around silently.
func typedConstOverflow(n *node) error {
	if n.typ == nil || n.typ.untyped || !n.rval.IsValid() {
		return nil
	}
	rt := n.typ.TypeOf()
	if rt == nil || !isInt(rt) || n.child[0].typ == nil || n.child[1].typ == nil || n.child[0].typ.untyped && n.child[1].typ.untyped {
		return nil // untyped operands: the assignment checks the result
	}
	exact := func(v reflect.Value) constant.Value {
		switch {
		case isConstantValue(v.Type()):
			return vConstantValue(v)
		case isInt(v.Type()) && v.Kind() >= reflect.Int && v.Kind() <= reflect.Int64:
			return constant.MakeInt64(v.Int())
		case isInt(v.Type()):
			return constant.MakeUint64(v.Uint())
		}
		return nil
	}
	x, y := exact(n.child[0].rval), exact(n.child[1].rval)
	if x == nil || y == nil || x.Kind() != constant.Int || y.Kind() != constant.Int {
		return nil
	}
	var r constant.Value
	switch n.action {
	case aAdd:
		r = constant.BinaryOp(x, token.ADD, y)
	case aSub:
		r = constant.BinaryOp(x, token.SUB, y)
	case aMul:
		r = constant.BinaryOp(x, token.MUL, y)
	case aQuo:
		if constant.Sign(y) == 0 {
			return nil
		}
		r = constant.BinaryOp(x, token.QUO_ASSIGN, y)
	case aShl:
		s, ok := constant.Uint64Val(y)
		if !ok || s > 1<<16 {
			return nil
		}
		r = constant.Shift(x, token.SHL, uint(s))
	default:
		return nil
	}
	if representableConst(r, rt) {
		return nil
	}
	name := goTypeName(n.typ)
	if expr := constantExprString(n); expr != "" {
		return n.cfgErrorf("%s (constant %s of type %s) overflows %s", expr, r.ExactString(), name, name)
	}
	return n.cfgErrorf("constant %s of type %s overflows %s", r.ExactString(), name, name)
}
