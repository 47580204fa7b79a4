package kernel

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"
	"github.com/petridish-go/petridish/kernel/history"
	"github.com/petridish-go/petridish/kernel/wire"
)

func TestKernelInfoOnShellAndControl(t *testing.T) {
	tk := startKernel(t, nil)
	for _, ch := range []struct {
		name string
		sock zmq4.Socket
	}{{"shell", tk.shell}, {"control", tk.control}} {
		req := tk.send(ch.sock, "kernel_info_request", nil)
		rep := content(t, tk.reply(ch.name, "kernel_info_reply"))
		if rep["status"] != "ok" || rep["protocol_version"] != "5.3" || rep["implementation"] != "fake" {
			t.Errorf("%s: kernel_info_reply = %v", ch.name, rep)
		}
		li := rep["language_info"].(map[string]any)
		if li["name"] != "fake" || li["mimetype"] != "text/x-fake" {
			t.Errorf("%s: language_info = %v", ch.name, li)
		}
		if _, ok := rep["help_links"].([]any); !ok {
			t.Errorf("%s: help_links = %v, want a list", ch.name, rep["help_links"])
		}
		if got := describe(tk.outputs(req)); got != "busy idle" {
			t.Errorf("%s: iopub = %q, want busy idle", ch.name, got)
		}
	}
}

func TestExecuteStreamsAndResult(t *testing.T) {
	tk := startKernel(t, nil)
	rep, out := tk.execute("print hello, \nprint world\nstderr oops\nvalue 6", nil)
	if rep["status"] != "ok" || rep["execution_count"] != 1.0 {
		t.Fatalf("reply = %v", rep)
	}
	if got, want := describe(out), "busy execute_input stdout:hello, world stderr:oops result:6 idle"; got != want {
		t.Fatalf("iopub = %q, want %q", got, want)
	}
	in := content(t, out[1])
	if in["code"] != "print hello, \nprint world\nstderr oops\nvalue 6" || in["execution_count"] != 1.0 {
		t.Errorf("execute_input = %v", in)
	}
	res := content(t, out[4])
	if res["execution_count"] != 1.0 || res["metadata"] == nil {
		t.Errorf("execute_result = %v", res)
	}
	rep, out = tk.execute("print again", nil)
	if rep["execution_count"] != 2.0 || describe(out) != "busy execute_input stdout:again idle" {
		t.Fatalf("second cell: reply %v, iopub %q", rep, describe(out))
	}
}

func TestExecuteErrorPublishesOneError(t *testing.T) {
	tk := startKernel(t, nil)
	rep, out := tk.execute("print before\nfail it broke", nil)
	if rep["status"] != "error" || rep["ename"] != "failure" || rep["evalue"] != "it broke" {
		t.Fatalf("reply = %v", rep)
	}
	if tb := rep["traceback"].([]any); len(tb) != 2 || tb[1] != "at line 1" {
		t.Errorf("reply traceback = %v", tb)
	}
	if got, want := describe(out), "busy execute_input stdout:before error:failure idle"; got != want {
		t.Fatalf("iopub = %q, want %q", got, want)
	}
	// A plain error and a panic become errors too, and the kernel lives on.
	for code, ename := range map[string]string{"plain it is plain": "error", "panic boom": "panic"} {
		rep, out := tk.execute(code, nil)
		if rep["status"] != "error" || rep["ename"] != ename {
			t.Errorf("%s: reply = %v", code, rep)
		}
		if n := strings.Count(describe(out), "error:"); n != 1 {
			t.Errorf("%s: %d error messages: %s", code, n, describe(out))
		}
		if tb := rep["traceback"].([]any); len(tb) == 0 {
			t.Errorf("%s: empty traceback", code)
		}
	}
	if rep, _ := tk.execute("value alive", nil); rep["status"] != "ok" {
		t.Fatalf("kernel did not survive: %v", rep)
	}
}

