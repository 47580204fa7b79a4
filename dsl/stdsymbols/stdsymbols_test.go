package stdsymbols

import (
	"bufio"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/petridish-go/petridish/dsl/stdsymbols/internal/stdapi"
	"github.com/traefik/yaegi/stdlib"
)

// added returns the names that the installed Go's api files
// ($GOROOT/api/go1.23.txt up to this release's) list as added to each
// package (functions, types, constants and variables; not generic ones,
// methods, fields or names of one system only).
func added(t *testing.T) map[string]map[string]bool {
	t.Helper()
	v := strings.TrimPrefix(runtime.Version(), "go1.")
	minor, err := strconv.Atoi(strings.FieldsFunc(v, func(r rune) bool { return r < '0' || r > '9' })[0])
	if err != nil || !strings.HasPrefix(runtime.Version(), "go1.") {
		t.Skipf("not a Go release: %s", runtime.Version())
	}
	out := map[string]map[string]bool{}
	for m := 23; m <= minor; m++ {
		f, err := os.Open(filepath.Join(runtime.GOROOT(), "api", fmt.Sprintf("go1.%d.txt", m)))
		if err != nil {
			t.Skipf("no api files in GOROOT: %v", err)
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			// pkg strings, func Lines(string) iter.Seq[string] #61901
			rest, ok := strings.CutPrefix(sc.Text(), "pkg ")
			if !ok {
				continue
			}
			pkg, decl, ok := strings.Cut(rest, ", ")
			if !ok || strings.Contains(pkg, " ") {
				continue // "pkg syscall (linux-386), ..."
			}
			kind, decl, _ := strings.Cut(decl, " ")
			switch kind {
			case "func", "type", "const", "var":
			default:
				continue // methods
			}
			name := decl
			if i := strings.IndexAny(decl, " ([="); i >= 0 {
				if decl[i] == '[' {
					continue // generic
				}
				name = decl[:i]
			}
			if out[pkg] == nil {
				out[pkg] = map[string]bool{}
			}
			out[pkg][name] = true
		}
		f.Close()
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// TestTablesAreCurrent checks that the tables hold exactly the names the
// installed Go added to the packages of yaegi's tables and the packages
// it added, after Go 1.22.
func TestTablesAreCurrent(t *testing.T) {
	want := added(t)
	upstream := stdapi.Upstream()
	newPkgs, err := stdapi.NewPackages(upstream)
	if err != nil {
		t.Fatalf("go list std: %v", err)
	}
	covered := map[string]bool{}
	for p := range upstream {
		covered[p] = true
	}
	for _, p := range newPkgs {
		covered[p] = true
	}
	have := map[string]map[string]bool{}
	for key, syms := range Symbols {
		p := path.Dir(key)
		if !covered[p] {
			t.Errorf("table for %s, which is neither in yaegi's tables nor new", p)
		}
		have[p] = map[string]bool{}
		for n := range syms {
			if !strings.HasPrefix(n, "_") {
				have[p][n] = true
			}
		}
	}
	var missing, extra []string
	for p := range covered {
		for n := range want[p] {
			if !have[p][n] && !upstream[p][n] {
				missing = append(missing, p+"."+n)
			}
		}
		for n := range have[p] {
			if !want[p][n] {
				extra = append(extra, p+"."+n)
			}
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	if len(missing) > 0 {
		t.Errorf("the tables lack %s: run go generate ./dsl/stdsymbols", strings.Join(missing, ", "))
	}
	if len(extra) > 0 {
		t.Errorf("the tables have names that no api file after go1.22 adds: %s", strings.Join(extra, ", "))
	}
}

// TestStdKeepsUpstream checks that Std adds to yaegi's tables without
// replacing any of their values and without changing them.
func TestStdKeepsUpstream(t *testing.T) {
	std := Std()
	for key, syms := range stdlib.Symbols {
		for n, v := range syms {
			if got := std[key][n]; got != v {
				t.Errorf("Std()[%s][%s] is not yaegi's", key, n)
			}
		}
	}
	for key, syms := range Symbols {
		for n := range syms {
			if _, ok := std[key][n]; !ok {
				t.Errorf("Std() lacks %s.%s", key, n)
			}
			if _, ok := stdlib.Symbols[key][n]; ok {
				t.Errorf("%s.%s is in yaegi's table already", key, n)
			}
		}
	}
	if _, ok := std["strings/strings"]["Lines"]; !ok {
		t.Error("Std() lacks strings.Lines")
	}
	if _, ok := stdlib.Symbols["strings/strings"]["Lines"]; ok {
		t.Error("Std() changed yaegi's strings table")
	}
}
