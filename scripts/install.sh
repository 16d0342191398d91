#!/usr/bin/env bash
# Builds ftzroute with its packs and installs them together: the binary in PREFIX/bin, the pack
# libraries in PREFIX/bin/packs (ftzroute looks for packs beside its executable and in a `packs`
# directory there), each pinned in that directory's packs.lock. `cargo install` alone would copy
# the binary without its packs.
#
# Usage: scripts/install.sh [--prefix DIR] [--debug] [--no-build]
#   --prefix DIR  where to install (default: ~/.local, so the binary lands in ~/.local/bin)
#   --debug       install the debug build instead of an optimised one (quicker to build)
#   --no-build    install what is already built
set -euo pipefail
cd "$(dirname "$0")/.."

prefix="${HOME}/.local"
profile=release
build=yes
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) prefix="$2"; shift 2 ;;
        --debug) profile=debug; shift ;;
        --no-build) build=no; shift ;;
        -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
        *) echo "install.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done

# Files written here must not be writable by others: ftzroute refuses such packs.
umask 022
if [ "$build" = yes ] && [ "$profile" = release ]; then
    cargo build --release --workspace
elif [ "$build" = yes ]; then
    cargo build --workspace
fi
target="${CARGO_TARGET_DIR:-target}/$profile"

bin="$prefix/bin"
packs="$bin/packs"
install -d -m 755 "$bin" "$packs"
install -m 755 "$target/ftzroute" "$bin/ftzroute"
shopt -s nullglob
libraries=("$target"/lib*.so "$target"/lib*.dylib)
if [ ${#libraries[@]} -eq 0 ]; then
    echo "install.sh: no pack libraries found in $target" >&2
    exit 1
fi
for library in "${libraries[@]}"; do
    install -m 644 "$library" "$packs/"
    "$bin/ftzroute" pack trust "$packs/$(basename "$library")" --by "install.sh"
done
echo "installed $bin/ftzroute with ${#libraries[@]} pack(s) in $packs"
case ":$PATH:" in
    *":$bin:"*) ;;
    *) echo "note: $bin is not on your PATH; add it, e.g. export PATH=\"$bin:\$PATH\"" ;;
esac
