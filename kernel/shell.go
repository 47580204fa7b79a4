package kernel

import (
	"context"
	"unicode/utf8"

	"github.com/petridish-go/petridish/kernel/wire"
)

// handleShell serves one shell request between busy and idle statuses.
func (k *Kernel) handleShell(ctx context.Context, m *wire.Message) {
	ch := k.socks.shell
	defer k.guard(ch, m)
	k.status(m, "busy")
	defer k.status(m, "idle")
	switch m.Header.MsgType {
	case "execute_request":
		k.execute(ctx, m)
	case "kernel_info_request":
		k.reply(ch, m, "kernel_info_reply", k.info.reply())
	case "complete_request":
		k.complete(m)
	case "inspect_request":
		k.inspect(m)
	case "is_complete_request":
		k.isComplete(m)
	case "history_request":
		k.history(m)
	case "comm_info_request":
		k.reply(ch, m, "comm_info_reply", map[string]any{"status": "ok", "comms": map[string]any{}})
	case "comm_open":
		k.commOpen(m)
	case "comm_msg", "comm_close":
		k.log.Printf("shell: ignoring %s: this kernel opens no comms", m.Header.MsgType)
	case "shutdown_request":
		k.shutdown(ch, m)
	case "interrupt_request":
		k.interrupt(ch, m)
	default:
		k.unknown(ch, m)
	}
}

// cursorOrEnd returns *cursor, or the length of code in code points when
// the request has no cursor_pos.
func cursorOrEnd(cursor *int, code string) int {
	if cursor != nil {
		return *cursor
	}
	return utf8.RuneCountInString(code)
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

// commOpen answers a comm_open with comm_close: this kernel registers no
// comm targets, and the protocol asks for an immediate close then.
func (k *Kernel) commOpen(m *wire.Message) {
	var req struct {
		CommID     string `json:"comm_id"`
		TargetName string `json:"target_name"`
	}
	if err := m.Decode(&req); err != nil {
		k.log.Printf("shell: comm_open: %v", err)
		return
	}
	k.log.Printf("shell: no comm target %q; closing comm %s", req.TargetName, req.CommID)
	k.publish(m, "comm_close", map[string]any{"comm_id": req.CommID, "data": map[string]any{}})
}
