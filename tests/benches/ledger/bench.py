#!/usr/bin/env python3
"""The ledger benchmark: import and count a generated year of transfers, and DuckDB on the same
file for comparison. Not run by CI (minutes, several GB of disk); see README.md.

Usage: bench.py [WORKDIR]   (environment: ROWS, PERSONS, RUNS; INSTALL_DUCKDB=0 not to install
DuckDB's Python package when it is missing, which skips the comparison)
"""

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent.parent
ROWS = int(os.environ.get("ROWS", 10_000_000))
PERSONS = int(os.environ.get("PERSONS", 2_000_000))
RUNS = int(os.environ.get("RUNS", 5))
COLUMNS = ("{'date':'DATE','person':'VARCHAR','export':'VARCHAR','sensitive':'BOOLEAN',"
           "'basis':'VARCHAR','recipient':'VARCHAR','route_used':'VARCHAR'}")
# What `ledger counts` works out, as one DuckDB query: counted persons per export, the two
# scenario groups of the profile with more than one export, and the handler's totals.
COUNTED = "(basis IS NULL OR basis = 'cbdf-art-5-1-4') AND date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'"
QUERY = f"""
SELECT 'export:' || export, COUNT(DISTINCT person) FROM t WHERE {COUNTED} GROUP BY export
UNION ALL SELECT 'professionals', COUNT(DISTINCT person) FROM t
    WHERE {COUNTED} AND export IN ('hcp-crm', 'hcp-events')
UNION ALL SELECT 'catch-all', COUNT(DISTINCT person) FROM t
    WHERE {COUNTED} AND export IN ('customers-a', 'customers-b', 'staff', 'contacts')
UNION ALL SELECT 'sensitive', COUNT(DISTINCT person) FROM t WHERE {COUNTED} AND sensitive
UNION ALL SELECT 'non-sensitive', COUNT(DISTINCT person) FROM t WHERE {COUNTED} AND NOT sensitive
"""


def timed(command, runs=RUNS):
    """Median wall time of `runs` runs, in seconds, and the last output."""
    times, out = [], None
    for _ in range(runs):
        start = time.perf_counter()
        out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def duckdb_module():
    """DuckDB's Python package, installed with pip when missing (unless INSTALL_DUCKDB=0); None,
    with the reason printed, when it cannot be had."""
    try:
        import duckdb
        return duckdb
    except ImportError:
        pass
    if os.environ.get("INSTALL_DUCKDB", "1") == "0":
        print("duckdb: not installed (INSTALL_DUCKDB=0): comparison skipped")
        return None
    installed = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "duckdb"],
                               capture_output=True, text=True)
    if installed.returncode != 0:
        print(f"duckdb: `pip install duckdb` failed, comparison skipped: {installed.stderr.strip()[-300:]}")
        return None
    import importlib
    importlib.invalidate_caches()
    import duckdb
    return duckdb


