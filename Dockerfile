# Wickbot: one bot process. With no settings but DISCORD_TOKEN it runs unsharded on SQLite in
# the /data volume; set DATABASE_URL (PostgreSQL), SHARD_COUNT and SHARD_IDS to run one of
# several shard processes (deploy/docker-compose.yml, deploy/k8s/statefulset.yaml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
# Dependencies first (cached while only the code or the knowledge changes).
COPY pyproject.toml README.md ./
COPY bot/__init__.py bot/__init__.py
RUN pip install ".[postgres]" && pip uninstall -y wickbot
COPY bot ./bot
COPY knowledge ./knowledge
RUN pip install --no-deps . \
    && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin wickbot \
    && mkdir -p /data \
    && chown wickbot /data

# The knowledge is baked in; mount a volume on /knowledge and set KNOWLEDGE_DIR=/knowledge to
# override it (then !reload picks up edits without a rebuild).
ENV KNOWLEDGE_DIR=/app/knowledge \
    DATA_DIR=/data \
    METRICS_PORT=8080
VOLUME ["/data"]
EXPOSE 8080
USER wickbot
WORKDIR /data

HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD python -c "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('METRICS_PORT', '8080'), timeout=4)"

ENTRYPOINT ["wickbot"]
CMD ["run"]
