package kernel

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"github.com/petridish-go/petridish/kernel/wire"
)

// ConnectionInfo is the content of the connection file Jupyter writes
// before it starts a kernel: where to listen and how to sign messages.
type ConnectionInfo struct {
	Transport       string `json:"transport"`
	IP              string `json:"ip"`
	ShellPort       int    `json:"shell_port"`
	ControlPort     int    `json:"control_port"`
	StdinPort       int    `json:"stdin_port"`
	IOPubPort       int    `json:"iopub_port"`
	HBPort          int    `json:"hb_port"`
	Key             string `json:"key"`
	SignatureScheme string `json:"signature_scheme"`
	KernelName      string `json:"kernel_name,omitempty"`
}

// ReadConnectionFile reads and validates the connection file at path.
func ReadConnectionFile(path string) (ConnectionInfo, error) {
	var c ConnectionInfo
	b, err := os.ReadFile(path)
	if err != nil {
		return c, fmt.Errorf("kernel: cannot read the connection file: %w; Jupyter passes its path as --connection-file {connection_file}", err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&c); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			return c, fmt.Errorf("kernel: connection file %s is not valid JSON (byte %d: %v)", path, se.Offset, se)
		case errors.As(err, &te) && te.Field == "":
			return c, fmt.Errorf("kernel: connection file %s must hold a JSON object, not a JSON %s", path, te.Value)
		case errors.As(err, &te):
			return c, fmt.Errorf("kernel: connection file %s: field %q must be a %s, not a JSON %s", path, te.Field, te.Type, te.Value)
		default:
			return c, fmt.Errorf("kernel: connection file %s: %w", path, err)
		}
	}
	if err := c.Validate(); err != nil {
		return c, fmt.Errorf("connection file %s: %w", path, err)
	}
	return c, nil
}

// Validate checks that c describes five distinct endpoints on a supported
// transport and a supported signature scheme. An empty transport means tcp.
// Port 0 on tcp asks the system for a free port (see Kernel.Connection).
func (c ConnectionInfo) Validate() error {
	switch c.Transport {
	case "", "tcp", "ipc":
	default:
		return fmt.Errorf("transport %q is not supported; use \"tcp\" or \"ipc\"", c.Transport)
	}
	if c.IP == "" {
		return errors.New(`"ip" is missing; for a local kernel it is "127.0.0.1"`)
	}
	seen := map[int]string{}
	for _, p := range c.ports() {
		if p.port < 0 || p.port > 65535 {
			return fmt.Errorf("%s %d is not a port number (0-65535)", p.name, p.port)
		}
		if c.Transport == "ipc" && p.port == 0 {
			return fmt.Errorf("%s is missing; the ipc transport needs it to name the socket file", p.name)
		}
		if other, dup := seen[p.port]; dup && p.port != 0 {
			return fmt.Errorf("%s and %s are both %d; each channel needs its own port", other, p.name, p.port)
		}
		seen[p.port] = p.name
	}
	if _, err := wire.NewSigner(c.SignatureScheme, c.Key); err != nil {
		return err
	}
	return nil
}

type namedPort struct {
	name string
	port int
}

func (c ConnectionInfo) ports() []namedPort {
	return []namedPort{
		{"shell_port", c.ShellPort}, {"control_port", c.ControlPort}, {"stdin_port", c.StdinPort},
		{"iopub_port", c.IOPubPort}, {"hb_port", c.HBPort},
	}
}

// endpoint returns the ZeroMQ address of one of c's ports, on the
// guarded transports (see transport.go).
func (c ConnectionInfo) endpoint(port int) string {
	if c.Transport == "ipc" {
		return fmt.Sprintf("%s://%s-%d", guardedIPC, c.IP, port)
	}
	ip := c.IP
	if ip == "*" {
		ip = "0.0.0.0"
	}
	if bytes.ContainsRune([]byte(ip), ':') { // IPv6 literal
		ip = "[" + ip + "]"
	}
	return fmt.Sprintf("%s://%s:%d", guardedTCP, ip, port)
}
