package kernel

import (
	"context"
	"unicode/utf8"

	"github.com/petridish-go/petridish/kernel/wire"
)

// handleShell serves one shell request between busy and idle statuses;
// after a failed cell with stop_on_error, it then aborts the execute
// requests that were queued behind the cell.
func (k *Kernel) handleShell(ctx context.Context, m *wire.Message) {
	k.abortQueued(ctx, k.serveShell(ctx, m))
}

// serveShell serves one shell request between busy and idle statuses. It
// returns the requests an execute_request collected to abort.
func (k *Kernel) serveShell(ctx context.Context, m *wire.Message) (queued []*wire.Message) {
	ch := k.socks.shell
	defer k.guard(ch, m)
	k.status(m, "busy")
	defer k.status(m, "idle")
	switch m.Header.MsgType {
	case "execute_request":
		queued = k.execute(ctx, m)
	case "kernel_info_request":
		k.reply(ch, m, "kernel_info_reply", k.kernelInfo())
	case "complete_request":
		k.complete(m)
	case "inspect_request":
		k.inspect(m)
	case "is_complete_request":
		k.isComplete(m)
	case "history_request":
		k.history(m)
	case "comm_info_request":
		k.commInfo(m)
	case "comm_open", "comm_msg", "comm_close":
		k.comm(ctx, m)
	case "shutdown_request":
		k.shutdown(ch, m)
	case "interrupt_request":
		k.interrupt(ch, m)
	default:
		k.unknown(ch, m)
	}
	return queued
}

// cursorOrEnd returns *cursor clamped to [0, len(code)], counting code
// points as the protocol does, or the end of code when the request has no
// cursor_pos.
func cursorOrEnd(cursor *int, code string) int {
	n := utf8.RuneCountInString(code)
	if cursor == nil {
		return n
	}
	return min(max(*cursor, 0), n)
}

func (k *Kernel) complete(m *wire.Message) {
	var req struct {
		Code      string `json:"code"`
		CursorPos *int   `json:"cursor_pos"`
	}
	if err := m.Decode(&req); err != nil {
		k.badRequest(k.socks.shell, m, err)
		return
	}
	cursor := cursorOrEnd(req.CursorPos, req.Code)
	matches, start, end := k.exec.Complete(req.Code, cursor)
	if matches == nil {
		matches = []string{}
		start, end = cursor, cursor
	}
	k.reply(k.socks.shell, m, "complete_reply", map[string]any{
		"status": "ok", "matches": matches, "cursor_start": start, "cursor_end": end, "metadata": map[string]any{},
	})
}

func (k *Kernel) inspect(m *wire.Message) {
	var req struct {
		Code        string `json:"code"`
		CursorPos   *int   `json:"cursor_pos"`
		DetailLevel int    `json:"detail_level"`
	}
	if err := m.Decode(&req); err != nil {
		k.badRequest(k.socks.shell, m, err)
		return
	}
	data, found := k.exec.Inspect(req.Code, cursorOrEnd(req.CursorPos, req.Code), req.DetailLevel)
	if data == nil || !found {
		data, found = map[string]any{}, false
	}
	k.reply(k.socks.shell, m, "inspect_reply", map[string]any{
		"status": "ok", "found": found, "data": data, "metadata": map[string]any{},
	})
}

func (k *Kernel) isComplete(m *wire.Message) {
	var req struct {
		Code string `json:"code"`
	}
	if err := m.Decode(&req); err != nil {
		k.badRequest(k.socks.shell, m, err)
		return
	}
	status, indent := k.exec.IsComplete(req.Code)
	content := map[string]any{"status": status}
	switch status {
	case "incomplete":
		content["indent"] = indent
	case "complete", "invalid", "unknown":
	default:
		k.log.Printf("executor answered is_complete with %q; replying \"unknown\"", status)
		content["status"] = "unknown"
	}
	k.reply(k.socks.shell, m, "is_complete_reply", content)
}

// commInfo lists the executor's open comms, of the requested target only
// when the request names one.
func (k *Kernel) commInfo(m *wire.Message) {
	var req struct {
		TargetName string `json:"target_name"`
	}
	if err := m.Decode(&req); err != nil {
		k.badRequest(k.socks.shell, m, err)
		return
	}
	comms := map[string]any{}
	if h, ok := k.exec.(CommHandler); ok {
		for id, target := range h.Comms(req.TargetName) {
			comms[id] = map[string]any{"target_name": target}
		}
	}
	k.reply(k.socks.shell, m, "comm_info_reply", map[string]any{"status": "ok", "comms": comms})
}

// comm hands a comm message from the front end to the executor. A
// comm_open that the executor does not take is answered with comm_close,
// as the protocol asks.
func (k *Kernel) comm(ctx context.Context, m *wire.Message) {
	var content map[string]any
	if err := m.Decode(&content); err != nil {
		k.log.Printf("shell: %s: %v", m.Header.MsgType, err)
		return
	}
	id, _ := content["comm_id"].(string)
	handled := false
	if h, ok := k.exec.(CommHandler); ok && id != "" {
		commCtx, cancel := context.WithCancel(ctx)
		c := newCell(k, m, commCtx, false, false)
		k.setRunning(cancel)
		handled = h.HandleComm(commCtx, m.Header.MsgType, content, c)
		k.setRunning(nil)
		c.end()
		cancel()
	}
	if m.Header.MsgType == "comm_open" && !handled {
		k.log.Printf("shell: no comm target %q; closing comm %s", content["target_name"], id)
		k.publish(m, "comm_close", map[string]any{"comm_id": id, "data": map[string]any{}})
	}
}
