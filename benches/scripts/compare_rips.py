#!/usr/bin/env python3
"""Times topo-core's Rips engine against ripser.py and giotto-ph (1 and 2 threads) on the
inputs of issue #8 and prints a markdown table.

Usage (in a venv outside the repository with ripser, giotto-ph and numpy installed):
    python benches/scripts/compare_rips.py [--rows NAME:DIM,...] [--repeat R] [--skip-slow-reference]

Each tool runs in its own process under /usr/bin/time, which reports the peak resident memory
of that process; times are wall-clock seconds of the computation alone (the best of R runs for
ours; one run for the reference tools, whose runs take up to minutes), measured inside the
process so interpreter start-up and file parsing are excluded. All tools read the same float32
points, which `rips_once --dump` writes from benches/src/rips_inputs.rs. The python processes'
peak memory includes the interpreter and numpy; the "python baseline" line gives that floor.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
RIPS_ONCE = os.path.join(ROOT, "target", "release", "rips_once")

DEFAULT_ROWS = [("sphere_500", 2), ("torus_1000", 1), ("uniform8d_2000", 1), ("collision_std", 0),
                ("iris_std", 2), ("breast_cancer_std", 1)]

REFERENCE = r"""
import sys, time
import numpy as np
X = np.loadtxt(sys.argv[1], delimiter=",", dtype=np.float32).astype(np.float64)
tool, maxdim = sys.argv[2], int(sys.argv[3])
if tool == "baseline":
    import ripser, gph
    print("seconds=0")
    sys.exit(0)
if tool == "ripser":
    import ripser
    t = time.perf_counter(); r = ripser.ripser(X, maxdim=maxdim); t = time.perf_counter() - t
else:
    from gph import ripser_parallel
    t = time.perf_counter(); r = ripser_parallel(X, maxdim=maxdim, n_threads=int(tool[-1]))
    t = time.perf_counter() - t
print(f"seconds={t:.6f} pairs={[len(d) for d in r['dgms']]}")
"""


def timed(cmd):
    """Runs cmd under /usr/bin/time; returns (seconds printed by the tool, pairs, peak MB)."""
    out = subprocess.run(["/usr/bin/time", "-f", "MAXRSS=%M"] + cmd, capture_output=True,
                         text=True)
    if out.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed: {out.stderr.strip()[-500:]}")
    secs = float(re.search(r"seconds=([0-9.]+)", out.stdout).group(1))
    pairs = re.search(r"pairs=(\[.*\])", out.stdout)
    rss = int(re.search(r"MAXRSS=(\d+)", out.stderr).group(1)) / 1024.0
    return secs, (pairs.group(1) if pairs else ""), rss


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", help="comma-separated NAME:DIM (default: the issue's inputs)")
    ap.add_argument("--repeat", type=int, default=3, help="runs of our engine (best is kept)")
    ap.add_argument("--skip-slow-reference", action="store_true",
                    help="skip ripser.py/giotto-ph on collision_std (minutes and gigabytes)")
    ap.add_argument("--no-giotto", action="store_true")
    args = ap.parse_args()
    rows = DEFAULT_ROWS
    if args.rows:
        rows = [(r.split(":")[0], int(r.split(":")[1])) for r in args.rows.split(",")]
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "frugal-benches", "--bin",
                    "rips_once"], cwd=ROOT, check=True)
    tmp = tempfile.mkdtemp(prefix="compare_rips_")
    script = os.path.join(tmp, "reference.py")
    with open(script, "w") as f:
        f.write(REFERENCE)

    header = ("| input | dim | ours (s) | ripser.py (s) | ours / ripser.py | giotto-ph 1t (s) "
              "| ours / giotto 1t | giotto-ph 2t (s) | our peak (MB) | ripser.py peak (MB) "
              "| giotto 1t peak (MB) |")
    lines = [header, "|" + "---|" * 11]
    baseline = None
    for name, dim in rows:
        csv = os.path.join(tmp, name + ".csv")
        subprocess.run([RIPS_ONCE, name, "0", "--dump", csv], check=True)
        ours, our_pairs, our_mb = timed([RIPS_ONCE, name, str(dim), "--repeat", str(args.repeat)])
        print(f"# {name} H{dim}: ours {ours:.3f} s {our_pairs} {our_mb:.0f} MB", file=sys.stderr)
        if baseline is None:
            _, _, baseline = timed([sys.executable, script, csv, "baseline", "0"])
        slow = args.skip_slow_reference and name == "collision_std"
        ref = {}
        tools = ["ripser"] + ([] if args.no_giotto else ["gph1", "gph2"])
        for tool in tools:
            if slow:
                ref[tool] = None
                continue
            ref[tool] = timed([sys.executable, script, csv, tool, str(dim)])
            print(f"#   {tool}: {ref[tool][0]:.3f} s {ref[tool][1]} {ref[tool][2]:.0f} MB",
                  file=sys.stderr)

        def t(tool):
            return f"{ref[tool][0]:.3f}" if ref.get(tool) else "-"

        def ratio(tool):
            return f"{ours / ref[tool][0]:.3f}" if ref.get(tool) else "-"

        def mb(tool):
            return f"{ref[tool][2]:.0f}" if ref.get(tool) else "-"

        lines.append(f"| {name} | {dim} | {ours:.3f} | {t('ripser')} | {ratio('ripser')} | "
                     f"{t('gph1')} | {ratio('gph1')} | {t('gph2')} | {our_mb:.0f} | "
                     f"{mb('ripser')} | {mb('gph1')} |")
    print("\n".join(lines))
    print(f"\npython baseline (interpreter + numpy + ripser + gph imported): {baseline:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
