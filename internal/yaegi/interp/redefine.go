package interp

// petridish: this file is not yaegi's: calls of a package-level function
// by name reach its current definition.
//
// yaegi binds a call to the declaration its callee named when the caller
// was compiled, and a later evaluation that declares the function again
// makes a new symbol, so a function literal of an earlier evaluation
// (kept in a variable, a field, a map, a running goroutine, or given to
// compiled code) went on calling the old body. The declarations of a
// function share a funcRef, which holds the one executed last; a call by
// name follows it, and panics (redefinedMessage) when the new
// definition does not take the arguments and give the results the call
// was compiled for.

import (
	"fmt"
	"strings"
	"sync/atomic"
)

// funcRef is the current definition of a package-level function: the
// declaration node of the latest program executed that declares it
// (publishFuncs), nil until one is.
type funcRef struct {
	def atomic.Pointer[node]
}

// refOf returns the funcRef for a declaration of function name in scope
// sc: the one of the function it declares again, or a new one.
func refOf(sc *scope, name string) *funcRef {
	if old := sc.sym[name]; old != nil && old.kind == funcSym && old.ref != nil {
		return old.ref
	}
	return &funcRef{}
}

// publishFuncs makes the functions that the top level of root declares
// the current definitions of their names, once their code is generated.
func publishFuncs(root *node) {
	if root == nil {
		return
	}
	for _, c := range root.child {
		if c.kind != funcDecl || isMethod(c) || c.scope == nil || c.scope.anc == nil {
			continue
		}
		if sym := c.scope.anc.sym[c.child[1].ident]; sym != nil && sym.node == c && sym.ref != nil {
			warmTypes(c.typ)
			sym.ref.def.Store(c)
		}
	}
}

// warmTypes computes the reflect types of function type t and of its
// parameters and results, which sameCall compares, now: TypeOf computes
// one when first asked, and sameCall runs in the goroutines of calls.
func warmTypes(t *itype) {
	if t == nil || t.cat != funcT {
		return
	}
	t.TypeOf()
	for _, a := range t.arg {
		a.TypeOf()
	}
	for _, r := range t.ret {
		r.TypeOf()
	}
}

// calleeRef returns the funcRef a call follows, for a callee c0 that is
// the name of a package-level interpreted function, or nil.
func calleeRef(c0 *node) *funcRef {
	if c0.kind != identExpr || c0.sym == nil || c0.sym.kind != funcSym || c0.sym.ref == nil {
		return nil
	}
	def, ok := c0.val.(*node)
	if !ok || def.kind != funcDecl || isGeneric(def.typ) {
		return nil
	}
	warmTypes(def.typ)
	return c0.sym.ref
}

// fitCallee returns cur, the current definition of the function that c0
// names, for a call compiled for another definition, def; fits caches
// the last definition found to fit the call. It panics
// (redefinedMessage) when cur does not fit.
func fitCallee(cur, def *node, fits *atomic.Pointer[node], c0 *node) *node {
	if cur == fits.Load() {
		return cur
	}
	if !sameCall(def.typ, cur.typ) {
		panic(redefinedMessage(c0.ident, def.typ, cur.typ))
	}
	fits.Store(cur)
	return cur
}

// currentCallee returns the definition that a call of c0 compiled for
// def runs: the current one when it fits (fitCallee).
func currentCallee(ref *funcRef, def *node, fits *atomic.Pointer[node], c0 *node) *node {
	if cur := ref.def.Load(); cur != nil && cur != def {
		return fitCallee(cur, def, fits, c0)
	}
	return def
}

// sameCall reports whether a call compiled for a function of type was
// can call one of type now: the same parameters and results, with the
// same representation.
func sameCall(was, now *itype) bool {
	if was == now {
		return true
	}
	if was == nil || now == nil || was.cat != funcT || now.cat != funcT ||
		len(was.arg) != len(now.arg) || len(was.ret) != len(now.ret) {
		return false
	}
	same := func(a, b *itype) bool {
		return a.id() == b.id() && a.TypeOf() == b.TypeOf() &&
			isInterfaceSrc(a) == isInterfaceSrc(b) && isFuncSrc(a) == isFuncSrc(b)
	}
	for i := range was.arg {
		if !same(was.arg[i], now.arg[i]) {
			return false
		}
	}
	for i := range was.ret {
		if !same(was.ret[i], now.ret[i]) {
			return false
		}
	}
	return was.TypeOf() == now.TypeOf() // and the same variadic parameter
}

// redefinedMessage is the panic of a call of function name, compiled
// for a definition of type was, of a later one of type now that does not
// fit it; a string, as the panic of a function that the Session defines
// again because it no longer compiles.
func redefinedMessage(name string, was, now *itype) string {
	if sn, sw := signature(now), signature(was); sn != sw {
		return fmt.Sprintf("%s was redefined as %s, but this call was compiled for %s: define the caller again to fit",
			name, sn, sw)
	}
	// The same names, other types: a type of the signature was declared
	// again with another definition (ForgetType).
	return fmt.Sprintf("%s was compiled again for a type of its signature %s that a later cell declared again, but this call was compiled for the old type: define the caller again to fit",
		name, signature(now))
}

// signature writes function type t as Go does, without the package name
// of the cells' types.
func signature(t *itype) string {
	list := func(ts []*itype) string {
		ids := make([]string, len(ts))
		for i, t := range ts {
			ids[i] = strings.ReplaceAll(t.id(), mainID+".", "")
		}
		return strings.Join(ids, ", ")
	}
	s := "func(" + list(t.arg) + ")"
	switch len(t.ret) {
	case 0:
	case 1:
		s += " " + list(t.ret)
	default:
		s += " (" + list(t.ret) + ")"
	}
	return s
}
