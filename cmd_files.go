package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/petridish-go/petridish/internal/atomicfile"
)

// stdio is the file name that means standard input (for a flag that reads
// a file) or standard output (for one that writes a file).
const stdio = "-"

// cmdStdin and cmdStdout are what "-" reads and writes (tests replace
// them).
var (
	cmdStdin  io.Reader = os.Stdin
	cmdStdout io.Writer = os.Stdout
)

// inName is how messages name an input path.
func inName(path string) string {
	if path == stdio {
		return "standard input"
	}
	return path
}

// readInput reads the file path, or standard input for "-".
func readInput(path string) ([]byte, error) {
	if path == stdio {
		b, err := io.ReadAll(cmdStdin)
		if err != nil {
			return nil, fmt.Errorf("reading standard input: %w", err)
		}
		return b, nil
	}
	return os.ReadFile(path)
}

// writeOutput writes what write produces to path (internal/atomicfile),
// or to standard output for "-".
func writeOutput(path string, write func(io.Writer) error) error {
	if path != stdio {
		return atomicfile.Write(path, write)
	}
	var b bytes.Buffer
	if err := write(&b); err != nil {
		return err
	}
	_, err := cmdStdout.Write(b.Bytes())
	return err
}

// oneStdin returns a usage error when more than one of the named flags
// (flag name, value pairs) reads standard input.
func oneStdin(pairs ...string) error {
	var first string
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] != stdio {
			continue
		}
		if first != "" {
			return fmt.Errorf("%w: %s - and %s - both read standard input; give one of them a file", errUsage, first, pairs[i])
		}
		first = pairs[i]
	}
	return nil
}

// noStdio returns a usage error when the named flag's value is "-", for
// flags that need a real file.
func noStdio(flagName, path, why string) error {
	if path == stdio {
		return fmt.Errorf("%w: %s -: %s", errUsage, flagName, why)
	}
	return nil
}

// checkWritable makes sure a file can be written at path (the value of
// the named flag) before any long work: its directory exists and is
// writable, and path is not a directory. "", "-" (standard output) and
// paths that are not regular files (/dev/stdout, a FIFO) pass.
func checkWritable(flagName, path string) error {
	if path == "" || path == stdio {
		return nil
	}
	if fi, err := os.Stat(path); err == nil {
		if fi.IsDir() {
			return fmt.Errorf("%s %s is a directory; give a file name", flagName, path)
		}
		if !fi.Mode().IsRegular() {
			return nil // written through, not replaced
		}
		if resolved, err := filepath.EvalSymlinks(path); err == nil {
			path = resolved // the rename happens beside the link's target
		}
	}
	dir := filepath.Dir(path)
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s %s: directory %s does not exist; create it first", flagName, path, dir)
	case err != nil:
		return fmt.Errorf("%s %s: %w", flagName, path, err)
	case !fi.IsDir():
		return fmt.Errorf("%s %s: %s is not a directory", flagName, path, dir)
	}
	f, err := os.CreateTemp(dir, ".petridish-check-*")
	if err != nil {
		return fmt.Errorf("%s %s: cannot write in %s: %v", flagName, path, dir, errors.Unwrap(err))
	}
	f.Close()
	os.Remove(f.Name())
	return nil
}
