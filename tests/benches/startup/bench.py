#!/usr/bin/env python3
"""Whole-process cost of the read-only commands on the bundled examples, installed as
scripts/install.sh installs (packs pinned in packs.lock) against the same files unpinned.

Usage: bench.py [RUNS]   (default 10; environment: NO_BUILD=1 to use the release build as it is)

Each command runs RUNS times from each install, in turn (pinned, unpinned, pinned, ...), after one
warm-up run each that is not counted; the ratio pinned / unpinned is taken pair by pair, so a
machine whose speed drifts during the run still gives a fair ratio. Prints the median wall time
of each side, the median ratio, and the size of the binary and the packs.
"""

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 10
EXAMPLES = ROOT / "examples"
# The read-only commands, each on a bundled example (memo writes to a file in the work dir).
COMMANDS = [
    ("eval", ["eval", EXAMPLES / "suzhou-biologics.toml", "--format", "json"]),
    ("plan", ["plan", EXAMPLES / "suzhou-biologics.toml", "--format", "json"]),
    ("packs", ["packs", "--format", "json"]),
    ("ledger counts", ["ledger", "counts", EXAMPLES / "suzhou-biologics-ledger.toml", "--format", "json"]),
    ("eval (ledger)", ["eval", EXAMPLES / "suzhou-biologics-ledger.toml", "--format", "json"]),
    ("memo", ["memo", EXAMPLES / "suzhou-biologics.toml", "-o", "{work}/memo.md"]),
]


def run_once(command):
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main():
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target")) / "release"
    if not os.environ.get("NO_BUILD"):
        subprocess.run(["cargo", "build", "--release", "--workspace", "--quiet"], cwd=ROOT, check=True)
    work = Path(tempfile.mkdtemp(prefix="ftzroute-startup-"))
    try:
        pinned = work / "pinned"
        subprocess.run([ROOT / "scripts" / "install.sh", "--prefix", pinned, "--no-build"],
                       cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
                       env={**os.environ, "CARGO_TARGET_DIR": str(target.parent)})
        unpinned = work / "unpinned"
        shutil.copytree(pinned, unpinned)
        for lock in (unpinned / "bin" / "packs").glob("packs.lock*"):
            lock.unlink()
        # A file's hash is remembered once the file has been left alone a moment (see
        # app/src/host/verified.rs); the warm-up runs below then record it, as any first run would.
        time.sleep(2.5)

        sizes = sorted((p.stat().st_size for p in (pinned / "bin" / "packs").glob("*.so")))
        binary = (pinned / "bin" / "ftzroute").stat().st_size
        print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at the start")
        print(f"binary {binary / 2**20:.1f} MiB; {len(sizes)} packs, {sizes[0] / 2**20:.2f} to "
              f"{sizes[-1] / 2**20:.2f} MiB each; {RUNS} paired runs per command, median")
        print(f"{'command':<16}{'pinned ms':>11}{'unpinned ms':>13}{'pinned/unpinned':>17}")
        for name, args in COMMANDS:
            args = [str(a).replace("{work}", str(work)) for a in args]
            a = [str(pinned / "bin" / "ftzroute"), *args]
            b = [str(unpinned / "bin" / "ftzroute"), *args]
            run_once(a)
            run_once(b)
            times_a, times_b, ratios = [], [], []
            for _ in range(RUNS):
                ta, tb = run_once(a), run_once(b)
                times_a.append(ta)
                times_b.append(tb)
                ratios.append(ta / tb)
            print(f"{name:<16}{statistics.median(times_a) * 1000:>11.1f}"
                  f"{statistics.median(times_b) * 1000:>13.1f}{statistics.median(ratios):>17.2f}")
        print(f"load average {os.getloadavg()[0]:.2f} at the end")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
