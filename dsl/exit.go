package dsl

import (
	"fmt"
	"io"
	"log"
	"reflect"

	"github.com/petridish-go/petridish/internal/yaegi/interp"
)

// exitPanic is what os.Exit and log.Fatal raise in a cell: the cell ends
// with an "exit" error instead of ending the process.
type exitPanic struct {
	msg  string
	code int // the status os.Exit was given; 1 for log.Fatal
}

func (e exitPanic) Error() string { return e.msg }

// exitOverrides replaces os.Exit and log.Fatal* for interpreted code.
// log.Fatal still prints its message on stderr, like the real one.
func exitOverrides(stderr io.Writer) interp.Exports {
	l := log.New(stderr, "", log.LstdFlags)
	fatal := func(msg string) {
		l.Output(3, msg)
		panic(exitPanic{"log.Fatal: " + trimNL(msg), 1})
	}
	return interp.Exports{
		"os/os": {"Exit": reflect.ValueOf(func(code int) {
			panic(exitPanic{fmt.Sprintf("os.Exit(%d) called", code), code})
		})},
		"log/log": {
			"Fatal":   reflect.ValueOf(func(v ...any) { fatal(fmt.Sprint(v...)) }),
			"Fatalf":  reflect.ValueOf(func(f string, v ...any) { fatal(fmt.Sprintf(f, v...)) }),
			"Fatalln": reflect.ValueOf(func(v ...any) { fatal(fmt.Sprintln(v...)) }),
		},
	}
}

func trimNL(s string) string {
	for len(s) > 0 && s[len(s)-1] == '\n' {
		s = s[:len(s)-1]
	}
	return s
}
