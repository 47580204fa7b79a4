package kernel

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
	"time"

	"github.com/petridish-go/petridish/kernel/wire"
)

// After a failed cell with stop_on_error the kernel collects the requests
// queued behind it before it replies to the failed cell, so every request
// it aborts was sent before the front-end could know of the error. It
// keeps collecting until no request has arrived for abortQuiet (requests
// still in flight when the cell failed), and for abortMax at most. Then,
// as ipykernel does, it replies to the failed cell and publishes its idle
// status, and only then answers the collected execute requests "aborted"
// (serving the other collected requests in their place in the queue).
const (
	abortQuiet = 5 * time.Millisecond
	abortMax   = 100 * time.Millisecond
)

type executeRequest struct {
	Code            string            `json:"code"`
	Silent          bool              `json:"silent"`
	StoreHistory    *bool             `json:"store_history"`
	UserExpressions map[string]string `json:"user_expressions"`
	AllowStdin      *bool             `json:"allow_stdin"`
	StopOnError     *bool             `json:"stop_on_error"`
}

// orTrue returns *b, or true when b is nil (the protocol's default).
func orTrue(b *bool) bool { return b == nil || *b }

// execute runs an execute_request's code and publishes and replies as the
// protocol says: execute_input, the cell's own output, then execute_result
// or one error message, then the reply. After a failed cell with
// stop_on_error it returns the requests queued behind it, for handleShell
// to abort once the cell's idle status is out.
//
// Execution counts follow ipykernel: a cell that enters the history takes
// the next count, which its messages and reply carry. One that does not
// (silent, store_history false, or only white space, which is not stored)
// leaves the counter alone: its execute_input and execute_result carry
// the count the next stored cell will take, its reply the current count.
func (k *Kernel) execute(ctx context.Context, m *wire.Message) (queued []*wire.Message) {
	var req executeRequest
	if err := m.Decode(&req); err != nil {
		k.badRequest(k.socks.shell, m, err)
		return nil
	}
	storeHistory := !req.Silent && orTrue(req.StoreHistory) && strings.TrimSpace(req.Code) != ""
	count := k.count + 1
	if storeHistory {
		k.count = count
	}
	if !req.Silent {
		k.publish(m, "execute_input", map[string]any{"code": req.Code, "execution_count": count})
	}
	if storeHistory && k.hist != nil {
		if err := k.hist.AddInput(k.histID, count, req.Code, req.Code); err != nil {
			k.log.Print(err)
		}
	}

	cellCtx, cancel := context.WithCancel(ctx)
	c := newCell(k, m, cellCtx, req.Silent, orTrue(req.AllowStdin))
	k.setRunning(cancel)
	cellCount := 0
	if storeHistory {
		cellCount = count
	}
	res, err := k.run(cellCtx, cellCount, req.Code, c)
	k.setRunning(nil)
	c.end()
	var e *ExecError
	if err != nil {
		e = asExecError(err, cellCtx)
	}
	cancel()

	if e != nil {
		if !req.Silent {
			k.publish(m, "error", map[string]any{"ename": e.Name, "evalue": e.Value, "traceback": e.traceback()})
			if orTrue(req.StopOnError) {
				queued = k.collectQueued(ctx)
			}
		}
		k.reply(k.socks.shell, m, "execute_reply", map[string]any{
			"status": "error", "execution_count": k.count,
			"ename": e.Name, "evalue": e.Value, "traceback": e.traceback(),
			"payload": []any{}, "user_expressions": map[string]any{},
		})
		return queued
	}
	if res.Data != nil && !req.Silent {
		md := res.Metadata
		if md == nil {
			md = map[string]any{}
		}
		k.publish(m, "execute_result", map[string]any{"execution_count": count, "data": res.Data, "metadata": md})
		if text, ok := res.Data["text/plain"].(string); ok && storeHistory && k.hist != nil {
			if err := k.hist.AddOutput(k.histID, count, text); err != nil {
				k.log.Print(err)
			}
		}
	}
	k.reply(k.socks.shell, m, "execute_reply", map[string]any{
		"status": "ok", "execution_count": k.count, "payload": payloads(res),
		"user_expressions": k.userExpressions(ctx, req.UserExpressions),
	})
	return nil
}

