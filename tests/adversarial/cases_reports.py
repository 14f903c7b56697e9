"""Adversarial cases: ``corridor report`` with hostile names, pairs files and output folders.

Data must stay data: place, link and scenario texts carrying template syntax, HTML and
spreadsheet formulas are shown literally in every format (and neutralised in CSV cells); a
bad ``--pairs`` file is a one-line user error naming the file and line; the output folder
is replaced as a whole or not at all, and never takes a user's files with it.
"""

from __future__ import annotations

import csv
import html
import json
import re
from pathlib import Path

from adversarial._case import CANARY, Case, Outcome

#: Template syntax, markup and spreadsheet formulas put into the names of the data.
SSTI = "{{ 7*191 }}"
SSTI_BLOCK = "{% for x in range(3) %}LOOP{% endfor %}"
SSTI_CODE = "{{ cycler.__init__.__globals__.os.system('touch " + CANARY + "') }}"
SCRIPT = "<script>alert(1)</script>"
FORMULAS = ('=HYPERLINK("http://evil.example","x")', "+1", "-2", "@SUM(A1)")
#: Place id -> hostile name (the pairs file refers to places by id).
PLACE_NAMES = {
    "baku": FORMULAS[0],
    "kars": f"{SCRIPT} {SSTI}",
    "nakhchivan": "+1",
    "yerevan": f"-2 {SSTI_BLOCK}",
    "port_of_aktau": f"@SUM(A1) {SSTI_CODE}",
    "tbilisi": "\tTAB & <b>bold</b> | pipe [x](javascript:alert(1))",
}
LINK_PAYLOADS = (FORMULAS[0], "+1", "-2", "@SUM(A1)", f"{SCRIPT} {SSTI}", SSTI_BLOCK, SSTI_CODE)
DESCRIPTION = f"-3 {SCRIPT} {SSTI} | {SSTI_BLOCK} [x](javascript:alert(1))"
PAIRS = "origin,destination,modes\nbaku,kars,\nnakhchivan,kars,rail\nport_of_aktau,yerevan,\n"
#: First characters a spreadsheet reads as a formula (OWASP CSV injection).
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"-?\d+(\.\d+)?")
REPORT = "{tmp}/r"


def make_hostile(data: Path) -> Path:
    """Give the places of :data:`PLACE_NAMES`, every link and the ``today`` scenario of the
    geodata folder ``data`` hostile names."""
    places = json.loads((data / "places.geojson").read_text(encoding="utf-8"))
    for feat in places["features"]:
        props = feat["properties"]
        if props["id"] in PLACE_NAMES:
            props["name"] = PLACE_NAMES[props["id"]]
    (data / "places.geojson").write_text(json.dumps(places, ensure_ascii=False),
                                         encoding="utf-8")
    links = json.loads((data / "links.geojson").read_text(encoding="utf-8"))
    for i, feat in enumerate(links["features"]):
        feat["properties"]["name"] = LINK_PAYLOADS[i % len(LINK_PAYLOADS)]
    (data / "links.geojson").write_text(json.dumps(links, ensure_ascii=False),
                                        encoding="utf-8")
    toml = data / "scenarios.toml"
    text = toml.read_text(encoding="utf-8")
    old = re.search(r'\[today\]\ndescription = "[^"]*"', text)
    assert old is not None
    hostile = DESCRIPTION.replace('"', '\\"')
    toml.write_text(text.replace(old.group(0), f'[today]\ndescription = "{hostile}"'),
                    encoding="utf-8")
    return data


def _hostile_data(folder: Path) -> None:
    make_hostile(folder / "data")
    (folder / "pairs.csv").write_text(PAIRS, encoding="utf-8")


def _out(folder: Path) -> Path:
    return folder / "r"


def _no_template_ran(text: str) -> None:
    assert "1337" not in text, "a {{ 7*191 }} in the data was evaluated"
    assert "LOOPLOOP" not in text, "a {% for %} in the data was evaluated"


