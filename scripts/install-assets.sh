#!/usr/bin/env bash
# Front-end assets from the npm registry (served locally: the platform works offline on an intranet).
# Idempotent: does nothing when the pinned versions are already in place.
#   build/assets/            npm install prefix (gitignored)
#   src/ipatlas/web/static/vendor/   the files the app serves (gitignored, shipped in the wheel)
set -euo pipefail
cd "$(dirname "$0")/.."

ECHARTS_VERSION="5.6.0"
HTMX_VERSION="2.0.11"
SWAGGER_VERSION="5.35.0"

prefix="build/assets"
vendor="src/ipatlas/web/static/vendor"
stamp="$vendor/.versions"
want="echarts@${ECHARTS_VERSION} htmx.org@${HTMX_VERSION} swagger-ui-dist@${SWAGGER_VERSION}"

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] \
   && [ -s "$vendor/echarts.min.js" ] && [ -s "$vendor/htmx.min.js" ] \
   && [ -s "$vendor/swagger-ui/swagger-ui-bundle.js" ]; then
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
  "echarts@${ECHARTS_VERSION}" "htmx.org@${HTMX_VERSION}" "swagger-ui-dist@${SWAGGER_VERSION}" >/dev/null

cp "$prefix/node_modules/echarts/dist/echarts.min.js" "$vendor/echarts.min.js"
cp "$prefix/node_modules/htmx.org/dist/htmx.min.js" "$vendor/htmx.min.js"
cp "$prefix/node_modules/echarts/LICENSE" "$vendor/LICENSE.echarts.txt"
cp "$prefix/node_modules/htmx.org/LICENSE" "$vendor/LICENSE.htmx.txt"
# The API documentation page (/api/docs) works offline: Swagger UI from npm, not a CDN.
mkdir -p "$vendor/swagger-ui"
for f in swagger-ui-bundle.js swagger-ui.css favicon-32x32.png; do
  cp "$prefix/node_modules/swagger-ui-dist/$f" "$vendor/swagger-ui/$f"
done
cp "$prefix/node_modules/swagger-ui-dist/LICENSE" "$vendor/LICENSE.swagger-ui.txt"
echo "$want" > "$stamp"
