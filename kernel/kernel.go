package kernel

import (
	"context"
	"encoding/json"
	"errors"
	"log"
	"os"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/go-zeromq/zmq4"
	"github.com/petridish-go/petridish/kernel/history"
	"github.com/petridish-go/petridish/kernel/wire"
)

// Config configures a Kernel.
type Config struct {
	// Connection says where to listen and how to sign messages.
	Connection ConnectionInfo
	// Executor runs the cells. Required.
	Executor Executor
	// Info goes into kernel_info_reply.
	Info Info
	// History stores executed inputs and answers history_request; nil
	// answers every history_request with an empty history.
	History *history.Store
	// Log receives diagnostics (dropped messages, unknown message types);
	// nil logs to standard error, which Jupyter shows in its own log.
	Log *log.Logger
}

// Kernel serves one Jupyter kernel: shell requests run one at a time, in
// order, on one goroutine; control requests (interrupt, shutdown, kernel
// info) are served concurrently, also while a cell runs.
type Kernel struct {
	exec    Executor
	info    Info
	hist    *history.Store
	histID  int64 // this run's history session, 0 when history is off
	log     *log.Logger
	signer  *wire.Signer
	session string
	conn    ConnectionInfo
	socks   *sockets

	shellQ  chan *wire.Message // shell requests waiting for the worker
	inputs  chan *wire.Message // input_reply messages from stdin
	inputMu sync.Mutex         // one input_request at a time

	count int // execution count; worker goroutine only
	// iopubReady is closed once a client subscribes to IOPub; nil once
	// the first shell request has waited for it. Worker goroutine only.
	iopubReady <-chan struct{}

	mu         sync.Mutex
	cancelCell context.CancelFunc // non-nil while a cell runs
	stopped    chan struct{}      // closed by shutdown_request
	stopOnce   sync.Once
}

// New validates cfg and binds the kernel's sockets. It fails when the
// connection is invalid or a port is taken.
func New(cfg Config) (*Kernel, error) {
	if cfg.Executor == nil {
		return nil, errors.New("kernel: Config.Executor is nil; the kernel needs something to run cells")
	}
	if err := cfg.Connection.Validate(); err != nil {
		return nil, err
	}
	if cfg.Connection.Transport == "" {
		cfg.Connection.Transport = "tcp"
	}
	signer, err := wire.NewSigner(cfg.Connection.SignatureScheme, cfg.Connection.Key)
	if err != nil {
		return nil, err
	}
	logger := cfg.Log
	if logger == nil {
		logger = log.New(os.Stderr, "[petridish kernel] ", log.LstdFlags)
	}
	socks, conn, err := listen(cfg.Connection, logger)
	if err != nil {
		return nil, err
	}
	k := &Kernel{
		exec:    cfg.Executor,
		info:    cfg.Info,
		hist:    cfg.History,
		log:     logger,
		signer:  signer,
		session: wire.NewID(),
		conn:    conn,
		socks:   socks,
		shellQ:  make(chan *wire.Message, 1024),
		inputs:  make(chan *wire.Message, 16),
		stopped: make(chan struct{}),

		iopubReady: socks.subscribed,
	}
	if k.hist != nil {
		if k.histID, err = k.hist.NewSession(); err != nil {
			k.log.Printf("history disabled: %v", err)
			k.hist = nil
		}
	}
	return k, nil
}

// Connection returns the connection the kernel listens on, with the ports
// the system chose for any port given as 0.
func (k *Kernel) Connection() ConnectionInfo { return k.conn }

// Run serves requests until a shutdown_request arrives or ctx is done, then
// closes the sockets. It returns nil after a shutdown_request and ctx's
// error otherwise.
func (k *Kernel) Run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	k.publish(nil, "status", map[string]string{"execution_state": "starting"})

	go k.heartbeat()
	go k.read(k.socks.shell, func(m *wire.Message) {
		select {
		case k.shellQ <- m:
		case <-ctx.Done():
		}
	})
	go k.read(k.socks.control, k.handleControl)
	go k.read(k.socks.stdin, k.handleStdin)

	worker := make(chan struct{})
	go func() {
		defer close(worker)
		for !k.isStopped() { // a shutdown wins over queued requests
			select {
			case <-ctx.Done():
				return
			case <-k.stopped:
				return
			case m := <-k.shellQ:
				k.awaitIOPub(ctx)
				k.handleShell(ctx, m)
			}
		}
	}()

	var err error
	select {
	case <-ctx.Done():
		err = ctx.Err()
	case <-k.stopped:
	}
	k.Interrupt()
	select {
	case <-worker:
	case <-time.After(3 * time.Second):
		k.log.Printf("the running cell did not stop within 3s of the shutdown; exiting anyway")
	}
	// zmq4's PUB socket sends from a queue; give the last messages (the
	// shutdown broadcast) a moment to leave before the sockets close.
	time.Sleep(50 * time.Millisecond)
	k.socks.close()
	if k.hist != nil {
		if herr := k.hist.EndSession(k.histID); herr != nil {
			k.log.Print(herr)
		}
	}
	return err
}

// iopubWait bounds how long the first shell request waits for a client
// to subscribe to IOPub; a variable so tests can shorten it.
var iopubWait = 2 * time.Second

// awaitIOPub holds the first shell request until a client has subscribed
// to IOPub, or iopubWait has passed (see subscribers in transport.go), so
// that the request's status and output reach the client that sent it.
// Later requests never wait. Worker goroutine only.
func (k *Kernel) awaitIOPub(ctx context.Context) {
	if k.iopubReady == nil {
		return
	}
	t := time.NewTimer(iopubWait)
	defer t.Stop()
	select {
	case <-k.iopubReady:
	case <-t.C:
		k.log.Printf("no client subscribed to IOPub within %v of the first request; output published before one does is lost", iopubWait)
	case <-ctx.Done():
	case <-k.stopped:
	}
	k.iopubReady = nil
}

