//go:build !linux && !darwin && !freebsd && !netbsd && !openbsd && !dragonfly

package groundtruth

// systemMemory does not know the machine's memory here: the check falls
// back to what a process can address.
func systemMemory() (uint64, bool) { return 0, false }
