package dsl

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/petridish-go/petridish/dsl/internal/interpvalue"
)

// Redefined functions, methods and types. A call by name of a function
// runs its current definition, one a later cell declared included
// (internal/yaegi's funcRef, also for closures of earlier cells), but a
// caller was compiled for the callee's signature then, for the constants
// and types it used, and for the methods it called (yaegi binds a method
// call when it compiles the caller). So after a cell redefines a name,
// the Session keeps the functions of earlier cells consistent, as Python
// notebooks, or GoNB, which rebuilds every cell, would: it keeps the
// source of every function and method a cell declares, with the names it
// uses, and compiles again every function and method that uses a
// redefined name, directly or through others, together. A method's
// name is matched whatever the receiver, which may compile a few
// functions again for nothing but misses none. A function that no longer
// compiles is defined again with a body that panics saying why
// (stubFunc), and the cell's stderr says so. (The Session's copy of yaegi
// replaces a method declared again, and forgets a type declared again
// with another definition; yaegi kept the first of both.)

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
	// The receiver and signature too: a changed type compiles again the
	// methods and functions that name it anywhere.
	ast.Inspect(d, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok || id == d.Name || seen[id.Name] {
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

// refreshCallers compiles again every recorded function and method that
// uses one of the redefined names, directly or through others, and
// declares again the types that use them, then reports the functions that
// fail on stderr. Those chunk c declares are compiled again only when
// they use one of the others: they were compiled with the redefined ones
// already. Types are declared again together, then functions, in one
// evaluation each, so that methods calling one another (Run calls Step)
// and mutually recursive functions and types bind each other's new
// definitions whatever their order; compiling them one by one in a fixed
// order made Run fail with "undefined selector: Step" before Step was
// declared for the new type, and left a in `a calls b calls a` calling
// the b of before.
func (s *Session) refreshCallers(ctx context.Context, c *chunk, redefined []string) {
	declared := map[string]bool{}
	for _, d := range c.decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			declared[funcKey(d)] = true
		case *ast.GenDecl:
			if d.Tok == token.TYPE {
				for _, sp := range d.Specs {
					declared[sp.(*ast.TypeSpec).Name.Name] = true
				}
			}
		}
	}
	keys := slices.Sorted(maps.Keys(s.state.funcs))
	// The closure: types, then functions, that use a name redefined or
	// one of those found before.
	done := map[string]bool{}
	var types, funcs []string
	frontier := redefined
	first := true
	for len(frontier) > 0 {
		var next, names, typeNames []string
		for _, k := range frontier {
			names = append(names, memberName(k))
			// A type uses types and constants (an array's length), not
			// functions: an interface's method of the same name as one
			// redefined is not a use.
			if d, ok := s.state.decls[k]; ok && (d.kind == "type" || d.kind == "const") {
				typeNames = append(typeNames, k)
			}
			// A package imported again (localmod.go): types may name
			// its types.
			if _, ok := s.state.imports[k]; ok {
				typeNames = append(typeNames, k)
			}
		}
		for _, t := range s.typesUsing(typeNames) {
			// A type of c that uses a type declared again (type B
			// struct{ A *A } when A uses B) is declared again too.
			if done[t] || first && declared[t] {
				continue
			}
			done[t] = true
			types = append(types, t)
			next = append(next, t)
		}
		for _, k := range keys {
			if done[k] || first && declared[k] || !usesAny(s.state.funcs[k].uses, names) {
				continue
			}
			done[k] = true
			funcs = append(funcs, k)
			next = append(next, k)
		}
		frontier, first = next, false
	}
	if len(types) > 0 {
		slices.Sort(types)
		if err := s.redeclareTypes(ctx, types); err != nil {
			// One by one, then: those that fail keep their old definition.
			var ok []string
			for _, t := range types {
				if err := s.redeclareTypes(ctx, []string{t}); err != nil {
					s.route.get().Stream("stderr", fmt.Sprintf("note: type %s still uses the old %s: declaring it again failed: %v\n", t, strings.Join(redefined, ", "), err))
				} else {
					ok = append(ok, t)
				}
			}
			s.noteOldValues(ok)
		} else {
			s.noteOldValues(types)
		}
	}
	if len(funcs) == 0 {
		return
	}
	slices.Sort(funcs)
	if s.recompile(ctx, funcs...) == nil {
		return
	}
	// Some do not compile: find them, compiling one at a time until no
	// more succeed (one may need another compiled first), and make them
	// stubs that say why; then compile the others together again, so that
	// they bind one another and the stubs.
	failed := map[string]error{}
	pending := funcs
	for len(pending) > 0 {
		var still []string
		for _, k := range pending {
			if err := s.recompile(ctx, k); err != nil {
				failed[k] = err
				still = append(still, k)
			} else {
				delete(failed, k)
			}
		}
		if len(still) == len(pending) {
			break
		}
		pending = still
	}
	causes := append(slices.Clone(redefined), types...)
	var ok, stubbed, notes []string
	for _, k := range funcs {
		err, bad := failed[k]
		if !bad {
			ok = append(ok, k)
			continue
		}
		// Its old definition calls the new one as if it were the old: it
		// failed at run time with a meaningless error ("index out of range
		// [0] with length 0"), or worse.
		why, _, _ := strings.Cut(strings.TrimPrefix(err.Error(), "compile error: "), "\n")
		msg := fmt.Sprintf("%s cannot run: it %s, which a later cell redefined, and does not compile with the new definition (%s); define %s again to fit", k, s.describeUses(s.causesOf(k, causes, funcs)), why, k)
		if serr := s.stubFunc(ctx, s.state.funcs[k], msg); serr != nil {
			s.route.get().Stream("stderr", fmt.Sprintf("note: %s still runs its old definition, which calls the one redefined: compiling it again failed: %v\n", k, err))
			continue
		}
		stubbed = append(stubbed, k)
		notes = append(notes, "note: "+msg+"\n")
	}
	if len(ok) > 0 {
		s.recompile(ctx, ok...)
	}
	// Many (a helper that 300 functions call changed its signature): one
	// note, not a screenful; a call of each still says why.
	if len(notes) > maxStubNotes {
		names := stubbed[:maxStubNotes]
		notes = []string{fmt.Sprintf("note: %d functions and methods cannot run: they use %s, which a later cell redefined, and do not compile with the new definition: %s and %d more; a call of one says why; define them again to fit. The first: %s",
			len(stubbed), strings.Join(redefined, ", "), strings.Join(names, ", "), len(stubbed)-len(names), strings.TrimPrefix(notes[0], "note: "))}
	}
	for _, n := range notes {
		s.route.get().Stream("stderr", n)
	}
}

