"""MkDocs hook: the command-line reference page is the ``--help`` of every command."""

from __future__ import annotations

import argparse
from typing import Any

MARKER = "<!-- cli-reference -->"


def _helps() -> list[tuple[str, str]]:
    from corridor import cli

    parser = cli.build_parser()
    out = [("corridor", parser.format_help())]
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    for sub in subs:
        for name, child in sub.choices.items():
            out.append((f"corridor {name}", child.format_help()))
            for grand in child._actions:
                if isinstance(grand, argparse._SubParsersAction):
                    out.extend((f"corridor {name} {n}", p.format_help())
                               for n, p in grand.choices.items())
    return out


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    """Replace the marker of ``cli.md`` with the help of every command."""
    if MARKER not in markdown:
        return markdown
    parts = [f"## `{name}`\n\n```text\n{text.rstrip()}\n```\n" for name, text in _helps()]
    return markdown.replace(MARKER, "\n".join(parts))
