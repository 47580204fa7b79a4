package notebook

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"sort"
	"strconv"
	"strings"
)

// Parameters follow papermill's convention: the code cell tagged
// "parameters" sets a notebook's parameters to their defaults, and a run
// with other values gets, right after it, a cell tagged
// "injected-parameters" that assigns them. The notebook runs as written
// when no values are given, in Jupyter as headless.

// Tags of the cells Parameterize reads and writes.
const (
	ParametersTag = "parameters"
	InjectedTag   = "injected-parameters"
)

// Param is a parameter's name and its value as text, as given on a
// command line: `-p seeds=15`.
type Param struct {
	Name, Value string
}

// ParseParam splits NAME=VALUE.
func ParseParam(s string) (Param, error) {
	name, value, ok := strings.Cut(s, "=")
	name = strings.TrimSpace(name)
	if !ok || !token.IsIdentifier(name) {
		return Param{}, fmt.Errorf("parameter %q: write NAME=VALUE, with NAME a Go identifier of the notebook's parameters cell", s)
	}
	return Param{Name: name, Value: value}, nil
}

// declared is a parameter the parameters cell declares: its name and the
// kind of value it holds.
type declared struct {
	name string
	kind string // "string", "int", "float64", "bool", or "" for any Go expression
}

// Parameterize injects params into nb: it finds the code cell tagged
// "parameters", checks that it declares each name (`seeds := 5`, `var lr
// = 0.01`, `var name string`), converts each value to the declared kind —
// a string parameter takes the text as it is, an int, float64 or bool
// one must parse as such, any other takes a Go expression — and puts
// after it a code cell tagged "injected-parameters" that assigns them,
// replacing the one a previous run injected. The values are recorded in
// the notebook's metadata under "petridish". Without params nb is left as
// it is. Its errors say what to fix.
func (nb *Notebook) Parameterize(params []Param) error {
	if len(params) == 0 {
		return nil
	}
	at := -1
	for i, c := range nb.Cells {
		if c.Type == "code" && c.HasTag(ParametersTag) {
			at = i
			break
		}
	}
	if at < 0 {
		return fmt.Errorf("the notebook has no code cell tagged %q to take -p values: add the tag to the cell that sets the parameters' defaults (JupyterLab: the property inspector's Cell Tags; classic Notebook: View > Cell Toolbar > Tags)", ParametersTag)
	}
	decls, err := parameterDecls(nb.Cells[at].Source)
	if err != nil {
		return fmt.Errorf("the parameters cell (cell %d of the notebook): %v", at+1, err)
	}
	byName := map[string]declared{}
	var names []string
	for _, d := range decls {
		byName[d.name] = d
		names = append(names, d.name)
	}
	sort.Strings(names)
	var src strings.Builder
	src.WriteString("// Parameters given to this run.\n")
	given := map[string]any{}
	for _, p := range params {
		d, ok := byName[p.Name]
		if !ok {
			return fmt.Errorf("parameter %s: the parameters cell (cell %d of the notebook) does not set it; it sets %s", p.Name, at+1, strings.Join(names, ", "))
		}
		if _, twice := given[p.Name]; twice {
			return fmt.Errorf("parameter %s is given twice", p.Name)
		}
		expr, err := goValue(d, p.Value)
		if err != nil {
			return fmt.Errorf("parameter %s: %v", p.Name, err)
		}
		given[p.Name] = p.Value
		fmt.Fprintf(&src, "%s = %s\n", p.Name, expr)
	}
	injected := &Cell{ID: newCellID(), Type: "code", Source: strings.TrimSuffix(src.String(), "\n"),
		Metadata: map[string]any{"tags": []any{InjectedTag}}, extra: map[string]json.RawMessage{}}
	next := at + 1
	if next < len(nb.Cells) && nb.Cells[next].HasTag(InjectedTag) {
		nb.Cells[next] = injected
	} else {
		nb.Cells = append(nb.Cells[:next], append([]*Cell{injected}, nb.Cells[next:]...)...)
	}
	meta, _ := nb.Metadata["petridish"].(map[string]any)
	if meta == nil {
		meta = map[string]any{}
	}
	meta["parameters"] = given
	nb.Metadata["petridish"] = meta
	return nil
}

