package dsl

import (
	"go/ast"
	"go/scanner"
	"go/token"
	"strings"
)

// A cell's last line may list values, `loss, acc` or `string(b), err`, as
// in IPython, where Go would have a syntax error ("expected 1
// expression"): the Session shows them as a tuple, (0.31, 0.92), the
// way it shows a call's several results. The list is run as
// __pdShowN(loss, acc,\n), with a line directive keeping the list's cell
// positions for errors in it.

// valueListOpen is what a value list is rewritten to start with; the
// rest is the list's own text, a comma and a closing parenthesis on a
// line of its own (so that a comment after the list ends before it).
const valueListOpen = "__pdShowN("

// splitValueList splits text, a cell's last part (starting at cell line
// line) that failed to parse with el, when the failure is a list of
// values at its end: it returns text with the list rewritten as a call,
// its items, and the list's offset in text. Otherwise it returns el and
// offset -1.
func (s *Session) splitValueList(name, text string, line int, el scanner.ErrorList) (string, []item, int, error) {
	if len(el) == 0 || el[0].Msg != "expected 1 expression" {
		return text, nil, -1, el
	}
	off := offsetOf(text, el[0].Pos.Line, el[0].Pos.Column)
	if off < 0 || !listEndsText(text[off:]) {
		return text, nil, -1, el
	}
	before := text[:off]
	dir := s.directive(name, line+strings.Count(before, "\n"), off-strings.LastIndex(before, "\n"))
	rewritten := before + valueListCall(text[off:], dir)
	items, err := splitItems(rewritten)
	if err != nil || len(items) == 0 {
		return text, nil, -1, el
	}
	lastItem := items[len(items)-1]
	es, ok := lastItem.stmt.(*ast.ExprStmt)
	if !ok || lastItem.start != off {
		return text, nil, -1, el
	}
	if call, ok := es.X.(*ast.CallExpr); !ok || len(call.Args) < 2 {
		return text, nil, -1, el
	}
	return rewritten, items, off, nil
}

// valueListCall is the statement a value list (list, the rest of a
// cell from the list's first token) runs as; dir, a line directive,
// gives the list its cell position again after valueListOpen.
func valueListCall(list, dir string) string {
	end := listEnd(list)
	return valueListOpen + dir + list[:end] + ",\n)" + list[end:]
}

// offsetOf returns the byte offset in text of a 1-based line and column,
// or -1 when text has no such position.
func offsetOf(text string, line, col int) int {
	off := 0
	for l := 1; l < line; l++ {
		i := strings.IndexByte(text[off:], '\n')
		if i < 0 {
			return -1
		}
		off += i + 1
	}
	if off+col-1 > len(text) || col < 1 {
		return -1
	}
	return off + col - 1
}

// listEnd returns the offset in list just past its last token; comments
// and spaces after it are not the list's.
func listEnd(list string) int {
	var sc scanner.Scanner
	fset := token.NewFileSet()
	sc.Init(fset.AddFile("", fset.Base(), len(list)), []byte(list), nil, 0)
	end := 0
	for {
		pos, tok, lit := sc.Scan()
		if tok == token.EOF {
			return end
		}
		if tok == token.SEMICOLON && lit == "\n" {
			continue // inserted at a newline, not typed
		}
		off := fset.Position(pos).Offset
		switch {
		case lit != "":
			end = off + len(lit)
		default:
			end = off + len(tok.String())
		}
	}
}

// listEndsText reports whether rest, the text from a value list's first
// token, has no ';' typed in it: a list followed by one asks for no
// display, and a list followed by other statements is not the cell's
// last line.
func listEndsText(rest string) bool {
	var sc scanner.Scanner
	fset := token.NewFileSet()
	sc.Init(fset.AddFile("", fset.Base(), len(rest)), []byte(rest), nil, 0)
	for {
		_, tok, lit := sc.Scan()
		switch {
		case tok == token.EOF:
			return true
		case tok == token.SEMICOLON && lit != "\n":
			return false
		}
	}
}
