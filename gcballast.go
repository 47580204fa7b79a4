package main

import "os"

// gcBallast is heap the garbage collector counts but the program never
// touches; see reserveGCBallast.
var gcBallast []byte

// gcBallastSize is the size of gcBallast: the garbage an interpreting
// command may make before a collection when little else is live.
const gcBallastSize = 64 << 20

// reserveGCBallast lowers the garbage collector's cost for the commands
// that interpret Go (kernel, run, exec). The interpreter allocates every
// call's frame and variables on the heap, so a loop of small calls makes
// garbage at a high rate while little stays live, and with Go's default
// GOGC=100 the heap goal is then a few MiB: the collector runs hundreds of
// times a second, and that costs a third of such a loop's time. A 64 MiB
// slice that is never written (so its pages are never made resident)
// raises the goal to about 2×(live+64 MiB): collections become rarer for
// a small heap, and for a large one (a dataset, a model) the goal grows by
// the ballast, not by a factor. A GOGC or GOMEMLIMIT set by the user is
// left to do what it says.
func reserveGCBallast() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	gcBallast = make([]byte, gcBallastSize)
}
