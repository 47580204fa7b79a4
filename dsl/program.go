package dsl

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
)

// programToCell turns a complete Go program (package clause, imports,
// declarations, func main) into cell code: the package clause is blanked
// out, keeping positions, and a call of main is appended when the file
// declares one. Code without a package clause is returned unchanged.
func programToCell(code string) string {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", code, parser.PackageClauseOnly)
	if err != nil || f.Name == nil {
		return code
	}
	start := fset.Position(f.Package).Offset
	end := fset.Position(f.Name.End()).Offset
	cell := code[:start] + strings.Repeat(" ", end-start) + code[end:]
	if declaresMain(code) {
		cell += "\n" + mainCall // cells rename main mainName
	}
	return cell
}

// mainCall is the statement programToCell appends to run main. A panic's
// traceback leaves out its frame, which is not in the program.
const mainCall = mainName + "()"

// declaresMain reports whether code declares a top-level func main.
func declaresMain(code string) bool {
	f, err := parser.ParseFile(token.NewFileSet(), "", code, parser.SkipObjectResolution)
	if err != nil {
		return false
	}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == "main" {
			return true
		}
	}
	return false
}
