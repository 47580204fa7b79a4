package atomicfile_test

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/petridish-go/petridish/internal/atomicfile"
)

func ExampleWrite() {
	dir, _ := os.MkdirTemp("", "atomicfile")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "table.csv")
	err := atomicfile.Write(path, func(w io.Writer) error {
		_, err := io.WriteString(w, "motif,loss\n0.5,0.1\n")
		return err
	})
	b, _ := os.ReadFile(path)
	fmt.Print(string(b), err)
	// Output:
	// motif,loss
	// 0.5,0.1
	// <nil>
}
