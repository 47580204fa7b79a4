package interp

import (
	"runtime"
	"testing"
	"time"

	"github.com/traefik/yaegi/stdlib"
)

// TestMapKeysGoWithTheirMaps checks that the canonical storage of keys
// (keyTable) is held only while some value holds the key: a session
// that fills and drops maps keyed by cell values must not keep them all.
func TestMapKeysGoWithTheirMaps(t *testing.T) {
	i := New(Options{})
	if err := i.Use(stdlib.Symbols); err != nil {
		t.Fatal(err)
	}
	if _, err := i.Eval(`
import "strconv"
type Op string
func (o Op) Name() string { return string(o) }
type Named interface{ Name() string }
func fill(n int) int {
	m := map[Named]int{}
	for k := 0; k < n; k++ {
		m[Op(strconv.Itoa(k))]++
		m[Op(strconv.Itoa(k))]++
	}
	for k := range m {
		if m[k] != 2 {
			return -1
		}
	}
	return len(m)
}
var kept = map[any]bool{Op("kept"): true}
`); err != nil {
		t.Fatal(err)
	}
	v, err := i.Eval(`fill(2000)`)
	if err != nil {
		t.Fatal(err)
	}
	if v.Int() != 2000 {
		t.Fatalf("fill(2000) = %d, want 2000 distinct keys each counted twice", v.Int())
	}
	entries := func() int {
		i.mapKeys.mu.Lock()
		defer i.mapKeys.mu.Unlock()
		return len(i.mapKeys.storage)
	}
	if n := entries(); n < 2000 {
		t.Fatalf("%d canonical keys after fill, want at least 2000", n)
	}
	deadline := time.Now().Add(10 * time.Second)
	for entries() > 100 && time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	if n := entries(); n > 100 {
		t.Errorf("%d canonical keys are kept after their map was dropped", n)
	}
	if v, err := i.Eval(`kept[Op("kept")]`); err != nil || !v.Bool() {
		t.Errorf(`kept[Op("kept")] = %v, %v after GC; want true`, v, err)
	}
}
