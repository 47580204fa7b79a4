package kernel

import (
	"context"
	"fmt"
	"log"
	"net"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/go-zeromq/zmq4"
)

// routerSendTimeout bounds how long a reply waits for a peer to exist
// (zmq4 blocks a ROUTER send until some peer has connected).
const routerSendTimeout = 10 * time.Second

// channel is one of the kernel's five sockets. zmq4 sockets must not be
// written from several goroutines at once, so sends take mu.
type channel struct {
	name string
	sock zmq4.Socket
	mu   sync.Mutex
}

func (c *channel) send(frames [][]byte) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.sock.SendMulti(zmq4.NewMsgFrom(frames...))
}

// sockets is the kernel's socket set.
type sockets struct {
	shell, control, stdin, iopub, hb *channel
	// subscribed is closed once a client has subscribed to iopub (nil
	// if that cannot be known).
	subscribed <-chan struct{}
}

func (s *sockets) all() []*channel { return []*channel{s.shell, s.control, s.stdin, s.iopub, s.hb} }

// listen binds the five sockets of conn. It returns conn with any port 0
// replaced by the port the system chose.
func listen(conn ConnectionInfo, logger *log.Logger) (*sockets, ConnectionInfo, error) {
	ctx := context.Background()
	routerOpts := []zmq4.Option{zmq4.WithLogger(logger), zmq4.WithTimeout(routerSendTimeout)}
	s := &sockets{
		shell:   &channel{name: "shell", sock: zmq4.NewRouter(ctx, routerOpts...)},
		control: &channel{name: "control", sock: zmq4.NewRouter(ctx, routerOpts...)},
		stdin:   &channel{name: "stdin", sock: zmq4.NewRouter(ctx, routerOpts...)},
		iopub:   &channel{name: "iopub", sock: zmq4.NewPub(ctx, zmq4.WithLogger(logger))},
		hb:      &channel{name: "heartbeat", sock: zmq4.NewRep(ctx, zmq4.WithLogger(logger))},
	}
	ports := []*int{&conn.ShellPort, &conn.ControlPort, &conn.StdinPort, &conn.IOPubPort, &conn.HBPort}
	for i, ch := range s.all() {
		ep := conn.endpoint(*ports[i])
		if ch == s.iopub {
			ep = pubEndpoint(ep)
		}
		if err := ch.sock.Listen(ep); err != nil {
			s.close()
			hint := ""
			if strings.Contains(err.Error(), "address already in use") {
				hint = "; another process holds that port: stop it, or let Jupyter write a new connection file (restart the kernel)"
			}
			return nil, conn, fmt.Errorf("kernel: cannot listen for the %s channel on %s: %w%s", ch.name, publicEndpoint(ep), err, hint)
		}
		if a, ok := ch.sock.Addr().(*net.TCPAddr); ok {
			*ports[i] = a.Port
		}
	}
	if subs, ok := pubSubscribers.LoadAndDelete(s.iopub.sock.Addr().String()); ok {
		s.subscribed = subs.(*subscribers).ready
	}
	return s, conn, nil
}

// pubEndpoint moves an endpoint of a guarded transport to its -pub
// variant, which reports subscriptions.
func pubEndpoint(ep string) string { return strings.Replace(ep, "://", pubSuffix+"://", 1) }

// close closes the sockets and removes the files of ipc endpoints.
func (s *sockets) close() {
	for _, ch := range s.all() {
		ch.sock.Close()
		if a, ok := ch.sock.Addr().(*net.UnixAddr); ok {
			os.Remove(a.Name)
		}
	}
}

// publicEndpoint names an endpoint as the connection file does, without
// the guarded transport's name.
func publicEndpoint(ep string) string {
	scheme, rest, _ := strings.Cut(ep, "://")
	switch strings.TrimSuffix(scheme, pubSuffix) {
	case guardedTCP:
		return "tcp://" + rest
	case guardedIPC:
		return "ipc://" + rest
	}
	return ep
}
