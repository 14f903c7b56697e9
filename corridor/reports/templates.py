"""The jinja2 environments of the report templates and the Markdown escaping of data."""

from __future__ import annotations

import functools
import re
from typing import Any

import jinja2

#: Characters of the data that Markdown would read as markup: backslash-escaped.
_MD_SPECIAL = re.compile(r"([\\`|\[\]])")
#: Line breaks and tabs of the data (they would end a table row or a list item).
_MD_BREAKS = re.compile(r"[\r\n\t]+")


def md_escape(value: Any) -> str:
    r"""Return ``value`` as Markdown text that shows it literally (inline or in a table cell).

    ``&``, ``<`` and ``>`` become entities (Markdown renderers pass HTML through), ``\``,
    `````, ``|``, ``[`` and ``]`` are backslash-escaped (code spans, table cells, links) and
    line breaks and tabs become spaces.

    Parameters
    ----------
    value
        Any value; it is shown as ``str(value)``.

    Returns
    -------
    str
        The escaped text.
    """
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_BREAKS.sub(" ", text)
    return _MD_SPECIAL.sub(r"\\\1", text)


@functools.cache
def environment(kind: str) -> jinja2.Environment:
    """Return the jinja2 environment of the ``html`` (autoescaped) or ``md`` templates.

    The templates are package files (``corridor/templates``); data only ever reaches them as
    variables. Undefined variables are errors (``StrictUndefined``). In the Markdown one
    every ``{{ value }}`` goes through :func:`md_escape`.

    Parameters
    ----------
    kind
        ``"html"`` (also for the SVG charts) or ``"md"``.

    Returns
    -------
    jinja2.Environment
        The environment, made once per kind.
    """
    loader = jinja2.PackageLoader("corridor", "templates")
    if kind == "html":
        return jinja2.Environment(loader=loader, autoescape=True,
                                  undefined=jinja2.StrictUndefined, trim_blocks=True,
                                  lstrip_blocks=True, keep_trailing_newline=True)
    return jinja2.Environment(loader=loader, autoescape=False, finalize=md_escape,
                              undefined=jinja2.StrictUndefined, trim_blocks=True,
                              lstrip_blocks=True, keep_trailing_newline=True)
