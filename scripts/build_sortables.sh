#!/usr/bin/env bash
# Rebuild the board's drag-and-drop component (prospects/ui/sortables) from its source, with npm.
# Installs the pinned packages of package-lock.json from the npm registry, runs the unit tests, builds
# into prospects/ui/sortables/frontend/build/ (committed: the app and CI need no node).
# Usage: scripts/build_sortables.sh [--dev]   (--dev: unminified, React's full error messages)
set -euo pipefail
cd "$(dirname "$0")/../prospects/ui/sortables/frontend"
npm ci --no-audit --no-fund
# esbuild ships its binary as an optional package; its install script is not needed.
npm test
node build.mjs "$@"
echo "built: $(pwd)/build"
