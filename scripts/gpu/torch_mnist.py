#!/usr/bin/env python3
"""Eager PyTorch reference for petridish's MNIST ground-truth trainer.

Trains the sigmoid-slope MLP 784-100-100-10 (hidden sigmoid(s*x), softmax
cross-entropy, Adam lr 0.01 with weight_decay 1e-5, batch 50) the way a
PyTorch user would write it, one run at a time, and prints training
samples per second. The data is random (MNIST-shaped, pixels in [0, 1]) so
the script needs nothing but torch; throughput does not depend on the
pixel values.

    python3 torch_mnist.py --device cpu --threads 1   # issue 6's reference
    python3 torch_mnist.py --device cuda              # issue 7's reference
"""
import argparse
import time

import torch


def check(path):
    """Trains, in float64 with torch.optim.Adam, what petri's trainer
    trained (petri/groundtruth's TestTrainerMatchesPyTorch writes the JSON:
    sizes, slope, lr, l2, images, labels, the initial parameters in petri's
    layout (per layer W as fan-in x fan-out, row-major, then b), the batches
    in order, and petri's final parameters and mean loss), and exits 1
    unless they agree."""
    import json
    d = json.load(open(path))
    dt = torch.float64
    dims = [d["inputs"], d["hidden"], d["hidden"], d["classes"]]
    layers = [torch.nn.Linear(i, o).to(dt) for i, o in zip(dims[:-1], dims[1:])]
    k = 0
    with torch.no_grad():
        for lin, (i, o) in zip(layers, zip(dims[:-1], dims[1:])):
            lin.weight.copy_(torch.tensor(d["params0"][k:k + i * o], dtype=dt).reshape(i, o).T)
            k += i * o
            lin.bias.copy_(torch.tensor(d["params0"][k:k + o], dtype=dt))
            k += o
    x = torch.tensor(d["images"], dtype=dt).reshape(-1, dims[0])
    y = torch.tensor(d["labels"])
    s = d["slope"]

    def net(v):
        v = torch.sigmoid(s * layers[0](v))
        v = torch.sigmoid(s * layers[1](v))
        return layers[2](v)

    params = [p for lin in layers for p in lin.parameters()]
    opt = torch.optim.Adam(params, lr=d["lr"], weight_decay=d["l2"], eps=1e-8)
    loss_fn = torch.nn.CrossEntropyLoss()
    for rows in d["batches"]:
        opt.zero_grad()
        loss_fn(net(x[rows]), y[rows]).backward()
        opt.step()
    with torch.no_grad():
        loss = loss_fn(net(x), y).item()
        got = torch.cat([t for lin in layers for t in (lin.weight.T.reshape(-1), lin.bias)])
    want = torch.tensor(d["params"], dtype=dt)
    dp = ((got - want).abs().max() / want.abs().max()).item()
    dl = abs(loss - d["loss"]) / abs(d["loss"])
    print(f"torch {torch.__version__} float64 against petri: {len(d['batches'])} Adam steps; "
          f"largest parameter difference {dp:.2e} of max |param|, loss difference {dl:.2e} relative")
    if dp > 1e-10 or dl > 1e-10:
        raise SystemExit("petri and torch disagree")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", metavar="FILE", help="compare with petri's training in FILE (JSON) instead of timing")
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument("--threads", type=int, default=0, help="torch.set_num_threads (0: leave the default)")
    ap.add_argument("--steps", type=int, default=2000, help="timed Adam steps")
    ap.add_argument("--slope", type=float, default=1.0)
    ap.add_argument("--samples", type=int, default=50000)
    args = ap.parse_args()
    if args.check:
        check(args.check)
        return
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    dev = torch.device(args.device)
    torch.manual_seed(1)
    x = torch.rand(args.samples, 784, device=dev)
    y = torch.randint(0, 10, (args.samples,), device=dev)

    class Net(torch.nn.Module):
        def __init__(self, slope):
            super().__init__()
            self.slope = slope
            self.l1 = torch.nn.Linear(784, 100)
            self.l2 = torch.nn.Linear(100, 100)
            self.l3 = torch.nn.Linear(100, 10)

        def forward(self, v):
            v = torch.sigmoid(self.slope * self.l1(v))
            v = torch.sigmoid(self.slope * self.l2(v))
            return self.l3(v)

    net = Net(args.slope).to(dev)
    opt = torch.optim.Adam(net.parameters(), lr=0.01, weight_decay=1e-5)
    loss_fn = torch.nn.CrossEntropyLoss()
    batch = 50
    perm = torch.randperm(args.samples, device=dev)

    def step(i):
        lo = (i * batch) % (args.samples - batch)
        idx = perm[lo:lo + batch]
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(net(x[idx]), y[idx])
        loss.backward()
        opt.step()
        return loss

    for i in range(50):  # warm-up: allocator, kernels, autotuning
        step(i)
    if dev.type == "cuda":
        torch.cuda.synchronize()
    t0 = time.perf_counter()
    for i in range(args.steps):
        step(i)
    if dev.type == "cuda":
        torch.cuda.synchronize()
    dt = time.perf_counter() - t0
    sps = args.steps * batch / dt
    epoch_s = args.samples / sps
    print(f"torch {torch.__version__} {args.device} threads={torch.get_num_threads()}: "
          f"784-100-100-10 sigmoid MLP, batch {batch}: {dt / args.steps * 1e3:.3f} ms/step, "
          f"{sps:,.0f} samples/s per run; one 10-epoch run of 50,000 samples {10 * epoch_s:.1f} s, "
          f"100 slopes one after another {1000 * epoch_s / 60:.1f} min")


if __name__ == "__main__":
    main()
