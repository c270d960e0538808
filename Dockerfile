# olievlek: one image for the web server (`olievlek serve`) and the worker (`olievlek worker`).
# Build: docker build -t olievlek .   Run: see compose.yaml and docs/deploy.md.
FROM python:3.11-slim

# pg_dump/pg_restore for `olievlek backup` / `restore` on PostgreSQL.
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-client \
 && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    OLIEVLEK_VAR=/data BIND=0.0.0.0:8000
WORKDIR /app
COPY pyproject.toml README.md requirements.lock ./
COPY src ./src
# The versions CI tested (requirements.lock), as constraints.
RUN pip install --no-cache-dir -c requirements.lock '.[redis]'

# Never root at run time; /data holds SQLite (if used), uploads, mail files, static files.
RUN useradd --system --uid 1000 --home-dir /data olievlek \
 && mkdir -p /data && chown olievlek /data
USER olievlek
VOLUME /data
EXPOSE 8000
CMD ["olievlek", "serve"]
