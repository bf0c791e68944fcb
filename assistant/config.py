"""Settings: the only place that reads the environment (prefix `BRAIN_`, or a `.env` file)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="BRAIN_", env_file=".env", extra="ignore")

    data_dir: Path = Field(Path("data"), description="All embedded state lives here.")
    host: str = "127.0.0.1"
    port: int = 8002
    auth: Literal["on", "off"] = Field("on", description="`off`: no tokens, for local single-user use and tests.")
    timezone: str = Field("Europe/Moscow", description="Default user time zone: naive `ts` and questions.")
    currency: str = Field("RUB", description="Currency of purchases sent without one.")

    clickhouse_dsn: str | None = Field(
        None, description="`chdb:///<path>` (embedded, default `<data>/clickhouse`) or `http(s)://user:pw@host:8123`."
    )
    clickhouse_readers: int = Field(
        2, ge=0, le=32, description="Read connections to ClickHouse: concurrent asks query in parallel on them "
        "(0: every call shares one connection).",
    )
    qdrant_url: str | None = Field(None, description="Qdrant server URL; unset = embedded edge engine.")
    qdrant_api_key: str | None = None
    graph_uri: str | None = Field(None, description="`bolt://`/`neo4j://` URI of Neo4j; unset = embedded ArcadeDB.")
    graph_user: str = "neo4j"
    graph_password: str = ""
    graph_database: str | None = Field(None, description="Database name on the graph server (Neo4j: default db).")
    graph_heap_mb: int = Field(512, description="Heap of the embedded ArcadeDB.")

    embedder: str = Field("use", description="`use` (multilingual USE), `st:<model name or path>`, `hash` (tests).")
    aliases: dict[str, str] = Field(
        default_factory=dict, description='JSON map of name aliases, e.g. {"Петя": "Пётр", "Peter": "Пётр"}.'
    )
    indexer: bool = Field(True, description="Run the background indexer in the API process.")
    indexer_batch: int = 512
    indexer_interval_s: float = 0.5
    indexer_retry_attempts: int = Field(
        3, ge=1, description="Failures of one event (while others index) before it is quarantined."
    )
    indexer_retry_backoff_s: float = Field(
        1.0, ge=0, description="Wait after an event's first failure (or a store outage); doubles each time."
    )
    indexer_retry_backoff_max_s: float = Field(60.0, ge=0, description="Longest wait between retries.")
    min_free_mb: int = Field(
        100,
        ge=0,
        description="Free space the data dir keeps: below it ingest answers 507 and the indexer pauses (0: off).",
    )

    llm_model: str | None = Field(None, description="Any litellm model string; unset = grounded templates.")
    llm_api_base: str | None = None
    llm_api_key: str | None = None
    llm_timeout_s: float = 20.0

    max_batch_events: int = Field(10_000, description="Events per ingest request; more is answered with 413.")
    max_body_mb: float = Field(
        8.0, gt=0, description="Request body limit on every route; more is answered with 413 before it is read."
    )
    max_question_chars: int = Field(2000, ge=1, description="Longest question; more is answered with 422.")
    auth_max_failures: int = Field(
        20,
        ge=0,
        description="Failed token checks a client address may make per window; then 429 with Retry-After (0: off).",
    )
    auth_failure_window_s: float = Field(60.0, gt=0, description="The window of BRAIN_AUTH_MAX_FAILURES, seconds.")
    forwarded_allow_ips: str = Field(
        "", description="Proxies whose X-Forwarded-For names the client (comma-separated IPs, `*` for any); empty: "
        "the connection's own address counts (auth throttling is per address).",
    )
    keep_alive_s: int = Field(5, ge=1, description="An idle kept-alive connection is closed after this long.")
    header_timeout_s: float = Field(
        10.0, gt=0, description="A connection's request head (line and headers) must arrive within this long."
    )
    body_timeout_s: float = Field(
        60.0, gt=0, description="A request's body must arrive within this long of its head; else it is closed."
    )
    public_docs: bool = Field(
        True,
        description="`false`: no /docs or /redoc, and /openapi.json only for a valid token (user or admin).",
    )

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @model_validator(mode="after")
    def _resolve_paths(self) -> Settings:
        self.data_dir = self.data_dir.expanduser().resolve()
        if self.clickhouse_dsn is None:
            self.clickhouse_dsn = f"chdb:///{self.data_dir / 'clickhouse'}"
        if self.graph_uri and not self.graph_password:
            raise ValueError("BRAIN_GRAPH_PASSWORD is required with BRAIN_GRAPH_URI")
        return self

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def embedded_clickhouse(self) -> bool:
        return (self.clickhouse_dsn or "").startswith("chdb:")
