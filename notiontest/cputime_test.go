//go:build unix

package notiontest

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time (user and system) the process has used so far: benchmarks report
// it besides wall time, which other processes on a loaded machine inflate.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
