package fakecuda

import (
	"errors"
	"path/filepath"
	"runtime"

	"golang.org/x/sys/cpu"
)

// GPURounding returns the extra environment entries (for RunTests or Env)
// under which the fake NVRTC compiles kernels with a GPU's rounding rather
// than the host's: a*b+c contracted into fused multiply-adds, as NVRTC does
// by default (--fmad=true), and exp, log, log1p, expf and logf moved by up
// to the ulps CUDA documents for them, in a direction drawn from the
// argument, where the host's are correctly rounded. Tests whose tolerances
// must hold on a real GPU run again under it, so a tolerance set from the
// emulation's host rounding alone cannot pass CI and then fail on a
// device. The kernel cache moves to its own directory under dir, since the
// same source then compiles to different code. It fails on a CPU without
// FMA instructions.
func GPURounding(dir string) ([]string, error) {
	if runtime.GOARCH != "amd64" || !cpu.X86.HasFMA {
		return nil, errors.New("fakecuda: a GPU's rounding needs an x86-64 CPU with FMA instructions to contract a*b+c")
	}
	return []string{"FAKECUDA_ROUNDING=gpu", "XDG_CACHE_HOME=" + filepath.Join(dir, "cache-gpu-rounding")}, nil
}
