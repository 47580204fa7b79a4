package kernel

import (
	"context"
	"encoding/binary"
	"net"
	"sync"
	"time"

	"github.com/go-zeromq/zmq4"
	"github.com/go-zeromq/zmq4/transport"
)

// zmq4 runs each connection's ZMTP handshake on the socket's accept loop,
// one at a time, with no deadline: a peer that connects and sends nothing
// (a port scanner, an HTTP probe) would stop every later client from
// connecting to that socket. The kernel therefore listens through guarded
// transports that give the handshake a read deadline.

// Names of the guarded transports, registered with zmq4 at init. The
// -pub ones serve the IOPub socket: their connections also report when a
// subscriber's subscription has arrived (see subscribers).
const (
	guardedTCP = "petridish-tcp"
	guardedIPC = "petridish-ipc"
	pubSuffix  = "-pub"
)

// handshakeTimeout bounds how long a new connection may take to send its
// greeting and READY command; a variable so tests can shorten it.
var handshakeTimeout = 10 * time.Second

// handshakeBytes is the size of a ZMTP 3 greeting (64 bytes) plus the
// smallest NULL-mechanism READY command; once a peer has sent that much the
// deadline is lifted, since an idle connection is normal afterwards.
const handshakeBytes = 64 + 27

func init() {
	for name, t := range map[string]guardedTransport{
		guardedTCP: {Transport: transport.New("tcp")}, guardedIPC: {Transport: transport.New("unix")},
		guardedTCP + pubSuffix: {Transport: transport.New("tcp"), pub: true}, guardedIPC + pubSuffix: {Transport: transport.New("unix"), pub: true},
	} {
		if err := zmq4.RegisterTransport(name, t); err != nil {
			panic(err) // only a second registration of the same name fails
		}
	}
}

// subscribers tells when the first peer of a PUB socket has subscribed.
//
// zmq4's PUB socket sends a message only to the connections whose
// subscription it has processed, and drops it otherwise. A Jupyter client
// connects IOPub and shell together and may send its first request before
// its subscription has reached the kernel (ZeroMQ's "slow joiner"): the
// status and output of that request would then be lost, and a client that
// waits for the "idle" status (jupyter console does) would wait forever.
// The kernel therefore holds its first shell request until ready is
// closed (see Kernel.awaitIOPub).
type subscribers struct {
	once  sync.Once
	ready chan struct{}
}

func newSubscribers() *subscribers { return &subscribers{ready: make(chan struct{})} }

func (s *subscribers) signal() { s.once.Do(func() { close(s.ready) }) }

// pubSubscribers maps the address of each listener of the -pub transports
// (net.Addr.String()) to its subscribers; listen takes its entry out.
var pubSubscribers sync.Map

type guardedTransport struct {
	transport.Transport
	pub bool
}

// Listen implements transport.Transport.
func (g guardedTransport) Listen(ctx context.Context, addr string) (net.Listener, error) {
	l, err := g.Transport.Listen(ctx, addr)
	if err != nil {
		return nil, err
	}
	gl := guardedListener{Listener: l}
	if g.pub {
		gl.subs = newSubscribers()
		pubSubscribers.Store(l.Addr().String(), gl.subs)
	}
	return gl, nil
}

type guardedListener struct {
	net.Listener
	subs *subscribers // -pub transports only
}

// Accept implements net.Listener.
func (l guardedListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	if err := c.SetReadDeadline(time.Now().Add(handshakeTimeout)); err != nil {
		return c, nil
	}
	gc := &guardedConn{Conn: c}
	if l.subs != nil {
		gc.first = &firstMessage{subs: l.subs}
	}
	return gc, nil
}

// guardedConn lifts its read deadline once the handshake bytes are in.
// zmq4 reads a connection from one goroutine at a time.
type guardedConn struct {
	net.Conn
	read   int
	lifted bool
	first  *firstMessage // -pub transports, until the first message is in
}

// Read implements net.Conn.
func (c *guardedConn) Read(p []byte) (int, error) {
	if c.first != nil && c.first.done() {
		// zmq4 reads again only after it has handled what it read before,
		// the subscription included.
		c.first.subs.signal()
		c.first = nil
	}
	n, err := c.Conn.Read(p)
	if !c.lifted {
		c.read += n
		if c.read >= handshakeBytes {
			c.lifted = true
			c.Conn.SetReadDeadline(time.Time{})
		}
	}
	if c.first != nil {
		c.first.add(p[:n])
	}
	return n, err
}

// firstMessage follows the bytes a PUB socket reads from one peer until
// the end of the peer's first frame after the handshake, which for a SUB
// is its subscription. ZMTP 3: a 64-byte greeting, then frames of a flags
// byte (bit 1: 8-byte size, else 1-byte) and a size, the first of them
// the READY command.
type firstMessage struct {
	head []byte // the bytes read, until end is known
	n    int    // how many bytes have been read
	end  int    // where the first frame after READY ends; 0 while unknown
	subs *subscribers
}

// firstMessageLimit bounds head: a peer whose handshake is longer than
// this (it never is with the NULL mechanism) counts as subscribed.
const firstMessageLimit = 1 << 16

func (f *firstMessage) add(b []byte) {
	f.n += len(b)
	if f.end > 0 {
		return
	}
	f.head = append(f.head, b...)
	if ready, ok := frameEnd(f.head, 64); ok {
		if end, ok := frameEnd(f.head, ready); ok {
			f.end = end
		}
	}
	if f.end == 0 && len(f.head) > firstMessageLimit {
		f.end = len(f.head)
	}
	if f.end > 0 {
		f.head = nil
	}
}

// done reports whether the first message has been read.
func (f *firstMessage) done() bool { return f.end > 0 && f.n >= f.end }

// frameEnd returns where the ZMTP frame starting at off in b ends, once
// b holds its header.
func frameEnd(b []byte, off int) (int, bool) {
	if len(b) < off+2 {
		return 0, false
	}
	if b[off]&0x02 == 0 {
		return off + 2 + int(b[off+1]), true
	}
	if len(b) < off+9 {
		return 0, false
	}
	size := binary.BigEndian.Uint64(b[off+1 : off+9])
	if size > firstMessageLimit {
		return off + 9 + firstMessageLimit, true
	}
	return off + 9 + int(size), true
}
