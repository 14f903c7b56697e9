"""Exports for GIS and network tools (GeoPackage, GeoParquet, GraphML, CSV) and OD tables."""

from corridor.export.graphml import graphml_graph, graphml_text
from corridor.export.layers import LAYERS, all_layers, graph_layers, place_layers
from corridor.export.od import OD_FORMATS, od_table, places_of_kinds, read_place_list, write_od
from corridor.export.write import EXPORT_FORMATS, METADATA_FILE, export

__all__ = [
    "EXPORT_FORMATS",
    "LAYERS",
    "METADATA_FILE",
    "OD_FORMATS",
    "all_layers",
    "export",
    "graph_layers",
    "graphml_graph",
    "graphml_text",
    "od_table",
    "place_layers",
    "places_of_kinds",
    "read_place_list",
    "write_od",
]
