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
	"os"
	"os/exec"

	"github.com/petridish-go/petridish/dsl/internal/pkgdoc"
)

func main() {
	out := flag.String("o", "docs.json.gz", "output file")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: gendocs -o FILE.json.gz IMPORTPATH...")
		os.Exit(2)
	}
	all := map[string]map[string]pkgdoc.Entry{}
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

func extract(importPath string) (map[string]pkgdoc.Entry, error) {
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
	return pkgdoc.Files(importPath, l.Dir, l.GoFiles)
}
