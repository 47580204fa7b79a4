package dsl

import (
	"context"
	"fmt"
	"os"
	"reflect"
	"sync"
	"sync/atomic"
	"time"

	"github.com/petridish-go/petridish/dsl/stdsymbols"
	"github.com/petridish-go/petridish/dsl/symbols"
	"github.com/petridish-go/petridish/internal/yaegi/interp"
)

// Options configure a Session.
type Options struct {
	// Args is what os.Args reads in cells; Args[0] is conventionally the
	// script name. Nil means []string{"petridish"}.
	Args []string
	// CaptureFDs redirects the process's file descriptors 1 and 2 into the
	// Session for its lifetime, so that compiled code (and C code) writing
	// to os.Stdout, os.Stderr or the standard logger reaches the running
	// cell's Output. Output written between cells is passed through to the
	// original descriptors. Front ends that need the terminal themselves
	// should duplicate fds 1 and 2 before calling New. Only one Session
	// per process may capture.
	CaptureFDs bool
	// Env is the environment that os.Getenv and friends see in cells; nil
	// means the process environment. Cells cannot change the process
	// environment except through the %env magic.
	Env []string
}

// Session is one interpreter with its state: variables, types, functions
// and imports declared by earlier cells persist. A Session runs one cell
// at a time; its methods are safe for concurrent use (calls wait for the
// running cell).
type Session struct {
	mu         sync.Mutex
	cellDefers cellDefers                 // the running cell's top-level defers
	testRun    atomic.Pointer[func() int] // the run %test has prepared (testmagic.go)
	interp     *interp.Interpreter
	opts       Options
	route      *router
	cellCtx    atomic.Pointer[context.Context]
	count      int
	silent     int // cells run by ExecuteCell outside the history
	temps      int // numbers the temporaries of source rewrites
	closed     bool

	state   *state
	srcFS   *sourceFS // where the interpreter reads packages' sources
	capture *fdCapture
	result  resultSlot
	debug   *debugger // Jupyter's debugger protocol (debug.go)
}

// internalPath is the import path of the package through which cells talk
// to their Session; cells never import it themselves.
const internalPath = "petridish.internal/pdsession"

// internalName is the name the prelude imports internalPath under.
const internalName = "__pd"

// New starts a Session: an interpreter with the standard library, every
// compiled package in dsl/symbols, and the predeclared variable ctx, the
// context of the running cell (cancelled when the cell is interrupted).
func New(opts Options) (*Session, error) {
	if opts.Args == nil {
		opts.Args = []string{"petridish"}
	}
	s := &Session{opts: opts, route: &router{}, debug: newDebugger()}
	bg := context.Background()
	s.cellCtx.Store(&bg)
	if opts.CaptureFDs {
		c, err := startCapture(s.route)
		if err != nil {
			return nil, err
		}
		s.capture = c
	}
	if err := s.reset(); err != nil {
		if s.capture != nil {
			s.capture.stop()
		}
		return nil, err
	}
	return s, nil
}

// reset gives the Session a fresh interpreter and forgets every name.
func (s *Session) reset() error {
	s.state = newState()
	s.srcFS = newSourceFS(goPath())
	stdout, stderr := s.streamWriter("stdout"), s.streamWriter("stderr")
	s.interp = newInterp(interp.Options{
		Stdin:  &stdinReader{r: s.route, capture: s.capture},
		Stdout: stdout,
		Stderr: stderr,
		Args:   s.opts.Args,
		Env:    s.env(),
		GoPath: goPath(),
		// Packages of the working directory's module and of those it
		// requires are read from their folders (localmod.go).
		SourcecodeFilesystem: s.srcFS,
		// A recovered panic's frames are no error's: they would head the
		// traceback of a later panic in the cell.
		OnRecover: func() { s.route.takeFrames() },
		WrapFunc:  guardTesting,
	})
	for _, syms := range []interp.Exports{stdsymbols.Std(), symbols.Symbols, unnamedInterfaceWrappers(), s.exports(), exitOverrides(stderr, s.goExit), unwrapOverrides(stdout), displayExports(), plotWrappers()} {
		if err := s.interp.Use(syms); err != nil {
			return fmt.Errorf("dsl: loading symbols into the interpreter: %w", err)
		}
	}
	return s.prelude()
}

