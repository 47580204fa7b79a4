package symbols

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/json"
	"io"
	"sync"
)

// DocEntry documents one member of a compiled package (or the package
// itself), extracted from the sources by `go generate`.
type DocEntry struct {
	Kind string `json:"k"` // "package", "func", "type", "method", "var" or "const"
	Decl string `json:"d"` // the declaration: a signature or type definition
	Doc  string `json:"c"` // the doc comment
	Pos  string `json:"p"` // the source location, such as "gonum.org/v1/gonum/mat/dense.go:45"
}

var (
	//go:embed docs.json.gz
	docsGz []byte
	//go:embed docs_std.json.gz
	docsStdGz []byte
)

var (
	docsOnce sync.Once
	docs     map[string]map[string]DocEntry // import path -> name -> entry
)

// Doc returns the documentation of name in the package importPath: a
// package-level name ("Println"), a method or field path ("Dense.Mul"), or
// "" for the package itself.
func Doc(importPath, name string) (DocEntry, bool) {
	docsOnce.Do(loadDocs)
	e, ok := docs[importPath][name]
	return e, ok
}

func loadDocs() {
	docs = map[string]map[string]DocEntry{}
	for _, gz := range [][]byte{docsStdGz, docsGz} {
		zr, err := gzip.NewReader(bytes.NewReader(gz))
		if err != nil {
			continue
		}
		raw, err := io.ReadAll(zr)
		if err != nil {
			continue
		}
		var m map[string]map[string]DocEntry
		if json.Unmarshal(raw, &m) == nil {
			for k, v := range m {
				docs[k] = v
			}
		}
	}
}
