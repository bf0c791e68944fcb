"""The README's layout tree matches the code: every folder and module it names exists where it says, and every
package of the code is in the tree."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()
_DIR = re.compile(r"^(\w[\w-]*)/")
_FILE = re.compile(r"(?<![\w/.-])(\w+\.py)\b")
# Names in the comments that point elsewhere than the line's folder ("→ retrieval/ → the ports").
_ELSEWHERE = re.compile(r"→\s*\w+/")


def _tree() -> list[str]:
    block = README.split("### Layout", 1)[1]
    return block.split("```", 2)[1].strip("\n").splitlines()


def _named() -> tuple[set[Path], set[Path]]:
    """(folders, files) the tree names, resolved by indentation (two spaces a level)."""
    dirs: set[Path] = set()
    files: set[Path] = set()
    stack: list[tuple[int, Path]] = []
    for line in _tree():
        indent = len(line) - len(line.lstrip(" "))
        text = line.strip()
        if not text:
            continue
        m = _DIR.match(text) if indent < 20 else None  # a continuation line (deep indent) names no folder
        while stack and stack[-1][0] >= indent and m:
            stack.pop()
        if m:
            parent = stack[-1][1] if stack else Path()
            here = parent / m.group(1)
            dirs.add(here)
            stack.append((indent, here))
        else:
            while stack and stack[-1][0] >= indent and indent < 20:
                stack.pop()
            here = stack[-1][1] if stack else Path()
        for name in _FILE.findall(_ELSEWHERE.split(text)[0]):
            files.add(here / name)
    return dirs, files


def test_every_named_folder_and_module_exists() -> None:
    dirs, files = _named()
    assert len(dirs) > 15 and len(files) > 40  # the tree was read, not skipped
    missing = sorted(str(p) for p in dirs if not (ROOT / p).is_dir())
    missing += sorted(str(p) for p in files if not (ROOT / p).is_file())
    assert not missing, f"named in the README layout but not in the code: {missing}"


def test_every_package_is_in_the_tree() -> None:
    dirs, _ = _named()
    packages = {
        init.parent.relative_to(ROOT)
        for top in ("core", "ingest", "indexing", "retrieval", "assistant", "prompts", "evals", "bench")
        for init in (ROOT / top).rglob("__init__.py")
    }
    absent = sorted(str(p) for p in packages if p not in dirs)
    assert not absent, f"packages missing from the README layout: {absent}"
