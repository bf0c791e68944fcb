# The API image for docker-compose.yml (server mode: ClickHouse, Qdrant and Neo4j run as their own services).
FROM python:3.11-slim

WORKDIR /app
# uv resolves the pinned dependencies the same way `make install` does (pip trips over litellm's certifi pin).
RUN pip install --no-cache-dir uv==0.13.9
COPY pyproject.toml README.md ./
COPY assistant assistant
COPY retrieval retrieval
COPY indexing indexing
COPY ingest ingest
COPY prompts prompts
COPY evals evals
COPY bench bench
RUN uv pip install --system --no-cache .

ENV BRAIN_DATA_DIR=/data
VOLUME /data
EXPOSE 8002
HEALTHCHECK --interval=10s --timeout=5s --retries=30 \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://localhost:8002/health')"
CMD ["brain", "serve", "--host", "0.0.0.0", "--port", "8002"]
