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
	return s.runScript(ctx, "/bin/sh", cmd, "!"+cmd, false, out)
}

// runScript runs script with shell -c, streaming its output to the cell.
// A non-zero exit status is reported on stderr and, with fail, fails the
// cell (as IPython's %%bash does); what names the command in errors.
func (s *Session) runScript(ctx context.Context, shell, script, what string, fail bool, out Output) error {
	c := exec.CommandContext(ctx, shell, "-c", script)
	c.Env = os.Environ()
	c.Stdout = s.streamWriter("stdout")
	c.Stderr = s.streamWriter("stderr")
	err := c.Run()
	if ctx.Err() != nil {
		return s.convertError(ctx, ctx.Err())
	}
	if ee, ok := err.(*exec.ExitError); ok {
		if fail {
			return magicError("%s: the script failed (%s)", what, ee.ProcessState)
		}
		out.Stream("stderr", fmt.Sprintf("[%s]\n", ee.ProcessState))
		return nil
	}
	if err != nil {
		return magicError("%s: %v", what, err)
	}
	return nil
}
