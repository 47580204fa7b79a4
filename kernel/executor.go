package kernel

import (
	"context"
)

// Executor runs code for the kernel. The kernel calls its methods from one
// goroutine at a time, in the order the front-end's requests arrive. Every
// type in its method signatures is a builtin one, so an implementation needs
// no import of this package.
type Executor interface {
	// Execute runs one cell and publishes its output through out while it
	// runs. count is the cell's execution count, the n of the front end's
	// In [n], or 0 for a request that does not enter the history (silent,
	// store_history false, or a cell of white space only); an executor
	// names the cell after it in error positions. A failed cell returns an
	// *ExecError (any other error is turned into one). ctx is cancelled
	// when the user interrupts the kernel; Execute should then return
	// promptly.
	Execute(ctx context.Context, count int, code string, out Frontend) (Result, error)
	// Evaluate evaluates one expression of an execute_request's
	// user_expressions and returns its MIME bundle.
	Evaluate(ctx context.Context, expr string) (data map[string]any, err error)
	// Complete returns the completions at cursor and the range
	// [start, end) of code they replace. All three positions count Unicode
	// code points.
	Complete(code string, cursor int) (matches []string, start, end int)
	// Inspect returns help for the name at cursor (in code points) as a MIME
	// bundle; detail is 0 for a short help and 1 for more.
	Inspect(code string, cursor, detail int) (data map[string]any, found bool)
	// IsComplete reports whether code can run as it is: status "complete",
	// "incomplete" (with the indent for the next line), "invalid" or
	// "unknown".
	IsComplete(code string) (status, indent string)
}

// Frontend is what a running cell publishes through. The kernel implements
// it bound to the execute_request that started the cell, so output from any
// goroutine reaches that cell. Its methods are safe for concurrent use.
type Frontend interface {
	// Stream appends text to the "stdout" or "stderr" stream.
	Stream(name, text string)
	// Display publishes a MIME bundle as display_data or, with update,
	// update_display_data. A non-empty displayID goes into
	// transient.display_id so later updates can replace the output.
	Display(data, metadata map[string]any, displayID string, update bool)
	// ClearOutput clears the cell's output; with wait, only when new output
	// arrives.
	ClearOutput(wait bool)
	// Input asks the front-end for a line of input (input_request) and
	// returns it without its newline. It fails when the request did not
	// allow stdin or when the cell is interrupted.
	Input(prompt string, password bool) (string, error)
	// Comm publishes a comm message — "comm_open", "comm_msg" or
	// "comm_close" — with this content, message metadata and binary
	// buffers (frames after the content; nil for none), for the executor's
	// side of a comm (a Jupyter widget, say).
	Comm(msgType string, content, metadata map[string]any, buffers [][]byte)
	// RequestID returns the msg_id of the request this Frontend publishes
	// for, which its outputs carry as their parent (a widget that
	// captures output asks the front end for the outputs of this id).
	RequestID() string
}

// CommHandler is implemented by executors that hold comms, such as the
// models of Jupyter widgets. Without it the kernel has no comms: it closes
// every comm a front end opens and lists none.
type CommHandler interface {
	// HandleComm receives a "comm_open", "comm_msg" or "comm_close" from
	// the front end, with the message's content; out publishes what
	// handling it produces, with that message as parent, and ctx is
	// cancelled by an interrupt. It reports whether the comm is the
	// executor's: for a comm_open of a target it does not serve, false
	// makes the kernel close the comm.
	HandleComm(ctx context.Context, msgType string, content map[string]any, out Frontend) bool
	// Comms lists the open comms as comm id -> target name, only those of
	// target when it is not empty.
	Comms(target string) map[string]string
}

// DebugHandler is implemented by executors that serve Jupyter's debugger
// protocol (JupyterLab's debugger panel). Without it kernel_info_reply
// says "debugger": false and debug_request goes unanswered.
type DebugHandler interface {
	// HandleDebug answers the content of a debug_request (a Debug Adapter
	// Protocol request) with the content of its debug_reply. events
	// publishes a debug_event's content; the executor may keep it and call
	// it later from any goroutine, for example when a running cell stops
	// at a breakpoint. HandleDebug is called on the control channel while
	// cells run, so it must not wait for a running cell.
	HandleDebug(request map[string]any, events func(event map[string]any)) map[string]any
}

// Result is what a successful cell produced besides its streamed output.
type Result struct {
	// Data is the execute_result MIME bundle; nil when there is nothing to
	// show.
	Data map[string]any
	// Metadata is the execute_result metadata.
	Metadata map[string]any
	// Page is a MIME bundle for the pager (the reply's "page" payload), for
	// help requested with `name?`; nil for none.
	Page map[string]any
	// AskExit asks the front end to end the session, as IPython's exit
	// does: the reply carries an "ask_exit" payload (keepkernel false),
	// on which jupyter console and qtconsole quit and shut the kernel
	// down.
	AskExit bool
}

// ExecError is the error of a failed cell as Jupyter shows it.
type ExecError struct {
	Name      string   // ename, such as "compile error" or "panic"
	Value     string   // evalue, the message
	Traceback []string // lines to show, the first usually "Name: Value"
}

// Error returns "Name: Value".
func (e *ExecError) Error() string { return e.Name + ": " + e.Value }

// traceback returns e.Traceback, or "Name: Value" when it is empty.
func (e *ExecError) traceback() []string {
	if len(e.Traceback) > 0 {
		return e.Traceback
	}
	return []string{e.Error()}
}
