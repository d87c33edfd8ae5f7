#!/usr/bin/env bash
# Runs the whole vitest suite (already built by the Node 20 run) under Node <major>, with that
# binary first in PATH so every child process (npm in pack tests, spawned examples) uses it too.
# Writes its summary line to .ci-cache/summary-node<major>.txt.
set -euo pipefail
major="$1"
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
bin="$(bash scripts/ci/node-binary.sh "$major")"
export PATH="$bin:$PATH"
echo "== Node $(node --version): vitest run (whole suite, no coverage)"
status=0
rm -f test-summary.txt
npx vitest run || status=$?
cp test-summary.txt ".ci-cache/summary-node$major.txt" || status=1
exit "$status"
