"""Adversarial cases: geodata and scenario text that looks like code, drawn by ``corridor map``.

Text in the data is data: a map shows it literally (HTML-escaped) and never evaluates it as a
Jinja template, as HTML or as JavaScript. Each case writes one payload into the copied
geodata (a place's name and note, a link's note, a region's name) or into a ``--scenarios``
TOML file (a scenario's name and description), runs ``corridor map`` and expects exit 0,
no canary file, and the payload in the page only in escaped form.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from adversarial._case import CANARY, Case, Outcome

#: Payload id -> text. The Jinja ones would print 1337, loop, fail to compile or run Python.
PAYLOADS = {
    "jinja-expr": "{{ 7*191 }}",
    "jinja-loop": "{% for x in range(3) %}x{% endfor %}",
    "jinja-stray-open": "Agarak {{ crossing",
    "jinja-comment": "Agarak {# crossing",
    "jinja-rce": "{{ lipsum.__globals__.os.mkdir('" + CANARY + "') }}",
    # no quotes: html.escape leaves it intact, so it reaches Jinja as code
    "jinja-rce-unquoted": "{{ lipsum.__globals__.os.mkdir(dict(" + CANARY + "=1)|first) }}",
    "html-img": "<img src=x onerror=alert(1)>",
    "html-script": "</script><script>alert(1)</script>",
    "js-template": "${alert(1)}`\\",
}

_PLACE = "agarak_norduz"  # a shipped place
_LINK_FILE, _PLACE_FILE, _REGION_FILE = "links.geojson", "places.geojson", "regions.geojson"


def _rewrite(path: Path, fid: str | None, **props: str) -> None:
    """Set ``props`` on the feature ``fid`` (the first feature when ``None``)."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    feature = next(f for f in doc["features"] if fid is None or f["properties"].get("id") == fid)
    feature["properties"].update(props)
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def _geodata_setup(text: str):  # type: ignore[no-untyped-def]
    def setup(folder: Path) -> None:
        data = folder / "data"
        _rewrite(data / _PLACE_FILE, _PLACE, name=f"{text} (name)", note=f"{text} (note)")
        _rewrite(data / _LINK_FILE, None, note=f"{text} (link note)")
        _rewrite(data / _REGION_FILE, None, name=f"{text} (region)")
    return setup


def _scenario_setup(text: str):  # type: ignore[no-untyped-def]
    def setup(folder: Path) -> None:
        toml = json.dumps(text)  # a TOML basic string is a JSON string
        (folder / "s.toml").write_text(
            f"[{toml}]\ndescription = {toml}\nclosed_countries = [\"IRN\"]\n",
            encoding="utf-8")
    return setup


def _check(text: str, *suffixes: str):  # type: ignore[no-untyped-def]
    def check(folder: Path, outcome: Outcome) -> None:
        assert not (folder / CANARY).exists()
        page = (folder / "m.html").read_text(encoding="utf-8")
        # the data sits in JS strings (JSON escapes) as escaped HTML: decoded, it is literal
        shown = html.unescape(_js_unescape(page))
        for suffix in suffixes:
            assert f"{text}{suffix}" in shown, suffix
        if "<" in text:
            assert text not in _js_unescape(page)  # never as markup
    return check


def _js_unescape(page: str) -> str:
    """The page with JSON ``\\uXXXX`` and ``\\/`` escapes decoded (JS strings hold the data)."""
    page = page.replace("\\/", "/")
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), page)


CASES = [
    *(Case(f"map-geodata-{pid}", ["map", "--geodata", "{data}", "--tiles", "none",
                                  "--out", "{tmp}/m.html"], 0,
           setup=_geodata_setup(text),
           check=_check(text, " (name)", " (note)", " (link note)", " (region)"),
           copy_data=True)
      for pid, text in PAYLOADS.items()),
    *(Case(f"map-scenario-{pid}", ["map", "--geodata", "{data}", "--tiles", "none",
                                   "--scenarios", "{tmp}/s.toml", "--scenario", text,
                                   "--out", "{tmp}/m.html"], 0,
           setup=_scenario_setup(text), check=_check(text, ""), copy_data=True)
      for pid, text in PAYLOADS.items()),
]
