package interp

import (
	"fmt"
	"reflect"
	"strings"
	"sync/atomic"
)

// adot produces an AST dot(1) directed acyclic graph for the given node. For debugging only.
// func (n *node) adot() { n.astDot(dotWriter(n.interp.dotCmd), n.ident) }

// genAST returns a new AST where generic types are replaced by instantiated types.
func genAST(sc *scope, root *node, types []*itype) (*node, bool, error) {
	return genAST2(sc, root, types, true)
}

// genAST2 is genAST; with cache false, a new instance is not kept in
// interp.generic (petridish: the global analysis reads an instance's
// type, and cfg must still compile the instance it makes).
func genAST2(sc *scope, root *node, types []*itype, cache bool) (*node, bool, error) {
	typeParam := map[string]*node{}
	pindex := 0
	tname := ""
	rtname := ""
	recvrPtr := false
	fixNodes := []*node{}
	var gtree func(*node, *node) (*node, error)
	sname := root.child[0].ident + "["
	if root.kind == funcDecl {
		// petridish: a function's instances are cached per declaration,
		// not per name: a generic function declared again kept the old
		// one's instances, and two of the same name in different
		// packages (a cell's Keys and maps.Keys) took each other's.
		sname = fmt.Sprintf("%p.%s[", root, root.child[1].ident)
	}

	// Input type parameters must be resolved prior AST generation, as compilation
	// of generated AST may occur in a different scope.
	for _, t := range types {
		sname += t.id() + ","
	}
	sname = strings.TrimSuffix(sname, ",") + "]"

	gtree = func(n, anc *node) (*node, error) {
		nod := copyNode(n, anc, false)
		switch n.kind {
		case funcDecl, funcType:
			nod.val = nod

		case identExpr:
			// Replace generic type by instantiated one.
			nt, ok := typeParam[n.ident]
			if !ok {
				break
			}
			nod = copyNode(nt, anc, true)
			nod.typ = nt.typ

		case indexExpr:
			// Catch a possible recursive generic type definition
			if root.kind != typeSpec {
				break
			}
			if root.child[0].ident != n.child[0].ident {
				break
			}
			nod := copyNode(n.child[0], anc, false)
			fixNodes = append(fixNodes, nod)
			return nod, nil

		case fieldList:
			//  Node is the type parameters list of a generic function.
			if root.kind == funcDecl && n.anc == root.child[2] && childPos(n) == 0 {
				// Fill the types lookup table used for type substitution.
				for _, c := range n.child {
					l := len(c.child) - 1
					for _, cc := range c.child[:l] {
						if pindex >= len(types) {
							return nil, cc.cfgErrorf("undefined type for %s", cc.ident)
						}
						t, err := nodeType(c.interp, sc, c.child[l])
						if err != nil {
							return nil, err
						}
						if err := checkConstraint(types[pindex], t); err != nil {
							return nil, err
						}
						typeParam[cc.ident] = copyNode(cc, cc.anc, false)
						typeParam[cc.ident].ident = types[pindex].id()
						typeParam[cc.ident].typ = types[pindex]
						pindex++
					}
				}
				// Skip type parameters specification, so generated func doesn't look generic.
				return nod, nil
			}

			// Node is the receiver of a generic method.
			if root.kind == funcDecl && n.anc == root && childPos(n) == 0 && len(n.child) > 0 {
				rtn := n.child[0].child[1]
				// Method receiver is a generic type if it takes some type parameters.
				if rtn.kind == indexExpr || rtn.kind == indexListExpr || (rtn.kind == starExpr && (rtn.child[0].kind == indexExpr || rtn.child[0].kind == indexListExpr)) {
					if rtn.kind == starExpr {
						// Method receiver is a pointer on a generic type.
						rtn = rtn.child[0]
						recvrPtr = true
					}
					rtname = rtn.child[0].ident + "["
					for _, cc := range rtn.child[1:] {
						if pindex >= len(types) {
							return nil, cc.cfgErrorf("undefined type for %s", cc.ident)
						}
						it := types[pindex]
						typeParam[cc.ident] = copyNode(cc, cc.anc, false)
						typeParam[cc.ident].ident = it.id()
						typeParam[cc.ident].typ = it
						rtname += it.id() + ","
						pindex++
					}
					rtname = strings.TrimSuffix(rtname, ",") + "]"
				}
			}

			// Node is the type parameters list of a generic type.
			if root.kind == typeSpec && n.anc == root && childPos(n) == 1 {
				// Fill the types lookup table used for type substitution.
				tname = n.anc.child[0].ident + "["
				for _, c := range n.child {
					l := len(c.child) - 1
					for _, cc := range c.child[:l] {
						if pindex >= len(types) {
							return nil, cc.cfgErrorf("undefined type for %s", cc.ident)
						}
						it := types[pindex]
						t, err := nodeType(c.interp, sc, c.child[l])
						if err != nil {
							return nil, err
						}
						if err := checkConstraint(types[pindex], t); err != nil {
							return nil, err
						}
						typeParam[cc.ident] = copyNode(cc, cc.anc, false)
						typeParam[cc.ident].ident = it.id()
						typeParam[cc.ident].typ = it
						tname += it.id() + ","
						pindex++
					}
				}
				tname = strings.TrimSuffix(tname, ",") + "]"
				return nod, nil
			}
		}

		for _, c := range n.child {
			gn, err := gtree(c, nod)
			if err != nil {
				return nil, err
			}
			nod.child = append(nod.child, gn)
		}
		return nod, nil
	}

	if nod, found := root.interp.generic[sname]; found {
		return nod, true, nil
	}

	r, err := gtree(root, root.anc)
	if err != nil {
		return nil, false, err
	}
	if cache {
		root.interp.generic[sname] = r
	}
	r.param = append(r.param, types...)
	if tname != "" {
		for _, nod := range fixNodes {
			nod.ident = tname
		}
		r.child[0].ident = tname
	}
	if rtname != "" {
		// Replace method receiver type by synthetized ident.
		nod := r.child[0].child[0].child[1]
		if recvrPtr {
			nod = nod.child[0]
		}
		nod.kind = identExpr
		nod.ident = rtname
		nod.child = nil
	}
	// r.adot() // Used for debugging only.
	return r, false, nil
}

