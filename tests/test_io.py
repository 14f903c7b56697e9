"""Atomic writes: the file appears whole or not at all, with the permissions of a plain write."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from corridor._io import atomic_write_text


def test_atomic_write_replaces_content_and_keeps_usual_permissions(tmp_path: Path) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_text("x")
    dest = atomic_write_text(tmp_path / "sub" / "out.txt", "first")
    atomic_write_text(dest, "second")
    assert dest.read_text() == "second"
    assert os.stat(dest).st_mode & 0o777 == os.stat(plain).st_mode & 0o777
    assert [p.name for p in dest.parent.iterdir()] == ["out.txt"]


def test_failed_write_leaves_old_file_and_no_temp(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    dest = atomic_write_text(tmp_path / "out.txt", "kept")

    def fail(fd: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(OSError, match="disk full"):
        atomic_write_text(dest, "half-written")
    assert dest.read_text() == "kept"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]
