package cuda

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
)

// CacheKey names a compiled kernel in the on-disk cache: the hex SHA-256 of
// the source, the target architecture (such as "compute_90"), the NVRTC
// version and the compile options. Each field is length-prefixed, so no two
// different inputs share an encoding; a change to any of them (a new
// kernel, another GPU, an NVRTC upgrade) is a new key.
func CacheKey(src []byte, arch, nvrtcVersion string, options []string) string {
	h := sha256.New()
	field := func(b []byte) {
		var n [8]byte
		binary.LittleEndian.PutUint64(n[:], uint64(len(b)))
		h.Write(n[:])
		h.Write(b)
	}
	field([]byte("petridish-ptx-v1"))
	field(src)
	field([]byte(arch))
	field([]byte(nvrtcVersion))
	for _, o := range options {
		field([]byte(o))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// DefaultCacheDir returns where compiled kernels are kept:
// os.UserCacheDir()/petridish/cuda ($XDG_CACHE_HOME or ~/.cache on Linux).
func DefaultCacheDir() (string, error) {
	base, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("cuda: no user cache directory for compiled kernels (%v); set XDG_CACHE_HOME or HOME", err)
	}
	return filepath.Join(base, "petridish", "cuda"), nil
}

// CachePath returns the file in dir that holds the PTX for key.
func CachePath(dir, key string) string { return filepath.Join(dir, key+".ptx") }

// ptxCache is the on-disk PTX cache. An empty dir disables it. The cache is
// an optimisation only: a read that fails is a miss, and a write that fails
// is reported but does not stop the kernel from running.
type ptxCache struct{ dir string }

// get returns the cached PTX for key, if there is a non-empty file.
func (c ptxCache) get(key string) ([]byte, bool) {
	if c.dir == "" {
		return nil, false
	}
	b, err := os.ReadFile(CachePath(c.dir, key))
	if err != nil || len(b) == 0 {
		return nil, false
	}
	return b, true
}

// put writes the PTX for key atomically (a temporary file renamed into
// place), so a concurrent reader sees the whole file or none.
func (c ptxCache) put(key string, ptx []byte) error {
	if c.dir == "" {
		return nil
	}
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return fmt.Errorf("cuda: kernel cache: %w", err)
	}
	f, err := os.CreateTemp(c.dir, key+".*.tmp")
	if err != nil {
		return fmt.Errorf("cuda: kernel cache: %w", err)
	}
	_, werr := f.Write(ptx)
	cerr := f.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(f.Name(), CachePath(c.dir, key))
	}
	if werr != nil {
		os.Remove(f.Name())
		return fmt.Errorf("cuda: kernel cache: %w", werr)
	}
	return nil
}
