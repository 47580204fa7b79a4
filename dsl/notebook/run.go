package notebook

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"time"

	"github.com/petridish-go/petridish/dsl"
	"github.com/petridish-go/petridish/dsl/display"
	"github.com/petridish-go/petridish/dsl/widget"
)

// Options control Run.
type Options struct {
	// CellTimeout bounds the run time of each cell; 0 means no limit. A
	// cell that runs out of time is interrupted and fails.
	CellTimeout time.Duration
	// AllowErrors goes on with the next cells after a cell fails, like
	// nbclient's allow_errors; otherwise Run stops at the first error.
	AllowErrors bool
	// Stdout and Stderr, when not nil, receive the cells' streams as they
	// are produced, so that a headless run shows progress.
	Stdout, Stderr io.Writer
	// BeforeCell, when not nil, is called before each code cell runs with
	// its execution count (1 for the first code cell run) and the number of
	// non-empty code cells.
	BeforeCell func(n, total int, c *Cell)
}

// Summary says what Run did.
type Summary struct {
	// Executed counts the code cells that ran; Failed those that failed.
	Executed, Failed int
	// Skipped counts code cells not run because an earlier one failed.
	Skipped int
	// Elapsed is the total run time.
	Elapsed time.Duration
}

// CellError is Run's error when a cell fails: which cell, and how.
type CellError struct {
	// Index is the 0-based index of the cell in Notebook.Cells.
	Index int
	// ExecutionCount is the cell's "In [n]" number.
	ExecutionCount int
	// Err is the cell's error.
	Err *dsl.Error
}

// Error names the cell and the error.
func (e *CellError) Error() string {
	return fmt.Sprintf("In [%d] (cell %d of the notebook) failed: %s: %s", e.ExecutionCount, e.Index+1, e.Err.Name, e.Err.Value)
}

// Run executes the code cells of nb in order in s, replacing their
// outputs and execution counts. It stops at the first failing cell (the
// error is a *CellError; later cells are left without outputs) unless
// opts.AllowErrors is set, in which case it returns the first CellError
// after running every cell. Cancelling ctx interrupts the running cell
// and stops.
func Run(ctx context.Context, s *dsl.Session, nb *Notebook, opts Options) (Summary, error) {
	start := time.Now()
	setLanguage(nb)
	shared := &displays{byID: map[string][]map[string]any{}}
	total := 0
	for _, c := range nb.Cells {
		if c.Type == "code" && strings.TrimSpace(c.Source) != "" {
			total++
		}
	}
	var sum Summary
	var firstErr error
	count := 0
	for i, c := range nb.Cells {
		if c.Type != "code" {
			continue
		}
		c.Outputs, c.ExecutionCount = nil, nil
		if strings.TrimSpace(c.Source) == "" {
			continue
		}
		if (firstErr != nil && !opts.AllowErrors) || ctx.Err() != nil {
			sum.Skipped++
			continue
		}
		count++
		if opts.BeforeCell != nil {
			opts.BeforeCell(count, total, c)
		}
		n := count
		c.ExecutionCount = &n
		out := &cellOutput{shared: shared, echoOut: opts.Stdout, echoErr: opts.Stderr}
		cellCtx, cancel := ctx, context.CancelFunc(func() {})
		if opts.CellTimeout > 0 {
			cellCtx, cancel = context.WithTimeout(ctx, opts.CellTimeout)
		}
		res, err := s.Execute(cellCtx, c.Source, out)
		cancel()
		sum.Executed++
		outs := out.finish()
		if err != nil {
			var e *dsl.Error
			if !errors.As(err, &e) {
				e = &dsl.Error{Name: "error", Value: err.Error(), Traceback: []string{err.Error()}}
			}
			outs = append(outs, map[string]any{
				"output_type": "error", "ename": e.Name, "evalue": e.Value, "traceback": orEmpty(e.Traceback),
			})
			sum.Failed++
			if firstErr == nil {
				firstErr = &CellError{Index: i, ExecutionCount: n, Err: e}
			}
			if opts.Stderr != nil {
				fmt.Fprintln(opts.Stderr, strings.Join(e.Traceback, "\n"))
			}
		} else if res != nil && res.Data != nil {
			md := res.Metadata
			if md == nil {
				md = map[string]any{}
			}
			outs = append(outs, map[string]any{
				"output_type": "execute_result", "execution_count": n, "data": res.Data, "metadata": md,
			})
		}
		if err == nil && res != nil && res.Page != nil {
			// `name?` pages its documentation. Jupyter shows a page beside
			// the notebook and saves nothing; without a pager the page
			// would be lost, so it becomes the cell's output (and is
			// echoed, as `petridish run` prints it).
			outs = append(outs, map[string]any{"output_type": "display_data", "data": res.Page, "metadata": map[string]any{}})
			if opts.Stdout != nil {
				fmt.Fprintln(opts.Stdout, display.TextOf(res.Page, nil))
			}
		}
		c.Outputs = outs
	}
	// Only now, when no display can be updated any more, put the outputs
	// into the form nbformat stores.
	for _, c := range nb.Cells {
		for j, o := range c.Outputs {
			c.Outputs[j] = normalize(o)
		}
	}
	saveWidgetState(nb)
	sum.Elapsed = time.Since(start)
	return sum, firstErr
}

// saveWidgetState stores the state of the widgets the cells made in the
// notebook's metadata, as Jupyter does, so that the saved notebook (and
// its HTML page) shows them as they were left. State saved by an earlier
// run describes widgets that no longer exist and is dropped.
func saveWidgetState(nb *Notebook) {
	w, _ := nb.Metadata["widgets"].(map[string]any)
	if w != nil {
		delete(w, widget.StateMIME)
	}
	if st := widget.State(); st != nil {
		if w == nil {
			w = map[string]any{}
			nb.Metadata["widgets"] = w
		}
		w[widget.StateMIME] = st
	}
	if w != nil && len(w) == 0 {
		delete(nb.Metadata, "widgets")
	}
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// setLanguage records the kernel and language in the notebook metadata,
// as Jupyter does when it runs a notebook, keeping existing entries.
func setLanguage(nb *Notebook) {
	if _, ok := nb.Metadata["kernelspec"]; !ok {
		nb.Metadata["kernelspec"] = map[string]any{"name": "petridish", "display_name": "Go (petridish)", "language": "go"}
	}
	nb.Metadata["language_info"] = map[string]any{
		"name": "go", "version": strings.TrimPrefix(runtime.Version(), "go"),
		"mimetype": "text/x-go", "file_extension": ".go", "pygments_lexer": "go", "codemirror_mode": "go",
	}
}
