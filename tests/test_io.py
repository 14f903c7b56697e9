"""Atomic writes (a file or a folder appears whole or not at all, with the permissions of a
plain write) and CSV cells a spreadsheet cannot execute."""

from __future__ import annotations

import csv
import io
import os
import threading
from pathlib import Path

import pytest

from corridor import _io
from corridor._io import (
    atomic_write_bytes,
    atomic_write_folder,
    atomic_write_text,
    csv_cell,
    csv_text,
)


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


# --------------------------------------------------------------------------- rename


def test_failed_rename_keeps_old_bytes_and_no_temp(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The new bytes only reach the destination by the rename: when it fails, the old file
    is untouched (a write in place, or one that unlinks the temp file after writing the
    destination itself, would leave the new or half-new bytes)."""
    dest = atomic_write_bytes(tmp_path / "out.bin", b"old bytes " * 1000)

    def no_rename(src: object, dst: object) -> None:
        raise OSError("rename failed")

    monkeypatch.setattr(_io.os, "replace", no_rename)
    with pytest.raises(OSError, match="rename failed"):
        atomic_write_bytes(dest, b"new bytes " * 2000)
    assert dest.read_bytes() == b"old bytes " * 1000
    assert [p.name for p in tmp_path.iterdir()] == ["out.bin"]


def test_reader_of_the_old_file_reads_it_whole(tmp_path: Path) -> None:
    """A reader that opened the file before (or while) it is rewritten reads the old content,
    whole: the new content is a new file renamed over the name, not written into the old
    one."""
    old, new = b"A" * 300_000, b"B" * 100_000
    dest = atomic_write_bytes(tmp_path / "data.bin", old)
    with dest.open("rb") as reader:
        head = reader.read(1000)
        atomic_write_bytes(dest, new)
        rest = reader.read()
    assert head + rest == old
    assert dest.read_bytes() == new


def test_concurrent_reader_never_sees_a_partial_file(tmp_path: Path) -> None:
    versions = [bytes([65 + i]) * 2_000_000 for i in range(2)]
    dest = atomic_write_bytes(tmp_path / "data.bin", versions[0])
    seen: list[int] = []
    bad: list[tuple[int, bytes]] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            data = dest.read_bytes()
            seen.append(len(data))
            if data not in versions:
                bad.append((len(data), data[:1]))

    thread = threading.Thread(target=read)
    thread.start()
    try:
        for i in range(40):
            atomic_write_bytes(dest, versions[i % 2])
    finally:
        stop.set()
        thread.join()
    assert len(seen) > 1
    assert bad == []


# --------------------------------------------------------------------------- folders


def files_in(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


OLD = {"a.txt": b"old a\n", "sub/b.txt": b"old b\n", "only-old.txt": b"gone after\n"}
NEW = {"a.txt": b"new a\n", "sub/b.txt": b"new b\n", "sub/deeper/c.txt": b"new c\n"}


@pytest.fixture
def old_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "parent" / "report"
    for name, data in OLD.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return folder


def test_folder_is_replaced_whole(old_folder: Path) -> None:
    written = atomic_write_folder(old_folder, NEW)
    assert written == [old_folder / n for n in sorted(NEW)]
    assert files_in(old_folder) == NEW
    assert [p.name for p in old_folder.parent.iterdir()] == ["report"]
    plain = old_folder.parent / "plain"
    plain.mkdir()
    assert os.stat(old_folder).st_mode & 0o777 == os.stat(plain).st_mode & 0o777


def test_new_folder_is_created(tmp_path: Path) -> None:
    atomic_write_folder(tmp_path / "x" / "new", NEW)
    assert files_in(tmp_path / "x" / "new") == NEW
    assert [p.name for p in (tmp_path / "x").iterdir()] == ["new"]


@pytest.mark.parametrize("fail_at", [1, 2])
def test_failed_rename_keeps_the_old_folder(old_folder: Path, monkeypatch: pytest.MonkeyPatch,
                                            fail_at: int) -> None:
    """Rename 1 moves the old folder away, rename 2 moves the new one in: either failing
    leaves the old folder byte for byte and nothing else beside it."""
    real = os.replace
    calls: list[tuple[str, str]] = []

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        calls.append((str(src), str(dst)))
        if len(calls) == fail_at:
            raise OSError("rename failed")
        real(src, dst)

    monkeypatch.setattr(_io.os, "replace", replace)
    with pytest.raises(OSError, match="rename failed"):
        atomic_write_folder(old_folder, NEW)
    assert files_in(old_folder) == OLD
    assert [p.name for p in old_folder.parent.iterdir()] == ["report"]


def test_failure_midway_keeps_the_old_folder(old_folder: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    real = _io._write_synced
    written: list[int] = []

    def write(fd: int, data: bytes) -> None:
        written.append(fd)
        if len(written) == 2:
            os.close(fd)
            raise OSError("disk full")
        real(fd, data)

    monkeypatch.setattr(_io, "_write_synced", write)
    with pytest.raises(OSError, match="disk full"):
        atomic_write_folder(old_folder, NEW)
    assert files_in(old_folder) == OLD
    assert [p.name for p in old_folder.parent.iterdir()] == ["report"]


def test_symlinked_folder_replaces_its_target(old_folder: Path) -> None:
    link = old_folder.parent / "link"
    link.symlink_to(old_folder)
    atomic_write_folder(link, NEW)
    assert link.is_symlink() and files_in(old_folder) == NEW


@pytest.mark.parametrize("name", ["../escape.txt", "/abs.txt", "a/../../b", ""])
def test_names_must_stay_inside(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError, match="relative"):
        atomic_write_folder(tmp_path / "out", {name: b"x"})
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- CSV


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(A1)",
                                  "\tTAB", "\rCR", "  =1+1", "-2.5"])
def test_formula_text_gets_a_quote(text: str) -> None:
    assert csv_cell(text) == "'" + text
    assert csv_cell(text, numeric=not text[-1].isdigit()) == "'" + text


@pytest.mark.parametrize("text", ["Baku", "", "1+1", "a=b", "'quoted", "12", "3.5"])
def test_plain_text_unchanged(text: str) -> None:
    assert csv_cell(text) == text


@pytest.mark.parametrize(("value", "numeric", "expected"), [
    (-2, False, "-2"), (-12.5, False, "-12.5"), (None, False, ""),
    ("-12.50", True, "-12.50"), ("-3", True, "-3"), ("1e-05", True, "1e-05"),
    ("-3 km", True, "'-3 km"), ("-1+1", True, "'-1+1"), ("", True, ""),
])
def test_numbers_stay_numbers(value: object, numeric: bool, expected: str) -> None:
    assert csv_cell(value, numeric=numeric) == expected


def test_csv_text_neutralises_text_columns_only() -> None:
    text = csv_text(["name", "km_saved", "=head"],
                    [["-2", "-2.50", "@x"], ['=cmd|" /C calc"!A0', "", "a,b"]],
                    numeric=["km_saved"])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["name", "km_saved", "'=head"], ["'-2", "-2.50", "'@x"],
                    ['\'=cmd|" /C calc"!A0', "", "a,b"]]
    assert float(rows[1][1]) == -2.5


# --------------------------------------------------------------------------- mutation survivors
# Tests written against surviving mutants of scripts/mutation.py (target ``io``).


def test_missing_parent_folders_are_created(tmp_path: Path) -> None:
    dest = tmp_path / "a" / "b" / "c.txt"
    atomic_write_text(dest, "x")
    assert dest.read_text(encoding="utf-8") == "x"
    written = atomic_write_folder(tmp_path / "d" / "e" / "report",
                                  {"csv/deep/t.csv": b"1\n", "r.md": b"#\n"})
    assert [p.read_bytes() for p in written] == [b"1\n", b"#\n"]


def test_temp_file_is_a_hidden_sibling(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The temporary file lives beside the destination (same file system, so the rename is
    atomic) under the documented hidden name ``.NAME.<random>.tmp``."""
    seen: list[tuple[str, str]] = []
    real_replace = os.replace

    def spy(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        seen.append((os.fspath(src), os.fspath(dst)))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    dest = tmp_path / "out.geojson"
    atomic_write_bytes(dest, b"{}")
    (src, dst), = seen
    assert Path(src).parent == tmp_path and Path(dst) == dest
    assert Path(src).name.startswith(".out.geojson.") and Path(src).name.endswith(".tmp")


def test_temp_names_never_reuse_an_existing_name(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """When the random name is taken (by a file or a dangling link), another one is drawn."""
    tokens = iter(["aaaa", "aaaa", "bbbb", "cccc"])
    monkeypatch.setattr(_io.secrets, "token_hex", lambda n: next(tokens))
    (tmp_path / ".report.aaaa.tmp").write_text("someone else's", encoding="utf-8")
    (tmp_path / ".report.bbbb.tmp").symlink_to(tmp_path / "nowhere")
    atomic_write_folder(tmp_path / "report", {"a.txt": b"new"})
    assert (tmp_path / ".report.aaaa.tmp").read_text(encoding="utf-8") == "someone else's"
    assert (tmp_path / ".report.bbbb.tmp").is_symlink()
    assert (tmp_path / "report" / "a.txt").read_bytes() == b"new"


def test_csv_lines_end_with_a_newline_only() -> None:
    assert csv_text(["a", "b"], [["1", "2"]]) == "a,b\n1,2\n"


@pytest.mark.parametrize("text", ["X=1", "XX+1", "x-1"])
def test_only_spaces_are_skipped_before_a_trigger(text: str) -> None:
    assert csv_cell(text) == text


def test_failed_rename_into_a_new_folder_reports_that_failure(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With no old folder, a failed rename raises its own error and leaves nothing."""
    real = os.replace
    calls: list[str] = []

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        calls.append(os.fspath(src))
        if len(calls) == 1:
            raise OSError("rename failed")
        real(src, dst)

    monkeypatch.setattr(_io.os, "replace", replace)
    with pytest.raises(OSError, match="rename failed"):
        atomic_write_folder(tmp_path / "report", NEW)
    assert list(tmp_path.iterdir()) == []


def test_old_copy_that_cannot_be_removed_does_not_fail_the_write(
        old_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The new report is in place once the second rename is done; a left-over old copy
    (a file system refusing to delete it) is not an error."""
    real_rmdir = os.rmdir

    def rmdir(path: str | os.PathLike[str], *args: object, **kwargs: object) -> None:
        if ".old" in os.fspath(path) or (args or kwargs):
            raise PermissionError("cannot remove")
        real_rmdir(path)

    monkeypatch.setattr(os, "rmdir", rmdir)
    atomic_write_folder(old_folder, NEW)
    assert files_in(old_folder) == NEW


def test_failed_clean_up_of_a_failed_folder_write_reports_the_first_failure(
        old_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A write fails, then removing the temporary folder fails too (a file system refusing
    to delete): the caller sees the write's own error, not the clean-up's, and the old folder
    is intact."""
    def write(fd: int, data: bytes) -> None:
        os.close(fd)
        raise OSError("disk full")

    def rmtree(path: str | os.PathLike[str], *args: object, **kwargs: object) -> None:
        raise PermissionError("cannot remove")

    monkeypatch.setattr(_io, "_write_synced", write)
    monkeypatch.setattr(_io.shutil, "rmtree", rmtree)
    with pytest.raises(OSError, match="disk full") as raised:
        atomic_write_folder(old_folder, NEW)
    assert type(raised.value) is OSError
    assert files_in(old_folder) == OLD
