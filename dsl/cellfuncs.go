package dsl

import (
	"go/ast"
	"go/parser"
	"go/token"
)

// chunkFuncs returns the functions and methods chunk c declares, by
// funcKey: the Session records them only after the chunk runs.
func chunkFuncs(c *chunk) map[string]*ast.FuncDecl {
	local := map[string]*ast.FuncDecl{}
	for _, d := range c.decls {
		if fd, ok := d.(*ast.FuncDecl); ok {
			local[funcKey(fd)] = fd
		}
	}
	return local
}

// declaredFunc returns the declaration of the function or method key: the
// chunk's own (local), or else the one a cell recorded; nil when there is
// none.
func (s *Session) declaredFunc(key string, local map[string]*ast.FuncDecl) *ast.FuncDecl {
	if fd, ok := local[key]; ok {
		return fd
	}
	return s.state.recordedFunc(key)
}

// recordedFunc parses the recorded source of the function or method key
// ("F", "T.M"), with its comments; nil when there is none.
func (st *state) recordedFunc(key string) *ast.FuncDecl {
	f := st.recordedFile(key)
	if f == nil || len(f.Decls) != 1 {
		return nil
	}
	fd, _ := f.Decls[0].(*ast.FuncDecl)
	return fd
}

// recordedFile parses the recorded source of the function or method key
// as a file of its own, with its comments (those inside its body are the
// file's only); nil when there is none.
func (st *state) recordedFile(key string) *ast.File {
	fs, ok := st.funcs[key]
	if !ok {
		return nil
	}
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p\n"+fs.src, parser.SkipObjectResolution|parser.ParseComments)
	if err != nil {
		return nil
	}
	return f
}

// instanceSource writes type t, T[A] or *T[A], as its instance T[A].
func instanceSource(t ast.Expr) string {
	if star, ok := t.(*ast.StarExpr); ok {
		t = star.X
	}
	return nodeString(t)
}
