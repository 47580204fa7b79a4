#!/usr/bin/env bash
# Runs every GPU check of the kit that scripts/gpu/build.sh made, on a
# machine with an NVIDIA GPU, and writes each step's output to $OUT (or the
# kit's directory). One step failing does not stop the others; the exit
# status is the number of failed steps.
set -uo pipefail
kit=$(cd "$(dirname "$0")" && pwd)
out=${OUT:-$kit}
mkdir -p "$out"
cd "$kit"
export XDG_CACHE_HOME=$out/cache # the NVRTC kernel cache
# NVRTC and cuBLAS load their own companions (libnvrtc-builtins,
# libcublasLt) through the loader path.
for lib in /usr/local/cuda/lib64 /usr/local/cuda/targets/x86_64-linux/lib; do
	[ -d "$lib" ] && export LD_LIBRARY_PATH="$lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
done
failed=0
step() { # step NAME SECONDS CMD...: run CMD for at most SECONDS, keep its output, count a failure
	local name=$1 limit=$2
	shift 2
	echo "=== $name (at most $limit s): $*"
	local t0=$SECONDS rc=0
	timeout --kill-after=10 "$limit" "$@" >"$out/$name.txt" 2>&1 || rc=$?
	case $rc in
	0) echo "--- ok ($((SECONDS - t0)) s)" ;;
	124 | 137) echo "--- FAILED: still running after $limit s, stopped" ;;
	*) echo "--- FAILED with status $rc ($((SECONDS - t0)) s)" ;;
	esac
	[ "$rc" = 0 ] || failed=$((failed + 1))
	# The tool that runs this keeps the last 12 KB of its output: the
	# failures and figures only (everything is in $out/$name.txt).
	grep -E -- '--- FAIL|[0-9] ms|samples/s|motifs/s|panic' "$out/$name.txt" | cut -c1-220 | head -25
}
echo "kit built from commit $(cat COMMIT 2>/dev/null)"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true
# What petridish sees: libcuda, the device, NVRTC, cuBLAS.
gunzip -kf petridish.gz
PETRI_DEVICE=cuda ./petridish devices || true
# The steps' limits add up to 9 minutes, inside one 10-minute device
# call; the figures the issue asks for come first, so that a step that
# hangs costs only the checks after it.
# 1. accel: every CUDA operation against the CPU or a float64 reference,
#    each kernel waited for (PETRI_CUDA_SYNC=1), so a fault names its
#    kernel; then, in a fresh process (a fault leaves a context unusable),
#    the timing figures: dish kernels, Predict, classifier trainer.
step accel 90 env PETRI_CUDA_SYNC=1 ./accel.test -test.run GPU -test.skip Timings -test.v -test.timeout 80s
step accel_timings 120 ./accel.test -test.run 'GPU.*Timings' -test.v -test.timeout 110s
# 2. Eager PyTorch on the same machine, for the issue's comparisons.
step torch_dish 60 python3 torch_dish.py --device cuda --motifs 15,1000 --predict 100000
step torch_mnist 45 python3 torch_mnist.py --device cuda --steps 3000
# 3. The ground-truth trainer on real MNIST through the petridish binary: one
#    epoch of 50,000 samples per run, with 1 and 100 runs in flight (the
#    sweep's throughput; its CPU line is one run on one thread).
for runs in 1 100; do
	step "bench_groundtruth_$runs" 45 env PETRI_DATA=mnist PETRI_DEVICE=cuda ./petridish bench groundtruth \
		--train 50000 --epochs 1 --threads 0 --runs-in-flight "$runs"
done
# 4. The dish's whole test suite with the GPU selected: Path auto runs on
#    the device, so every dish test also checks the device path, and
#    TestDeviceMatchesFused and TestDeviceOuterStep compare it with the CPU
#    fused path.
#    (The host emulation's tests, *OnFakeCUDA, are skipped: they need g++
#    and prove nothing more here.)
step dish 90 env PETRI_DEVICE=cuda ./dish.test -test.v -test.timeout 80s -test.skip OnFakeCUDA
# 5. The ground-truth sweep's tests with the GPU selected; TestSweepOnDevice
#    compares the GPU trainer with the CPU one.
step groundtruth 45 env PETRI_DEVICE=cuda ./groundtruth.test -test.v -test.timeout 40s -test.skip OnFakeCUDA
echo "$failed step(s) failed"
# 6. The figures against issue 7's targets.
python3 summary.py "$out" | tee "$out/summary.txt"
exit "$failed"
