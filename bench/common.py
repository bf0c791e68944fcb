"""Shared bits of the benchmarks: results files and a service subprocess on a fresh data dir."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

RESULTS = Path(__file__).resolve().parent / "results"


def write_results(name: str, figures: dict[str, Any]) -> Path:
    """Merge figures into bench/results/<name>.json (several benchmarks may add keys to one file)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    current = json.loads(path.read_text()) if path.exists() else {}
    current.update(figures)
    path.write_text(json.dumps(current, indent=2, ensure_ascii=False) + "\n")
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def service(data_dir: Path, **env: str) -> Iterator[str]:
    """`brain serve` in a subprocess on a free port; yields its base URL."""
    port = free_port()
    full_env = {**os.environ, "BRAIN_DATA_DIR": str(data_dir), "BRAIN_AUTH": "off", **env}
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant.cli.main", "serve", "--port", str(port)],
        env=full_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                raise RuntimeError("the service exited while starting")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(url + "/health", timeout=1).status_code in (200, 503):
                    break
            if time.monotonic() > deadline:
                raise RuntimeError("the service did not start in 120 s")
            time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
