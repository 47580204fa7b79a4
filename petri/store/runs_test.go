package store

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func openTemp(t *testing.T) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "results.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestRunsPutGetAggregate(t *testing.T) {
	s := openTemp(t)
	runs := []Run{
		{Family: "sigmoid", Config: "c1", Motif: "1.5", Seed: 1, Loss: 0.2, Accuracy: 0.9, Seconds: 2},
		{Family: "sigmoid", Config: "c1", Motif: "0.23", Seed: 1, Loss: 0.1, Accuracy: 0.97},
		{Family: "sigmoid", Config: "c1", Motif: "0.23", Seed: 2, Loss: 0.3, Accuracy: 0.95},
		{Family: "sigmoid", Config: "c1", Motif: "10", Seed: 1, Loss: 0.5, Accuracy: 0.5},
		{Family: "sigmoid", Config: "c2", Motif: "0.23", Seed: 1, Loss: 9, Accuracy: 0.1},
		{Family: "rnn", Config: "c1", Motif: "0 1", Seed: 1, Loss: 4, Accuracy: 0},
	}
	if err := s.PutRuns(runs); err != nil {
		t.Fatal(err)
	}
	r, ok, err := s.GetRun("sigmoid", "c1", "0.23", 2)
	if err != nil || !ok || r.Loss != 0.3 || r.Accuracy != 0.95 || r.Finished.IsZero() {
		t.Fatalf("GetRun: %+v %v %v", r, ok, err)
	}
	if _, ok, err := s.GetRun("sigmoid", "c1", "0.23", 3); ok || err != nil {
		t.Fatalf("GetRun of a missing seed: ok=%v err=%v", ok, err)
	}
	// Storing the same key again replaces, it does not duplicate.
	if err := s.PutRun(Run{Family: "sigmoid", Config: "c1", Motif: "1.5", Seed: 1, Loss: 0.25, Accuracy: 0.9}); err != nil {
		t.Fatal(err)
	}
	tab, err := s.Table("sigmoid", "c1")
	if err != nil {
		t.Fatal(err)
	}
	if len(tab) != 3 {
		t.Fatalf("table has %d rows, want 3: %+v", len(tab), tab)
	}
	if tab[0].Motif != "0.23" || tab[1].Motif != "1.5" || tab[2].Motif != "10" {
		t.Fatalf("rows not in numeric motif order: %+v", tab)
	}
	// mean 0.2, sample std sqrt(0.02), stderr sqrt(0.02)/sqrt(2) = 0.1
	if tab[0].Runs != 2 || math.Abs(tab[0].Loss-0.2) > 1e-15 || math.Abs(tab[0].Std-0.1) > 1e-15 || math.Abs(tab[0].Accuracy-0.96) > 1e-15 {
		t.Fatalf("aggregate of 0.23: %+v", tab[0])
	}
	if tab[1].Loss != 0.25 || tab[1].Runs != 1 || tab[1].Std != 0 {
		t.Fatalf("replaced run not reflected: %+v", tab[1])
	}
	all, err := s.Runs("sigmoid", "")
	if err != nil || len(all) != 5 {
		t.Fatalf("Runs of every config: %d runs, %v", len(all), err)
	}
}

func TestPutRunsRejectsBadRunsAtomically(t *testing.T) {
	s := openTemp(t)
	good := Run{Family: "sigmoid", Config: "c", Motif: "1", Seed: 1, Loss: 1, Accuracy: 0.5}
	for _, bad := range []Run{
		{Family: "sigmoid", Config: "c", Motif: "2", Loss: math.NaN()},
		{Family: "sigmoid", Config: "c", Motif: "2", Loss: 1, Accuracy: 1.5},
		{Family: "", Config: "c", Motif: "2", Loss: 1},
	} {
		if err := s.PutRuns([]Run{good, bad}); err == nil {
			t.Errorf("PutRuns accepted %+v", bad)
		}
	}
	if runs, _ := s.Runs("sigmoid", ""); len(runs) != 0 {
		t.Fatalf("a rejected batch left %d runs behind", len(runs))
	}
}

