package groundtruth

import (
	"os"
	"strconv"
	"strings"
	"syscall"
)

// systemMemory returns the machine's memory (MemTotal of /proc/meminfo,
// else sysinfo(2)), or the memory limit of the process's cgroup when that
// is lower, as in a container.
func systemMemory() (uint64, bool) {
	total := memTotal()
	if total == 0 {
		var si syscall.Sysinfo_t
		if syscall.Sysinfo(&si) == nil {
			total = uint64(si.Totalram) * uint64(si.Unit)
		}
	}
	total = minMemory(total, cgroupLimit())
	return total, total > 0
}

// memTotal reads MemTotal from /proc/meminfo, 0 if it cannot.
func memTotal() uint64 {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "MemTotal:"); ok {
			f := strings.Fields(rest) // "16318412 kB"
			if len(f) == 2 && f[1] == "kB" {
				if kb, err := strconv.ParseUint(f[0], 10, 64); err == nil {
					return kb * 1024
				}
			}
		}
	}
	return 0
}

// cgroupLimit returns the memory limit of cgroup v2 (memory.max) or v1
// (memory.limit_in_bytes) as a container sees it, 0 for none.
func cgroupLimit() uint64 {
	for _, p := range []string{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"} {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		if n, err := strconv.ParseUint(strings.TrimSpace(string(b)), 10, 64); err == nil && n < addressSpace {
			return n // "max", or v1's 2^63 rounded to a page, is no limit
		}
	}
	return 0
}
