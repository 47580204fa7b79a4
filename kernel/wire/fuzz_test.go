package wire

import (
	"bytes"
	"testing"
)

// FuzzParse feeds arbitrary frames to Parse. Parse must never panic, and any
// message it accepts must encode back to frames that parse to the same
// message.
func FuzzParse(f *testing.F) {
	s, _ := NewSigner("hmac-sha256", "")
	m, _ := New("execute_request", "s", nil, map[string]any{"code": "1+1"})
	m.Identities = [][]byte{[]byte("id")}
	f.Add(bytes.Join(m.Frames(s), []byte{0}))
	f.Add([]byte("<IDS|MSG>\x00\x00{}\x00{}\x00{}\x00{}"))
	f.Add([]byte("<IDS|MSG>\x00\x00{\"msg_type\":\"x\"}\x00{}\x00{}\x00{}\x00buf"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		frames := bytes.Split(data, []byte{0})
		got, err := Parse(frames, s)
		if err != nil {
			return
		}
		again, err := Parse(got.Frames(s), s)
		if err != nil {
			t.Fatalf("re-parse of an accepted message failed: %v", err)
		}
		if again.Header != got.Header || !bytes.Equal(again.Content, got.Content) || len(again.Identities) != len(got.Identities) || len(again.Buffers) != len(got.Buffers) {
			t.Fatalf("round trip changed the message: %+v vs %+v", again, got)
		}
	})
}
