// Command gendocs extracts the documentation of Go packages — signatures,
// doc comments and source locations of every exported name — into the
// gzipped JSON file that dsl/symbols embeds for `name?`, inspection and
// completion in cells. `go generate ./dsl/symbols` runs it:
//
//	go run ./internal/gendocs -o docs.json.gz IMPORTPATH...
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/doc"
	"go/parser"
	"go/printer"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// entry mirrors symbols.DocEntry.
type entry struct {
	Kind string `json:"k"`
	Decl string `json:"d"`
	Doc  string `json:"c"`
	Pos  string `json:"p"`
}

// maxDecl bounds the declaration text kept for one name.
const maxDecl = 1500

func main() {
	out := flag.String("o", "docs.json.gz", "output file")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: gendocs -o FILE.json.gz IMPORTPATH...")
		os.Exit(2)
	}
	all := map[string]map[string]entry{}
	for _, p := range flag.Args() {
		m, err := extract(p)
		if err != nil {
			fmt.Fprintf(os.Stderr, "gendocs: %s: %v\n", p, err)
			os.Exit(1)
		}
		all[p] = m
	}
	raw, err := json.Marshal(all) // map keys are sorted: the output is deterministic
	if err != nil {
		fmt.Fprintln(os.Stderr, "gendocs:", err)
		os.Exit(1)
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(raw)
	zw.Close()
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "gendocs:", err)
		os.Exit(1)
	}
}

// listed is what `go list -json` says about a package.
type listed struct {
	Dir        string
	ImportPath string
	GoFiles    []string
}

func extract(importPath string) (map[string]entry, error) {
	cmd := exec.Command("go", "list", "-json", importPath)
	cmd.Stderr = os.Stderr
	raw, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list: %w", err)
	}
	var l listed
	if err := json.Unmarshal(raw, &l); err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	var files []*ast.File
	for _, f := range l.GoFiles {
		af, err := parser.ParseFile(fset, filepath.Join(l.Dir, f), nil, parser.ParseComments)
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
	out := map[string]entry{
		"": {Kind: "package", Decl: fmt.Sprintf("package %s // import %q", pkg.Name, importPath), Doc: pkg.Doc},
	}
	addValues := func(vs []*doc.Value, kind string) {
		for _, v := range vs {
			for _, n := range v.Names {
				if exported(n) {
					out[n] = entry{Kind: kind, Decl: declText(fset, v.Decl), Doc: v.Doc, Pos: pos(v.Decl.Pos())}
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
			out[prefix+f.Name] = entry{Kind: kind, Decl: declText(fset, &d), Doc: f.Doc, Pos: pos(f.Decl.Pos())}
		}
	}
	addValues(pkg.Consts, "const")
	addValues(pkg.Vars, "var")
	addFuncs(pkg.Funcs, "")
	for _, t := range pkg.Types {
		if !exported(t.Name) {
			continue
		}
		out[t.Name] = entry{Kind: "type", Decl: declText(fset, t.Decl), Doc: t.Doc, Pos: pos(t.Decl.Pos())}
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
