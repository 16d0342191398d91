#!/usr/bin/env bash
# Whole-process cost of `eval` as a profile grows: generated inventories of 100 to 10,000
# exports judged in every bundled zone, release build, median wall time of RUNS runs and the peak
# resident memory of the last. Usage: tests/benches/size/bench.sh [RUNS]   (default 3)
#   SIZES="100 1000" tests/benches/size/bench.sh   to choose the sizes.
set -euo pipefail
cd "$(dirname "$0")/../../.."
runs="${1:-3}"
sizes="${SIZES:-100 1000 10000}"
if [ ! -x /usr/bin/time ]; then
    echo "size bench: needs GNU time (/usr/bin/time) for peak memory; install it (package \"time\")" >&2
    exit 2
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cargo build --release --workspace --quiet
binary=target/release/ftzroute
zones=$(grep -c '^\[\[zone\]\]' app/zones/default.toml)

printf '%-8s %-6s %6s %12s %12s\n' exports format zones "median s" "peak MiB"
for size in $sizes; do
    python3 tests/benches/size/generate.py "$size" >"$work/profile.toml"
    for format in json table; do
        times=()
        for _ in $(seq "$runs"); do
            /usr/bin/time -f '%e %M' -o "$work/time" \
                "$binary" eval "$work/profile.toml" --format "$format" >/dev/null 2>"$work/stderr"
            times+=("$(cut -d' ' -f1 "$work/time")")
        done
        median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
        peak=$(awk '{printf "%.0f", $2 / 1024}' "$work/time")
        printf '%-8s %-6s %6s %12s %12s\n' "$size" "$format" "$zones" "$median" "$peak"
    done
done
