package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/petridish-go/petridish/dsl"
	"github.com/petridish-go/petridish/dsl/notebook"
	"github.com/petridish-go/petridish/internal/atomicfile"
)

func init() {
	register(command{name: "exec", summary: "execute a notebook headless (no Jupyter) and save it with its outputs", run: runExec, interprets: true})
}

const execUsage = "petridish exec NOTEBOOK.ipynb [-p NAME=VALUE ...] [-o OUT.ipynb] [--html OUT.html] [--timeout DURATION] [--allow-errors] [-q]"

// paramFlags collects repeated -p NAME=VALUE flags.
type paramFlags []notebook.Param

func (p *paramFlags) String() string { return "" }

func (p *paramFlags) Set(s string) error {
	v, err := notebook.ParseParam(s)
	if err != nil {
		return err
	}
	*p = append(*p, v)
	return nil
}

// runExec implements `petridish exec`. Without -o the executed notebook
// is written beside the input as NAME.out.ipynb; the input is never
// modified. Cell streams are echoed to the terminal as they happen. The
// exit status is 1 when a cell failed (with --allow-errors too, after all
// cells ran) or when the notebook cannot be read (missing, or not a
// notebook), 2 for bad arguments (a -p parameter the notebook does not
// have included). Cells run in
// the notebook's directory, as Jupyter runs them, so a notebook finds its
// data files by relative paths wherever exec is started.
func runExec(args []string) error {
	fs := flag.NewFlagSet("exec", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	outPath := fs.String("o", "", "write the executed notebook to `FILE` (default NOTEBOOK.out.ipynb beside the input)")
	htmlPath := fs.String("html", "", "also write a standalone HTML page to `FILE`")
	timeout := durationFlag(fs, "timeout", "interrupt a cell that runs longer than `DURATION` (5m, 90s, or seconds: 90; 0: no limit)")
	allowErrors := fs.Bool("allow-errors", false, "run every cell even after one fails")
	quiet := fs.Bool("q", false, "do not echo cell output to the terminal")
	var params paramFlags
	fs.Var(&params, "p", "run with parameter `NAME=VALUE` (repeatable): a cell after the one tagged \"parameters\" assigns it, as papermill does")
	positional, err := parseInterspersed(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "usage: "+execUsage)
			fs.SetOutput(os.Stderr)
			fs.PrintDefaults()
			return err
		}
		return fmt.Errorf("%w: %v; %s", errUsage, err, execUsage)
	}
	if len(positional) != 1 {
		return fmt.Errorf("%w: want exactly one notebook, got %d; %s", errUsage, len(positional), execUsage)
	}
	in := positional[0]
	if in == stdio {
		return fmt.Errorf("%w: notebook -: exec reads a notebook file, not standard input (cells run in its directory); save the notebook first", errUsage)
	}
	if err := firstError(
		noStdio("-o", *outPath, "exec echoes cell output on standard output; give a file name (or -q -o /dev/stdout)"),
		noStdio("--html", *htmlPath, "give a file name (or -q --html /dev/stdout)"),
	); err != nil {
		return err
	}
	if *outPath == "" {
		*outPath = strings.TrimSuffix(in, filepath.Ext(in)) + ".out.ipynb"
	}
	f, err := os.Open(in)
	if err != nil {
		return notebookErr(in, err)
	}
	nb, err := notebook.Read(f)
	f.Close()
	if err != nil {
		return fmt.Errorf("%s: %v", in, err)
	}
	if err := refuseOverwrite(in, *outPath, *htmlPath); err != nil {
		return err
	}
	if err := nb.Parameterize(params); err != nil {
		return fmt.Errorf("%w: %s: %v", errUsage, in, err)
	}

	// Output paths are relative to where exec was started; cells run in
	// the notebook's directory.
	for _, p := range []*string{outPath, htmlPath} {
		if *p != "" {
			if *p, err = filepath.Abs(*p); err != nil {
				return err
			}
		}
	}
	absIn, err := filepath.Abs(in)
	if err != nil {
		return err
	}
	if wd, err := os.Getwd(); err == nil {
		defer os.Chdir(wd)
	}
	if err := os.Chdir(filepath.Dir(in)); err != nil {
		return fmt.Errorf("run cells in the notebook's directory: %w", err)
	}

	// The session captures fds 1 and 2 so compiled code's output lands in
	// the notebook; the terminal echo goes to duplicates made before.
	stdout, stderr := dupFile(1, os.Stdout), dupFile(2, os.Stderr)
	keepCrashReports(stderr)
	s, err := dsl.New(dsl.Options{Args: []string{absIn}, CaptureFDs: true})
	if err != nil {
		return err
	}
	ctx, cancel := interruptContext(0, stderr, interruptHint)
	defer cancel()
	opts := notebook.Options{
		CellTimeout: *timeout,
		AllowErrors: *allowErrors,
	}
	if !*quiet {
		opts.Stdout, opts.Stderr = stdout, stderr
		opts.BeforeCell = func(n, total int, c *notebook.Cell) {
			fmt.Fprintf(stderr, "--- In [%d] of %d ---\n", n, total)
		}
	}
	sum, runErr := notebook.Run(ctx, s, nb, opts)
	if err := s.Close(); err != nil {
		fmt.Fprintln(stderr, "petridish exec:", err)
	}
	if err := atomicfile.Write(*outPath, nb.Write); err != nil {
		return err
	}
	if *htmlPath != "" {
		title := strings.TrimSuffix(filepath.Base(in), filepath.Ext(in))
		if err := atomicfile.Write(*htmlPath, func(w io.Writer) error { return nb.HTML(w, title) }); err != nil {
			return err
		}
	}
	fmt.Fprintf(stderr, "executed %d code cells in %s (%d failed, %d skipped); wrote %s", sum.Executed, sum.Elapsed.Round(time.Millisecond), sum.Failed, sum.Skipped, *outPath)
	if *htmlPath != "" {
		fmt.Fprintf(stderr, " and %s", *htmlPath)
	}
	fmt.Fprintln(stderr)
	return asInterrupted(ctx, runErr, "interrupted; the notebook was written with the cells run so far")
}

// parseInterspersed parses flags that may come before or after the
// positional arguments.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return positional, nil
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// notebookErr says why the notebook at path cannot be opened.
func notebookErr(path string, err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	if errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("notebook %s does not exist; check the path", path)
	}
	return fmt.Errorf("notebook %s: %v", path, err)
}

// refuseOverwrite makes sure no output path is the input notebook.
func refuseOverwrite(in string, outs ...string) error {
	inInfo, err := os.Stat(in)
	if err != nil {
		return notebookErr(in, err)
	}
	for _, o := range outs {
		if o == "" {
			continue
		}
		if info, err := os.Stat(o); err == nil && os.SameFile(inInfo, info) {
			return fmt.Errorf("%w: %s would overwrite the input notebook; choose another output file", errUsage, o)
		}
	}
	return nil
}

// dupFile duplicates a file descriptor, so that writes reach the original
// destination after the descriptor is redirected.
func dupFile(fd int, fallback *os.File) *os.File {
	d, err := syscall.Dup(fd)
	if err != nil {
		return fallback
	}
	return os.NewFile(uintptr(d), fallback.Name())
}
