// Package stdapi tells which standard packages dsl/stdsymbols covers and
// which of their names it must add to yaegi's tables.
package stdapi

import (
	"go/types"
	"os/exec"
	"path"
	"sort"
	"strings"

	"github.com/traefik/yaegi/stdlib"
)

// Skipped are the standard packages that neither yaegi's tables nor
// stdsymbols give cells, and why.
var Skipped = map[string]string{
	"os/exec":                "yaegi keeps it for unrestricted interpreters",
	"syscall":                "yaegi keeps it for unrestricted interpreters",
	"unsafe":                 "yaegi keeps it for unrestricted interpreters",
	"plugin":                 "not for interpreted code",
	"embed":                  "go:embed needs the compiler",
	"runtime/cgo":            "not for interpreted code",
	"runtime/race":           "not for interpreted code",
	"runtime/coverage":       "not for interpreted code",
	"time/tzdata":            "no exported names",
	"testing/synctest":       "needs a *testing.T",
	"testing/cryptotest":     "test helper",
	"crypto/mlkem/mlkemtest": "test helper",
}

// Upstream returns the import paths of the packages in yaegi's
// stdlib.Symbols, and their tables.
func Upstream() map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for key, syms := range stdlib.Symbols {
		p := path.Dir(key)
		if p == "." || strings.Contains(p, "yaegi") {
			continue
		}
		names := map[string]bool{}
		for n := range syms {
			names[n] = true
		}
		out[p] = names
	}
	return out
}

// NewPackages returns the packages of the installed Go's standard library
// (`go list std`, without internal, vendor and cmd packages) that yaegi's
// tables lack and Skipped does not list, sorted.
func NewPackages(upstream map[string]map[string]bool) ([]string, error) {
	out, err := exec.Command("go", "list", "std").Output()
	if err != nil {
		return nil, err
	}
	var pkgs []string
	for _, p := range strings.Fields(string(out)) {
		if upstream[p] != nil || Skipped[p] != "" || strings.HasPrefix(p, "vendor/") || strings.HasPrefix(p, "cmd/") || isInternal(p) {
			continue
		}
		pkgs = append(pkgs, p)
	}
	sort.Strings(pkgs)
	return pkgs, nil
}

func isInternal(p string) bool {
	return p == "internal" || strings.HasPrefix(p, "internal/") || strings.Contains(p, "/internal/") || strings.HasSuffix(p, "/internal")
}

// Extractable returns the exported names of pkg that `yaegi extract`
// writes a table entry for: all but generic functions and types and
// constraint interfaces, sorted.
func Extractable(pkg *types.Package) []string {
	var out []string
	for _, name := range pkg.Scope().Names() {
		o := pkg.Scope().Lookup(name)
		if !o.Exported() {
			continue
		}
		switch o := o.(type) {
		case *types.Func:
			if o.Type().(*types.Signature).TypeParams().Len() > 0 {
				continue
			}
		case *types.TypeName:
			if t, ok := o.Type().(*types.Named); ok && t.TypeParams().Len() > 0 {
				continue
			}
			if t, ok := o.Type().(*types.Alias); ok && t.TypeParams().Len() > 0 {
				continue
			}
			if t, ok := o.Type().Underlying().(*types.Interface); ok && t.NumMethods() == 0 && t.NumEmbeddeds() != 0 {
				continue
			}
		}
		out = append(out, name)
	}
	return out
}
