//go:build go1.26 && !go1.27

package dsl

import (
	"errors"
	"io"
	"reflect"
	"regexp"
	"sync"
	"testing"
	"time"
)

// testMain runs tests, benchmarks and examples as a go test binary's main does,
// through testing.MainStart, and returns its exit code. MainStart's
// first parameter is the testing package's unexported testDeps
// interface, which changes between Go releases ("not subject to the Go 1
// compatibility document"): this file is built with Go 1.26 only, and
// testmain_other.go says what to do with another release.
func testMain(tests []testing.InternalTest, benchmarks []testing.InternalBenchmark, examples []testing.InternalExample) int {
	return testing.MainStart(testDeps{}, tests, benchmarks, nil, examples).Run()
}

// testDeps is what go test's generated main gives the testing package
// (its internal testdeps.TestDeps): pattern matching, and no profiles,
// test log, fuzzing or coverage.
type testDeps struct{}

var (
	patternsMu sync.Mutex
	patterns   = map[string]*regexp.Regexp{}
)

func (testDeps) ImportPath() string { return "main" }
func (testDeps) ModulePath() string { return "" }

func (testDeps) MatchString(pat, str string) (bool, error) {
	patternsMu.Lock()
	re, ok := patterns[pat]
	patternsMu.Unlock()
	if !ok {
		var err error
		if re, err = regexp.Compile(pat); err != nil {
			return false, err
		}
		patternsMu.Lock()
		patterns[pat] = re
		patternsMu.Unlock()
	}
	return re.MatchString(str), nil
}

func (testDeps) SetPanicOnExit0(bool)                        {}
func (testDeps) StartCPUProfile(io.Writer) error             { return errNotInTest }
func (testDeps) StopCPUProfile()                             {}
func (testDeps) StartTestLog(io.Writer)                      {}
func (testDeps) StopTestLog() error                          { return nil }
func (testDeps) WriteProfileTo(string, io.Writer, int) error { return errNotInTest }

func (testDeps) CoordinateFuzzing(time.Duration, int64, time.Duration, int64, int, []corpusEntry, []reflect.Type, string, string) error {
	return errNotInTest
}

func (testDeps) RunFuzzWorker(func(corpusEntry) error) error {
	return errNotInTest
}

func (testDeps) ReadCorpus(string, []reflect.Type) ([]corpusEntry, error) {
	return nil, nil
}

func (testDeps) CheckCorpus([]any, []reflect.Type) error { return nil }
func (testDeps) ResetCoverage()                          {}
func (testDeps) SnapshotCoverage()                       {}

func (testDeps) InitRuntimeCoverage() (string, func(string, string) (string, error), func() float64) {
	return "", nil, nil
}

// corpusEntry is the testing package's type of a fuzzing corpus entry,
// an alias of this unnamed struct there.
type corpusEntry = struct {
	Parent     string
	Path       string
	Data       []byte
	Values     []any
	Generation int
	IsSeed     bool
}

var errNotInTest = errors.New("not available in %test: use go test")
