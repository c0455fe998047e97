#!/usr/bin/env bash
# Runs `npm test` N times in a row (default 5) while two CPU-bound processes run beside it, as on a
# busy 2-core CI machine: a test that depends on wall-clock speed fails here. Stops at the first
# failure. Usage: bash test/under-load.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
mkdir -p out
hogs=()
for _ in 1 2; do
  node -e 'for (;;) {}' &
  hogs+=($!)
done
trap 'kill "${hogs[@]}" 2>/dev/null || true' EXIT
for i in $(seq 1 "$runs"); do
  started=$(date +%s)
  if npm test > "out/under-load-$i.log" 2>&1; then
    echo "run $i of $runs: passed in $(( $(date +%s) - started )) s ($(grep -E '^(unit|property|integration|e2e): ' "out/under-load-$i.log" | tr '\n' ' '))"
  else
    echo "run $i of $runs: FAILED after $(( $(date +%s) - started )) s; see out/under-load-$i.log"
    exit 1
  fi
done
echo "under load: $runs passed, 0 failed"