// genericCallType returns the function type of the instance of a generic
// function that call calls, with its type arguments written out
// (Two[int](1)) or inferred from the types of the call's arguments
// (Two(1)), as cfg's callExpr infers them; nil when the call is not of a
// generic function declared in the interpreter (petridish). The global
// analysis took the generic function's own result types: a top-level
// `a, err := Two(1)` failed ("nil reflect type"), `sm :=
// NewSM[string, int]()` panicked. The instance is not compiled or
// cached here; cfg makes it.
func genericCallType(interp *Interpreter, sc *scope, call *node) (*itype, error) {
	if call.kind != callExpr || len(call.child) == 0 {
		return nil, nil
	}
	c0 := call.child[0]
	fn, targs := c0, []*node(nil)
	if c0.kind == indexExpr || c0.kind == indexListExpr {
		fn, targs = c0.child[0], c0.child[1:]
	}
	if fn.kind != identExpr && fn.kind != selectorExpr {
		return nil, nil
	}
	ft, err := nodeType(interp, sc, fn)
	if err != nil || ft == nil || !isGeneric(ft) {
		return nil, nil
	}
	fun := ft.node.anc
	if fun == nil || fun.kind != funcDecl || fun.typ == nil || fun.typ.node == nil {
		return nil, nil
	}
	var types []*itype
	for _, c := range targs {
		t, err := nodeType(interp, sc, c)
		if err != nil {
			return nil, err
		}
		if t == nil || t.incomplete {
			return nil, nil
		}
		types = append(types, t)
	}
	if targs == nil {
		args := call.child[1:]
		if len(args) < len(fun.typ.node.child[1].child) {
			return nil, nil // inferTypesFromCall reads one argument a parameter field
		}
		inferred, ok, err := inferRestFromCall(interp, sc, fun, args, nil)
		if err != nil || !ok {
			return nil, err
		}
		types = inferred
	}
	gsc := sc
	if fun.scope != nil {
		gsc = fun.scope
	}
	g, _, err := genAST2(gsc, fun, types, false)
	if err != nil {
		return nil, err
	}
	if g.typ != nil && !g.typ.incomplete {
		return g.typ, nil
	}
	return nodeType(interp, gsc, g.child[2])
}

