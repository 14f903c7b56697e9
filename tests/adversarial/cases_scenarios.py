"""Adversarial cases: hostile scenario files (``--scenarios FILE``).

A bad scenario must stop with exit 2 and one line that starts with the file and names the
scenario and the cause; nothing a scenario names may be silently ignored.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from adversarial._case import Case

LIST = ["scenarios", "--scenarios", "{tmp}/s.toml"]


def _route(scenario: str = "x") -> list[str]:
    return ["route", "Baku", "Tbilisi", "--scenario", scenario, "--scenarios", "{tmp}/s.toml"]


def _toml(text: str | bytes) -> Callable[[Path], None]:
    def setup(folder: Path) -> None:
        path = folder / "s.toml"
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return setup


def _override(key: str, value: str) -> Callable[[Path], None]:
    return _toml(f'[x]\ndescription = "x"\n[x.overrides]\n{key} = {value}\n')


def _chain(n: int, loop: bool = False) -> Callable[[Path], None]:
    parts = ['[s0]\ndescription = "first"\n' + (f'extends = "s{n - 1}"\n' if loop else "")]
    parts += [f'[s{i}]\nextends = "s{i - 1}"\n' for i in range(1, n)]
    return _toml("".join(parts))


CASES = [
    # overrides of the wrong type or out of range
    Case("scenario-override-string", LIST, 2, "s.toml: scenario 'x': override 'rail_speed_kmh'",
         setup=_override("rail_speed_kmh", '"fast"')),
    Case("scenario-override-negative-speed", LIST, 2,
         "s.toml: scenario 'x': override 'rail_speed_kmh' must be a positive number, got -5",
         setup=_override("rail_speed_kmh", "-5")),
    Case("scenario-override-zero-speed", LIST, 2, "s.toml: scenario 'x': override 'rail_speed",
         setup=_override("rail_speed_kmh", "0")),
    Case("scenario-override-zero-speed-route", _route(), 2, "s.toml: scenario 'x'",
         setup=_override("rail_speed_kmh", "0")),
    Case("scenario-override-negative-dwell", _route(), 2, "s.toml: scenario 'x': override "
         "'rail_border_dwell_h'", setup=_override("rail_border_dwell_h", "-1")),
    Case("scenario-override-nan", LIST, 2, "s.toml: scenario 'x': override 'road_speed_kmh'",
         setup=_override("road_speed_kmh", "nan")),
    Case("scenario-override-inf", LIST, 2, "s.toml: scenario 'x': override 'gauge_break_h'",
         setup=_override("gauge_break_h", "inf")),
    Case("scenario-override-bool", LIST, 2, "s.toml: scenario 'x': override 'gauge_break_h'",
         setup=_override("gauge_break_h", "true")),
    Case("scenario-override-speed-by-status-unknown", LIST, 2, "s.toml: scenario 'x'",
         setup=_override("speed_by_status", '{flying = 50}')),
    Case("scenario-override-speed-by-status-negative", LIST, 2, "s.toml: scenario 'x'",
         setup=_override("speed_by_status", '{planned = -50}')),
    Case("scenario-override-speed-by-status-not-table", LIST, 2, "s.toml: scenario 'x'",
         setup=_override("speed_by_status", '50')),
    Case("scenario-overrides-not-a-table", LIST, 2, "s.toml: scenario 'x'",
         setup=_toml('[x]\noverrides = 5\n')),
    Case("scenario-override-unknown-key", LIST, 2, "s.toml: scenario 'x'",
         setup=_override("rail_sped_kmh", "50")),
    # structure
    Case("scenario-extends-3000-deep", LIST, 2, "s.toml", setup=_chain(3000, loop=True)),
    Case("scenario-extends-3000-chain-ok", LIST, 0, setup=_chain(3000)),
    Case("scenario-extends-cycle", LIST, 2, "s.toml", setup=_chain(3, loop=True)),
    Case("scenario-extends-self", LIST, 2, "s.toml", setup=_toml('[x]\nextends = "x"\n')),
    Case("scenario-extends-not-a-string", LIST, 2, "s.toml: scenario 'x'",
         setup=_toml('[x]\nextends = ["today"]\n')),
    Case("scenario-toml-not-utf8", LIST, 2, "s.toml", setup=_toml(b'[x]\ndescription = "\xff"\n')),
    Case("scenario-toml-deep-arrays", LIST, 2, "s.toml",
         setup=_toml("[x]\nopen_links = " + "[" * 5000 + "]" * 5000 + "\n")),
    Case("scenario-toml-invalid", LIST, 2, "s.toml", setup=_toml("[x\n")),
    Case("scenario-description-not-string", LIST, 2, "s.toml: scenario 'x': description",
         setup=_toml("[x]\ndescription = 5\n")),
    Case("scenario-as-of-string", LIST, 2, "s.toml: scenario 'x': as_of",
         setup=_toml('[x]\nas_of = "2030"\n')),
    Case("scenario-list-of-numbers", LIST, 2, "s.toml: scenario 'x': open_links",
         setup=_toml("[x]\nopen_links = [1, 2]\n")),
    Case("scenario-unknown-status", LIST, 2, "s.toml: scenario 'x'",
         setup=_toml('[x]\nlink_statuses = ["operatng"]\n')),
    Case("scenario-not-a-table", LIST, 2, "s.toml", setup=_toml("x = 5\n")),
    Case("scenario-file-missing", LIST, 2, "s.toml"),
    Case("scenario-file-is-a-folder", LIST, 2, "s.toml",
         setup=lambda folder: (folder / "s.toml").mkdir()),
    # names that do not exist in the geodata
    Case("scenario-unknown-link", _route(), 2, "s.toml: scenario 'x': open_links",
         setup=_toml('[x]\nopen_links = ["no_such_link_at_all"]\n')),
    Case("scenario-unknown-closed-link-listed", LIST, 2, "s.toml: scenario 'x': closed_links",
         setup=_toml('[x]\nclosed_links = ["no_such_link_at_all"]\n')),
    Case("scenario-unknown-tag-suggests", _route(), 2, "did you mean 'tripp'",
         setup=_toml('[x]\nopen_corridors = ["tripx"]\n')),
    Case("scenario-unknown-country", _route(), 2, "s.toml: scenario 'x': closed_countries",
         setup=_toml('[x]\nclosed_countries = ["GEOO"]\n')),
    Case("scenario-unknown-border-country", _route(), 2, "s.toml: scenario 'x': closed_borders",
         setup=_toml('[x]\nclosed_borders = [["ARM", "XYZ"]]\n')),
    Case("scenario-unknown-crossing", _route(), 2, "s.toml: scenario 'x': open_crossings",
         setup=_toml('[x]\nopen_crossings = ["baku"]\n')),
]
