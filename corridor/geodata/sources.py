"""The sourcing policy: domains a feature may not cite (each with its reason), and its check.

``geodata/README.md`` ("Sourcing policy") says which kinds of sources the data prefers; this
module holds the part a program can enforce. :func:`source_problems` returns one
:class:`~corridor._errors.Problem` per URL of a feature on a refused domain (or one of its
subdomains) and per URL with loaded wording (:data:`LOADED_WORDS`), which
``corridor validate`` lists like any other problem (exit 1) and
:func:`corridor.geodata.load` refuses (exit 2 in the other commands). Host names written
in a note (``[example.com]``) are checked too, so a refused site is not cited by name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import unquote, urlsplit

from corridor._errors import Problem

_MIRROR = "copy or machine translation of Wikipedia: cite the original article"
_PIRATED = "unlicensed copy of a published guidebook: cite the publisher or another source"
_SCRAPE = "scraped or re-uploaded content with no identifiable publisher"

#: Refused domain -> why. A domain refuses itself and its subdomains.
REFUSED_DOMAINS: dict[str, str] = {
    "gagrule.net": "partisan blog whose URL slug insults a head of government",
    "what-when-how.com": _PIRATED,
    "urking.top": _PIRATED,
    "findwords.info": _SCRAPE,
    "irantube.com": _SCRAPE,
    **{host: _MIRROR for host in (
        "alchetron.com", "ask3.ru", "casplantje.nl", "datana.cloud", "ddns.net", "defzone.net",
        "dweb.link", "en-academic.com", "enwikipedia.net", "explained.today", "frwiki.wiki",
        "iiab.me", "jakami.de", "kampuspedia.com", "knowledgr.com", "memim.com", "mgwiki.top",
        "nina.az", "osmarks.net", "perceptioda.com", "perceptiode.com", "perceptiofr.com",
        "perceptiohu.com", "perceptionl.com", "perceptiopt.com", "perceptiosv.com",
        "pinocchiopedia.com",
        "profilpelajar.com", "qa.edu.vn", "qaz.wiki", "the-uncensored-wiki.com",
        "theinfolist.com", "wiki.li", "wiki.x.io", "wiki7.org", "wikibrief.org", "wikijii.com",
        "wikimili.com", "wikipedia-on-ipfs.org", "wikisort.org", "wikiup.org", "xcv.wiki",
        "zxc.wiki",
    )},
}

#: Words that, in a URL (its path or query, as whole words), make it a page we do not cite:
#: the fact may be true, but the URL's wording takes a side in a contested region.
LOADED_WORDS: frozenset[str] = frozenset({
    "aggressor", "aggressors", "liberated", "liberation", "occupation", "occupied",
    "occupiers", "occupier", "puppet", "surrender", "terrorist", "terrorists", "traitor",
    "traitors",
})
LOADED_REASON = "its URL carries loaded wording; cite a plain source for the same fact"

_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s\"<>]+")
_HOST_WORD = re.compile(r"[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def refused(host: str) -> str | None:
    """Return why ``host`` may not be cited, or ``None`` when it may.

    Parameters
    ----------
    host
        A host name (any case, an optional trailing dot).

    Returns
    -------
    str or None
        The reason from :data:`REFUSED_DOMAINS` of the domain ``host`` is or lies under.
    """
    name = host.lower().rstrip(".")
    for domain, reason in REFUSED_DOMAINS.items():
        if name == domain or name.endswith("." + domain):
            return reason
    return None


def host_of(url: str) -> str | None:
    """Return the host name of ``url`` (lower case, no ``www.``), or ``None`` if it has none."""
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    if not host:
        return None
    host = host.rstrip(".")
    return host[4:] if host.startswith("www.") else host


def loaded_words(url: str) -> list[str]:
    """Return the :data:`LOADED_WORDS` in ``url``'s path and query (decoded, any case)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return []
    words = re.split(r"[^a-z]+", unquote(f"{parts.path} {parts.query}").lower())
    return sorted(set(words) & LOADED_WORDS)


def _hosts(text: str) -> Iterator[str]:
    """Yield the host of every URL in ``text`` and every host-like word outside them."""
    for url in _URL.findall(text):
        host = host_of(url)
        if host:
            yield host
    yield from _HOST_WORD.findall(_URL.sub(" ", text))


def source_problems(file: str, fid: str, props: Mapping[str, Any]) -> list[Problem]:
    """Return one problem per refused domain a feature cites (in any text field).

    Parameters
    ----------
    file
        File name for the problems (``places.geojson`` …).
    fid
        The feature's id.
    props
        The feature's properties; every string (and string in a list) is scanned.

    Returns
    -------
    list of Problem
        ``(file, fid, field, "source domain X is refused: <reason>")``, once per field and
        domain, and one per URL whose wording is loaded (:data:`LOADED_WORDS`).
    """
    problems: list[Problem] = []
    for key, value in props.items():
        texts = value if isinstance(value, list) else [value]
        seen: set[str] = set()
        for text in texts:
            if not isinstance(text, str):
                continue
            for url in _URL.findall(text):
                words = loaded_words(url)
                if words and url not in seen:
                    seen.add(url)
                    problems.append(Problem(file, fid, key, f"source URL {url} uses "
                                            f"{', '.join(map(repr, words))}: {LOADED_REASON}"))
            for host in _hosts(text):
                reason = refused(host)
                name = host.lower().rstrip(".")
                if reason is not None and name not in seen:
                    seen.add(name)
                    problems.append(Problem(file, fid, key,
                                            f"source domain {name} is refused: {reason}"))
    return problems


def source_label(url: str, title: str | None = None) -> str:
    """Return the text a table or popup shows for a source: its title, else its domain.

    Parameters
    ----------
    url
        The source's URL.
    title
        A human title (e.g. ``source_name`` of ``published_figures.csv``), if any.

    Returns
    -------
    str
        ``title`` when it holds text; else the URL's host without ``www.`` (never its path,
        whose slug may carry loaded wording); else the text as given. Not escaped: escape it
        for the output format.
    """
    if title is not None and str(title).strip():
        return str(title).strip()
    return host_of(url) or url
