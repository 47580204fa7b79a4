package dsl

import (
	"context"
	"errors"
	"fmt"
	"go/scanner"
	"io"
	"log"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"github.com/petridish-go/petridish/internal/yaegi/interp"
)

// eval compiles and runs src in the interpreter and turns its failures
// into *Error.
func (s *Session) eval(ctx context.Context, src string) (reflect.Value, error) {
	prog, err := s.compile(src)
	if err != nil {
		return reflect.Value{}, err
	}
	return s.execute(ctx, prog)
}

// compile compiles src without running it. A failure is a compile error,
// including the interpreter's own internal panics.
func (s *Session) compile(src string) (prog *interp.Program, err error) {
	// yaegi reports some internal failures with log.Panic, which would
	// print a stray line on stderr; the message is in the error anyway.
	w := log.Writer()
	log.SetOutput(io.Discard)
	defer log.SetOutput(w)
	defer func() {
		if r := recover(); r != nil {
			prog, err = nil, s.compileError(fmt.Sprintf("the interpreter failed on this code: %v", r))
		}
	}()
	prog, err = s.interp.Compile(src)
	if err != nil {
		return nil, s.convertError(context.Background(), err)
	}
	s.state.noteProgram(src, prog)
	return prog, nil
}

// execute runs a compiled program, stopping it when ctx is cancelled.
func (s *Session) execute(ctx context.Context, prog *interp.Program) (reflect.Value, error) {
	s.route.takeFrames()
	var v reflect.Value
	var err error
	if s.debug.attached() && s.state.isCellProgram(prog) {
		v, err = s.debugExecute(ctx, prog)
		if hint := debuggerLimitation(err); hint != "" {
			e := s.convertError(ctx, err)
			if ee, ok := e.(*Error); ok {
				ee.Value += " (" + hint + ")"
				ee.Traceback[0] = ee.Name + ": " + ee.Value
			}
			return v, e
		}
	} else {
		v, err = s.interp.ExecuteWithContext(ctx, prog)
	}
	if err == nil {
		return v, nil
	}
	return v, s.convertError(ctx, err)
}

func (s *Session) convertError(ctx context.Context, err error) error {
	var p interp.Panic
	switch {
	case ctx.Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)):
		msg := "the cell was interrupted"
		if errors.Is(err, context.DeadlineExceeded) {
			msg = "the cell ran out of time (deadline exceeded)"
		}
		return &Error{Name: "interrupt", Value: msg, Traceback: []string{"interrupt: " + msg}}
	case errors.As(err, &p):
		return s.panicError(p)
	}
	if el, ok := err.(scanner.ErrorList); ok {
		return s.syntaxError("", el, 0)
	}
	return s.compileError(err.Error())
}

// panicError builds the error of a cell that panicked, with the frames
// yaegi reported while unwinding.
func (s *Session) panicError(p interp.Panic) *Error {
	name, code := "panic", 0
	if rv, ok := p.Value.(reflect.Value); ok && rv.IsValid() && rv.CanInterface() {
		p.Value = rv.Interface() // interpreted panics carry a reflect.Value
	}
	switch v := p.Value.(type) {
	case exitPanic:
		name, code = "exit", v.code
	case interface{ RuntimeError() }:
		// The interpreter's own run-time errors, worded as Go's: named
		// by the type Go's runtime gives them.
		switch msg := fmt.Sprint(v); {
		case strings.Contains(msg, "index out of range"), strings.Contains(msg, "slice bounds out of range"):
			name = "runtime.boundsError"
		case strings.Contains(msg, "invalid memory address or nil pointer dereference"):
			name = "runtime.errorString"
		case strings.HasPrefix(msg, "interface conversion:"):
			name = "*runtime.TypeAssertionError"
		default:
			name = "runtime.Error"
		}
	case error:
		// An error of a cell type panics in the interpreter's wrapper,
		// whose type name means nothing to the user: Go prints "panic:"
		// and the Error text.
		if name = fmt.Sprintf("%T", v); name == "interp._error" {
			name = "panic"
		}
	}
	value := fmt.Sprint(p.Value)
	if n, v, ok := goRuntimeError(value); ok {
		name, value = n, v
	}
	if strings.HasPrefix(value, "reflect") {
		value += s.oldValueHint(value)
	}
	tb := []string{name + ": " + value}
	frames := s.route.takeFrames()
	if len(frames) == 0 {
		tb = append(tb, "(no cell frames: the panic happened in compiled code called from the cell)")
	}
	last, repeats := "", 0
	flush := func() {
		if repeats > 0 {
			tb = append(tb, fmt.Sprintf("[the frame above repeats %d more times]", repeats))
		}
		repeats = 0
	}
	for _, f := range frames {
		if f == last && last != "" {
			// A recursion's frames (an infinite one makes thousands):
			// one, then how many more.
			repeats++
			continue
		}
		flush()
		last = f
		f = s.decodePositions(f)
		if strings.Contains(f, " in __pd") {
			continue // the Session's own helpers
		}
		context := s.sourceContext(f)
		if strings.HasSuffix(f, ": in cell") && len(context) > 0 && strings.TrimSpace(context[0]) == mainCall {
			continue // the call of a program's main that the Session added
		}
		tb = append(tb, f)
		tb = append(tb, context...)
	}
	flush()
	return &Error{Name: name, Value: value, Traceback: tb, ExitCode: code}
}