def _check_csv(folder: Path, outcome: Outcome) -> None:
    files = sorted((_out(folder) / "csv").glob("*.csv"))
    assert files, "no CSV written"
    seen = set()
    for path in files:
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.reader(fh):
                for cell in row:
                    seen.add(cell)
                    if cell[:1] in TRIGGERS:
                        assert NUMBER.fullmatch(cell), f"{path.name}: formula cell {cell!r}"
    assert "'" + FORMULAS[0] in seen and "'+1" in seen, "the hostile names are not shown"


def _check_md(folder: Path, outcome: Outcome) -> None:
    md = (_out(folder) / "report.md").read_text(encoding="utf-8")
    _no_template_ran(md)
    assert SSTI in md and SSTI_BLOCK in md, "the template syntax of the data is not shown"
    assert "<script" not in md and "<b>" not in md, "raw HTML from the data in report.md"
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in md
    assert not re.search(r"(?<!\\)\]\(javascript:", md), "a Markdown link from the data"
    # every table row keeps its header's column count: a | in the data is escaped
    lines = md.splitlines()
    width = None
    for line in lines:
        if not line.startswith("|"):
            width = None
            continue
        cells = len(re.findall(r"(?<!\\)\|", line))
        if width is None:
            width = cells
        assert cells == width, f"a table row with {cells - 1} cells, not {width - 1}: {line}"


def _check_json(folder: Path, outcome: Outcome) -> None:
    doc = json.loads((_out(folder) / "report.json").read_text(encoding="utf-8"))
    pairs = [(p["origin"], p["destination"]) for p in doc["pairs"]]
    assert pairs[0] == (FORMULAS[0], f"{SCRIPT} {SSTI}"), pairs  # data stays data
    assert doc["scenarios"][0]["description"] == DESCRIPTION


def _check_html(folder: Path, outcome: Outcome) -> None:
    page = (_out(folder) / "report.html").read_text(encoding="utf-8")
    # outside the maps' srcdoc (maps.py's own escaping; its coordinates may hold 1337),
    # no markup from the data
    outer = re.sub(r'srcdoc="[^"]*"', 'srcdoc=""', page)
    _no_template_ran(outer)
    assert "<script" not in outer and "<b>bold" not in outer
    shown = html.unescape(outer)  # what the page shows as text
    assert SCRIPT in shown and FORMULAS[0] in shown  # as it is (no CSV quote)


def _report_case(id: str, formats: str, check: object) -> Case:
    return Case(id, ["report", "--out", REPORT, "--geodata", "{data}", "--pairs",
                     "{tmp}/pairs.csv", "--format", formats], 0, None,
                setup=_hostile_data, check=check,  # type: ignore[arg-type]
                copy_data=True, tags=("reports",))


def _write(name: str, data: bytes | str) -> object:
    def setup(folder: Path) -> None:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        (folder / name).write_bytes(raw)
    return setup


def _pairs_case(id: str, data: bytes | str, message: str, exit: int = 2,
                check: object = None) -> Case:
    return Case(id, ["report", "--out", REPORT, "--pairs", "{tmp}/pairs.csv", "--format", "md"],
                exit, message, setup=_write("pairs.csv", data),  # type: ignore[arg-type]
                check=check or _nothing_written, tags=("reports", "pairs"))  # type: ignore[arg-type]


def _nothing_written(folder: Path, outcome: Outcome) -> None:
    assert not _out(folder).exists(), "a report was written from a bad pairs file"
    leftovers = [p.name for p in folder.iterdir() if p.name.startswith(".")]
    assert not leftovers, leftovers


def _two_pairs_written(folder: Path, outcome: Outcome) -> None:
    md = (_out(folder) / "report.md").read_text(encoding="utf-8")
    assert "Pairs: 2 from" in md, md[:300]


# --- output folders


OLD_REPORT = {"report.md": b"old md\n", "report.html": b"<p>old</p>\n",
              "csv/routes.csv": b"old,csv\n"}


