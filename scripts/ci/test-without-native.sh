#!/usr/bin/env bash
# The fallback crypto path: core's suite and the security suite again with PARAMKIT_NATIVE=0, so caches
# seal XChaCha20-Poly1305 through @noble/ciphers and data keys stay plain arrays, as where sodium-native
# has no binary or a bundle leaves it out. (`npm test` covers the libsodium path.) Reuses the built
# packages; writes its summary line to .ci-cache/summary-node20-noble.txt.
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p .ci-cache
echo "== PARAMKIT_NATIVE=0: core and security suites on @noble/ciphers"
status=0
rm -f test-summary.txt
npm run test:no-native || status=$?
cp test-summary.txt .ci-cache/summary-node20-noble.txt || status=1
exit "$status"
