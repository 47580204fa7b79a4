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

//go:embed docs.json.gz
var docsGz []byte

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
	zr, err := gzip.NewReader(bytes.NewReader(docsGz))
	if err != nil {
		return
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return
	}
	json.Unmarshal(raw, &docs)
}
