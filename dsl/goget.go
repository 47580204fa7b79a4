package dsl

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// Packages beyond the standard library and the compiled-in ones. yaegi
// interprets a package from source when it finds it under its GoPath's
// src folder. `%go get PKG[@VERSION]` runs the go command's `go get` in a
// module of its own under that GoPath, then links each module the packages
// need into src, so that a later `import "PKG"` in a cell interprets it.
// The folder is per user and kept (like pip's site-packages), so packages
// fetched once stay importable in later sessions.

// EnvGoPath names the environment variable that overrides the folder where
// %go get keeps packages for cells (default: petridish/gopath in the
// user's cache folder).
const EnvGoPath = "PETRIDISH_GOPATH"

// goPath returns the folder yaegi looks in for interpreted packages.
func goPath() string {
	if p := os.Getenv(EnvGoPath); p != "" {
		return p
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	return filepath.Join(dir, "petridish", "gopath")
}

// magicGo runs `%go get PKG[@VERSION] ...`.
func (s *Session) magicGo(ctx context.Context, _, arg string, _ part, out Output, _ *Result) error {
	args := strings.Fields(arg)
	if len(args) < 2 || args[0] != "get" {
		return magicError("usage: %%go get PACKAGE[@VERSION] ...; it fetches pure-Go packages that cells then import, interpreted from source")
	}
	pkgs := args[1:]
	for _, p := range pkgs {
		if strings.HasPrefix(p, "-") {
			return magicError("%%go get %s: flags are not supported; give package paths, each optionally with @version", p)
		}
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		return magicError("%%go get needs the go command on PATH (install Go from https://go.dev/dl): %v", err)
	}
	root := goPath()
	mod := filepath.Join(root, "mod")
	if err := os.MkdirAll(mod, 0o755); err != nil {
		return magicError("%%go get: %v", err)
	}
	run := func(stream bool, arg ...string) (string, error) {
		cmd := exec.CommandContext(ctx, gobin, arg...)
		cmd.Dir = mod
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
		var stdout, stderr bytes.Buffer
		cmd.Stdout = &stdout
		cmd.Stderr = &stderr
		if stream {
			cmd.Stderr = s.streamWriter("stderr")
		}
		err := cmd.Run()
		if ctx.Err() != nil {
			return "", s.convertError(ctx, ctx.Err())
		}
		if err != nil {
			return "", magicError("%%go get: go %s: %v\n%s", strings.Join(arg, " "), err, strings.TrimSpace(stderr.String()))
		}
		return stdout.String(), nil
	}
	if _, err := os.Stat(filepath.Join(mod, "go.mod")); err != nil {
		if _, err := run(false, "mod", "init", "petridish.local/cells"); err != nil {
			return err
		}
	}
	if _, err := run(true, append([]string{"get"}, pkgs...)...); err != nil {
		return err
	}
	paths := make([]string, len(pkgs))
	for i, p := range pkgs {
		paths[i], _, _ = strings.Cut(p, "@")
	}
	list, err := run(false, append([]string{"list", "-deps", "-f", "{{with .Module}}{{.Path}}\t{{.Dir}}{{end}}"}, paths...)...)
	if err != nil {
		return err
	}
	linked, err := linkModules(filepath.Join(root, "src"), list)
	if err != nil {
		return magicError("%%go get: %v", err)
	}
	out.Stream("stdout", fmt.Sprintf("%s can now be imported in cells (modules: %s)\n"+
		"note: cells interpret it from source with yaegi, which can differ from compiled Go (package variables initialised out of order, methods that compiled code cannot see); check results that matter\n",
		strings.Join(paths, ", "), strings.Join(linked, ", ")))
	return nil
}

// linkModules makes src/<module path> a link to each module's folder, from
// `go list` lines "path<TAB>dir", and returns the modules linked. A module
// nested in another module's path is left out: the outer link would hide
// it.
func linkModules(src, list string) ([]string, error) {
	dirs := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(list), "\n") {
		path, dir, ok := strings.Cut(line, "\t")
		if ok && dir != "" && path != "petridish.local/cells" {
			dirs[path] = dir
		}
	}
	paths := make([]string, 0, len(dirs))
	for p := range dirs {
		paths = append(paths, p)
	}
	sort.Strings(paths) // a module comes before those nested in its path
	var linked []string
	for _, p := range paths {
		nested := false
		for _, q := range linked {
			nested = nested || strings.HasPrefix(p, q+"/")
		}
		if nested {
			continue
		}
		link := filepath.Join(src, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
			return nil, err
		}
		if target, err := os.Readlink(link); err == nil && target == dirs[p] {
			linked = append(linked, p)
			continue
		}
		os.Remove(link)
		if err := os.Symlink(dirs[p], link); err != nil {
			return nil, err
		}
		linked = append(linked, p)
	}
	return linked, nil
}
