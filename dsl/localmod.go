package dsl

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/petridish-go/petridish/dsl/internal/pkgdoc"
	"github.com/petridish-go/petridish/dsl/symbols"
)

// Packages of the module a notebook lives in. A notebook or script in a
// Go module (a folder with go.mod, or below one) imports that module's
// packages, and those of the modules it requires, as `go run` would: the
// interpreter asks sourceFS for a package's folder under its GoPath, and
// sourceFS reads it from the module's folder instead. The working
// directory decides the module, as it does for the go command (Jupyter
// starts the kernel in the notebook's folder; %cd moves it).

// goListTimeout bounds a go command run to find or download the modules
// the working module requires.
const goListTimeout = 2 * time.Minute

// sourceFS is the filesystem the interpreter reads package sources from:
// paths under the GoPath's src folder that name a package of the working
// module, or of a module it requires, are read from that module's folder;
// every other path is read as it is. It remembers the files it read from
// folders a user edits (not the read-only module cache), so that a cell
// run after one changed can say so (changedPackages).
type sourceFS struct {
	src string // the GoPath's src folder

	mu     sync.Mutex
	deps   map[string]*moduleDeps // by the working module's folder
	stamps map[string]stamp       // files and folders read from editable modules
}

// stamp is what a file or folder looked like when the interpreter read it.
type stamp struct {
	pkg     string // the import path of its package
	modTime time.Time
	size    int64
	gone    bool // it did not exist
}

// moduleDeps holds where the go command found packages for a build in a
// module's folder, when go.mod (and go.sum, go.work) had the times in key.
type moduleDeps struct {
	key  string
	pkgs map[string]listed // by import path
}

// listed is a package's folder as `go list` gave it, or why it gave none.
type listed struct {
	dir      string
	editable bool // not in the module cache
	err      error
}

// module is a module's path and the folder that holds its files.
type module struct{ path, dir string }

func newSourceFS(goPath string) *sourceFS {
	return &sourceFS{src: filepath.Join(goPath, "src"), deps: map[string]*moduleDeps{}, stamps: map[string]stamp{}}
}

// Open opens name, from a module's folder when name is a package path
// under the GoPath's src folder that a module of the working module
// provides.
func (f *sourceFS) Open(name string) (fs.File, error) {
	real, pkg, editable := f.resolve(name)
	file, err := os.Open(real)
	if editable {
		f.remember(real, pkg, file)
	}
	if err != nil {
		return nil, err
	}
	return file, nil
}

// resolve returns the path name is read from, the import path of the
// package it belongs to, and whether it lies in a folder the user edits.
func (f *sourceFS) resolve(name string) (real, pkg string, editable bool) {
	rel, err := filepath.Rel(f.src, name)
	if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		return name, "", false
	}
	rel = filepath.ToSlash(rel)
	mod, ok := workingModule()
	if !ok {
		return name, "", false
	}
	if dir, ok := within(rel, mod); ok {
		return dir, packageOf(rel), true
	}
	if !mayRequire(rel) {
		return name, "", false
	}
	pkg = packageOf(rel)
	dir, editable := f.packageDir(mod, pkg)
	if dir == "" {
		return name, "", false
	}
	return filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(rel, pkg))), pkg, editable
}

// provides reports whether rel, a path under src, is a module's path or
// below it.
func provides(modPath, rel string) bool {
	return rel == modPath || strings.HasPrefix(rel, modPath+"/")
}

// packageOf returns the import path of the package a path under src
// names: the path of a folder is the package's, a file's its folder's.
func packageOf(rel string) string {
	if strings.HasSuffix(rel, ".go") {
		return path.Dir(rel)
	}
	return rel
}

// mayRequire reports whether an import path can be a required module's:
// its first element has a dot, as the go command demands (a path without
// one is the standard library's, or the GoPath's own).
func mayRequire(rel string) bool {
	first, _, _ := strings.Cut(rel, "/")
	return strings.Contains(first, ".")
}

// within returns the folder or file of m that rel, a path under src,
// names, when rel is m's path or below it.
func within(rel string, m module) (string, bool) {
	if m.dir == "" || !provides(m.path, rel) {
		return "", false
	}
	if rel == m.path {
		return m.dir, true
	}
	rest := strings.TrimPrefix(rel, m.path+"/")
	return filepath.Join(m.dir, filepath.FromSlash(rest)), true
}

// workingModule returns the module of the working directory: the nearest
// folder at or above it with a go.mod, and the module path that go.mod
// declares.
func workingModule() (module, bool) {
	wd, err := os.Getwd()
	if err != nil {
		return module{}, false
	}
	for dir := wd; ; {
		if data, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil {
			if p := modulePath(data); p != "" {
				return module{path: p, dir: dir}, true
			}
			return module{}, false
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return module{}, false
		}
		dir = parent
	}
}

