package dsl

import (
	"context"
	"fmt"
	"os"
	"os/exec"
)

// shell runs cmd with sh -c in the working directory, streaming its
// standard output and error to the cell as they arrive. A non-zero exit
// status is reported on stderr; it does not fail the cell, as in IPython.
func (s *Session) shell(ctx context.Context, cmd string, out Output) error {
	c := exec.CommandContext(ctx, "/bin/sh", "-c", cmd)
	c.Env = os.Environ()
	c.Stdout = s.streamWriter("stdout")
	c.Stderr = s.streamWriter("stderr")
	err := c.Run()
	if ctx.Err() != nil {
		return s.convertError(ctx, ctx.Err())
	}
	if ee, ok := err.(*exec.ExitError); ok {
		out.Stream("stderr", fmt.Sprintf("[%s]\n", ee.ProcessState))
		return nil
	}
	if err != nil {
		return magicError("!%s: %v", cmd, err)
	}
	return nil
}
