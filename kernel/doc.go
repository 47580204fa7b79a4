// Package kernel is a Jupyter kernel server: messaging protocol 5.3 over
// ZeroMQ (github.com/go-zeromq/zmq4). It binds the shell, control and stdin
// ROUTER sockets, the iopub PUB socket and the heartbeat REP socket that a
// connection file names, verifies the HMAC signature of every message
// (dropping and logging those that fail), and serves the requests:
// execute, complete, inspect, is_complete, history, comm_info, kernel_info,
// interrupt, shutdown and debug.
//
// The package knows nothing of the language it runs. Cells go through an
// Executor, and a running cell publishes its output through the Frontend
// the kernel hands it, bound to the cell's request so that output from any
// goroutine reaches the right cell. An Executor that also implements
// CommHandler holds comms (Jupyter widgets): comm_open, comm_msg and
// comm_close from the front end reach it, its own go out through the
// Frontend, and comm_info lists them. One that implements DebugHandler
// serves Jupyter's debugger protocol (JupyterLab's debugger panel):
// debug_request on the control channel reaches it while cells run, and
// its events go out as debug_event. Shell requests are served one at a
// time in arrival order; control requests are served concurrently, so an
// interrupt_request cancels the context of a running cell.
//
// Where the protocol leaves room, the kernel answers as ipykernel does.
// A cell that enters the history takes the next execution count; a
// silent one, one with store_history false or one of white space only
// takes none (its execute_input and execute_result carry the count the
// next stored cell will take, its reply the current count) and is not
// stored. After a failed cell with stop_on_error the kernel replies to
// it and publishes its idle status, then answers "aborted" to the execute
// requests that were queued behind it. A Result with AskExit (petridish's
// `exit` and `quit`) replies with an "ask_exit" payload, on which jupyter
// console and qtconsole quit. A history_request of type range for session
// 0 names the current session 0 in its answer. A cursor_pos outside the
// code is clamped to it.
//
// Subpackages: wire (framing and signing), history (the SQLite history
// database), kernelspec (installing the kernel for Jupyter) and kernelbench
// (measuring kernels from jupyter_client).
package kernel