func TestStopOnErrorAbortsQueuedCells(t *testing.T) {
	tk := startKernel(t, nil)
	req := func(code string, stop bool) *wire.Message {
		return tk.send(tk.shell, "execute_request", map[string]any{"code": code, "stop_on_error": stop})
	}
	a := req("sleep 100ms\nfail first", true)
	b := req("print second", true)
	info := tk.send(tk.shell, "kernel_info_request", nil)
	c := req("print third", true)
	// As with ipykernel, the failed cell is answered, and goes idle, before
	// the requests queued behind it; those keep their order.
	want := []struct {
		m      *wire.Message
		typ    string
		status string
	}{{a, "execute_reply", "error"}, {b, "execute_reply", "aborted"}, {info, "kernel_info_reply", "ok"}, {c, "execute_reply", "aborted"}}
	for _, w := range want {
		rep := tk.reply("shell", w.typ)
		if parentID(rep) != w.m.Header.MsgID || content(t, rep)["status"] != w.status {
			t.Fatalf("reply %s to %s, want %s", content(t, rep)["status"], parentID(rep), w.status)
		}
	}
	names := map[string]string{a.Header.MsgID: "a", b.Header.MsgID: "b", info.Header.MsgID: "info", c.Header.MsgID: "c"}
	var seq []string
	for len(seq) == 0 || seq[len(seq)-1] != "idle:c" {
		select {
		case m := <-tk.published:
			typ := m.Header.MsgType
			if typ == "status" {
				typ = content(t, m)["execution_state"].(string)
			}
			seq = append(seq, typ+":"+names[parentID(m)])
		case <-time.After(10 * time.Second):
			t.Fatalf("iopub so far: %v", seq)
		}
	}
	if got, want := strings.Join(seq, " "), "busy:a execute_input:a error:a idle:a busy:b idle:b busy:info idle:info busy:c idle:c"; got != want {
		t.Errorf("iopub = %s\nwant    %s", got, want)
	}
	if calls := tk.exec.ran(); len(calls) != 1 {
		t.Fatalf("executor ran %q, want only the failing cell", calls)
	}
	// Without stop_on_error the queue runs on; afterwards cells run again.
	req("sleep 100ms\nfail first", false)
	req("print second", true)
	if s := content(t, tk.reply("shell", "execute_reply"))["status"]; s != "error" {
		t.Fatalf("status %v", s)
	}
	if s := content(t, tk.reply("shell", "execute_reply"))["status"]; s != "ok" {
		t.Fatalf("cell after an error without stop_on_error: status %v", s)
	}
	// A cell sent right after the error reply arrived is not aborted.
	req("fail again", true)
	if s := content(t, tk.reply("shell", "execute_reply"))["status"]; s != "error" {
		t.Fatalf("status %v", s)
	}
	req("print next", true)
	if s := content(t, tk.reply("shell", "execute_reply"))["status"]; s != "ok" {
		t.Fatalf("cell sent after the error reply: status %v, want ok", s)
	}
}

func TestSilentAndStoreHistory(t *testing.T) {
	tk := startKernel(t, nil)
	rep, out := tk.execute("print hidden\nvalue 1", map[string]any{"silent": true})
	if rep["status"] != "ok" || describe(out) != "busy idle" {
		t.Fatalf("silent: reply %v, iopub %q", rep, describe(out))
	}
	// As in ipykernel, a cell outside the history leaves the counter alone:
	// its input and result carry the count the next stored cell takes, its
	// reply the current count.
	rep, out = tk.execute("value 2", map[string]any{"store_history": false})
	if rep["execution_count"] != 0.0 || describe(out) != "busy execute_input result:2 idle" {
		t.Fatalf("store_history false: reply %v, iopub %q", rep, describe(out))
	}
	if in, res := content(t, out[1]), content(t, out[2]); in["execution_count"] != 1.0 || res["execution_count"] != 1.0 {
		t.Errorf("store_history false: execute_input %v, execute_result %v, want count 1", in, res)
	}
	rep, _ = tk.execute("value 3", nil)
	if rep["execution_count"] != 1.0 {
		t.Fatalf("count after silent and unstored cells = %v, want 1", rep["execution_count"])
	}
	rep, out = tk.execute("value 4", map[string]any{"store_history": false})
	if rep["execution_count"] != 1.0 || content(t, out[1])["execution_count"] != 2.0 || content(t, out[2])["execution_count"] != 2.0 {
		t.Errorf("store_history false after cell 1: reply %v, iopub %v", rep, out)
	}
	rep, out = tk.execute("fail silently", map[string]any{"silent": true})
	if rep["status"] != "error" || describe(out) != "busy idle" {
		t.Fatalf("silent error: reply %v, iopub %q", rep, describe(out))
	}
}

