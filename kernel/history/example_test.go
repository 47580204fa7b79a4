package history_test

import (
	"fmt"

	"github.com/petridish-go/petridish/kernel/history"
)

func Example() {
	store, err := history.Open(":memory:") // a kernel opens history.DefaultPath()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer store.Close()

	session, _ := store.NewSession()
	store.AddInput(session, 1, "x := 20", "x := 20")
	store.AddInput(session, 2, "x + 22", "x + 22")
	store.AddOutput(session, 2, "42")

	tail, _ := store.Tail(10, history.Options{Raw: true, Output: true})
	for _, e := range tail {
		out := "-"
		if e.Output != nil {
			out = *e.Output
		}
		fmt.Printf("%d/%d %-8s -> %s\n", e.Session, e.Line, e.Input, out)
	}
	found, _ := store.Search("x +*", 0, false, history.Options{Raw: true})
	fmt.Println(len(found), found[0].Input)
	// Output:
	// 1/1 x := 20  -> -
	// 1/2 x + 22   -> 42
	// 1 x + 22
}
