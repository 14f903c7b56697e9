"""Offline assets and deterministic output for folium maps.

Two things a saved map needs beyond what folium does by default:

* **self-contained HTML** – folium links Leaflet, jQuery and the plugins' JavaScript / CSS
  from CDNs. :func:`inline_assets` replaces each ``<script src>`` / ``<link href>`` by the
  file's text, taken from the PyPI package ``folium-offline`` (module ``offlinefolium``),
  which ships the exact files folium 0.20 links to, keyed by the same URLs. Nothing is
  fetched and nothing is written into this repository by hand.
* **byte-identical output** – branca gives every element a random 128-bit id.
  :func:`normalise_ids` renumbers them in the rendered page, in order of appearance, so the
  same inputs give the same file.
"""

from __future__ import annotations

import re
from collections import OrderedDict

from branca.element import CssLink, Element, Figure, JavascriptLink

from corridor._errors import MissingAsset
from corridor.maps.safe import Verbatim, _sub_elements

__all__ = ["ASSETS_DISTRIBUTION", "MissingAsset", "asset_table", "element_ids", "inline_assets",
           "normalise_ids"]

#: The PyPI distribution that provides the offline copies of folium's assets.
ASSETS_DISTRIBUTION = "folium-offline"


def asset_table() -> dict[str, str]:
    """Return ``{url: file text}`` for every asset folium can link to.

    Returns
    -------
    dict
        The asset text keyed by the CDN URL folium uses for it.

    Raises
    ------
    MissingAsset
        When ``folium-offline`` is not installed.
    """
    try:
        from offlinefolium import elements as offline_elements
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise MissingAsset(
            f"self-contained maps need the PyPI package {ASSETS_DISTRIBUTION!r} "
            f"(pip install {ASSETS_DISTRIBUTION}): {exc}"
        ) from exc
    table: dict[str, str] = offline_elements._res
    return table


def _script(code: str) -> Element:
    # Verbatim: the asset's text is not template source. ``</script`` inside the code would
    # end the element early; none of the shipped assets contains it, but escape it so a
    # future asset cannot break the page.
    return Verbatim("<script>" + code.replace("</script", "<\\/script") + "</script>")


def _style(css: str) -> Element:
    return Verbatim("<style>" + css.replace("</style", "<\\/style") + "</style>")


def inline_assets(figure: Figure) -> int:
    """Replace the CDN links in a rendered figure's header by the assets' text.

    Call after the figure's children were rendered (that is when folium adds the links).

    Parameters
    ----------
    figure
        The branca figure holding the map.

    Returns
    -------
    int
        The number of links replaced.

    Raises
    ------
    MissingAsset
        When a linked URL has no offline copy.
    """
    table = asset_table()
    replaced = 0
    children: OrderedDict[str, Element] = OrderedDict()
    for name, child in figure.header._children.items():
        if isinstance(child, JavascriptLink | CssLink):
            url = child.url
            if url not in table:
                raise MissingAsset(
                    f"no offline copy of {url} in {ASSETS_DISTRIBUTION}; the installed folium "
                    "and folium-offline versions disagree (both should be 0.20.x)"
                )
            child = _script(table[url]) if isinstance(child, JavascriptLink) else _style(table[url])
            child._parent = figure.header
            replaced += 1
        children[name] = child
    figure.header._children = children
    return replaced


def element_ids(root: Element) -> set[str]:
    """Return the ids of ``root`` and every element below it."""
    ids: set[str] = set()
    stack = [root]
    seen: set[int] = set()
    while stack:
        element = stack.pop()
        if id(element) in seen:
            continue
        seen.add(id(element))
        ids.add(element._id)
        stack.extend(_sub_elements(element))
    return ids


_ID_RE = re.compile(r"(?<=_)[0-9a-f]{32}(?![0-9a-f])")


def normalise_ids(html_text: str, root: Element) -> str:
    """Replace branca's random element ids in rendered HTML by sequential ones.

    Only the ids of elements under ``root`` are replaced (numbered in order of first
    appearance), so data text that merely looks like an id is left alone.

    Parameters
    ----------
    html_text
        The rendered page.
    root
        The figure it was rendered from (after rendering).

    Returns
    -------
    str
        The page with ids ``000001``, ``000002`` … instead of random 128-bit hex.
    """
    ids = element_ids(root)
    mapping: dict[str, str] = {}

    def sub(match: re.Match[str]) -> str:
        token = match.group(0)
        if token not in ids:
            return token
        if token not in mapping:
            mapping[token] = f"{len(mapping) + 1:06d}"
        return mapping[token]

    return _ID_RE.sub(sub, html_text)
