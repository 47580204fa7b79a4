// Package jsonfile reads and writes petri's versioned JSON files (dish and
// surrogate checkpoints): an indented encoding, atomic replacement on
// disk, and a strict decoder that checks the format name and version
// before anything else.
package jsonfile

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/petridish-go/petridish/internal/atomicfile"
)

// Kind describes one file type: what the files are called in errors, the
// format and version they must carry, and hints that tell a user what to
// do when a file is of another format or version.
type Kind struct {
	What        string // "dish", "surrogate"
	Format      string
	Version     int
	FormatHint  string // e.g. "is this a dish saved by petridish (dish fit --model petri)?"
	VersionHint string // e.g. "refit the dish or use a matching petridish"
}

// Encode writes v as indented JSON. Floats are written in the shortest
// form that reads back to the same float64, so decoding reproduces v bit
// for bit.
func (k Kind) Encode(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("save %s: %w", k.What, err)
	}
	return nil
}

// WriteFile writes what write produces to path through a temporary file
// renamed into place, so a failed save leaves no partial file
// (internal/atomicfile: a symbolic link, FIFO or /dev/stdout stays what
// it is, and a new file gets mode 0644 less the umask).
func (k Kind) WriteFile(path string, write func(io.Writer) error) error {
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return err
	}
	if err := atomicfile.WriteFile(path, buf.Bytes()); err != nil {
		return fmt.Errorf("save %s: %w", k.What, err)
	}
	return nil
}

// Decode reads one file from r into v after checking its "format" and
// "version" fields; fields v does not know are an error.
func (k Kind) Decode(r io.Reader, v any) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("load %s: %w", k.What, err)
	}
	var head struct {
		Format  string `json:"format"`
		Version int    `json:"version"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return fmt.Errorf("load %s: not a JSON %s file: %v", k.What, k.What, err)
	}
	if head.Format != k.Format {
		return fmt.Errorf("load %s: file format is %q, want %q; %s", k.What, head.Format, k.Format, k.FormatHint)
	}
	if head.Version != k.Version {
		return fmt.Errorf("load %s: file version is %d; this petridish reads version %d, so %s", k.What, head.Version, k.Version, k.VersionHint)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("load %s: %v", k.What, err)
	}
	return nil
}

// ReadFile opens path and reads it with load (a package's Load function),
// naming the file in errors.
func ReadFile[T any](k Kind, path string, load func(io.Reader) (T, error)) (T, error) {
	var zero T
	f, err := os.Open(path)
	if err != nil {
		return zero, fmt.Errorf("load %s: %w", k.What, err)
	}
	defer f.Close()
	v, err := load(f)
	if err != nil {
		return zero, fmt.Errorf("%s: %w", path, err)
	}
	return v, nil
}
