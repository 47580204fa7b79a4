// Package progress is the one small interface through which petri's long
// operations (dish training, ground-truth sweeps, searches) report how far
// they are. The scripting language renders it as a live notebook progress
// bar, the command line as a terminal bar; library callers may pass nil.
package progress

// Reporter receives progress of long work. done counts finished units out
// of total (total <= 0 means unknown); status is a short human-readable
// line such as "outer step 12/80 loss=0.31". Implementations must be safe
// for use from the goroutine doing the work; they should return quickly.
type Reporter interface {
	Progress(done, total int, status string)
}

// Func adapts an ordinary function to a Reporter.
type Func func(done, total int, status string)

// Progress calls f(done, total, status).
func (f Func) Progress(done, total int, status string) { f(done, total, status) }

// Report sends progress to r if r is not nil. Long operations call it
// instead of checking for nil themselves.
func Report(r Reporter, done, total int, status string) {
	if r != nil {
		r.Progress(done, total, status)
	}
}
