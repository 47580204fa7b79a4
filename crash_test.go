package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCrashNotice checks the notice for the reports the runtime writes to
// the crash output: a fatal error's report has no line of its own (the
// runtime writes that to standard error only), a panic's has its message.
func TestCrashNotice(t *testing.T) {
	for _, tc := range []struct {
		report string
		want   []string
	}{
		{"goroutine 19 [running]:\ninternal/runtime/maps.fatal({0x4af805?, 0x49ab80?})\n\t/usr/local/go/src/runtime/panic.go:1181 +0x18\nreflect.mapassign0(...)",
			[]string{"previous process died", "concurrent map writes", "sync.Mutex"}},
		{"runtime stack:\nruntime.throw({0x4adc74?, 0x55bf60?})\n\t/usr/local/go/src/runtime/panic.go:1229\nruntime.newstack()\n\t/usr/local/go/src/runtime/stack.go:1207\n\ngoroutine 1 [running]:\nmain.f(0x2aaaa4b?)",
			[]string{"fatal error: stack overflow", "recursion without end"}},
		{"panic: boom in goroutine\n\ngoroutine 19 [running]:\nmain.main.func1()",
			[]string{"    panic: boom in goroutine\n(The runtime's whole report"}},
	} {
		got := crashNotice(tc.report)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("the notice of %q lacks %q:\n%s", tc.report[:20], w, got)
			}
		}
		if strings.Contains(got, "goroutine 1") || strings.Contains(got, "main.f(") {
			t.Errorf("the notice of %q shows the traces:\n%s", tc.report[:20], got)
		}
	}
}

// TestTakeCrashReport checks that a report is taken once, and that an
// empty file (a kernel killed without a fatal error) is none.
func TestTakeCrashReport(t *testing.T) {
	path := crashReportPath(filepath.Join(t.TempDir(), "kernel-1.json"))
	if got := takeCrashReport(path); got != "" {
		t.Errorf("no file: %q", got)
	}
	os.WriteFile(path, nil, 0o600)
	if got := takeCrashReport(path); got != "" {
		t.Errorf("an empty file: %q", got)
	}
	os.WriteFile(path, []byte("panic: x\n"), 0o600)
	if got := takeCrashReport(path); got != "panic: x" {
		t.Errorf("report %q", got)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("the report was not removed: %v", err)
	}
}
