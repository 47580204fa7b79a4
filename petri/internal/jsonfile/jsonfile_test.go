package jsonfile

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var kind = Kind{What: "widget", Format: "petridish-widget", Version: 2, FormatHint: "is it a widget?", VersionHint: "remake it"}

type widget struct {
	Format  string    `json:"format"`
	Version int       `json:"version"`
	Values  []float64 `json:"values"`
}

func TestRoundTripIsExact(t *testing.T) {
	in := widget{Format: kind.Format, Version: kind.Version, Values: []float64{0.1, 1.0 / 3, 2.5e-300}}
	var buf bytes.Buffer
	if err := kind.Encode(&buf, in); err != nil {
		t.Fatal(err)
	}
	var out widget
	if err := kind.Decode(&buf, &out); err != nil {
		t.Fatal(err)
	}
	for i := range in.Values {
		if in.Values[i] != out.Values[i] {
			t.Errorf("value %d: %v read back as %v", i, in.Values[i], out.Values[i])
		}
	}
}

func TestDecodeRejects(t *testing.T) {
	for text, want := range map[string]string{
		`not json`:                                                 "not a JSON widget file",
		`{"format": "other", "version": 2}`:                        `file format is "other", want "petridish-widget"; is it a widget?`,
		`{"format": "petridish-widget", "version": 1}`:             "file version is 1; this petridish reads version 2, so remake it",
		`{"format": "petridish-widget", "version": 2, "extra": 1}`: `unknown field "extra"`,
	} {
		var w widget
		err := kind.Decode(strings.NewReader(text), &w)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want %q", text, err, want)
		}
	}
}

func TestWriteFileLeavesNoPartialFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "w.json")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	failing := func(w io.Writer) error {
		w.Write([]byte("half"))
		return errors.New("encoder failed")
	}
	if err := kind.WriteFile(path, failing); err == nil {
		t.Fatal("a failed write reported success")
	}
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Errorf("a failed write changed the file to %q", b)
	}
	if err := kind.WriteFile(path, func(w io.Writer) error { return kind.Encode(w, widget{Format: kind.Format, Version: 2}) }); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

func TestReadFileNamesThePath(t *testing.T) {
	load := func(r io.Reader) (widget, error) {
		var w widget
		return w, kind.Decode(r, &w)
	}
	path := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(path, []byte(`{"format": "other", "version": 2}`), 0o644)
	if _, err := ReadFile(kind, path, load); err == nil || !strings.HasPrefix(err.Error(), path+": load widget: file format") {
		t.Errorf("error %v does not name %s first", err, path)
	}
	if _, err := ReadFile(kind, path+".missing", load); err == nil || !strings.Contains(err.Error(), "load widget:") {
		t.Errorf("missing file: %v", err)
	}
}
