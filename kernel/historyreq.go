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
// request asks for output (output is null for lines without one). As in
// IPython, a range request for session 0 (the current one) answers with
// session 0, and one for a negative session (-1 the one before) with that
// session's number. A range request that names the current session by its
// number gets that number back (IPython answers 0 there, which fails
// jupyter_kernel_test's test_history); tail and search answers give every
// session's number.
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
		session := e.Session
		if req.HistAccessType == "range" && req.Session == 0 {
			session = 0
		}
		if req.Output {
			var o any
			if e.Output != nil {
				o = *e.Output
			}
			out = append(out, []any{session, e.Line, []any{e.Input, o}})
		} else {
			out = append(out, []any{session, e.Line, e.Input})
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
