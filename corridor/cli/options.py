"""Shared pieces of the parser: the one-line-error parser class and the common options."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from corridor import settings

Handler = Callable[[argparse.Namespace], int]


class _Parser(argparse.ArgumentParser):
    """ArgumentParser that exits with code 2 and a one-line message on bad input."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message}\n")


def _whole_number(text: str, minimum: int) -> int:
    """Return ``text`` as a whole number of at least ``minimum`` (an argparse error if not)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < minimum:
        raise argparse.ArgumentTypeError(f"expected a number >= {minimum}, got {value}")
    return value


def _add_geodata_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--geodata",
        metavar="DIR",
        default=None,
        help="geodata folder (default: $CORRIDOR_GEODATA or the shipped data)",
    )


def _add_scenarios_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--scenarios", metavar="FILE", default=None,
        help="extra scenarios TOML file (added to the shipped ones)",
    )


def _add_profile_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--profile", choices=list(settings.PROFILES), default=settings.DEFAULT_PROFILE,
                   help="time profile: freight (trains, trucks; default) or passenger "
                   "(passenger trains, buses)")

