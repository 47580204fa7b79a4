package dsl

import (
	"context"
	"fmt"
	"go/ast"
	"slices"
	"strconv"
	"strings"
)

// Redefined functions. A call by name of a function runs its current
// definition, one a later cell declared included (internal/yaegi's
// funcRef, also for closures and methods of earlier cells), but a caller
// was compiled for the callee's signature then, and for the constants it
// used, so after a cell redefines helper the Session keeps functions of
// earlier cells consistent as Python notebooks, or GoNB, which rebuilds
// every cell, would: it keeps the source of every function and method a
// cell declares, with the names it uses; when a cell redefines a
// function, it compiles again every function that uses it, directly or
// through others (callees first). A function that no longer compiles is
// defined again with a body that panics saying why (stubFunc), and the
// cell's stderr says so. yaegi cannot define a method again at all (a
// later cell's `func (T) M()` is silently ignored), so for methods that
// use a redefined constant or generic function the Session can only say
// so.

// funcSource is a function or method declared in a cell.
type funcSource struct {
	dir  string   // line directive placing the source at its cell position
	src  string   // the declaration, as the cell wrote it
	uses []string // the names it uses that it does not declare itself
}

// funcSourceOf returns the source of function (or method) d of chunk c,
// which ran, or false when it cannot tell it.
func (s *Session) funcSourceOf(c *chunk, d *ast.FuncDecl) (funcSource, bool) {
	if d.Body == nil || c.orig == "" {
		return funcSource{}, false
	}
	start, end := c.offset(d.Pos()), c.offset(d.End())
	if start < 0 || end > len(c.orig) || start > end {
		return funcSource{}, false
	}
	fs := funcSource{
		dir: c.directiveAt(d.Pos()),
		src: c.orig[start:end],
	}
	seen := map[string]bool{}
	ast.Inspect(d.Body, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok || seen[id.Name] {
			return true
		}
		// Not declared inside d: a name of the cell's scope (objects the
		// parser resolved to other declarations of the chunk included).
		if id.Obj == nil || !inside(id.Obj.Decl, d) {
			seen[id.Name] = true
			fs.uses = append(fs.uses, id.Name)
		}
		return true
	})
	return fs, true
}

// refreshCallers compiles again, callees first, every recorded function
// that uses one of the redefined names, except those chunk c declares, and
// reports the ones that fail on stderr.
func (s *Session) refreshCallers(ctx context.Context, c *chunk, redefined []string) {
	declared := map[string]bool{}
	for _, d := range c.decls {
		if f, ok := d.(*ast.FuncDecl); ok {
			declared[funcKey(f)] = true
		}
	}
	done := map[string]bool{}
	frontier := redefined
	for len(frontier) > 0 {
		var next []string
		keys := make([]string, 0, len(s.state.funcs))
		for k := range s.state.funcs {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			fs := s.state.funcs[k]
			if done[k] || declared[k] || !usesAny(fs.uses, frontier) {
				continue
			}
			done[k] = true
			if _, _, isMethod := cutMethod(k); isMethod {
				// A call by name reaches a function's current definition
				// (internal/yaegi's funcRef), not a constant's or a
				// generic function's: those are fixed at compile time.
				if stale := s.notPlainFuncs(fs.uses, frontier); len(stale) > 0 {
					s.route.get().Stream("stderr", fmt.Sprintf("note: method %s still uses the old %s: the interpreter cannot define a method again; run %%reset and the cells again to change it\n", k, strings.Join(stale, ", ")))
				}
				continue
			}
			if err := s.recompile(ctx, fs); err != nil {
				// Its old definition calls the new one as if it were the
				// old: it failed at run time with a meaningless error
				// ("index out of range [0] with length 0"), or worse.
				why, _, _ := strings.Cut(strings.TrimPrefix(err.Error(), "compile error: "), "\n")
				msg := fmt.Sprintf("%s cannot run: it calls %s, which a later cell redefined, and does not compile with the new definition (%s); define %s again to fit", k, strings.Join(frontier, ", "), why, k)
				if serr := s.stubFunc(ctx, fs, msg); serr != nil {
					s.route.get().Stream("stderr", fmt.Sprintf("note: %s still runs its old definition, which calls the one redefined: compiling it again failed: %v\n", k, err))
					continue
				}
				s.route.get().Stream("stderr", "note: "+msg+"\n")
			}
			next = append(next, k)
		}
		frontier = next
	}
}

