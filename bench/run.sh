#!/usr/bin/env bash
# `make bench`: runs every bench/run_*.sh with the release build folder.
set -euo pipefail
B=$(cd "${1:-build/release}" && pwd)
cd "$(dirname "$0")"
for s in run_*.sh; do
  bash "$s" "$B"
done