// modulePath returns the path of a go.mod's module directive, or "".
func modulePath(gomod []byte) string {
	sc := bufio.NewScanner(bytes.NewReader(gomod))
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "//")
		fields := strings.Fields(line)
		if len(fields) != 2 || fields[0] != "module" {
			continue
		}
		if p, err := strconv.Unquote(fields[1]); err == nil {
			return p
		}
		return fields[1]
	}
	return ""
}

// packageDir returns the folder of package pkg, which the working module
// mod does not provide, as the go command finds it for a build in mod's
// folder (`go list`: the version go.mod requires, replace directives,
// go.work, vendor/; downloaded if need be), and whether that folder is one
// a user edits rather than the read-only module cache. The answers are
// kept until go.mod, go.sum or go.work changes.
func (f *sourceFS) packageDir(mod module, pkg string) (dir string, editable bool) {
	key := fileTimes(mod.dir, "go.mod", "go.sum", "go.work")
	f.mu.Lock()
	d := f.deps[mod.dir]
	if d == nil || d.key != key {
		d = &moduleDeps{key: key, pkgs: map[string]listed{}}
		f.deps[mod.dir] = d
	}
	l, ok := d.pkgs[pkg]
	f.mu.Unlock()
	if !ok {
		l = listPackage(mod.dir, pkg)
		f.mu.Lock()
		d.pkgs[pkg] = l
		f.mu.Unlock()
	}
	return l.dir, l.editable
}

// listPackage asks the go command, in folder dir, where package pkg is.
func listPackage(dir, pkg string) listed {
	out, err := goCommand(dir, "list", "-e", "-f",
		"{{.Dir}}\t{{with .Module}}{{with .Replace}}{{.Version}}{{else}}{{.Version}}{{end}}{{end}}\t{{with .Error}}{{.Err}}{{end}}", "--", pkg)
	if err != nil {
		return listed{err: err}
	}
	fields := strings.SplitN(strings.TrimRight(out, "\r\n"), "\t", 3)
	if len(fields) != 3 {
		return listed{err: fmt.Errorf("go list %s printed %q", pkg, out)}
	}
	if fields[2] != "" {
		return listed{err: errors.New(fields[2])}
	}
	// A module version names a download in the module cache; the main
	// module, a workspace's and a folder a replace directive names have
	// none.
	return listed{dir: fields[0], editable: fields[1] == ""}
}

// fileTimes returns a key that changes when any of dir's named files
// changes.
func fileTimes(dir string, names ...string) string {
	var b strings.Builder
	for _, n := range names {
		if fi, err := os.Stat(filepath.Join(dir, n)); err == nil {
			fmt.Fprintf(&b, "%s %d %d;", n, fi.ModTime().UnixNano(), fi.Size())
		}
	}
	return b.String()
}

