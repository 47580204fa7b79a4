package interpvalue

import (
	"fmt"
	"testing"
)

// stringerWrapper has the shape of yaegi's fmt.Stringer wrapper.
type stringerWrapper struct {
	IValue  any
	WString func() string
}

func TestFormattableFormatsLikeAStringer(t *testing.T) {
	w := func(v any, s func() string) any { return stringerWrapper{v, s} }
	green := w(1, func() string { return "green" })
	loss := w(0.125, func() string { return "loss!" })
	boom := w(2, func() string { panic("boom") })
	var nilPtr *int
	nilRecv := w(nilPtr, func() string { panic("nil dereference") })
	for _, c := range []struct {
		format string
		args   []any
		want   string
	}{
		{"%v %s %q %x %X|%7v|%-7s|", []any{green, green, green, green, green, green, green}, `green green "green" 677265656e 677265656E|  green|green  |`},
		{"%d %03d %5.2f %g %e", []any{green, green, loss, loss, loss}, "1 001  0.12 0.125 1.250000e-01"},
		{"%v", []any{[]any{green, loss}}, "[green loss!]"},
		{"%v", []any{map[string]any{"a": green}}, "map[a:green]"},
		{"%+v", []any{struct{ C any }{green}}, "{C:green}"},
		{"%v %d", []any{boom, boom}, "%!v(PANIC=String method: boom) 2"},
		{"%v", []any{nilRecv}, "<nil>"},
	} {
		args := make([]any, len(c.args))
		for i, a := range c.args {
			args[i], _ = Formattable(a)
		}
		if got := fmt.Sprintf(c.format, args...); got != c.want {
			t.Errorf("%s: got %q, want %q", c.format, got, c.want)
		}
	}
	if _, changed := Formattable(struct{ A, B int }{1, 2}); changed {
		t.Error("a struct without wrappers was changed")
	}
}
