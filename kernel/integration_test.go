package kernel_test

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestJupyterClient drives one petridish kernel with jupyter_client through
// the features front-ends use. Subtests share the kernel and run in order.
func TestJupyterClient(t *testing.T) {
	need(t, "jupyter_client", "zmq")
	je := newJupyterEnv(t)
	b, started := startBridge(t, je)
	t.Logf("kernel ready %.0f ms after launch (jupyter_client's wait_for_ready)", started["startup_s"].(float64)*1000)

	t.Run("kernel_info", func(t *testing.T) {
		b := b.on(t)
		r := b.request("kernel_info", nil)
		li := r["language_info"].(map[string]any)
		if r["status"] != "ok" || r["protocol_version"] != "5.3" || r["implementation"] != "petridish" {
			t.Errorf("kernel_info_reply = %v", r)
		}
		for k, v := range map[string]string{"name": "go", "mimetype": "text/x-go", "file_extension": ".go", "pygments_lexer": "go", "codemirror_mode": "go"} {
			if li[k] != v {
				t.Errorf("language_info.%s = %v, want %s", k, li[k], v)
			}
		}
		if li["version"] == "" || r["banner"] == "" || len(r["help_links"].([]any)) == 0 {
			t.Errorf("kernel_info_reply lacks version, banner or help links: %v", r)
		}
		if links := fmt.Sprint(r["help_links"]); !strings.Contains(links, "https://github.com/petridish-go/petridish#readme") {
			t.Errorf("help_links %s lack petridish's README", links)
		}
	})

	t.Run("stdout", func(t *testing.T) {
		b := b.on(t)
		c := b.execute(`fmt.Println("hello, world")`, nil).ok(t)
		if got := c.stream("stdout"); got != "hello, world\n" {
			t.Errorf("stdout = %q", got)
		}
		if got := c.types(); got != "busy execute_input stream idle" {
			t.Errorf("iopub = %s", got)
		}
	})

	t.Run("stderr", func(t *testing.T) {
		b := b.on(t)
		c := b.execute(`fmt.Fprintln(os.Stderr, "to stderr")`, nil).ok(t)
		if got := c.stream("stderr"); got != "to stderr\n" {
			t.Errorf("stderr = %q (%s)", got, c.types())
		}
	})

	t.Run("execute_result", func(t *testing.T) {
		b := b.on(t)
		c := b.execute(`1+2+3`, nil).ok(t)
		if got := c.result(t); got != "6" {
			t.Errorf("1+2+3 = %q", got)
		}
		if c.Reply["execution_count"] != c.of("execute_result")[0].Content["execution_count"] {
			t.Errorf("execution counts differ: reply %v", c.Reply)
		}
	})

	t.Run("display_html", func(t *testing.T) {
		b := b.on(t)
		c := b.execute(`display.HTML("<b>bold</b>")`, nil).ok(t)
		ds := c.of("display_data")
		if len(ds) != 1 || ds[0].Content["data"].(map[string]any)["text/html"] != "<b>bold</b>" {
			t.Fatalf("display_data = %v (%s)", ds, c.types())
		}
	})

	t.Run("print_then_display", func(t *testing.T) {
		b := b.on(t)
		for i := 0; i < 3; i++ {
			c := b.execute(`fmt.Println("before"); display.HTML("<i>between</i>"); fmt.Println("after")`, nil).ok(t)
			if got := c.types(); got != "busy execute_input stream display_data stream idle" {
				t.Fatalf("print, display, print published %s: the display overtook the print", got)
			}
		}
	})

	t.Run("display_png", func(t *testing.T) {
		b := b.on(t)
		code := "img := image.NewRGBA(image.Rect(0, 0, 4, 3))\ndisplay.Image(img)"
		c := b.execute(code, nil).ok(t)
		ds := c.of("display_data")
		if len(ds) != 1 {
			t.Fatalf("%d display_data (%s)", len(ds), c.types())
		}
		raw, err := base64.StdEncoding.DecodeString(fmt.Sprint(ds[0].Content["data"].(map[string]any)["image/png"]))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(raw))
		if err != nil || img.Bounds().Dx() != 4 || img.Bounds().Dy() != 3 {
			t.Fatalf("image/png: %v, %v", err, img)
		}
	})

	t.Run("error", func(t *testing.T) {
		b := b.on(t)
		c := b.execute("x := 1\nundefinedThing(x)", nil)
		if c.Reply["status"] != "error" {
			t.Fatalf("reply = %v", c.Reply)
		}
		errs := c.of("error")
		if len(errs) != 1 {
			t.Fatalf("%d error messages, want exactly 1 (%s)", len(errs), c.types())
		}
		tb, ok := errs[0].Content["traceback"].([]any)
		if !ok || len(tb) == 0 {
			t.Fatalf("traceback = %#v", errs[0].Content["traceback"])
		}
		for _, line := range tb {
			if _, ok := line.(string); !ok {
				t.Fatalf("traceback holds a %T", line)
			}
		}
		if !strings.Contains(fmt.Sprint(errs[0].Content["evalue"]), "undefinedThing") {
			t.Errorf("evalue = %v", errs[0].Content["evalue"])
		}
		// Positions name the cell as the notebook numbers it.
		if want := fmt.Sprintf("In[%v]:2:", c.Reply["execution_count"]); !strings.Contains(fmt.Sprint(tb), want) {
			t.Errorf("traceback %v does not point at %s", tb, want)
		}
		if got := c.types(); got != "busy execute_input error idle" {
			t.Errorf("a failing cell published %s; want nothing besides the one error", got)
		}
	})

	t.Run("panic_exit_fatal", func(t *testing.T) {
		b := b.on(t)
		for _, code := range []string{`panic("boom")`, `os.Exit(3)`, `log.Fatal("bye")`} {
			c := b.execute(code, nil)
			if c.Reply["status"] != "error" || len(c.of("error")) != 1 {
				t.Errorf("%s: reply %v, iopub %s", code, c.Reply, c.types())
			}
		}
		if got := b.execute("40+2", nil).ok(t).result(t); got != "42" {
			t.Errorf("after panic/exit: %q", got)
		}
	})

	t.Run("test_magic", func(t *testing.T) {
		b := b.on(t)
		b.execute("import \"testing\"\nfunc TestPasses(t *testing.T) { t.Log(\"ran\") }\nfunc TestPanics(t *testing.T) {\n\tt.Run(\"sub\", func(t *testing.T) { var m map[int]int; m[1] = 2 })\n}", nil).ok(t)
		c := b.execute("%test -v", nil)
		if c.Reply["status"] != "error" || c.Reply["ename"] != "test failure" {
			t.Fatalf("reply = %v", c.Reply)
		}
		out := c.stream("stdout")
		for _, want := range []string{"--- PASS: TestPasses", "    ran\n", "--- FAIL: TestPanics/sub", "panic: assignment to entry in nil map", "\nFAIL\n"} {
			if !strings.Contains(out, want) {
				t.Errorf("%%test -v streamed no %q:\n%s", want, out)
			}
		}
		if got := b.execute("%test -run Passes", nil).ok(t).stream("stdout"); got != "PASS\n" {
			t.Errorf("%%test -run Passes streamed %q", got)
		}
	})

	t.Run("goroutine_output", func(t *testing.T) {
		b := b.on(t)
		code := "done := make(chan bool)\ngo func() {\n\ttime.Sleep(100 * time.Millisecond)\n\tfmt.Println(\"from a goroutine\")\n\tdone <- true\n}()\n<-done\n"
		c := b.execute(code, nil).ok(t)
		if got := c.stream("stdout"); got != "from a goroutine\n" {
			t.Errorf("goroutine output in its cell = %q", got)
		}
	})

	t.Run("complete", func(t *testing.T) {
		b := b.on(t)
		r := b.request("complete", map[string]any{"code": "fmt.Pri", "cursor_pos": 7})
		if !contains(r["matches"], "Println") || r["cursor_start"] != 4.0 || r["cursor_end"] != 7.0 {
			t.Errorf("complete_reply = %v", r)
		}
	})

	t.Run("inspect", func(t *testing.T) {
		b := b.on(t)
		r := b.request("inspect", map[string]any{"code": "fmt.Println", "cursor_pos": 6})
		text := fmt.Sprint(r["data"].(map[string]any)["text/plain"])
		if r["found"] != true || !strings.Contains(text, "func Println") {
			t.Errorf("inspect_reply = %v", r)
		}
	})

	t.Run("is_complete", func(t *testing.T) {
		b := b.on(t)
		for code, want := range map[string]string{"x := 1": "complete", "func f() {": "incomplete", "x := )": "invalid"} {
			r := b.request("is_complete", map[string]any{"code": code})
			if r["status"] != want {
				t.Errorf("is_complete(%q) = %v, want %s", code, r, want)
			}
			if want == "incomplete" && r["indent"] == nil {
				t.Errorf("is_complete(%q) has no indent: %v", code, r)
			}
		}
	})

	t.Run("pager", func(t *testing.T) {
		b := b.on(t)
		c := b.execute("fmt.Println?", nil).ok(t)
		payload, _ := c.Reply["payload"].([]any)
		if len(payload) != 1 {
			t.Fatalf("payload = %v", c.Reply["payload"])
		}
		p := payload[0].(map[string]any)
		text := fmt.Sprint(p["data"].(map[string]any)["text/plain"])
		if p["source"] != "page" || !strings.Contains(text, "func Println") || !strings.Contains(text, "standard output") {
			t.Errorf("page payload = %v", p)
		}
	})

	t.Run("history", func(t *testing.T) {
		b := b.on(t)
		b.execute(`hist := "marker-7"`, nil).ok(t)
		b.execute(`hist + "!"`, nil).ok(t)
		tail := b.request("history", map[string]any{"hist_access_type": "tail", "n": 2, "raw": true, "output": true})
		h := tail["history"].([]any)
		if len(h) != 2 {
			t.Fatalf("tail = %v", tail)
		}
		last := h[1].([]any)
		pair := last[2].([]any)
		if pair[0] != `hist + "!"` || pair[1] != "marker-7!" {
			t.Errorf("tail entry = %v", last)
		}
		line := last[1].(float64)
		rng := b.request("history", map[string]any{"hist_access_type": "range", "session": 0, "start": line - 1, "stop": line, "raw": true, "output": false})
		if h := rng["history"].([]any); len(h) != 1 || h[0].([]any)[2] != `hist := "marker-7"` {
			t.Errorf("range = %v", rng)
		}
		srch := b.request("history", map[string]any{"hist_access_type": "search", "pattern": "hist*", "n": 10, "unique": true, "raw": true, "output": false})
		if h := srch["history"].([]any); len(h) != 2 {
			t.Errorf("search = %v", srch)
		}
	})

	t.Run("interrupt", func(t *testing.T) {
		b := b.on(t)
		b.execute("kept := 41", nil).ok(t)
		start := time.Now()
		c := b.execute("for {\n}", map[string]any{"interrupt_after": 1.0})
		if c.Reply["status"] != "error" || len(c.of("error")) != 1 {
			t.Fatalf("interrupted cell: reply %v, iopub %s", c.Reply, c.types())
		}
		t.Logf("interrupt_request stopped `for {}` %v after it started", time.Since(start)-time.Second)
		if got := b.execute("kept + 1", nil).ok(t).result(t); got != "42" {
			t.Errorf("state after interrupt: %q", got)
		}
	})

	t.Run("user_expressions", func(t *testing.T) {
		b := b.on(t)
		c := b.execute("kept++", map[string]any{"user_expressions": map[string]any{"double": "kept * 2", "bad": "nosuchname"}}).ok(t)
		ue := c.Reply["user_expressions"].(map[string]any)
		d, bad := ue["double"].(map[string]any), ue["bad"].(map[string]any)
		if d["status"] != "ok" || d["data"].(map[string]any)["text/plain"] != "84" {
			t.Errorf("user expression kept*2 after kept++ = %v", d)
		}
		if bad["status"] != "error" || bad["ename"] == "" {
			t.Errorf("user expression with an undefined name = %v", bad)
		}
		b.execute("kept--", nil).ok(t)
	})

	t.Run("sigint", func(t *testing.T) {
		b := b.on(t)
		c := b.execute("for {\n}", map[string]any{"sigint_after": 1.0})
		if c.Reply["status"] != "error" {
			t.Fatalf("SIGINT: reply %v", c.Reply)
		}
		if got := b.execute("kept", nil).ok(t).result(t); got != "41" {
			t.Errorf("state after SIGINT: %q", got)
		}
	})

	t.Run("input", func(t *testing.T) {
		b := b.on(t)
		c := b.execute("var name string\nfmt.Print(\"name: \")\nfmt.Scanln(&name)\nfmt.Println(\"hello\", name)", map[string]any{"allow_stdin": true, "inputs": []string{"Ada"}}).ok(t)
		if len(c.InputRequests) != 1 || c.InputRequests[0].Type != "input_request" {
			t.Fatalf("input requests = %v", c.InputRequests)
		}
		if got := c.stream("stdout"); !strings.HasSuffix(got, "hello Ada\n") {
			t.Errorf("stdout = %q", got)
		}
		c = b.execute("r := bufio.NewReader(os.Stdin)\nline, _ := r.ReadString('\\n')\nfmt.Sprintf(\"%q\", line)", map[string]any{"allow_stdin": true, "inputs": []string{"two words"}}).ok(t)
		if got := c.result(t); got != `"two words\n"` {
			t.Errorf("bufio line = %s", got)
		}
		c = b.execute("var s string\n_, err := fmt.Scanln(&s)\nerr", map[string]any{"allow_stdin": false}).ok(t)
		if got := c.result(t); !strings.Contains(got, "allow_stdin") || len(c.InputRequests) != 0 {
			t.Errorf("stdin without allow_stdin: %q, %v", got, c.InputRequests)
		}
	})

	t.Run("bad_signature", func(t *testing.T) {
		b := b.on(t)
		res := b.do(map[string]any{"op": "bad_signature", "code": `fmt.Println("EXECUTED")`}, 30*time.Second)
		if res["replies"] != 0.0 || len(res["outputs"].([]any)) != 0 {
			t.Errorf("a badly signed request was answered: %v", res)
		}
		if got := b.execute("1+1", nil).ok(t).result(t); got != "2" {
			t.Errorf("after a bad message: %q", got)
		}
		if !strings.Contains(b.stderr.String(), "bad message signature") {
			t.Errorf("the bad signature was not logged")
		}
	})

	t.Run("widgets", func(t *testing.T) {
		b := b.on(t)
		c := b.execute(`
slope := widget.NewFloatSlider("slope", 1, 0.25, 4, 0.25)
out := display.New("slope 1")
slope.OnChange(func(v float64) {
	fmt.Println("callback", v)
	out.Update(fmt.Sprint("slope ", v))
})
slope`, nil).ok(t)
		opens := c.of("comm_open")
		if len(opens) != 3 {
			t.Fatalf("the cell opened %d comms (%s), want 3: layout, style, slider", len(opens), c.types())
		}
		for _, o := range opens {
			if o.Content["target_name"] != "jupyter.widget" || o.Metadata["version"] != "2.1.0" {
				t.Errorf("comm_open %v, metadata %v", o.Content, o.Metadata)
			}
		}
		res := c.of("execute_result")
		if len(res) != 1 {
			t.Fatalf("no execute_result: %s", c.types())
		}
		view, _ := res[0].Content["data"].(map[string]any)["application/vnd.jupyter.widget-view+json"].(map[string]any)
		id, _ := view["model_id"].(string)
		if id != opens[2].Content["comm_id"] {
			t.Fatalf("the result shows model %v, the slider's comm is %v", view, opens[2].Content["comm_id"])
		}
		displayID := c.of("display_data")[0].Content["transient"].(map[string]any)["display_id"]

		r := b.request("comm_info", map[string]any{"target_name": "jupyter.widget"})
		if comms := r["comms"].(map[string]any); r["status"] != "ok" || len(comms) != 3 || comms[id].(map[string]any)["target_name"] != "jupyter.widget" {
			t.Errorf("comm_info_reply = %v", r)
		}

		// The browser moves the slider.
		m := b.comm("comm_msg", map[string]any{"comm_id": id, "data": map[string]any{
			"method": "update", "state": map[string]any{"value": 2.5}, "buffer_paths": []any{}}})
		if got := m.types(); got != "busy comm_msg stream update_display_data idle" {
			t.Errorf("the update caused %s", got)
		}
		if echo := m.of("comm_msg"); len(echo) == 1 && echo[0].Content["data"].(map[string]any)["method"] != "echo_update" {
			t.Errorf("the update was answered with %v, want echo_update", echo[0].Content)
		}
		if got := m.stream("stdout"); got != "callback 2.5\n" {
			t.Errorf("callback output %q", got)
		}
		if u := m.of("update_display_data"); len(u) == 1 {
			if u[0].Content["transient"].(map[string]any)["display_id"] != displayID || u[0].Content["data"].(map[string]any)["text/plain"] != "slope 2.5" {
				t.Errorf("update_display_data %v", u[0].Content)
			}
		}
		if got := b.execute("slope.Value()", nil).ok(t).result(t); got != "2.5" {
			t.Errorf("the next cell sees %s", got)
		}

		// A button's callback prints into an Output widget: the widget is
		// told to capture the outputs of the click's comm_msg around them.
		c = b.execute(`
log := widget.NewOutput()
press := widget.NewButton("press")
press.OnClick(func() { log.Capture(func() { fmt.Println("pressed") }) })
press`, nil).ok(t)
		button := c.of("execute_result")[0].Content["data"].(map[string]any)["application/vnd.jupyter.widget-view+json"].(map[string]any)["model_id"]
		m = b.comm("comm_msg", map[string]any{"comm_id": button, "data": map[string]any{
			"method": "custom", "content": map[string]any{"event": "click"}}})
		if got := m.types(); got != "busy comm_msg stream comm_msg idle" {
			t.Fatalf("the click caused %s", got)
		}
		set := m.of("comm_msg")
		on := set[0].Content["data"].(map[string]any)["state"].(map[string]any)["msg_id"]
		off := set[1].Content["data"].(map[string]any)["state"].(map[string]any)["msg_id"]
		if on != m.Outputs[0].ParentID || off != "" || m.stream("stdout") != "pressed\n" {
			t.Errorf("capture set msg_id %v then %v around %q; want the click's id %s, then empty", on, off, m.stream("stdout"), m.Outputs[0].ParentID)
		}

		// An Image's bytes travel as a binary buffer of the comm messages.
		c = b.execute(`pic := widget.NewImage([]byte("\x89PNG-1"))
pic.SetValue([]byte("\x89PNG-2"))`, nil).ok(t)
		var bufs []string
		for _, m := range append(c.of("comm_open"), c.of("comm_msg")...) {
			bufs = append(bufs, m.Buffers...)
		}
		if len(bufs) != 2 || bufs[0] != hex.EncodeToString([]byte("\x89PNG-1")) || bufs[1] != hex.EncodeToString([]byte("\x89PNG-2")) {
			t.Errorf("the image's messages carried buffers %q", bufs)
		}

		// The stop button stops a long callback: ctx in a callback is the
		// comm message's, and an interrupt cancels it.
		c = b.execute(`
train := widget.NewButton("train")
train.OnClick(func() {
	fmt.Println("training")
	<-ctx.Done()
	fmt.Println("stopped:", ctx.Err())
})
train`, nil).ok(t)
		trainID := c.of("execute_result")[0].Content["data"].(map[string]any)["application/vnd.jupyter.widget-view+json"].(map[string]any)["model_id"]
		m = b.commWith("comm_msg", map[string]any{"comm_id": trainID, "data": map[string]any{
			"method": "custom", "content": map[string]any{"event": "click"}}}, map[string]any{"interrupt_after": 0.5})
		if got := m.stream("stdout"); got != "training\nstopped: context canceled\n" {
			t.Errorf("an interrupted callback printed %q (%s)", got, m.types())
		}
		if got := b.execute(`1+1`, nil).ok(t).result(t); got != "2" {
			t.Errorf("after the interrupted callback: %q", got)
		}

		// Comms of other targets are closed at once.
		m = b.comm("comm_open", map[string]any{"comm_id": "other-1", "target_name": "no.such.target", "data": map[string]any{}})
		if got := m.types(); got != "busy comm_close idle" {
			t.Errorf("comm_open of an unknown target caused %s", got)
		}
	})

	t.Run("module_packages", func(t *testing.T) {
		// A notebook in a Go module's folder imports, completes, inspects
		// and, after an edit, reloads the module's own package.
		b := b.on(t)
		root := t.TempDir()
		src := "// Package sched has schedules.\npackage sched\n\n// Halve halves lr.\nfunc Halve(lr float64) float64 { return lr / 2 }\n"
		for name, body := range map[string]string{"go.mod": "module example.com/lab\n\ngo 1.26\n", "sched/s.go": src} {
			p := filepath.Join(root, name)
			os.MkdirAll(filepath.Dir(p), 0o755)
			if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		wd := b.execute(`%pwd`, nil).ok(t).stream("stdout")
		b.execute("%cd "+root, nil).ok(t)
		defer b.execute("%cd "+strings.TrimSpace(wd), nil)
		if got := b.execute("import \"example.com/lab/sched\"\nsched.Halve(3)", nil).ok(t).result(t); got != "1.5" {
			t.Errorf("sched.Halve(3) = %q", got)
		}
		if r := b.request("complete", map[string]any{"code": "sched.H", "cursor_pos": 7}); !contains(r["matches"], "Halve") {
			t.Errorf("complete_reply = %v", r)
		}
		r := b.request("inspect", map[string]any{"code": "sched.Halve", "cursor_pos": 8})
		if text := fmt.Sprint(r["data"].(map[string]any)["text/plain"]); r["found"] != true || !strings.Contains(text, "Halve halves lr.") {
			t.Errorf("inspect_reply = %v", r)
		}
		time.Sleep(10 * time.Millisecond)
		os.WriteFile(filepath.Join(root, "sched/s.go"), []byte(strings.Replace(src, "lr / 2", "lr / 4", 1)), 0o644)
		c := b.execute("sched.Halve(3)", nil).ok(t)
		if got := c.result(t); got != "0.75" || !strings.Contains(c.stream("stderr"), "package example.com/lab/sched changed on disk") {
			t.Errorf("after an edit, sched.Halve(3) = %q, stderr %q", got, c.stream("stderr"))
		}
	})

	t.Run("restart", func(t *testing.T) {
		b := b.on(t)
		b.execute("beforeRestart := 1", nil).ok(t)
		b.do(map[string]any{"op": "restart"}, 90*time.Second)
		if c := b.execute("beforeRestart", nil); c.Reply["status"] != "error" {
			t.Errorf("state survived a restart: %v", c.Reply)
		}
		if got := b.execute("2*21", nil).ok(t).result(t); got != "42" {
			t.Errorf("after restart: %q", got)
		}
		// History survives restarts: the previous session is session -1.
		r := b.request("history", map[string]any{"hist_access_type": "search", "pattern": "beforeRestart := 1", "n": 5, "raw": true, "output": false})
		if h := r["history"].([]any); len(h) != 1 {
			t.Errorf("history across restart = %v", r)
		}
		r = b.request("history", map[string]any{"hist_access_type": "range", "session": -1, "start": 1, "stop": 2, "raw": true, "output": false})
		if h := r["history"].([]any); len(h) != 1 || h[0].([]any)[2] != `fmt.Println("hello, world")` {
			t.Errorf("range of the previous session = %v", r)
		}
	})

	// A fatal error that no recover stops (goroutines writing one map at
	// once) ends the kernel's process; Jupyter starts a new one, whose
	// first cell says why the old one died.
	t.Run("crash", func(t *testing.T) {
		b := b.on(t)
		res := b.do(map[string]any{"op": "crash", "code": "m := map[int]int{}\nfor g := 0; g < 8; g++ {\n\tgo func() {\n\t\tfor i := 0; ; i++ {\n\t\t\tm[i%1000] = i\n\t\t}\n\t}()\n}\nselect {}"}, 120*time.Second)
		if res["pid"] == res["old_pid"] {
			t.Fatalf("the kernel was not restarted: %v", res)
		}
		c := b.execute("1+1", nil).ok(t)
		stderr := c.stream("stderr")
		for _, want := range []string{"previous process died", "fatal error: concurrent map writes", "sync.Mutex"} {
			if !strings.Contains(stderr, want) {
				t.Errorf("the first cell after the crash lacks %q on stderr: %q", want, stderr)
			}
		}
		if got := c.result(t); got != "2" {
			t.Errorf("1+1 after the crash = %q", got)
		}
		if again := b.execute("3", nil).ok(t).stream("stderr"); again != "" {
			t.Errorf("the second cell repeats the notice: %q", again)
		}
	})

	t.Run("shutdown", func(t *testing.T) {
		b := b.on(t)
		res := b.do(map[string]any{"op": "shutdown"}, 60*time.Second)
		if res["returncode"] != 0.0 {
			t.Errorf("kernel exit after shutdown_request: %v", res)
		}
	})
}

func contains(list any, s string) bool {
	l, _ := list.([]any)
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}