// instanceType returns the function type of g, an instance of a generic
// function (petridish): cfg sets it, but an instance found while it is
// still being compiled has none yet. `func NewBox[T any](v T) Box[T]`,
// whose result type's method Clone calls NewBox[T], made Clone's call see
// a nil type while NewBox[int]'s result type was made (a panic in cfg).
func instanceType(interp *Interpreter, sc *scope, g *node) (*itype, error) {
	if g.typ != nil {
		return g.typ, nil
	}
	t, err := nodeType(interp, sc, g.child[2])
	if err != nil {
		return nil, err
	}
	g.typ = t
	return t, nil
}

func copyNode(n, anc *node, recursive bool) *node {
	var i interface{}
	nindex := atomic.AddInt64(&n.interp.nindex, 1)
	nod := &node{
		debug:  n.debug,
		anc:    anc,
		interp: n.interp,
		index:  nindex,
		level:  n.level,
		nleft:  n.nleft,
		nright: n.nright,
		kind:   n.kind,
		pos:    n.pos,
		action: n.action,
		gen:    n.gen,
		val:    &i,
		rval:   n.rval,
		ident:  n.ident,
		meta:   n.meta,
	}
	nod.start = nod
	if recursive {
		for _, c := range n.child {
			nod.child = append(nod.child, copyNode(c, nod, true))
		}
	}
	return nod
}

func inferTypesFromCall(sc *scope, fun *node, args []*node) ([]*itype, error) {
	return inferTypeArgs(sc, fun, args, nil)
}

// inferRestFromCall returns the type arguments of a call of generic
// function fun whose first type arguments, explicit, are written (none,
// or some): the others are inferred from args, whose types are computed
// from their syntax (they may not be compiled yet). ok is false when the
// type of an argument is not known yet. petridish.
func inferRestFromCall(interp *Interpreter, sc *scope, fun *node, args []*node, explicit []*itype) (types []*itype, ok bool, err error) {
	if fun == nil || fun.kind != funcDecl || fun.typ == nil || fun.typ.node == nil {
		return explicit, false, nil
	}
	typed := make([]*node, len(args))
	for i, a := range args {
		t, err := nodeType(interp, sc, a)
		if err != nil || t == nil || t.incomplete {
			return explicit, false, err
		}
		typed[i] = &node{typ: t, interp: interp}
	}
	types, err = inferTypeArgs(sc, fun, typed, explicit)
	return types, err == nil, err
}

