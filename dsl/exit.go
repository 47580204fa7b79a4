package dsl

import (
	"fmt"
	"io"
	"log"
	"reflect"
	"strings"

	"github.com/petridish-go/petridish/internal/yaegi/interp"
)

// exitPanic is what os.Exit and log.Fatal raise in a cell: the cell ends
// with an "exit" error instead of ending the process.
type exitPanic struct {
	msg  string
	code int             // the status os.Exit was given; 1 for log.Fatal
	inGo func(exitPanic) // reports it when it ends a goroutine
}

func (e exitPanic) Error() string { return e.msg }

// ExitGoroutine makes exitPanic an interp.Exiter: the deferred calls of
// the interpreted functions it ends do not run, as os.Exit runs none (so no
// recover stops it); one that ends a goroutine is reported.
func (e exitPanic) ExitGoroutine() {
	if e.inGo != nil {
		e.inGo(e)
	}
}

// exitOverrides replaces os.Exit and the functions of package log for
// interpreted code. log.Fatal prints its message, like the real one, and
// ends the cell, not the process. The package's logger is the Session's
// (initially writing to the cells' stderr), so that SetOutput, SetFlags
// and SetPrefix in a cell apply to Fatal too; and the printing functions
// get values of cell types with the methods fmt calls (map types) and
// print them as fmt's overrides do (plainArgs): log.Println(temp(3)) of a
// temp with a String method printed 3.
func exitOverrides(stderr io.Writer, inGo func(exitPanic)) interp.Exports {
	l := log.New(stderr, "", log.LstdFlags)
	fatal := func(msg string) {
		l.Output(3, msg)
		panic(exitPanic{"log.Fatal: " + trimNL(msg), 1, inGo})
	}
	panicking := func(msg string) {
		l.Output(3, msg)
		panic(msg)
	}
	printing := map[string]reflect.Value{
		"Print":   reflect.ValueOf(func(v ...any) { l.Output(2, fmt.Sprint(plainArgs(v)...)) }),
		"Printf":  reflect.ValueOf(func(f string, v ...any) { l.Output(2, fmt.Sprintf(f, plainArgs(v)...)) }),
		"Println": reflect.ValueOf(func(v ...any) { l.Output(2, fmt.Sprintln(plainArgs(v)...)) }),
		"Fatal":   reflect.ValueOf(func(v ...any) { fatal(fmt.Sprint(plainArgs(v)...)) }),
		"Fatalf":  reflect.ValueOf(func(f string, v ...any) { fatal(fmt.Sprintf(f, plainArgs(v)...)) }),
		"Fatalln": reflect.ValueOf(func(v ...any) { fatal(fmt.Sprintln(plainArgs(v)...)) }),
		"Panic":   reflect.ValueOf(func(v ...any) { panicking(fmt.Sprint(plainArgs(v)...)) }),
		"Panicf":  reflect.ValueOf(func(f string, v ...any) { panicking(fmt.Sprintf(f, plainArgs(v)...)) }),
		"Panicln": reflect.ValueOf(func(v ...any) { panicking(fmt.Sprintln(plainArgs(v)...)) }),
	}
	mapTypes := map[reflect.Value][]reflect.Type{}
	logSyms := map[string]reflect.Value{
		"Flags":     reflect.ValueOf(l.Flags),
		"Output":    reflect.ValueOf(l.Output),
		"Prefix":    reflect.ValueOf(l.Prefix),
		"SetFlags":  reflect.ValueOf(l.SetFlags),
		"SetOutput": reflect.ValueOf(l.SetOutput),
		"SetPrefix": reflect.ValueOf(l.SetPrefix),
		"Writer":    reflect.ValueOf(l.Writer),
	}
	for name, f := range printing {
		logSyms[name] = f
		mapTypes[f] = printingTypes
	}
	// A *log.Logger of the cell's own (log.New) and log.Default: the
	// Session's logger type (logger.go).
	for name, v := range loggerExports(l, inGo, mapTypes) {
		logSyms[name] = v
	}
	return interp.Exports{
		"os/os": {"Exit": reflect.ValueOf(func(code int) {
			panic(exitPanic{fmt.Sprintf("os.Exit(%d) called", code), code, inGo})
		})},
		"log/log": logSyms,
		// runtime.Breakpoint traps (SIGTRAP), which ends the process when
		// no debugger is attached to it: the kernel with every session.
		"runtime/runtime": {"Breakpoint": reflect.ValueOf(func() {
			panic(fmt.Errorf("runtime.Breakpoint would stop the whole process (SIGTRAP), not only this cell: in Jupyter, set a breakpoint in the debugger panel instead (dsl/README.md, Debugger)"))
		})},
		".": {"MapTypes": reflect.ValueOf(mapTypes)},
	}
}

func trimNL(s string) string {
	for len(s) > 0 && s[len(s)-1] == '\n' {
		s = s[:len(s)-1]
	}
	return s
}

// asksExit reports whether a cell is IPython's `exit` or `quit` (alone,
// maybe called with no arguments), asking the front end to end the
// session, rather than Go: it is when no cell declared that name.
func (s *Session) asksExit(code string) bool {
	name := strings.TrimSuffix(strings.TrimSpace(code), "()")
	if name != "exit" && name != "quit" {
		return false
	}
	_, declared := s.state.decls[name]
	return !declared
}

// goExit reports os.Exit or log.Fatal called in a goroutine of a cell: it
// ends that goroutine, not the cell nor the session.
func (s *Session) goExit(e exitPanic) {
	s.route.takeFrames()
	s.route.get().Stream("stderr", fmt.Sprintf("%s in a goroutine: the goroutine stopped, the session goes on (a compiled program would have exited with status %d)\n", e.msg, e.code))
}
