package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadCellsMotifColumn checks what --cells-file and --warm promise:
// "one NAO encoding per line, or a CSV with a motif column". A CSV of
// cells alone (header motif, or motif with other columns) used to be
// refused for lacking a loss column, and a search's result (motif in
// its third column) read as encodings; a bad cell is named by its line.
func TestReadCellsMotifColumn(t *testing.T) {
	dir := t.TempDir()
	const c1, c2 = "0 1 0 1 1 1 3 0 4 1 4 1 5 1 1 1 7 1 1 1 1 2", "0 3 0 1 0 2 3 3 1 3 0 1 2 1 2 2 2 2 4 2 9 2"
	for name, text := range map[string]string{
		"motif-only":   "motif\n" + c1 + "\n" + c2 + "\n",
		"other-column": "motif,note\n" + c1 + ",best\n" + c2 + ",x\n",
		"ground-truth": "motif,loss,std,runs\n" + c1 + ",6.1,0.01,2\n" + c2 + ",6.2,0.01,2\n",
		"search":       "evaluation,iteration,motif,loss,predicted\n1,0," + c1 + ",6.1,\n2,1," + c2 + ",6.2,6.0\n",
	} {
		p := filepath.Join(dir, name+".csv")
		os.WriteFile(p, []byte(text), 0o644)
		cells, err := readCells(p)
		if err != nil || len(cells) != 2 || cells[1].String() != c2 {
			t.Errorf("%s: %d cells, %v", name, len(cells), err)
		}
	}
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("motif\n"+c1+"\n0 1 2\n"), 0o644)
	if _, err := readCells(bad); err == nil || !strings.Contains(err.Error(), "line 3") {
		t.Errorf("a bad cell on line 3: %v", err)
	}
}
