#!/usr/bin/env bash
# Runs every fuzz target for a short while from its committed seeds; exits non-zero when one
# panics, crashes or stalls. Works on a stable toolchain (no sanitizer: the parsers are safe Rust,
# and a panic is what this looks for). FUZZ_SECONDS sets the time per target (default 20).
set -euo pipefail
cd "$(dirname "$0")"

seconds="${FUZZ_SECONDS:-20}"
targets=(profile case_file pack_response transfer_file)

if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi

# One build for all targets; `run` below reuses it because the flags are the same.
flags=(--sanitizer none --release --debug-assertions)
cargo fuzz build "${flags[@]}"

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
for target in "${targets[@]}"; do
    echo "== fuzz $target for ${seconds} s"
    # New inputs go to a scratch directory first in the list, so the committed seeds stay as
    # they are; a crashing input is kept in artifacts/<target>/.
    mkdir -p "$scratch/$target" "artifacts/$target"
    # libFuzzer reports every new coverage point: keep that in a log, shown only on failure.
    log="$scratch/$target.log"
    if ! cargo fuzz run "${flags[@]}" "$target" "$scratch/$target" "corpus/$target" -- \
        -max_total_time="$seconds" -runs=100000000 -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -close_fd_mask=1 >"$log" 2>&1; then
        tail -n 60 "$log" >&2
        echo "fuzz target $target failed; the input is in fuzz/artifacts/$target/" >&2
        exit 1
    fi
    grep -E 'stat::number_of_executed_units|stat::new_units_added' "$log" || true
done
echo "fuzz smoke: ${#targets[@]} targets, no crash"
