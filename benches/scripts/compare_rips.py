#!/usr/bin/env python3
"""Times topo-core's Rips engine against ripser.py and giotto-ph (1 and 2 threads) on the
inputs of issue #8 and prints a markdown table.

Usage (in a venv outside the repository with ripser, giotto-ph and numpy installed):
    python benches/scripts/compare_rips.py [--rows NAME:DIM[:THRESHOLD],...] [--repeat R]
        [--skip-slow-reference]

A row with a THRESHOLD runs every tool with that threshold (ripser.py's and giotto-ph's
`thresh`); without one, each uses its default (the enclosing radius for ours and giotto-ph,
none for ripser.py, which gives the same diagrams).

Each tool runs in its own process under /usr/bin/time, which reports the peak resident memory
of that process. Times are of the computation alone, measured inside the process so interpreter
start-up and file parsing are excluded (the best of R runs for ours; one run for the reference
tools, whose runs take up to minutes). Single-threaded columns are CPU seconds (ours: the thread's
schedstat; python: time.process_time), because the machine this ran on was shared and wall time
there measured the load more than the code; the giotto-ph 2-thread column is wall seconds. All tools read the same float32
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

DEFAULT_ROWS = [("sphere_500", 2, None), ("torus_1000", 1, None), ("uniform8d_2000", 1, None),
                ("collision_std", 0, None), ("iris_std", 2, None), ("breast_cancer_std", 1, None),
                ("uniform3d_5000", 1, 0.1)]

REFERENCE = r"""
import sys, time
import numpy as np
X = np.loadtxt(sys.argv[1], delimiter=",", dtype=np.float32).astype(np.float64)
tool, maxdim = sys.argv[2], int(sys.argv[3])
kw = {"thresh": float(sys.argv[4])} if len(sys.argv) > 4 else {}
if tool == "baseline":
    import ripser, gph
    print("seconds=0")
    sys.exit(0)
if tool == "ripser":
    import ripser
    c = time.process_time(); t = time.perf_counter()
    r = ripser.ripser(X, maxdim=maxdim, **kw)
else:
    from gph import ripser_parallel
    c = time.process_time(); t = time.perf_counter()
    r = ripser_parallel(X, maxdim=maxdim, n_threads=int(tool[-1]), **kw)
t = time.perf_counter() - t; c = time.process_time() - c
print(f"seconds={t:.6f} cpu={c:.6f} pairs={[len(d) for d in r['dgms']]}")
"""


def timed(cmd):
    """Runs cmd under /usr/bin/time; returns (wall s, cpu s, pairs, peak MB) as the tool prints
    them."""
    out = subprocess.run(["/usr/bin/time", "-f", "MAXRSS=%M"] + cmd, capture_output=True,
                         text=True)
    if out.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed: {out.stderr.strip()[-500:]}")
    secs = float(re.search(r"seconds=([0-9.]+)", out.stdout).group(1))
    cpu = re.search(r"cpu=([0-9.]+)", out.stdout)
    pairs = re.search(r"pairs=(\[.*\])", out.stdout)
    rss = int(re.search(r"MAXRSS=(\d+)", out.stderr).group(1)) / 1024.0
    return secs, (float(cpu.group(1)) if cpu else secs), (pairs.group(1) if pairs else ""), rss


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
        rows = []
        for r in args.rows.split(","):
            parts = r.split(":")
            rows.append((parts[0], int(parts[1]), float(parts[2]) if len(parts) > 2 else None))
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "frugal-benches", "--bin",
                    "rips_once"], cwd=ROOT, check=True)
    tmp = tempfile.mkdtemp(prefix="compare_rips_")
    script = os.path.join(tmp, "reference.py")
    with open(script, "w") as f:
        f.write(REFERENCE)

    header = ("| input | dim | threshold | ours (cpu s) | ripser.py (cpu s) | ours / ripser.py "
              "| giotto-ph 1t (cpu s) | ours / giotto 1t | giotto-ph 2t (wall s) | our peak (MB) "
              "| ripser.py peak (MB) "
              "| giotto 1t peak (MB) |")
    lines = [header, "|" + "---|" * 12]
    baseline = None
    for name, dim, thresh in rows:
        csv = os.path.join(tmp, name + ".csv")
        subprocess.run([RIPS_ONCE, name, "0", "--dump", csv], check=True)
        cut = [] if thresh is None else ["--threshold", repr(thresh)]
        _, ours, our_pairs, our_mb = timed([RIPS_ONCE, name, str(dim), "--repeat",
                                            str(args.repeat)] + cut)
        print(f"# {name} H{dim}: ours {ours:.3f} cpu-s {our_pairs} {our_mb:.0f} MB",
              file=sys.stderr)
        if baseline is None:
            baseline = timed([sys.executable, script, csv, "baseline", "0"])[3]
        slow = args.skip_slow_reference and name == "collision_std"
        ref = {}
        tools = ["ripser"] + ([] if args.no_giotto else ["gph1", "gph2"])
        for tool in tools:
            if slow:
                ref[tool] = None
                continue
            ref[tool] = timed([sys.executable, script, csv, tool, str(dim)]
                              + ([] if thresh is None else [repr(thresh)]))
            w, c, p, m = ref[tool]
            print(f"#   {tool}: {w:.3f} s wall, {c:.3f} s cpu {p} {m:.0f} MB", file=sys.stderr)

        def t(tool):
            if not ref.get(tool):
                return "-"
            return f"{ref[tool][0 if tool == 'gph2' else 1]:.3f}"

        def ratio(tool):
            return f"{ours / ref[tool][1]:.3f}" if ref.get(tool) else "-"

        def mb(tool):
            return f"{ref[tool][3]:.0f}" if ref.get(tool) else "-"

        shown = "default" if thresh is None else f"{thresh:g}"
        lines.append(f"| {name} | {dim} | {shown} | {ours:.3f} | {t('ripser')} | {ratio('ripser')} | "
                     f"{t('gph1')} | {ratio('gph1')} | {t('gph2')} | {our_mb:.0f} | "
                     f"{mb('ripser')} | {mb('gph1')} |")
    print("\n".join(lines))
    print(f"\npython baseline (interpreter + numpy + ripser + gph imported): {baseline:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
