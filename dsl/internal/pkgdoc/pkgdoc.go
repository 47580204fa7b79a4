// Package pkgdoc extracts the documentation of a Go package from its
// source — the declaration, doc comment and source location of every
// exported name — for `name?`, inspection and completion in cells. The
// generator of dsl/symbols' tables uses it for the compiled packages, and
// the Session for the packages cells interpret from source.
package pkgdoc

import (
	"fmt"
	"go/ast"
	"go/build"
	"go/doc"
	"go/parser"
	"go/printer"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Entry documents one name; it has the fields of symbols.DocEntry.
type Entry struct {
	Kind string `json:"k"` // "package", "func", "type", "method", "var" or "const"
	Decl string `json:"d"` // the declaration: a signature or type definition
	Doc  string `json:"c"` // the doc comment
	Pos  string `json:"p"` // the source location, such as "gonum.org/v1/gonum/mat/dense.go:45"
}

// maxDecl bounds the declaration text kept for one name.
const maxDecl = 1500

// Dir documents the package with import path importPath whose source is
// in folder dir: its files that the default build context builds, test
// files left out.
func Dir(importPath, dir string) (map[string]Entry, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range ents {
		n := e.Name()
		if e.IsDir() || !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
			continue
		}
		if ok, err := build.Default.MatchFile(dir, n); err != nil || !ok {
			continue
		}
		names = append(names, n)
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("no Go files in %s", dir)
	}
	sort.Strings(names)
	return Files(importPath, dir, names)
}

// Files documents the package with import path importPath made of the
// named files of folder dir.
func Files(importPath, dir string, names []string) (map[string]Entry, error) {
	fset := token.NewFileSet()
	var files []*ast.File
	for _, f := range names {
		af, err := parser.ParseFile(fset, filepath.Join(dir, f), nil, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		files = append(files, af)
	}
	// Package builtin documents lower-case names such as append.
	var mode doc.Mode
	exported := ast.IsExported
	if importPath == "builtin" {
		mode = doc.AllDecls
		exported = func(string) bool { return true }
	}
	pkg, err := doc.NewFromFiles(fset, files, importPath, mode)
	if err != nil {
		return nil, err
	}
	pos := func(p token.Pos) string {
		ps := fset.Position(p)
		return fmt.Sprintf("%s/%s:%d", importPath, filepath.Base(ps.Filename), ps.Line)
	}
	out := map[string]Entry{
		"": {Kind: "package", Decl: fmt.Sprintf("package %s // import %q", pkg.Name, importPath), Doc: pkg.Doc},
	}
	addValues := func(vs []*doc.Value, kind string) {
		for _, v := range vs {
			for _, n := range v.Names {
				if exported(n) {
					out[n] = Entry{Kind: kind, Decl: declText(fset, v.Decl), Doc: v.Doc, Pos: pos(v.Decl.Pos())}
				}
			}
		}
	}
	addFuncs := func(fs []*doc.Func, prefix string) {
		for _, f := range fs {
			if !exported(f.Name) {
				continue
			}
			kind := "func"
			if prefix != "" {
				kind = "method"
			}
			d := *f.Decl
			d.Body = nil
			out[prefix+f.Name] = Entry{Kind: kind, Decl: declText(fset, &d), Doc: f.Doc, Pos: pos(f.Decl.Pos())}
		}
	}
	addValues(pkg.Consts, "const")
	addValues(pkg.Vars, "var")
	addFuncs(pkg.Funcs, "")
	for _, t := range pkg.Types {
		if !exported(t.Name) {
			continue
		}
		out[t.Name] = Entry{Kind: "type", Decl: declText(fset, t.Decl), Doc: t.Doc, Pos: pos(t.Decl.Pos())}
		addValues(t.Consts, "const")
		addValues(t.Vars, "var")
		addFuncs(t.Funcs, "")
		addFuncs(t.Methods, t.Name+".")
	}
	return out, nil
}

// declText prints a declaration without comments, bounded in length.
func declText(fset *token.FileSet, n ast.Node) string {
	var b strings.Builder
	cfg := printer.Config{Mode: printer.UseSpaces | printer.TabIndent, Tabwidth: 8}
	if g, ok := n.(*ast.GenDecl); ok {
		g2 := *g
		g2.Doc = nil
		n = &g2
	}
	cfg.Fprint(&b, fset, n)
	s := b.String()
	if len(s) > maxDecl {
		s = s[:maxDecl] + "\n\t…"
	}
	return s
}
