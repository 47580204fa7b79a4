package main

import (
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
)

// benches holds the `petridish bench <name>` suites; each registers itself
// from an init function in its own bench_<name>.go file.
var benches = map[string]command{}

func registerBench(c command) {
	if _, dup := benches[c.name]; dup {
		panic("petridish: bench registered twice: " + c.name)
	}
	benches[c.name] = c
}

func init() {
	register(command{name: "bench", summary: "print the performance figures the project tracks (bench <suite> -h for flags)", run: runBench})
}

func benchNames() string {
	names := make([]string, 0, len(benches))
	for n := range benches {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

func runBench(args []string) error {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
		var b strings.Builder
		b.WriteString("usage: petridish bench <suite> [flags]\n\nSuites:\n\n")
		for _, n := range strings.Split(benchNames(), ", ") {
			fmt.Fprintf(&b, "\t%-12s %s\n", n, benches[n].summary)
		}
		b.WriteString("\nRun `petridish bench <suite> -h` for its flags.\n")
		fmt.Fprint(os.Stderr, b.String())
		return flag.ErrHelp
	}
	if len(args) == 0 {
		return fmt.Errorf("%w: petridish bench <suite> [flags]; suites: %s", errUsage, benchNames())
	}
	b, ok := benches[args[0]]
	if !ok {
		return fmt.Errorf("%w: unknown bench suite %q; suites: %s", errUsage, args[0], benchNames())
	}
	return b.run(args[1:])
}
