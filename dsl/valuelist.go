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

// multiValueMsg is Go's parser's complaint about a list of values where a
// statement should be.
const multiValueMsg = "expected 1 expression"

// splitValueList splits text, a cell's last part (starting at cell line
// line) that failed to parse with el, when the failure is a list of
// values at its end: it returns text with the list rewritten as a call,
// its items, and the list's offset in text. Otherwise it returns el and
// offset -1.
func (s *Session) splitValueList(name, text string, line int, el scanner.ErrorList) (string, []item, int, error) {
	if len(el) == 0 || el[0].Msg != multiValueMsg {
		return text, nil, -1, el
	}
	off := offsetOf(text, el[0].Pos.Line, el[0].Pos.Column)
	if off < 0 {
		return text, nil, -1, el
	}
	end, ok := valueListEnd(text[off:])
	if !ok {
		return text, nil, -1, el
	}
	before := text[:off]
	dir := s.directive(name, line+strings.Count(before, "\n"), off-strings.LastIndex(before, "\n"))
	rewritten := before + valueListCall(text[off:], end, dir)
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
// cell from the list's first token, the list ending at end) runs as;
// dir, a line directive, gives the list its cell position again after
// valueListOpen.
func valueListCall(list string, end int, dir string) string {
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

// valueListEnd returns the offset in rest, the text from a value list's
// first token, just past the list's last token (comments and spaces after
// it are not the list's). False when rest has a ';' typed in it: a list
// followed by one asks for no display, and a list followed by other
// statements is not the cell's last line.
func valueListEnd(rest string) (int, bool) {
	toks, err := tokens(rest)
	if err != nil {
		return 0, false
	}
	end := 0
	for _, t := range toks {
		if t.tok == token.SEMICOLON {
			if t.lit != "\n" {
				return 0, false
			}
			continue // inserted at a newline, not typed
		}
		end = t.off + len(t.lit)
	}
	return end, true
}
