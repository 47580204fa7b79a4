// Package fakecuda builds host emulations of libcuda.so.1, libnvrtc.so.13
// and libcublas.so.13 for tests, so that CI, which has no GPU, still runs
// the real cgo driver layer of accel/cuda and the real embedded .cu kernels.
//
// The fake NVRTC compiles CUDA source as C++ with the host compiler (shim.h
// supplies threadIdx, blockIdx and friends), the fake driver keeps device
// memory in malloc'd blocks, and the fake cuBLAS (cublasSgemm_v2 and
// cublasSgemmStridedBatched) is column-major triple loops.
//
// A launch runs its blocks one after another and the threads of each block
// concurrently, one host thread (from a pool kept for the process) per
// thread of the block, so kernels whose threads cooperate run faithfully:
// __syncthreads is a real barrier across the block's threads (reaching one
// after a sibling thread returned aborts, as CUDA leaves that undefined);
// static __shared__ variables are shared by the block's threads, and
// extern __shared__ arrays point at the launch's dynamic shared memory (up
// to 48 KiB, the launch's sharedMem argument); both are refilled with 0xff
// bytes (NaN doubles) before every block, so a kernel that relies on
// shared memory it did not write fails here as it would on a GPU. A
// missing barrier shows up as a race: run the tests more than once
// (-count=3). Each barrier costs a few microseconds per thread of the
// block on the host, so blocks of up to a few hundred threads are
// practical. Warp primitives and atomics are not emulated.
//
// Kernels are compiled with the host's rounding, so they usually agree
// with Go code bit for bit. A real GPU's compiler contracts a*b+c into
// fused multiply-adds and its exp and log are not glibc's; GPURounding
// gives the environment under which the fake NVRTC compiles kernels that
// round like that, so tests can check that their tolerances hold for a
// real device too.
//
// A process picks the fakes up through LD_LIBRARY_PATH, which is read at
// start-up, so tests run them in a child process: Build once, then
// RunTests.
//
// It is a test aid, public so that packages above accel (petri's dish and
// ground-truth trainer) can test their GPU paths end to end without a GPU.
package fakecuda

import (
	"embed"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
)

//go:embed csrc/*
var sources embed.FS

// libs maps each fake library to its source.
var libs = map[string]string{
	"libcuda.so.1":    "libcuda.cpp",
	"libnvrtc.so.13":  "libnvrtc.cpp",
	"libcublas.so.13": "libcublas.cpp",
}

// Compiler returns the host C++ compiler ($CXX, else g++), or an error
// saying none was found.
func Compiler() (string, error) {
	cxx := os.Getenv("CXX")
	if cxx == "" {
		cxx = "g++"
	}
	path, err := exec.LookPath(cxx)
	if err != nil {
		return "", fmt.Errorf("fakecuda needs a C++ compiler to emulate CUDA on the host: %v (set CXX)", err)
	}
	return path, nil
}

// Build writes the sources to dir and compiles the three fake libraries
// there.
func Build(dir string) error {
	cxx, err := Compiler()
	if err != nil {
		return err
	}
	for _, name := range []string{"shim.h", "libcuda.cpp", "libnvrtc.cpp", "libcublas.cpp"} {
		b, _ := sources.ReadFile("csrc/" + name)
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return err
		}
	}
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
	)
	for lib, src := range libs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := exec.Command(cxx, "-std=c++20", "-O1", "-shared", "-fPIC", "-pthread",
				"-o", filepath.Join(dir, lib), filepath.Join(dir, src), "-ldl")
			if out, err := cmd.CombinedOutput(); err != nil {
				mu.Lock()
				errs = append(errs, fmt.Errorf("fakecuda: building %s: %v\n%s", lib, err, out))
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// Env returns the current environment changed so that a child process loads
// the fakes in dir: LD_LIBRARY_PATH is dir alone, PETRI_NVRTC, PETRI_CUBLAS
// and PETRI_DEVICE are removed, the kernel cache goes to dir/cache, and
// FAKECUDA_DIR and FAKECUDA_CXX tell the fake NVRTC where to work. extra
// (KEY=value) entries come last and win.
func Env(dir string, extra ...string) ([]string, error) {
	cxx, err := Compiler()
	if err != nil {
		return nil, err
	}
	drop := map[string]bool{"LD_LIBRARY_PATH": true, "PETRI_NVRTC": true, "PETRI_CUBLAS": true,
		"PETRI_DEVICE": true, "XDG_CACHE_HOME": true, "FAKECUDA_DIR": true, "FAKECUDA_CXX": true}
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if !drop[k] {
			env = append(env, kv)
		}
	}
	env = append(env, "LD_LIBRARY_PATH="+dir, "XDG_CACHE_HOME="+filepath.Join(dir, "cache"),
		"FAKECUDA_DIR="+dir, "FAKECUDA_CXX="+cxx)
	return append(env, extra...), nil
}

// RunTests runs the current test binary again, with the fakes in dir on the
// loader path, on the tests matching pattern (in -short mode, verbose), and
// returns its output. extra environment entries are added as in Env.
func RunTests(dir, pattern string, extra ...string) (string, error) {
	env, err := Env(dir, extra...)
	if err != nil {
		return "", err
	}
	cmd := exec.Command(os.Args[0], "-test.run="+pattern, "-test.short", "-test.v", "-test.count=1", "-test.timeout=5m")
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// TB is the part of testing.TB that BuildForTest uses.
type TB interface {
	Helper()
	Skip(args ...any)
	Fatal(args ...any)
	TempDir() string
}

// BuildForTest is the start of a parent test: it skips t inside a fake-CUDA
// child process (so the parent does not recurse), in a build without cgo,
// and where no C++ compiler is found (it fails instead in those two cases
// when PETRIDISH_REQUIRE_FAKECUDA is set, as CI sets it); otherwise it
// builds the fakes in a temporary directory and returns it, for RunTests.
func BuildForTest(t TB) string {
	t.Helper()
	if os.Getenv("FAKECUDA_DIR") != "" {
		t.Skip("inside a fake-CUDA child process")
	}
	missing := t.Skip
	if os.Getenv("PETRIDISH_REQUIRE_FAKECUDA") != "" {
		missing = t.Fatal
	}
	if !CgoEnabled {
		missing("built without cgo: the CUDA layer cannot load libraries")
	}
	if _, err := Compiler(); err != nil {
		missing(err)
	}
	dir := t.TempDir()
	if err := Build(dir); err != nil {
		t.Fatal(err)
	}
	return dir
}
