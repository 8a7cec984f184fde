#!/usr/bin/env bash
# On a machine WITH access to PyPI and the npm registry (or the office's mirrors of them):
# collect every wheel of requirements.lock and the front-end assets into deploy/bundle/, so the
# image (docker build --build-arg OFFLINE=1) or a systemd install builds on the intranet offline.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p deploy/bundle/wheels deploy/bundle/assets
python3 -m pip download --dest deploy/bundle/wheels -r requirements.lock
python3 -m pip wheel --no-deps --wheel-dir deploy/bundle/wheels .
bash scripts/install-assets.sh
cp -r src/ipatlas/web/static/vendor/. deploy/bundle/assets/
echo "bundle ready: deploy/bundle (copy it with the repository to the intranet)"
