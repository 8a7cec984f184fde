#!/usr/bin/env bash
# Front-end assets from the npm registry (served locally: the platform works offline on an intranet).
# Idempotent: does nothing when the pinned versions are already in place.
#   build/assets/            npm install prefix (gitignored)
#   src/ipatlas/web/static/vendor/   the files the app serves (gitignored, shipped in the wheel)
set -euo pipefail
cd "$(dirname "$0")/.."

ECHARTS_VERSION="5.6.0"
HTMX_VERSION="2.0.11"

prefix="build/assets"
vendor="src/ipatlas/web/static/vendor"
stamp="$vendor/.versions"
want="echarts@${ECHARTS_VERSION} htmx.org@${HTMX_VERSION}"

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] \
   && [ -s "$vendor/echarts.min.js" ] && [ -s "$vendor/htmx.min.js" ]; then
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "install-assets: npm not found; installing Debian package npm" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends npm >/dev/null
fi

mkdir -p "$prefix" "$vendor"
[ -f "$prefix/package.json" ] || echo '{"name": "ipatlas-assets", "private": true}' > "$prefix/package.json"
echo "installing front-end assets: $want"
npm install --prefix "$prefix" --no-audit --no-fund --save-exact --loglevel=error \
  "echarts@${ECHARTS_VERSION}" "htmx.org@${HTMX_VERSION}" >/dev/null

cp "$prefix/node_modules/echarts/dist/echarts.min.js" "$vendor/echarts.min.js"
cp "$prefix/node_modules/htmx.org/dist/htmx.min.js" "$vendor/htmx.min.js"
cp "$prefix/node_modules/echarts/LICENSE" "$vendor/LICENSE.echarts.txt"
cp "$prefix/node_modules/htmx.org/LICENSE" "$vendor/LICENSE.htmx.txt"
echo "$want" > "$stamp"
