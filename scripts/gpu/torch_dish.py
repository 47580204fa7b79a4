#!/usr/bin/env python3
"""Eager PyTorch reference for petridish's dish outer step and Predict.

The Synthetic Petri Dish of Experiment 1 (PAPER.md): M sigmoid-slope
motif-networks 10-1-1-10 (hidden sigmoid(s*a), output logits, mean binary
cross-entropy with logits), all from the same N(0, 1) initial weights,
each trained for 250 full-batch Adam steps (lr 0.01, betas 0.9/0.999, eps
1e-8, v starting at eps^4, L2 1e-5 added to the gradient) on 10 learned
synthetic samples; the validation losses are z-normalised against the
ground truth's and the squared error is differentiated through the whole
unrolled inner loop with respect to the synthetic inputs. All M networks
are batched into one set of tensors (the fairest eager formulation).

Prints seconds per outer step (forward and meta-gradient) for each M in
--motifs and Predict throughput (inner training without create_graph).

    python3 torch_dish.py --device cuda --motifs 15,1000 --predict 100000
"""
import argparse
import time

import torch


def sizes(dims=(10, 1, 1, 10)):
    # (fan_in, fan_out) of each layer; the paper's motif-network is 10-1-1-10
    return list(zip(dims[:-1], dims[1:]))


def forward(params, x, slopes):
    # params: list of (W [M,i,o], b [M,o]); x [M,n,10] or [n,10]; slopes [M]
    h = x.expand(slopes.shape[0], *x.shape[-2:]) if x.dim() == 2 else x
    for li, (w, b) in enumerate(params):
        a = torch.bmm(h, w) + b[:, None, :]
        h = torch.sigmoid(slopes[:, None, None] * a) if li < len(params) - 1 else a
    return h  # logits [M,n,10]


def bce(logits, y):
    # mean over n*10 outputs, per motif
    return torch.nn.functional.binary_cross_entropy_with_logits(
        logits, y.expand_as(logits), reduction="none").mean(dim=(1, 2))


