// Package bom reads text files that may start with a UTF-8 byte order
// mark, as spreadsheets such as Excel write them.
package bom

import (
	"bufio"
	"bytes"
	"io"
)

// utf8 is the UTF-8 byte order mark.
const utf8 = "\ufeff"

// Skip returns a reader of r without its leading UTF-8 byte order mark,
// if it has one.
func Skip(r io.Reader) io.Reader {
	br := bufio.NewReader(r)
	if b, err := br.Peek(len(utf8)); err == nil && string(b) == utf8 {
		br.Discard(len(utf8))
	}
	return br
}

// Trim returns b without its leading UTF-8 byte order mark, if it has one.
func Trim(b []byte) []byte {
	return bytes.TrimPrefix(b, []byte(utf8))
}