// env is the environment cells see: Options.Env, or the process
// environment as it is now (which %env changes).
func (s *Session) env() []string {
	if s.opts.Env != nil {
		return s.opts.Env
	}
	return os.Environ()
}

// streamWriter returns a writer for the running cell's stream name.
func (s *Session) streamWriter(name string) *streamWriter {
	w := &streamWriter{r: s.route, name: name}
	if s.capture != nil {
		w.fd = s.capture.streams[0].w
		if name == "stderr" {
			w.fd = s.capture.streams[1].w
		}
	}
	return w
}

// specialStdio is the yaegi switch that lets os.Stdout and friends in
// interpreted code be any io.Writer (ours) rather than an *os.File.
const specialStdio = "YAEGI_SPECIAL_STDIO"

var newInterpMu sync.Mutex

// newInterp creates the interpreter with yaegi's special stdio enabled, so
// that writes to os.Stdout in cells reach the Session's writers even when
// file descriptors are not captured.
func newInterp(o interp.Options) *interp.Interpreter {
	newInterpMu.Lock()
	defer newInterpMu.Unlock()
	old, had := os.LookupEnv(specialStdio)
	os.Setenv(specialStdio, "1")
	defer func() {
		if had {
			os.Setenv(specialStdio, old)
		} else {
			os.Unsetenv(specialStdio)
		}
	}()
	return interp.New(o)
}

// prelude declares what every session starts with.
func (s *Session) prelude() error {
	for _, src := range []string{
		`import "context"`,
		`import __pdos "os"`,
		`import __pdtime "time"`,
		`import ` + internalName + ` "` + internalPath + `"`,
		`var ctx context.Context = ` + internalName + `.Context()`,
		showHelperSrc,
		recoverHelperSrc,
		minMaxSrc,
		clearSrc,
		interactHelperSrc,
	} {
		if _, err := s.interp.Eval(src); err != nil {
			return fmt.Errorf("dsl: starting the session (%s): %w", src, err)
		}
	}
	s.state.imports["context"] = "context"
	s.state.declare("ctx", "var", "")
	return nil
}

// Close stops capturing output and releases the Session. Executing cells
// after Close returns an error.
func (s *Session) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	if s.capture != nil {
		return s.capture.stop()
	}
	return nil
}

// ctxValue delegates to the running cell's context; it is the value of
// the predeclared variable ctx.
type ctxValue struct{ s *Session }

func (c ctxValue) cur() context.Context                    { return *c.s.cellCtx.Load() }
func (c ctxValue) Deadline() (deadline time.Time, ok bool) { return c.cur().Deadline() }
func (c ctxValue) Done() <-chan struct{}                   { return c.cur().Done() }
func (c ctxValue) Err() error                              { return c.cur().Err() }
func (c ctxValue) Value(key any) any                       { return c.cur().Value(key) }

// String says what ctx is, and whether it is done.
func (c ctxValue) String() string {
	if err := c.Err(); err != nil {
		return "the cell's context: " + err.Error()
	}
	return "the running cell's context (done when the cell is interrupted)"
}

// exports is the internal package that the prelude imports.
func (s *Session) exports() interp.Exports {
	return interp.Exports{internalPath + "/pdsession": {
		"Context": reflect.ValueOf(func() context.Context { return ctxValue{s} }),
		"Show":    reflect.ValueOf(s.result.show),
		"Tuple":   reflect.ValueOf(s.result.tuple),
		"GoPanic": reflect.ValueOf(s.goPanic),
		"Defer":   reflect.ValueOf(s.cellDefers.add),
		"Clear":   reflect.ValueOf(clearValue),
		"RunTests": reflect.ValueOf(func() int {
			if run := s.testRun.Swap(nil); run != nil {
				return (*run)()
			}
			return 1
		}),
		// Displayable is an identity registered with the display API's
		// map types (displayvalues.go).
		"Displayable": displayable,
	}}
}
