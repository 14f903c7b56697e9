"""corridor: a network model of the TRIPP corridor and the Middle Corridor trade routes."""

from corridor import analysis, geodata, network, regions, reports, routing, scenarios, settings
from corridor._errors import (
    AmbiguousPlace,
    CorridorError,
    CountryNotFound,
    GeodataError,
    NoRoute,
    OsmError,
    PlaceNotFound,
    Problem,
    ScenarioError,
)

__version__ = "0.1.0"

__all__ = [
    "AmbiguousPlace",
    "CorridorError",
    "CountryNotFound",
    "GeodataError",
    "NoRoute",
    "OsmError",
    "PlaceNotFound",
    "Problem",
    "ScenarioError",
    "__version__",
    "analysis",
    "geodata",
    "network",
    "regions",
    "reports",
    "routing",
    "scenarios",
    "settings",
]