def train(theta0, slopes, xtr, y, steps, create_graph):
    m = slopes.shape[0]
    ps = [t.expand(m, *t.shape).clone().requires_grad_() for t in theta0]
    eps, b1, b2, lr, wd = 1e-8, 0.9, 0.999, 0.01, 1e-5
    ms = [torch.zeros_like(p) for p in ps]
    vs = [torch.full_like(p, eps ** 4) for p in ps]
    for t in range(1, steps + 1):
        pairs = [(ps[2 * i], ps[2 * i + 1]) for i in range(len(ps) // 2)]
        loss = bce(forward(pairs, xtr, slopes), y).sum()
        gs = torch.autograd.grad(loss, ps, create_graph=create_graph)
        new = []
        for j, (p, g) in enumerate(zip(ps, gs)):
            g = g + wd * p
            ms[j] = b1 * ms[j] + (1 - b1) * g
            vs[j] = b2 * vs[j] + (1 - b2) * g * g
            mh = ms[j] / (1 - b1 ** t)
            vh = vs[j] / (1 - b2 ** t)
            q = p - lr * mh / (torch.sqrt(vh) + eps)
            if not create_graph:
                q = q.detach().requires_grad_()
                ms[j] = ms[j].detach()
                vs[j] = vs[j].detach()
            new.append(q)
        ps = new
    return [(ps[2 * i], ps[2 * i + 1]) for i in range(len(ps) // 2)]


def check(path):
    """Compares this script's computation, in float64, with petri's: the
    JSON file (written by petri/motif's TestFusedMatchesPyTorch) holds
    dims, samples, steps, theta0 (petri's layout: per layer W row-major,
    then b), labels, x and xv (samples x inputs), slopes, and petri's
    scores and per-motif gradients. Exits 1 when they disagree."""
    import json
    d = json.load(open(path))
    dt, dims, n = torch.float64, d["dims"], d["samples"]
    theta0, k = [], 0
    for fi, fo in sizes(dims):
        theta0.append(torch.tensor(d["theta0"][k:k + fi * fo], dtype=dt).reshape(fi, fo))
        k += fi * fo
        theta0.append(torch.tensor(d["theta0"][k:k + fo], dtype=dt))
        k += fo
    assert k == len(d["theta0"]), "theta0 does not fit dims"
    y = torch.tensor(d["labels"], dtype=dt).reshape(n, dims[-1])
    x = torch.tensor(d["x"], dtype=dt).reshape(n, dims[0]).requires_grad_()
    xv = torch.tensor(d["xv"], dtype=dt).reshape(n, dims[0]).requires_grad_()
    slopes = torch.tensor(d["slopes"], dtype=dt)
    params = train(theta0, slopes, x, y, d["steps"], create_graph=True)
    scores = bce(forward(params, xv, slopes), y)
    ds = dg = 0.0
    for i, want in enumerate(d["scores"]):
        ds = max(ds, abs(scores[i].item() - want) / abs(want))
        gt, gv = torch.autograd.grad(scores[i], [x, xv], retain_graph=True)
        for got, ref in ((gt, d["grad_train"][i]), (gv, d["grad_valid"][i])):
            ref = torch.tensor(ref, dtype=dt).reshape(got.shape)
            dg = max(dg, ((got - ref).abs().max() / ref.abs().max()).item())
    print(f"torch {torch.__version__} float64 against petri: {len(d['scores'])} motifs, {d['steps']} inner steps; "
          f"largest relative score difference {ds:.2e}, gradient difference {dg:.2e} of max |grad|")
    if ds > 1e-10 or dg > 1e-8:
        raise SystemExit("petri and torch disagree")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", metavar="FILE", help="compare with petri's values in FILE (JSON) instead of timing")
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument("--dtype", default="float32", choices=["float32", "float64"])
    ap.add_argument("--motifs", default="15,1000", help="comma-separated motif counts for the outer step")
    ap.add_argument("--predict", type=int, default=100000, help="motifs for the Predict figure (0: skip)")
    ap.add_argument("--steps", type=int, default=250, help="inner Adam steps")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    if args.check:
        check(args.check)
        return
    dev, dt = torch.device(args.device), getattr(torch, args.dtype)
    torch.manual_seed(1)
    theta0 = []
    for fi, fo in sizes():
        theta0 += [torch.randn(fi, fo, device=dev, dtype=dt), torch.randn(fo, device=dev, dtype=dt)]
    n = 10
    y = torch.randint(0, 2, (n, 10), device=dev).to(dt)
    x0 = torch.randn(n, 10, device=dev, dtype=dt)

    def sync():
        if dev.type == "cuda":
            torch.cuda.synchronize()

    for m in [int(s) for s in args.motifs.split(",") if s]:
        slopes = torch.linspace(0.41, 1.5, m, device=dev, dtype=dt)
        gt = torch.linspace(0.03, 0.05, m, device=dev, dtype=dt)
        times = []
        for r in range(args.repeat + 1):
            xtr = x0.clone().requires_grad_()
            xva = x0.clone().requires_grad_()
            sync()
            t0 = time.perf_counter()
            params = train(theta0, slopes, xtr, y, args.steps, create_graph=True)
            scores = bce(forward(params, xva, slopes), y)
            z = (scores - scores.mean()) / scores.std(unbiased=False)
            zt = (gt - gt.mean()) / gt.std(unbiased=False)
            loss = ((z - zt) ** 2).mean()
            gx = torch.autograd.grad(loss, [xtr, xva])
            sync()
            if r > 0:  # the first is warm-up
                times.append(time.perf_counter() - t0)
        assert all(torch.isfinite(g).all() for g in gx)
        print(f"torch {torch.__version__} {args.device} {args.dtype}: dish outer step, {m} motif-networks "
              f"10-1-1-10, {n} samples, {args.steps} inner steps: {min(times) * 1e3:.1f} ms "
              f"(best of {len(times)})")

    if args.predict > 0:
        m = args.predict
        slopes = torch.linspace(0.01, 2.01, m, device=dev, dtype=dt)
        for r in range(2):
            sync()
            t0 = time.perf_counter()
            params = train(theta0, slopes, x0, y, args.steps, create_graph=False)
            with torch.no_grad():
                scores = bce(forward([(w.detach(), b.detach()) for w, b in params], x0, slopes), y)
            sync()
            dt_s = time.perf_counter() - t0
        assert torch.isfinite(scores).all()
        print(f"torch {torch.__version__} {args.device} {args.dtype}: Predict {m} motifs, "
              f"{args.steps} inner steps: {dt_s:.2f} s, {m / dt_s:,.0f} motifs/s")


if __name__ == "__main__":
    main()
