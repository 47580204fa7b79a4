package cuda

import (
	"os"
	"path/filepath"
	"testing"
)

func TestCacheKey(t *testing.T) {
	src := []byte("extern \"C\" __global__ void k() {}")
	opts := []string{"--gpu-architecture=compute_90"}
	base := CacheKey(src, "compute_90", "13.0", opts)
	if len(base) != 64 {
		t.Fatalf("key %q is not a hex SHA-256", base)
	}
	if CacheKey(src, "compute_90", "13.0", opts) != base {
		t.Fatal("the key is not deterministic")
	}
	variants := map[string]string{
		"source":  CacheKey(append(src, ' '), "compute_90", "13.0", opts),
		"arch":    CacheKey(src, "compute_80", "13.0", opts),
		"nvrtc":   CacheKey(src, "compute_90", "12.8", opts),
		"options": CacheKey(src, "compute_90", "13.0", append(opts, "-lineinfo")),
		// Field boundaries matter: moving bytes between fields is a new key.
		"shifted": CacheKey(src, "compute_9", "013.0", opts),
	}
	for what, k := range variants {
		if k == base {
			t.Errorf("changing the %s kept the key", what)
		}
	}
}

func TestCacheDirAndPath(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", "/tmp/xdg-test")
	dir, err := DefaultCacheDir()
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join("/tmp/xdg-test", "petridish", "cuda"); dir != want {
		t.Fatalf("DefaultCacheDir = %q, want %q", dir, want)
	}
	if p := CachePath(dir, "abc"); p != filepath.Join(dir, "abc.ptx") {
		t.Fatalf("CachePath = %q", p)
	}
	t.Setenv("XDG_CACHE_HOME", "")
	t.Setenv("HOME", "")
	if _, err := DefaultCacheDir(); err == nil {
		t.Fatal("DefaultCacheDir with neither XDG_CACHE_HOME nor HOME succeeded")
	}
}

func TestPTXCache(t *testing.T) {
	c := ptxCache{dir: filepath.Join(t.TempDir(), "a", "b")}
	if _, ok := c.get("k"); ok {
		t.Fatal("hit in an empty cache")
	}
	if err := c.put("k", []byte("ptx")); err != nil {
		t.Fatal(err)
	}
	if b, ok := c.get("k"); !ok || string(b) != "ptx" {
		t.Fatalf("get after put = %q, %v", b, ok)
	}
	entries, _ := os.ReadDir(c.dir)
	if len(entries) != 1 || entries[0].Name() != "k.ptx" {
		t.Fatalf("cache dir holds %v, want only k.ptx (no temporary files)", entries)
	}
	if err := os.WriteFile(CachePath(c.dir, "empty"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, ok := c.get("empty"); ok {
		t.Fatal("an empty file counted as a hit")
	}
	off := ptxCache{}
	if err := off.put("k", []byte("x")); err != nil {
		t.Fatal(err)
	}
	if _, ok := off.get("k"); ok {
		t.Fatal("a disabled cache hit")
	}
}
