//go:build darwin || freebsd || netbsd || openbsd || dragonfly

package groundtruth

import "golang.org/x/sys/unix"

// systemMemory returns the machine's memory (sysctl hw.memsize on macOS,
// hw.physmem on the BSDs).
func systemMemory() (uint64, bool) {
	for _, name := range []string{"hw.memsize", "hw.physmem64", "hw.physmem"} {
		if n, err := unix.SysctlUint64(name); err == nil && n > 0 {
			return n, true
		}
	}
	return 0, false
}