// maxStubNotes is how many functions that no longer compile the notes of
// a redefinition name one by one.
const maxStubNotes = 5

// causesOf returns the names among causes (the redefined functions and
// types, and the types declared again for them) that function k uses, or
// else those of funcs (compiled again for them) that it uses.
func (s *Session) causesOf(k string, causes, funcs []string) []string {
	uses := s.state.funcs[k].uses
	var out []string
	for _, list := range [][]string{causes, funcs} {
		for _, c := range list {
			if c != k && slices.Contains(uses, memberName(c)) && !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return causes
}

// changedTypes returns the types that d declares again with another
// definition than an earlier cell gave them.
func (s *Session) changedTypes(d *ast.GenDecl) []string {
	if d.Tok != token.TYPE {
		return nil
	}
	var names []string
	for _, sp := range d.Specs {
		ts := sp.(*ast.TypeSpec)
		if old, ok := s.state.decls[ts.Name.Name]; ok && old.kind == "type" && old.src != nodeString(ts) {
			names = append(names, ts.Name.Name)
		}
	}
	return names
}

// noteOldValues remembers the types a cell declared again with another
// definition, for errors (oldValueHint), and the variables that hold
// values of their old definitions, which the new methods and functions
// cannot take, for flushOldValueNotes.
func (s *Session) noteOldValues(types []string) {
	for _, t := range types {
		if !slices.Contains(s.state.changed, t) {
			s.state.changed = append(s.state.changed, t)
		}
		var vars []string
		for name, d := range s.state.decls {
			if d.kind == "var" && d.typ == t {
				vars = append(vars, name)
			}
		}
		// And those whose type the source did not tell (m :=
		// NewModel(2), net := []Layer{Linear{2}}, counts :=
		// map[Key]int{}): what they hold now.
		for name, v := range s.interp.Globals() {
			if d, ok := s.state.decls[name]; !ok || d.kind != "var" || slices.Contains(vars, name) {
				continue
			}
			for _, old := range s.state.pastTypes[t] {
				if holdsType(v, old, 4) {
					vars = append(vars, name)
					break
				}
			}
		}
		if len(vars) > 0 {
			if s.state.oldValues == nil {
				s.state.oldValues = map[string][]string{}
			}
			s.state.oldValues[t] = vars
		}
	}
}

// flushOldValueNotes says on stderr, at the end of a cell that changed
// types, which variables still hold values of their old definitions
// (those the cell did not define again).
func (s *Session) flushOldValueNotes() {
	types := slices.Sorted(maps.Keys(s.state.oldValues))
	for _, t := range types {
		vars := s.state.oldValues[t]
		if len(vars) == 0 {
			continue
		}
		slices.Sort(vars)
		what := "still holds a value"
		if len(vars) > 1 {
			what = "still hold values"
		}
		s.route.get().Stream("stderr", fmt.Sprintf("note: %s %s of the old %s, which the functions and methods of the new %s cannot take: make it again\n", strings.Join(vars, ", "), what, t, t))
	}
	s.state.oldValues = nil
}

// sameTypeUseRE matches the interpreter's "cannot use x (variable of type
// T) as T value" of a value of a type's old definition given where the
// new one is wanted, or of a new value given to a function value of the
// old (a method value taken before).
var sameTypeUseRE = regexp.MustCompile(`cannot use (?:.+? \((?:variable|value) of (?:\w+ )?type (.+?)\)|value of (?:\w+ )?type (.+?)) as (.+?) value`)

// lastIdentRE matches the last name of a type: Model of *Model, Event of
// chan Event.
var lastIdentRE = regexp.MustCompile(`[\pL_][\pL\pN_]*$`)

// oldTypeUseHint explains such a compile error once a cell has declared a
// type again; it returns "" for other errors.
func (s *Session) oldTypeUseHint(msg string) string {
	if len(s.state.changed) == 0 && len(s.state.reloaded) == 0 {
		return ""
	}
	m := sameTypeUseRE.FindStringSubmatch(msg)
	if m == nil || m[1]+m[2] != m[3] {
		return ""
	}
	// A type of a package imported again (localmod.go).
	if pkg, typ, ok := strings.Cut(strings.TrimLeft(m[3], "*[]"), "."); ok {
		if path := s.state.imports[pkg]; s.state.reloaded[path] {
			return fmt.Sprintf(" (%s was imported again after it changed on disk: the values made before are of its old %s; make them again)", path, typ)
		}
	}
	name := lastIdentRE.FindString(m[3])
	if name == "" || !slices.Contains(s.state.changed, name) {
		return ""
	}
	return fmt.Sprintf(" (a later cell declared %s again: the values made before it are of the old %s; make them again)", name, name)
}

// forgetType makes the interpreter forget type name (Interpreter.ForgetType)
// and remembers its old definition's reflect type in pastTypes; it returns
// the function that undoes both, or nil when there is no such type.
func (s *Session) forgetType(name string) (restore func()) {
	rt := s.interp.TypeByName(name)
	r := s.interp.ForgetType(name)
	if r == nil {
		return nil
	}
	if rt == nil {
		return r
	}
	if s.state.pastTypes == nil {
		s.state.pastTypes = map[string][]reflect.Type{}
	}
	s.state.pastTypes[name] = append(s.state.pastTypes[name], rt)
	return func() {
		r()
		if p := s.state.pastTypes[name]; len(p) > 0 && p[len(p)-1] == rt {
			s.state.pastTypes[name] = p[:len(p)-1]
		}
	}
}

// holdsType reports whether v holds a value of type t: is one, points to
// one, or holds one in an element, a field or an interface, to depth
// levels (the first 100 elements of a slice, an array or a map).
func holdsType(v reflect.Value, t reflect.Type, depth int) bool {
	if !v.IsValid() || depth < 0 {
		return false
	}
	if v.Type() == t {
		return true
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		return !v.IsNil() && holdsType(v.Elem(), t, depth-1)
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			return false
		}
		if typeHolds(v.Type().Elem(), t, depth) {
			return true
		}
		for i := 0; i < v.Len() && i < 100; i++ {
			if holdsType(v.Index(i), t, depth-1) {
				return true
			}
		}
	case reflect.Map:
		if typeHolds(v.Type().Key(), t, depth) || typeHolds(v.Type().Elem(), t, depth) {
			return true
		}
		it := v.MapRange()
		for i := 0; i < 100 && it.Next(); i++ {
			if holdsType(it.Key(), t, depth-1) || holdsType(it.Value(), t, depth-1) {
				return true
			}
		}
	case reflect.Chan:
		return typeHolds(v.Type().Elem(), t, depth)
	case reflect.Struct:
		// An interface value of the interpreter.
		if inner, ok := interpvalue.Wrapped(v); ok {
			return holdsType(inner, t, depth-1)
		}
		if !v.CanInterface() {
			// a field of the interpreter's: left alone
		} else if inner, ok := interpvalue.Interface(v.Interface()); ok {
			return holdsType(inner, t, depth-1)
		}
		for i := 0; i < v.NumField(); i++ {
			if holdsType(v.Field(i), t, depth-1) {
				return true
			}
		}
	}
	return false
}

// typeHolds reports whether values of type u are or contain values of
// type t (through pointers, elements and fields), to depth levels.
func typeHolds(u, t reflect.Type, depth int) bool {
	if u == t {
		return true
	}
	if depth < 0 {
		return false
	}
	switch u.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Chan:
		return typeHolds(u.Elem(), t, depth-1)
	case reflect.Map:
		return typeHolds(u.Key(), t, depth-1) || typeHolds(u.Elem(), t, depth-1)
	}
	return false
}

