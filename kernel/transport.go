package kernel

import (
	"context"
	"net"
	"time"

	"github.com/go-zeromq/zmq4"
	"github.com/go-zeromq/zmq4/transport"
)

// zmq4 runs each connection's ZMTP handshake on the socket's accept loop,
// one at a time, with no deadline: a peer that connects and sends nothing
// (a port scanner, an HTTP probe) would stop every later client from
// connecting to that socket. The kernel therefore listens through guarded
// transports that give the handshake a read deadline.

// Names of the guarded transports, registered with zmq4 at init.
const (
	guardedTCP = "petridish-tcp"
	guardedIPC = "petridish-ipc"
)

// handshakeTimeout bounds how long a new connection may take to send its
// greeting and READY command; a variable so tests can shorten it.
var handshakeTimeout = 10 * time.Second

// handshakeBytes is the size of a ZMTP 3 greeting (64 bytes) plus the
// smallest NULL-mechanism READY command; once a peer has sent that much the
// deadline is lifted, since an idle connection is normal afterwards.
const handshakeBytes = 64 + 27

func init() {
	for name, inner := range map[string]string{guardedTCP: "tcp", guardedIPC: "unix"} {
		if err := zmq4.RegisterTransport(name, guardedTransport{transport.New(inner)}); err != nil {
			panic(err) // only a second registration of the same name fails
		}
	}
}

type guardedTransport struct{ transport.Transport }

// Listen implements transport.Transport.
func (g guardedTransport) Listen(ctx context.Context, addr string) (net.Listener, error) {
	l, err := g.Transport.Listen(ctx, addr)
	if err != nil {
		return nil, err
	}
	return guardedListener{l}, nil
}

type guardedListener struct{ net.Listener }

// Accept implements net.Listener.
func (l guardedListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	if err := c.SetReadDeadline(time.Now().Add(handshakeTimeout)); err != nil {
		return c, nil
	}
	return &guardedConn{Conn: c}, nil
}

// guardedConn lifts its read deadline once the handshake bytes are in.
// zmq4 reads a connection from one goroutine at a time.
type guardedConn struct {
	net.Conn
	read   int
	lifted bool
}

// Read implements net.Conn.
func (c *guardedConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if !c.lifted {
		c.read += n
		if c.read >= handshakeBytes {
			c.lifted = true
			c.Conn.SetReadDeadline(time.Time{})
		}
	}
	return n, err
}
