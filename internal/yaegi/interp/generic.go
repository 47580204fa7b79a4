package interp

import (
	"fmt"
	"reflect"
	"sort"
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
		// petridish: and per definition of the types: after ForgetType,
		// Fold[main.Sample] of a Sample declared again is another
		// instance; the old one took and returned the old Sample
		// ("reflect.Set: value of type []struct { X float64 } is not
		// assignable to type []struct { X float64; W float64 }").
		if root.interp != nil {
			if g := root.interp.typeGen.Load(); g > 0 {
				sname = fmt.Sprintf("%p.%s#%d[", root, root.child[1].ident, g)
			}
		}
	}

	// petridish: constraints are read in the scope of the declaration,
	// which names the imports of its own package (`constraints.Ordered`
	// of a function of an imported package crashed the compiler when
	// read in the caller's scope).
	csc := sc
	if root.scope != nil {
		csc = root.scope
	}

	// Input type parameters must be resolved prior AST generation, as compilation
	// of generated AST may occur in a different scope.
	for _, t := range types {
		sname += t.id() + ","
	}
	sname = strings.TrimSuffix(sname, ",") + "]"
	if root.kind == typeSpec || root.kind == typeSpecAssign {
		// petridish: the instances of a generic type declared in a
		// function are cached per declaration: two functions' own
		// `type Box[T any]` took each other's.
		for a := root.anc; a != nil; a = a.anc {
			if a.kind == funcDecl || a.kind == funcLit {
				sname = fmt.Sprintf("%p.", root) + sname
				break
			}
		}
	}

	gtree = func(n, anc *node) (*node, error) {
		nod := copyNode(n, anc, false)
		switch n.kind {
		case funcDecl, funcType:
			nod.val = nod

		case identExpr:
			// Replace generic type by instantiated one.
			nt, ok := typeParam[n.ident]
			if !ok || namesField(n) {
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
						t, err := nodeType(c.interp, csc, c.child[l])
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
				rtn := n.child[0].lastChild() // petridish: an unnamed receiver, `func (Node[V]) M()`, has no child[1]
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
			// petridish: or of a generic alias (typeSpecAssign).
			if (root.kind == typeSpec || root.kind == typeSpecAssign) && n.anc == root && childPos(n) == 1 {
				// Fill the types lookup table used for type substitution.
				tname = n.anc.child[0].ident + "["
				for _, c := range n.child {
					l := len(c.child) - 1
					for _, cc := range c.child[:l] {
						if pindex >= len(types) {
							return nil, cc.cfgErrorf("undefined type for %s", cc.ident)
						}
						it := types[pindex]
						t, err := nodeType(c.interp, csc, c.child[l])
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
		nod := r.child[0].child[0].lastChild() // petridish: as above
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

// typeArgs returns the types of the type arguments args of a call
// (`F[int, Pair[int, string]](...)`), from their nodes' types or, where
// cfg gave none (an instance of a generic type: a nil type made genAST
// panic), from their syntax. petridish.
func typeArgs(interp *Interpreter, sc *scope, args []*node) ([]*itype, error) {
	types := make([]*itype, len(args))
	for i, c := range args {
		types[i] = c.typ
		if types[i] == nil {
			t, err := nodeType(interp, sc, c)
			if err != nil {
				return nil, err
			}
			types[i] = t
		}
	}
	return types, nil
}

// genMethodOfInstances makes method n, just declared on generic type g,
// a method of g's instances made before it (petridish). yaegi did it for
// the instances genType listed in g.instance and value receivers only:
// after a cell made `&Tensor[float32]{}` (a composite literal, whose
// instance is not listed), a later cell's `func (t *Tensor[T]) Scale(a
// T)` was missing on it ("undefined field or method: Scale"), while a new
// instance had it. An instance's types are found under its name in the
// scopes, as instanceArgs finds its type arguments; one method is made
// for each instance and added to all its types.
func genMethodOfInstances(interp *Interpreter, sc *scope, g *itype, n *node) error {
	if g == nil || g.cat != genericT || n.typ == nil {
		return nil
	}
	prefix := g.name + "["
	var names []string
	for name, r := range interp.generic {
		if strings.HasPrefix(name, prefix) && r.kind == typeSpec && len(r.param) > 0 {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	insts := append([]*itype(nil), g.instance...)
	for _, name := range names {
		for _, s := range []*scope{sc, g.scope} {
			if s == nil {
				continue
			}
			if sym, _, ok := s.lookup(name); ok && sym.kind == typeSym && sym.typ != nil {
				insts = append(insts, sym.typ)
			}
		}
	}
	done := map[*itype]bool{}
	made := map[string]*node{} // an instance's name -> its method
	for _, it := range insts {
		if done[it] {
			continue
		}
		done[it] = true
		// petridish: an instance's method made from another declaration
		// of the same name is one that n, declared again, replaces.
		if m, _ := it.lookupMethod(n.ident); m != nil {
			if o := interp.methodOrigin[m]; o == nil || o == n {
				continue
			}
		}
		args := instanceArgs(interp, g, it)
		if args == nil {
			continue
		}
		key := ""
		for _, a := range args {
			key += a.id() + ","
		}
		gm := made[key]
		if gm == nil {
			var found bool
			var err error
			if gm, found, err = genAST(sc, n, args); err != nil {
				return err
			}
			made[key] = gm
			if !found {
				if gm.typ, err = nodeType(interp, sc, gm.child[2]); err != nil {
					return err
				}
				scop := n.typ.scope
				if scop == nil {
					scop = sc
				}
				if _, err = interp.cfg(gm, scop, scop.pkgID, scop.pkgName); err != nil {
					return err
				}
				if err = genRun(gm); err != nil {
					return err
				}
			}
		}
		it.addMethod(gm)
		interp.methodOrigin[gm] = n
		if rtn := gm.child[0].child[0].lastChild(); rtn != nil && rtn.kind == starExpr {
			pt := ptrOf(it, withNode(it.node), withScope(sc))
			pt.addMethod(gm)
			rtn.typ = pt
		}
	}
	return nil
}

// namesField reports whether identifier n names a field or method, not
// a type: `b.V`, a field `V V` of a struct, a key `V: v` of a struct
// literal. genAST replaced those named as a type parameter too, so
// `b.V` in a function with a type parameter V was "undefined field or
// method: float64", and `Pair[V, K]{K: p.V}` failed. petridish.
func namesField(n *node) bool {
	a := n.anc
	if a == nil {
		return false
	}
	switch a.kind {
	case selectorExpr:
		return childPos(n) == 1
	case fieldExpr:
		l := len(a.child)
		if l > 1 && a.lastChild().kind == basicLit {
			l-- // petridish: a tag follows the type, which is not a field name
		}
		return l > 1 && childPos(n) < l-1
	case keyValueExpr:
		return childPos(n) == 0 && a.anc != nil && a.anc.kind == compositeLitExpr
	}
	return false
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
	// petridish: and the type arguments not written (`Build[Cfg]("x")`
	// of `Build[T any, PT interface{ *T; Set(string) }]`).
	nparams := 0
	for _, f := range fun.typ.node.child[0].child {
		nparams += len(f.child) - 1
	}
	if targs == nil || len(types) < nparams {
		args := call.child[1:]
		if targs == nil && len(args) < len(fun.typ.node.child[1].child) {
			return nil, nil // inferTypesFromCall reads one argument a parameter field
		}
		inferred, ok, err := inferRestFromCall(interp, sc, fun, args, types)
		if err != nil || !ok {
			return nil, err
		}
		types = inferred
	}
	return instanceFuncType(interp, sc, fun, types)
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
//
// petridish: rets, the result types of the function type that the
// generic function is assigned or given to (instantiateFor), tell the
// type parameters of its results.
func inferTypeArgs(sc *scope, fun *node, args []*node, explicit []*itype, rets ...*itype) ([]*itype, error) {
	ftn := fun.typ.node
	// Fill the map of parameter types, indexed by type param ident.
	paramTypes := map[string]*itype{}
	var order []string // petridish: the type parameters, in order
	constraintNode := map[string]*node{}
	// petridish: the signature is read in a scope of its own where the
	// type parameters are declared, as when the function was declared:
	// they are no longer left in the package scope (type.go), where a
	// later `type R int` made `R` of `func h[R any](x R)` that type. And
	// that scope is in the package the function was declared in, not the
	// caller's: the constraint `constraints.Ordered` of a function of an
	// imported package names an import of that package (it was unknown
	// at the call, and the call crashed the compiler).
	if fun.scope != nil {
		sc = fun.scope
	}
	sc = &scope{anc: sc, level: sc.level, sym: map[string]*symbol{}, pkgID: sc.pkgID, pkgName: sc.pkgName, global: sc.global, def: sc.def, iota: sc.iota, types: sc.types}
	for _, c := range ftn.child[0].child {
		typ, err := nodeType(fun.interp, sc, c.lastChild())
		if err != nil {
			return nil, err
		}
		for _, cc := range c.child[:len(c.child)-1] {
			paramTypes[cc.ident] = typ
			constraintNode[cc.ident] = c.lastChild()
			order = append(order, cc.ident)
			sc.sym[cc.ident] = &symbol{index: -1, kind: varTypeSym, typ: typ}
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

	// petridish: a parameter's type is unified with its argument's by its
	// syntax where it names an instance of a generic type (`Box[T]`,
	// `*Stack[T]`, `[]Pair[K, V]`): the itype of `Box[T]` is the generic
	// type Box itself, which tells nothing of T, so `Unbox(Box[int]{3})`
	// failed ("undefined type for T"). The argument's type arguments are
	// those its instance was made with.
	var inferNode func(pn *node, input *itype) error
	inferNode = func(pn *node, input *itype) error {
		if input == nil || pn == nil {
			return nil
		}
		if !namesInstance(pn) {
			t, err := nodeType(fun.interp, sc, pn)
			if err != nil {
				return err
			}
			inferTypes(t, input)
			return nil
		}
		switch pn.kind {
		case indexExpr, indexListExpr:
			lt, err := nodeType(fun.interp, sc, pn.child[0])
			if err != nil {
				return err
			}
			targs := instanceArgs(fun.interp, lt, input)
			if targs == nil {
				// petridish: an argument of the underlying type (a
				// func literal for a Func2[A1, A2, R]) tells the type
				// parameters through the generic type's definition.
				// petridish: an instance of a generic alias (`Set[T]` of
				// `type Set[T comparable] = map[T]struct{}`) is its body,
				// an instance of another generic type's too (`List[T]`).
				if body := instanceBody(lt, pn); body != nil && (!namesInstance(body) || isGenericAlias(lt)) {
					return inferNode(body, input)
				}
			}
			for i, a := range pn.child[1:] {
				if i < len(targs) {
					if err := inferNode(a, targs[i]); err != nil {
						return err
					}
				}
			}
			return nil
		}
		input = composedType(fun.interp, input)
		for input.cat == linkedT && input.val != nil {
			input = input.val
		}
		switch pn.kind {
		case starExpr:
			if input.cat == ptrT {
				return inferNode(pn.child[0], input.val)
			}
		case arrayType, ellipsisExpr:
			switch input.cat {
			case sliceT, arrayT, variadicT:
				return inferNode(pn.lastChild(), input.val)
			}
		case chanType, chanTypeSend, chanTypeRecv:
			switch input.cat {
			case chanT, chanSendT, chanRecvT:
				return inferNode(pn.child[0], input.val)
			}
		case mapType:
			if input.cat == mapT {
				if err := inferNode(pn.child[0], input.key); err != nil {
					return err
				}
				return inferNode(pn.child[1], input.val)
			}
		case funcType:
			if input.cat != funcT {
				return nil
			}
			for k, types := range [][]*itype{input.arg, input.ret} {
				if len(pn.child) < k+2 {
					break
				}
				i := 0
				for _, f := range pn.child[k+1].child {
					for range max(len(f.child)-1, 1) {
						if i < len(types) {
							if err := inferNode(f.lastChild(), types[i]); err != nil {
								return err
							}
						}
						i++
					}
				}
			}
		}
		return nil
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
						// a spread slice: f(xs...)
						if err := inferNode(c.lastChild(), args[argi].typ); err != nil {
							return nil, err
						}
						continue
					}
					if err := inferNode(c.lastChild().child[0], args[argi].typ); err != nil {
						return nil, err
					}
				}
				break
			}
			if argi < len(args) {
				if err := inferNode(c.lastChild(), args[argi].typ); err != nil {
					return nil, err
				}
			}
			argi++
		}
	}
	if len(rets) > 0 && len(ftn.child) > 2 {
		reti := 0
		for _, c := range ftn.child[2].child {
			for range max(len(c.child)-1, 1) {
				if reti < len(rets) {
					if err := inferNode(c.lastChild(), rets[reti]); err != nil {
						return nil, err
					}
				}
				reti++
			}
		}
	}
	// petridish: the core type of a type parameter bound to nothing, with
	// the type arguments found put in: `PT interface{ *T; Set(string) }`
	// of `Build[Cfg]("x")` is *Cfg (it was "undefined type for PT").
	var subst func(t *itype) *itype
	subst = func(t *itype) *itype {
		if t == nil {
			return nil
		}
		var v *itype
		if t.val != nil && t.cat != nilT && t.cat != genericT {
			if v = subst(t.val); v == nil {
				return nil
			}
		}
		switch t.cat {
		case nilT, genericT:
			if _, ok := paramTypes[t.name]; ok {
				return bound[t.name]
			}
			return t
		case ptrT:
			return ptrOf(v)
		case sliceT:
			return sliceOf(v)
		case arrayT:
			return arrayOf(v, t.length)
		case chanT:
			return chanOf(v, chanSendRecv)
		case chanSendT:
			return chanOf(v, chanSend)
		case chanRecvT:
			return chanOf(v, chanRecv)
		case mapT:
			k := subst(t.key)
			if k == nil {
				return nil
			}
			return mapOf(k, v)
		case funcT:
			args := make([]*itype, len(t.arg))
			for i, a := range t.arg {
				if args[i] = subst(a); args[i] == nil {
					return nil
				}
			}
			rets := make([]*itype, len(t.ret))
			for i, r := range t.ret {
				if rets[i] = subst(r); rets[i] == nil {
					return nil
				}
			}
			return funcOf(args, rets)
		}
		return t
	}
	// constraintCore returns the core type of constraint cn, an instance
	// of a generic interface (`PT Setter[T]`), made with the type
	// arguments found; nil until they are.
	constraintCore := func(cn *node) *itype {
		if cn == nil || (cn.kind != indexExpr && cn.kind != indexListExpr) {
			return nil
		}
		lt, err := nodeType(fun.interp, sc, cn.child[0])
		if err != nil || lt.cat != genericT || lt.node == nil || lt.node.anc == nil || lt.node.anc.kind != typeSpec {
			return nil
		}
		var targs []*itype
		name := lt.id() + "["
		for _, a := range cn.child[1:] {
			var t *itype
			if a.kind == identExpr && paramTypes[a.ident] != nil {
				t = bound[a.ident]
			} else if !mentionsParam(a, paramTypes) {
				t, _ = nodeType(fun.interp, sc, a)
			}
			if t == nil || t.incomplete || t.untyped {
				return nil
			}
			targs = append(targs, t)
			name += t.id() + ","
		}
		name = strings.TrimSuffix(name, ",") + "]"
		var it *itype
		if sym, _, found := sc.lookup(name); found && sym.typ != nil {
			it = sym.typ
		} else if it, err = genType(fun.interp, sc, name, lt, targs, nil); err != nil {
			return nil
		}
		return coreType(it)
	}
	// constraintShape returns the core type of constraint cn, an instance
	// of a generic interface written with type parameters of fun
	// (`S _SliceOf[E]`: []E, `U numericAbs[T]`: struct{ Value_ T }), in
	// terms of those type parameters; nil if it has none. petridish: a
	// type parameter told only by another's constraint was "undefined
	// type for E" in `_DoubleElems(s)` of `[S _SliceOf[E], E Number]`.
	constraintShape := func(cn *node) *itype {
		if cn == nil || (cn.kind != indexExpr && cn.kind != indexListExpr) || !mentionsParam(cn, paramTypes) {
			return nil
		}
		lt, err := nodeType(fun.interp, sc, cn.child[0])
		if err != nil || lt.cat != genericT || lt.node == nil || lt.node.anc == nil || lt.node.anc.kind != typeSpec {
			return nil
		}
		spec := lt.node.anc
		if len(spec.child) != 3 || spec.lastChild().kind != interfaceType {
			return nil
		}
		isc := sc
		if spec.scope != nil {
			isc = spec.scope
		}
		isc = &scope{anc: isc, level: isc.level, sym: map[string]*symbol{}, pkgID: isc.pkgID, pkgName: isc.pkgName, global: isc.global, def: isc.def, types: isc.types}
		args := cn.child[1:]
		i := 0
		for _, f := range spec.child[1].child {
			for _, p := range f.child[:len(f.child)-1] {
				if i >= len(args) {
					return nil
				}
				t, err := nodeType(fun.interp, sc, args[i])
				if err != nil || t == nil {
					return nil
				}
				isc.sym[p.ident] = &symbol{index: -1, kind: typeSym, typ: t}
				i++
			}
		}
		body := spec.lastChild()
		saved := body.typ
		body.typ = nil
		it, err := nodeType(fun.interp, isc, body)
		body.typ = saved
		if err != nil || it == nil {
			return nil
		}
		if core := coreType(it); core != nil {
			return core
		}
		if terms := it.ulconstraint; len(terms) == 1 && len(it.constraint) == 0 && terms[0].cat == structT {
			return terms[0]
		}
		return nil
	}
	// Core types, until they tell nothing new.
	coreTypes := func() {
		for changed := true; changed; {
			changed = false
			for _, name := range order {
				core := coreType(paramTypes[name])
				if core == nil && bound[name] == nil && paramTypes[name].cat == genericT {
					core = constraintCore(constraintNode[name])
				}
				if core == nil && bound[name] != nil && paramTypes[name].cat == genericT {
					core = constraintShape(constraintNode[name])
				}
				if core != nil && bound[name] == nil {
					if len(paramTypes[name].ulconstraint) > 0 {
						continue // Go does not infer a type from ~*E
					}
					if t := subst(core); t != nil && !t.untyped {
						bound[name] = t
						changed = true
					}
					continue
				}
				if core == nil {
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

// inGenericInstance reports whether n is in an instance of a generic
// function or method, made by genAST with its type arguments. petridish:
// Go checks a type switch's cases on the generic form, so `case T:` and
// `case int:` of an instance with T = int are no duplicates there ("duplicate
// case int32 in type switch"); the first that matches is taken.
func inGenericInstance(n *node) bool {
	for a := n.anc; a != nil; a = a.anc {
		if a.kind == funcDecl && len(a.param) > 0 {
			return true
		}
	}
	return false
}

// mentionsParam reports whether type expression n names one of params.
// petridish.
func mentionsParam(n *node, params map[string]*itype) bool {
	found := false
	n.Walk(func(n *node) bool {
		if n.kind == identExpr && params[n.ident] != nil {
			found = true
		}
		return !found
	}, nil)
	return found
}

// namesInstance reports whether type expression n names an instance of
// a generic type (`G[T]`), or is composed of one (`[]*G[T]`). petridish.
func namesInstance(n *node) bool {
	found := false
	n.Walk(func(n *node) bool {
		switch n.kind {
		case indexExpr, indexListExpr:
			found = true
		case interfaceType, structType:
			return false
		}
		return !found
	}, nil)
	return found
}

// instanceArgs returns the type arguments that t, an instance of generic
// type g, was made with (Box[int] of Box: int), or nil when t is not one
// of g's instances. genAST keeps an instance's type declaration under its
// name, `Box[int]`, which is the name of the instance's type (or, for an
// unnamed one, `type List[T any] []T`, of the declaration its type was
// made from), with its type arguments. petridish.
func instanceArgs(interp *Interpreter, g, t *itype) []*itype {
	if g == nil || t == nil || g.cat != genericT || g.name == "" {
		return nil
	}
	if t.path != "" && g.path != "" && t.path != g.path {
		return nil
	}
	prefix := g.name + "["
	names := []string{t.name}
	if n := t.node; n != nil && n.anc != nil && n.anc.kind == typeSpec && n.anc.lastChild() == n {
		names = append(names, n.anc.child[0].ident)
	}
	for _, name := range names {
		if !strings.HasPrefix(name, prefix) {
			continue
		}
		if r := interp.generic[name]; r != nil && r.kind == typeSpec && len(r.param) > 0 {
			return r.param
		}
	}
	return nil
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
		if len(terms) == 0 {
			// petridish: a single type term (`interface{ *T; Set(string) }`)
			// is kept as an embedded field of the interface.
			for _, f := range c.field {
				if f.embed && f.typ != nil && isTypeTerm(f.typ) {
					terms = append(terms, f.typ)
				}
			}
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

// isTypeTerm reports whether t, embedded in an interface, is a type term
// (`*T`, `[]E`), not an interface; without computing its reflect type,
// which a type parameter does not have. petridish.
func isTypeTerm(t *itype) bool {
	for t.cat == linkedT && t.val != nil {
		t = t.val
	}
	switch t.cat {
	case ptrT, sliceT, arrayT, mapT, chanT, chanSendT, chanRecvT, funcT:
		return true
	}
	return false
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
	for _, c := range append(append([]*itype(nil), ct.constraint...), ct.ulconstraint...) {
		if c.incomplete {
			// petridish: a term written with the function's other type
			// parameters (M interface{ ~map[K]V }) is not checked: it
			// panicked ("incomplete type").
			return nil
		}
	}
	for _, c := range ct.constraint {
		if it.equals(c) || it.matchDefault(c) {
			return nil
		}
	}
	for _, c := range ct.ulconstraint {
		if it.underlying().equals(c) || it.matchDefault(c) || compiledUnderlying(it) == c.id() {
			return nil
		}
	}
	if it.node == nil {
		return fmt.Errorf("%s does not implement %s", it.id(), ct.id())
	}
	return it.node.cfgErrorf("%s does not implement %s", it.id(), ct.id())
}

// compiledUnderlying returns the name of the underlying type of t, a
// compiled named type of a predeclared kind (time.Duration: "int64"), or
// "". petridish: such a type satisfies ~int64; once the constraints of
// functions of other packages were read in their own package (rand.N's),
// rand.N(3*time.Second) failed without it.
func compiledUnderlying(t *itype) string {
	if t.cat != valueT || t.rtype == nil || t.rtype.Name() == "" {
		return ""
	}
	switch k := t.rtype.Kind(); {
	case k >= reflect.Bool && k <= reflect.Complex128, k == reflect.String:
		return k.String()
	}
	return ""
}

// instanceFuncType returns the function type of the instance of fun, a
// generic function's declaration, for type arguments types, without
// compiling or caching the instance (cfg makes it). petridish.
func instanceFuncType(interp *Interpreter, sc *scope, fun *node, types []*itype) (*itype, error) {
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

// genericFuncInstanceType returns the function type of idx, an instance
// of a generic function with all its type arguments written (g0[int],
// Map[int, string]); nil when idx is not one. petridish: the global
// analysis gave a top-level `var gg0 = g0[int]` no type, which it
// reported as a "constant definition loop". As in genericCallType, the
// instance is not compiled or cached here; cfg makes it.
func genericFuncInstanceType(interp *Interpreter, sc *scope, idx *node, ft *itype) (*itype, error) {
	if ft == nil || ft.cat != funcT || !isGeneric(ft) || ft.node == nil {
		return nil, nil
	}
	fun := ft.node.anc
	if fun == nil || fun.kind != funcDecl || fun.typ == nil || fun.typ.node == nil {
		return nil, nil
	}
	nparams := 0
	for _, f := range fun.typ.node.child[0].child {
		nparams += len(f.child) - 1
	}
	if len(idx.child)-1 != nparams {
		return nil, nil
	}
	var types []*itype
	for _, c := range idx.child[1:] {
		t, err := nodeType(interp, sc, c)
		if err != nil {
			return nil, err
		}
		if t == nil || t.incomplete || t.cat == genericT {
			return nil, nil
		}
		types = append(types, t)
	}
	return instanceFuncType(interp, sc, fun, types)
}

// instantiateFor replaces n, a generic function named without type
// arguments (`f1 = g1`, `g3(g1, 3)`), by its instance whose type is
// target's, a function type, with the type arguments inferred from
// target's parameter and result types, as Go infers them; it does nothing
// when n is no generic function or target no function type. petridish:
// it was refused ("cannot use g1 (variable of type func(P) P) as
// func(int) int value").
func instantiateFor(interp *Interpreter, sc *scope, n *node, target *itype, importPath, pkgName string) error {
	if n == nil || n.anc == nil || (n.kind != identExpr && n.kind != selectorExpr) || n.typ == nil || !isGeneric(n.typ) || n.typ.node == nil {
		return nil
	}
	fun := n.typ.node.anc
	if fun == nil || fun.kind != funcDecl || fun.typ == nil || fun.typ.node == nil || target == nil {
		return nil
	}
	for target.cat == linkedT && target.val != nil {
		target = target.val
	}
	if target.cat != funcT || isGeneric(target) {
		return nil
	}
	args := make([]*node, len(target.arg))
	for i, t := range target.arg {
		args[i] = &node{typ: t, interp: interp}
	}
	types, err := inferTypeArgs(sc, fun, args, nil, target.ret...)
	if err != nil {
		return err
	}
	g, found, err := genAST(sc, fun, types)
	if err != nil {
		return err
	}
	if !found {
		if _, err = interp.cfg(g, fun.scope, importPath, pkgName); err != nil {
			return err
		}
		if err = genRun(g); err != nil {
			return err
		}
	}
	n.anc.child[childPos(n)] = g
	_, err = instanceType(interp, fun.scope, g)
	return err
}

// instanceBody returns a copy of the definition of generic type g, with
// its type parameters replaced by the type arguments written in pn, an
// instance of g (`Func2[A1, A2, R]` of `type Func2[X, Y, Z any] func(X,
// Y) Z`: func(A1, A2) R); nil when g is no generic type declared in the
// interpreter. petridish.
func instanceBody(g *itype, pn *node) *node {
	if g == nil || g.cat != genericT || g.node == nil || g.node.anc == nil || g.node.anc.kind != typeSpec && g.node.anc.kind != typeSpecAssign {
		return nil
	}
	spec := g.node.anc
	if len(spec.child) != 3 {
		return nil
	}
	subst := map[string]*node{}
	i := 1
	for _, f := range spec.child[1].child {
		for _, p := range f.child[:len(f.child)-1] {
			if i >= len(pn.child) {
				return nil
			}
			subst[p.ident] = pn.child[i]
			i++
		}
	}
	body := copyNode(spec.lastChild(), pn, true) // pn as its parent: no type name
	var replace func(n *node)
	replace = func(n *node) {
		for k, c := range n.child {
			if a := subst[c.ident]; c.kind == identExpr && a != nil && !namesField(c) {
				n.child[k] = copyNode(a, n, true)
				continue
			}
			replace(c)
		}
	}
	if b := subst[body.ident]; body.kind == identExpr && b != nil {
		return b
	}
	replace(body)
	return body
}

// isGenericAlias reports whether g is a generic alias (`type Set[T
// comparable] = map[T]struct{}`). petridish.
func isGenericAlias(g *itype) bool {
	return g != nil && g.cat == genericT && g.node != nil && g.node.anc != nil && g.node.anc.kind == typeSpecAssign
}
