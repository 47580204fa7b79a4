package dsl

import (
	"fmt"
	"strings"
)

// Output is how a running cell publishes to its front end. The kernel's
// Frontend has the same method set; `petridish run` and `exec` implement it
// for the terminal and for notebooks on disk.
type Output interface {
	// Stream appends text to the cell's "stdout" or "stderr" stream.
	Stream(name, text string)
	// Display publishes a MIME bundle (display_data), or, when update is
	// true, replaces the output published earlier under displayID
	// (update_display_data).
	Display(data, metadata map[string]any, displayID string, update bool)
	// ClearOutput clears the cell's output; with wait true, only when the
	// next output arrives.
	ClearOutput(wait bool)
	// Input asks the user for one line of input, for reads of os.Stdin in
	// a cell. It returns the line without its newline.
	Input(prompt string, password bool) (string, error)
}

// Result is what a successful cell produced besides its streamed output.
type Result struct {
	// Data is the MIME bundle of the value of the cell's last expression,
	// the execute_result ("Out[n]"); nil when the cell has no value (its
	// last statement is not an expression, yields nothing or nil, or ends
	// in ';').
	Data map[string]any
	// Metadata holds per-MIME-type metadata for Data, such as image sizes.
	Metadata map[string]any
	// Page is a MIME bundle for the pager, set by `name?` and `name??`.
	Page map[string]any
	// AskExit is set by a cell that is `exit` or `quit` alone (see
	// asksExit): the user asks the front end to end the session, as with
	// IPython's exit; the kernel tells jupyter console and qtconsole so.
	AskExit bool
}

// Error is the error of a failed cell, in the shape of a Jupyter error
// reply. Execute returns it as its error value.
type Error struct {
	// Name is the Go type of the error or panic value (such as
	// "runtime.Error"), "panic" for panics with non-error values,
	// "compile error", "exit" for os.Exit and log.Fatal, "interrupt" when
	// the context was cancelled, or "magic error" for a failed magic.
	Name string
	// Value is the error message.
	Value string
	// Traceback lists the cell frames, innermost first, each such as
	// "In[3]:5:2: in f"; the first line restates Name and Value.
	Traceback []string
	// ExitCode is, for Name "exit", the status the code asked for: the
	// argument of os.Exit, or 1 for log.Fatal.
	ExitCode int
}

// setValue replaces e's message, and the first traceback line that
// restates it.
func (e *Error) setValue(v string) {
	e.Value = v
	if len(e.Traceback) > 0 {
		e.Traceback[0] = e.Name + ": " + v
	}
}

// Error returns "Name: Value", followed by the traceback frames.
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s", e.Name, e.Value)
	for _, f := range e.Traceback[min(1, len(e.Traceback)):] {
		b.WriteString("\n\t" + f)
	}
	return b.String()
}

// DiscardOutput is an Output that drops everything and answers input
// requests with an error.
type DiscardOutput struct{}

// Stream does nothing.
func (DiscardOutput) Stream(name, text string) {}

// Display does nothing.
func (DiscardOutput) Display(data, metadata map[string]any, displayID string, update bool) {}

// ClearOutput does nothing.
func (DiscardOutput) ClearOutput(wait bool) {}

// Input returns an error: there is nobody to ask.
func (DiscardOutput) Input(prompt string, password bool) (string, error) {
	return "", fmt.Errorf("input requested (%q) but this front end cannot read input", prompt)
}