// payloads returns the execute_reply payloads of a cell's result: the
// pager's "page", and "ask_exit" (as IPython's exit sends it) for a cell
// that asks the front end to end the session.
func payloads(res Result) []any {
	payload := []any{}
	if res.Page != nil {
		payload = append(payload, map[string]any{"source": "page", "data": res.Page, "start": 0})
	}
	if res.AskExit {
		payload = append(payload, map[string]any{"source": "ask_exit", "keepkernel": false})
	}
	return payload
}

// run calls the executor, turning a panic into an error.
func (k *Kernel) run(ctx context.Context, count int, code string, out Frontend) (res Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			k.log.Printf("executor panicked: %v\n%s", r, debug.Stack())
			err = &ExecError{Name: "panic", Value: fmt.Sprint(r)}
		}
	}()
	return k.exec.Execute(ctx, count, code, out)
}

// asExecError returns err as an *ExecError, describing an interruption
// when the executor returned a plain error after ctx was cancelled.
func asExecError(err error, ctx context.Context) *ExecError {
	var e *ExecError
	if errors.As(err, &e) {
		return e
	}
	if ctx.Err() != nil {
		return &ExecError{Name: "interrupt", Value: "the cell was interrupted (" + err.Error() + ")"}
	}
	return &ExecError{Name: "error", Value: err.Error()}
}

// userExpressions evaluates an execute_request's user_expressions.
func (k *Kernel) userExpressions(ctx context.Context, exprs map[string]string) map[string]any {
	out := make(map[string]any, len(exprs))
	for name, expr := range exprs {
		data, err := k.evaluate(ctx, expr)
		if err != nil {
			e := asExecError(err, ctx)
			out[name] = map[string]any{"status": "error", "ename": e.Name, "evalue": e.Value, "traceback": e.traceback()}
			continue
		}
		if data == nil {
			data = map[string]any{}
		}
		out[name] = map[string]any{"status": "ok", "data": data, "metadata": map[string]any{}}
	}
	return out
}

func (k *Kernel) evaluate(ctx context.Context, expr string) (data map[string]any, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &ExecError{Name: "panic", Value: fmt.Sprint(r)}
		}
	}()
	return k.exec.Evaluate(ctx, expr)
}

// collectQueued returns the shell requests that arrive until none has
// for abortQuiet, or abortMax has passed: those queued behind a failed
// cell or in flight when it failed.
func (k *Kernel) collectQueued(ctx context.Context) []*wire.Message {
	var queued []*wire.Message
	quiet := time.NewTimer(abortQuiet)
	defer quiet.Stop()
	limit := time.After(abortMax)
	for {
		select {
		case <-quiet.C:
			return queued
		case <-limit:
			return queued
		case <-ctx.Done():
			return queued
		case m := <-k.shellQ:
			queued = append(queued, m)
			quiet.Reset(abortQuiet)
		}
	}
}

// abortQueued answers the execute requests collected behind a failed cell
// with status "aborted", as the protocol's stop_on_error asks, and serves
// the other requests among them normally, all in their order of arrival.
func (k *Kernel) abortQueued(ctx context.Context, queued []*wire.Message) {
	for _, m := range queued {
		if m.Header.MsgType != "execute_request" {
			k.handleShell(ctx, m)
			continue
		}
		k.status(m, "busy")
		k.log.Printf("shell: aborting execute_request %s after an error", m.Header.MsgID)
		k.reply(k.socks.shell, m, "execute_reply", map[string]any{"status": "aborted"})
		k.status(m, "idle")
	}
}
