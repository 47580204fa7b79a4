package wire

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// Delimiter separates the routing identities from the message proper.
const Delimiter = "<IDS|MSG>"

var (
	// ErrMalformed is wrapped by Parse's errors for frames that are not a
	// Jupyter message (no delimiter, missing frames, invalid JSON).
	ErrMalformed = errors.New("malformed message")
	// ErrBadSignature is wrapped by Parse's error for a message whose
	// signature does not verify with the connection file's key.
	ErrBadSignature = errors.New("bad message signature")
)

// Parse decodes the frames of one received message and verifies its
// signature with s. It never panics, whatever the frames hold; the error
// wraps ErrMalformed or ErrBadSignature.
func Parse(frames [][]byte, s *Signer) (*Message, error) {
	delim := -1
	for i, f := range frames {
		if string(f) == Delimiter {
			delim = i
			break
		}
	}
	if delim < 0 {
		return nil, fmt.Errorf("wire: %w: no %s delimiter among %d frames", ErrMalformed, Delimiter, len(frames))
	}
	rest := frames[delim+1:]
	if len(rest) < 5 {
		return nil, fmt.Errorf("wire: %w: %d frames after the delimiter, want at least 5 (signature, header, parent_header, metadata, content)", ErrMalformed, len(rest))
	}
	sig, header, parent, meta, content := rest[0], rest[1], rest[2], rest[3], rest[4]
	if !s.Verify(sig, header, parent, meta, content) {
		return nil, fmt.Errorf("wire: %w: the HMAC does not match the connection file's key", ErrBadSignature)
	}
	m := &Message{Identities: frames[:delim:delim]}
	if err := jsonObject("header", header); err != nil {
		return nil, err
	}
	if err := json.Unmarshal(header, &m.Header); err != nil {
		return nil, fmt.Errorf("wire: %w: header: %v", ErrMalformed, err)
	}
	if m.Header.MsgType == "" {
		return nil, fmt.Errorf("wire: %w: header has no msg_type", ErrMalformed)
	}
	for _, p := range []struct {
		name string
		b    []byte
	}{{"parent_header", parent}, {"metadata", meta}, {"content", content}} {
		if err := jsonObject(p.name, p.b); err != nil {
			return nil, err
		}
	}
	m.rawHeader = json.RawMessage(header)
	m.ParentHeader = json.RawMessage(parent)
	m.Metadata = json.RawMessage(meta)
	m.Content = json.RawMessage(content)
	if len(rest) > 5 {
		m.Buffers = rest[5:]
	}
	return m, nil
}

// jsonObject checks that b is one valid JSON object.
func jsonObject(name string, b []byte) error {
	t := bytes.TrimSpace(b)
	if len(t) == 0 || t[0] != '{' || !json.Valid(t) {
		return fmt.Errorf("wire: %w: %s is not a JSON object", ErrMalformed, name)
	}
	return nil
}

// Frames encodes m for sending: identities, delimiter, signature (by s),
// header, parent header, metadata, content and buffers.
func (m *Message) Frames(s *Signer) [][]byte {
	header := m.RawHeader()
	parent, meta, content := orEmpty(m.ParentHeader), orEmpty(m.Metadata), orEmpty(m.Content)
	frames := make([][]byte, 0, len(m.Identities)+6+len(m.Buffers))
	frames = append(frames, m.Identities...)
	frames = append(frames, []byte(Delimiter), s.Sign(header, parent, meta, content), header, parent, meta, content)
	return append(frames, m.Buffers...)
}

func orEmpty(b json.RawMessage) []byte {
	if len(b) == 0 {
		return emptyObject
	}
	return b
}