def _old_report(extra: dict[str, bytes] | None = None) -> object:
    def setup(folder: Path) -> None:
        (folder / "pairs.csv").write_text("baku,kars\n", encoding="utf-8")
        for name, data in {**OLD_REPORT, **(extra or {})}.items():
            path = _out(folder) / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    return setup


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _old_report_intact(folder: Path, outcome: Outcome) -> None:
    assert _files(_out(folder)) == {**OLD_REPORT, "notes.txt": b"my notes\n"}
    assert sorted(p.name for p in folder.iterdir()) == ["pairs.csv", "r"]


def _replaced_whole(folder: Path, outcome: Outcome) -> None:
    files = _files(_out(folder))
    assert set(files) == {"report.md"}, f"old and new report files mixed: {sorted(files)}"
    assert files["report.md"] != OLD_REPORT["report.md"]
    assert sorted(p.name for p in folder.iterdir()) == ["pairs.csv", "r"], "temp left behind"


def _out_is_a_file(folder: Path) -> None:
    (folder / "pairs.csv").write_text("baku,kars\n", encoding="utf-8")
    (folder / "r").write_bytes(b"not a folder\n")


def _file_intact(folder: Path, outcome: Outcome) -> None:
    assert (folder / "r").read_bytes() == b"not a folder\n"


CASES = [
    # data that looks like code
    _report_case("report-hostile-names-csv", "csv", _check_csv),
    _report_case("report-hostile-names-md", "md", _check_md),
    _report_case("report-hostile-names-json", "json", _check_json),
    _report_case("report-hostile-names-html", "html", _check_html),
    # --pairs files
    _pairs_case("pairs-not-utf8", b"origin,destination\nbaku,kars\n\xff\xfe,kars\n",
                "pairs.csv:3"),
    _pairs_case("pairs-huge-field", "origin,destination\nbaku," + "k" * 200_000 + "\n",
                "pairs.csv:2"),
    _pairs_case("pairs-long-field", "origin,destination\nbaku," + "k" * 100_000 + "\n",
                "pairs.csv:2"),
    _pairs_case("pairs-empty", b"", "pairs.csv"),
    _pairs_case("pairs-header-only", "origin,destination,modes\n", "pairs.csv"),
    _pairs_case("pairs-missing-column", "origin,destination\nbaku\n", "pairs.csv:2"),
    _pairs_case("pairs-bad-header", "origin,modes\nbaku,rail\n", "pairs.csv:1"),
    _pairs_case("pairs-unknown-place-line", "origin,destination\nbaku,kars\nbaku,Tbilsi\n",
                "pairs.csv:3: unknown place 'Tbilsi'. Did you mean"),
    _pairs_case("pairs-ambiguous-place-line", "baku,kars\n\nbaku,Astara\n", "pairs.csv:3"),
    _pairs_case("pairs-nul-byte", "origin,destination\nbaku,ka\x00rs\n", "pairs.csv:2"),
    _pairs_case("pairs-bom-crlf", b"\xef\xbb\xbforigin,destination\r\nbaku,kars\r\n"
                b"baku,nakhchivan\r\n", "", exit=0, check=_two_pairs_written),
    Case("pairs-is-a-folder", ["report", "--out", REPORT, "--pairs", "{tmp}", "--format", "md"],
         2, "cannot read the pairs file", check=_nothing_written, tags=("reports", "pairs")),
    # output folders
    Case("out-old-report-replaced-whole", ["report", "--out", REPORT, "--pairs",
                                           "{tmp}/pairs.csv", "--format", "md"], 0, None,
         setup=_old_report(), check=_replaced_whole, tags=("reports", "out")),  # type: ignore[arg-type]
    Case("out-holds-foreign-files", ["report", "--out", REPORT, "--pairs", "{tmp}/pairs.csv",
                                     "--format", "md"], 2, "notes.txt",
         setup=_old_report({"notes.txt": b"my notes\n"}),  # type: ignore[arg-type]
         check=_old_report_intact, tags=("reports", "out")),
    Case("out-is-a-file", ["report", "--out", REPORT, "--pairs", "{tmp}/pairs.csv",
                           "--format", "md"], 2, "not a folder",
         setup=_out_is_a_file,
         check=_file_intact, tags=("reports", "out")),
]
