package dsl

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/petridish-go/petridish/dsl/display"
	"github.com/petridish-go/petridish/dsl/internal/interpvalue"
	"github.com/petridish-go/petridish/internal/yaegi/interp"
)

// namedValue is a variable as the debugger lists it.
type namedValue struct {
	name string
	v    reflect.Value
}

// varTable holds what the front end refers to by number while the
// program is stopped (or until the next inspectVariables): stack frames,
// scopes and the composite values it may expand.
type varTable struct {
	mu     sync.Mutex
	next   int
	frames map[int]*interp.DebugFrame
	lists  map[int][]namedValue
	values map[int]reflect.Value
	// structNames names the cells' struct types in the types shown (see
	// cellStructNames); it is read off the interpreter before a program
	// runs, as a stopped one cannot be asked.
	structNames map[string]string
}

// setStructNames sets the cell type names the types shown use.
func (t *varTable) setStructNames(names map[string]string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.structNames = names
}

// reset forgets every reference; the front end asks again after a stop.
func (t *varTable) reset() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.frames, t.lists, t.values = nil, nil, nil
}

func (t *varTable) add() int {
	if t.frames == nil {
		t.frames, t.lists, t.values = map[int]*interp.DebugFrame{}, map[int][]namedValue{}, map[int]reflect.Value{}
	}
	t.next++
	return t.next
}

func (t *varTable) addFrame(f *interp.DebugFrame) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	id := t.add()
	t.frames[id] = f
	return id
}

func (t *varTable) frame(id int) *interp.DebugFrame {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.frames[id]
}

func (t *varTable) addList(vars []namedValue) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	id := t.add()
	t.lists[id] = vars
	return id
}

// variable is the protocol's Variable for a value, with a reference to
// expand it when it has elements or fields.
func (t *varTable) variable(name string, v reflect.Value) map[string]any {
	v = unwrap(v)
	if c, ok := cellContext(v); ok {
		return map[string]any{"name": name, "value": c.String(), "type": "context.Context", "variablesReference": 0, "evaluateName": name}
	}
	t.mu.Lock()
	typ := "nil"
	if v.IsValid() {
		typ = shorten(renameStructs(v.Type().String(), t.structNames), 80)
	}
	t.mu.Unlock()
	out := map[string]any{"name": name, "value": summary(v, 2), "type": typ, "variablesReference": 0, "evaluateName": name}
	if n := childCount(v); n > 0 {
		t.mu.Lock()
		id := t.add()
		t.values[id] = v
		t.mu.Unlock()
		out["variablesReference"] = id
		if k := reflect.Indirect(v).Kind(); k == reflect.Slice || k == reflect.Array {
			out["indexedVariables"] = n
		}
	}
	return out
}

// maxChildren bounds the elements listed at once when the front end
// does not page.
const maxChildren = 100

// children lists the variables of a scope, or the fields, elements or
// entries of a value, from start (count of them; 0 for up to maxChildren).
func (t *varTable) children(ref, start, count int) ([]any, error) {
	t.mu.Lock()
	list, isList := t.lists[ref]
	v, isValue := t.values[ref]
	t.mu.Unlock()
	out := []any{}
	switch {
	case isList:
		for _, nv := range list {
			out = append(out, t.variable(nv.name, nv.v))
		}
		return out, nil
	case !isValue:
		return nil, fmt.Errorf("variables: no variables reference %d (references last until the program resumes)", ref)
	}
	if count <= 0 {
		count = maxChildren
	}
	v = reflect.Indirect(v)
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			out = append(out, t.variable(v.Type().Field(i).Name, v.Field(i)))
		}
	case reflect.Slice, reflect.Array:
		end := min(start+count, v.Len())
		for i := max(start, 0); i < end; i++ {
			out = append(out, t.variable(strconv.Itoa(i), v.Index(i)))
		}
		if end < v.Len() && start == 0 && count == maxChildren {
			out = append(out, map[string]any{"name": "…", "value": fmt.Sprintf("%d more", v.Len()-end), "variablesReference": 0})
		}
	case reflect.Map:
		keys := v.MapKeys()
		names := make([]string, len(keys))
		for i, k := range keys {
			names[i] = summary(k, 1)
		}
		order := make([]int, len(keys))
		for i := range order {
			order[i] = i
		}
		sort.Slice(order, func(a, b int) bool { return names[order[a]] < names[order[b]] })
		for n, i := range order {
			if n == count {
				out = append(out, map[string]any{"name": "…", "value": fmt.Sprintf("%d more", len(keys)-n), "variablesReference": 0})
				break
			}
			out = append(out, t.variable(names[i], v.MapIndex(keys[i])))
		}
	}
	return out, nil
}

