package dsl

import (
	"go/scanner"
	"go/token"
	"regexp"
	"strconv"
	"strings"
)

// IsComplete says whether code is ready to run, for Jupyter's
// is_complete_request: "complete", "incomplete" (an open bracket, raw
// string or block comment, or a trailing binary operator, comma, dot or
// else; indent is then the indentation for the next line) or "invalid"
// (a syntax error that more lines cannot fix).
func (s *Session) IsComplete(code string) (status, indent string) {
	trimmed := strings.TrimSpace(code)
	if trimmed == "" {
		return "complete", ""
	}
	if strings.HasPrefix(trimmed, "%%") {
		if strings.HasSuffix(code, "\n\n") || !strings.Contains(trimmed, "\n") && strings.HasSuffix(code, "\n") {
			return "complete", ""
		}
		return "incomplete", ""
	}
	depth, open := scanDepth(code)
	if open {
		return "incomplete", ""
	}
	if depth < 0 {
		return "invalid", ""
	}
	last, ok := lastToken(code)
	if depth > 0 || ok && continues(last) {
		// Unfinished, unless an error before the end shows that no
		// further lines can make it right.
		if !s.completable(code) {
			return "invalid", ""
		}
		if depth > 0 || last == token.ELSE {
			return "incomplete", strings.Repeat("\t", depth)
		}
		return "incomplete", "\t"
	}
	for _, p := range splitParts(code) {
		if p.kind != partGo {
			continue
		}
		// A part of comments only plans to no chunks and runs fine.
		if _, err := s.planOnly(p.text, p.line); err != nil {
			return "invalid", ""
		}
	}
	return "complete", ""
}

// completable reports whether more lines may complete code, which has an
// open bracket or a last line that goes on. It closes the open brackets,
// each on a line of its own, and parses the result as Execute would: the
// code can be completed unless the first syntax error lies before the end
// of code (like an else that starts a line, or a bracket that closes one
// of another kind) or code does not scan (a string not terminated on its
// line). Errors after that end (in the added brackets or at the
// end of the text: an operand missing after a trailing operator, a field
// after a trailing comma) are what the lines to come would fix.
func (s *Session) completable(code string) bool {
	closers, ok := closingBrackets(code)
	if !ok {
		return false
	}
	body := strings.TrimRight(code, " \t\r\n")
	endLine := strings.Count(body, "\n") + 1
	endCol := len(body) - strings.LastIndex(body, "\n") // just past the last character
	for _, p := range splitParts(body + closers) {
		if p.kind != partGo {
			continue
		}
		_, err := s.planOnly(p.text, p.line)
		if err == nil {
			continue
		}
		m := isCompletePos.FindStringSubmatch(err.Error())
		if m == nil {
			continue // no position to judge by: let the user go on
		}
		line, _ := strconv.Atoi(m[1])
		col, _ := strconv.Atoi(m[2])
		if line < endLine || line == endLine && col < endCol {
			return false
		}
	}
	return true
}

// isCompletePos matches the position of the first error planOnly reports.
var isCompletePos = regexp.MustCompile(`<is_complete>:(\d+):(\d+):`)

// lastToken returns the last token of src that is not a comment or an
// automatically inserted semicolon.
func lastToken(src string) (token.Token, bool) {
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	var s scanner.Scanner
	s.Init(file, []byte(src), nil, 0)
	last, ok := token.ILLEGAL, false
	for {
		_, t, lit := s.Scan()
		if t == token.EOF {
			return last, ok
		}
		if t == token.SEMICOLON && lit == "\n" {
			continue
		}
		last, ok = t, true
	}
}

// continues reports whether a line ending in t must go on: after an
// operator, a comma, a dot or an else (whose block or if comes next).
func continues(t token.Token) bool {
	switch t {
	case token.COMMA, token.PERIOD, token.ASSIGN, token.DEFINE, token.ARROW,
		token.LAND, token.LOR, token.COLON, token.ELSE:
		return true
	}
	return t.IsOperator() && t.Precedence() > 0 || (t >= token.ADD_ASSIGN && t <= token.AND_NOT_ASSIGN)
}

// planOnly parses code the way Execute would, without running it; it
// returns an error for code that does not parse.
func (s *Session) planOnly(code string, line int) ([]*chunk, error) {
	saved := s.state.sources
	defer func() { s.state.sources = saved }()
	return (&Session{state: newState()}).plan("<is_complete>", code, line, true)
}
