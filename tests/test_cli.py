"""The ``corridor`` command's exit paths (issue #19): every one, with real subprocesses where
the operating system is involved (pipes, signals, full disks)."""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import line, point, write_geodata

from corridor import cli, settings

CORRIDOR = Path(sys.executable).with_name("corridor")


def run(*argv: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    """Run the installed ``corridor`` script; return its exit code and output."""
    return subprocess.run([str(CORRIDOR), *argv], capture_output=True, text=True, timeout=120,
                          **kwargs)  # type: ignore[call-overload]


def lines(text: str) -> list[str]:
    return [ln for ln in text.splitlines() if ln.strip()]


@pytest.fixture()
def broken(tmp_path: Path) -> Path:
    """A geodata folder with two problems: an unknown status and a link to no place."""
    places = [point("sharur", 44.97993, 39.55298), point("nakhchivan", 45.41222, 39.20889)]
    links = [line("s_n", "sharur", "nakhchivan", [(44.97993, 39.55298), (45.41222, 39.20889)],
                  status="opened"),
             line("s_x", "sharur", "nowhere", [(44.97993, 39.55298), (45.41222, 39.20889)])]
    return write_geodata(tmp_path / "broken", places, links)


def test_validate_lists_every_problem_and_exits_1(broken: Path) -> None:
    done = run("validate", str(broken))
    assert done.returncode == 1
    out = lines(done.stdout)
    assert any("s_n: status: unknown value 'opened'" in ln for ln in out), out
    assert any("s_x: to: names no place: 'nowhere'" in ln for ln in out), out
    assert lines(done.stderr) == ["2 problem(s) found"]


def test_no_subcommand_prints_help_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main([]) == 2
    assert "usage: corridor" in capsys.readouterr().out
    done = run()
    assert done.returncode == 2 and "usage: corridor" in done.stdout and not done.stderr


def test_a_geodata_error_is_one_line_naming_the_file_and_exits_2(broken: Path) -> None:
    done = run("route", "sharur", "nakhchivan", "--geodata", str(broken))
    assert done.returncode == 2
    assert lines(done.stderr) == [
        f"corridor: error: {broken}/links.geojson: 2 problems (run 'corridor validate "
        f"{broken}' to list them): first: s_n: status: unknown value 'opened'; expected one "
        "of ['operating', 'under_construction', 'planned', 'closed', 'dismantled']"]
    assert "Traceback" not in done.stderr and not done.stdout


def test_a_closed_pipe_ends_quietly_with_141() -> None:
    # the reader closes its end before the command writes: every write hits a broken pipe
    proc = subprocess.Popen([str(CORRIDOR), "scenarios"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=120) == 141
    assert err == b""


def test_a_reader_that_stops_early_ends_the_command_quietly(tmp_path: Path) -> None:
    # a real pipeline, like `corridor route ... --json | head -c 100`: much more output than
    # a pipe holds (64 kB), a reader that takes 100 bytes and exits
    reader = subprocess.Popen(["head", "-c", "100"], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE)
    assert reader.stdin is not None and reader.stdout is not None
    writer = subprocess.Popen(
        [str(CORRIDOR), "route", "Aktau", "Kars", "--alternatives", "20", "--json"],
        stdout=reader.stdin, stderr=subprocess.PIPE)
    reader.stdin.close()
    assert len(reader.stdout.read()) == 100
    reader.wait(timeout=120)
    assert writer.stderr is not None
    err = writer.stderr.read()
    code = writer.wait(timeout=120)
    assert (code, err) == (141, b"")  # the JSON (~260 kB) cannot all fit in the pipe


def test_ctrl_c_exits_130_with_one_line(tmp_path: Path) -> None:
    # The scenarios file is a FIFO: the command blocks reading it, inside its handler, until
    # we interrupt it.
    fifo = tmp_path / "s.toml"
    os.mkfifo(fifo)
    proc = subprocess.Popen([str(CORRIDOR), "scenarios", "--scenarios", str(fifo)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while True:  # opening the FIFO for writing succeeds once the command has it open
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            break
        except OSError as exc:
            assert exc.errno == errno.ENXIO and time.monotonic() < deadline
            assert proc.poll() is None, proc.communicate()
            time.sleep(0.05)
    try:
        proc.send_signal(signal.SIGINT)
        try:
            _, err = proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            # The signal landed just before the read blocked (or on another thread): Python's
            # handler has run, and the main thread raises KeyboardInterrupt at its next
            # bytecode, once the read returns. Ending the input lets it return; without the
            # interrupt the empty file would be read and the command exit 0.
            os.close(fd)
            fd = -1
            _, err = proc.communicate(timeout=60)
    finally:
        if fd >= 0:
            os.close(fd)
    assert proc.returncode == 130
    assert lines(err) == ["corridor: interrupted"]


def _boom(args: object) -> int:
    raise RuntimeError("a bug\nwith a second line")


def test_an_internal_error_exits_3_in_one_line_and_debug_reraises(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(cli.toolbox, "_cmd_scenarios", _boom)
    assert cli.main(["scenarios"]) == 3
    err = capsys.readouterr().err
    assert lines(err) == ["corridor: internal error: RuntimeError: a bug (run with --debug "
                          "for details)"]
    with pytest.raises(RuntimeError, match="a bug"):
        cli.main(["--debug", "scenarios"])


def test_an_os_error_about_no_path_is_an_internal_error(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def fail(args: object) -> int:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(cli.toolbox, "_cmd_scenarios", fail)
    assert cli.main(["scenarios"]) == 3
    assert "internal error: OSError" in capsys.readouterr().err


def test_a_full_disk_names_the_output_and_leaves_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    # ENOSPC surfaces when the data reaches the disk (fsync), without a file name
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    out = tmp_path / "r.geojson"
    assert cli.main(["route", "Baku", "Tbilisi", "--geojson", str(out)]) == 2
    assert lines(capsys.readouterr().err) == [
        f"corridor: error: {out}: {os.strerror(errno.ENOSPC)}"]
    assert list(tmp_path.iterdir()) == []


@pytest.fixture()
def tiny_disk(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A 200 kB tmpfs (needs root and a mount namespace that allows it; skipped otherwise)."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    if shutil.which("mount") is None or os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", str(mount)],
                          capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_a_really_full_disk_exits_2_naming_the_output(tiny_disk: Path) -> None:
    out = tiny_disk / "map.html"
    done = run("map", "--tiles", "none", "--self-contained", "--out", str(out))
    assert done.returncode == 2, done.stderr
    assert lines(done.stderr) == [f"corridor: error: {out}: {os.strerror(errno.ENOSPC)}"]
    assert list(tiny_disk.iterdir()) == []  # the atomic write left no partial file


@pytest.mark.parametrize("argv, where", [
    (["route", "Baku", "Tbilisi", "--geojson", "{tmp}/afile/r.geojson"], "{tmp}/afile"),
    (["route", "Baku", "Tbilisi", "--geojson", "{tmp}"], "{tmp}"),
    (["report", "--format", "json", "--out", "{tmp}/afile"], "{tmp}/afile"),
])
def test_unwritable_outputs_exit_2_naming_the_path(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str],
        where: str) -> None:
    (tmp_path / "afile").write_text("keep", encoding="utf-8")
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    assert cli.main(argv) == 2
    err = lines(capsys.readouterr().err)
    assert len(err) == 1 and err[0].startswith(
        f"corridor: error: {where.replace('{tmp}', str(tmp_path))}: "), err
    assert (tmp_path / "afile").read_text(encoding="utf-8") == "keep"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile"]


def test_scenarios_lists_refuse_unknown_names_of_a_user_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "mine.toml"
    path.write_text('[mine]\nclosed_countries = ["ARMM"]\n', encoding="utf-8")
    assert cli.main(["scenarios", "--scenarios", str(path)]) == 2
    err = lines(capsys.readouterr().err)
    assert err == [f"corridor: error: {path}: scenario 'mine': closed_countries: unknown "
                   f"country 'ARMM'; did you mean 'ARM'? (the geodata in "
                   f"{settings.SHIPPED_GEODATA} has no such country)"]
    path.write_text('[mine]\nclosed_countries = ["ARM"]\n', encoding="utf-8")
    assert cli.main(["scenarios", "--scenarios", str(path)]) == 0
    assert "mine: " in capsys.readouterr().out


def test_geojson_output_written_when_all_is_well(tmp_path: Path) -> None:
    out = tmp_path / "r.geojson"
    assert cli.main(["route", "Baku", "Tbilisi", "--geojson", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["type"] == "FeatureCollection"
