"""The layers of the network map: regions, links (one per link), places and area labels."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import folium

from corridor import geodata, scenarios
from corridor.maps.base import _REGION_ROUND, _ROUND, _latlngs, _rounded_geojson
from corridor.maps.elements import Attribution, LabelZoom
from corridor.maps.popups import link_rows, place_rows, table
from corridor.maps.style import (
    CLOSED_COLOR,
    CROSSING_COLORS,
    KIND_LABELS,
    MODE_COLORS,
    SEA_COLOR,
    STATUS_DASH,
    STATUS_GROUPS,
    TRIPP_COLOR,
    css_id,
    escape,
    is_tripp,
    marker_html,
    missing,
)

#: Area labels (Nakhchivan, Syunik, Armenia, TRIPP) show from this zoom level on.
LABEL_MIN_ZOOM = 5.5
#: Fill colours of the region polygons: the Nakhchivan exclave, another admin-1 region
#: (Syunik), any other country.
REGION_FILLS = {"exclave": "#f3e3bd", "region": "#dfe9d3", "country": "#f4f2ee"}


def _add_regions(m: folium.Map, data: geodata.GeoData, show: bool, sea: bool) -> int:
    regions = data.regions
    if regions is None or not len(regions):
        return 0
    group = folium.FeatureGroup(name="Regions (Natural Earth)", show=show)
    if sea:  # the regions' frame in sea blue: water is where no region is
        west, south, east, north = (float(v) for v in regions.total_bounds)
        folium.Rectangle([[south, west], [north, east]], stroke=False, fill=True,
                         fill_color=SEA_COLOR, fill_opacity=1, interactive=False,
                         class_name="corridor-sea").add_to(group)
    count = 0
    for rid, row in regions.iterrows():
        geom = row.geometry
        if geom is None or geom.is_empty or "Polygon" not in geom.geom_type:
            continue
        label = _region_label(row)
        fid = row.get("id") if not missing(row.get("id")) else rid
        feature = {"type": "Feature", "id": str(rid), "properties": {},
                   "geometry": _rounded_geojson(geom, _REGION_ROUND)}
        # One GeoJson layer per region: one SVG path each, with an escaped tooltip
        # (folium's GeoJsonTooltip would insert property values unescaped).
        layer = folium.GeoJson(
            feature, name=None, control=False,
            className=f"corridor-region corridor-region-{css_id(str(fid))}",
            color="#9a8f7a", weight=1, fillColor=_region_fill(row, label),
            fillOpacity=0.9 if show else 0.5, fill=True,
        )
        folium.Tooltip(escape(label), sticky=True).add_to(layer)
        layer.add_to(group)
        count += 1
    group.add_to(m)
    Attribution("Boundaries: Natural Earth (public domain)").add_to(m)
    return count


def _region_fill(row: Any, label: str) -> str:
    """Fill colour of a region: the exclave, an admin-1 region (Syunik), or a country."""
    if "nakhchivan" in label.lower():
        return REGION_FILLS["exclave"]
    if not missing(row.get("region")):
        return REGION_FILLS["region"]
    return REGION_FILLS["country"]


def _region_label(row: Any) -> str:
    for key in ("region", "name", "NAME", "admin", "country"):
        value = row.get(key) if hasattr(row, "get") else None
        if not missing(value):
            if key == "region" and not missing(row.get("country")):
                return f"{value} ({row.get('country')})"
            return str(value)
    return "region"


def _add_links(m: folium.Map, data: geodata.GeoData, usable: frozenset[str] | None,
               scenario_name: str | None) -> tuple[int, int]:
    links = data.links
    lengths = geodata.link_lengths_km(links)
    names = {str(k): str(v) for k, v in data.places["name"].items()}
    groups: dict[str, folium.FeatureGroup] = {}

    def group(label: str) -> folium.FeatureGroup:
        if label not in groups:
            groups[label] = folium.FeatureGroup(name=label, show=True)
        return groups[label]

    # TRIPP halo first, so it lies under the links.
    tripp_ids = [lid for lid, tags in links.get("corridors", {}).items()
                 if is_tripp(tags)]
    if tripp_ids:
        halo = folium.FeatureGroup(name="TRIPP corridor (highlight)", show=True)
        for lid in sorted(tripp_ids):
            folium.PolyLine(_latlngs(links.at[lid, "geometry"]), color=TRIPP_COLOR, weight=13,
                            opacity=0.75, class_name="corridor-tripp",
                            interactive=False).add_to(halo)
        halo.add_to(m)

    drawn = 0
    for mode in geodata.MODES:
        for label, statuses in STATUS_GROUPS:
            selected = links[(links["mode"] == mode) & links["status"].isin(statuses)]
            for lid, row in selected.sort_index().iterrows():
                status = str(row["status"])
                dimmed = usable is not None and lid not in usable
                closed = status in ("closed", "dismantled")
                color = CLOSED_COLOR if closed or dimmed else MODE_COLORS[mode]
                dash = "1 4" if dimmed else STATUS_DASH.get(status)
                name = row.get("name")
                title = str(name) if not missing(name) else str(lid)
                layer_label = (f"Not usable in scenario: {escape(scenario_name)}" if dimmed
                               else f"{mode.title()} · {label}")
                line = folium.PolyLine(
                    _latlngs(row.geometry), color=color, weight=2 if dimmed else 3.5,
                    opacity=0.6 if dimmed else 0.9, dash_array=dash,
                    class_name=(f"corridor-link corridor-link-{css_id(lid)} "
                                f"corridor-mode-{mode} corridor-status-{css_id(status)}"),
                )
                tip = f"{title} — {mode}, {status.replace('_', ' ')}, {lengths[lid]:,.0f} km"
                folium.Tooltip(escape(tip), sticky=True).add_to(line)
                folium.Popup(table(title, link_rows(row, float(lengths[lid]), names)),
                             max_width=360).add_to(line)
                line.add_to(group(layer_label))
                drawn += 1
    for g in groups.values():
        g.add_to(m)
    return drawn, len(tripp_ids)


def _add_places(m: folium.Map, data: geodata.GeoData, selection: scenarios.Selection | None,
                scenario_name: str | None, kinds: Sequence[str] = tuple(KIND_LABELS)) -> int:
    places = data.places
    count = 0
    for kind, label in KIND_LABELS.items():
        if kind not in kinds:
            continue
        selected = places[places["kind"] == kind].sort_index()
        if not len(selected):
            continue
        group = folium.FeatureGroup(name=label, show=True)
        for pid, row in selected.iterrows():
            state = None
            if kind == "border_crossing":
                if selection is not None:
                    state = "open" if pid in selection.crossings else "closed"
                    color = CROSSING_COLORS[state]
                else:
                    color = CROSSING_COLORS.get(str(row.get("status")), "#999")
                size = 14
            else:
                color, size = None, {"city": 13, "port": 15}.get(kind, 9)
            icon = folium.DivIcon(
                html=marker_html(kind, color, size), icon_size=(size, size),
                icon_anchor=(size // 2, size // 2),
                class_name=f"corridor-place corridor-place-{css_id(pid)}",
            )
            marker = folium.Marker([round(row.geometry.y, _ROUND), round(row.geometry.x, _ROUND)],
                                   icon=icon)
            status = row.get("status")
            detail = str(kind).replace("_", " ")
            if kind == "border_crossing":
                detail += f", {state or status}"
            folium.Tooltip(escape(f"{row['name']} ({detail})"), sticky=False).add_to(marker)
            folium.Popup(table(str(row["name"]), place_rows(row, state)),
                         max_width=360).add_to(marker)
            marker.add_to(group)
            count += 1
        group.add_to(m)
    return count


def _region_position(regions: Any, mask: Any) -> tuple[float, float] | None:
    """Return (lat, lon) inside the union of the masked regions, ``None`` for none."""
    if regions is None or not len(regions) or not mask.any():
        return None
    geom = regions[mask].geometry.union_all()
    point = geom.centroid if geom.contains(geom.centroid) else geom.representative_point()
    return point.y, point.x


def _places_position(places: Any, mask: Any) -> tuple[float, float] | None:
    """Return the mean (lat, lon) of the masked places, ``None`` for none."""
    if not mask.any():
        return None
    pts = places[mask].geometry
    return float(pts.y.mean()), float(pts.x.mean())


def _region_mask(regions: Any, word: str) -> Any:
    """Return the mask of the regions whose label contains ``word`` (any case)."""
    texts = regions.apply(_region_label, axis=1).str.lower()
    return texts.str.contains(word.lower(), regex=False)


def _tripp_label(links: Any) -> tuple[str, str, float, float] | None:
    """Return the TRIPP label, at the centre of its Armenian links if any (else of all)."""
    if "corridors" not in links:
        return None
    tripp = links[links["corridors"].apply(is_tripp)]
    # TRIPP proper is the crossing of southern Armenia: label its Armenian links if any
    in_armenia = tripp[tripp["country"] == "ARM"] if "country" in tripp else tripp[:0]
    chosen = in_armenia if len(in_armenia) else tripp
    if not len(chosen):
        return None
    c = chosen.geometry.union_all().centroid
    return ("TRIPP", "corridor-label-tripp", c.y, c.x)


def _label_points(data: geodata.GeoData) -> list[tuple[str, str, float, float]]:
    """Return (text, css class, lat, lon) of the area labels, positioned from the data."""
    out: list[tuple[str, str, float, float]] = []
    regions = data.regions
    has_regions = regions is not None and len(regions) > 0
    region_col = data.places.get("region")
    for text, word, css in (("Nakhchivan AR\nAzerbaijani exclave", "Nakhchivan",
                             "corridor-label-exclave"),
                            ("Syunik\nArmenia", "Syunik", "")):
        pos = _region_position(regions, _region_mask(regions, word)) if has_regions else None
        if pos is None and region_col is not None:
            # no polygon: beside the mean of the region's places (not on top of them)
            pos = _places_position(data.places,
                                   region_col.fillna("").str.contains(word, regex=False))
            css += " corridor-label-beside"
        if pos is not None:
            out.append((text, css.strip(), *pos))
    country = regions.get("country") if has_regions and regions is not None else None
    if country is not None:
        pos = _region_position(regions, (country == "ARM") & ~_region_mask(regions, "Syunik"))
        if pos is not None:
            out.append(("ARMENIA", "", *pos))
    tripp = _tripp_label(data.links)
    if tripp is not None:
        out.append(tripp)
    return out


def _lines(text: str) -> str:
    """Escaped label text; the first line in full size, the others smaller."""
    first, *rest = text.split("\n")
    return escape(first) + "".join(f"<br><small>{escape(r)}</small>" for r in rest)


def _add_labels(m: folium.Map, data: geodata.GeoData) -> int:
    points = _label_points(data)
    if not points:
        return 0
    # Labels in their own pane: above the lines, below the place markers.
    folium.map.CustomPane("corridor-labels", z_index=450, pointer_events=False).add_to(m)
    group = folium.FeatureGroup(name="Labels", show=True)
    for text, css, lat, lon in points:
        folium.Marker(
            [round(lat, 4), round(lon, 4)], interactive=False, pane="corridor-labels",
            icon=folium.DivIcon(html=f'<span class="corridor-label-text {css}">{_lines(text)}'
                                "</span>", icon_size=(0, 0), class_name="corridor-label"),
        ).add_to(group)
    group.add_to(m)
    LabelZoom(LABEL_MIN_ZOOM).add_to(m)
    return len(points)
