package wire

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"
)

// ProtocolVersion is the Jupyter messaging protocol version this package
// speaks; it goes into every header it creates.
const ProtocolVersion = "5.3"

// Header is the header of a Jupyter message.
type Header struct {
	MsgID    string `json:"msg_id"`
	Session  string `json:"session"`
	Username string `json:"username"`
	Date     string `json:"date"`
	MsgType  string `json:"msg_type"`
	Version  string `json:"version"`
}

// Message is one Jupyter message. ParentHeader, Metadata and Content hold
// JSON objects exactly as they travel; Decode unmarshals Content.
type Message struct {
	// Identities are the ZeroMQ routing frames before the delimiter: the
	// sender's identity on a ROUTER socket, the topic on iopub.
	Identities   [][]byte
	Header       Header
	ParentHeader json.RawMessage
	Metadata     json.RawMessage
	Content      json.RawMessage
	// Buffers are the optional binary frames after content.
	Buffers [][]byte

	// rawHeader is the header frame as received, echoed verbatim as the
	// parent header of replies so fields this package does not model survive.
	rawHeader json.RawMessage
}

var emptyObject = json.RawMessage("{}")

// New returns a message of type msgType in session whose content is content
// marshalled to JSON (nil content is an empty object). When parent is not
// nil its header becomes the new message's parent header. The new message
// has no identities; set them before sending it on a ROUTER socket.
func New(msgType, session string, parent *Message, content any) (*Message, error) {
	raw := emptyObject
	if content != nil {
		b, err := json.Marshal(content)
		if err != nil {
			return nil, fmt.Errorf("wire: cannot encode the content of %s: %w", msgType, err)
		}
		raw = b
	}
	m := &Message{
		Header: Header{
			MsgID:    NewID(),
			Session:  session,
			Username: "kernel",
			Date:     time.Now().UTC().Format("2006-01-02T15:04:05.000000Z07:00"),
			MsgType:  msgType,
			Version:  ProtocolVersion,
		},
		ParentHeader: emptyObject,
		Metadata:     emptyObject,
		Content:      raw,
	}
	if parent != nil {
		m.ParentHeader = parent.RawHeader()
	}
	return m, nil
}

// RawHeader returns the message's header as JSON: the bytes received for a
// parsed message, the marshalled Header otherwise.
func (m *Message) RawHeader() json.RawMessage {
	if m.rawHeader != nil {
		return m.rawHeader
	}
	b, err := json.Marshal(m.Header)
	if err != nil { // a struct of strings always marshals
		panic(err)
	}
	return b
}

// Decode unmarshals the message's content into v.
func (m *Message) Decode(v any) error {
	if err := json.Unmarshal(m.Content, v); err != nil {
		return fmt.Errorf("wire: bad content in %s %s: %w", m.Header.MsgType, m.Header.MsgID, err)
	}
	return nil
}

// NewID returns a random version-4 UUID in its canonical text form, as
// Jupyter uses for message and session ids.
func NewID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil { // crypto/rand never fails on supported platforms
		panic(err)
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	var s [36]byte
	hex.Encode(s[0:8], b[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], b[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], b[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], b[8:10])
	s[23] = '-'
	hex.Encode(s[24:], b[10:])
	return string(s[:])
}
