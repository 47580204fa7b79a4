package dsl

import (
	"go/scanner"
	"go/token"
)

// itemKind classifies one top-level item of a cell.
type itemKind int

const (
	itemImport itemKind = iota // import declaration
	itemDecl                   // func, method, type, var or const declaration
	itemStmt                   // statement
)

// item is one top-level declaration or statement of a Go code segment.
type item struct {
	kind  itemKind
	start int // byte offset of its first token
	end   int // byte offset just past it (before its terminating ';' or newline)
	// explicitSemi is true when the item is followed by a ';' typed by the
	// user, which suppresses the display of a final expression.
	explicitSemi bool
}

type tok struct {
	off int
	tok token.Token
	lit string
}

// splitItems cuts Go source into its top-level items, the way the Go
// parser would see them if declarations and statements could mix. It
// returns a scanner.ErrorList (positions relative to src) when the text
// does not even tokenize.
func splitItems(src string) ([]item, error) {
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	var errs scanner.ErrorList
	var s scanner.Scanner
	s.Init(file, []byte(src), func(pos token.Position, msg string) { errs.Add(pos, msg) }, 0)
	var toks []tok
	for {
		pos, t, lit := s.Scan()
		if t == token.EOF {
			break
		}
		toks = append(toks, tok{off: file.Offset(pos), tok: t, lit: lit})
	}
	if len(errs) > 0 {
		return nil, errs
	}
	var items []item
	depth := 0
	first := -1
	// header is true inside the header of an if, for or switch statement,
	// whose semicolons do not end the statement; the header ends at the
	// first '{' at depth 0 (Go requires composite literals there to be
	// parenthesized).
	header := false
	for i, t := range toks {
		switch t.tok {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			if t.tok == token.LBRACE && depth == 0 {
				header = false
			}
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			depth--
		case token.IF, token.FOR, token.SWITCH:
			if depth == 0 {
				header = true
			}
		}
		if header && t.tok == token.SEMICOLON {
			continue
		}
		if first < 0 {
			if t.tok == token.SEMICOLON {
				continue
			}
			first = i
		}
		if depth == 0 && t.tok == token.SEMICOLON {
			items = append(items, item{
				kind:         classify(toks, first),
				start:        toks[first].off,
				end:          t.off,
				explicitSemi: t.lit == ";",
			})
			first = -1
		}
	}
	if first >= 0 {
		// Unbalanced brackets: keep the rest as one item; the parser
		// reports the error with a precise position.
		items = append(items, item{kind: classify(toks, first), start: toks[first].off, end: len(src)})
	}
	return items, nil
}

// classify decides the kind of the item starting at toks[i].
func classify(toks []tok, i int) itemKind {
	switch toks[i].tok {
	case token.IMPORT:
		return itemImport
	case token.TYPE, token.VAR, token.CONST:
		return itemDecl
	case token.FUNC:
		if i+1 >= len(toks) {
			return itemStmt
		}
		switch toks[i+1].tok {
		case token.IDENT:
			return itemDecl // func name(...)
		case token.LPAREN:
			// Method `func (r T) Name(` versus literal `func(...) ...`.
			depth := 0
			for j := i + 1; j < len(toks); j++ {
				switch toks[j].tok {
				case token.LPAREN:
					depth++
				case token.RPAREN:
					depth--
				}
				if depth == 0 {
					if j+2 < len(toks) && toks[j+1].tok == token.IDENT && toks[j+2].tok == token.LPAREN {
						return itemDecl
					}
					return itemStmt
				}
			}
		}
	}
	return itemStmt
}
