#!/usr/bin/env python3
"""Whole-process cost of `pack diff --sweep` of the two Jiangsu editions: the 2025 list against
the invented 2026 draft of the test fixtures, release builds of both and of ftzroute.

Usage: bench.py [RUNS]   (default 10; environment: NO_BUILD=1 to use the release builds as they are)

Prints the median wall time, the probes and calls of each edition and the boundaries found, so
that a faster sweep can be seen to find the same thresholds.
"""

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 10


def main():
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target")) / "release"
    fixtures = ROOT / "tests" / "fixtures"
    if not os.environ.get("NO_BUILD"):
        subprocess.run(["cargo", "build", "--release", "--quiet", "-p", "ftzroute",
                        "-p", "jiangsu-biopharma-2025", "-p", "national-cbdf-2024"],
                       cwd=ROOT, check=True)
        subprocess.run(["cargo", "build", "--release", "--quiet", "-p",
                        "jiangsu-biopharma-2026-draft"], cwd=fixtures, check=True)
    draft = fixtures / "target" / "release" / "libjiangsu_biopharma_2026_draft.so"
    # The old edition by id (every pack of the directory is opened to find it) and by file.
    by_id = [str(target / "ftzroute"), "pack", "diff", "jiangsu-biopharma-2025", str(draft),
             "--sweep", "--format", "json", "--packs", str(target)]
    by_file = [str(target / "ftzroute"), "pack", "diff",
               str(target / "libjiangsu_biopharma_2025.so"), str(draft), "--sweep", "--format",
               "json"]
    command = by_id
    # Exit 1: the editions differ, which is what the diff is for.
    first = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if first.returncode not in (0, 1):
        sys.exit(f"pack diff failed ({first.returncode}): {first.stderr}")
    report = json.loads(first.stdout)
    sweep = report["sweep"]
    times = {"by id": [], "by file": []}
    for _ in range(RUNS):
        for name, form in (("by id", by_id), ("by file", by_file)):
            start = time.perf_counter()
            subprocess.run(form, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times[name].append(time.perf_counter() - start)
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}")
    print(f"pack diff --sweep, jiangsu 2025 against the 2026 draft, median of {RUNS} runs:")
    for name, runs in times.items():
        print(f"  old edition {name}: {statistics.median(runs) * 1000:.1f} ms")
    for side in ("old", "new"):
        print(f"  {side}: {sweep['probes'][side]} probes in {sweep['calls'][side]} calls, "
              f"{len(sweep[side])} boundaries")
    print(f"  {sweep['moved']} moved, {sweep['added']} added, {sweep['removed']} removed, "
          f"{sweep['unchanged']} unchanged")


if __name__ == "__main__":
    main()
