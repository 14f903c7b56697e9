"""Exception types: one per kind of failure a user can cause.

Each one subclasses :class:`CorridorError` and the builtin it refines (as osmnx does), so
library users may catch either: a :class:`ScenarioError` is also a ``ValueError``, a
:class:`PlaceNotFound` a ``LookupError``. Messages are one line and start with the file they
are about, when there is one (``scenarios.toml: scenario 'x': ...``).
"""

from __future__ import annotations

from dataclasses import dataclass


class CorridorError(Exception):
    """Base class of every error corridor raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One problem found in a geodata folder."""

    file: str
    feature_id: str
    field: str
    message: str

    def __str__(self) -> str:
        parts = [self.file]
        if self.feature_id != "-":
            parts.append(self.feature_id)
        if self.field != "-":
            parts.append(self.field)
        return ": ".join([*parts, self.message])


class GeodataError(CorridorError, ValueError):
    """A geodata folder breaks the schema; ``problems`` lists every problem found.

    ``str()`` lists every problem, one per line (what ``corridor validate`` shows);
    :meth:`one_line` is the one-line form the other commands print.
    """

    def __init__(self, problems: list[Problem], folder: str | None = None) -> None:
        self.problems = list(problems)
        self.folder = folder
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in geodata:\n{lines}")

    def one_line(self) -> str:
        """One line: the first problem's file, the problem count and the first problem."""
        if not self.problems:
            return "geodata: invalid"
        first = self.problems[0]
        where = first.file
        if self.folder is not None and "/" not in where and "\\" not in where:
            where = f"{self.folder.rstrip('/')}/{where}"
        rest = str(first)[len(first.file) + 2:]
        n = len(self.problems)
        if n == 1:
            return f"{where}: {rest}"
        hint = f"corridor validate {self.folder}" if self.folder else "corridor validate DIR"
        return f"{where}: {n} problems (run '{hint}' to list them): first: {rest}"


class PlaceNotFound(CorridorError, LookupError):
    """A place name matches no place; ``suggestions`` holds the closest names."""

    def __init__(self, query: str, suggestions: list[str]) -> None:
        self.query = query
        self.suggestions = list(suggestions)
        hint = f" Did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"unknown place {query!r}.{hint}")


class AmbiguousPlace(CorridorError, LookupError):
    """A place name matches several places; ``candidates`` lists them."""

    def __init__(self, query: str, candidates: list[str]) -> None:
        self.query = query
        self.candidates = list(candidates)
        super().__init__(f"place {query!r} is ambiguous; candidates: {', '.join(self.candidates)}")


class NoRoute(CorridorError, LookupError):
    """No route connects origin and destination under the given restrictions."""


class ScenarioError(CorridorError, ValueError):
    """A scenario is unknown or its definition is invalid (also a ``ValueError``)."""


class CountryNotFound(CorridorError, LookupError):
    """A country name or code matches no country; ``suggestions`` holds the closest names."""

    def __init__(self, query: str, suggestions: list[str]) -> None:
        self.query = query
        self.suggestions = list(suggestions)
        hint = f" Did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"unknown country {query!r} (expected an ISO 3166 alpha-3 code "
                         f"or a country name).{hint}")


class OsmError(CorridorError, ValueError):
    """An OpenStreetMap extract cannot be read or used, or a build option is invalid.

    The extract may be missing, truncated or not OSM data. Also a ``ValueError``: the input,
    not the system, is at fault.
    """


class ReportError(CorridorError, ValueError):
    """A report cannot be made (bad pairs file, unknown format, unusable output folder...)."""


class InvalidArgument(CorridorError, ValueError):
    """An argument is malformed or out of range.

    E.g. too many alternatives, a point that is not on Earth or too far from the network, an
    unknown weight or mode.
    """


class MissingAsset(CorridorError):
    """An asset a map links to has no offline copy (folium and folium-offline disagree)."""


class MissingDependency(CorridorError, ImportError):
    """An optional dependency is not installed (e.g. matplotlib for ``corridor plot``)."""
