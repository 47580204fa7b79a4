package wire

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"fmt"
	"hash"
	"strings"
)

// Signer computes and checks message signatures. The zero value and a Signer
// made with an empty key sign nothing: signatures are empty and every
// signature verifies, which is what Jupyter means by an empty key.
type Signer struct {
	key     []byte
	newHash func() hash.Hash
}

// hashes maps the digest part of a signature_scheme ("hmac-<digest>") to its
// constructor. Jupyter uses hmac-sha256; the others are what Python's hashlib
// also accepts and cost nothing to support.
var hashes = map[string]func() hash.Hash{
	"sha256": sha256.New,
	"sha512": sha512.New,
	"sha384": sha512.New384,
	"sha224": sha256.New224,
	"sha1":   sha1.New,
	"md5":    md5.New,
}

// NewSigner returns a Signer for scheme (such as "hmac-sha256") and key. An
// empty scheme means hmac-sha256. An empty key returns a Signer that does
// not sign.
func NewSigner(scheme, key string) (*Signer, error) {
	if scheme == "" {
		scheme = "hmac-sha256"
	}
	digest, ok := strings.CutPrefix(scheme, "hmac-")
	h, known := hashes[digest]
	if !ok || !known {
		return nil, fmt.Errorf("wire: unsupported signature_scheme %q in the connection file; use hmac-sha256", scheme)
	}
	if key == "" {
		return &Signer{}, nil
	}
	return &Signer{key: []byte(key), newHash: h}, nil
}

// Enabled reports whether s signs messages (its key is not empty).
func (s *Signer) Enabled() bool { return s != nil && len(s.key) > 0 }

// Sign returns the hex-encoded HMAC of parts, or nil when s does not sign.
func (s *Signer) Sign(parts ...[]byte) []byte {
	if !s.Enabled() {
		return nil
	}
	sum := s.mac(parts)
	out := make([]byte, hex.EncodedLen(len(sum)))
	hex.Encode(out, sum)
	return out
}

// Verify reports whether sig is the hex-encoded HMAC of parts. It compares in
// constant time. When s does not sign, every signature verifies.
func (s *Signer) Verify(sig []byte, parts ...[]byte) bool {
	if !s.Enabled() {
		return true
	}
	want := s.mac(parts)
	if len(sig) != hex.EncodedLen(len(want)) {
		return false
	}
	got := make([]byte, len(want))
	if _, err := hex.Decode(got, sig); err != nil {
		return false
	}
	return hmac.Equal(got, want)
}

func (s *Signer) mac(parts [][]byte) []byte {
	m := hmac.New(s.newHash, s.key)
	for _, p := range parts {
		m.Write(p)
	}
	return m.Sum(nil)
}
