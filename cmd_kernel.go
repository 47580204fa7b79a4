package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/petridish-go/petridish/dsl"
	"github.com/petridish-go/petridish/kernel"
	"github.com/petridish-go/petridish/kernel/history"
)

func init() {
	register(command{name: "kernel", summary: "serve as a Jupyter kernel (Jupyter starts this from the kernelspec)", run: runKernel, interprets: true})
}

func runKernel(args []string) error {
	fs := flag.NewFlagSet("kernel", flag.ContinueOnError)
	connFile := fs.String("connection-file", "", "`path` of the connection file Jupyter wrote (required)")
	fs.StringVar(connFile, "f", "", "short for --connection-file")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *connFile == "" {
		return fmt.Errorf("%w: --connection-file FILE is required (Jupyter passes it when it starts the kernel; register the kernel with `petridish install`)", errUsage)
	}
	conn, err := kernel.ReadConnectionFile(*connFile)
	if err != nil {
		return err
	}
	// The session captures file descriptors 1 and 2 so that compiled code's
	// output reaches the notebook; the kernel's own log keeps a duplicate
	// of the original stderr, which Jupyter shows in its log.
	errOut := originalStderr()
	logger := log.New(errOut, "[petridish kernel] ", log.LstdFlags)
	exec := startSession(dsl.Options{Args: []string{"petridish"}, CaptureFDs: true})
	defer exec.closeWithin(time.Second)
	crashPath := crashReportPath(*connFile)
	if report := takeCrashReport(crashPath); report != "" {
		logger.Printf("the kernel's previous process died:\n%s", report)
		exec.notice = crashNotice(report)
	}
	if f, err := os.OpenFile(crashPath, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600); err == nil {
		keepCrashReports(f)
		defer os.Remove(crashPath)
	} else {
		logger.Printf("fatal errors will be reported in this log only: %v", err)
		keepCrashReports(errOut)
	}

	k, err := kernel.New(kernel.Config{
		Connection: conn,
		Executor:   exec,
		Info:       kernelInfo(),
		History:    openHistory(logger),
		Log:        logger,
	})
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	go watchParent(ctx, stop, logger)
	sigint := make(chan os.Signal, 1)
	signal.Notify(sigint, os.Interrupt)
	defer signal.Stop(sigint)
	go func() {
		for range sigint {
			k.Interrupt()
		}
	}()
	if err := k.Run(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return nil
}

// watchParent stops the kernel when the process that launched it dies, so
// a crashed front-end leaves no orphan kernel behind. jupyter_client sets
// JPY_PARENT_PID when the kernel's life is bound to its own; the kernel
// then exits once it is re-parented.
func watchParent(ctx context.Context, stop func(), logger *log.Logger) {
	if os.Getenv("JPY_PARENT_PID") == "" {
		return
	}
	parent := os.Getppid()
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			if os.Getppid() != parent {
				logger.Printf("the process that started the kernel (pid %d) is gone; shutting down", parent)
				stop()
				return
			}
		}
	}
}

// originalStderr returns a duplicate of file descriptor 2, which stays the
// terminal (or Jupyter's log) after the session redirects fd 2.
func originalStderr() *os.File {
	fd, err := syscall.Dup(2)
	if err != nil {
		return os.Stderr
	}
	return os.NewFile(uintptr(fd), "stderr")
}

// openHistory opens the per-user history database, or returns nil (no
// history) when it is switched off or cannot be opened.
func openHistory(logger *log.Logger) *history.Store {
	path, err := history.DefaultPath()
	if err != nil {
		logger.Printf("history disabled: %v", err)
		return nil
	}
	if path == history.Off {
		return nil
	}
	h, err := history.Open(path)
	if err != nil {
		logger.Printf("history disabled: %v", err)
		return nil
	}
	return h
}

func kernelInfo() kernel.Info {
	goVersion := strings.TrimPrefix(runtime.Version(), "go")
	return kernel.Info{
		Implementation:        "petridish",
		ImplementationVersion: version,
		Language: kernel.LanguageInfo{
			Name:           "go",
			Version:        goVersion,
			MIMEType:       "text/x-go",
			FileExtension:  ".go",
			PygmentsLexer:  "go",
			CodeMirrorMode: "go",
		},
		Banner: fmt.Sprintf("petridish %s: Go %s (yaegi) for the Synthetic Petri Dish. %%help lists the magics; name? shows help.", version, goVersion),
		HelpLinks: []kernel.HelpLink{
			{Text: "petridish", URL: "https://github.com/petridish-go/petridish#readme"},
			{Text: "petridish notebook language", URL: "https://github.com/petridish-go/petridish/blob/main/dsl/README.md"},
			{Text: "petridish display", URL: "https://pkg.go.dev/github.com/petridish-go/petridish/dsl/display"},
			{Text: "Synthetic Petri Dish (petri/dish)", URL: "https://pkg.go.dev/github.com/petridish-go/petridish/petri/dish"},
			{Text: "petri packages", URL: "https://pkg.go.dev/github.com/petridish-go/petridish/petri"},
			{Text: "Go documentation", URL: "https://go.dev/doc/"},
			{Text: "Go standard library", URL: "https://pkg.go.dev/std"},
			{Text: "gonum", URL: "https://pkg.go.dev/gonum.org/v1/gonum"},
			{Text: "gonum plot", URL: "https://pkg.go.dev/gonum.org/v1/plot"},
		},
	}
}

