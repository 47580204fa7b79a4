package kernel

import "github.com/petridish-go/petridish/kernel/wire"

// handleControl serves one control request. It runs on the control
// socket's reader goroutine, so it is served while a cell runs.
func (k *Kernel) handleControl(m *wire.Message) {
	ch := k.socks.control
	defer k.guard(ch, m)
	k.status(m, "busy")
	defer k.status(m, "idle")
	switch m.Header.MsgType {
	case "shutdown_request":
		k.shutdown(ch, m)
	case "interrupt_request":
		k.interrupt(ch, m)
	case "kernel_info_request":
		k.reply(ch, m, "kernel_info_reply", k.kernelInfo())
	case "debug_request":
		k.debug(ch, m)
	default:
		k.unknown(ch, m)
	}
}

// debug hands a debug_request to the executor and replies with its
// answer; the executor's debug events go out on IOPub as debug_event.
func (k *Kernel) debug(ch *channel, m *wire.Message) {
	h, ok := k.exec.(DebugHandler)
	if !ok {
		k.unknown(ch, m)
		return
	}
	var req map[string]any
	if err := m.Decode(&req); err != nil {
		k.badRequest(ch, m, err)
		return
	}
	reply := h.HandleDebug(req, func(event map[string]any) { k.publish(m, "debug_event", event) })
	k.reply(ch, m, "debug_reply", reply)
}

// interrupt cancels the running cell and replies.
func (k *Kernel) interrupt(ch *channel, m *wire.Message) {
	k.Interrupt()
	k.reply(ch, m, "interrupt_reply", map[string]any{"status": "ok"})
}

// shutdown replies, broadcasts the reply on iopub for other front-ends,
// and stops the kernel. With restart the front-end's manager starts a new
// kernel process; this one only has to exit.
func (k *Kernel) shutdown(ch *channel, m *wire.Message) {
	var req struct {
		Restart bool `json:"restart"`
	}
	if err := m.Decode(&req); err != nil {
		k.badRequest(ch, m, err)
		return
	}
	content := map[string]any{"status": "ok", "restart": req.Restart}
	k.reply(ch, m, "shutdown_reply", content)
	k.publish(m, "shutdown_reply", content)
	k.stop()
	k.Interrupt()
}
