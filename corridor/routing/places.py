"""Places and countries by name: folding names for matching, place lookup, country codes."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict

from corridor import geodata
from corridor._cells import as_list
from corridor._errors import AmbiguousPlace, CountryNotFound, PlaceNotFound
from corridor.routing import cache

#: Countries of the corridor area (ISO 3166-1 alpha-3 -> English names and common spellings).
COUNTRIES: dict[str, tuple[str, ...]] = {
    "AFG": ("Afghanistan",),
    "ARM": ("Armenia", "Hayastan"),
    "AZE": ("Azerbaijan", "Azerbaycan", "Azərbaycan"),
    "BGR": ("Bulgaria",),
    "BLR": ("Belarus",),
    "CHN": ("China", "People's Republic of China", "PRC"),
    "GEO": ("Georgia", "Sakartvelo"),
    "GRC": ("Greece",),
    "IRN": ("Iran", "Islamic Republic of Iran", "Persia"),
    "KAZ": ("Kazakhstan", "Qazaqstan"),
    "KGZ": ("Kyrgyzstan", "Kyrgyz Republic"),
    "MDA": ("Moldova",),
    "POL": ("Poland",),
    "ROU": ("Romania",),
    "RUS": ("Russia", "Russian Federation"),
    "TJK": ("Tajikistan",),
    "TKM": ("Turkmenistan",),
    "TUR": ("Turkey", "Türkiye", "Turkiye"),
    "UKR": ("Ukraine",),
    "UZB": ("Uzbekistan",),
}


_EXTRA_FOLD = str.maketrans({"ə": "a", "Ə": "a", "ı": "i", "ł": "l", "ø": "o", "đ": "d",
                             "ß": "ss", "’": "", "'": "", "ʼ": "", "`": ""})


def fold(text: str) -> str:
    """Normalise a name for matching: no case, no diacritics, ``_``/``-`` as spaces."""
    text = text.translate(_EXTRA_FOLD)
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    plain = re.sub(r"[\s_\-–—./]+", " ", plain)
    return plain.strip()


def _build_index(data: geodata.GeoData) -> dict[str, list[tuple[int, str]]]:
    index: dict[str, list[tuple[int, str]]] = defaultdict(list)
    places = data.places
    # columns, not iterrows (a Series per row): an OSM-built dataset has ~100k places
    alts = places["alt_names"] if "alt_names" in places else [None] * len(places)
    for pid, name, alt_names in zip(places.index, places["name"], alts, strict=True):
        index[fold(pid)].append((0, pid))
        index[fold(str(name))].append((1, pid))
        for alt in as_list(alt_names):
            index[fold(alt)].append((2, pid))
    return dict(index)  # published complete, never changed after


def _name_index(data: geodata.GeoData) -> dict[str, list[tuple[int, str]]]:
    return cache.NAME_INDEX.get_or_build(data, None, lambda: _build_index(data))


def _describe(data: geodata.GeoData, pid: str) -> str:
    row = data.places.loc[pid]
    return f"{pid} ({row['name']}, {row['country']})"


def find_place(query: str, data: geodata.GeoData | None = None) -> str:
    """Return the id of the place a name designates.

    Matches the id, the name or any alternative name, ignoring case and diacritics. An exact
    id beats a name, a name beats an alternative name. A country may follow the name to pick
    one of several: ``"Culfa, IRN"`` or ``"Culfa (Iran)"``.

    Parameters
    ----------
    query
        Place id, name or alternative name.
    data
        Geodata (default: the shipped data).

    Returns
    -------
    str
        The place id.

    Raises
    ------
    PlaceNotFound
        No place matches; ``suggestions`` lists the closest names.
    AmbiguousPlace
        Several places match equally well; ``candidates`` lists them with their countries.
    """
    data = data if data is not None else cache.default_data()
    index = _name_index(data)
    country: str | None = None
    text = query.strip()
    m = re.match(r"^(.*?)\s*(?:,\s*([^,()]+)|\(([^()]+)\))\s*$", text)
    if m and (m.group(2) or m.group(3)) and fold(text) not in index:
        try:
            country = country_code((m.group(2) or m.group(3)).strip(), data)
            text = m.group(1)
        except CountryNotFound:
            country = None
    hits = index.get(fold(text), [])
    if country is not None:
        own = [(t, p) for t, p in hits if data.places.at[p, "country"] == country]
        hits = own or [(t, p) for t, p in hits
                       if country in as_list(data.places.at[p, "countries"])]
    if hits:
        best = min(t for t, _ in hits)
        ids = sorted({p for t, p in hits if t == best})
        if len(ids) == 1:
            return ids[0]
        raise AmbiguousPlace(query, [_describe(data, p) for p in ids])
    keys = list(index)
    close = difflib.get_close_matches(fold(text), keys, n=5, cutoff=0.6)
    suggestions: list[str] = []
    for key in close:
        for _, pid in sorted(index[key]):
            label = f"{data.places.at[pid, 'name']} ({pid})"
            if label not in suggestions:
                suggestions.append(label)
    raise PlaceNotFound(query, suggestions[:5])


def data_countries(data: geodata.GeoData) -> set[str]:
    """Return the ISO3 codes the geodata uses.

    Places' ``country``/``countries``, links' ``country``.
    """
    out = {str(c) for c in data.places["country"].dropna()}
    if "countries" in data.places:
        for value in data.places["countries"]:
            out.update(as_list(value))
    if "country" in data.links:
        out.update(str(c) for c in data.links["country"].dropna())
    return out


def country_code(query: str, data: geodata.GeoData | None = None) -> str:
    """Return the ISO 3166-1 alpha-3 code of a country given by code or name.

    Parameters
    ----------
    query
        An ISO3 code or an English name or common spelling (case and diacritics ignored).
    data
        Geodata whose countries are known too (a code used by the data but missing from
        :data:`COUNTRIES` is accepted).

    Raises
    ------
    CountryNotFound
        When neither a known code nor a known name matches (a three-letter code that is
        in neither :data:`COUNTRIES` nor the data is refused); ``suggestions`` lists close
        names or codes, or for an unknown code the codes the data uses.
    """
    text = query.strip()
    known = set(COUNTRIES) | (data_countries(data) if data is not None else set())
    if text.upper() in known:
        return text.upper()
    folded = fold(text)
    for code, names in COUNTRIES.items():
        if folded in {fold(n) for n in names}:
            return code
    labels = {fold(n): n for names in COUNTRIES.values() for n in names}
    labels.update({c.casefold(): c for c in sorted(known)})
    close = [labels[c] for c in difflib.get_close_matches(folded, list(labels), n=3,
                                                          cutoff=0.6)]
    if not close and re.fullmatch(r"[A-Za-z]{3}", text) and data is not None:
        close = sorted(data_countries(data))
    raise CountryNotFound(query, close)


def _label(data: geodata.GeoData, end: str | tuple[float, float]) -> str:
    if isinstance(end, tuple | list):
        return f"({float(end[0]):g}, {float(end[1]):g})"
    try:
        pid = find_place(end, data)
        return str(data.places.at[pid, "name"])
    except (PlaceNotFound, AmbiguousPlace):
        return str(end)
