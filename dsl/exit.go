package dsl

import (
	"fmt"
	"io"
	"log"
	"reflect"
	"strings"

	"github.com/petridish-go/petridish/dsl/stdsymbols"
	"github.com/petridish-go/petridish/internal/yaegi/interp"
)

// exitPanic is what os.Exit and log.Fatal raise in a cell: the cell ends
// with an "exit" error instead of ending the process.
type exitPanic struct {
	msg  string
	code int // the status os.Exit was given; 1 for log.Fatal
}

func (e exitPanic) Error() string { return e.msg }

// exitOverrides replaces os.Exit and the functions of package log for
// interpreted code. log.Fatal prints its message, like the real one, and
// ends the cell, not the process. The package's logger is the Session's
// (initially writing to the cells' stderr), so that SetOutput, SetFlags
// and SetPrefix in a cell apply to Fatal too; and the printing functions
// get values of cell types with the methods fmt calls (map types) and
// print them as fmt's overrides do (plainArgs): log.Println(temp(3)) of a
// temp with a String method printed 3.
func exitOverrides(stderr io.Writer) interp.Exports {
	l := log.New(stderr, "", log.LstdFlags)
	fatal := func(msg string) {
		l.Output(3, msg)
		panic(exitPanic{"log.Fatal: " + trimNL(msg), 1})
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
		"Default":   reflect.ValueOf(func() *log.Logger { return l }),
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
	// A *log.Logger of the cell's own (log.New): its printing methods get
	// cell values with the methods fmt calls too (l.Println(temp(3))
	// printed 3). The interpreter finds the map types of a compiled
	// method under the method's function; cells' log.Logger is yaegi's
	// restricted logger type, whose Fatal panics.
	if lt, ok := stdsymbols.Std()["log/log"]["Logger"]; ok {
		t := lt.Type()
		for name := range printing {
			if m, ok := t.MethodByName(name); ok {
				mapTypes[m.Func] = printingTypes
			}
		}
	}
	return interp.Exports{
		"os/os": {"Exit": reflect.ValueOf(func(code int) {
			panic(exitPanic{fmt.Sprintf("os.Exit(%d) called", code), code})
		})},
		"log/log": logSyms,
		".":       {"MapTypes": reflect.ValueOf(mapTypes)},
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