// goCommand runs the go command in dir and returns its standard output.
func goCommand(dir string, args ...string) (string, error) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		return "", errors.New("the go command is not on PATH (install Go from https://go.dev/dl)")
	}
	cmd := exec.Command(gobin, args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.WaitDelay = time.Second
	done := make(chan error, 1)
	if err := cmd.Start(); err != nil {
		return "", err
	}
	go func() { done <- cmd.Wait() }()
	select {
	case err = <-done:
	case <-time.After(goListTimeout):
		cmd.Process.Kill()
		err = fmt.Errorf("no answer in %v", goListTimeout)
		<-done
	}
	if err != nil {
		return "", fmt.Errorf("go %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return stdout.String(), nil
}

// stampOf is what a file or folder with info fi (from a Stat that
// returned err) looks like, as part of package pkg.
func stampOf(pkg string, fi fs.FileInfo, err error) stamp {
	if err != nil {
		return stamp{pkg: pkg, gone: true}
	}
	st := stamp{pkg: pkg, modTime: fi.ModTime(), size: fi.Size()}
	if fi.IsDir() {
		st.size = 0 // a folder's size says nothing of its files
	}
	return st
}

// remember keeps what a file or folder read from an editable module
// looked like, for changedPackages. file is nil when it did not open.
func (f *sourceFS) remember(real, pkg string, file *os.File) {
	st := stamp{pkg: pkg, gone: true}
	if file != nil {
		fi, err := file.Stat()
		st = stampOf(pkg, fi, err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.stamps[real]; !ok {
		f.stamps[real] = st
	}
}

// changedPackages returns, sorted, the import paths of the packages read
// from the working module (or a module it replaces with a folder) whose
// files changed since they were read.
func (f *sourceFS) changedPackages() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	changed := map[string]bool{}
	for p, st := range f.stamps {
		fi, err := os.Stat(p)
		if stampOf(st.pkg, fi, err) != st {
			changed[st.pkg] = true
		}
	}
	return slices.Sorted(maps.Keys(changed))
}

// explainUnfound (of a nil sourceFS too) returns what to add to the error of an import path
// outside the working module that no module and no %go get provides, when
// the working directory is in a module, or "".
func (f *sourceFS) explainUnfound(importPath string) string {
	mod, ok := workingModule()
	if f == nil || !ok {
		return ""
	}
	f.mu.Lock()
	var l listed
	if d := f.deps[mod.dir]; d != nil {
		l = d.pkgs[importPath]
	}
	f.mu.Unlock()
	if l.err != nil {
		return fmt.Sprintf("; in the working directory's module %s (%s), the go command says: %v", mod.path, mod.dir, l.err)
	}
	return fmt.Sprintf("; the working directory's module %s (%s) does not provide it either", mod.path, mod.dir)
}

// reloadChangedPackages imports again, before a cell runs, the packages
// of the working module (and of modules it replaces with folders) that
// cells imported, when files of one of them changed on disk since: all
// of them, as one may use another's types. The functions and types of
// earlier cells that use them are compiled again, as for a function a
// cell redefines (refreshCallers), so that a call of models.Double in
// one runs the new Double, as an attribute lookup does after Python's
// importlib.reload; values made before keep their types. It says so on
// stderr.
func (s *Session) reloadChangedPackages(ctx context.Context, out Output) {
	changed := s.srcFS.changedPackages()
	if len(changed) == 0 {
		return
	}
	read := s.srcFS.forget()
	for _, p := range read {
		s.interp.ForgetPackage(p)
		delete(s.state.srcDocs, p)
	}
	var imported, names []string
	for name, p := range s.state.imports {
		if slices.Contains(read, p) {
			names = append(names, name)
			if !slices.Contains(imported, p) {
				imported = append(imported, p)
			}
		}
	}
	sort.Strings(imported)
	sort.Strings(names)
	var failed []string
	for _, p := range imported {
		if _, err := s.eval(ctx, "import "+strconv.Quote(p)); err != nil {
			msg := err.Error()
			if e, ok := err.(*Error); ok {
				msg = e.Value
			}
			failed = append(failed, fmt.Sprintf("%s: %s", p, importErrorPrefix.ReplaceAllString(msg, "")))
			continue
		}
		s.state.reloaded[p] = true
		s.documentSource(p)
	}
	what := "package " + changed[0] + " changed"
	if len(changed) > 1 {
		what = "packages " + strings.Join(changed, ", ") + " changed"
	}
	if len(failed) > 0 {
		out.Stream("stderr", fmt.Sprintf("note: %s on disk, and importing it again failed: %s; fix it and run a cell again\n", what, strings.Join(failed, "; ")))
		return
	}
	out.Stream("stderr", fmt.Sprintf("note: %s on disk: imported %s again, and compiled again the functions and types of earlier cells that use it; values made before keep their old types\n", what, strings.Join(imported, ", ")))
	s.refreshCallers(ctx, &chunk{}, names)
}

// folder returns the folder the interpreter reads the package with import
// path importPath from, when it is interpreted from source.
func (f *sourceFS) folder(importPath string) string {
	real, _, _ := f.resolve(filepath.Join(f.src, filepath.FromSlash(importPath)))
	return real
}

// documentSource reads the documentation of a package a cell imported
// from source — one of the working module, of a module it requires, or
// fetched with %go get — for completion, inspection and `name?`.
func (s *Session) documentSource(path string) {
	if _, done := s.state.srcDocs[path]; done || exportsOf(path) != nil {
		return
	}
	if _, compiled := s.state.completed[path]; compiled {
		return // the standard library's generic functions
	}
	docs, err := pkgdoc.Dir(path, s.srcFS.folder(path))
	if err != nil {
		return // the package was imported; only its documentation is missing
	}
	m := make(map[string]symbols.DocEntry, len(docs))
	for k, e := range docs {
		m[k] = symbols.DocEntry(e)
	}
	s.state.srcDocs[path] = m
}

// forget returns the import paths of the packages read from editable
// folders, sorted, and forgets what they looked like: they are about to
// be read again.
func (f *sourceFS) forget() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	seen := map[string]bool{}
	for _, st := range f.stamps {
		seen[st.pkg] = true
	}
	f.stamps = map[string]stamp{}
	return slices.Sorted(maps.Keys(seen))
}

// importErrorPrefix matches what the interpreter puts before the error of
// a package it could not import: `1:21: import "p" error: `.
var importErrorPrefix = regexp.MustCompile(`^\d+:\d+: import "[^"]*" error: `)

// realPaths (of a nil sourceFS too, a planning Session's) rewrites the paths under the GoPath's src folder that name
// files of the working module in msg into their real paths, so that
// errors in a module's package name the file a user edits.
func (f *sourceFS) realPaths(msg string) string {
	if f == nil || !strings.Contains(msg, f.src) {
		return msg
	}
	mod, ok := workingModule()
	if !ok {
		return msg
	}
	return strings.ReplaceAll(msg, filepath.Join(f.src, filepath.FromSlash(mod.path))+string(filepath.Separator), mod.dir+string(filepath.Separator))
}
