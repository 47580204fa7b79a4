package dsl

import (
	"fmt"
	"go/ast"
	"go/token"
	"reflect"
	"regexp"
	"strings"
)

// vagueCompileError reports whether a compile error is one of yaegi's
// messages that hide an undefined name.
func vagueCompileError(err error) bool {
	e, ok := err.(*Error)
	if !ok || e.Name != "compile error" {
		return false
	}
	for _, m := range []string{"definition loop", "incomplete type", "the interpreter failed on this code"} {
		if strings.Contains(e.Value, m) {
			return true
		}
	}
	return false
}

// undefinedName looks in chunk c for an identifier that nothing declares
// — not the cell, not an earlier cell, not an import, not Go — and
// returns an "undefined: name" error at its position, or nil.
func (s *Session) undefinedName(c *chunk) error {
	recvParams := receiverTypeParams(c)
	var found *ast.Ident
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		if found != nil {
			return false
		}
		switch n := n.(type) {
		case *ast.SelectorExpr:
			ast.Inspect(n.X, visit)
			return false
		case *ast.KeyValueExpr:
			ast.Inspect(n.Value, visit) // keys may be struct field names
			return false
		case *ast.FuncDecl:
			// petridish: a method's name is declared by its declaration
			// (go/parser does not resolve it).
			for _, part := range []ast.Node{n.Recv, n.Type, n.Body} {
				if part != nil && !reflect.ValueOf(part).IsNil() {
					ast.Inspect(part, visit)
				}
			}
			return false
		case *ast.Ident:
			if n.Obj == nil && !s.known(n.Name) && !recvParams.declares(n) {
				found = n
			}
		}
		return true
	}
	c.inspect(visit)
	if found == nil {
		return nil
	}
	return s.compileError(fmt.Sprintf("%s: undefined: %s", c.posString(found.Pos()), found.Name))
}

// known reports whether name is declared anywhere a cell can see.
func (s *Session) known(name string) bool {
	if name == "_" || internalIdent(name) || name == mainName {
		return true
	}
	if _, ok := s.state.decls[name]; ok {
		return true
	}
	if _, ok := s.state.imports[name]; ok {
		return true
	}
	if _, ok := builtins[name]; ok {
		return true
	}
	for _, p := range predeclared {
		if p == name {
			return true
		}
	}
	if token.Lookup(name).IsKeyword() {
		return true
	}
	_, isPkg := packages()[name]
	return isPkg
}

// explainVague adds what the Session can tell about one of yaegi's vague
// compile errors in chunk c: an undefined name, a member, an inferred type
// argument, a generic definition.
func (s *Session) explainVague(c *chunk, err error) error {
	if e, ok := err.(*Error); ok && e.Name == "compile error" {
		s.explainMember(c, e)
		s.explainInference(c, e)
		s.explainGenericDefinition(c, e)
		if m := undefinedRE.FindStringSubmatch(e.Value); m != nil && declaredInTopLevelBody(c, m[1]) {
			e.setValue(e.Value + fmt.Sprintf(" (%s is declared inside a top-level for, if, switch or block whose body the interpreter cannot run as a function, as it has a label, goto, return or defer: declare it with var before the statement and assign it with =, or put the statement in a function)", m[1]))
			return err
		}
	}
	if !vagueCompileError(err) {
		return err
	}
	if better := s.undefinedName(c); better != nil {
		return better
	}
	return err
}

// undefinedRE matches yaegi's "undefined: name" message.
var undefinedRE = regexp.MustCompile(`undefined: ([\pL_][\pL\pN_]*)`)

// declaredInTopLevelBody reports whether chunk c declares name with := or
// var inside the body of one of its top-level compound statements, where
// yaegi v0.16 loses the declaration ("undefined: err" on the next line).
func declaredInTopLevelBody(c *chunk, name string) bool {
	found := false
	for _, st := range c.stmts {
		switch st.(type) {
		case *ast.ForStmt, *ast.RangeStmt, *ast.IfStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt, *ast.BlockStmt, *ast.LabeledStmt:
		default:
			continue
		}
		ast.Inspect(st, func(n ast.Node) bool {
			if _, isFunc := n.(*ast.FuncLit); isFunc || found {
				return false // function literals are fine
			}
			if id, ok := n.(*ast.Ident); ok && id.Name == name && id.Obj != nil && id.Obj.Kind == ast.Var {
				switch d := id.Obj.Decl.(type) {
				case *ast.AssignStmt:
					found = d.Tok == token.DEFINE && d.Pos() > st.Pos()
				case *ast.ValueSpec:
					found = true
				}
			}
			return !found
		})
		if found {
			return true
		}
	}
	return false
}

// typeParamScopes holds the methods of a chunk whose receivers declare
// type parameters, `func (l *List[T]) M()`, and the parameters' names.
type typeParamScopes []struct {
	fn    *ast.FuncDecl
	names map[string]bool
}

// receiverTypeParams returns the methods of chunk c whose receivers
// declare type parameters. go/parser resolves neither these parameters
// nor their uses in the method (their Obj is nil), so they are no
// undefined names.
func receiverTypeParams(c *chunk) typeParamScopes {
	var scopes typeParamScopes
	for _, d := range c.decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv == nil || len(fd.Recv.List) != 1 {
			continue
		}
		t := fd.Recv.List[0].Type
		if star, ok := t.(*ast.StarExpr); ok {
			t = star.X
		}
		var params []ast.Expr
		switch t := t.(type) {
		case *ast.IndexExpr:
			params = []ast.Expr{t.Index}
		case *ast.IndexListExpr:
			params = t.Indices
		}
		names := map[string]bool{}
		for _, p := range params {
			if id, ok := p.(*ast.Ident); ok {
				names[id.Name] = true
			}
		}
		if len(names) > 0 {
			scopes = append(scopes, struct {
				fn    *ast.FuncDecl
				names map[string]bool
			}{fd, names})
		}
	}
	return scopes
}

// declares reports whether id is a receiver's type parameter, or a use of
// one in its method.
func (ss typeParamScopes) declares(id *ast.Ident) bool {
	for _, sc := range ss {
		if sc.names[id.Name] && id.Pos() >= sc.fn.Pos() && id.End() <= sc.fn.End() {
			return true
		}
	}
	return false
}
