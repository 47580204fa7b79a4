#!/usr/bin/env python3
"""Compares the figures of a GPU kit run with issue 7's targets.

run.sh calls it last with its output folder; it reads the steps' outputs
(accel_timings.txt, torch_dish.txt, torch_mnist.txt, bench_groundtruth_*.txt) and
prints one line per target: our figure, the reference, and whether the
target is met. A figure that a step did not print is reported missing, not
guessed. The exit status is 0 whatever the verdicts: run.sh's own status
counts failed steps.

    python3 summary.py OUT
"""
import os
import re
import sys


def read(out, name):
    try:
        with open(os.path.join(out, name), encoding="utf-8", errors="replace") as f:
            return f.read()
    except OSError:
        return ""


def num(s):
    return float(s.replace(",", ""))


def figures(out):
    """Returns a dict of the figures found in the step outputs in out."""
    f = {}
    accel = read(out, "accel_timings.txt")
    for m in re.finditer(r"OuterMLP\.Step (\d+) motifs, 10-1-1-10, (\d+) steps\s+([\d.]+) ms", accel):
        if m.group(2) == "250":
            f["outer_ms_%s" % m.group(1)] = num(m.group(3))
    for m in re.finditer(r"ScoreMLPs (\d+) motifs, (\d+) steps, (\d+) per block\s+[\d.]+ ms\s+(\d+) motifs/s", accel):
        if m.group(2) == "250":
            f["predict_per_block_%s" % m.group(3)] = num(m.group(4))
    # The classifier trainer, one run in flight, per GEMM path.
    for m in re.finditer(r"classifier 784-100-100-10 batch 50,\s+(\d+) runs, GEMMs on (\w+)\s*:.*?:\s+(\d+) samples/s per run,\s+(\d+) total", accel):
        f["clf_%s_%s" % (m.group(2), m.group(1))] = num(m.group(3))
    td = read(out, "torch_dish.txt")
    for m in re.finditer(r"dish outer step, (\d+) motif-networks .*?: ([\d.]+) ms", td):
        f["torch_outer_ms_%s" % m.group(1)] = num(m.group(2))
    m = re.search(r"Predict (\d+) motifs, .*?: [\d.]+ s, ([\d,]+) motifs/s", td)
    if m:
        f["torch_predict"] = num(m.group(2))
    m = re.search(r"cuda threads=\d+: .*?: [\d.]+ ms/step, ([\d,]+) samples/s per run", read(out, "torch_mnist.txt"))
    if m:
        f["torch_mnist"] = num(m.group(1))
    for runs in (1, 100):
        b = read(out, "bench_groundtruth_%d.txt" % runs)
        m = re.search(r"gpu \(.*?\), (\d+) runs in flight, batch 50: (\d+) samples/s per run, (\d+) samples/s in all", b)
        if m and int(m.group(1)) == runs:
            f["bench_per_run_%d" % runs] = num(m.group(2))
            f["bench_all_%d" % runs] = num(m.group(3))
    return f


def verdicts(f):
    """Yields (what, ours, reference, verdict) for each target."""
    def line(what, ours, ref, ok):
        if ours is None or (ref is None and ok is None):
            return what, ours, ref, "missing"
        return what, ours, ref, "met" if ok else "NOT met"

    def ms(key):
        return f.get(key)

    o1000, o15 = ms("outer_ms_1000"), ms("outer_ms_15")
    yield line("dish outer step, 1000 motifs (ms, target <= 20; ref: eager PyTorch)", o1000, ms("torch_outer_ms_1000"),
               o1000 is not None and o1000 <= 20)
    yield line("dish outer step, 15 motifs (ms, target <= 5; ref: eager PyTorch)", o15, ms("torch_outer_ms_15"),
               o15 is not None and o15 <= 5)
    packed = [v for k, v in f.items() if k.startswith("predict_per_block_") and k != "predict_per_block_1"]
    pred = max(packed) if packed else f.get("predict_per_block_1")
    yield line("Predict, 100,000 motifs (motifs/s, target >= 1,000,000; ref: eager PyTorch)", pred, f.get("torch_predict"),
               pred is not None and pred >= 1e6)
    if "predict_per_block_1" in f and packed:
        yield "  Predict with one motif per block (for comparison)", f["predict_per_block_1"], None, "info"
    torch = f.get("torch_mnist")
    clf = f.get("clf_cublas_1") or f.get("clf_kernels_1")
    yield line("MNIST trainer, 1 run, synthetic data (samples/s per run, target >= eager PyTorch CUDA)", clf, torch,
               None if clf is None or torch is None else clf >= torch)
    b1 = f.get("bench_per_run_1")
    yield line("MNIST trainer, 1 run, real MNIST with validation (samples/s per run, target >= eager PyTorch CUDA)", b1, torch,
               None if b1 is None or torch is None else b1 >= torch)
    b100 = f.get("bench_all_100")
    yield line("100-slope sweep, 100 runs in flight (samples/s in all, target > PyTorch's one run after another)", b100, torch,
               None if b100 is None or torch is None else b100 > torch)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: summary.py OUT (the folder run.sh wrote)")
    f = figures(sys.argv[1])
    print("=== issue 7's targets")
    for what, ours, ref, verdict in verdicts(f):
        fmt = lambda v: "-" if v is None else ("{:,.1f}".format(v) if v < 100 else "{:,.0f}".format(v))
        print("%-8s %s: ours %s, reference %s" % (verdict, what, fmt(ours), fmt(ref)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
