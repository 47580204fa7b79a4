// Command petridish is a Go Jupyter kernel and scripting language for neural
// architecture search with the Synthetic Petri Dish.
//
// Usage:
//
//	petridish <command> [arguments]
//
// Run `petridish help` for the list of commands.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
)

// command is one subcommand of the petridish binary. Each lives in its own
// cmd_*.go file and registers itself from an init function.
type command struct {
	name    string
	summary string
	run     func(args []string) error
	// interprets marks the commands that run Go cells or scripts, which
	// reserve a GC ballast (reserveGCBallast).
	interprets bool
}

var commands = map[string]command{}

func register(c command) {
	if _, dup := commands[c.name]; dup {
		panic("petridish: command registered twice: " + c.name)
	}
	commands[c.name] = c
}

// errUsage marks an error caused by bad command-line arguments; main prints
// it and exits with status 2.
var errUsage = errors.New("usage error")

// exitStatus is the error of a command that ends with a status of its
// own and nothing to print, such as a script's os.Exit(3).
type exitStatus int

func (e exitStatus) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

func usage() string {
	var b strings.Builder
	b.WriteString("petridish: a Go Jupyter kernel and scripting language for the Synthetic Petri Dish\n\nUsage:\n\n\tpetridish <command> [arguments]\n\nCommands:\n\n")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(&b, "\t%-12s %s\n", n, commands[n].summary)
	}
	b.WriteString("\nRun `petridish <command> -h` for a command's flags.\n")
	return b.String()
}

func main() {
	os.Exit(runMain(os.Args[1:]))
}

func runMain(args []string) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(os.Stderr, usage())
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	c, ok := commands[args[0]]
	if ok && c.interprets {
		reserveGCBallast()
	}
	if !ok {
		fmt.Fprintf(os.Stderr, "petridish: unknown command %q\n\n%s", args[0], usage())
		return 2
	}
	err := c.run(args[1:])
	name := commandName(c.name, args[1:])
	var status exitStatus
	var intr *interruptedError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &status):
		return int(status)
	case errors.As(err, &intr):
		if intr.msg != "" {
			fmt.Fprintf(os.Stderr, "petridish %s: %s\n", name, intr.msg)
		}
		return intr.status
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprintf(os.Stderr, "petridish %s: %v\n", name, err)
		return 2
	default:
		fmt.Fprintf(os.Stderr, "petridish %s: %v\n", name, err)
		return 1
	}
}

// commandName is the name error messages give the command: with its
// subcommand (dish fit, groundtruth rnncell, bench kernel) where it has
// one.
func commandName(name string, args []string) string {
	if len(args) == 0 {
		return name
	}
	sub := args[0]
	ok := false
	switch name {
	case "dish":
		ok = sub == "fit" || sub == "predict"
	case "groundtruth":
		ok = sub == "sigmoid" || sub == "rnncell"
	case "bench":
		_, ok = benches[sub]
	}
	if ok {
		return name + " " + sub
	}
	return name
}
