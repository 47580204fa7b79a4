package kernel

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/petridish-go/petridish/kernel/wire"
)

// handleStdin passes input_reply messages to the waiting input request.
func (k *Kernel) handleStdin(m *wire.Message) {
	if m.Header.MsgType != "input_reply" {
		k.log.Printf("stdin: ignoring %s: only input_reply belongs on stdin", m.Header.MsgType)
		return
	}
	select {
	case k.inputs <- m:
	default:
		k.log.Printf("stdin: dropping an input_reply nobody asked for")
	}
}

// requestInput sends an input_request for parent (an execute_request) to
// the front-end that sent parent and waits for its input_reply or for ctx
// to be cancelled.
func (k *Kernel) requestInput(ctx context.Context, parent *wire.Message, prompt string, password bool) (string, error) {
	k.inputMu.Lock()
	defer k.inputMu.Unlock()
	for drained := false; !drained; { // forget replies to earlier, abandoned requests
		select {
		case <-k.inputs:
		default:
			drained = true
		}
	}
	req, err := wire.New("input_request", k.session, parent, map[string]any{"prompt": prompt, "password": password})
	if err != nil {
		return "", err
	}
	req.Identities = parent.Identities
	k.send(k.socks.stdin, req)
	for {
		select {
		case <-ctx.Done():
			return "", errors.New("input request interrupted")
		case m := <-k.inputs:
			var ph struct {
				MsgID string `json:"msg_id"`
			}
			_ = json.Unmarshal(m.ParentHeader, &ph)
			if ph.MsgID != "" && ph.MsgID != req.Header.MsgID {
				k.log.Printf("stdin: ignoring an input_reply to %s while waiting for %s", ph.MsgID, req.Header.MsgID)
				continue
			}
			var rep struct {
				Value string `json:"value"`
			}
			if err := m.Decode(&rep); err != nil {
				return "", err
			}
			return rep.Value, nil
		}
	}
}
