package kernel

import (
	"fmt"

	"github.com/petridish-go/petridish/kernel/history"
	"github.com/petridish-go/petridish/kernel/wire"
)

type historyRequest struct {
	Output         bool   `json:"output"`
	Raw            bool   `json:"raw"`
	HistAccessType string `json:"hist_access_type"`
	Session        int64  `json:"session"`
	Start          int    `json:"start"`
	Stop           int    `json:"stop"`
	N              int    `json:"n"`
	Pattern        string `json:"pattern"`
	Unique         bool   `json:"unique"`
}

// history answers a history_request from the history store: entries are
// [session, line, input], or [session, line, [input, output]] when the
// request asks for output (output is null for lines without one).
func (k *Kernel) history(m *wire.Message) {
	var req historyRequest
	if err := m.Decode(&req); err != nil {
		k.badRequest(k.socks.shell, m, err)
		return
	}
	entries, err := k.queryHistory(req)
	if err != nil {
		k.log.Print(err)
		k.reply(k.socks.shell, m, "history_reply", errorContent("HistoryError", err.Error()))
		return
	}
	out := make([]any, 0, len(entries))
	for _, e := range entries {
		if req.Output {
			var o any
			if e.Output != nil {
				o = *e.Output
			}
			out = append(out, []any{e.Session, e.Line, []any{e.Input, o}})
		} else {
			out = append(out, []any{e.Session, e.Line, e.Input})
		}
	}
	k.reply(k.socks.shell, m, "history_reply", map[string]any{"status": "ok", "history": out})
}

func (k *Kernel) queryHistory(req historyRequest) ([]history.Entry, error) {
	opts := history.Options{Raw: req.Raw, Output: req.Output}
	switch req.HistAccessType {
	case "tail", "range", "search":
	default:
		return nil, fmt.Errorf("hist_access_type %q is not one of tail, range, search", req.HistAccessType)
	}
	if k.hist == nil {
		return nil, nil
	}
	switch req.HistAccessType {
	case "tail":
		return k.hist.Tail(req.N, opts)
	case "range":
		return k.hist.Range(k.histID, req.Session, req.Start, req.Stop, opts)
	default:
		pattern := req.Pattern
		if pattern == "" {
			pattern = "*"
		}
		return k.hist.Search(pattern, req.N, req.Unique, opts)
	}
}
