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
failed=0
step() { # step NAME CMD...: run CMD, keep its output, count a failure
	local name=$1
	shift
	echo "=== $name: $*"
	local t0=$SECONDS
	if "$@" >"$out/$name.txt" 2>&1; then
		echo "--- ok ($((SECONDS - t0)) s)"
	else
		echo "--- FAILED ($((SECONDS - t0)) s)"
		failed=$((failed + 1))
	fi
	grep -E -- '--- (FAIL|PASS)|largest|[0-9] ms|samples/s|motifs/s|error|panic' "$out/$name.txt" | head -60
}
echo "kit built from commit $(cat COMMIT 2>/dev/null)"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true
# 1. accel: every CUDA operation against the CPU or a float64 reference,
#    then the timing figures (dish kernels, Predict, classifier trainer).
step accel ./accel.test -test.run GPU -test.v -test.timeout 8m
# 2. The dish's whole test suite with the GPU selected: Path auto runs on
#    the device, so every dish test also checks the device path.
step dish env PETRI_DEVICE=cuda ./dish.test -test.v -test.timeout 5m
# 3. The ground-truth sweep's tests with the GPU selected.
step groundtruth env PETRI_DEVICE=cuda ./groundtruth.test -test.v -test.timeout 5m
# 4. Eager PyTorch on the same machine, for the issue's comparisons.
step torch_dish python3 torch_dish.py --device cuda --motifs 15,1000 --predict 100000
step torch_mnist python3 torch_mnist.py --device cuda --steps 3000
echo "$failed step(s) failed"
exit "$failed"
