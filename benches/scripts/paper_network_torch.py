"""Cross-check of the demo's trainer: the paper's collision network in PyTorch, on the shipped CSV.

The demo (`frugal demo`) reports that on `data/collision.csv` the paper's network (9 hidden layers,
dropout 0.5 after each, BCE, Adam 1e-3, batch 1024) predicts the majority class. This script
trains the same network with PyTorch, on the same protocol (stratified 75/25 split, MinMax fitted
on the training part), so that the claim does not rest on our own trainer alone.

Usage: python benches/scripts/paper_network_torch.py [--epochs 600] [--seeds 3] [--dropout 0.5]
Needs: torch, numpy (pip). Not used by CI.
"""
import argparse
import pathlib

import numpy as np
import torch
from torch import nn

ROOT = pathlib.Path(__file__).resolve().parents[2]


def load():
    raw = np.genfromtxt(ROOT / "data" / "collision.csv", delimiter=";", skip_header=1)
    return raw[:, :-1].astype(np.float32), raw[:, -1].astype(np.int64)


def split(y, rng):
    train, test = [], []
    for c in np.unique(y):
        idx = rng.permutation(np.flatnonzero(y == c))
        k = int(round(0.25 * len(idx)))
        test.extend(idx[:k])
        train.extend(idx[k:])
    return np.array(sorted(train)), np.array(sorted(test))


def network(dim, dropout):
    widths = [dim, 50, 45, 40, 35, 30, 25, 20, 15, 10]
    layers = []
    for a, b in zip(widths, widths[1:]):
        layers += [nn.Linear(a, b), nn.ReLU(), nn.Dropout(dropout)]
    layers.append(nn.Linear(widths[-1], 1))
    return nn.Sequential(*layers)


def macro_f1(y, p):
    f1s = []
    for c in (0, 1):
        tp = np.sum((p == c) & (y == c))
        fp = np.sum((p == c) & (y != c))
        fn = np.sum((p != c) & (y == c))
        f1s.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return float(np.mean(f1s))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, default=600)
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--dropout", type=float, default=0.5)
    args = ap.parse_args()
    x, y = load()
    torch.set_num_threads(1)
    for seed in range(args.seeds):
        rng = np.random.default_rng(seed)
        torch.manual_seed(seed)
        tr, te = split(y, rng)
        lo, hi = x[tr].min(0), x[tr].max(0)
        scale = np.where(hi > lo, hi - lo, 1.0)
        xs = (x - lo) / scale
        xtr, ytr = torch.tensor(xs[tr]), torch.tensor(y[tr], dtype=torch.float32)
        xte = torch.tensor(xs[te])
        model = network(x.shape[1], args.dropout)
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        loss_fn = nn.BCEWithLogitsLoss()
        for _ in range(args.epochs):
            model.train()
            perm = torch.randperm(len(tr))
            for s in range(0, len(tr), 1024):
                b = perm[s : s + 1024]
                opt.zero_grad()
                loss = loss_fn(model(xtr[b]).squeeze(1), ytr[b])
                loss.backward()
                opt.step()
        model.eval()
        with torch.no_grad():
            pred = (model(xte).squeeze(1) > 0).numpy().astype(np.int64)
        acc = float(np.mean(pred == y[te]))
        print(
            f"seed {seed}: epochs {args.epochs} dropout {args.dropout}: accuracy {acc:.4f} "
            f"macro F1 {macro_f1(y[te], pred):.4f} positives predicted {int(pred.sum())} "
            f"(majority share {float(np.mean(y[te] == 0)):.4f})"
        )


if __name__ == "__main__":
    main()