// oldValueHint explains a run-time error of reflect about a value of a
// type's old definition given where the new one is wanted, once a cell
// has declared a type again; it returns "" for other errors.
func (s *Session) oldValueHint(msg string) string {
	// reflect's "Call using T as type U": a method value or a function
	// value of before called with a value of the new type, or a channel
	// of the old type given to a new function.
	callUsing := strings.Contains(msg, "Call using ") && strings.Contains(msg, " as type ")
	if len(s.state.changed) == 0 || !strings.Contains(msg, "is not assignable to type") && !strings.Contains(msg, "cannot use") && !callUsing {
		return ""
	}
	return fmt.Sprintf(" (a value made before a cell declared its type again, %s, is of the old type: make it again; a variable declared before holds the old type too: declare it again, with := or var)", strings.Join(s.state.changed, ", "))
}

// forgetChangedTypes makes the interpreter forget the types that chunk c
// declares again with another definition, which it would otherwise
// ignore, and returns the functions that put them back if c fails.
func (s *Session) forgetChangedTypes(c *chunk) (restore []func()) {
	for _, d := range c.decls {
		if g, ok := d.(*ast.GenDecl); ok {
			for _, name := range s.changedTypes(g) {
				if r := s.forgetType(name); r != nil {
					restore = append(restore, r)
				}
			}
		}
	}
	return restore
}

