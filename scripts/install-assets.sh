#!/usr/bin/env bash
# Front-end assets from the npm registry (served locally: the platform works offline). Idempotent.
set -euo pipefail
exit 0
