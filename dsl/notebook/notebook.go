package notebook

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// Notebook is a Jupyter notebook in nbformat 4. Fields this package does
// not interpret are kept as they were read.
type Notebook struct {
	// Cells are the notebook's cells in order.
	Cells []*Cell
	// Metadata is the notebook-level metadata (kernelspec, language_info,
	// and anything else).
	Metadata map[string]any
	// Minor is nbformat_minor; Write saves at least 5.
	Minor int

	extra map[string]json.RawMessage // other top-level fields
}

// Cell is one notebook cell.
type Cell struct {
	// ID is the nbformat 4.5 cell id; Read assigns one when it is missing.
	ID string
	// Type is "code", "markdown" or "raw".
	Type string
	// Source is the cell's text.
	Source string
	// Metadata is the cell metadata.
	Metadata map[string]any
	// ExecutionCount is the "In [n]" number of an executed code cell.
	ExecutionCount *int
	// Outputs are a code cell's outputs, as nbformat JSON objects.
	Outputs []map[string]any

	extra map[string]json.RawMessage // other fields (attachments, ...)
}

// maxNotebookBytes bounds what Read accepts.
const maxNotebookBytes = 512 << 20

// Read parses an nbformat 4 notebook. Its errors say what is wrong with
// the file.
func Read(r io.Reader) (*Notebook, error) {
	raw, err := io.ReadAll(io.LimitReader(r, maxNotebookBytes+1))
	if err != nil {
		return nil, err
	}
	if len(raw) > maxNotebookBytes {
		return nil, fmt.Errorf("notebook is larger than %d MiB", maxNotebookBytes>>20)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(raw, &top); err != nil {
		return nil, fmt.Errorf("not a Jupyter notebook: %s", jsonError(raw, err))
	}
	var major int
	if err := json.Unmarshal(top["nbformat"], &major); err != nil || top["nbformat"] == nil {
		return nil, errors.New(`not a Jupyter notebook: no "nbformat" version number`)
	}
	if major != 4 {
		return nil, fmt.Errorf("nbformat %d is not supported: convert the notebook to nbformat 4 (jupyter nbconvert --to notebook)", major)
	}
	nb := &Notebook{extra: map[string]json.RawMessage{}}
	if m := top["nbformat_minor"]; m != nil {
		json.Unmarshal(m, &nb.Minor)
	}
	if m := top["metadata"]; m != nil {
		if err := json.Unmarshal(m, &nb.Metadata); err != nil {
			return nil, fmt.Errorf(`notebook "metadata" is not an object: %v`, err)
		}
	}
	if nb.Metadata == nil {
		nb.Metadata = map[string]any{}
	}
	var cells []map[string]json.RawMessage
	if err := json.Unmarshal(top["cells"], &cells); err != nil || top["cells"] == nil {
		return nil, errors.New(`not a Jupyter notebook: "cells" is missing or not a list`)
	}
	for k, v := range top {
		switch k {
		case "cells", "metadata", "nbformat", "nbformat_minor":
		default:
			nb.extra[k] = v
		}
	}
	seen := map[string]bool{}
	for i, c := range cells {
		cell, err := readCell(c)
		if err != nil {
			return nil, fmt.Errorf("cell %d: %w", i+1, err)
		}
		if cell.ID == "" || seen[cell.ID] {
			cell.ID = newCellID()
		}
		seen[cell.ID] = true
		nb.Cells = append(nb.Cells, cell)
	}
	return nb, nil
}

// jsonError locates a JSON syntax error by line and column.
func jsonError(raw []byte, err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		before := raw[:min(int(se.Offset), len(raw))]
		line := bytes.Count(before, []byte("\n")) + 1
		col := len(before) - bytes.LastIndexByte(before, '\n')
		return fmt.Sprintf("invalid JSON at line %d, column %d: %v", line, col, err)
	}
	return err.Error()
}

var validID = regexp.MustCompile(`^[a-zA-Z0-9_-]{1,64}$`)

func readCell(c map[string]json.RawMessage) (*Cell, error) {
	cell := &Cell{extra: map[string]json.RawMessage{}}
	if err := json.Unmarshal(c["cell_type"], &cell.Type); err != nil {
		return nil, errors.New(`"cell_type" is missing or not a string`)
	}
	switch cell.Type {
	case "code", "markdown", "raw":
	default:
		return nil, fmt.Errorf("unknown cell_type %q (want code, markdown or raw)", cell.Type)
	}
	src, err := multiline(c["source"])
	if err != nil {
		return nil, fmt.Errorf(`"source": %w`, err)
	}
	cell.Source = src
	if id := c["id"]; id != nil {
		json.Unmarshal(id, &cell.ID)
		if !validID.MatchString(cell.ID) {
			cell.ID = ""
		}
	}
	if m := c["metadata"]; m != nil {
		if err := json.Unmarshal(m, &cell.Metadata); err != nil {
			return nil, fmt.Errorf(`"metadata" is not an object: %v`, err)
		}
	}
	if cell.Metadata == nil {
		cell.Metadata = map[string]any{}
	}
	if o := c["outputs"]; o != nil && cell.Type == "code" {
		if err := json.Unmarshal(o, &cell.Outputs); err != nil {
			return nil, fmt.Errorf(`"outputs" is not a list of objects: %v`, err)
		}
	}
	if n := c["execution_count"]; n != nil && cell.Type == "code" {
		json.Unmarshal(n, &cell.ExecutionCount)
	}
	for k, v := range c {
		switch k {
		case "cell_type", "source", "id", "metadata", "outputs", "execution_count":
		default:
			cell.extra[k] = v
		}
	}
	return cell, nil
}

// multiline decodes nbformat's multiline string: a string or a list of
// strings to concatenate.
func multiline(raw json.RawMessage) (string, error) {
	if raw == nil {
		return "", errors.New("missing")
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s, nil
	}
	var parts []string
	if err := json.Unmarshal(raw, &parts); err != nil {
		return "", errors.New("neither a string nor a list of strings")
	}
	return strings.Join(parts, ""), nil
}

// splitLines turns text into nbformat's list-of-lines form, each line
// keeping its newline, as Jupyter writes it.
func splitLines(s string) []string {
	lines := strings.SplitAfter(s, "\n")
	if len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	if lines == nil {
		lines = []string{}
	}
	return lines
}

func newCellID() string {
	var b [4]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// Write saves nb as nbformat 4.5 JSON, indented like Jupyter does.
func (nb *Notebook) Write(w io.Writer) error {
	top := map[string]any{}
	for k, v := range nb.extra {
		top[k] = v
	}
	top["nbformat"] = 4
	top["nbformat_minor"] = max(nb.Minor, 5)
	top["metadata"] = nb.Metadata
	cells := make([]map[string]any, 0, len(nb.Cells))
	for _, c := range nb.Cells {
		cells = append(cells, c.json())
	}
	top["cells"] = cells
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	enc.SetEscapeHTML(false)
	return enc.Encode(top)
}

func (c *Cell) json() map[string]any {
	m := map[string]any{}
	for k, v := range c.extra {
		m[k] = v
	}
	m["id"] = c.ID
	m["cell_type"] = c.Type
	m["metadata"] = c.Metadata
	m["source"] = splitLines(c.Source)
	if c.Type == "code" {
		m["execution_count"] = c.ExecutionCount
		outs := c.Outputs
		if outs == nil {
			outs = []map[string]any{}
		}
		m["outputs"] = outs
	}
	return m
}
