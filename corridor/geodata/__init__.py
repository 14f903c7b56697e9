"""Reading, validating and writing the geodata folder (places, links, regions).

The public names live in submodules by concern and are re-exported here:
:mod:`~corridor.geodata.schema` (file and field names, allowed values, required fields),
:mod:`~corridor.geodata.model` (:class:`GeoData`, :class:`ValidationReport`),
:mod:`~corridor.geodata.io` (reading JSON with root-cause problems, :func:`save`),
:mod:`~corridor.geodata.geometry` (geometry checks),
:mod:`~corridor.geodata.validation` (the table of field rules, :func:`validate`, :func:`load`)
and :mod:`~corridor.geodata.summary`.
"""

from corridor._errors import GeodataError, Problem
from corridor.geodata.io import feature_collection_text, save
from corridor.geodata.model import GeoData, ValidationReport
from corridor.geodata.schema import (
    CONFIDENCES,
    CROSSING_STATUSES,
    GAUGES_MM,
    INTEGER_FIELDS,
    LAND_MODES,
    LINK_FIELDS,
    LINK_STATUSES,
    LINKS_FILE,
    MODES,
    PLACE_FIELDS,
    PLACE_KINDS,
    PLACES_FILE,
    REGIONS_FILE,
    REQUIRED_CROSSING_FIELDS,
    REQUIRED_LINK_FIELDS,
    REQUIRED_PLACE_FIELDS,
)
from corridor.geodata.summary import link_lengths_km, summary
from corridor.geodata.validation import load, validate

__all__ = [
    "CONFIDENCES",
    "CROSSING_STATUSES",
    "GAUGES_MM",
    "INTEGER_FIELDS",
    "LAND_MODES",
    "LINKS_FILE",
    "LINK_FIELDS",
    "LINK_STATUSES",
    "MODES",
    "PLACES_FILE",
    "PLACE_FIELDS",
    "PLACE_KINDS",
    "REGIONS_FILE",
    "REQUIRED_CROSSING_FIELDS",
    "REQUIRED_LINK_FIELDS",
    "REQUIRED_PLACE_FIELDS",
    "GeoData",
    "GeodataError",
    "Problem",
    "ValidationReport",
    "feature_collection_text",
    "link_lengths_km",
    "load",
    "save",
    "summary",
    "validate",
]
