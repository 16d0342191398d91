#!/usr/bin/env python3
"""Writes a year of generated transfers for the ledger benchmark, as CSV.

Usage: generate.py OUT.csv [ROWS] [PERSONS]   (defaults: 10,000,000 rows, 2,000,000 persons)

8 exports of the benchmark profile (profile.toml); 10% of the transfers go to the one sensitive
export, 5% are under an excluding basis (spread over the six), the rest have no basis. Every
person appears at least once (the first PERSONS rows), the others are drawn at random; dates are
spread over 2025. A fixed seed makes the file the same on every run.
"""

import random
import sys

EXPORTS_NON_SENSITIVE = [
    "hcp-crm", "hcp-events", "device-service", "contacts", "customers-a", "customers-b", "staff",
]
SENSITIVE = "trial-subjects"
EXCLUDED = ["cbdf-art-3", "cbdf-art-4", "cbdf-art-5-1-1", "cbdf-art-5-1-2", "cbdf-art-5-1-3", "cbdf-art-6"]


def main():
    out = sys.argv[1]
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000_000
    persons = int(sys.argv[3]) if len(sys.argv) > 3 else 2_000_000
    rng = random.Random(20251001)
    dates = []
    for month, days in enumerate([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], start=1):
        dates.extend(f"2025-{month:02d}-{day:02d}" for day in range(1, days + 1))
    rand = rng.random
    randrange = rng.randrange
    with open(out, "w", buffering=1 << 22) as f:
        f.write("date,person,export,sensitive,basis,recipient,route_used\n")
        lines = []
        for i in range(rows):
            person = i if i < persons else randrange(persons)
            if rand() < 0.10:
                export, sensitive = SENSITIVE, "true"
            else:
                export, sensitive = EXPORTS_NON_SENSITIVE[randrange(7)], "false"
            basis = EXCLUDED[randrange(6)] if rand() < 0.05 else ""
            lines.append(f"{dates[randrange(365)]},P{person:08d},{export},{sensitive},{basis},Parent,scc\n")
            if len(lines) == 100_000:
                f.write("".join(lines))
                lines.clear()
        f.write("".join(lines))


if __name__ == "__main__":
    main()