// sessionExecutor adapts a dsl.Session to kernel.Executor. The session
// starts in the background, so the kernel answers kernel_info while the
// interpreter loads; the first request that needs it waits.
type sessionExecutor struct {
	ready chan struct{}
	s     *dsl.Session
	err   error
	// notice is shown on stderr before the first cell runs: why the
	// kernel's previous process died (crashNotice).
	notice     string
	noticeOnce sync.Once
}

func startSession(opts dsl.Options) *sessionExecutor {
	e := &sessionExecutor{ready: make(chan struct{})}
	go func() {
		defer close(e.ready)
		e.s, e.err = dsl.New(opts)
	}()
	return e
}

func (e *sessionExecutor) session() (*dsl.Session, error) {
	<-e.ready
	return e.s, e.err
}

// Execute implements kernel.Executor.
func (e *sessionExecutor) Execute(ctx context.Context, count int, code string, out kernel.Frontend) (kernel.Result, error) {
	e.noticeOnce.Do(func() {
		if e.notice != "" {
			out.Stream("stderr", e.notice)
		}
	})
	s, err := e.session()
	if err != nil {
		return kernel.Result{}, &kernel.ExecError{Name: "startup error", Value: err.Error()}
	}
	res, err := s.ExecuteCell(ctx, count, code, out)
	if err != nil {
		return kernel.Result{}, execError(err)
	}
	if res == nil {
		return kernel.Result{}, nil
	}
	return kernel.Result{Data: res.Data, Metadata: res.Metadata, Page: res.Page, AskExit: res.AskExit}, nil
}

// Evaluate implements kernel.Executor.
func (e *sessionExecutor) Evaluate(ctx context.Context, expr string) (map[string]any, error) {
	s, err := e.session()
	if err != nil {
		return nil, &kernel.ExecError{Name: "startup error", Value: err.Error()}
	}
	data, err := s.Evaluate(ctx, expr)
	if err != nil {
		return nil, execError(err)
	}
	return data, nil
}

// HandleComm implements kernel.CommHandler: widgets' messages.
func (e *sessionExecutor) HandleComm(ctx context.Context, msgType string, content map[string]any, out kernel.Frontend) bool {
	s, err := e.session()
	if err != nil {
		return false
	}
	return s.HandleComm(ctx, msgType, content, out)
}

// Comms implements kernel.CommHandler.
func (e *sessionExecutor) Comms(target string) map[string]string {
	s, err := e.session()
	if err != nil {
		return map[string]string{}
	}
	return s.Comms(target)
}

// HandleDebug implements kernel.DebugHandler: JupyterLab's debugger.
func (e *sessionExecutor) HandleDebug(request map[string]any, events func(map[string]any)) map[string]any {
	s, err := e.session()
	if err != nil {
		return map[string]any{"type": "response", "request_seq": request["seq"], "command": request["command"], "success": false, "message": err.Error()}
	}
	return s.HandleDebug(request, events)
}

// Complete implements kernel.Executor.
func (e *sessionExecutor) Complete(code string, cursor int) ([]string, int, int) {
	s, err := e.session()
	if err != nil {
		return nil, cursor, cursor
	}
	return s.Complete(code, cursor)
}

// Inspect implements kernel.Executor.
func (e *sessionExecutor) Inspect(code string, cursor, detail int) (map[string]any, bool) {
	s, err := e.session()
	if err != nil {
		return nil, false
	}
	return s.Inspect(code, cursor, detail)
}

// IsComplete implements kernel.Executor.
func (e *sessionExecutor) IsComplete(code string) (string, string) {
	s, err := e.session()
	if err != nil {
		return "unknown", ""
	}
	return s.IsComplete(code)
}

// closeWithin closes the session, giving up after d: a cell stuck in
// compiled code that ignores its context holds the session, and the kernel
// must still exit after a shutdown_request.
func (e *sessionExecutor) closeWithin(d time.Duration) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		if s, err := e.session(); err == nil {
			s.Close()
		}
	}()
	select {
	case <-done:
	case <-time.After(d):
	}
}

// execError converts a *dsl.Error into the kernel's error type.
func execError(err error) error {
	var de *dsl.Error
	if errors.As(err, &de) {
		return &kernel.ExecError{Name: de.Name, Value: de.Value, Traceback: de.Traceback}
	}
	return err
}
