"""corridor: a network model of the TRIPP corridor and the Middle Corridor trade routes."""

from corridor import geodata, settings
from corridor._errors import (
    AmbiguousPlace,
    CorridorError,
    GeodataError,
    NoRoute,
    PlaceNotFound,
    Problem,
    ScenarioError,
)

__version__ = "0.1.0"

__all__ = [
    "AmbiguousPlace",
    "CorridorError",
    "GeodataError",
    "NoRoute",
    "PlaceNotFound",
    "Problem",
    "ScenarioError",
    "__version__",
    "geodata",
    "settings",
]