// recompile evaluates fs's declaration again, with the Session's rewrites.
func (s *Session) recompile(ctx context.Context, fs funcSource) error {
	c := &chunk{kind: itemDecl, text: fs.src, orig: fs.src, dir: fs.dir}
	if err := s.parseChunk("", c); err != nil {
		return err
	}
	s.rewrite(c)
	_, err := s.eval(ctx, c.source())
	return err
}

// stubFunc defines fs's function again with its signature and a body that
// panics with msg, so that a call says why it cannot run.
func (s *Session) stubFunc(ctx context.Context, fs funcSource, msg string) error {
	c := &chunk{kind: itemDecl, text: fs.src, orig: fs.src, dir: fs.dir}
	if err := s.parseChunk("", c); err != nil {
		return err
	}
	if len(c.decls) != 1 {
		return fmt.Errorf("not one declaration")
	}
	d, ok := c.decls[0].(*ast.FuncDecl)
	if !ok || d.Recv != nil || d.Body == nil {
		return fmt.Errorf("not a function")
	}
	start, brace := c.offset(d.Pos()), c.offset(d.Body.Lbrace)
	if start < 0 || brace > len(fs.src) || start > brace {
		return fmt.Errorf("no signature")
	}
	stub := fs.src[start:brace] + "{ panic(" + strconv.Quote(msg) + ") }"
	_, err := s.eval(ctx, fs.dir+stub)
	return err
}

// funcKey is "f" for a function and "T.M" for a method of T.
func funcKey(d *ast.FuncDecl) string {
	if d.Recv != nil && len(d.Recv.List) == 1 {
		if t := baseTypeName(d.Recv.List[0].Type); t != "" {
			return t + "." + d.Name.Name
		}
	}
	return d.Name.Name
}

// cutMethod splits "T.M" into T and M.
func cutMethod(key string) (string, string, bool) {
	for i := 0; i < len(key); i++ {
		if key[i] == '.' {
			return key[:i], key[i+1:], true
		}
	}
	return key, "", false
}

// inside reports whether declaration node decl lies within function d.
func inside(decl any, d *ast.FuncDecl) bool {
	n, ok := decl.(ast.Node)
	return ok && n.Pos() >= d.Pos() && n.End() <= d.End()
}

// notPlainFuncs returns the names among redefined that uses has and that
// are not functions of the cells without type parameters.
func (s *Session) notPlainFuncs(uses, redefined []string) []string {
	var names []string
	for _, n := range redefined {
		if d, ok := s.state.decls[n]; slices.Contains(uses, n) && (!ok || d.kind != "func" || d.generic) {
			names = append(names, n)
		}
	}
	return names
}

func usesAny(uses, names []string) bool {
	for _, n := range names {
		if slices.Contains(uses, n) {
			return true
		}
	}
	return false
}

// undoFailedFuncs undoes what yaegi leaves of the functions of chunk c
// (of cell name) when c fails to compile: it has declared them all, with
// no code, so a call of one returned zero values or panicked with an
// index out of range. A function that an earlier cell defined gets that
// definition back; another becomes one that panics saying that its cell
// did not compile. (Methods cannot be defined again; see refreshCallers.)
func (s *Session) undoFailedFuncs(ctx context.Context, name string, c *chunk) {
	for _, d := range c.decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv != nil || fd.Body == nil || fd.Name.Name == "_" {
			continue
		}
		if fs, ok := s.state.funcs[funcKey(fd)]; ok && s.recompile(ctx, fs) == nil {
			continue
		}
		msg := fmt.Sprintf("%s is not defined: %s, which declares it, did not compile; fix it and run it again", fd.Name.Name, name)
		stub := "func " + fd.Name.Name + strings.TrimPrefix(nodeString(fd.Type), "func") + " { panic(" + strconv.Quote(msg) + ") }"
		s.eval(ctx, c.directiveAt(fd.Pos())+stub)
	}
}