func TestConfigs(t *testing.T) {
	s := openTemp(t)
	if err := s.PutConfig(Config{Family: "sigmoid", Hash: "abc", Description: `{"epochs":1}`}); err != nil {
		t.Fatal(err)
	}
	if err := s.PutConfig(Config{Family: "sigmoid", Hash: "abc", Description: "other"}); err != nil {
		t.Fatal(err)
	}
	cs, err := s.Configs("sigmoid")
	if err != nil || len(cs) != 1 || cs[0].Description != `{"epochs":1}` {
		t.Fatalf("Configs: %+v %v", cs, err)
	}
	if err := s.PutConfig(Config{Family: "sigmoid"}); err == nil {
		t.Fatal("config without hash accepted")
	}
}

func TestConcurrentWritersAndReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "results.db")
	a, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Open(path) // a second handle, as a second process would have
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := 0; w < 8; w++ {
		st := a
		if w%2 == 1 {
			st = b
		}
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 10; i++ {
				if err := st.PutRun(Run{Family: "f", Config: "c", Motif: string(rune('a' + w)), Seed: uint64(i), Loss: 1}); err != nil {
					errs <- err
					return
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	a.Close()
	b.Close()
	c, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Check(); err != nil {
		t.Fatal(err)
	}
	runs, err := c.Runs("f", "c")
	if err != nil || len(runs) != 80 {
		t.Fatalf("after reopen: %d runs, %v", len(runs), err)
	}
}

func TestOpenErrors(t *testing.T) {
	if _, err := Open(""); err == nil {
		t.Fatal("empty path accepted")
	}
	_, err := Open(filepath.Join(t.TempDir(), "no", "such", "dir", "x.db"))
	if err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Fatalf("missing folder: %v", err)
	}
	junk := filepath.Join(t.TempDir(), "junk.db")
	if err := os.WriteFile(junk, []byte(strings.Repeat("this is not sqlite ", 100)), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Open(junk)
	if err == nil || !strings.Contains(err.Error(), "petridish store") {
		t.Fatalf("non-SQLite file: %v", err)
	}
	m, err := Open(":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if err := m.PutRun(Run{Family: "f", Config: "c", Motif: "1", Loss: 1}); err != nil {
		t.Fatal(err)
	}
	if runs, _ := m.Runs("f", "c"); len(runs) != 1 {
		t.Fatal("in-memory store lost a run")
	}
}

func TestMeanStdErr(t *testing.T) {
	if m, s := MeanStdErr(nil); m != 0 || s != 0 {
		t.Fatal("empty")
	}
	if m, s := MeanStdErr([]float64{3}); m != 3 || s != 0 {
		t.Fatal("single")
	}
	m, s := MeanStdErr([]float64{1, 2, 3, 4})
	want := math.Sqrt(5.0/3) / 2
	if m != 2.5 || math.Abs(s-want) > 1e-15 {
		t.Fatalf("got %v %v want 2.5 %v", m, s, want)
	}
}

func TestCheckpoints(t *testing.T) {
	s := openTemp(t)
	if _, err := s.LoadCheckpoint("sigmoid", "dish", 0); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing checkpoint: %v", err)
	}
	for i, body := range []string{`{"v":1}`, `{"v":2}`, ``} {
		v, err := s.SaveCheckpoint("sigmoid", "dish", []byte(body))
		if err != nil || v != i+1 {
			t.Fatalf("save %d: version %d, %v", i, v, err)
		}
	}
	if _, err := s.SaveCheckpoint("rnn", "dish", []byte("x")); err != nil {
		t.Fatal(err)
	}
	c, err := s.LoadCheckpoint("sigmoid", "dish", 0)
	if err != nil || c.Version != 3 || len(c.Data) != 0 || c.Saved.IsZero() {
		t.Fatalf("latest: %+v %v", c, err)
	}
	c, err = s.LoadCheckpoint("sigmoid", "dish", 2)
	if err != nil || string(c.Data) != `{"v":2}` {
		t.Fatalf("version 2: %+v %v", c, err)
	}
	if _, err := s.LoadCheckpoint("sigmoid", "dish", 7); !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "version 7") {
		t.Fatalf("missing version: %v", err)
	}
	list, err := s.Checkpoints("sigmoid")
	if err != nil || len(list) != 3 || list[2].Version != 3 || list[0].Data != nil {
		t.Fatalf("list: %+v %v", list, err)
	}
	if all, _ := s.Checkpoints(""); len(all) != 4 {
		t.Fatalf("list of all families: %d", len(all))
	}
	if _, err := s.SaveCheckpoint("", "x", nil); err == nil {
		t.Fatal("empty family accepted")
	}
}
