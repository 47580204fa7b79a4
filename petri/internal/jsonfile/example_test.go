package jsonfile_test

import (
	"bytes"
	"fmt"

	"github.com/petridish-go/petridish/petri/internal/jsonfile"
)

func Example() {
	kind := jsonfile.Kind{What: "note", Format: "petridish-note", Version: 1, FormatHint: "is it a note?", VersionHint: "rewrite it"}
	type note struct {
		Format  string `json:"format"`
		Version int    `json:"version"`
		Text    string `json:"text"`
	}
	var buf bytes.Buffer
	kind.Encode(&buf, note{Format: "petridish-note", Version: 1, Text: "hello"})
	var n note
	err := kind.Decode(&buf, &n)
	fmt.Println(n.Text, err)
	err = kind.Decode(bytes.NewReader([]byte(`{"format": "petridish-note", "version": 9}`)), &n)
	fmt.Println(err)
	// Output:
	// hello <nil>
	// load note: file version is 9; this petridish reads version 1, so rewrite it
}