// inferTypeArgs is inferTypesFromCall with the first type parameters
// bound to explicit.
func inferTypeArgs(sc *scope, fun *node, args []*node, explicit []*itype) ([]*itype, error) {
	ftn := fun.typ.node
	// Fill the map of parameter types, indexed by type param ident.
	paramTypes := map[string]*itype{}
	var order []string // petridish: the type parameters, in order
	for _, c := range ftn.child[0].child {
		typ, err := nodeType(fun.interp, sc, c.lastChild())
		if err != nil {
			return nil, err
		}
		for _, cc := range c.child[:len(c.child)-1] {
			paramTypes[cc.ident] = typ
			order = append(order, cc.ident)
		}
	}

	// petridish: each type parameter is bound by name, as Go infers it:
	// yaegi listed the types found in the order of the parameters that
	// use them and gave them to the type parameters in order, so
	// `func Pair[K, V any](v V, k K)` swapped them. Arguments of a
	// variadic parameter tell its element type (`Sum(xs ...T)` failed:
	// "undefined type for T"); untyped constants give their default type,
	// after the typed arguments; and a type parameter whose constraint has
	// a core type (`M ~map[K]V`, `S ~[]E`) tells the type parameters of
	// its core type (`Keys(m)` failed: "undefined type for K").
	bound := map[string]*itype{}
	for i, t := range explicit {
		if i < len(order) {
			bound[order[i]] = t
		}
	}
	var untyped []struct {
		name string
		typ  *itype
	}
	var inferTypes func(*itype, *itype)
	inferTypes = func(param, input *itype) {
		if input == nil || param == nil {
			return // petridish: no element type to infer from
		}
		switch param.cat {
		case arrayT, chanT, chanRecvT, chanSendT, ptrT, sliceT, variadicT, mapT, structT, funcT:
			// petridish: a value of compiled code (strings.Fields,
			// os.ReadFile, http.Header) has a type known only by its
			// reflect.Type, whose element types yaegi did not see:
			// slices.Sort(strings.Fields(s)) panicked (nil pointer).
			input = composedType(fun.interp, input)
			for input.cat == linkedT && input.val != nil && param.cat != linkedT {
				input = input.val // a named type's underlying type
			}
		}
		switch param.cat {
		case arrayT, chanT, chanRecvT, chanSendT, ptrT, sliceT, variadicT: // petridish: and arrays, directed channels
			inferTypes(param.val, input.val)

		case mapT:
			inferTypes(param.key, input.key)
			inferTypes(param.val, input.val)

		case structT:
			for i, f := range param.field {
				if i >= len(input.field) {
					break // petridish: not a struct (a valueT): nothing to infer
				}
				inferTypes(f.typ, input.field[i].typ)
			}

		case funcT:
			for i, t := range param.arg {
				if i < len(input.arg) {
					inferTypes(t, input.arg[i])
				}
			}
			for i, t := range param.ret {
				if i < len(input.ret) {
					inferTypes(t, input.ret[i])
				}
			}

		case nilT, genericT:
			name := param.name
			if _, ok := paramTypes[name]; !ok {
				return
			}
			switch {
			case input.untyped:
				untyped = append(untyped, struct {
					name string
					typ  *itype
				}{name, input})
			case bound[name] == nil:
				bound[name] = input
			}
		}
	}

	argi := 0
	for _, c := range ftn.child[1].child {
		typ, err := nodeType(fun.interp, sc, c.lastChild())
		if err != nil {
			return nil, err
		}
		for range max(len(c.child)-1, 1) {
			if typ.cat == variadicT {
				for ; argi < len(args); argi++ {
					if args[argi].typ != nil && args[argi].typ.cat == variadicT {
						inferTypes(typ, args[argi].typ) // a spread slice: f(xs...)
						continue
					}
					inferTypes(typ.val, args[argi].typ)
				}
				break
			}
			if argi < len(args) {
				inferTypes(typ, args[argi].typ)
			}
			argi++
		}
	}
	// Core types, until they tell nothing new.
	coreTypes := func() {
		for changed := true; changed; {
			changed = false
			for _, name := range order {
				core := coreType(paramTypes[name])
				if core == nil || bound[name] == nil {
					continue
				}
				n := len(bound)
				inferTypes(core, bound[name])
				changed = changed || len(bound) > n
			}
		}
	}
	coreTypes()
	// Untyped constants: the default type of the largest kind, for the
	// type parameters neither typed arguments nor core types told.
	for _, u := range untyped {
		if b := bound[u.name]; b == nil || b.untyped && untypedRank(u.typ) > untypedRank(b) {
			bound[u.name] = u.typ
		}
	}
	for name, t := range bound {
		if t.untyped {
			bound[name] = untypedDefault(t, sc)
		}
	}
	coreTypes()

	types := []*itype{}
	for _, name := range order {
		t := bound[name]
		if t == nil {
			break // genAST says which type is undefined
		}
		types = append(types, t)
	}
	return types, nil
}

