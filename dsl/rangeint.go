package dsl

import (
	"fmt"
	"go/ast"
	"go/token"
	"reflect"
)

// Range over an integer (Go 1.22: `for i := range n`) is not in yaegi
// v0.16.1. The Session rewrites such a loop as a counting loop when it can
// tell that n is an integer without running anything: an integer constant
// expression, len or cap of a variable, a variable declared with an
// integer type or from an integer expression, or a variable of an earlier
// cell that holds an integer. The bound is evaluated once, before the
// loop, as range does:
//
//	for i := range n   ->  __pdn<k> := n; for i := __pdn<k> - __pdn<k>; i < __pdn<k>; i++
//
// (i has n's type, as when ranging over n; a label stays on the loop).
// Two variables in the loop's init, `for i, m := ...`, would be simpler,
// but yaegi confuses their types with other variables of a top-level
// chunk. Other loops over integers keep the error that says to write the
// counting loop.

// rangeIntEdits returns the edits of loop r, which starts at start (its
// label's position when it has one), numbering its bound k; false when r
// does not range over an integer it can recognise.
func (s *Session) rangeIntEdits(r *ast.RangeStmt, start token.Pos, src func(ast.Node) string, off func(token.Pos) int, resume func(token.Pos) string, k int) ([]edit, bool) {
	if r.Value != nil || r.Tok == token.ASSIGN || !s.isInteger(r.X, 0) {
		return nil, false
	}
	bound := fmt.Sprintf("__pdn%d", k)
	i := fmt.Sprintf("__pdi%d", k)
	if id, ok := r.Key.(*ast.Ident); ok && id.Name != "_" {
		i = id.Name
	}
	decl := bound + " := " + src(r.X) + "; "
	header := fmt.Sprintf("for %s := %s - %s; %s < %s; %s++ ", i, bound, bound, i, bound, i)
	if start == r.Pos() {
		// One edit: an insertion at the offset that another edit replaces
		// from would be replaced with it.
		return []edit{{off(r.Pos()), off(r.Body.Lbrace), decl + header + resume(r.Body.Lbrace)}}, true
	}
	return []edit{
		{off(start), off(start), decl + resume(start)},
		{off(r.Pos()), off(r.Body.Lbrace), header + resume(r.Body.Lbrace)},
	}, true
}

// isInteger reports whether e is, without running anything, an integer:
// an integer constant expression; len or cap of a variable or field; a
// call of a function of an earlier cell whose one result is an integer; a
// variable declared with an integer type or defined from an integer
// expression in the cell; or a variable of an earlier cell that holds an
// integer. depth bounds the chase through definitions.
func (s *Session) isInteger(e ast.Expr, depth int) bool {
	if depth > 8 {
		return false
	}
	switch e := e.(type) {
	case *ast.BasicLit:
		return e.Kind == token.INT || e.Kind == token.CHAR
	case *ast.ParenExpr:
		return s.isInteger(e.X, depth+1)
	case *ast.UnaryExpr:
		return (e.Op == token.SUB || e.Op == token.ADD) && s.isInteger(e.X, depth+1)
	case *ast.BinaryExpr:
		switch e.Op {
		case token.ADD, token.SUB, token.MUL, token.QUO, token.REM, token.SHL, token.SHR:
			return s.isInteger(e.X, depth+1) && s.isInteger(e.Y, depth+1)
		}
	case *ast.CallExpr:
		if fn, ok := e.Fun.(*ast.Ident); ok && fn.Obj == nil && len(e.Args) == 1 {
			switch {
			case fn.Name == "len" || fn.Name == "cap":
				_, isIdent := e.Args[0].(*ast.Ident)
				_, isSel := e.Args[0].(*ast.SelectorExpr)
				return isIdent || isSel
			case integerTypes[fn.Name]:
				return true // a conversion: int(x)
			}
		}
		// A call of a function of an earlier cell with one integer result.
		if fn, ok := e.Fun.(*ast.Ident); ok && fn.Obj == nil && s.state.decls[fn.Name].kind == "func" && !s.state.decls[fn.Name].generic {
			v, err := s.interp.Eval(fn.Name)
			if err == nil && v.IsValid() && v.Kind() == reflect.Func && v.Type().NumOut() == 1 {
				return integerKinds[v.Type().Out(0).Kind()]
			}
		}
	case *ast.Ident:
		if e.Obj == nil {
			v, ok := s.interp.Globals()[e.Name]
			return ok && v.IsValid() && integerKinds[v.Kind()]
		}
		switch d := e.Obj.Decl.(type) {
		case *ast.Field: // a parameter
			t, ok := d.Type.(*ast.Ident)
			return ok && integerTypes[t.Name]
		case *ast.ValueSpec:
			if t, ok := d.Type.(*ast.Ident); ok {
				return integerTypes[t.Name]
			}
		}
		if x := rangeKeyOf(e); x != nil {
			return s.isInteger(x, depth+1) || s.isIndexable(x, depth+1)
		}
		if v := definingValue(e); v != nil {
			return s.isInteger(v, depth+1)
		}
	}
	return false
}

// rangeKeyOf returns the ranged expression x when id is the key of a loop
// `for id := range x` or `for id, v := range x` of the chunk; nil when it
// is not.
func rangeKeyOf(id *ast.Ident) ast.Expr {
	if id.Obj == nil {
		return nil
	}
	// petridish: go/parser declares a range's variables with an
	// AssignStmt whose one value is `range x`.
	d, ok := id.Obj.Decl.(*ast.AssignStmt)
	if !ok || len(d.Rhs) != 1 || len(d.Lhs) == 0 {
		return nil
	}
	u, ok := d.Rhs[0].(*ast.UnaryExpr)
	if !ok || u.Op != token.RANGE {
		return nil
	}
	if k, ok := d.Lhs[0].(*ast.Ident); !ok || k.Name != id.Name {
		return nil
	}
	return u.X
}

// isIndexable reports whether e is, as the chunk writes it, a string, an
// array or a slice (a literal, or a variable defined from one), whose
// range key is an int.
func (s *Session) isIndexable(e ast.Expr, depth int) bool {
	if depth > 8 {
		return false
	}
	switch e := e.(type) {
	case *ast.BasicLit:
		return e.Kind == token.STRING
	case *ast.CompositeLit:
		_, ok := e.Type.(*ast.ArrayType)
		return ok
	case *ast.Ident:
		if v := definingValue(e); v != nil {
			return s.isIndexable(v, depth+1)
		}
	}
	return false
}

var integerTypes = map[string]bool{
	"int": true, "int8": true, "int16": true, "int32": true, "int64": true, "rune": true, "byte": true,
	"uint": true, "uint8": true, "uint16": true, "uint32": true, "uint64": true, "uintptr": true,
}

var integerKinds = map[reflect.Kind]bool{
	reflect.Int: true, reflect.Int8: true, reflect.Int16: true, reflect.Int32: true, reflect.Int64: true,
	reflect.Uint: true, reflect.Uint8: true, reflect.Uint16: true, reflect.Uint32: true, reflect.Uint64: true, reflect.Uintptr: true,
}
