"""docker-compose.yml: the servers with healthchecks and volumes, the API waiting for them, config accepted."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def _compose() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return data


def test_servers_have_healthchecks_and_volumes() -> None:
    services = _compose()["services"]
    images = {name: spec.get("image", "") for name, spec in services.items()}
    assert images["clickhouse"].startswith("clickhouse/clickhouse-server")
    assert images["qdrant"].startswith("qdrant/qdrant")
    assert images["neo4j"].startswith("neo4j:5")
    for name in ("clickhouse", "qdrant", "neo4j", "api"):
        assert services[name]["healthcheck"]["test"], name
    for name in ("clickhouse", "qdrant", "neo4j"):
        assert services[name]["volumes"], name


def test_api_runs_in_server_mode_after_healthy_stores() -> None:
    api = _compose()["services"]["api"]
    assert api["build"] == "." and (ROOT / "Dockerfile").is_file()
    assert {k: v["condition"] for k, v in api["depends_on"].items()} == {
        "clickhouse": "service_healthy", "qdrant": "service_healthy", "neo4j": "service_healthy"
    }
    env = api["environment"]
    assert env["BRAIN_CLICKHOUSE_DSN"].startswith("http://")
    assert env["BRAIN_QDRANT_URL"] == "http://qdrant:6333"
    assert env["BRAIN_GRAPH_URI"] == "bolt://neo4j:7687"


def _config_command() -> list[str] | None:
    docker = shutil.which("docker")
    if docker and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0:
        return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    return [legacy] if legacy else None


def test_compose_config_accepts_the_file() -> None:
    command = _config_command()
    if command is None:
        pytest.skip("no docker compose client installed (apt-get install docker-compose to run this check)")
    done = subprocess.run([*command, "-f", str(ROOT / "docker-compose.yml"), "config", "-q"],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
