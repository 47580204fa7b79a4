// Package cputime reads the CPU time of the calling OS thread, which
// benchmarks locked to their thread report beside wall time: on a shared
// machine, wall time also counts the time other processes held the CPU.
package cputime
