package interp

import "reflect"

// methodExprInterface makes the value of n, a method expression of an
// interface type, I.m: a function whose first argument is the receiver,
// an I, whose method m it calls. The method is found as a call x.m() of
// an interface value finds it (getMethodByName), in a frame that holds
// the receiver. petridish: yaegi typed I.m as the method without its
// receiver, and refused I.m(x) ("too many arguments in call to I.m").
func methodExprInterface(n *node) {
	next := getExec(n.tnext)
	dest := genValueOutput(n, n.typ.TypeOf())
	ftyp := n.typ.TypeOf()

	// sel is n as the selector x.m of a receiver x in slot 0 of a frame
	// of 2, which it sets slot 1 to the method value of.
	recv := &node{kind: identExpr, interp: n.interp, pos: n.pos, typ: n.child[0].typ, findex: 0, level: 0}
	recv.start = recv
	sel := *n
	sel.child = []*node{recv, n.child[1]}
	sel.findex, sel.level, sel.tnext, sel.fnext = 1, 0, nil, nil
	getMethodByName(&sel)

	n.exec = func(f *frame) bltn {
		fn := reflect.MakeFunc(ftyp, func(args []reflect.Value) []reflect.Value {
			mf := newFrame(f, 2, f.runid())
			mf.data[0] = args[0]
			sel.exec(mf)
			met := mf.data[1]
			if ftyp.IsVariadic() {
				return met.CallSlice(args[1:])
			}
			return met.Call(args[1:])
		})
		dest(f).Set(fn)
		return next
	}
}

// methodExprBinInterface makes n, a method expression I.m of an interface
// type I of compiled code (error, fmt.Stringer), the function of the
// receiver and m's arguments that calls m of the receiver. petridish:
// yaegi typed I.m as the method without its receiver, and refused
// `error.Error(err)` ("too many arguments in call to error.Error").
func methodExprBinInterface(n *node, method reflect.Method) {
	it, mt := n.typ.TypeOf(), method.Type
	in := []reflect.Type{it}
	for i := 0; i < mt.NumIn(); i++ {
		in = append(in, mt.In(i))
	}
	out := make([]reflect.Type, mt.NumOut())
	for i := range out {
		out[i] = mt.Out(i)
	}
	ft := reflect.FuncOf(in, out, mt.IsVariadic())
	index := method.Index
	fn := reflect.MakeFunc(ft, func(args []reflect.Value) []reflect.Value {
		recv := args[0]
		if recv.IsNil() {
			var nilIface interface{ M() }
			nilIface.M() // Go's run-time error for a method of a nil interface
		}
		m := recv.Method(index)
		if ft.IsVariadic() {
			return m.CallSlice(args[1:])
		}
		return m.Call(args[1:])
	})
	n.typ = valueTOf(ft)
	n.rval = fn
	n.gen = nop
	n.findex = notInFrame
}