// typesUsing returns, sorted, the recorded non-generic types whose
// definitions use one of names.
func (s *Session) typesUsing(names []string) []string {
	var out []string
	for name, d := range s.state.decls {
		if d.kind != "type" || d.generic || slices.Contains(names, name) {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), "", "package p; type "+d.src, 0)
		if err != nil {
			continue
		}
		uses := false
		ast.Inspect(f.Decls[0].(*ast.GenDecl).Specs[0].(*ast.TypeSpec).Type, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && slices.Contains(names, id.Name) {
				uses = true
			}
			return !uses
		})
		if uses {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// redeclareTypes declares types names again with their recorded
// definitions, together, so that they use the types of those definitions
// declared again since, and one another. When that fails, they stay as
// they were.
func (s *Session) redeclareTypes(ctx context.Context, names []string) error {
	var restore []func()
	src := ""
	for _, name := range names {
		r := s.forgetType(name)
		if r == nil {
			for _, r := range restore {
				r()
			}
			return fmt.Errorf("no type %s", name)
		}
		restore = append(restore, r)
		src += "type " + s.state.decls[name].src + "\n"
	}
	if _, err := s.eval(ctx, src); err != nil {
		for _, r := range restore {
			r()
		}
		return err
	}
	return nil
}

// recompile evaluates the recorded declarations of functions keys again,
// together, with the Session's rewrites.
func (s *Session) recompile(ctx context.Context, keys ...string) error {
	var b strings.Builder
	for _, k := range keys {
		fs := s.state.funcs[k]
		b.WriteString(fs.dir + fs.src + "\n")
	}
	return s.recompileSource(ctx, b.String())
}

// recompileSource evaluates declarations src again, with the Session's
// rewrites.
func (s *Session) recompileSource(ctx context.Context, src string) error {
	c := &chunk{kind: itemDecl, text: src, orig: src}
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
	if !ok || d.Body == nil {
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

// describeUses says what a function uses of keys: "calls f, T.M" or
// "uses type T".
func (s *Session) describeUses(keys []string) string {
	var funcs, types, vars []string
	for _, k := range keys {
		switch d, ok := s.state.decls[k]; {
		case ok && d.kind == "type":
			types = append(types, k)
		case ok && (d.kind == "var" || d.kind == "const"):
			vars = append(vars, k)
		default:
			funcs = append(funcs, k)
		}
	}
	var parts []string
	if len(funcs) > 0 {
		parts = append(parts, "calls "+strings.Join(funcs, ", "))
	}
	if len(types) > 0 {
		parts = append(parts, "uses type "+strings.Join(types, ", "))
	}
	if len(vars) > 0 {
		parts = append(parts, "uses "+strings.Join(vars, ", "))
	}
	return strings.Join(parts, " and ")
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

// memberName is the name by which callers name the function or method of
// funcKey key: "M" of "T.M".
func memberName(key string) string {
	_, m, ok := strings.Cut(key, ".")
	if !ok {
		return key
	}
	return m
}

// inside reports whether declaration node decl lies within function d.
func inside(decl any, d *ast.FuncDecl) bool {
	n, ok := decl.(ast.Node)
	return ok && n.Pos() >= d.Pos() && n.End() <= d.End()
}

func usesAny(uses, names []string) bool {
	for _, n := range names {
		if slices.Contains(uses, n) {
			return true
		}
	}
	return false
}

// undoFailedFuncs undoes what yaegi leaves of the functions and methods
// of chunk c (of cell name) when c fails to compile: it has declared them
// all, with no code, so a call of one returned zero values or panicked
// with an index out of range. One that an earlier cell defined gets that
// definition back; another becomes one that panics saying that its cell
// did not compile.
func (s *Session) undoFailedFuncs(ctx context.Context, name string, c *chunk) {
	for _, d := range c.decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Body == nil || fd.Name.Name == "_" {
			continue
		}
		key := funcKey(fd)
		if _, ok := s.state.funcs[key]; ok && s.recompile(ctx, key) == nil {
			continue
		}
		if fs, ok := s.funcSourceOf(c, fd); ok {
			s.stubFunc(ctx, fs, fmt.Sprintf("%s is not defined: %s, which declares it, did not compile; fix it and run it again", key, name))
		}
	}
}
