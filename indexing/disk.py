"""Free space of a data dir: the embedded stores refuse writes below a floor instead of failing midway.

A full disk is worse mid-write than before it: ClickHouse may keep a batch in `events` while a view missed it, and
qdrant-edge blocks in native code holding the GIL (the process then ignores SIGTERM). Checking first is cheap.
"""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

# ClickHouse's NOT_ENOUGH_SPACE is code 243; the OS says ENOSPC ("No space left on device").
_NO_SPACE_MARKERS = ("not_enough_space", "not enough space", "code: 243.", "no space left on device")


def free_mb(path: Path) -> int:
    """Free megabytes on the file system holding `path` (or its nearest existing parent)."""
    while not path.exists() and path != path.parent:
        path = path.parent
    return shutil.disk_usage(path).free // 2**20


def short_of_space(path: Path, min_free_mb: int) -> str | None:
    """Why writes under `path` should wait (`None` when there is room)."""
    if min_free_mb <= 0:
        return None
    free = free_mb(path)
    if free >= min_free_mb:
        return None
    return f"disk nearly full: {free} MB free under {path} (writes wait for {min_free_mb} MB)"


def is_disk_full(exc: BaseException) -> bool:
    """Whether an error (or one it was raised from) means the disk is full."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, OSError) and seen.errno == errno.ENOSPC:
            return True
        if any(marker in str(seen).lower() for marker in _NO_SPACE_MARKERS):
            return True
        seen = seen.__cause__ or seen.__context__
    return False
