package dsl

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"
)

// magicTime runs the rest of the line as Go code once and reports its
// wall-clock time and the process CPU time it used.
func (s *Session) magicTime(ctx context.Context, name, arg string, p part, out Output, res *Result) error {
	if arg == "" {
		return magicError("usage: %%time STMT, for example %%time x := slowThing()")
	}
	code := strings.Repeat(" ", strings.Index(p.text, arg)) + arg
	var r *Result
	if err := s.timed(out, func() (err error) {
		r, err = s.runGo(ctx, name, code, p.line, true)
		return err
	}); err != nil {
		return err
	}
	res.Data, res.Metadata = r.Data, r.Metadata
	return nil
}

// timed runs f and reports its CPU and wall-clock time on stdout, as
// IPython's %time does, whether or not f fails.
func (s *Session) timed(out Output, f func() error) error {
	cpu0 := cpuTime()
	t0 := time.Now()
	err := f()
	wall := time.Since(t0)
	cpu := cpuTime() - cpu0
	if cpu >= 0 {
		out.Stream("stdout", fmt.Sprintf("CPU time: %s\nWall time: %s\n", fmtDur(cpu), fmtDur(wall)))
	} else {
		out.Stream("stdout", fmt.Sprintf("Wall time: %s\n", fmtDur(wall)))
	}
	return err
}

// Limits of %timeit: each run of the loop aims at timeitTarget, and all
// runs together at most about timeitBudget.
const (
	timeitTarget = 200 * time.Millisecond
	timeitBudget = 3 * time.Second
	timeitRuns   = 7
)

// magicTimeit times Go code the way IPython's %timeit does: it finds a
// loop count n that takes about timeitTarget, then times up to 7 runs of
// n loops and reports the mean and standard deviation per loop. The code
// is compiled once, into a function, so compilation is not timed.
func (s *Session) magicTimeit(ctx context.Context, name, arg string, p part, out Output, _ *Result) error {
	if arg == "" {
		return magicError("usage: %%timeit STMT, for example %%timeit math.Sqrt(2)")
	}
	col := strings.Index(p.text, arg) + 1
	if err := s.ensureImports(ctx, name, strings.Repeat(" ", col-1)+arg, p.line); err != nil {
		return err
	}
	src := "func __pdTimeit(__pdN int) int64 {\n\t__pdT0 := __pdtime.Now()\n\tfor __pdI := 0; __pdI < __pdN; __pdI++ {\n" +
		"%s\n\t}\n\treturn int64(__pdtime.Since(__pdT0))\n}"
	stmt := s.directive(name, p.line, col) + arg
	expr := "_ = " + s.directive(name, p.line, col) + arg
	// A statement without side effects like `x + 1` is not valid Go on
	// its own; time it as an expression.
	if _, err := s.eval(ctx, strings.Replace(src, "%s", stmt, 1)); err != nil {
		if _, err2 := s.eval(ctx, strings.Replace(src, "%s", expr, 1)); err2 != nil {
			return err
		}
	}
	run := func(n int) (time.Duration, error) {
		v, err := s.eval(ctx, fmt.Sprintf("__pdTimeit(%d)", n))
		if err != nil {
			return 0, err
		}
		return time.Duration(v.Int()), nil
	}
	n := 1
	var d time.Duration
	for {
		var err error
		if d, err = run(n); err != nil {
			return err
		}
		if d >= timeitTarget/10 || n >= 1e9 {
			break
		}
		n *= 10
	}
	// Scale n so that one run takes about timeitTarget.
	if d > 0 && d < timeitTarget {
		n = max(1, int(float64(n)*float64(timeitTarget)/float64(d)))
		n = roundLoops(n)
		var err error
		if d, err = run(n); err != nil {
			return err
		}
	}
	runs := timeitRuns
	if d > 0 {
		runs = max(1, min(timeitRuns, int(timeitBudget/d)))
	}
	per := []float64{float64(d) / float64(n)}
	for len(per) < runs {
		d, err := run(n)
		if err != nil {
			return err
		}
		per = append(per, float64(d)/float64(n))
	}
	mean, std := meanStd(per)
	plural := func(k int, w string) string {
		if k == 1 {
			return fmt.Sprintf("%d %s", k, w)
		}
		return fmt.Sprintf("%d %ss", k, w)
	}
	out.Stream("stdout", fmt.Sprintf("%s ± %s per loop (mean ± std. dev. of %s, %s each)\n",
		fmtDur(time.Duration(mean)), fmtDur(time.Duration(std)), plural(len(per), "run"), plural(n, "loop")))
	return nil
}

// roundLoops rounds n down to 1, 2 or 5 times a power of ten.
func roundLoops(n int) int {
	p := 1
	for p*10 <= n {
		p *= 10
	}
	switch {
	case n >= 5*p:
		return 5 * p
	case n >= 2*p:
		return 2 * p
	}
	return p
}

func meanStd(x []float64) (mean, std float64) {
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	if len(x) < 2 {
		return mean, 0
	}
	for _, v := range x {
		std += (v - mean) * (v - mean)
	}
	return mean, math.Sqrt(std / float64(len(x)-1))
}

// fmtDur prints a duration with three significant digits and IPython's
// units: ns, µs, ms, s.
func fmtDur(d time.Duration) string {
	ns := float64(d)
	switch {
	case ns < 1e3:
		return fmt.Sprintf("%.3g ns", ns)
	case ns < 1e6:
		return fmt.Sprintf("%.3g µs", ns/1e3)
	case ns < 1e9:
		return fmt.Sprintf("%.3g ms", ns/1e6)
	}
	return fmt.Sprintf("%.3g s", ns/1e9)
}
