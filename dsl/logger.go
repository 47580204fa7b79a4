package dsl

import (
	"fmt"
	"io"
	"log"
	"reflect"
)

// cellLogger is the *log.Logger of cells: log.New and log.Default return
// one, and cells' type log.Logger is it. yaegi's restricted logger, which
// was that type, lacked SetPrefix (Go by Example's "logging" failed to
// compile: "undefined field or method: SetPrefix"), and its Fatal
// panicked instead of exiting. A cellLogger has the methods of
// *log.Logger; its printing methods print cell values with their String
// and Error methods (plainArgs, as log.Println does), its Fatal ends the
// cell with status 1 as log.Fatal does. It is no *log.Logger, so compiled
// code that takes one (http.Server.ErrorLog) cannot have it.
type cellLogger struct {
	l    *log.Logger
	inGo func(exitPanic)
}

func (c *cellLogger) Print(v ...any) { c.l.Output(2, fmt.Sprint(plainArgs(v)...)) }
func (c *cellLogger) Printf(format string, v ...any) {
	c.l.Output(2, fmt.Sprintf(format, plainArgs(v)...))
}
func (c *cellLogger) Println(v ...any) { c.l.Output(2, fmt.Sprintln(plainArgs(v)...)) }

func (c *cellLogger) Fatal(v ...any) { c.fatal(fmt.Sprint(plainArgs(v)...)) }
func (c *cellLogger) Fatalf(format string, v ...any) {
	c.fatal(fmt.Sprintf(format, plainArgs(v)...))
}
func (c *cellLogger) Fatalln(v ...any) { c.fatal(fmt.Sprintln(plainArgs(v)...)) }

func (c *cellLogger) Panic(v ...any) { c.panic(fmt.Sprint(plainArgs(v)...)) }
func (c *cellLogger) Panicf(format string, v ...any) {
	c.panic(fmt.Sprintf(format, plainArgs(v)...))
}
func (c *cellLogger) Panicln(v ...any) { c.panic(fmt.Sprintln(plainArgs(v)...)) }

func (c *cellLogger) Flags() int                   { return c.l.Flags() }
func (c *cellLogger) Output(d int, s string) error { return c.l.Output(d+1, s) }
func (c *cellLogger) Prefix() string               { return c.l.Prefix() }
func (c *cellLogger) SetFlags(flag int)            { c.l.SetFlags(flag) }
func (c *cellLogger) SetOutput(w io.Writer)        { c.l.SetOutput(w) }
func (c *cellLogger) SetPrefix(prefix string)      { c.l.SetPrefix(prefix) }
func (c *cellLogger) Writer() io.Writer            { return c.l.Writer() }

func (c *cellLogger) fatal(msg string) {
	c.l.Output(3, msg)
	panic(exitPanic{"log.Fatal: " + trimNL(msg), 1, c.inGo})
}

func (c *cellLogger) panic(msg string) {
	c.l.Output(3, msg)
	panic(msg)
}

// loggerExports gives cells' package log the cellLogger: the type Logger,
// New, and Default (std, the Session's logger). Its printing methods
// are listed in mapTypes, so that the interpreter hands them cell values
// with the methods fmt calls.
func loggerExports(std *log.Logger, inGo func(exitPanic), mapTypes map[reflect.Value][]reflect.Type) map[string]reflect.Value {
	def := &cellLogger{std, inGo}
	t := reflect.TypeFor[*cellLogger]()
	for _, name := range []string{"Print", "Printf", "Println", "Fatal", "Fatalf", "Fatalln", "Panic", "Panicf", "Panicln"} {
		if m, ok := t.MethodByName(name); ok {
			mapTypes[m.Func] = printingTypes
		}
	}
	return map[string]reflect.Value{
		"Logger": reflect.ValueOf((*cellLogger)(nil)),
		"New": reflect.ValueOf(func(out io.Writer, prefix string, flag int) *cellLogger {
			return &cellLogger{log.New(out, prefix, flag), inGo}
		}),
		"Default": reflect.ValueOf(func() *cellLogger { return def }),
	}
}
