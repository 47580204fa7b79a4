package dsl

import (
	"go/ast"
	"reflect"
	"regexp"
	"strings"
	"unsafe"

	"github.com/traefik/yaegi/interp"
	gen "github.com/traefik/yaegi/stdlib/generic"
)

// yaegi v0.16.1 keeps the instances of generic functions in a cache keyed
// by the function's name and type arguments ("Keys[string,int]"), not by
// the function itself. So a generic function declared again in a later
// cell kept its old body for the type arguments already used (`Twice(1)`
// still ran the first Twice), and a cell's generic function and a
// standard one of the same name took each other's instances (a cell's
// Keys[K, V] after maps.Keys returned maps.Keys's iterator). The Session
// forgets a name's instances before a cell declares a generic function of
// that name, and before each cell the instances of names that both a
// cell and a generic standard package (slices, maps, cmp, ...) declare.
// Code compiled earlier keeps the instances it was compiled with; only
// later compilations instantiate again.

// forgetInstances deletes from the interpreter's cache of generic
// instances those of the functions or types named names.
func forgetInstances(i *interp.Interpreter, names map[string]bool) {
	if len(names) == 0 {
		return
	}
	cache, ok := instanceCache(i)
	if !ok {
		return
	}
	for _, k := range cache.MapKeys() {
		name, _, found := strings.Cut(k.String(), "[")
		if found && names[name] {
			cache.SetMapIndex(k, reflect.Value{})
		}
	}
}

// instanceCache returns the interpreter's cache of generic instances, a
// map from "Name[types]", settable; false if this yaegi has no such field.
func instanceCache(i *interp.Interpreter) (reflect.Value, bool) {
	f := reflect.ValueOf(i).Elem().FieldByName("generic")
	if !f.IsValid() || f.Kind() != reflect.Map || f.Type().Key().Kind() != reflect.String {
		return reflect.Value{}, false
	}
	return reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem(), true
}

// genericFuncDecl matches the generic function declarations of a source
// file: "func Name[".
var genericFuncDecl = regexp.MustCompile(`(?m)^func (\w+)\[`)

// stdGenericNames are the names of the generic functions of the standard
// packages that the interpreter compiles from source: yaegi's and the
// Session's (genericSources).
var stdGenericNames = func() map[string]bool {
	names := map[string]bool{}
	for _, src := range stdSources() {
		for _, m := range genericFuncDecl.FindAllStringSubmatch(src, -1) {
			names[m[1]] = true
		}
	}
	return names
}()

// stdSources are the sources of standard packages that the interpreter
// compiles: yaegi's and the Session's (genericSources).
func stdSources() []string {
	srcs := append([]string(nil), gen.Sources[:]...)
	for _, g := range genericSources {
		srcs = append(srcs, g.src)
	}
	return srcs
}

var (
	packageClause = regexp.MustCompile(`(?m)^package (\w+)`)
	exportedDecl  = regexp.MustCompile(`(?m)^(?:func|type) ([A-Z]\w*)`)
)

// sourceExports are the exported functions and types of the standard
// packages compiled from source (slices.Sorted, iter.Seq, ...), which
// no symbol table lists, by package name.
var sourceExports = func() map[string][]string {
	byPkg := map[string]map[string]bool{}
	for _, src := range stdSources() {
		m := packageClause.FindStringSubmatch(src)
		if m == nil {
			continue
		}
		if byPkg[m[1]] == nil {
			byPkg[m[1]] = map[string]bool{}
		}
		for _, d := range exportedDecl.FindAllStringSubmatch(src, -1) {
			byPkg[m[1]][d[1]] = true
		}
	}
	out := map[string][]string{}
	for pkg, names := range byPkg {
		for n := range names {
			out[pkg] = append(out[pkg], n)
		}
	}
	return out
}()

// forgetSharedInstances forgets, before a cell runs, the instances of the
// generic functions that the cells and a standard package both declare.
func (s *Session) forgetSharedInstances() {
	shared := map[string]bool{}
	for name, d := range s.state.decls {
		if d.kind == "func" && d.generic && stdGenericNames[name] {
			shared[name] = true
		}
	}
	forgetInstances(s.interp, shared)
}

// genericFuncsDeclared returns the names of the generic functions that
// chunk c declares.
func genericFuncsDeclared(c *chunk) map[string]bool {
	var names map[string]bool
	for _, d := range c.decls {
		if f, ok := d.(*ast.FuncDecl); ok && f.Recv == nil && f.Type.TypeParams != nil {
			if names == nil {
				names = map[string]bool{}
			}
			names[f.Name.Name] = true
		}
	}
	return names
}
