"""The sourcing policy: refused domains are problems of `corridor validate`; popups and report
cells show a source's domain, never its URL slug, and never unescaped."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import line, point, write_geodata

from corridor import geodata
from corridor._errors import GeodataError
from corridor.geodata.sources import (
    REFUSED_DOMAINS,
    host_of,
    refused,
    source_label,
    source_problems,
)
from corridor.maps.popups import links_html

CORRIDOR = Path(sys.executable).with_name("corridor")
A, B = (45.41222, 39.20889), (45.60, 39.10)
SLUG = "some-insulting-slug-about-a-head-of-government"


def _folder(tmp_path: Path, source: str, note: str | None = None) -> Path:
    extra = {"note": note} if note else {}
    places = [point("pa", *A, source=source, **extra), point("pb", *B)]
    links = [line("ab", "pa", "pb", [A, B], geometry_source=f"https://gagrule.net/{SLUG}")]
    return write_geodata(tmp_path / "g", places, links)


def test_every_refused_domain_has_a_reason() -> None:
    assert "gagrule.net" in REFUSED_DOMAINS
    for domain, reason in REFUSED_DOMAINS.items():
        assert domain == domain.lower() and "/" not in domain and reason.strip(), domain


def test_refused_matches_the_domain_and_its_subdomains_only() -> None:
    assert refused("gagrule.net") and refused("WWW.GagRule.net.") and refused("de.zxc.wiki")
    assert refused("notgagrule.net") is None and refused("en.wikipedia.org") is None
    assert refused("gagrule.net.example.org") is None


def test_validate_refuses_a_feature_citing_a_refused_domain(tmp_path: Path) -> None:
    folder = _folder(tmp_path, f"https://www.geonames.org/1 https://blog.gagrule.net/{SLUG}",
                     note="as reported by [urking.top]")
    done = subprocess.run([str(CORRIDOR), "validate", str(folder)], capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 1, done
    reason = REFUSED_DOMAINS["gagrule.net"]
    out = done.stdout.splitlines()
    assert (f"places.geojson: pa: source: source domain blog.gagrule.net is refused: {reason}"
            in out), out
    assert (f"links.geojson: ab: geometry_source: source domain gagrule.net is refused: "
            f"{reason}" in out), out
    assert any(ln.startswith("places.geojson: pa: note: source domain urking.top is refused")
               for ln in out), out
    assert done.stderr.strip() == "3 problem(s) found"
    # Every other command refuses to load such a folder (one line, exit 2 in the CLI).
    with pytest.raises(GeodataError, match="source domain"):
        geodata.load(folder)
    route = subprocess.run([str(CORRIDOR), "route", "pa", "pb", "--geodata", str(folder)],
                           capture_output=True, text=True, timeout=120, check=False)
    assert route.returncode == 2 and "is refused" in route.stderr


def test_a_clean_source_is_no_problem() -> None:
    props = {"id": "x", "source": "https://en.wikipedia.org/wiki/Gagrule https://www.adb.org/x",
             "alt_names": ["gagrule"], "note": "see geonames.org"}
    assert source_problems("places.geojson", "x", props) == []


HOSTILE = ('https://www.gagrule.net/"><script>alert(1)</script>/' + SLUG
           + "?q=<img src=x onerror=alert(2)>")


def test_popup_shows_the_domain_not_the_slug_and_escapes_the_href() -> None:
    html = links_html(f"{HOSTILE} https://en.wikipedia.org/wiki/{SLUG} javascript:alert(3)")
    assert ">gagrule.net</a>" in html and ">en.wikipedia.org</a>" in html
    assert SLUG not in html.split('href="')[0]
    text_parts = [chunk.split("</a>")[0].split(">")[-1] for chunk in html.split("<a ")[1:]]
    assert all(SLUG not in t for t in text_parts), text_parts
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html  # the href keeps the URL, escaped
    assert 'href="javascript' not in html and "javascript:alert(3)" in html  # shown as text


def test_popup_names_the_real_host_of_a_url_with_credentials() -> None:
    html = links_html("https://www.adb.org@evil.example/path")
    assert ">evil.example</a>" in html and ">www.adb.org" not in html
    assert host_of("https://WWW.Example.org./a") == "example.org"
    assert host_of("https://[::1") is None


def test_source_label_prefers_a_title_then_the_domain() -> None:
    assert source_label(HOSTILE) == "gagrule.net"
    assert source_label(HOSTILE, "  Railway Gazette ") == "Railway Gazette"
    assert source_label(HOSTILE, "") == "gagrule.net"
    assert source_label("not a url") == "not a url"


def test_a_url_with_loaded_wording_is_a_problem() -> None:
    url = "https://news.example/a/new-road-in-the-Liberated-territories%20opens"
    props = {"id": "x", "source": f"https://www.geonames.org/1 {url}",
             "note": "https://example.org/occupational-safety-of-road-crews"}
    problems = source_problems("links.geojson", "x", props)
    assert [(p.field, p.message) for p in problems] == [
        ("source", f"source URL {url} uses 'liberated': its URL carries loaded wording; "
                   "cite a plain source for the same fact")]