// TestEmptyCellsTakeNoCount checks that a cell of white space only, as in
// ipykernel, takes no execution count and stays out of the history.
func TestEmptyCellsTakeNoCount(t *testing.T) {
	store, err := history.Open(":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	tk := startKernel(t, store)
	tk.execute("value 1", nil)
	for _, code := range []string{"", "  \n "} {
		rep, out := tk.execute(code, nil)
		if rep["status"] != "ok" || rep["execution_count"] != 1.0 {
			t.Errorf("%q: reply %v, want ok with count 1", code, rep)
		}
		if in := content(t, out[1]); in["execution_count"] != 2.0 {
			t.Errorf("%q: execute_input %v, want count 2", code, in)
		}
	}
	if rep, _ := tk.execute("value 2", nil); rep["execution_count"] != 2.0 {
		t.Errorf("next cell: count %v, want 2", rep["execution_count"])
	}
	tk.send(tk.shell, "history_request", map[string]any{"hist_access_type": "tail", "n": 10, "raw": true})
	s := float64(tk.k.histID)
	if got, want := fmt.Sprint(content(t, tk.reply("shell", "history_reply"))["history"]), fmt.Sprint([]any{[]any{s, 1, "value 1"}, []any{s, 2, "value 2"}}); got != want {
		t.Errorf("history = %s, want %s", got, want)
	}
}

// TestAskExit checks the payload of a cell whose result asks the front end
// to end the session.
func TestAskExit(t *testing.T) {
	tk := startKernel(t, nil)
	rep, _ := tk.execute("exit", nil)
	if got := fmt.Sprint(rep["payload"]); rep["status"] != "ok" || got != "[map[keepkernel:false source:ask_exit]]" {
		t.Errorf("reply = %v, want ok with an ask_exit payload", rep)
	}
}

func TestUserExpressionsAndPage(t *testing.T) {
	tk := startKernel(t, nil)
	rep, _ := tk.execute("page the doc", map[string]any{"user_expressions": map[string]any{"a": "x+1", "b": "bad"}})
	ue := rep["user_expressions"].(map[string]any)
	a, b := ue["a"].(map[string]any), ue["b"].(map[string]any)
	if a["status"] != "ok" || a["data"].(map[string]any)["text/plain"] != "=x+1" {
		t.Errorf("user expression a = %v", a)
	}
	if b["status"] != "error" || b["ename"] != "eval" {
		t.Errorf("user expression b = %v", b)
	}
	payload := rep["payload"].([]any)
	if len(payload) != 1 {
		t.Fatalf("payload = %v", payload)
	}
	p := payload[0].(map[string]any)
	if p["source"] != "page" || p["data"].(map[string]any)["text/plain"] != "the doc" || p["start"] != 0.0 {
		t.Errorf("page payload = %v", p)
	}
}

func TestInterruptOverControl(t *testing.T) {
	tk := startKernel(t, nil)
	req := tk.send(tk.shell, "execute_request", map[string]any{"code": "print started\nloop"})
	var seen []*wire.Message
	for started := false; !started; { // the cell runs once its output arrives
		select {
		case m := <-tk.published:
			if parentID(m) == req.Header.MsgID {
				seen = append(seen, m)
				started = m.Header.MsgType == "stream"
			}
		case <-time.After(10 * time.Second):
			t.Fatal("the cell did not start")
		}
	}
	// Control is served while the cell runs.
	tk.send(tk.control, "kernel_info_request", nil)
	tk.reply("control", "kernel_info_reply")
	tk.send(tk.control, "interrupt_request", nil)
	if s := content(t, tk.reply("control", "interrupt_reply"))["status"]; s != "ok" {
		t.Fatalf("interrupt_reply status %v", s)
	}
	rep := content(t, tk.reply("shell", "execute_reply"))
	if rep["status"] != "error" || rep["ename"] != "interrupt" {
		t.Fatalf("interrupted cell reply = %v", rep)
	}
	if got := describe(append(seen, tk.outputs(req)...)); got != "busy execute_input stdout:started error:interrupt idle" {
		t.Errorf("iopub = %q", got)
	}
	if rep, _ := tk.execute("value after", nil); rep["status"] != "ok" {
		t.Fatalf("kernel did not survive the interrupt: %v", rep)
	}
	tk.k.Interrupt() // nothing running: a no-op
}

func TestInput(t *testing.T) {
	tk := startKernel(t, nil)
	req := tk.send(tk.shell, "execute_request", map[string]any{"code": "print asking\ninput your name: ", "allow_stdin": true})
	ir := tk.reply("stdin", "input_request")
	if parentID(ir) != req.Header.MsgID {
		t.Errorf("input_request parent = %s, want the execute_request", parentID(ir))
	}
	if c := content(t, ir); c["prompt"] != "your name: " || c["password"] != false {
		t.Errorf("input_request = %v", c)
	}
	ans, _ := wire.New("input_reply", "client-session", ir, map[string]any{"value": "Ada"})
	if err := tk.stdin.Send(zmq4.NewMsgFrom(ans.Frames(tk.signer)...)); err != nil {
		t.Fatal(err)
	}
	if rep := content(t, tk.reply("shell", "execute_reply")); rep["status"] != "ok" {
		t.Fatalf("reply = %v", rep)
	}
	if got := describe(tk.outputs(req)); got != "busy execute_input stdout:asking result:got Ada idle" {
		t.Errorf("iopub = %q", got)
	}

	rep, _ := tk.execute("input x", map[string]any{"allow_stdin": false})
	if rep["status"] != "error" || !strings.Contains(fmt.Sprint(rep["evalue"]), "allow_stdin") {
		t.Errorf("input without allow_stdin: reply = %v", rep)
	}

	// An interrupt ends a cell that waits for input.
	tk.send(tk.shell, "execute_request", map[string]any{"code": "input never", "allow_stdin": true})
	tk.reply("stdin", "input_request")
	tk.send(tk.control, "interrupt_request", nil)
	tk.reply("control", "interrupt_reply")
	if rep := content(t, tk.reply("shell", "execute_reply")); rep["status"] != "error" {
		t.Errorf("interrupted input: reply = %v", rep)
	}
}

func TestDisplayUpdateClear(t *testing.T) {
	tk := startKernel(t, nil)
	_, out := tk.execute("print x\ndisplay d1", nil)
	if got, want := describe(out), "busy execute_input stdout:x display_data update_display_data clear_output idle"; got != want {
		t.Fatalf("iopub = %q, want %q", got, want)
	}
	d, u, c := content(t, out[3]), content(t, out[4]), content(t, out[5])
	if d["data"].(map[string]any)["text/html"] != "<b>1</b>" || d["transient"].(map[string]any)["display_id"] != "d1" {
		t.Errorf("display_data = %v", d)
	}
	if u["data"].(map[string]any)["text/html"] != "<b>2</b>" || u["transient"].(map[string]any)["display_id"] != "d1" || u["metadata"].(map[string]any)["k"] != "v" {
		t.Errorf("update_display_data = %v", u)
	}
	if c["wait"] != true {
		t.Errorf("clear_output = %v", c)
	}
	_, out = tk.execute("display", nil)
	if got := describe(out); strings.Contains(got, "update_display_data") {
		t.Errorf("an update without display id must be shown as display_data: %q", got)
	}
}

func TestGoroutineOutputBelongsToTheCell(t *testing.T) {
	tk := startKernel(t, nil)
	_, out := tk.execute("spawn xxxxxxxxxx", nil)
	text := ""
	for _, m := range out {
		if m.Header.MsgType == "stream" {
			text += content(t, m)["text"].(string)
		}
	}
	if text != strings.Repeat("g", 10) {
		t.Fatalf("goroutine output attributed to the cell = %q, want 10 g", text)
	}
}

func TestBadMessagesAreDropped(t *testing.T) {
	tk := startKernel(t, nil)
	wrong, _ := wire.NewSigner("hmac-sha256", "wrong-key")
	m, _ := wire.New("execute_request", "s", nil, map[string]any{"code": "print executed"})
	garbage := [][][]byte{
		m.Frames(wrong), // wrong signature
		{[]byte("no delimiter")},
		{[]byte(wire.Delimiter), []byte("sig")},
		{[]byte(wire.Delimiter), tk.signer.Sign([]byte("{"), []byte("{}"), []byte("{}"), []byte("{}")), []byte("{"), []byte("{}"), []byte("{}"), []byte("{}")},
		{},
	}
	for _, s := range []zmq4.Socket{tk.shell, tk.control, tk.stdin} {
		for _, frames := range garbage {
			if len(frames) == 0 {
				frames = [][]byte{nil}
			}
			if err := s.Send(zmq4.NewMsgFrom(frames...)); err != nil {
				t.Fatal(err)
			}
		}
	}
	tk.noReply("shell", 300*time.Millisecond)
	tk.noReply("control", 0)
	if calls := tk.exec.ran(); len(calls) != 0 {
		t.Fatalf("badly signed code ran: %q", calls)
	}
	if !strings.Contains(tk.logs.String(), "bad message signature") {
		t.Errorf("the bad signature was not logged:\n%s", tk.logs.String())
	}
	// Valid signature, bad content for the type: an error reply.
	tk.send(tk.shell, "execute_request", map[string]any{"code": 42})
	if rep := content(t, tk.reply("shell", "execute_reply")); rep["status"] != "error" || rep["ename"] != "BadRequest" {
		t.Errorf("execute_request with a numeric code: %v", rep)
	}
	if rep, _ := tk.execute("value alive", nil); rep["status"] != "ok" {
		t.Fatalf("kernel did not survive bad input: %v", rep)
	}
}

func TestUnknownMessageTypes(t *testing.T) {
	tk := startKernel(t, nil)
	tk.send(tk.shell, "frobnicate_request", nil)
	if rep := content(t, tk.reply("shell", "frobnicate_reply")); rep["status"] != "error" || rep["ename"] != "UnknownMessageType" {
		t.Errorf("shell: %v", rep)
	}
	tk.send(tk.control, "debug_request", nil)
	if rep := content(t, tk.reply("control", "debug_reply")); rep["status"] != "error" {
		t.Errorf("control: %v", rep)
	}
	tk.send(tk.shell, "not_a_message", nil) // no reply possible: only logged
	tk.send(tk.stdin, "input_request", nil) // wrong direction: only logged
	tk.noReply("shell", 200*time.Millisecond)
	for _, want := range []string{`unknown message type "not_a_message"`, "ignoring input_request"} {
		if !strings.Contains(tk.logs.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, tk.logs.String())
		}
	}
}

