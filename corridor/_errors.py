"""Exception types: one per kind of failure a user can cause."""

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
        return f"{self.file}: {self.feature_id}: {self.field}: {self.message}"


class GeodataError(CorridorError):
    """A geodata folder breaks the schema; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in geodata:\n{lines}")


class PlaceNotFound(CorridorError):
    """A place name matches no place; ``suggestions`` holds the closest names."""

    def __init__(self, query: str, suggestions: list[str]) -> None:
        self.query = query
        self.suggestions = list(suggestions)
        hint = f" Did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"unknown place {query!r}.{hint}")


class AmbiguousPlace(CorridorError):
    """A place name matches several places; ``candidates`` lists them."""

    def __init__(self, query: str, candidates: list[str]) -> None:
        self.query = query
        self.candidates = list(candidates)
        super().__init__(f"place {query!r} is ambiguous; candidates: {', '.join(self.candidates)}")


class NoRoute(CorridorError):
    """No route connects origin and destination under the given restrictions."""


class ScenarioError(CorridorError):
    """A scenario is unknown or its definition is invalid."""


class CountryNotFound(CorridorError):
    """A country name or code matches no country; ``suggestions`` holds the closest names."""

    def __init__(self, query: str, suggestions: list[str]) -> None:
        self.query = query
        self.suggestions = list(suggestions)
        hint = f" Did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"unknown country {query!r} (expected an ISO 3166 alpha-3 code "
                         f"or a country name).{hint}")


class OsmError(CorridorError):
    """An OpenStreetMap extract cannot be read (missing, truncated, not OSM data) or used."""


class InvalidArgument(CorridorError, ValueError):
    """An argument is malformed or out of range: e.g. too many alternatives, a point that is
    not on Earth or too far from the network, an unknown weight or mode."""