def main():
    work = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="ledger-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target")) / "release"
    # The whole workspace, as the other benchmarks build it: one set of release artifacts.
    subprocess.run(["cargo", "build", "--release", "--workspace", "--quiet"], cwd=ROOT, check=True)
    ftzroute = str(target / "ftzroute")
    packs = ["--packs", str(target)]

    csv = work / f"transfers-{ROWS}-{PERSONS}.csv"
    if not csv.exists():
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(csv), str(ROWS), str(PERSONS)], check=True)
    profile = work / "profile.toml"
    shutil.copy(HERE / "profile.toml", profile)
    for old in work.glob("bench.ledger*"):
        old.unlink()

    # Import, with peak memory.
    start = time.perf_counter()
    result = subprocess.run(["/usr/bin/time", "-v", ftzroute, "ledger", "import", str(profile), str(csv)],
                            check=True, capture_output=True, text=True)
    import_s = time.perf_counter() - start
    rss_mb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr).group(1)) / 1024
    cpu_s = sum(float(re.search(rf"{what} time \(seconds\): ([\d.]+)", result.stderr).group(1))
                for what in ("User", "System"))
    ledger_mb = (work / "bench.ledger").stat().st_size / 2**20

    counts_s, counts_json = timed([ftzroute, "ledger", "counts", str(profile), "--format", "json", *packs])
    counts = json.loads(counts_json)

    # eval with the ledger, and without: the same profile with each export's persons typed in.
    plain = work / "profile-no-ledger.toml"
    text = profile.read_text().split("[ledger]")[0]
    for export in counts["exports"]:
        text = text.replace(f'id = "{export["id"]}"\n',
                            f'id = "{export["id"]}"\npersons = {export["persons"]}\n'
                            f'exempt_persons = {export["persons"] - export["counted_persons"]}\n')
    plain.write_text(text)
    eval_ledger_s, _ = timed([ftzroute, "eval", str(profile), "--format", "json", *packs])
    eval_plain_s, _ = timed([ftzroute, "eval", str(plain), "--format", "json", *packs])

    load = os.getloadavg()[0]
    print(f"machine: {os.cpu_count()} cores, load average {load:.2f}")
    print(f"transfers: {ROWS:,} ({csv.stat().st_size / 2**20:.0f} MiB CSV), persons: {PERSONS:,}")
    print(f"import:            {import_s:7.2f} s   peak memory {rss_mb:.0f} MiB   ledger {ledger_mb:.0f} MiB   "
          f"cores used {cpu_s / import_s:.2f}")
    print(f"ledger counts:     {counts_s * 1000:7.1f} ms  (median of {RUNS}, whole command: start, read, every zone evaluated)")
    print(f"eval with ledger:  {eval_ledger_s * 1000:7.1f} ms  without: {eval_plain_s * 1000:.1f} ms  "
          f"(+{(eval_ledger_s - eval_plain_s) * 1000:.1f} ms)")

    duckdb = duckdb_module()
    if duckdb is None:
        return
    con = duckdb.connect()
    # Read once (into a table: the query below would otherwise scan the file once per count),
    # then count; then the same count again on the loaded table.
    start = time.perf_counter()
    con.execute(f"CREATE TABLE t AS SELECT * FROM read_csv('{csv}', header=true, columns={COLUMNS})")
    duck = dict(con.execute(QUERY).fetchall())
    duck_read_count_s = time.perf_counter() - start
    repeats = []
    for _ in range(RUNS):
        start = time.perf_counter()
        con.execute(QUERY).fetchall()
        repeats.append(time.perf_counter() - start)
    duck_count_s = statistics.median(repeats)

    # The same numbers both ways.
    ours = {f"export:{e['id']}": e["counted_persons"] for e in counts["exports"]}
    jiangsu = next(z for z in counts["zones"] if z["zone"] == "jiangsu")["groups"]
    ours["professionals"] = next(g for g in jiangsu if g["key"] == "scenario:professional-general")["counted_persons"]
    ours["catch-all"] = next(g for g in jiangsu if g["key"] == "scenario:other-general")["counted_persons"]
    ours["sensitive"] = counts["handler"]["sensitive"]["counted_persons"]
    ours["non-sensitive"] = counts["handler"]["non_sensitive"]["counted_persons"]
    agree = all(ours[k] == duck.get(k) for k in ours)

    print(f"duckdb read+count: {duck_read_count_s:7.2f} s   repeated count: {duck_count_s * 1000:.1f} ms")
    print(f"ratio (import + count) / (duckdb read + count): {(import_s + counts_s) / duck_read_count_s:.2f}")
    print(f"ratio ledger counts / duckdb repeated count:    {counts_s / duck_count_s:.3f}")
    print(f"same counts as duckdb: {agree}")
    if not agree:
        for key in sorted(ours):
            print(f"  {key}: ours {ours[key]}, duckdb {duck.get(key)}")
        sys.exit(1)


if __name__ == "__main__":
    main()
