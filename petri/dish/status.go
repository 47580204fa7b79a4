package dish

import (
	"fmt"
	"time"

	"github.com/petridish-go/petridish/petri/progress"
)

// etaClock is the clock that estimates of the time left read; tests
// replace it.
var etaClock = time.Now

// eta is the time left to finish total units of work, done of which took
// since start, rounded to the second, as it ends a status line.
func eta(start time.Time, done, total int) string {
	if done <= 0 {
		return "ETA ?"
	}
	left := etaClock().Sub(start) / time.Duration(done) * time.Duration(total-done)
	return "ETA " + left.Round(time.Second).String()
}

// partReporter reports the progress of one Train that is a part of a
// longer operation (a restart of TrainRestarts, a config of Tune): its
// steps count from offset out of the operation's total, its status gets a
// prefix naming the part, and the time left is the whole operation's.
// Train gives it its status without its own estimate, which would count
// only the part and disagree with any progress bar of the whole.
type partReporter struct {
	r             progress.Reporter
	prefix        string // "restart 2/3 ", "config 1/4: "
	offset, total int
	start         time.Time // when the whole operation started
}

// Progress reports done units of the part with a status that carries no
// estimate of the time left; it adds the whole operation's.
func (p *partReporter) Progress(done, _ int, status string) {
	all := p.offset + done
	if status != "" {
		status += " "
	}
	progress.Report(p.r, all, p.total, fmt.Sprintf("%s%s%s", p.prefix, status, eta(p.start, all, p.total)))
}
