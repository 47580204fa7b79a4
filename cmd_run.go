package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/petridish-go/petridish/dsl"
	"github.com/petridish-go/petridish/dsl/display"
)

func init() {
	register(command{name: "run", summary: "run a Go script (cell syntax or a package main program) with the notebook's semantics", run: runScript, interprets: true})
}

const runUsage = "petridish run [--timeout DURATION] SCRIPT.go|- [ARGS...]"

// runScript implements `petridish run`: the script runs as one cell of a
// fresh Session, with its output on the terminal; "-" reads the script
// from standard input (errors then name it "stdin"). Interrupt (Ctrl-C)
// stops it; a second Ctrl-C exits at once.
func runScript(args []string) error {
	return runScriptIO(args, os.Stdin, os.Stdout, os.Stderr)
}

func runScriptIO(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	timeout := durationFlag(fs, "timeout", "stop the script after `DURATION` (5m, 90s, or seconds: 90; 0: no limit)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stderr, "usage: "+runUsage)
			fs.SetOutput(stderr)
			fs.PrintDefaults()
			return err
		}
		return fmt.Errorf("%w: %v; %s", errUsage, err, runUsage)
	}
	if fs.NArg() == 0 {
		return fmt.Errorf("%w: no script given; %s", errUsage, runUsage)
	}
	script := fs.Arg(0)
	var code []byte
	var err error
	if script == stdio {
		code, err = io.ReadAll(stdin)
		script = "stdin"
	} else {
		code, err = os.ReadFile(script)
	}
	if err != nil {
		return fmt.Errorf("reading the script: %w", err)
	}
	defer scriptFlags(fs.Args(), stderr)()
	s, err := dsl.New(dsl.Options{Args: fs.Args()})
	if err != nil {
		return err
	}
	defer s.Close()

	ctx, cancel := interruptContext(*timeout, stderr, interruptHint)
	defer cancel()
	out := newTerminalOutput(stdout, stderr, stdin)
	res, err := s.ExecuteFile(ctx, script, string(code), out)
	var de *dsl.Error
	if errors.As(err, &de) && de.Name == "exit" {
		// os.Exit(n) ends the script with status n and no message, as
		// it ends a compiled program (log.Fatal has printed its own).
		return exitStatus(de.ExitCode)
	}
	if err != nil {
		return asInterrupted(ctx, err, "")
	}
	if res != nil && res.Data != nil {
		fmt.Fprintln(stdout, strings.TrimSuffix(display.TextOf(res.Data, res.Metadata), "\n"))
	}
	if res != nil && res.Page != nil {
		fmt.Fprintln(stdout, display.TextOf(res.Page, nil))
	}
	return nil
}

// scriptFlags makes the flag package behave for the script as in a
// compiled program run with args: os.Args is args and flag.CommandLine a
// fresh FlagSet named args[0] that exits on errors (status 2, or 0 for
// -h, after printing the script's flags on stderr). The script's os.Args
// is already args (dsl.Options.Args), but flag.Parse and flag.Int, which
// the script calls compiled, read the process's os.Args and
// flag.CommandLine. The returned function restores them.
//
// Call it before dsl.New: the interpreter gives the script's
// flag.CommandLine (the variable, not the functions) a FlagSet of its
// own, named os.Args[0] at that time, which flag.Parse does not read
// (internal/yaegi's fixStdlib; dsl's to fix).
func scriptFlags(args []string, stderr io.Writer) (restore func()) {
	oldArgs, oldCommandLine, oldUsage := os.Args, flag.CommandLine, flag.Usage
	os.Args = append([]string(nil), args...)
	cl := flag.NewFlagSet(args[0], flag.ExitOnError)
	cl.SetOutput(stderr)
	cl.Usage = func() { flag.Usage() } // as the flag package's own: a script may replace flag.Usage
	flag.CommandLine = cl
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "Usage of %s:\n", os.Args[0])
		flag.PrintDefaults()
	}
	return func() { os.Args, flag.CommandLine, flag.Usage = oldArgs, oldCommandLine, oldUsage }
}

// terminalOutput is a dsl.Output for a terminal: streams are written
// through, displays print their text form (images as a placeholder line
// such as "[image/png 576x384]"), progress bars are drawn on stderr, and
// input is read from stdin.
type terminalOutput struct {
	stdout, stderr io.Writer
	pub            *display.TerminalPublisher
	in             *bufio.Reader
}

func newTerminalOutput(stdout, stderr io.Writer, stdin io.Reader) *terminalOutput {
	return &terminalOutput{stdout: stdout, stderr: stderr,
		pub: &display.TerminalPublisher{Out: stdout, Err: stderr}, in: bufio.NewReader(stdin)}
}

func (t *terminalOutput) Stream(name, text string) {
	if name == "stderr" {
		io.WriteString(t.stderr, text)
		return
	}
	io.WriteString(t.stdout, text)
}

func (t *terminalOutput) Display(data, metadata map[string]any, displayID string, update bool) {
	t.pub.Display(data, metadata, displayID, update)
}

func (t *terminalOutput) ClearOutput(wait bool) {}

func (t *terminalOutput) Input(prompt string, password bool) (string, error) {
	io.WriteString(t.stderr, prompt)
	line, err := t.in.ReadString('\n')
	if err != nil && line == "" {
		return "", fmt.Errorf("reading standard input: %w", err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// Terminal makes display draw progress bars on stderr.
func (t *terminalOutput) Terminal() io.Writer { return t.stderr }
