package kernel

import (
	"strings"
	"testing"
)

func TestStreamIsBatchedInOrder(t *testing.T) {
	tk := startKernel(t, nil)
	_, out := tk.execute("burst 2000", nil)
	want := "busy execute_input stdout:" + strings.Repeat("a", 2000) + " stderr:b stdout:" + strings.Repeat("c", 2000) + " idle"
	if got := describe(out); got != want {
		t.Fatalf("iopub = %.200q..., want 3 stream messages", got)
	}
}

func TestStreamKeepsRunesWhole(t *testing.T) {
	tk := startKernel(t, nil)
	_, out := tk.execute("euro", nil)
	if got := describe(out); got != "busy execute_input stdout:€ idle" {
		t.Fatalf("iopub = %q", got)
	}
}

func TestCompleteUTF8(t *testing.T) {
	for in, want := range map[string]int{"": 0, "ab": 2, "a\xe2\x82": 1, "a\xe2\x82\xac": 4, "\xe2": 0, "\xff": 1, "a\xf0\x9f\x98": 1} {
		if got := completeUTF8([]byte(in)); got != want {
			t.Errorf("completeUTF8(%q) = %d, want %d", in, got, want)
		}
	}
}