// cellContext reports whether v is the cells' ctx, which the debugger
// shows as the context it is rather than as the Session behind it.
func cellContext(v reflect.Value) (ctxValue, bool) {
	if !v.IsValid() || v.Type() != reflect.TypeFor[ctxValue]() {
		return ctxValue{}, false
	}
	return v.Interface().(ctxValue), true
}

// childCount is how many fields, elements or entries v has to expand.
func childCount(v reflect.Value) int {
	if !v.IsValid() || v.Kind() == reflect.Pointer && v.IsNil() {
		return 0
	}
	v = reflect.Indirect(v)
	switch v.Kind() {
	case reflect.Struct:
		return v.NumField()
	case reflect.Slice, reflect.Array, reflect.Map:
		return v.Len()
	}
	return 0
}

// unwrap removes interfaces, including the interpreter's own box for
// values of interpreted interface types.
func unwrap(v reflect.Value) reflect.Value {
	for v.IsValid() {
		if v.Kind() == reflect.Interface && !v.IsNil() {
			v = v.Elem()
			continue
		}
		inner, ok := interpvalue.Wrapped(v)
		if !ok {
			return v
		}
		v = inner
	}
	return v
}

// typeOf is v's type for the variables table.
func typeOf(v reflect.Value) string {
	if !v.IsValid() {
		return "nil"
	}
	return shorten(v.Type().String(), 80)
}

func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "…"
}

// compiledType reports whether t (or what it points to) is a type of
// compiled code, whose methods run no interpreted code: the debugger may
// call them while a program is stopped.
func compiledType(t reflect.Type) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	pkg := t.PkgPath()
	return pkg != "" && !strings.HasPrefix(pkg, "github.com/traefik/yaegi") && !strings.HasSuffix(pkg, "/dsl/symbols")
}

