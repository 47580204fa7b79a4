package kernel_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/petridish-go/petridish/kernel"
)

// upper is a toy Executor: a cell's value is its code in upper case.
type upper struct{}

func (upper) Execute(ctx context.Context, _ int, code string, out kernel.Frontend) (kernel.Result, error) {
	out.Stream("stdout", "running\n")
	return kernel.Result{Data: map[string]any{"text/plain": strings.ToUpper(code)}}, nil
}
func (upper) Evaluate(ctx context.Context, expr string) (map[string]any, error) {
	return map[string]any{"text/plain": strings.ToUpper(expr)}, nil
}
func (upper) Complete(code string, cursor int) ([]string, int, int)          { return nil, cursor, cursor }
func (upper) Inspect(code string, cursor, detail int) (map[string]any, bool) { return nil, false }
func (upper) IsComplete(code string) (string, string)                        { return "complete", "" }

func Example() {
	// Jupyter passes a connection file; kernel.ReadConnectionFile reads it.
	// Port 0 lets the system choose, which is handy in tests.
	k, err := kernel.New(kernel.Config{
		Connection: kernel.ConnectionInfo{Transport: "tcp", IP: "127.0.0.1", Key: "secret", SignatureScheme: "hmac-sha256"},
		Executor:   upper{},
		Info: kernel.Info{
			Implementation: "upper",
			Language:       kernel.LanguageInfo{Name: "text", MIMEType: "text/plain", FileExtension: ".txt"},
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	c := k.Connection()
	fmt.Println("shell port chosen:", c.ShellPort > 0)

	ctx, cancel := context.WithCancel(context.Background())
	cancel() // a real kernel runs until a shutdown_request arrives
	fmt.Println(k.Run(ctx))
	// Output:
	// shell port chosen: true
	// context canceled
}