// interpPanics maps the panics of the interpreter's reflection on a
// runtime fault of interpreted code to the error compiled Go would give:
// its type, and its message with the interpreter's words kept in brackets.
var interpPanics = []struct {
	re          *regexp.Regexp
	name, value string
}{
	{regexp.MustCompile(`^reflect: (slice|array|string) index out of range$`), "runtime.boundsError", "runtime error: index out of range"},
	{regexp.MustCompile(`^reflect\.Value\.Slice3?: slice index out of bounds$`), "runtime.boundsError", "runtime error: slice bounds out of range"},
	{regexp.MustCompile(`^reflect: call of reflect\.Value\.\w+ on zero Value$`), "runtime.errorString", "runtime error: invalid memory address or nil pointer dereference"},
	{regexp.MustCompile(`^reflect\.Value\.Call: call of nil function$`), "runtime.errorString", "runtime error: invalid memory address or nil pointer dereference"},
}

// goRuntimeError returns the name and message compiled Go would give for
// the interpreter's panic message msg, and whether it knows one.
func goRuntimeError(msg string) (name, value string, ok bool) {
	for _, p := range interpPanics {
		if m := p.re.FindStringSubmatchIndex(msg); m != nil {
			value = string(p.re.ExpandString(nil, p.value, msg, m))
			if value == p.value {
				value += " (the interpreter says: " + msg + ")"
			}
			return p.name, value, true
		}
	}
	return "", "", false
}

// errPos matches a "file:line:col: message" error.
var errPos = regexp.MustCompile(`^(.*?):(\d+):(\d+): `)

// compileError builds the error of a cell that did not compile; msg
// usually starts with a "In[3]:2:5:" position.
func (s *Session) compileError(msg string) *Error {
	msg = explainNoValue(s.explainImport(explainMissing(s.explainEnd(s.decodePositions(s.srcFS.realPaths(strings.TrimSpace(msg)))))))
	if first, _, _ := strings.Cut(msg, "\n"); s.oldTypeUseHint(first) != "" {
		msg = strings.Replace(msg, first, first+s.oldTypeUseHint(first), 1)
	}
	tb := []string{"compile error: " + msg}
	for _, line := range strings.Split(msg, "\n") {
		tb = append(tb, s.sourceContext(line)...)
	}
	return &Error{Name: "compile error", Value: msg, Traceback: tb}
}

// syntaxError converts a scanner error list; positions relative to a part
// starting at cell line lineOffset are shifted when lineOffset > 0.
func (s *Session) syntaxError(name string, el scanner.ErrorList, lineOffset int) *Error {
	var msgs []string
	for i, e := range el {
		if i == 3 {
			msgs = append(msgs, fmt.Sprintf("(and %d more errors)", len(el)-3))
			break
		}
		p := e.Pos
		if lineOffset > 0 {
			p.Filename = name
			p.Line += lineOffset - 1
		}
		msg := e.Msg
		if msg == multiValueMsg {
			msg += " (a list of values, a, b, shows them as a cell's last line, without a ';'; elsewhere print them: fmt.Println(a, b))"
		}
		msgs = append(msgs, fmt.Sprintf("%s:%d:%d: %s", p.Filename, p.Line, p.Column, msg))
	}
	return s.compileError(strings.Join(msgs, "\n"))
}

// explainEnd rewrites the parser's complaint about the closing brace of
// the function that wraps statements, which users never wrote, into a
// message about unfinished code.
func (s *Session) explainEnd(msg string) string {
	lines := strings.Split(msg, "\n")
	for i, l := range lines {
		m := errPos.FindStringSubmatch(l)
		if m == nil || !strings.Contains(l, "found '}'") {
			continue
		}
		src, ok := s.state.sources[m[1]]
		n, _ := strconv.Atoi(m[2])
		if ok && n > strings.Count(src, "\n")+1 || ok && strings.TrimSpace(src) != "" && n == strings.Count(strings.TrimRight(src, "\n"), "\n")+2 {
			end := strings.Count(strings.TrimRight(src, " \t\n"), "\n") + 1
			lines[i] = fmt.Sprintf("%s:%d: unexpected end of code: a statement or expression is unfinished", m[1], end)
		}
	}
	return strings.Join(lines, "\n")
}

// sourceContext returns the cell line that the position at the start of
// msg refers to and a caret under its column, when the cell is known.
func (s *Session) sourceContext(msg string) []string {
	m := errPos.FindStringSubmatch(msg)
	if m == nil {
		return nil
	}
	src, ok := s.state.sources[m[1]]
	if !ok {
		return nil
	}
	line, _ := strconv.Atoi(m[2])
	col, _ := strconv.Atoi(m[3])
	lines := strings.Split(src, "\n")
	if line < 1 || line > len(lines) {
		return nil
	}
	text := strings.ReplaceAll(lines[line-1], "\t", "    ")
	raw := lines[line-1]
	pad := 0
	for i := 0; i < col-1 && i < len(raw); i++ {
		if raw[i] == '\t' {
			pad += 4
		} else {
			pad++
		}
	}
	return []string{"    " + text, "    " + strings.Repeat(" ", pad) + "^"}
}
