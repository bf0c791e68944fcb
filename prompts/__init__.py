"""Prompt templates, shipped as package data (`*.md`, one file per task and language)."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

__all__ = ["load_prompt"]


@cache
def load_prompt(name: str) -> str:
    """The text of ``prompts/<name>.md``, e.g. ``load_prompt("answer_ru")``; FileNotFoundError if there is none."""
    return files(__name__).joinpath(f"{name}.md").read_text(encoding="utf-8")
