package dsl

import (
	"fmt"
	"go/ast"
	"go/token"
	"path"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/petridish-go/petridish/dsl/stdsymbols"
	"github.com/petridish-go/petridish/dsl/symbols"
)

var (
	pkgIndexOnce sync.Once
	pkgIndex     map[string][]string // package name -> import paths
)

// packages returns the index of importable compiled packages by name.
func packages() map[string][]string {
	pkgIndexOnce.Do(func() {
		pkgIndex = map[string][]string{}
		for _, tab := range []map[string]map[string]reflect.Value{stdsymbols.Std(), symbols.Symbols} {
			for key := range tab {
				p, name := path.Dir(key), path.Base(key)
				if strings.Contains(p, "internal") || strings.HasPrefix(p, "petridish.internal") {
					continue
				}
				pkgIndex[name] = append(pkgIndex[name], p)
			}
		}
		// Packages the interpreter has only from the Session's source (iter).
		for _, g := range genericSources {
			if name := path.Base(g.path); len(pkgIndex[name]) == 0 {
				pkgIndex[name] = []string{g.path}
			}
		}
		for _, ps := range pkgIndex {
			sort.Strings(ps)
		}
	})
	return pkgIndex
}

// pkgNameOf returns the package name of an importable path.
func pkgNameOf(importPath string) string {
	for key := range stdsymbols.Std() {
		if path.Dir(key) == importPath {
			return path.Base(key)
		}
	}
	for key := range symbols.Symbols {
		if path.Dir(key) == importPath {
			return path.Base(key)
		}
	}
	base := path.Base(importPath)
	if len(base) > 1 && base[0] == 'v' && strings.Trim(base[1:], "0123456789") == "" {
		base = path.Base(path.Dir(importPath))
	}
	return base
}

// autoImports finds package names that the chunks use without importing
// them, as goimports would, and returns the imports to add. A name that
// several packages share is an error asking for an explicit import.
func (s *Session) autoImports(name string, chunks []*chunk) ([]*ast.ImportSpec, error) {
	declared := map[string]bool{}
	for _, c := range chunks {
		for _, d := range c.decls {
			switch d := d.(type) {
			case *ast.GenDecl:
				for _, sp := range d.Specs {
					switch sp := sp.(type) {
					case *ast.ImportSpec:
						if sp.Name != nil {
							declared[sp.Name.Name] = true
						} else if p, err := strconv.Unquote(sp.Path.Value); err == nil {
							declared[pkgNameOf(p)] = true
						}
					case *ast.TypeSpec:
						declared[sp.Name.Name] = true
					case *ast.ValueSpec:
						for _, n := range sp.Names {
							declared[n.Name] = true
						}
					}
				}
			case *ast.FuncDecl:
				if d.Recv == nil {
					declared[d.Name.Name] = true
				}
			}
		}
		for _, st := range c.stmts {
			if a, ok := st.(*ast.AssignStmt); ok && a.Tok == token.DEFINE {
				for _, l := range a.Lhs {
					if id, ok := l.(*ast.Ident); ok {
						declared[id.Name] = true
					}
				}
			}
		}
	}
	// The members the chunks use of each name, which tell apart packages of
	// the same name (rand.IntN and rand.N are math/rand/v2's).
	used := map[string][]string{}
	for _, c := range chunks {
		c.inspect(func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if id, ok := sel.X.(*ast.Ident); ok && id.Obj == nil {
					used[id.Name] = append(used[id.Name], sel.Sel.Name)
				}
			}
			return true
		})
	}
	var out []*ast.ImportSpec
	added := map[string]bool{}
	for _, c := range chunks {
		var err error
		visit := func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok || err != nil {
				return err == nil
			}
			id, ok := sel.X.(*ast.Ident)
			if !ok || id.Obj != nil || declared[id.Name] || added[id.Name] {
				return true
			}
			if _, ok := s.state.imports[id.Name]; ok {
				return true
			}
			if _, ok := s.state.decls[id.Name]; ok {
				return true
			}
			paths := packages()[id.Name]
			if len(paths) > 1 {
				paths = havingMembers(paths, used[id.Name])
			}
			switch len(paths) {
			case 0:
				return true
			case 1:
				added[id.Name] = true
				out = append(out, &ast.ImportSpec{Path: &ast.BasicLit{Kind: token.STRING, Value: fmt.Sprintf("%q", paths[0])}})
			default:
				paths = newestFirst(paths)
				quoted := make([]string, len(paths))
				for i, p := range paths {
					quoted[i] = fmt.Sprintf("%q", p)
				}
				err = s.compileError(fmt.Sprintf("%s: package name %s is ambiguous: it could be %s; add an import such as import %s",
					c.posString(id.Pos()), id.Name, strings.Join(quoted, ", "), quoted[0]))
			}
			return true
		}
		c.inspect(visit)
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// newestFirst returns paths with each package's later major versions
// (math/rand/v2) before it, so that the suggested import is the current
// one.
func newestFirst(paths []string) []string {
	out := make([]string, 0, len(paths))
	placed := map[string]bool{}
	for _, p := range paths {
		for _, q := range paths {
			if strings.HasPrefix(q, p+"/v") && !placed[q] {
				out = append(out, q)
				placed[q] = true
			}
		}
		if !placed[p] {
			out = append(out, p)
			placed[p] = true
		}
	}
	return out
}

// havingMembers returns those of paths whose packages have all members
// (their own or the Session's generic functions); all paths when none
// has them. (crypto/rand has no Rand, so rand.Rand is ambiguous between
// math/rand and math/rand/v2 only.)
func havingMembers(paths, members []string) []string {
	var out []string
	for _, p := range paths {
		exports := exportsOf(p)
		has := true
		for _, m := range members {
			if _, ok := exports[m]; !ok && !slices.Contains(genericMembers()[p], m) {
				has = false
				break
			}
		}
		if has {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		return paths
	}
	return out
}
