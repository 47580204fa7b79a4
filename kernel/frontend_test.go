package kernel

import (
	"strings"
	"testing"
)

func TestStreamIsBatchedInOrder(t *testing.T) {
	tk := startKernel(t, nil)
	_, out := tk.execute("burst 2000", nil)
	// Consecutive messages of one stream merge into runs; the order of the
	// runs is the order of the writes.
	var runs []string
	messages := 0
	for _, m := range out {
		if m.Header.MsgType != "stream" {
			continue
		}
		messages++
		c := content(t, m)
		run := c["name"].(string) + ":"
		if n := len(runs); n > 0 && strings.HasPrefix(runs[n-1], run) {
			runs[n-1] += c["text"].(string)
		} else {
			runs = append(runs, run+c["text"].(string))
		}
	}
	want := []string{"stdout:" + strings.Repeat("a", 2000), "stderr:b", "stdout:" + strings.Repeat("c", 2000)}
	if strings.Join(runs, "|") != strings.Join(want, "|") {
		t.Fatalf("stream runs = %.200q", runs)
	}
	// 4001 writes: batching leaves a handful of messages (3 unless the
	// machine stalls the writer for longer than the batching delay).
	if messages > 20 {
		t.Errorf("%d stream messages for 4001 writes; want them batched", messages)
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