// untypedRank orders the kinds of untyped constants as Go picks the
// default type of several: int, rune, float, complex. petridish.
func untypedRank(t *itype) int {
	switch t.cat {
	case int32T:
		return 1
	case float64T, float32T:
		return 2
	case complex128T, complex64T:
		return 3
	}
	return 0
}

// untypedDefault returns the default type of untyped constant type t:
// bool, string, int, rune (int32), float64 or complex128; t itself
// without a scope to look them up in. Unlike t.defaultType, it does not
// change t (whose default case made an untyped rune typed in place, its
// name still "untyped rune"). petridish.
func untypedDefault(t *itype, sc *scope) *itype {
	name := map[tcat]string{boolT: "bool", stringT: "string", intT: "int", int32T: "int32", float64T: "float64", complex128T: "complex128"}[t.cat]
	if name == "" || sc == nil {
		return t
	}
	if d := sc.getType(name); d != nil {
		return d
	}
	return t
}

// coreType returns the one composite type of a type parameter's
// constraint c (`~map[K]V`, `interface{ ~[]E }`, `[]E`), or nil.
// petridish.
func coreType(c *itype) *itype {
	if c == nil {
		return nil
	}
	t := c
	switch c.cat {
	case interfaceT, constraintT:
		terms := c.ulconstraint
		if len(terms) == 0 {
			terms = c.constraint
		}
		if len(terms) != 1 {
			return nil
		}
		t = terms[0]
	}
	switch t.cat {
	case mapT, sliceT, arrayT, ptrT, chanT, chanSendT, chanRecvT, funcT:
		return t
	}
	return nil
}

// composedType returns t, or for a valueT of a composite kind, the
// composite type of the itypes of its elements, as inferTypesFromCall
// needs them (petridish). A wrapper valueT gives the type it wraps. An
// element of a predeclared type gets yaegi's own type (string, not a
// valueT of string), so that it infers what an interpreted value does.
func composedType(interp *Interpreter, t *itype) *itype {
	if t == nil || t.cat != valueT {
		return t
	}
	if t.val != nil {
		return t.val
	}
	rt := t.rtype
	if rt == nil {
		return t
	}
	elem := func(rt reflect.Type) *itype {
		if rt.PkgPath() == "" {
			name := rt.Name()
			if rt.Kind() == reflect.Interface && name == "" && rt.NumMethod() == 0 {
				name = "interface{}"
			}
			if sym := interp.universe.sym[name]; name != "" && sym != nil && sym.kind == typeSym && sym.typ != nil {
				return sym.typ
			}
		}
		return valueTOf(rt)
	}
	switch rt.Kind() {
	case reflect.Slice:
		return sliceOf(elem(rt.Elem()))
	case reflect.Array:
		return arrayOf(elem(rt.Elem()), rt.Len())
	case reflect.Map:
		return mapOf(elem(rt.Key()), elem(rt.Elem()))
	case reflect.Ptr:
		return ptrOf(elem(rt.Elem()))
	case reflect.Chan:
		dir := chanSendRecv
		switch rt.ChanDir() {
		case reflect.SendDir:
			dir = chanSend
		case reflect.RecvDir:
			dir = chanRecv
		}
		return chanOf(elem(rt.Elem()), dir)
	case reflect.Func:
		args := make([]*itype, rt.NumIn())
		for i := range args {
			args[i] = elem(rt.In(i))
		}
		ret := make([]*itype, rt.NumOut())
		for i := range ret {
			ret[i] = elem(rt.Out(i))
		}
		return funcOf(args, ret)
	}
	return t
}

func checkConstraint(it, ct *itype) error {
	if len(ct.constraint) == 0 && len(ct.ulconstraint) == 0 {
		return nil
	}
	for _, c := range ct.constraint {
		if it.equals(c) || it.matchDefault(c) {
			return nil
		}
	}
	for _, c := range ct.ulconstraint {
		if it.underlying().equals(c) || it.matchDefault(c) {
			return nil
		}
	}
	return it.node.cfgErrorf("%s does not implement %s", it.id(), ct.id())
}
