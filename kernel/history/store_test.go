package history

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// fill makes two sessions: session 1 with lines 1..3 and session 2 with
// lines 1..2, outputs on some lines.
func fill(t *testing.T, s *Store) (int64, int64) {
	t.Helper()
	s1, err := s.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	for i, code := range []string{"x := 1", "x + 1", "fmt.Println(x)"} {
		if err := s.AddInput(s1, i+1, code, code); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.AddOutput(s1, 2, "2"); err != nil {
		t.Fatal(err)
	}
	if err := s.EndSession(s1); err != nil {
		t.Fatal(err)
	}
	s2, err := s.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.AddInput(s2, 1, "x := 1", "x := 1"); err != nil {
		t.Fatal(err)
	}
	if err := s.AddInput(s2, 2, "y := x * 10", "y := x*10"); err != nil {
		t.Fatal(err)
	}
	if err := s.AddOutput(s2, 2, "10"); err != nil {
		t.Fatal(err)
	}
	return s1, s2
}

type line struct {
	S      int64
	L      int
	In     string
	Out    string
	HasOut bool
}

func flat(es []Entry) []line {
	out := []line{}
	for _, e := range es {
		l := line{S: e.Session, L: e.Line, In: e.Input}
		if e.Output != nil {
			l.Out, l.HasOut = *e.Output, true
		}
		out = append(out, l)
	}
	return out
}

func check(t *testing.T, what string, es []Entry, err error, want ...line) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if want == nil {
		want = []line{}
	}
	if got := flat(es); !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got %+v\nwant %+v", what, got, want)
	}
}

func TestQueries(t *testing.T) {
	s, err := Open(":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s1, s2 := fill(t, s)
	if s1 != 1 || s2 != 2 {
		t.Fatalf("sessions %d %d", s1, s2)
	}
	raw, out := Options{Raw: true}, Options{Raw: true, Output: true}

	es, err := s.Tail(3, raw)
	check(t, "tail 3", es, err, line{1, 3, "fmt.Println(x)", "", false}, line{2, 1, "x := 1", "", false}, line{2, 2, "y := x*10", "", false})
	es, err = s.Tail(1, Options{})
	check(t, "tail 1 not raw", es, err, line{2, 2, "y := x * 10", "", false})
	es, err = s.Tail(2, out)
	check(t, "tail with output", es, err, line{2, 1, "x := 1", "", false}, line{2, 2, "y := x*10", "10", true})
	es, err = s.Tail(0, raw)
	check(t, "tail 0", es, err)

	es, err = s.Range(s2, 0, 1, 0, raw)
	check(t, "range current session", es, err, line{2, 1, "x := 1", "", false}, line{2, 2, "y := x*10", "", false})
	es, err = s.Range(s2, -1, 2, 3, out)
	check(t, "range previous session, stop exclusive", es, err, line{1, 2, "x + 1", "2", true})
	es, err = s.Range(s2, 1, -1, 0, raw)
	check(t, "range negative start", es, err, line{1, 3, "fmt.Println(x)", "", false})
	es, err = s.Range(s2, 1, 1, -1, raw)
	check(t, "range negative stop", es, err, line{1, 1, "x := 1", "", false}, line{1, 2, "x + 1", "", false})
	es, err = s.Range(s2, 7, 1, 0, raw)
	check(t, "range unknown session", es, err)

	es, err = s.Search("x*", 0, false, raw)
	check(t, "search glob", es, err, line{1, 1, "x := 1", "", false}, line{1, 2, "x + 1", "", false}, line{2, 1, "x := 1", "", false})
	es, err = s.Search("x*", 0, true, raw)
	check(t, "search unique keeps latest", es, err, line{1, 2, "x + 1", "", false}, line{2, 1, "x := 1", "", false})
	es, err = s.Search("*x*", 2, false, out)
	check(t, "search last n with output", es, err, line{2, 1, "x := 1", "", false}, line{2, 2, "y := x*10", "10", true})
	es, err = s.Search("*x * 10", 0, false, Options{})
	check(t, "search as-run source", es, err, line{2, 2, "y := x * 10", "", false})
	es, err = s.Search("X*", 0, false, raw)
	check(t, "search is case-sensitive", es, err)
}

func TestSurvivesReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub dir", "h?.sqlite")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	fill(t, s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("database file not at %s: %v", path, err)
	}
	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s3, err := s.NewSession()
	if err != nil || s3 != 3 {
		t.Fatalf("new session after reopen = %d, %v; want 3", s3, err)
	}
	es, err := s.Range(s3, -1, 1, 0, Options{Raw: true})
	check(t, "previous session after reopen", es, err, line{2, 1, "x := 1", "", false}, line{2, 2, "y := x*10", "", false})
}

func TestConcurrentWriters(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.sqlite")
	a, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	done := make(chan error, 2)
	for _, s := range []*Store{a, b} {
		go func() {
			sess, err := s.NewSession()
			for i := 1; err == nil && i <= 50; i++ {
				err = s.AddInput(sess, i, fmt.Sprint(i), fmt.Sprint(i))
			}
			done <- err
		}()
	}
	for range 2 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	es, err := a.Tail(1000, Options{})
	if err != nil || len(es) != 100 {
		t.Fatalf("got %d lines (%v), want 100", len(es), err)
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	notDB := filepath.Join(dir, "garbage.sqlite")
	if err := os.WriteFile(notDB, []byte("this is not sqlite, it is a long enough text file to have a header....................................."), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(notDB); err == nil {
		t.Error("opening a non-database file succeeded")
	}
	file := filepath.Join(dir, "file")
	os.WriteFile(file, nil, 0o644)
	if _, err := Open(filepath.Join(file, "h.sqlite")); err == nil {
		t.Error("opening under a regular file succeeded")
	}
}

func TestDefaultPath(t *testing.T) {
	t.Setenv(EnvPath, "")
	t.Setenv("JUPYTER_DATA_DIR", "/data/jup")
	if p, err := DefaultPath(); err != nil || p != "/data/jup/petridish/history.sqlite" {
		t.Errorf("with JUPYTER_DATA_DIR: %q, %v", p, err)
	}
	t.Setenv("JUPYTER_DATA_DIR", "")
	t.Setenv("XDG_DATA_HOME", "/xdg")
	if p, err := DefaultPath(); err != nil || p != "/xdg/jupyter/petridish/history.sqlite" {
		t.Errorf("with XDG_DATA_HOME: %q, %v", p, err)
	}
	t.Setenv(EnvPath, "/tmp/x.sqlite")
	if p, err := DefaultPath(); err != nil || p != "/tmp/x.sqlite" {
		t.Errorf("with %s: %q, %v", EnvPath, p, err)
	}
}