func TestCompleteInspectIsComplete(t *testing.T) {
	tk := startKernel(t, nil)
	tk.send(tk.shell, "complete_request", map[string]any{"code": "pr", "cursor_pos": 2})
	rep := content(t, tk.reply("shell", "complete_reply"))
	if !reflect.DeepEqual(rep["matches"], []any{"print", "println"}) || rep["cursor_start"] != 0.0 || rep["cursor_end"] != 2.0 || rep["status"] != "ok" {
		t.Errorf("complete_reply = %v", rep)
	}
	tk.send(tk.shell, "complete_request", map[string]any{"code": "zz"})
	rep = content(t, tk.reply("shell", "complete_reply"))
	if !reflect.DeepEqual(rep["matches"], []any{}) || rep["cursor_start"] != 2.0 || rep["cursor_end"] != 2.0 {
		t.Errorf("complete_reply without matches or cursor = %v", rep)
	}
	// A cursor outside the code is clamped to it, in code points.
	for cursor, want := range map[int]float64{99: 3, -4: 0} {
		tk.send(tk.shell, "complete_request", map[string]any{"code": "pré", "cursor_pos": cursor})
		if rep := content(t, tk.reply("shell", "complete_reply")); rep["cursor_end"] != want {
			t.Errorf("complete_reply at cursor %d = %v, want cursor_end %v", cursor, rep, want)
		}
	}

	tk.send(tk.shell, "inspect_request", map[string]any{"code": "print", "cursor_pos": 3, "detail_level": 1})
	rep = content(t, tk.reply("shell", "inspect_reply"))
	if rep["found"] != true || rep["data"].(map[string]any)["text/plain"] != "print prints; detail 1" {
		t.Errorf("inspect_reply = %v", rep)
	}
	tk.send(tk.shell, "inspect_request", map[string]any{"code": "nothing", "cursor_pos": 3})
	rep = content(t, tk.reply("shell", "inspect_reply"))
	if rep["found"] != false || rep["status"] != "ok" || len(rep["data"].(map[string]any)) != 0 {
		t.Errorf("inspect_reply not found = %v", rep)
	}

	for code, want := range map[string]map[string]any{
		"x := 1":     {"status": "complete"},
		"func f() {": {"status": "incomplete", "indent": "\t"},
		"}":          {"status": "invalid"},
		"weird":      {"status": "unknown"},
	} {
		tk.send(tk.shell, "is_complete_request", map[string]any{"code": code})
		if rep := content(t, tk.reply("shell", "is_complete_reply")); !reflect.DeepEqual(rep, want) {
			t.Errorf("is_complete(%q) = %v, want %v", code, rep, want)
		}
	}
}

