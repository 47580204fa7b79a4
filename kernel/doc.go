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
// Subpackages: wire (framing and signing), history (the SQLite history
// database), kernelspec (installing the kernel for Jupyter) and kernelbench
// (measuring kernels from jupyter_client).
package kernel
