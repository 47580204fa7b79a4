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
