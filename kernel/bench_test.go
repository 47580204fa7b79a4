package kernel

import "testing"

// BenchmarkExecuteRoundTrip measures an execute request through the
// kernel's sockets with a Go client and an executor that does no work:
// request sent until the reply and the idle status have arrived.
func BenchmarkExecuteRoundTrip(b *testing.B) {
	tk := startKernel(b, nil)
	req := map[string]any{"code": "value 2", "silent": false, "store_history": true, "user_expressions": map[string]any{}, "allow_stdin": false}
	for b.Loop() {
		m := tk.send(tk.shell, "execute_request", req)
		tk.reply("shell", "execute_reply")
		tk.outputs(m)
	}
}
