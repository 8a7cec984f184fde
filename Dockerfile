# ipatlas production image: non-root, read-only root filesystem, data and configuration as volumes.
#
# Online:   docker build -t ipatlas .
# Offline (intranet without internet; see README「生产部署」):
#   on a connected machine:  bash deploy/build-offline-bundle.sh        -> deploy/bundle/{wheels,assets}
#   copy the repository with deploy/bundle/ to the intranet, then:
#                            docker build --build-arg OFFLINE=1 -t ipatlas .
# Debian packages come from the base image's apt sources; point /etc/apt/sources.list at the
# office's Debian mirror with --build-arg APT_MIRROR=http://mirror.example/debian when offline.
FROM python:3.11-slim-bookworm

ARG OFFLINE=0
ARG APT_MIRROR=""
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    IPATLAS_DATA_DIR=/data \
    IPATLAS_ENV=production \
    IPATLAS_HOST=0.0.0.0 \
    IPATLAS_PORT=8000 \
    MPLCONFIGDIR=/tmp/matplotlib

RUN if [ -n "$APT_MIRROR" ]; then \
      sed -i "s|http://deb.debian.org/debian|$APT_MIRROR|g" /etc/apt/sources.list.d/debian.sources; fi \
 && apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b postgresql-client npm \
      tesseract-ocr tesseract-ocr-chi-sim \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.lock pyproject.toml README.md ./
COPY deploy/ deploy/
RUN if [ "$OFFLINE" = "1" ]; then \
      pip install --no-cache-dir --no-index --find-links deploy/bundle/wheels -r requirements.lock; \
    else \
      pip install --no-cache-dir -r requirements.lock; fi
COPY src/ src/
COPY scripts/ scripts/
RUN if [ "$OFFLINE" = "1" ]; then \
      mkdir -p src/ipatlas/web/static/vendor && cp -r deploy/bundle/assets/. src/ipatlas/web/static/vendor/; \
    else \
      bash scripts/install-assets.sh; fi \
 && pip install --no-cache-dir --no-deps . \
 && apt-get purge -y -qq npm >/dev/null 2>&1 || true \
 && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin ipatlas \
 && mkdir -p /data && chown ipatlas:ipatlas /data

USER ipatlas
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"
# Migrate once, then several workers share the port (sessions, throttles and sequences live in the database).
CMD ["sh", "-c", "ipatlas db upgrade --json >/dev/null && exec ipatlas serve --workers ${IPATLAS_WORKERS:-4}"]
