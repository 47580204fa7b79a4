package dsl

import (
	"go/scanner"
	"go/token"
	"strings"
)

// IsComplete says whether code is ready to run, for Jupyter's
// is_complete_request: "complete", "incomplete" (an open bracket, raw
// string or block comment, or a trailing binary operator, comma or dot;
// indent is then the indentation for the next line) or "invalid" (a
// syntax error that more lines cannot fix).
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
	if depth > 0 {
		return "incomplete", strings.Repeat("\t", depth)
	}
	if depth < 0 {
		return "invalid", ""
	}
	if last, ok := lastToken(code); ok && continues(last) {
		return "incomplete", "\t"
	}
	for _, p := range splitParts(code) {
		if p.kind != partGo {
			continue
		}
		chunks, err := s.planOnly(p.text, p.line)
		if err != nil || chunks == nil {
			return "invalid", ""
		}
	}
	return "complete", ""
}

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

// continues reports whether a line ending in t must go on.
func continues(t token.Token) bool {
	switch t {
	case token.COMMA, token.PERIOD, token.ASSIGN, token.DEFINE, token.ARROW,
		token.LAND, token.LOR, token.COLON:
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
