"""Popup tables of the map, row by row, for a link and places of the mini network.

The expected rows are written from `tests/mini_corridor.py` by hand. Written against surviving
mutants of ``scripts/mutation.py map-escaping`` (``corridor.maps.popups``).
"""

from __future__ import annotations

import mini_corridor
import numpy as np
import pytest

from corridor import geodata
from corridor.maps import popups, style

SOURCE = ('<a href="https://example.org/source" target="_blank" rel="noopener noreferrer">'
          "example.org</a>")
GEONAMES = ('<a href="https://www.geonames.org/" target="_blank" rel="noopener noreferrer">'
            "geonames.org</a>")  # the domain without www.


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> geodata.GeoData:
    return geodata.load(mini_corridor.write(tmp_path_factory.mktemp("mini")))


def test_a_planned_link_popup_lists_its_fields_in_order(mini: geodata.GeoData) -> None:
    row = mini.links.loc["r_cg2"]
    assert popups.link_rows(row, 1234.56, {"c": "Charlie", "g": "Golf"}) == [
        ("id", "r_cg2"), ("between", "Charlie – Golf"), ("mode", "rail"),
        ("status", "planned"), ("expected", "2029"), ("length", "1,234.6 km (geodesic)"),
        ("gauge", "1520 mm"), ("country", "GEO"), ("confidence", "medium"),
        ("corridors", "newline, branch"), ("source", SOURCE)]
    # without place names the ends are shown by id
    assert popups.link_rows(row, 1.0)[1] == ("between", "c – g")


def test_a_ferry_popup_shows_sailing_and_headway(mini: geodata.GeoData) -> None:
    rows = dict(popups.link_rows(mini.links.loc["f_pb"], 300.0))
    assert rows["mode"] == "ferry"
    assert rows["sailing (h)"] == "20.0" and rows["headway (h)"] == "48.0"
    assert "gauge" not in rows and "country" not in rows


def test_a_border_crossing_popup_has_its_own_rows(mini: geodata.GeoData) -> None:
    row = mini.places.loc["x"]
    assert popups.place_rows(row, "open") == [
        ("id", "x"), ("kind", "border crossing"), ("country", "AZE"), ("joins", "AZE – GEO"),
        ("status", "open"), ("in scenario", "open"), ("modes", "rail, road"),
        ("rail dwell (h)", "2.5"), ("source", GEONAMES)]
    assert ("in scenario", "open") not in popups.place_rows(row, None)


def test_a_city_popup_lists_its_other_names(mini: geodata.GeoData) -> None:
    assert popups.place_rows(mini.places.loc["a"], None) == [
        ("id", "a"), ("kind", "city"), ("also", "Älfa, Alfa"), ("country", "AZE"),
        ("source", GEONAMES)]


def test_only_http_and_https_sources_become_links() -> None:
    assert popups.links_html("http://a.org/x ftp://b.org/y") == (
        '<a href="http://a.org/x" target="_blank" rel="noopener noreferrer">a.org</a> '
        "ftp://b.org/y")


def test_a_table_is_its_rows_in_order() -> None:
    assert popups.table("T<", [("a", "1"), ("b", "<i>2</i>")]) == (
        '<div class="corridor-popup"><b>T&lt;</b><table><tr><th>a</th><td>1</td></tr>'
        "<tr><th>b</th><td><i>2</i></td></tr></table></div>")


# --------------------------------------------------------------------------- legend and markers


def test_legend_swatches_are_exact_svg_lines() -> None:
    assert style.line_svg("#f00", None) == (
        '<svg width="30" height="12"><line x1="2" y1="6" x2="28" y2="6" stroke="#f00" '
        'stroke-width="3"/></svg>')
    assert style.line_svg("#f00", "4 2", 5, halo="#ff0") == (
        '<svg width="30" height="12"><line x1="2" y1="6" x2="28" y2="6" stroke="#ff0" '
        'stroke-width="10" stroke-linecap="round" opacity="0.7"/><line x1="2" y1="6" x2="28" '
        'y2="6" stroke="#f00" stroke-width="5" stroke-dasharray="4 2"/></svg>')


def test_markers_have_their_kind_size_and_colour() -> None:
    assert style.marker_html("city") == (
        '<div class="corridor-marker corridor-kind-city" style="width:12px;height:12px;">'
        "</div>")
    assert style.marker_html("port", "#137a5c", 9) == (
        '<div class="corridor-marker corridor-kind-port" '
        'style="width:9px;height:9px;background:#137a5c;"></div>')


def test_cells_are_read_as_plain_values() -> None:
    assert style.css_id("Port of Baku/2") == "Port-of-Baku-2"
    assert style.css_id("a_B-9") == "a_B-9"
    value = style.plain(np.int64(3))
    assert value == 3 and type(value) is int
    assert style.plain(np.array(["tripp"])) == ["tripp"]
    assert style.plain("tripp") == "tripp"
    assert style.missing([]) and style.missing(np.array([])) and style.missing("  ")
    assert not style.missing(["x"]) and not style.missing(0) and not style.missing("x")


def test_a_link_popup_shows_its_opening_year_and_region(mini: geodata.GeoData) -> None:
    """``opened`` and a ``region`` property (kept from the file like any extra field) are
    rows of their own, in the popup's order."""
    row = mini.links.loc["r_cg2"].copy()
    row["opened"], row["region"] = 1999.0, "Syunik <b>"
    rows = popups.link_rows(row, 10.0)
    keys = [key for key, _ in rows]
    assert dict(rows)["opened"] == "1999" and dict(rows)["region"] == "Syunik &lt;b&gt;"
    assert keys.index("opened") == keys.index("expected") - 1
    assert keys.index("country") < keys.index("region") < keys.index("confidence")


def test_a_note_without_a_label_is_named_by_its_field() -> None:
    """A note field the popups have no label for is labelled by its name in words."""
    rows = popups.notes_rows({"speed_note": "as <i>announced</i>", "note": "n"},
                             ("speed_note", "note"))
    assert rows == [("notes", '<details class="corridor-notes"><summary>research notes'
                              "</summary><p><i>speed note:</i> as &lt;i&gt;announced&lt;/i&gt;"
                              "</p><p><i>note:</i> n</p></details>")]
