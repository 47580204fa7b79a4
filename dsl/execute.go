package dsl

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/petridish-go/petridish/dsl/display"
	"github.com/petridish-go/petridish/dsl/widget"
	"github.com/petridish-go/petridish/internal/yaegi/interp"
)

// errClosed is returned for calls on a closed Session.
var errClosed = errors.New("dsl: the session is closed; start a new one with dsl.New")

// Execute runs one cell: Go code (top-level imports, declarations and
// statements mixed freely), magics (%name), shell lines (!cmd) and help
// queries (name?). Output streams to out while the cell runs. It returns
// the value of the cell's last expression, if any, as Result.Data. A
// failed cell returns a *Error. Cancelling ctx interrupts the cell.
func (s *Session) Execute(ctx context.Context, code string, out Output) (*Result, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, errClosed
	}
	s.count++
	return s.runCell(ctx, fmt.Sprintf("In[%d]", s.count), code, out)
}

// ExecuteCell is Execute for a front end that numbers cells itself, as
// Jupyter does: positions in errors name the cell In[count], matching the
// notebook's In [count]. A count of 0 or less marks an execution outside
// the history (Jupyter's silent requests); those cells are named
// Silent[1], Silent[2], ... and do not advance the numbering.
func (s *Session) ExecuteCell(ctx context.Context, count int, code string, out Output) (*Result, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, errClosed
	}
	name := fmt.Sprintf("In[%d]", count)
	if count <= 0 {
		s.silent++
		name = fmt.Sprintf("Silent[%d]", s.silent)
	}
	return s.runCell(ctx, name, code, out)
}

// ExecuteFile runs the contents of a Go file as one cell, with positions
// in errors naming file. A file that starts with a package clause is a
// complete program: its clause is skipped and its func main, if any, is
// called after the declarations. `petridish run` uses it.
func (s *Session) ExecuteFile(ctx context.Context, file, code string, out Output) (*Result, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, errClosed
	}
	return s.runCell(ctx, file, programToCell(code), out)
}

// runCell runs code under the cell name with out as the current Output.
func (s *Session) runCell(ctx context.Context, name, code string, out Output) (*Result, error) {
	if out == nil {
		out = DiscardOutput{}
	}
	if ctx == nil {
		ctx = context.Background()
	}
	s.state.sources[name] = code
	s.state.noteCellPath(s.debug.sourcePath(code), name)
	s.debug.cellStarts()
	var res *Result
	var err error
	if s.asksExit(code) {
		return &Result{AskExit: true}, nil
	}
	s.withOutput(ctx, out, func() {
		s.reloadChangedPackages(ctx, out)
		if parts := splitParts(code); len(parts) > 0 && parts[0].kind == partMagic && len(parts[0].text) > 1 && parts[0].text[1] == '%' {
			res, err = s.cellMagic(ctx, name, code, out)
			return
		}
		res, err = s.runParts(ctx, name, code, out)
		if e, ok := err.(*Error); ok && e.Name == "exit" {
			// os.Exit runs no deferred calls: nor do the cell's.
			s.cellDefers.drop()
		} else if derr := s.cellDefers.run(); derr != nil && err == nil {
			res, err = nil, s.panicError(interp.Panic{Value: derr})
		}
	})
	return res, err
}

// withOutput runs f with out as the current Output — of streams, display
// and widgets — and ctx as the predeclared ctx, then flushes captured
// output and puts the display publisher back.
func (s *Session) withOutput(ctx context.Context, out Output, f func()) {
	if out == nil {
		out = DiscardOutput{}
	}
	if ctx == nil {
		ctx = context.Background()
	}
	s.route.begin(out)
	s.cellCtx.Store(&ctx)
	prev := display.SetPublisher(s.publisherFor(out))
	widget.SetTransport(commTransport{s.route, s.capture})
	defer func() {
		if s.capture != nil {
			s.capture.flush()
		}
		display.SetPublisher(prev)
		if ctx.Err() == nil {
			bg := context.Background()
			s.cellCtx.Store(&bg)
		}
		// An interrupted cell's context stays until the next cell: a
		// compiled call the cell left running (one that did not return
		// within interp.StopGrace) sees ctx done, not a fresh context.
		s.route.end()
	}()
	f()
}

// runParts runs the Go code, line magics, shell commands and help
// requests of a cell in order; the last Go part's value is the result.
func (s *Session) runParts(ctx context.Context, name, code string, out Output) (*Result, error) {
	parts := splitParts(code)
	res := &Result{}
	for i, p := range parts {
		last := i == len(parts)-1
		var err error
		switch p.kind {
		case partGo:
			var r *Result
			r, err = s.runGo(ctx, name, p.text, p.line, last)
			if r != nil && last {
				res.Data, res.Metadata = r.Data, r.Metadata
			}
		case partMagic:
			err = s.lineMagic(ctx, name, p, out, res)
		case partShell:
			err = s.shell(ctx, p.text[1:], out)
		case partHelp:
			res.Page = s.helpPage(p.text)
		}
		if err != nil {
			return nil, err
		}
	}
	return res, nil
}

// publisherFor adapts the router to display.Publisher, and to
// display.Terminal when the cell's Output is a terminal. Before each
// output it forwards the captured stdout and stderr written so far, so a
// line printed before a display shows above it.
func (s *Session) publisherFor(out Output) display.Publisher {
	p := routePublisher{s.route, s.capture}
	if t, ok := out.(display.Terminal); ok {
		return terminalPublisher{p, t}
	}
	return p
}

type routePublisher struct {
	r       *router
	capture *fdCapture // nil when file descriptors are not captured
}

func (p routePublisher) flush() {
	if p.capture != nil {
		p.capture.flush()
	}
}

func (p routePublisher) Display(data, metadata map[string]any, displayID string, update bool) {
	p.flush()
	p.r.get().Display(data, metadata, displayID, update)
}

func (p routePublisher) ClearOutput(wait bool) {
	p.flush()
	p.r.get().ClearOutput(wait)
}

type terminalPublisher struct {
	routePublisher
	t display.Terminal
}

func (p terminalPublisher) Terminal() io.Writer { return p.t.Terminal() }
