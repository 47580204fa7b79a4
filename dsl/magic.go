package dsl

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/petridish-go/petridish/accel"
	"github.com/petridish-go/petridish/dsl/display"
	"github.com/petridish-go/petridish/dsl/widget"
	"github.com/petridish-go/petridish/petri/rng"
)

// magic is one %name command.
type magic struct {
	usage string
	help  string
	run   func(s *Session, ctx context.Context, name string, arg string, p part, out Output, res *Result) error
}

var lineMagics map[string]magic

func init() {
	lineMagics = map[string]magic{
		"help":    {"%help", "list the magics and other cell syntax", (*Session).magicHelp},
		"lsmagic": {"%lsmagic", "the same as %help", (*Session).magicHelp},
		"time":    {"%time STMT", "run Go code once and report its wall-clock and CPU time", (*Session).magicTime},
		"timeit":  {"%timeit STMT", "time Go code over many runs: mean ± std per loop, like IPython", (*Session).magicTimeit},
		"who":     {"%who", "list the variables, functions and types declared in cells", (*Session).magicWho},
		"reset":   {"%reset", "forget all declarations and start a fresh interpreter", (*Session).magicReset},
		"env":     {"%env [K[=V]]", "list the environment, show K, or set K to V", (*Session).magicEnv},
		"cd":      {"%cd DIR", "change the working directory", (*Session).magicCd},
		"pwd":     {"%pwd", "print the working directory", (*Session).magicPwd},
		"load":    {"%load FILE", "run a Go file (a script or a program with func main) in this session", (*Session).magicLoad},
		"device":  {"%device [cpu|cuda|auto]", "list the compute backends, or select one", (*Session).magicDevice},
		"go":      {"%go get PKG[@V]", "fetch pure-Go packages (with the go command) that cells then import, interpreted", (*Session).magicGo},
		"seed":    {"%seed N", "seed petri's random generators (rng.SetSeed)", (*Session).magicSeed},
		"test":    {"%test [-v] [-run RE] [-bench RE] [-benchtime D] [-count N] [-short] [-failfast] [RE]", "run the cells' TestName(t *testing.T) functions, their ExampleName() ones with an // Output: comment (and with -bench their benchmarks) as go test does; a failure fails the cell", (*Session).magicTest},
	}
}

// cellMagics lists the %% magics, for help and errors.
var cellMagics = map[string]string{
	"writefile": "%%writefile [-a] FILE: write (or with -a append) the rest of the cell to FILE",
	"time":      "%%time: run the rest of the cell and report its wall-clock and CPU time",
	"bash":      "%%bash: run the rest of the cell with bash, streaming its output; a failure fails the cell",
	"sh":        "%%sh: run the rest of the cell with /bin/sh, like %%bash",
	"html":      "%%html: show the rest of the cell as HTML",
	"markdown":  "%%markdown: show the rest of the cell as Markdown",
	"latex":     "%%latex: show the rest of the cell as LaTeX",
	"svg":       "%%svg: show the rest of the cell as an SVG image",
}

