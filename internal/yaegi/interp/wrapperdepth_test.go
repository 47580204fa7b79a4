package interp_test

import (
	"strings"
	"testing"
)

// TestRecursionThroughCompiledCode checks that a method calling itself
// through compiled code without end panics with a run-time error that
// the program recovers: a String method formatting its own receiver with
// %v (fmt turns the panic into its PANIC= marker) and a MarshalJSON
// marshalling its receiver. Both met Go's 1 GB stack limit, a fatal error
// that ended the process (the kernel, with every cell's state).
func TestRecursionThroughCompiledCode(t *testing.T) {
	out := runProgram(t, `
import (
	"encoding/json"
	"strings"
)

type P struct{ X int }

func (p P) String() string { return fmt.Sprintf("P%v", p) }

type U struct{ Name string }

func (u U) MarshalJSON() ([]byte, error) { return json.Marshal(u) }

func marshal() (err error) {
	defer func() { err = fmt.Errorf("%v", recover()) }()
	json.Marshal(U{"x"})
	return nil
}

func main() {
	s := fmt.Sprint(P{1})
	fmt.Println(len(s) > 20000, strings.Contains(s, "PANIC=String method: runtime error: stack overflow: P.String called itself through compiled code"))
	fmt.Println(marshal())
}`)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 || lines[0] != "true true" || !strings.Contains(lines[1], "stack overflow: U.MarshalJSON called itself through compiled code more than 20000 deep") {
		t.Errorf("got\n%s", out)
	}
}

// TestManyGoroutinesInOneMethod checks that more than 20,000 goroutines
// inside one method that compiled code called, at once, are no
// recursion: each goroutine's stack is shallow.
func TestManyGoroutinesInOneMethod(t *testing.T) {
	if testing.Short() {
		t.Skip("starts 20,100 goroutines")
	}
	out := runProgram(t, `
import "sync"

type Gate struct {
	in      *sync.WaitGroup
	release chan struct{}
}

func (g Gate) String() string {
	g.in.Done()
	<-g.release
	return "g"
}

func main() {
	const n = 20100
	var in, out sync.WaitGroup
	g := Gate{&in, make(chan struct{})}
	in.Add(n)
	out.Add(n)
	var mu sync.Mutex
	count := 0
	for i := 0; i < n; i++ {
		go func() {
			defer out.Done()
			if fmt.Sprint(g) == "g" {
				mu.Lock()
				count++
				mu.Unlock()
			}
		}()
	}
	in.Wait()
	close(g.release)
	out.Wait()
	fmt.Println(count)
}`)
	if out != "20100\n" {
		t.Errorf("got %q", out)
	}
}
