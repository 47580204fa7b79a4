package dsl

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"strings"
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
	// stmt is the item parsed as a statement (a DeclStmt for var, const
	// and type declarations); nil for imports and functions.
	stmt ast.Stmt
}

type tok struct {
	off int
	tok token.Token
	lit string
}

// splitItems cuts Go source into its top-level items, the way the Go
// parser would see them if declarations and statements could mix. Import
// and function declarations are found with the scanner (they cannot
// appear in a function body); everything between them is parsed as the
// body of a function, which gives exact statement boundaries. It returns a
// scanner.ErrorList, positions relative to src, for code that does not
// parse.
func splitItems(src string) ([]item, error) {
	toks, err := tokens(src)
	if err != nil {
		return nil, err
	}
	var items []item
	regionStart := 0 // start of the current run of statements
	flushRegion := func(end int) error {
		stmts, err := parseStatements(src, regionStart, end)
		if err != nil {
			return err
		}
		items = append(items, stmts...)
		return nil
	}
	depth := 0
	atStart := true // the next token starts a top-level item
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if depth == 0 && atStart && (t.tok == token.IMPORT || t.tok == token.FUNC && isFuncDecl(toks, i)) {
			// A declaration: it runs to the first ';' at depth 0.
			if err := flushRegion(t.off); err != nil {
				return nil, err
			}
			kind := itemDecl
			if t.tok == token.IMPORT {
				kind = itemImport
			}
			j, d := i, 0
			for ; j < len(toks); j++ {
				switch toks[j].tok {
				case token.LPAREN, token.LBRACK, token.LBRACE:
					d++
				case token.RPAREN, token.RBRACK, token.RBRACE:
					d--
				}
				if d == 0 && toks[j].tok == token.SEMICOLON {
					break
				}
			}
			it := item{kind: kind, start: t.off, end: len(src)}
			if j < len(toks) {
				it.end = toks[j].off
				it.explicitSemi = toks[j].lit == ";"
				regionStart = toks[j].off + len(toks[j].lit)
				if toks[j].lit == "\n" {
					regionStart = toks[j].off
				}
			} else {
				regionStart = len(src)
			}
			items = append(items, it)
			i = j
			atStart = true
			continue
		}
		switch t.tok {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			depth--
		}
		atStart = depth == 0 && t.tok == token.SEMICOLON
	}
	if err := flushRegion(len(src)); err != nil {
		return nil, err
	}
	return items, nil
}

// tokens scans src.
func tokens(src string) ([]tok, error) {
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
		if t != token.SEMICOLON && lit == "" {
			lit = t.String()
		}
		toks = append(toks, tok{off: file.Offset(pos), tok: t, lit: lit})
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return toks, nil
}

// isFuncDecl tells a function or method declaration (`func name(`,
// `func (r T) name(`) from a function literal at toks[i].
func isFuncDecl(toks []tok, i int) bool {
	if i+1 >= len(toks) {
		return false
	}
	switch toks[i+1].tok {
	case token.IDENT:
		return true
	case token.LPAREN:
		depth := 0
		for j := i + 1; j < len(toks); j++ {
			switch toks[j].tok {
			case token.LPAREN:
				depth++
			case token.RPAREN:
				depth--
			}
			if depth == 0 {
				return j+2 < len(toks) && toks[j+1].tok == token.IDENT && (toks[j+2].tok == token.LPAREN || toks[j+2].tok == token.LBRACK)
			}
		}
	}
	return false
}

// parseStatements parses src[from:to] as statements and returns them as
// items; var, const and type declarations become itemDecl.
func parseStatements(src string, from, to int) ([]item, error) {
	region := src[from:to]
	if strings.TrimSpace(region) == "" {
		return nil, nil
	}
	before := src[:from]
	line := strings.Count(before, "\n") + 1
	col := from - strings.LastIndex(before, "\n")
	const prefix = "package p; func _() {"
	text := prefix + fmt.Sprintf("/*line :%d:%d*/", line, col) + region + "\n}"
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", text, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	base := len(text) - len(region) - len("\n}") // offset of region in text
	var items []item
	for _, st := range f.Decls[0].(*ast.FuncDecl).Body.List {
		if _, empty := st.(*ast.EmptyStmt); empty {
			continue
		}
		it := item{
			kind:  itemStmt,
			start: fset.Position(st.Pos()).Offset - base + from,
			end:   fset.Position(st.End()).Offset - base + from,
			stmt:  st,
		}
		if d, ok := st.(*ast.DeclStmt); ok && d.Decl.(*ast.GenDecl).Tok != token.IMPORT {
			it.kind = itemDecl
		}
		rest := strings.TrimLeft(src[it.end:to], " \t\r")
		it.explicitSemi = strings.HasPrefix(rest, ";")
		items = append(items, it)
	}
	return items, nil
}
