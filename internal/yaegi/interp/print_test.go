package interp_test

import (
	"bytes"
	"testing"

	"github.com/petridish-go/petridish/internal/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
)

// TestBuiltinPrint checks that print and println write to standard error
// what compiled Go's write (the program's output under go1.26): yaegi
// wrote fmt's %v to standard output, print with spaces, <nil> for nil
// maps and interfaces and 1s for time.Second.
func TestBuiltinPrint(t *testing.T) {
	var stdout, stderr bytes.Buffer
	i := interp.New(interp.Options{Stdout: &stdout, Stderr: &stderr})
	if err := i.Use(stdlib.Symbols); err != nil {
		t.Fatal(err)
	}
	_, err := i.Eval(`package main

import (
	"fmt"
	"time"
)

type Shape interface{ Area() float64 }

func main() {
	fmt.Println("to stdout")
	print("x=", 3, " ok=", true, "\n")
	println(1.5, 8.0, 1e21, float32(0.1), complex(9, -10), -7, uint8(255))
	println(time.Second, 'a')
	var m map[string]int
	var s []int
	var p *int
	var e error
	var a any
	var sh Shape
	var f func()
	var c chan int
	println(m, s, p, e, a, sh, f, c)
	defer println("deferred", 2.5)
	xs := make([]int, 2, 5)
	print(len(xs), cap(xs), "\n")
}`)
	if err != nil {
		t.Fatal(err)
	}
	const want = `x=3 ok=true
1.5 8 1e+21 0.1 (9-10i) -7 255
1000000000 97
0x0 [0/0]0x0 0x0 (0x0,0x0) (0x0,0x0) (0x0,0x0) 0x0 0x0
25
deferred 2.5
`
	if stderr.String() != want || stdout.String() != "to stdout\n" {
		t.Errorf("standard error:\n%s\nwant:\n%s\nstandard output: %q", stderr.String(), want, stdout.String())
	}
}