// Interrupt cancels the context of the running cell, if any. It is what an
// interrupt_request does; call it on SIGINT too.
func (k *Kernel) Interrupt() {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.cancelCell != nil {
		k.cancelCell()
	}
}

func (k *Kernel) setRunning(cancel context.CancelFunc) {
	k.mu.Lock()
	k.cancelCell = cancel
	k.mu.Unlock()
}

func (k *Kernel) stop() { k.stopOnce.Do(func() { close(k.stopped) }) }

func (k *Kernel) isStopped() bool {
	select {
	case <-k.stopped:
		return true
	default:
		return false
	}
}

// read receives messages on ch, drops (and logs) those that are malformed
// or badly signed, and hands the others to handle.
func (k *Kernel) read(ch *channel, handle func(*wire.Message)) {
	for {
		zm, err := ch.sock.Recv()
		if err != nil {
			if k.isStopped() || errors.Is(err, context.Canceled) {
				return
			}
			k.log.Printf("%s: receive failed: %v", ch.name, err)
			time.Sleep(10 * time.Millisecond)
			continue
		}
		if zm.Type == zmq4.CmdMsg {
			continue
		}
		m, err := wire.Parse(zm.Frames, k.signer)
		if err != nil {
			k.log.Printf("%s: dropped a message (%d frames): %v", ch.name, len(zm.Frames), err)
			continue
		}
		handle(m)
	}
}

// heartbeat echoes every ping on the heartbeat socket.
func (k *Kernel) heartbeat() {
	for {
		msg, err := k.socks.hb.sock.Recv()
		if err != nil {
			if k.isStopped() || errors.Is(err, context.Canceled) {
				return
			}
			time.Sleep(10 * time.Millisecond)
			continue
		}
		if err := k.socks.hb.send(msg.Frames); err != nil {
			k.log.Printf("heartbeat: %v", err)
		}
	}
}

// send signs m and sends it on ch, logging failures: a reply that cannot
// be sent has nowhere else to go.
func (k *Kernel) send(ch *channel, m *wire.Message) {
	if err := ch.send(m.Frames(k.signer)); err != nil {
		k.log.Printf("%s: cannot send %s: %v", ch.name, m.Header.MsgType, err)
	}
}

// publish broadcasts a message on iopub with parent as its parent.
func (k *Kernel) publish(parent *wire.Message, msgType string, content any) {
	k.publishWithMetadata(parent, msgType, content, nil, nil)
}

// publishWithMetadata is publish with message metadata (none when nil)
// and binary buffers.
func (k *Kernel) publishWithMetadata(parent *wire.Message, msgType string, content any, metadata map[string]any, buffers [][]byte) {
	m, err := wire.New(msgType, k.session, parent, content)
	if err != nil {
		k.log.Print(err)
		return
	}
	if metadata != nil {
		md, err := json.Marshal(metadata)
		if err != nil {
			k.log.Printf("%s metadata: %v", msgType, err)
			return
		}
		m.Metadata = md
	}
	m.Identities = [][]byte{[]byte("kernel." + k.session + "." + msgType)}
	m.Buffers = buffers
	k.send(k.socks.iopub, m)
}

// reply answers req on ch.
func (k *Kernel) reply(ch *channel, req *wire.Message, msgType string, content any) {
	m, err := wire.New(msgType, k.session, req, content)
	if err != nil {
		k.log.Print(err)
		m, _ = wire.New(msgType, k.session, req, errorContent("EncodingError", err.Error()))
	}
	m.Identities = req.Identities
	k.send(ch, m)
}

func (k *Kernel) status(parent *wire.Message, state string) {
	k.publish(parent, "status", map[string]string{"execution_state": state})
}

// errorContent is the content of a reply with status "error".
func errorContent(ename, evalue string) map[string]any {
	return map[string]any{"status": "error", "ename": ename, "evalue": evalue, "traceback": []string{ename + ": " + evalue}}
}

// replyType returns the reply type for a request type ("x_request" ->
// "x_reply") and whether msgType is a request at all.
func replyType(msgType string) (string, bool) {
	base, ok := strings.CutSuffix(msgType, "_request")
	return base + "_reply", ok
}

// guard recovers a panic in a handler, logs it and answers the request
// with an error so the front-end does not wait forever.
func (k *Kernel) guard(ch *channel, m *wire.Message) {
	r := recover()
	if r == nil {
		return
	}
	k.log.Printf("%s: panic while handling %s: %v\n%s", ch.name, m.Header.MsgType, r, debug.Stack())
	if rt, ok := replyType(m.Header.MsgType); ok {
		k.reply(ch, m, rt, errorContent("InternalError", "the kernel failed on this request; see its log"))
	}
}

// unknown logs a message type the kernel does not handle and, for a
// request, replies with an error.
func (k *Kernel) unknown(ch *channel, m *wire.Message) {
	k.log.Printf("%s: unknown message type %q", ch.name, m.Header.MsgType)
	if rt, ok := replyType(m.Header.MsgType); ok {
		k.reply(ch, m, rt, errorContent("UnknownMessageType", "the kernel does not handle "+m.Header.MsgType+" on the "+ch.name+" channel"))
	}
}

// badRequest replies with an error to a request whose content could not
// be decoded.
func (k *Kernel) badRequest(ch *channel, m *wire.Message, err error) {
	k.log.Printf("%s: %v", ch.name, err)
	if rt, ok := replyType(m.Header.MsgType); ok {
		k.reply(ch, m, rt, errorContent("BadRequest", err.Error()))
	}
}
