package dsl

import (
	"context"
	"reflect"
	"strings"
	"testing"
)

func newSession(t testing.TB) *Session {
	t.Helper()
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// run executes one cell and returns its result, output and error.
func run(t *testing.T, s *Session, code string) (*Result, *recorder, error) {
	t.Helper()
	r := &recorder{}
	res, err := s.Execute(context.Background(), code, r)
	return res, r, err
}

// mustRun executes a cell that must succeed.
func mustRun(t *testing.T, s *Session, code string) (*Result, *recorder) {
	t.Helper()
	res, r, err := run(t, s, code)
	if err != nil {
		t.Fatalf("cell %q failed: %v", code, err)
	}
	return res, r
}

// text returns the text/plain of a result ("" when there is none).
func text(res *Result) string {
	if res == nil || res.Data == nil {
		return ""
	}
	s, _ := res.Data["text/plain"].(string)
	return s
}

// cellError asserts that err is a *Error named name whose value contains
// every want string.
func cellError(t *testing.T, err error, name string, want ...string) *Error {
	t.Helper()
	e, ok := err.(*Error)
	if !ok {
		t.Fatalf("error %v (%T), want *Error %q", err, err, name)
	}
	if e.Name != name {
		t.Errorf("error name %q, want %q (%v)", e.Name, name, e)
	}
	for _, w := range want {
		if !strings.Contains(e.Value, w) {
			t.Errorf("error value %q does not contain %q", e.Value, w)
		}
	}
	return e
}

// renderValueOf renders v as the Session renders compiled values.
func renderValueOf(v any) (map[string]any, map[string]any, error) {
	return renderValue(reflect.ValueOf(v))
}

// resultCase is a cell and the text/plain of its result.
type resultCase struct{ code, want string }

// checkResults runs each case's cell in s and compares its result.
func checkResults(t *testing.T, s *Session, cases []resultCase) {
	t.Helper()
	for _, c := range cases {
		res, _, err := run(t, s, c.code)
		if err != nil {
			t.Errorf("%q: %v", c.code, err)
			continue
		}
		if got := text(res); got != c.want {
			t.Errorf("%q shows %q, want %q", c.code, got, c.want)
		}
	}
}
