"""The CLI outside a running service: it says which data dir it would open, and listing never creates a store."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.cli.main import main


def test_users_list_without_a_store_names_the_dir_and_creates_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "elsewhere"
    monkeypatch.setenv("BRAIN_DATA_DIR", str(data))
    with pytest.raises(SystemExit) as exit_:
        main(["users", "list"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert str(data) in err and "BRAIN_DATA_DIR" in err
    assert not data.exists()  # no second, empty store


def test_reindex_needs_a_user_or_all(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("BRAIN_DATA_DIR", str(tmp_path / "data"))
    with pytest.raises(SystemExit):
        main(["reindex"])
    assert "name a user id or pass --all" in capsys.readouterr().err
    assert not (tmp_path / "data").exists()
