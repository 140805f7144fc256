#!/bin/sh
# Writes into DEST what Plenum needs to run, and nothing else: the bundle, the CLI's starter,
# the static assets it serves, and the packages a production install keeps. The container image
# is made of exactly this (Containerfile), and the reliability suite starts it as an
# unprivileged user from a read-only copy. Run after `npm ci` (which builds dist/).
set -eu
dest=${1:?usage: scripts/production-tree.sh DEST}
root=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -f "$root/dist/bundle/plenum.mjs" ]; then
  echo "dist/bundle/plenum.mjs is missing: run npm ci (or npm run build) first" >&2
  exit 1
fi
mkdir -p "$dest/dist" "$dest/src/web/client"
cp "$root/package.json" "$root/package-lock.json" "$dest/"
cp -R "$root/bin" "$dest/"
cp -R "$root/dist/bundle" "$dest/dist/"
cp "$root/src/web/plenum.css" "$root/src/web/favicon.svg" "$dest/src/web/"
cp "$root/src/web/client/"*.js "$dest/src/web/client/"
cp -R "$root/node_modules" "$dest/"
# Drops the build and test tools; the native SQLite binding built by npm ci stays.
(cd "$dest" && npm prune --omit=dev --no-audit --no-fund --loglevel=error)