// HasTag reports whether the cell's metadata lists tag among its tags.
func (c *Cell) HasTag(tag string) bool {
	tags, _ := c.Metadata["tags"].([]any)
	for _, t := range tags {
		if t == tag {
			return true
		}
	}
	return false
}

// parameterDecls returns the variables a parameters cell declares at its
// top level, with the kind of value each holds.
func parameterDecls(src string) ([]declared, error) {
	// The cell is statements and declarations mixed: parse it as a
	// function body, as the Session runs it.
	f, err := parser.ParseFile(token.NewFileSet(), "parameters", "package p; func _() {\n"+src+"\n}", 0)
	if err != nil {
		return nil, fmt.Errorf("it is not Go: %v", err)
	}
	var out []declared
	body := f.Decls[0].(*ast.FuncDecl).Body
	for _, st := range body.List {
		switch st := st.(type) {
		case *ast.AssignStmt:
			if st.Tok != token.DEFINE {
				continue
			}
			for i, l := range st.Lhs {
				if id, ok := l.(*ast.Ident); ok && id.Name != "_" {
					var v ast.Expr
					if len(st.Rhs) == len(st.Lhs) {
						v = st.Rhs[i]
					}
					out = append(out, declared{name: id.Name, kind: kindOf(nil, v)})
				}
			}
		case *ast.DeclStmt:
			g, ok := st.Decl.(*ast.GenDecl)
			if !ok || g.Tok != token.VAR {
				continue
			}
			for _, sp := range g.Specs {
				vs := sp.(*ast.ValueSpec)
				for i, id := range vs.Names {
					var v ast.Expr
					if len(vs.Values) == len(vs.Names) {
						v = vs.Values[i]
					}
					if id.Name != "_" {
						out = append(out, declared{name: id.Name, kind: kindOf(vs.Type, v)})
					}
				}
			}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("it declares no variables (write `seeds := 5` or `var lr = 0.01`)")
	}
	return out, nil
}

// kindOf returns the kind of a variable declared with type typ (nil when
// not written) and value v (nil when none): a predeclared type written,
// or the default type of a basic literal or true/false.
func kindOf(typ, v ast.Expr) string {
	if typ != nil {
		if id, ok := typ.(*ast.Ident); ok {
			switch id.Name {
			case "string", "int", "float64", "bool":
				return id.Name
			}
		}
		return ""
	}
	switch v := v.(type) {
	case *ast.BasicLit:
		switch v.Kind {
		case token.STRING:
			return "string"
		case token.INT:
			return "int"
		case token.FLOAT:
			return "float64"
		}
	case *ast.Ident:
		if v.Name == "true" || v.Name == "false" {
			return "bool"
		}
	case *ast.UnaryExpr:
		if v.Op == token.SUB || v.Op == token.ADD {
			return kindOf(nil, v.X)
		}
	}
	return ""
}

// goValue returns the Go expression that gives parameter d the value
// text.
func goValue(d declared, text string) (string, error) {
	switch d.kind {
	case "string":
		return strconv.Quote(text), nil
	case "int":
		if _, err := strconv.ParseInt(strings.TrimSpace(text), 0, 64); err != nil {
			return "", fmt.Errorf("%q is not a whole number, and the parameters cell makes %s an int", text, d.name)
		}
		return strings.TrimSpace(text), nil
	case "float64":
		t := strings.TrimSpace(text)
		if _, err := strconv.ParseFloat(t, 64); err != nil || strings.ContainsAny(t, "nNiI") {
			return "", fmt.Errorf("%q is not a number, and the parameters cell makes %s a float64", text, d.name)
		}
		return t, nil
	case "bool":
		b, err := strconv.ParseBool(strings.TrimSpace(text))
		if err != nil {
			return "", fmt.Errorf("%q is not true or false, and the parameters cell makes %s a bool", text, d.name)
		}
		return strconv.FormatBool(b), nil
	}
	if _, err := parser.ParseExpr(text); err != nil {
		return "", fmt.Errorf("%q is not a Go expression (%s is not a string, int, float64 or bool, so its value is written in Go, such as []float64{0.5, 1})", text, d.name)
	}
	return text, nil
}
