"""The data dir is private to the user running the service: diary text sits in plain files under it (the vector
store's payloads, the event store's parts, the graph's pages), and any local user could otherwise read them."""

from __future__ import annotations

import os
from pathlib import Path


def claim_private_dir(path: Path) -> None:
    """Make `path` (created if missing) 0700, and everything this process creates from now on owner-only.

    The directory's mode alone keeps other users out of every file below it, including those of an install that
    predates this (its files may be 0644, but nobody else can reach them). The umask is the second lock: the
    embedded engines (chDB, qdrant-edge in-process, ArcadeDB as a child process, which inherits it) create their
    files with the umask applied, so a file copied or moved out of the dir stays private too. It is process-wide,
    so it is set here, on the one path by which both the service and the CLI open the data dir, before any store.
    """
    os.umask(0o077)
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if path.stat().st_mode & 0o077:
        path.chmod(0o700)