// summary is a short text of v, depth levels deep, bounded in length
// however large v is.
func summary(v reflect.Value, depth int) string {
	v = unwrap(v)
	if !v.IsValid() {
		return "nil"
	}
	if v.CanInterface() && compiledType(v.Type()) && (v.Kind() != reflect.Pointer || !v.IsNil()) {
		switch x := v.Interface().(type) {
		case error:
			return shorten(x.Error(), 200)
		case fmt.Stringer:
			return shorten(x.String(), 200)
		}
	}
	switch v.Kind() {
	case reflect.Bool:
		return strconv.FormatBool(v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return strconv.FormatUint(v.Uint(), 10)
	case reflect.Float32, reflect.Float64:
		return strconv.FormatFloat(v.Float(), 'g', -1, v.Type().Bits())
	case reflect.Complex64, reflect.Complex128:
		return fmt.Sprint(v.Complex())
	case reflect.String:
		return strconv.Quote(shorten(v.String(), 200))
	case reflect.Pointer:
		if v.IsNil() {
			return "nil"
		}
		if depth == 0 {
			return "&" + typeOf(v.Elem())
		}
		return "&" + summary(v.Elem(), depth)
	case reflect.Interface, reflect.Func, reflect.Chan, reflect.Map, reflect.Slice:
		if v.IsNil() {
			return "nil"
		}
	}
	if depth == 0 {
		switch v.Kind() {
		case reflect.Slice, reflect.Array, reflect.Map:
			return fmt.Sprintf("%s (len %d)", typeOf(v), v.Len())
		}
		return typeOf(v)
	}
	var b strings.Builder
	switch v.Kind() {
	case reflect.Slice, reflect.Array:
		b.WriteByte('[')
		for i := range min(v.Len(), 8) {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(summary(v.Index(i), depth-1))
		}
		if v.Len() > 8 {
			fmt.Fprintf(&b, " … (len %d)", v.Len())
		}
		b.WriteByte(']')
	case reflect.Map:
		b.WriteString("map[")
		for i, k := range v.MapKeys() {
			if i == 5 {
				fmt.Fprintf(&b, " … (len %d)", v.Len())
				break
			}
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(summary(k, depth-1) + ":" + summary(v.MapIndex(k), depth-1))
		}
		b.WriteByte(']')
	case reflect.Struct:
		b.WriteByte('{')
		for i := range v.NumField() {
			if i == 6 {
				b.WriteString(", …")
				break
			}
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(v.Type().Field(i).Name + ": " + summary(v.Field(i), depth-1))
		}
		b.WriteByte('}')
	default:
		return typeOf(v)
	}
	return shorten(b.String(), 300)
}

// globalValues lists the variables and constants the cells declared.
func (s *Session) globalValues() []namedValue {
	globals := s.interp.Globals()
	names := make([]string, 0, len(globals))
	for n := range globals {
		if !strings.HasPrefix(n, "__") && n != "_" {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	vars := make([]namedValue, len(names))
	for i, n := range names {
		vars[i] = namedValue{n, globals[n]}
	}
	return vars
}

// stopped reports whether some goroutine of the running program is
// stopped, so that the Session's state holds still.
func (d *debugger) stopped() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.stops) > 0
}

// errCellRunning is the answer to a request that needs the Session's
// state while a cell runs without being stopped.
var errCellRunning = fmt.Errorf("a cell is running: variables can be read when it stops at a breakpoint or ends")

// whileIdle runs f when no cell runs or the running one is stopped. f
// learns which: with idle, the Session is locked and f may run code.
func (s *Session) whileIdle(f func(idle bool) (map[string]any, error)) (map[string]any, error) {
	if s.mu.TryLock() {
		defer s.mu.Unlock()
		if s.closed {
			return nil, errClosed
		}
		return f(true)
	}
	if s.debug.stopped() {
		return f(false)
	}
	return nil, errCellRunning
}

// inspectVariables lists the cells' variables for the front end's
// variable explorer.
func (s *Session) inspectVariables() (map[string]any, error) {
	return s.whileIdle(func(idle bool) (map[string]any, error) {
		t := &s.debug.vars
		if idle {
			// Between cells the interpreter may be asked for the names
			// of cell types ([]run rather than a struct literal).
			t.setStructNames(s.cellStructNames())
		}
		vars := []any{}
		for _, nv := range s.globalValues() {
			vars = append(vars, t.variable(nv.name, nv.v))
		}
		return map[string]any{"variables": vars}, nil
	})
}

// lookupVariable finds a variable of a stopped frame (frameID > 0) or a
// global.
func (s *Session) lookupVariable(name string, frameID int) (reflect.Value, bool) {
	if f := s.debug.vars.frame(frameID); f != nil {
		for _, sc := range f.Scopes() {
			for _, v := range sc.Variables() {
				if v.Name == name {
					return v.Value, true
				}
			}
		}
	}
	v, ok := s.interp.Globals()[name]
	return v, ok
}

// richInspect renders a variable as the notebook would show it. While
// the program is stopped only values of compiled types are rendered
// (rendering a value of an interpreted type could run its methods on a
// stopped interpreter); the others show their summary.
func (s *Session) richInspect(name string, frameID int) (map[string]any, error) {
	return s.whileIdle(func(idle bool) (map[string]any, error) {
		v, ok := s.lookupVariable(name, frameID)
		if !ok {
			return nil, fmt.Errorf("richInspectVariables: no variable %q", name)
		}
		v = unwrap(v)
		data := map[string]any{"text/plain": summary(v, 2)}
		md := map[string]any{}
		if v.IsValid() && v.CanInterface() && (idle || compiledType(v.Type())) {
			if d, m, err := display.Render(v.Interface()); err == nil && d != nil {
				data, md = d, m
			}
		}
		return map[string]any{"data": data, "metadata": md}, nil
	})
}

// debugEvaluate evaluates an expression for the debugger's console and
// hovers. While a program is stopped it reads a variable of the frame or
// a global, with fields, indices and map keys (x, x.F, x[2], m["k"]);
// otherwise it evaluates any Go expression in the Session.
func (s *Session) debugEvaluate(expr string, frameID int) (map[string]any, error) {
	return s.whileIdle(func(idle bool) (map[string]any, error) {
		if idle {
			data, err := s.evaluate(context.Background(), expr)
			if err != nil {
				return nil, err
			}
			text, _ := data["text/plain"].(string)
			return map[string]any{"result": text, "variablesReference": 0}, nil
		}
		v, err := s.resolvePath(expr, frameID)
		if err != nil {
			return nil, err
		}
		vr := s.debug.vars.variable(expr, v)
		return map[string]any{"result": vr["value"], "type": vr["type"], "variablesReference": vr["variablesReference"]}, nil
	})
}

// resolvePath reads x, x.F, x[i], m["k"] or *p from a stopped program.
func (s *Session) resolvePath(expr string, frameID int) (reflect.Value, error) {
	e, err := parser.ParseExpr(expr)
	if err != nil {
		return reflect.Value{}, fmt.Errorf("evaluate: %v", err)
	}
	var walk func(ast.Expr) (reflect.Value, error)
	walk = func(e ast.Expr) (reflect.Value, error) {
		switch e := e.(type) {
		case *ast.Ident:
			if v, ok := s.lookupVariable(e.Name, frameID); ok {
				return v, nil
			}
			return reflect.Value{}, fmt.Errorf("evaluate: no variable %s in this frame", e.Name)
		case *ast.ParenExpr:
			return walk(e.X)
		case *ast.StarExpr:
			v, err := walk(e.X)
			if err != nil {
				return v, err
			}
			if v = unwrap(v); v.Kind() != reflect.Pointer || v.IsNil() {
				return reflect.Value{}, fmt.Errorf("evaluate: %s is not a non-nil pointer", expr)
			}
			return v.Elem(), nil
		case *ast.SelectorExpr:
			v, err := walk(e.X)
			if err != nil {
				return v, err
			}
			v = reflect.Indirect(unwrap(v))
			if v.Kind() != reflect.Struct {
				return reflect.Value{}, fmt.Errorf("evaluate: %s has no fields", typeOf(v))
			}
			f := v.FieldByName(e.Sel.Name)
			if !f.IsValid() {
				return f, fmt.Errorf("evaluate: %s has no field %s", typeOf(v), e.Sel.Name)
			}
			return f, nil
		case *ast.IndexExpr:
			v, err := walk(e.X)
			if err != nil {
				return v, err
			}
			v = reflect.Indirect(unwrap(v))
			lit, ok := e.Index.(*ast.BasicLit)
			if !ok {
				return reflect.Value{}, fmt.Errorf("evaluate: while stopped, an index must be a literal")
			}
			switch v.Kind() {
			case reflect.Slice, reflect.Array, reflect.String:
				i, err := strconv.Atoi(lit.Value)
				if err != nil || i < 0 || i >= v.Len() {
					return reflect.Value{}, fmt.Errorf("evaluate: index %s out of range [0, %d)", lit.Value, v.Len())
				}
				return v.Index(i), nil
			case reflect.Map:
				for _, k := range v.MapKeys() {
					if lit.Kind == token.STRING && k.Kind() == reflect.String && strconv.Quote(k.String()) == lit.Value || summary(k, 0) == lit.Value {
						return v.MapIndex(k), nil
					}
				}
				return reflect.Value{}, fmt.Errorf("evaluate: no key %s", lit.Value)
			}
			return reflect.Value{}, fmt.Errorf("evaluate: %s cannot be indexed", typeOf(v))
		}
		return reflect.Value{}, fmt.Errorf("evaluate: while a cell is stopped, only variables, fields, indices and map keys can be read (x, x.F, x[2], m[\"k\"]); continue to run other code")
	}
	return walk(e)
}
