package wire

import (
	"bytes"
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"
)

// TestSignMatchesJupyterClient checks the signature against a value computed
// by jupyter_client.session.Session(key=b"secret").sign for the same frames.
func TestSignMatchesJupyterClient(t *testing.T) {
	s, err := NewSigner("hmac-sha256", "secret")
	if err != nil {
		t.Fatal(err)
	}
	parts := [][]byte{[]byte(`{"msg_type":"x"}`), []byte(`{}`), []byte(`{}`), []byte(`{"a":1}`)}
	const want = "32972b1815408d08f4296c6fe7ec76ca2b7e7a96abe4a2babcb557017d696574"
	if got := string(s.Sign(parts...)); got != want {
		t.Fatalf("Sign = %s, want %s", got, want)
	}
	if !s.Verify([]byte(want), parts...) {
		t.Fatal("Verify rejected the right signature")
	}
	if !s.Verify([]byte(strings.ToUpper(want)), parts...) {
		t.Fatal("Verify rejected the right signature in upper-case hex")
	}
	bad := []byte(want)
	bad[0] = '4'
	for _, sig := range [][]byte{bad, nil, []byte("zz"), []byte(want[:10])} {
		if s.Verify(sig, parts...) {
			t.Errorf("Verify accepted signature %q", sig)
		}
	}
}

func TestSignerSchemes(t *testing.T) {
	for _, scheme := range []string{"", "hmac-sha256", "hmac-sha512", "hmac-sha1", "hmac-md5"} {
		s, err := NewSigner(scheme, "k")
		if err != nil {
			t.Fatalf("%q: %v", scheme, err)
		}
		if !s.Verify(s.Sign([]byte("x")), []byte("x")) {
			t.Errorf("%q: round trip failed", scheme)
		}
	}
	for _, scheme := range []string{"sha256", "hmac-sha3", "rsa"} {
		if _, err := NewSigner(scheme, "k"); err == nil || !strings.Contains(err.Error(), "signature_scheme") {
			t.Errorf("%q: err = %v, want unsupported signature_scheme", scheme, err)
		}
	}
}

func TestEmptyKeyDoesNotSign(t *testing.T) {
	s, err := NewSigner("hmac-sha256", "")
	if err != nil {
		t.Fatal(err)
	}
	if s.Enabled() || s.Sign([]byte("x")) != nil {
		t.Fatal("empty key signs")
	}
	if !s.Verify([]byte("anything"), []byte("x")) {
		t.Fatal("empty key must accept any signature")
	}
}

func TestRoundTrip(t *testing.T) {
	s, _ := NewSigner("hmac-sha256", "key")
	parent, err := New("execute_request", "client-session", nil, map[string]any{"code": "1+1"})
	if err != nil {
		t.Fatal(err)
	}
	m, err := New("execute_reply", "kernel-session", parent, map[string]any{"status": "ok", "execution_count": 3})
	if err != nil {
		t.Fatal(err)
	}
	m.Identities = [][]byte{[]byte("id-1"), []byte("id-2")}
	m.Buffers = [][]byte{{0, 1, 2}}
	got, err := Parse(m.Frames(s), s)
	if err != nil {
		t.Fatal(err)
	}
	if got.Header != m.Header {
		t.Errorf("header = %+v, want %+v", got.Header, m.Header)
	}
	if len(got.Identities) != 2 || string(got.Identities[1]) != "id-2" {
		t.Errorf("identities = %q", got.Identities)
	}
	if len(got.Buffers) != 1 || !bytes.Equal(got.Buffers[0], []byte{0, 1, 2}) {
		t.Errorf("buffers = %v", got.Buffers)
	}
	var ph Header
	if err := json.Unmarshal(got.ParentHeader, &ph); err != nil || ph != parent.Header {
		t.Errorf("parent header = %s (%v), want %+v", got.ParentHeader, err, parent.Header)
	}
	var c struct {
		Status string `json:"status"`
		Count  int    `json:"execution_count"`
	}
	if err := got.Decode(&c); err != nil || c.Status != "ok" || c.Count != 3 {
		t.Errorf("content = %+v (%v)", c, err)
	}
	if got.Header.Version != ProtocolVersion || got.Header.Session != "kernel-session" {
		t.Errorf("header = %+v", got.Header)
	}
}

// TestParentHeaderIsVerbatim checks that a reply echoes the request's header
// byte for byte, fields this package does not know included.
func TestParentHeaderIsVerbatim(t *testing.T) {
	s, _ := NewSigner("", "")
	header := `{"msg_id":"a","msg_type":"kernel_info_request","session":"s","username":"u","date":"2024-01-01T00:00:00Z","version":"5.3","subshell_id":null}`
	req, err := Parse([][]byte{[]byte(Delimiter), nil, []byte(header), []byte("{}"), []byte("{}"), []byte("{}")}, s)
	if err != nil {
		t.Fatal(err)
	}
	rep, _ := New("kernel_info_reply", "k", req, nil)
	if string(rep.ParentHeader) != header {
		t.Fatalf("parent header = %s, want %s", rep.ParentHeader, header)
	}
}

func TestParseRejects(t *testing.T) {
	s, _ := NewSigner("hmac-sha256", "key")
	good, _ := New("kernel_info_request", "s", nil, nil)
	frames := good.Frames(s)
	tampered := append([][]byte(nil), frames...)
	tampered[len(tampered)-1] = []byte(`{"code":"evil"}`)
	wrongKey, _ := NewSigner("hmac-sha256", "other")
	h := func(s string) []byte { return []byte(s) }
	unsigned := func(frames ...[]byte) [][]byte {
		return append([][]byte{h(Delimiter), s.Sign(frames...)}, frames...)
	}
	cases := []struct {
		name   string
		frames [][]byte
		want   error
	}{
		{"no frames", nil, ErrMalformed},
		{"no delimiter", [][]byte{h("a"), h("b")}, ErrMalformed},
		{"too few frames", [][]byte{h(Delimiter), h("sig"), h("{}")}, ErrMalformed},
		{"tampered content", tampered, ErrBadSignature},
		{"wrong key", good.Frames(wrongKey), ErrBadSignature},
		{"header not JSON", unsigned(h("{"), h("{}"), h("{}"), h("{}")), ErrMalformed},
		{"header not object", unsigned(h("[]"), h("{}"), h("{}"), h("{}")), ErrMalformed},
		{"header without msg_type", unsigned(h(`{"msg_id":"x"}`), h("{}"), h("{}"), h("{}")), ErrMalformed},
		{"msg_type not a string", unsigned(h(`{"msg_type":1}`), h("{}"), h("{}"), h("{}")), ErrMalformed},
		{"content not JSON", unsigned(h(`{"msg_type":"x"}`), h("{}"), h("{}"), h("nope")), ErrMalformed},
		{"parent not object", unsigned(h(`{"msg_type":"x"}`), h("1"), h("{}"), h("{}")), ErrMalformed},
	}
	for _, c := range cases {
		_, err := Parse(c.frames, s)
		if !errors.Is(err, c.want) {
			t.Errorf("%s: err = %v, want %v", c.name, err, c.want)
		}
	}
}

func TestNewID(t *testing.T) {
	re := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	seen := map[string]bool{}
	for range 100 {
		id := NewID()
		if !re.MatchString(id) || seen[id] {
			t.Fatalf("bad or repeated id %q", id)
		}
		seen[id] = true
	}
}

func TestNewRejectsUnencodableContent(t *testing.T) {
	if _, err := New("x", "s", nil, map[string]any{"f": func() {}}); err == nil {
		t.Fatal("want an error for content that cannot be JSON")
	}
}
