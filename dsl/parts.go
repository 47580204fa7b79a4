package dsl

import (
	"go/scanner"
	"go/token"
	"strings"
)

// partKind says how one piece of a cell runs.
type partKind int

const (
	partGo    partKind = iota // Go code
	partMagic                 // %magic line
	partShell                 // !command line
	partHelp                  // name?, name??, ?name or ??name
)

// part is a run of Go lines, or one magic, shell or help line, of a cell.
type part struct {
	kind partKind
	text string
	line int // 1-based cell line where the part starts
}

// splitParts cuts a cell into Go code and the magic, shell and help lines
// between it. A line counts as a magic only where a new Go statement could
// start, so a line beginning with % or ! inside a raw string or an open
// bracket stays Go code.
func splitParts(cell string) []part {
	lines := strings.SplitAfter(cell, "\n")
	var parts []part
	var goBuf strings.Builder
	goStart := 1
	flush := func(next int) {
		if strings.TrimSpace(goBuf.String()) != "" {
			parts = append(parts, part{kind: partGo, text: goBuf.String(), line: goStart})
		}
		goBuf.Reset()
		goStart = next
	}
	for i, l := range lines {
		t := strings.TrimSpace(l)
		kind := partGo
		switch {
		case strings.HasPrefix(t, "%"):
			kind = partMagic
		case strings.HasPrefix(t, "!") && !strings.HasPrefix(t, "!="):
			kind = partShell
		case isHelpQuery(t):
			kind = partHelp
		}
		if kind != partGo && !openConstruct(goBuf.String()) {
			flush(i + 2)
			parts = append(parts, part{kind: kind, text: t, line: i + 1})
			continue
		}
		goBuf.WriteString(l)
	}
	flush(len(lines) + 1)
	return parts
}

// isHelpQuery reports whether t is `name?` or `name??` for a (possibly
// qualified) identifier, or IPython's prefix form `?name`, `??name`.
func isHelpQuery(t string) bool {
	_, _, ok := helpQuery(t)
	return ok
}

// helpQuery splits a help query, `name?`, `name??`, `?name` or `??name`,
// into the name and whether it asks for more (two question marks).
func helpQuery(t string) (name string, more, ok bool) {
	name = strings.Trim(t, "?")
	marks := len(t) - len(name)
	oneSide := strings.HasPrefix(t, name) || strings.HasSuffix(t, name)
	if marks == 0 || marks > 2 || name == "" || !oneSide {
		return "", false, false
	}
	for _, seg := range strings.Split(name, ".") {
		if !token.IsIdentifier(seg) {
			return "", false, false
		}
	}
	return name, marks == 2, true
}

// openConstruct reports whether src ends inside an open bracket, raw
// string or block comment, so that the next line continues it.
func openConstruct(src string) bool {
	depth, broken := scanDepth(src)
	return depth > 0 || broken
}

// scanDepth returns the bracket depth at the end of src and whether src
// ends inside an unterminated raw string or block comment.
func scanDepth(src string) (depth int, unterminated bool) {
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	var s scanner.Scanner
	s.Init(file, []byte(src), func(pos token.Position, msg string) {
		if strings.Contains(msg, "raw string literal not terminated") || strings.Contains(msg, "comment not terminated") {
			unterminated = true
		}
	}, 0)
	for {
		_, t, _ := s.Scan()
		switch t {
		case token.EOF:
			return depth, unterminated
		case token.LPAREN, token.LBRACK, token.LBRACE:
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			depth--
		}
	}
}