func TestCommsAreClosed(t *testing.T) {
	tk := startKernel(t, nil)
	tk.send(tk.shell, "comm_info_request", nil)
	if rep := content(t, tk.reply("shell", "comm_info_reply")); rep["status"] != "ok" || len(rep["comms"].(map[string]any)) != 0 {
		t.Errorf("comm_info_reply = %v", rep)
	}
	req := tk.send(tk.shell, "comm_open", map[string]any{"comm_id": "c1", "target_name": "jupyter.widget", "data": map[string]any{}})
	out := tk.outputs(req)
	if describe(out) != "busy comm_close idle" || content(t, out[1])["comm_id"] != "c1" {
		t.Errorf("comm_open answered with %q", describe(out))
	}
}

func TestHistoryRequests(t *testing.T) {
	store, err := history.Open(":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	earlier, err := store.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := store.AddInput(earlier, 1, "earlier", "earlier"); err != nil {
		t.Fatal(err)
	}
	tk := startKernel(t, store)
	tk.execute("value 1", nil)
	tk.execute("print hi", nil)
	tk.execute("value three", nil)
	tk.execute("value hidden", map[string]any{"store_history": false})
	hist := func(req map[string]any) any {
		tk.send(tk.shell, "history_request", req)
		rep := content(t, tk.reply("shell", "history_reply"))
		if rep["status"] != "ok" {
			t.Fatalf("history %v: %v", req, rep)
		}
		return rep["history"]
	}
	s := float64(tk.k.histID)
	check := func(name string, got, want any) {
		t.Helper()
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	check("tail", hist(map[string]any{"hist_access_type": "tail", "n": 2, "raw": true, "output": false}),
		[]any{[]any{s, 2, "print hi"}, []any{s, 3, "value three"}})
	// As in IPython, range names the current session 0 when asked for
	// session 0; an earlier one, asked as -1, goes by its number. Asked by
	// its number, the current session keeps it (jupyter_kernel_test).
	check("range with output", hist(map[string]any{"hist_access_type": "range", "session": 0, "start": 1, "stop": 3, "raw": true, "output": true}),
		[]any{[]any{0, 1, []any{"value 1", "1"}}, []any{0, 2, []any{"print hi", nil}}})
	check("range by number", hist(map[string]any{"hist_access_type": "range", "session": s, "start": 3, "stop": 4, "raw": true}),
		[]any{[]any{s, 3, "value three"}})
	check("range of the session before", hist(map[string]any{"hist_access_type": "range", "session": -1, "start": 1, "stop": 2, "raw": true}),
		[]any{[]any{s - 1, 1, "earlier"}})
	check("search", hist(map[string]any{"hist_access_type": "search", "pattern": "value*", "n": 1, "unique": true, "raw": true}),
		[]any{[]any{s, 3, "value three"}})
	tk.send(tk.shell, "history_request", map[string]any{"hist_access_type": "sideways"})
	if rep := content(t, tk.reply("shell", "history_reply")); rep["status"] != "error" {
		t.Errorf("bad hist_access_type: %v", rep)
	}
}

func TestHistoryWithoutStore(t *testing.T) {
	tk := startKernel(t, nil)
	tk.execute("value 1", nil)
	tk.send(tk.shell, "history_request", map[string]any{"hist_access_type": "tail", "n": 10})
	if rep := content(t, tk.reply("shell", "history_reply")); rep["status"] != "ok" || len(rep["history"].([]any)) != 0 {
		t.Errorf("history without a store: %v", rep)
	}
}

func TestHeartbeat(t *testing.T) {
	tk := startKernel(t, nil)
	for _, ping := range []string{"ping", "pong-2"} {
		if err := tk.hb.Send(zmq4.NewMsgString(ping)); err != nil {
			t.Fatal(err)
		}
		got, err := tk.hb.Recv()
		if err != nil || string(got.Bytes()) != ping {
			t.Fatalf("heartbeat echoed %q (%v), want %q", got.Bytes(), err, ping)
		}
	}
}

func TestShutdownStopsRun(t *testing.T) {
	for _, sock := range []string{"control", "shell"} {
		tk := startKernel(t, nil)
		s := tk.control
		if sock == "shell" {
			s = tk.shell
		}
		req := tk.send(s, "shutdown_request", map[string]any{"restart": true})
		rep := content(t, tk.reply(sock, "shutdown_reply"))
		if rep["status"] != "ok" || rep["restart"] != true {
			t.Errorf("%s: shutdown_reply = %v", sock, rep)
		}
		select {
		case err := <-tk.done:
			tk.done <- err // for the cleanup
			if err != nil {
				t.Errorf("%s: Run returned %v after shutdown, want nil", sock, err)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: Run did not return after shutdown_request", sock)
		}
		_ = req
	}
}

func TestShutdownInterruptsRunningCell(t *testing.T) {
	tk := startKernel(t, nil)
	tk.send(tk.shell, "execute_request", map[string]any{"code": "loop"})
	time.Sleep(100 * time.Millisecond)
	tk.send(tk.control, "shutdown_request", map[string]any{"restart": false})
	tk.reply("control", "shutdown_reply")
	select {
	case err := <-tk.done:
		tk.done <- err
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return")
	}
}
