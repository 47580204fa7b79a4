package dsl

import (
	"go/parser"
	"go/scanner"
	"go/token"
	"reflect"

	"github.com/petridish-go/petridish/dsl/internal/interpvalue"
)

// literalKeys reports whether before, the code that precedes the word
// being completed, ends at a key of a struct literal: just after its '{',
// or after a ',' in a keyed one (search.Loop{Init: 10, It). It returns
// the struct's fields not given yet, and whether the literal is keyed
// already, so that only field names can follow. The literal's type is
// written before its '{' (dish.Config{, &Pt{, map[string]T{) or, for an
// element whose type is elided ([]T{{, map[K]T{"a": {), told by the
// enclosing literal's type; the resolver works it out without running
// code, for compiled types and for types declared in cells.
func (s *Session) literalKeys(code string, off int, before string) (fields []string, keyed, ok bool) {
	toks := scanTokens(before)
	n := len(toks)
	if n == 0 || (toks[n-1].tok != token.LBRACE && toks[n-1].tok != token.COMMA) {
		return nil, false, false
	}
	open := unclosedOpen(toks, n-1)
	if open < 0 || toks[open].tok != token.LBRACE {
		return nil, false, false
	}
	// The keys given so far: identifiers followed by ':' at the literal's
	// own level.
	given := map[string]bool{}
	depth := 0
	for j := open + 1; j < n; j++ {
		switch toks[j].tok {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			depth--
		case token.COLON:
			if depth == 0 {
				keyed = true
				if toks[j-1].tok == token.IDENT {
					given[toks[j-1].lit] = true
				}
			}
		}
	}
	if toks[n-1].tok == token.COMMA && !keyed {
		return nil, false, false // a positional literal: values follow
	}
	r := s.newResolver(parseCellScope(code, off))
	x, ok := r.literalType(before, toks, open)
	if !ok {
		return nil, false, false
	}
	all, ok := r.structFields(x)
	if !ok {
		return nil, false, false
	}
	for _, f := range all {
		if !given[f] {
			fields = append(fields, f)
		}
	}
	return fields, keyed, true
}

// scanTokens returns the tokens of src, leaving out the semicolon that
// the scanner adds at its end.
func scanTokens(src string) []tok {
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	var s scanner.Scanner
	s.Init(file, []byte(src), func(token.Position, string) {}, 0)
	var toks []tok
	for {
		pos, t, lit := s.Scan()
		if t == token.EOF {
			break
		}
		toks = append(toks, tok{off: file.Offset(pos), tok: t, lit: lit})
	}
	if n := len(toks); n > 0 && toks[n-1].tok == token.SEMICOLON && toks[n-1].lit != ";" && toks[n-1].off == len(src) {
		toks = toks[:n-1]
	}
	return toks
}

// unclosedOpen returns the index of the innermost bracket that is open at
// toks[j] (toks[j] itself included), or -1.
func unclosedOpen(toks []tok, j int) int {
	depth := 0
	for k := j; k >= 0; k-- {
		switch toks[k].tok {
		case token.RPAREN, token.RBRACK, token.RBRACE:
			depth++
		case token.LPAREN, token.LBRACK, token.LBRACE:
			if depth == 0 {
				return k
			}
			depth--
		}
	}
	return -1
}

// literalType resolves the type of the composite literal whose '{' is
// toks[open], a token of src.
func (r *resolver) literalType(src string, toks []tok, open int) (xtype, bool) {
	if r.depth > 40 || open == 0 {
		return xtype{}, false
	}
	r.depth++
	defer func() { r.depth-- }()
	switch prev := toks[open-1].tok; prev {
	case token.LBRACE, token.COMMA, token.COLON:
		// An element of an enclosing literal, its type elided: the
		// element type of a slice or array, or a map's value type.
		outer := unclosedOpen(toks, open-1)
		if outer < 0 || toks[outer].tok != token.LBRACE {
			return xtype{}, false
		}
		ot, ok := r.literalType(src, toks, outer)
		if !ok {
			return xtype{}, false
		}
		kind := reflect.Invalid
		if ot.t != nil {
			kind = ot.t.Kind()
		}
		switch {
		case prev == token.COLON && kind == reflect.Map:
		case prev != token.COLON && (kind == reflect.Slice || kind == reflect.Array || (kind == reflect.Invalid && ot.elem != nil)):
		default:
			return xtype{}, false
		}
		el, ok := r.elem(ot)
		if !ok {
			return xtype{}, false
		}
		if d, ok := deref(el); ok {
			el = d // []*T{{...}} is []*T{&T{...}}
		}
		return el, true
	}
	start := typeStart(toks, open)
	if start == open {
		return xtype{}, false
	}
	if start > 0 && toks[start-1].tok == token.RPAREN {
		// func f() T { opens a body, not a literal.
		return xtype{}, false
	}
	e, err := parser.ParseExpr(src[toks[start].off:toks[open].off])
	if err != nil {
		return xtype{}, false
	}
	return r.typeOf(e)
}

// typeStart returns the index of the first token of the type written just
// before toks[open] (T, pkg.T, *T, []T, [n]T, map[K]V), or open when
// there is none.
func typeStart(toks []tok, open int) int {
	start := open
	right := token.LBRACE // the token after the one looked at
	for j := open - 1; j >= 0; j-- {
		t := toks[j].tok
		switch {
		case t == token.IDENT && (right == token.LBRACE || right == token.PERIOD):
		case t == token.PERIOD && right == token.IDENT:
		case t == token.MUL && (right == token.IDENT || right == token.MUL || right == token.LBRACK || right == token.MAP):
		case t == token.MAP && right == token.LBRACK:
		case t == token.RBRACK && (right == token.IDENT || right == token.MUL || right == token.LBRACK || right == token.MAP):
			k := matchingOpen(toks, j)
			if k < 0 {
				return start
			}
			j = k
			t = token.LBRACK
		default:
			return start
		}
		start, right = j, t
	}
	return start
}

// structFields lists the fields of struct type x (or of the struct x
// points to): the exported ones of compiled types, all of a cell's own.
func (r *resolver) structFields(x xtype) ([]string, bool) {
	if d, ok := deref(x); ok {
		x = d
	}
	if x.t != nil {
		t := x.t
		if t.Kind() != reflect.Struct {
			return nil, false
		}
		var out []string
		for i := 0; i < t.NumField(); i++ {
			name, exported := interpvalue.FieldName(t, i)
			if exported || x.cell != "" {
				out = append(out, name)
			}
		}
		return out, true
	}
	if x.cell == "" {
		return nil, false
	}
	st := r.localStruct(x.cell)
	if st == nil {
		return nil, false
	}
	var out []string
	for _, f := range st.Fields.List {
		for _, n := range f.Names {
			out = append(out, n.Name)
		}
		if len(f.Names) == 0 {
			out = append(out, baseTypeName(f.Type))
		}
	}
	return out, true
}