// magicNames lists every magic for error messages.
func magicNames() string {
	var names []string
	for n := range lineMagics {
		names = append(names, "%"+n)
	}
	for n := range cellMagics {
		names = append(names, "%%"+n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

func magicError(format string, a ...any) *Error {
	msg := fmt.Sprintf(format, a...)
	return &Error{Name: "magic error", Value: msg, Traceback: []string{"magic error: " + msg}}
}

// lineMagic runs one %name line.
func (s *Session) lineMagic(ctx context.Context, name string, p part, out Output, res *Result) error {
	cmd, arg, _ := strings.Cut(strings.TrimPrefix(p.text, "%"), " ")
	arg = strings.TrimSpace(arg)
	m, ok := lineMagics[cmd]
	if !ok {
		if cell := strings.TrimPrefix(cmd, "%"); cell != cmd {
			if _, isCell := cellMagics[cell]; isCell {
				hint := ""
				if _, isLine := lineMagics[cell]; isLine {
					hint = fmt.Sprintf(" (or %%%s STMT for one line)", cell)
				}
				return magicError("%%%%%s is a cell magic: it must be the first line of the cell; move it there or to a cell of its own%s", cell, hint)
			}
		}
		return magicError("unknown magic %%%s; the magics are %s (%%help describes them)", cmd, magicNames())
	}
	return m.run(s, ctx, name, arg, p, out, res)
}

// cellMagic runs a cell whose first line is %%name.
func (s *Session) cellMagic(ctx context.Context, name, code string, out Output) (*Result, error) {
	code = strings.TrimLeft(code, " \t\r\n")
	first, body, _ := strings.Cut(code, "\n")
	cmd, arg, _ := strings.Cut(strings.TrimPrefix(strings.TrimSpace(first), "%%"), " ")
	bare := func() error {
		if strings.TrimSpace(arg) != "" {
			return magicError("%%%%%s takes no arguments; put the content on the lines after it", cmd)
		}
		return nil
	}
	switch cmd {
	case "writefile":
		return &Result{}, writeFile(strings.Fields(arg), body, out)
	case "time":
		if err := bare(); err != nil {
			return nil, err
		}
		// A blank first line keeps the body's cell line numbers.
		var res *Result
		err := s.timed(out, func() (err error) {
			res, err = s.runParts(ctx, name, "\n"+body, out)
			return err
		})
		return res, err
	case "bash", "sh":
		if err := bare(); err != nil {
			return nil, err
		}
		shell := "/bin/sh"
		if cmd == "bash" {
			shell = "bash"
		}
		return &Result{}, s.runScript(ctx, shell, body, "%%"+cmd, true, out)
	case "html", "markdown", "latex", "svg":
		if err := bare(); err != nil {
			return nil, err
		}
		mime := map[string]string{"html": display.MIMEHTML, "markdown": display.MIMEMarkdown, "latex": display.MIMELaTeX, "svg": display.MIMESVG}[cmd]
		display.MIME(map[string]any{mime: body, display.MIMEText: body})
		return &Result{}, nil
	}
	return nil, magicError("unknown cell magic %%%%%s; the magics are %s", cmd, magicNames())
}

func writeFile(args []string, body string, out Output) error {
	appendMode := len(args) > 0 && args[0] == "-a"
	if appendMode {
		args = args[1:]
	}
	if len(args) != 1 {
		return magicError("usage: %%%%writefile [-a] FILE, then the file's contents on the next lines")
	}
	file := expandHome(args[0])
	verb := "Writing"
	if _, err := os.Stat(file); err == nil {
		verb = "Overwriting"
		if appendMode {
			verb = "Appending to"
		}
	}
	flags := os.O_CREATE | os.O_WRONLY | os.O_TRUNC
	if appendMode {
		flags = os.O_CREATE | os.O_WRONLY | os.O_APPEND
	}
	f, err := os.OpenFile(file, flags, 0o644)
	if err != nil {
		return magicError("%%%%writefile: %v", err)
	}
	if _, err := f.WriteString(body); err != nil {
		f.Close()
		return magicError("%%%%writefile: %v", err)
	}
	if err := f.Close(); err != nil {
		return magicError("%%%%writefile: %v", err)
	}
	out.Stream("stdout", verb+" "+file+"\n")
	return nil
}

func expandHome(p string) string {
	if p == "~" || strings.HasPrefix(p, "~/") {
		if h, err := os.UserHomeDir(); err == nil {
			return filepath.Join(h, p[1:])
		}
	}
	return p
}

func (s *Session) magicHelp(_ context.Context, _, _ string, _ part, out Output, _ *Result) error {
	var b strings.Builder
	b.WriteString("Cells hold Go code: imports, declarations and statements mixed; the value of the last expression is shown (end it with ';' to hide it).\n\nMagics:\n")
	var names []string
	for n := range lineMagics {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(&b, "  %-22s %s\n", lineMagics[n].usage, lineMagics[n].help)
	}
	names = names[:0]
	for n := range cellMagics {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		u, d, _ := strings.Cut(cellMagics[n], ": ")
		fmt.Fprintf(&b, "  %-22s %s\n", u, d)
	}
	b.WriteString("\nOther syntax:\n")
	b.WriteString("  !CMD                   run a shell command, streaming its output\n")
	b.WriteString("  NAME?  NAME??          show the documentation of NAME (?? adds its source location)\n")
	b.WriteString("  ctx                    the running cell's context, cancelled on interrupt: pass it to long calls\n")
	out.Stream("stdout", b.String())
	return nil
}

func (s *Session) magicWho(_ context.Context, _, _ string, _ part, out Output, _ *Result) error {
	globals := s.interp.Globals()
	var b strings.Builder
	for _, n := range s.state.names("") {
		if v, ok := globals[n]; ok && v.IsValid() && v.CanInterface() {
			if _, predeclared := v.Interface().(ctxValue); predeclared {
				continue // ctx, as the Session declares it
			}
		}
		d := s.state.decls[n]
		typ := d.kind
		if v, ok := globals[n]; ok && v.IsValid() && (d.kind == "var" || d.kind == "const") {
			typ = d.kind + " " + s.typeString(v)
		}
		fmt.Fprintf(&b, "%-16s %s\n", n, typ)
	}
	if b.Len() == 0 {
		b.WriteString("no names declared yet\n")
	}
	out.Stream("stdout", b.String())
	return nil
}

func (s *Session) magicReset(_ context.Context, _, _ string, _ part, out Output, _ *Result) error {
	if err := s.reset(); err != nil {
		return magicError("%%reset: %v", err)
	}
	widget.CloseAll()
	out.Stream("stdout", "session reset: all declarations, imports and widgets forgotten\n")
	return nil
}

func (s *Session) magicEnv(ctx context.Context, _, arg string, _ part, out Output, _ *Result) error {
	if arg == "" {
		env := os.Environ()
		sort.Strings(env)
		out.Stream("stdout", strings.Join(env, "\n")+"\n")
		return nil
	}
	k, v, set := strings.Cut(arg, "=")
	if !set {
		if kk, vv, ok := strings.Cut(arg, " "); ok {
			k, v, set = kk, strings.TrimSpace(vv), true
		}
	}
	k = strings.TrimSpace(k)
	if !set {
		val, ok := os.LookupEnv(k)
		if !ok {
			return magicError("%%env: %s is not set", k)
		}
		out.Stream("stdout", val+"\n")
		return nil
	}
	if err := os.Setenv(k, v); err != nil {
		return magicError("%%env: %v", err)
	}
	if _, err := s.eval(ctx, fmt.Sprintf("__pdos.Setenv(%q, %q)", k, v)); err != nil {
		return err
	}
	out.Stream("stdout", "env: "+k+"="+v+"\n")
	return nil
}

func (s *Session) magicCd(_ context.Context, _, arg string, _ part, out Output, _ *Result) error {
	dir := arg
	if dir == "" {
		dir = "~"
	}
	if err := os.Chdir(expandHome(dir)); err != nil {
		return magicError("%%cd: %v", err)
	}
	wd, _ := os.Getwd()
	out.Stream("stdout", wd+"\n")
	return nil
}

func (s *Session) magicPwd(_ context.Context, _, _ string, _ part, out Output, _ *Result) error {
	wd, err := os.Getwd()
	if err != nil {
		return magicError("%%pwd: %v", err)
	}
	out.Stream("stdout", wd+"\n")
	return nil
}

func (s *Session) magicLoad(ctx context.Context, _, arg string, _ part, out Output, res *Result) error {
	if arg == "" {
		return magicError("usage: %%load FILE.go")
	}
	file := expandHome(arg)
	b, err := os.ReadFile(file)
	if err != nil {
		return magicError("%%load: %v", err)
	}
	code := programToCell(string(b))
	s.state.sources[file] = code
	r, err := s.runGo(ctx, file, code, 1, true)
	if err != nil {
		return err
	}
	res.Data, res.Metadata = r.Data, r.Metadata
	return nil
}

// magicDevice lists the compute backends (package accel) with no
// argument, and selects one by name otherwise.
func (s *Session) magicDevice(_ context.Context, _, arg string, _ part, out Output, _ *Result) error {
	if arg != "" {
		b, err := accel.Use(arg)
		if err != nil {
			return magicError("%%device %s: %v", arg, err)
		}
		out.Stream("stdout", "device: "+b.Name()+" ("+b.Describe()+")\n")
		return nil
	}
	accel.Current() // resolves PETRI_DEVICE, so the list marks the backend in use
	out.Stream("stdout", accel.DeviceList())
	return nil
}

func (s *Session) magicSeed(_ context.Context, _, arg string, _ part, out Output, _ *Result) error {
	n, err := strconv.ParseUint(arg, 10, 64)
	if err != nil {
		return magicError("usage: %%seed N, with N a non-negative integer (got %q)", arg)
	}
	rng.SetSeed(n)
	out.Stream("stdout", fmt.Sprintf("seed: %d\n", n))
	return nil
}
