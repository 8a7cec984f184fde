#!/usr/bin/env bash
# Debian packages the tests need. Idempotent: installs only what is missing.
set -euo pipefail
need=()
have() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
for pkg in ${IPATLAS_APT_PACKAGES:-default-jre-headless chromium fonts-noto-cjk fonts-noto-cjk-extra postgresql poppler-utils tesseract-ocr tesseract-ocr-chi-sim}; do
  have "$pkg" || need+=("$pkg")
done
# Java for PySpark: any JRE 17+ will do.
if command -v java >/dev/null 2>&1; then
  need=("${need[@]/default-jre-headless}")
fi
pkgs=()
for p in "${need[@]}"; do [ -n "$p" ] && pkgs+=("$p"); done
if [ ${#pkgs[@]} -gt 0 ]; then
  echo "installing Debian packages: ${pkgs[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
fi
