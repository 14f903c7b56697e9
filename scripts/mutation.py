"""Mutation testing of the core modules with mutmut; writes the score and the survivors.

Usage (from the repository root, after ``pip install -e '.[dev,mutation]'``)::

    python scripts/mutation.py                 # every target, report in docs/mutation-report.md
    python scripts/mutation.py io escaping     # some targets
    python scripts/mutation.py --max-children 2 --report /tmp/mutation.md

Each target mutates its modules and runs only the test files that guard them, in a scratch
copy of the committed tree (``git archive HEAD``), so the working tree is never touched. Too
slow for every CI run (tens of minutes): run it after changing a core module and commit the
report. Score = killed / (killed + survived + no tests + timeout + suspicious).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import Counter
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: target -> (module globs to mutate, test files that guard them)
TARGETS: dict[str, tuple[list[str], list[str]]] = {
    "io": (["corridor/_io.py"], ["tests/test_io.py"]),
    "network": (["corridor/network/*"], ["tests/test_network.py", "tests/test_routing.py",
                                         "tests/test_routing_points.py",
                                         "tests/test_network_graph.py",
                                         "tests/test_analysis.py", "tests/test_lengths.py",
                                         "tests/test_timing.py", "tests/test_costs.py"]),
    "scenarios": (["corridor/scenarios/*"], ["tests/test_scenarios.py",
                                             "tests/test_scenarios_messages.py",
                                             "tests/test_whatif.py", "tests/test_timing.py"]),
    "report-escaping": (["corridor/reports/templates.py"], ["tests/test_reports.py"]),
    "map-escaping": (["corridor/maps/style.py", "corridor/maps/safe.py",
                      "corridor/maps/popups.py"],
                     ["tests/test_map_safety.py", "tests/test_map_popups.py",
                      "tests/test_maps.py"]),
    "geodata": (["corridor/geodata/*"],
                ["tests/test_geodata_validation.py", "tests/test_geodata_problems.py",
                 "tests/test_geodata_shipped.py"]),
    "routing": (["corridor/routing/*"],
                ["tests/test_routing.py", "tests/test_routing_explain.py",
                 "tests/test_routing_points.py", "tests/test_routing_queries.py",
                 "tests/test_cli_route.py"]),
    # the two tests on a Dask cluster are left out: a mutant that breaks a build on the
    # cluster leaves it waiting until mutmut's timeout (4 min each); the in-process tests
    # run the same code
    "osm-stitch": (["corridor/osm/seams.py", "corridor/osm/partition.py"],
                   ["tests/test_osm_stitch.py",
                    "-k", "not dask_workers and not local_cluster"]),
    "tariffs": (["corridor/tariffs.py", "corridor/network/costs.py"],
                ["tests/test_costs.py", "tests/test_routing_points.py"]),
}

COUNTED = ("killed", "survived", "no tests", "timeout", "suspicious")

#: Survivors judged equivalent, grouped by reason: why no test can tell them from the
#: original. Names hold mutmut's running numbers, so an entry goes stale when its
#: function changes (the report then lists the mutant as open, to be judged anew).
_EQUIVALENT_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    # scenarios: whatif.py, files.py (session 4)
    (
        'codec names are case-insensitive: "UTF-8" and "utf-8" name the same codec',
        (
            'corridor.scenarios.files.x_read__mutmut_23',
        ),
    ),
    (
        '`n=3` dropped: 3 is the default of `difflib.get_close_matches`',
        (
            'corridor.scenarios.files.x_get__mutmut_14',
        ),
    ),
    (
        'default `at_sea=False` -> `True`: never used, `geometry()` always passes `at_sea` on',
        (
            'corridor.geodata.geometry.x__check_coords__mutmut_1',
        ),
    ),
    (
        'fast-path box test `<=` -> `<`: a bounding box on a box edge falls through to the '
        'exact per-vertex test, which accepts it too (same answer, slower)',
        (
            'corridor.geodata.geometry.x__check_coords__mutmut_7',
            'corridor.geodata.geometry.x__check_coords__mutmut_8',
            'corridor.geodata.geometry.x__check_coords__mutmut_9',
            'corridor.geodata.geometry.x__check_coords__mutmut_10',
        ),
    ),
    (
        "'empty geometry' after shapely: unreachable, an empty coordinate list is refused "
        'before shapely parses it',
        (
            'corridor.geodata.geometry.x__shapely_problem__mutmut_2',
            'corridor.geodata.geometry.x__shapely_problem__mutmut_3',
        ),
    ),
    (
        'the one-vertex-line check: unreachable, shapely itself refuses a one-vertex LineString'
        " ('invalid geometry: ...') before it",
        (
            'corridor.geodata.geometry.x__shapely_problem__mutmut_6',
            'corridor.geodata.geometry.x__shapely_problem__mutmut_7',
            'corridor.geodata.geometry.x__shapely_problem__mutmut_8',
            'corridor.geodata.geometry.x__shapely_problem__mutmut_11',
            'corridor.geodata.geometry.x__shapely_problem__mutmut_12',
        ),
    ),
    (
        'the problem text of a usable geometry is never read',
        (
            'corridor.geodata.geometry.x__shape__mutmut_20',
        ),
    ),
    (
        'a value in a field column added to a frame of no rows: no row holds it',
        (
            'corridor.geodata.io.x_to_frame__mutmut_22',
        ),
    ),
    (
        'a keyword `False` -> `None`: falsy, the same',
        (
            'corridor.geodata.io.x_to_frame__mutmut_24',
            'corridor.geodata.io.x_feature_collection_text__mutmut_41',
            'corridor.geodata.validation.x_link_country__mutmut_13',
        ),
    ),
    (
        '`"id" in frame.columns or True`: every frame `save` writes has an id column',
        (
            'corridor.geodata.io.x_feature_collection_text__mutmut_4',
        ),
    ),
    (
        "the JSON type name 'object': unreachable, both callers handle a dict first",
        (
            'corridor.geodata.schema.x_json_type__mutmut_2',
            'corridor.geodata.schema.x_json_type__mutmut_3',
        ),
    ),
    (
        "the rule guards only a required field (`name`; a crossing's `countries`), so the "
        'mutated `not required` test is False either way',
        (
            'corridor.geodata.validation.x_text__mutmut_4',
            'corridor.geodata.validation.x_iso3_pair__mutmut_4',
        ),
    ),
    (
        'the list of usable links is used only when there is no problem, and every early return'
        ' here follows a problem already added (bad end or bad geometry)',
        (
            'corridor.geodata.validation.x__end_ok__mutmut_15',
            'corridor.geodata.validation.x__end_ok__mutmut_17',
            'corridor.geodata.validation.x__end_ok__mutmut_58',
            'corridor.geodata.validation.x__validate_links__mutmut_101',
        ),
    ),
    (
        '`gap <= 2 km` -> `<`: needs a line end exactly 2 km (to the last bit of a float '
        'geodesic) from its place',
        (
            'corridor.geodata.validation.x__end_ok__mutmut_39',
        ),
    ),
    (
        "codec alias: 'UTF-8' is the same codec as 'utf-8'",
        (
            'corridor.geodata.io.x__read_text__mutmut_9',
        ),
    ),
    (
        "the second value is replaced by the JSON parser's verdict whenever the text was read",
        (
            'corridor.geodata.io.x__read_text__mutmut_10',
        ),
    ),
    (
        'the regions CRS check after GDAL: unreachable, a file whose crs member passes the '
        'EPSG:4326/CRS84 test (or has none) reads as EPSG:4326 in GDAL (checked for '
        'OGC:1.3:CRS84, EPSG:4326 and urn:ogc:def:crs:EPSG::4326)',
        (
            'corridor.geodata.io.x_read_regions__mutmut_31',
            'corridor.geodata.io.x_read_regions__mutmut_34',
            'corridor.geodata.io.x_read_regions__mutmut_35',
            'corridor.geodata.io.x_read_regions__mutmut_36',
            'corridor.geodata.io.x_read_regions__mutmut_37',
            'corridor.geodata.io.x_read_regions__mutmut_38',
            'corridor.geodata.io.x_read_regions__mutmut_39',
            'corridor.geodata.io.x_read_regions__mutmut_40',
            'corridor.geodata.io.x_read_regions__mutmut_41',
            'corridor.geodata.io.x_read_regions__mutmut_42',
            'corridor.geodata.io.x_read_regions__mutmut_43',
            'corridor.geodata.io.x_read_regions__mutmut_44',
            'corridor.geodata.io.x_read_regions__mutmut_45',
            'corridor.geodata.io.x_read_regions__mutmut_46',
            'corridor.geodata.io.x_read_regions__mutmut_47',
            'corridor.geodata.io.x_read_regions__mutmut_48',
        ),
    ),
    (
        '`allow_empty=True` -> `None`: the test is `allow_empty is False`, which None passes '
        'too',
        (
            'corridor.geodata.validation.x_validate__mutmut_37',
        ),
    ),
    (
        'not testable by mutmut: the module-level caches are built at import, before a mutant '
        'is switched on (a size of None would fail at the first insertion)',
        (
            'corridor.routing.cache.xǁByObjectǁ__init____mutmut_1',
            'corridor.routing.cache.xǁByObjectǁ__init____mutmut_2',
        ),
    ),
    (
        '`geodata.load(None)` loads the same `$CORRIDOR_GEODATA` folder as `load(folder)`',
        (
            'corridor.routing.cache.x_default_data__mutmut_17',
        ),
    ),
    (
        'the relaxed scenario reaches the router twice, as `scenario` and as the graph built '
        "for it; the router takes the graph's scenario, so either alone gives the same route",
        (
            'corridor.routing.explain.x__connected__mutmut_4',
        ),
    ),
    (
        'a keyword `False` -> `None` (or a default equal to the value given): the same call',
        (
            'corridor.routing.explain.x__connected__mutmut_12',
            'corridor.routing.legs.xǁRouteǁto_geojson__mutmut_26',
            'corridor.routing.legs.xǁRouteǁto_geodataframe__mutmut_10',
            'corridor.routing.legs.xǁRouteǁto_geodataframe__mutmut_13',
            'corridor.routing.places.x_country_code__mutmut_27',
            'corridor.routing.places.x_country_code__mutmut_28',
            'corridor.routing.places.x_country_code__mutmut_30',
            'corridor.routing.places.x_find_place__mutmut_81',
        ),
    ),
    (
        'every leg has a geometry (a point for transfers, gauge breaks and borders)',
        (
            'corridor.routing.legs.xǁRouteǁto_geojson__mutmut_17',
        ),
    ),
    (
        '`typing.cast` does nothing at run time',
        (
            'corridor.routing.route.x_od_matrix__mutmut_77',
            'corridor.routing.route.x__endpoint__mutmut_132',
            'corridor.routing.route.x__staged__mutmut_30',
        ),
    ),
    (
        'the targets only let the search stop early; without them it reaches every node, the '
        'same paths included',
        (
            'corridor.routing.route.x_od_matrix__mutmut_199',
            'corridor.routing.route.x__staged__mutmut_19',
        ),
    ),
    (
        "only a free point (label 'point') can be too far: a place of the geodata is snapped "
        'without a cap, so the place branch and the label test are never reached',
        (
            'corridor.routing.snap.x__too_far__mutmut_3',
            'corridor.routing.snap.x__too_far__mutmut_10',
        ),
    ),
    (
        'the swapped-point hint for a point whose swap is off the globe: the geodesic distance '
        'of such a point is not finite, so no hint is given either way',
        (
            'corridor.routing.snap.x__too_far__mutmut_9',
        ),
    ),
    (
        'a comparison at the cap: needs a distance exactly equal (to the last bit) to the cap',
        (
            'corridor.routing.snap.x__too_far__mutmut_26',
            'corridor.routing.snap.x__snap__mutmut_57',
        ),
    ),
    (
        'candidates come nearest first, so once one lies beyond the cap the later ones do too '
        '(up to the planar-vs-geodesic difference at the very edge of the cap)',
        (
            'corridor.routing.snap.x__snap__mutmut_58',
        ),
    ),
    (
        "the `mode` of an access edge is not read: its leg is always mode 'access'",
        (
            'corridor.routing.snap.x__snap__mutmut_67',
            'corridor.routing.snap.x__snap__mutmut_68',
            'corridor.routing.snap.x__snap__mutmut_69',
            'corridor.routing.snap.x__snap__mutmut_70',
        ),
    ),
    (
        "a link's length is positive (a valid line has two distinct vertices), so the zero-"
        'length guard of the fraction never applies',
        (
            'corridor.routing.snap.x__snap__mutmut_150',
            'corridor.routing.snap.x__snap__mutmut_153',
            'corridor.routing.snap.x__snap__mutmut_155',
        ),
    ),
    (
        '`part_to` of a link part is recorded but never read (legs orient parts by `part_from`)',
        (
            'corridor.routing.snap.x__snap__mutmut_166',
            'corridor.routing.snap.x__snap__mutmut_175',
            'corridor.routing.snap.x__snap__mutmut_197',
            'corridor.routing.snap.x__snap__mutmut_198',
            'corridor.routing.snap.x__snap__mutmut_201',
            'corridor.routing.snap.x__snap__mutmut_202',
            'corridor.routing.snap.x__snap__mutmut_203',
        ),
    ),
    (
        'the snapped point of `_Snap` is not read by routing (the anchor and edges are)',
        (
            'corridor.routing.snap.x__snap__mutmut_222',
        ),
    ),
    (
        'the degenerate-part guard: a part that is not a two-vertex line is a Point (one '
        'coordinate), which both forms of the test replace; a one-vertex LineString cannot '
        'exist',
        (
            'corridor.routing.snap.x__snap__mutmut_128',
            'corridor.routing.snap.x__snap__mutmut_129',
        ),
    ),
    (
        'never used: `route` always passes `explain` on',
        (
            'corridor.routing.explain.x_why_no_route__mutmut_1',
        ),
    ),
    (
        'the relaxed scenarios open every crossing twice over, by status (every status counts) '
        'and by name (`open_crossings`); either alone opens them all, and open borders only add'
        ' openings',
        (
            'corridor.routing.explain.x_why_no_route__mutmut_40',
            'corridor.routing.explain.x_why_no_route__mutmut_43',
            'corridor.routing.explain.x_why_no_route__mutmut_44',
            'corridor.routing.explain.x_why_no_route__mutmut_114',
            'corridor.routing.explain.x_why_no_route__mutmut_117',
            'corridor.routing.explain.x__all_crossings__mutmut_5',
            'corridor.routing.explain.x__all_crossings__mutmut_6',
        ),
    ),
    (
        'every node of a path has a place (layer nodes from the graph, temporary nodes from the'
        ' overlay), so the fallback label is never used',
        (
            'corridor.routing.legs.x__leg__mutmut_6',
            'corridor.routing.legs.x__leg__mutmut_9',
            'corridor.routing.legs.x__leg__mutmut_14',
            'corridor.routing.legs.x__leg__mutmut_15',
            'corridor.routing.legs.x__leg__mutmut_18',
            'corridor.routing.legs.x__leg__mutmut_21',
            'corridor.routing.legs.x__leg__mutmut_26',
            'corridor.routing.legs.x__leg__mutmut_27',
        ),
    ),
    (
        'the ranks 0 (id) < 1 (name) < 3 (alternative name) keep their order',
        (
            'corridor.routing.places.x__build_index__mutmut_34',
        ),
    ),
    (
        'the label of a place name is asked only for names already resolved by the route, so '
        'the fallback for an unknown name is never reached',
        (
            'corridor.routing.places.x__label__mutmut_13',
        ),
    ),
    (
        'a constant added to every path of a search (the virtual start or end edge) changes no '
        'choice; the kind of a virtual edge is never read (virtual edges are cut off the path)',
        (
            'corridor.routing.route.x__staged__mutmut_2',
            'corridor.routing.route.x__staged__mutmut_12',
            'corridor.routing.route.x__staged__mutmut_13',
            'corridor.routing.route.x__staged__mutmut_14',
            'corridor.routing.route.x__staged__mutmut_15',
            'corridor.routing.route.x__search__mutmut_27',
            'corridor.routing.route.x__search__mutmut_28',
            'corridor.routing.route.x__search__mutmut_29',
            'corridor.routing.route.x__search__mutmut_30',
            'corridor.routing.route.x__search__mutmut_31',
            'corridor.routing.route.x__search__mutmut_32',
            'corridor.routing.route.x__search__mutmut_33',
            'corridor.routing.route.x__search__mutmut_34',
            'corridor.routing.route.x__search__mutmut_35',
            'corridor.routing.route.x__search__mutmut_36',
        ),
    ),
    (
        'one route with a single origin and destination is the same from either search (the '
        'first of the k shortest simple paths is the shortest path); via places with '
        'alternatives are refused before',
        (
            'corridor.routing.route.x__search__mutmut_3',
            'corridor.routing.route.x__search__mutmut_4',
            'corridor.routing.route.x__search__mutmut_7',
        ),
    ),
    (
        'the tie-break term (1e-7 x the other measure) only orders routes of exactly equal time'
        ' or length, which geodesic lengths do not give',
        (
            'corridor.routing.view.x__weight_of__mutmut_4',
        ),
    ),
    (
        'a tie between parallel edges of exactly equal weight',
        (
            'corridor.routing.view.x__build_view__mutmut_55',
        ),
    ),
    (
        'virtual edges are cut off a path before it becomes legs, so their kind is never tested'
        ' there',
        (
            'corridor.routing.legs.x__leg__mutmut_29',
            'corridor.routing.legs.x__leg__mutmut_30',
        ),
    ),
    (
        'every access edge carries its label, so the default is never used',
        (
            'corridor.routing.legs.x__leg__mutmut_46',
            'corridor.routing.legs.x__leg__mutmut_48',
            'corridor.routing.legs.x__leg__mutmut_51',
            'corridor.routing.legs.x__leg__mutmut_52',
        ),
    ),
    (
        "the place label of a temporary node: legs fall back to 'point' for a point or snap "
        'node and never see a virtual node, so the label is never read',
        (
            'corridor.routing.view.x__overlay__mutmut_16',
            'corridor.routing.view.x__overlay__mutmut_17',
            'corridor.routing.view.x__overlay__mutmut_19',
            'corridor.routing.view.x__overlay__mutmut_24',
            'corridor.routing.view.x__overlay__mutmut_25',
            'corridor.routing.view.x__overlay__mutmut_28',
            'corridor.routing.view.x__overlay__mutmut_29',
        ),
    ),
    (
        'when the country after a name is unknown the whole query is looked up, which is not a '
        'key of the index, so the country is never used',
        (
            'corridor.routing.places.x_find_place__mutmut_37',
        ),
    ),
    (
        'the points are checked again, the same way, where each end is resolved',
        (
            'corridor.routing.route.x__route__mutmut_13',
        ),
    ),
    (
        'with an end that has no node the search finds nothing either',
        (
            'corridor.routing.route.x__route__mutmut_88',
        ),
    ),
    (
        'cache bookkeeping: a hit is returned only for the very owner it was built from '
        '(`hit[0]() is owner`), so a wrong key, a lost clean-up callback or another eviction '
        'order costs a rebuild or memory, never a different answer',
        (
            'corridor.routing.cache.xǁByObjectǁget_or_build__mutmut_2',
            'corridor.routing.cache.xǁByObjectǁget_or_build__mutmut_14',
            'corridor.routing.cache.xǁByObjectǁget_or_build__mutmut_16',
            'corridor.routing.cache.xǁByObjectǁget_or_build__mutmut_17',
            'corridor.routing.cache.xǁByObjectǁget_or_build__mutmut_18',
            'corridor.routing.cache.xǁByObjectǁget_or_build__mutmut_19',
            'corridor.routing.cache.xǁByObjectǁget_or_build__mutmut_20',
            'corridor.routing.cache.xǁByObjectǁ_forget__mutmut_1',
            'corridor.routing.cache.xǁByObjectǁ_forget__mutmut_2',
            'corridor.routing.cache.xǁByObjectǁ_forget__mutmut_3',
            'corridor.routing.cache.xǁByObjectǁ_forget__mutmut_4',
            'corridor.routing.cache.xǁByObjectǁ_forget__mutmut_5',
            'corridor.routing.cache.xǁByObjectǁ_forget__mutmut_6',
        ),
    ),
    (
        'the separator replacement is applied alike to every name indexed and every query',
        (
            'corridor.routing.places.x_fold__mutmut_23',
        ),
    ),
    (
        'six close names instead of five are cut to the same first five suggestions',
        (
            'corridor.routing.places.x_find_place__mutmut_83',
        ),
    ),
    # routing (session 4)
    (
        "the compiled search is looked up under the weight name it was attached with ('w'); "
        'attached under another name it is never found and every search falls back to '
        'networkx, which finds the same paths (checked on the shipped network with the '
        'compiled engine forced: the same routes, alternatives and OD matrix)',
        (
            'corridor.routing.view.x__build_view__mutmut_78',
            'corridor.routing.view.x__build_view__mutmut_80',
            'corridor.routing.view.x__build_view__mutmut_81',
            'corridor.routing.view.x__build_view__mutmut_82',
        ),
    ),
    (
        "a constant added to the sums of every node of a destination changes no choice (a "
        "destination reached by an access leg has an entry for each of its nodes, so the "
        "default is only used for the others)",
        (
            'corridor.routing.route.x__fill_row__mutmut_25',
        ),
    ),
    (
        'the first of the k shortest simple paths is the shortest path: two places reached '
        'by access legs get the same route asking for one route or two',
        (
            'corridor.routing.route.x__snapped_rows__mutmut_46',
        ),
    ),
    (
        'the probe value is restored at once; only the old mask it returns is used',
        (
            'corridor._io.x__umask__mutmut_3',
        ),
    ),
    (
        'the temporary file always exists when the clean-up runs (mkstemp made it, the failed '
        'write or replace left it)',
        (
            'corridor._io.x_atomic_write_bytes__mutmut_26',
            'corridor._io.x_atomic_write_bytes__mutmut_28',
        ),
    ),
    (
        "codec alias: 'UTF-8' is the same codec as 'utf-8'",
        (
            'corridor._io.x_atomic_write_text__mutmut_7',
        ),
    ),
    (
        "`PurePosixPath` never yields an empty or '.' part, so only '..' can match",
        (
            'corridor._io.x__relative__mutmut_8',
            'corridor._io.x__relative__mutmut_9',
        ),
    ),
    (
        'the length or suffix of the random hidden name of a temporary file or folder: any '
        'unused name does',
        (
            'corridor._io.x__sibling__mutmut_4',
            'corridor._io.x__sibling__mutmut_5',
            'corridor._io.x__swap_in__mutmut_5',
            'corridor._io.x__swap_in__mutmut_8',
            'corridor._io.x__swap_in__mutmut_9',
            'corridor._io.x_atomic_write_folder__mutmut_17',
            'corridor._io.x_atomic_write_folder__mutmut_20',
            'corridor._io.x_atomic_write_folder__mutmut_21',
        ),
    ),
    (
        '`zip(..., strict=True)` over lists of equal length by construction',
        (
            'corridor._io.x_atomic_write_folder__mutmut_26',
            'corridor._io.x_atomic_write_folder__mutmut_29',
            'corridor._io.x_atomic_write_folder__mutmut_30',
            'corridor._io.x_csv_text__mutmut_22',
            'corridor._io.x_csv_text__mutmut_25',
            'corridor._io.x_csv_text__mutmut_26',
        ),
    ),
    (
        'the creation mode of a temporary file: `_write_synced` sets the final mode (fchmod) '
        'right after',
        (
            'corridor._io.x_atomic_write_folder__mutmut_47',
            'corridor._io.x_atomic_write_folder__mutmut_50',
        ),
    ),
    # scenarios: validation.py, selection.py (session 4)
    (
        'a keyword equal to the default of `difflib.get_close_matches` (n=3, cutoff=0.6)',
        (
            'corridor.scenarios.validation.x_hint__mutmut_8',
            'corridor.scenarios.validation.x_hint__mutmut_9',
        ),
    ),
    (
        "a GeoSeries' `tolist()` gives the same shapely geometries as `list(series.array)`, so "
        'either way of reading the geometry column is the same',
        (
            'corridor.scenarios.selection.x_records__mutmut_3',
            'corridor.scenarios.selection.x_records__mutmut_5',
            'corridor.scenarios.selection.x_records__mutmut_6',
        ),
    ),
    (
        '`zip(..., strict=True)` over the columns (or the index and a column) of one frame: '
        'equal lengths by construction',
        (
            'corridor.scenarios.selection.x_records__mutmut_13',
            'corridor.scenarios.selection.x_records__mutmut_16',
            'corridor.scenarios.selection.x_records__mutmut_17',
            'corridor.scenarios.selection.x_records__mutmut_20',
            'corridor.scenarios.selection.x_records__mutmut_23',
            'corridor.scenarios.selection.x_records__mutmut_24',
            'corridor.scenarios.selection.x_records__mutmut_26',
            'corridor.scenarios.selection.x_records__mutmut_27',
            'corridor.scenarios.selection.x_records__mutmut_28',
            'corridor.scenarios.selection.x_select__mutmut_11',
            'corridor.scenarios.selection.x_select__mutmut_14',
            'corridor.scenarios.selection.x_select__mutmut_17',
        ),
    ),
    (
        'iterating a 1-D array (a list value read back from Parquet) gives the same items as '
        'its `tolist()`, and `str()` makes the same strings of them',
        (
            'corridor.scenarios.selection.x__tags__mutmut_9',
            'corridor.scenarios.selection.x__tags__mutmut_11',
            'corridor.scenarios.selection.x__tags__mutmut_15',
            'corridor.scenarios.selection.x__tags__mutmut_16',
        ),
    ),
    # network new code (session 4b)
    (
        'a link with `directions` is a ferry joining two countries, which always has '
        '`customs_h`, and a border edge never reads it: the default of `customs_h` is never used',
        (
            'corridor.network.build.xǁ_Builderǁ_from__mutmut_8',
            'corridor.network.build.xǁ_Builderǁ_from__mutmut_10',
            'corridor.network.build.xǁ_Builderǁ_from__mutmut_13',
        ),
    ),
    (
        '`zip(..., strict=True)` over an edge\'s two ends and its two directions: equal length '
        'by construction',
        (
            'corridor.network.build.xǁ_Builderǁ_from__mutmut_23',
            'corridor.network.build.xǁ_Builderǁ_from__mutmut_26',
            'corridor.network.build.xǁ_Builderǁ_from__mutmut_29',
        ),
    ),
    (
        'no `LINE_SPEEDS` entry has an empty line class, so a link without class misses the '
        'table under "XXXX" as under ""',
        (
            'corridor.network.timing.x_class_speed__mutmut_3',
        ),
    ),
    (
        'the `freight` field is validated true/false or missing (None, NaN): `math.isnan` of '
        'a bool is False, as the float test of the original gives',
        (
            'corridor.network.timing.x__is_nan__mutmut_1',
        ),
    ),
    (
        'a comparison at the 5 km limit or between two places at exactly the same distance: '
        'needs float geodesics exactly equal',
        (
            'corridor.network.build.xǁ_Builderǁ_nearest__mutmut_18',
            'corridor.network.build.xǁ_Builderǁ_nearest__mutmut_21',
        ),
    ),
    (
        'places with land links exclude crossings, whose nodes alone have a side, so the side '
        'of the joined place is always None',
        (
            'corridor.network.build.xǁ_Builderǁ_add_local__mutmut_48',
        ),
    ),
    (
        'the list of corridors is replaced by the joined text right after, whatever the filter',
        (
            'corridor.network.build.x_edges_frame__mutmut_13',
            'corridor.network.build.x_edges_frame__mutmut_14',
        ),
    ),
    (
        "geopandas takes the column named 'geometry' by default",
        (
            'corridor.network.build.x_edges_frame__mutmut_22',
            'corridor.network.build.x_edges_frame__mutmut_25',
        ),
    ),
    (
        "build writes a node's mode and its layer (in the node tuple) together, and they agree,"
        ' so reading the layer instead of the mode gives the same mode',
        (
            'corridor.network.graph.x_layer_mode__mutmut_2',
            'corridor.network.graph.x_layer_mode__mutmut_3',
            'corridor.network.graph.x_layer_mode__mutmut_4',
            'corridor.network.graph.x_layer_mode__mutmut_5',
        ),
    ),
    (
        "a ferry's sailing time is positive (validated, or length / ferry speed), so the guard "
        'against zero never applies',
        (
            'corridor.network.build.x_link_time_h__mutmut_28',
            'corridor.network.build.x_link_time_h__mutmut_30',
        ),
    ),
    (
        'validation gives every crossing exactly two countries, so the guard never applies; a '
        'missing side is falsy as None as as an empty set',
        (
            'corridor.network.build.xǁ_Builderǁopen_crossings__mutmut_11',
            'corridor.network.build.xǁ_Builderǁopen_crossings__mutmut_14',
            'corridor.network.build.xǁ_Builderǁopen_crossings__mutmut_16',
        ),
    ),
    # map-escaping, network, io (session 4)
    (
        '`json.dumps(ensure_ascii=False)` -> `None`: falsy, the same encoder',
        (
            'corridor.maps.safe.x_js_json__mutmut_4',
        ),
    ),
    (
        "`\\u003c` -> `\\u003C`: the same JSON and JavaScript escape of '<' (hex digits are "
        'case-blind)',
        (
            'corridor.maps.safe.x_js_json__mutmut_34',
        ),
    ),
    (
        "`type()` takes a new class's `__module__` from the calling module's globals, which "
        'are this module: the same `__name__`',
        (
            'corridor.maps.safe.x__safe_class__mutmut_40',
            'corridor.maps.safe.x__safe_class__mutmut_41',
        ),
    ),
    (
        "`type()` sets a new class's `__qualname__` to its name, the same text as given",
        (
            'corridor.maps.safe.x__safe_class__mutmut_42',
            'corridor.maps.safe.x__safe_class__mutmut_43',
        ),
    ),
    (
        "`and` -> `or` (folium has `classproperty`): only folium's `Class.render` reads "
        '`includes`; on a class outside `Class` nothing reads it, and reading it raises the '
        'AttributeError of a missing attribute either way',
        (
            'corridor.maps.safe.x__safe_class__mutmut_46',
        ),
    ),
    (
        '`html.escape(..., quote=True)`: True is the default',
        (
            'corridor.maps.style.x_escape__mutmut_5',
        ),
    ),
    (
        'places with land links exclude crossings, whose nodes alone have a side, so the side '
        'of the nearest land place is always None',
        (
            'corridor.network.build.xǁ_Builderǁadd_local_links__mutmut_34',
            'corridor.network.build.xǁ_Builderǁ_add_local__mutmut_54',
        ),
    ),
    # osm-stitch: seams.py (session 6)
    (
        "the same chain walked from its other end: `_oriented` turns it to the union's start "
        'either way',
        (
            'corridor.osm.seams.x__chain__mutmut_2',
        ),
    ),
    (
        "a ring through border nodes becomes a loop, dropped as the union's ring is: the way "
        'round it is walked changes nothing kept',
        (
            'corridor.osm.seams.x__chain__mutmut_10',
        ),
    ),
    (
        "the end segments of a chain's two ends belong to two different links, so their (way "
        'id, segment number) differ: a third column (backwards) or `<=` for `<` never decides'
        ' the comparison',
        (
            'corridor.osm.seams.x__oriented__mutmut_10',
            'corridor.osm.seams.x__oriented__mutmut_11',
            'corridor.osm.seams.x__oriented__mutmut_15',
            'corridor.osm.seams.x__oriented__mutmut_17',
            'corridor.osm.seams.x__oriented__mutmut_19',
        ),
    ),
    (
        'the backwards flag of a start row never decides the order (no two links start with '
        'the same segment: a segment is in one link), and end rows are not read after the '
        'merge, the last step that orders by segments',
        (
            'corridor.osm.seams.x__start_of__mutmut_3',
            'corridor.osm.seams.x__start_of__mutmut_4',
            'corridor.osm.seams.x__end_of__mutmut_2',
            'corridor.osm.seams.x__end_of__mutmut_3',
            'corridor.osm.seams.x__rebuilt__mutmut_80',
            'corridor.osm.seams.x__rebuilt__mutmut_150',
            'corridor.osm.seams.x__rebuilt__mutmut_152',
            'corridor.osm.seams.x__rebuilt__mutmut_154',
        ),
    ),
    (
        'a way runs on from one link of a chain into the next only if a piece split it at a '
        'border node the union merges through; a piece splits a way only where the union does'
        ' too (another way of its mode, or a ferry end), which leaves three link ends there, '
        'never merged',
        (
            'corridor.osm.seams.x__rebuilt__mutmut_17',
            'corridor.osm.seams.x__rebuilt__mutmut_19',
        ),
    ),
    (
        'each link with a geometry has two distinct vertices, so a chain has fewer than two '
        'distinct vertices only when none of its links has a geometry (no vertex at all), '
        'where both tests fail',
        (
            'corridor.osm.seams.x__rebuilt__mutmut_64',
        ),
    ),
    (
        "lists of Python ints become int64 arrays without the dtype too (and a chain's "
        'attribute index only widens from int32 when concatenated: the same values)',
        (
            'corridor.osm.seams.x__rebuilt__mutmut_90',
            'corridor.osm.seams.x__rebuilt__mutmut_92',
            'corridor.osm.seams.x__rebuilt__mutmut_128',
            'corridor.osm.seams.x__rebuilt__mutmut_130',
            'corridor.osm.seams.x__rebuilt__mutmut_133',
            'corridor.osm.seams.x__rebuilt__mutmut_135',
            'corridor.osm.seams.x__rebuilt__mutmut_138',
            'corridor.osm.seams.x__rebuilt__mutmut_140',
        ),
    ),
    (
        '`zip(..., strict=True)` over the positions of link ends and their nodes: equal '
        'length by construction',
        (
            'corridor.osm.seams.x__merge_at_borders__mutmut_20',
            'corridor.osm.seams.x__merge_at_borders__mutmut_23',
            'corridor.osm.seams.x__merge_at_borders__mutmut_24',
        ),
    ),
    # osm-stitch: partition.py (session 6)
    (
        '`reshape(-2, 2)`: numpy takes any negative size as the one to infer, as -1',
        (
            'corridor.osm.partition.xǁ_PieceLinksǁof__mutmut_40',
        ),
    ),
    (
        '`count=` of `np.fromiter` only sizes the buffer ahead: the same array',
        (
            'corridor.osm.partition.xǁ_PieceLinksǁof__mutmut_52',
        ),
    ),
    (
        'the way ids of one extract are distinct, so every sort kind gives the same order',
        (
            'corridor.osm.partition.x__owned__mutmut_7',
            'corridor.osm.partition.x__owned__mutmut_9',
            'corridor.osm.partition.x__owned__mutmut_11',
        ),
    ),
    (
        'the reader always gives the node index (`_locations`); without it the topology sorts'
        ' the node ids instead (`_Ways.node_index`): the same links, slower',
        (
            'corridor.osm.partition.x__owned__mutmut_45',
            'corridor.osm.partition.x__owned__mutmut_53',
            'corridor.osm.partition.x__owned__mutmut_54',
            'corridor.osm.partition.x__owned__mutmut_55',
            'corridor.osm.partition.x__owned__mutmut_56',
        ),
    ),
    (
        'a list of Python ints becomes an int64 array without the dtype too (never empty: a '
        'piece without a usable way is refused when read)',
        (
            'corridor.osm.partition.x__occurrence_modes__mutmut_3',
            'corridor.osm.partition.x__occurrence_modes__mutmut_5',
        ),
    ),
    (
        'every way read has two nodes or more (`_clean` drops the others), so `> 0`, `>= 0` '
        'and `> 1` select the same ways',
        (
            'corridor.osm.partition.x__piece_nodes__mutmut_12',
            'corridor.osm.partition.x__piece_nodes__mutmut_13',
            'corridor.osm.partition.x__piece_nodes__mutmut_19',
            'corridor.osm.partition.x__piece_nodes__mutmut_20',
        ),
    ),
    (
        'in process `_where` gives no worker options (`who_has` is empty), so only `pure` '
        'reaches `_InProcess.submit`',
        (
            'corridor.osm.partition.xǁ_InProcessǁsubmit__mutmut_3',
            'corridor.osm.partition.xǁ_InProcessǁsubmit__mutmut_4',
            'corridor.osm.partition.xǁ_InProcessǁsubmit__mutmut_5',
            'corridor.osm.partition.xǁ_InProcessǁsubmit__mutmut_6',
        ),
    ),
    (
        "an empty piece's geometry and junction points of any dtype (or None) give no "
        'coordinates: the same empty arrays',
        (
            'corridor.osm.partition.x__piece_links__mutmut_30',
            'corridor.osm.partition.x__piece_links__mutmut_32',
            'corridor.osm.partition.x__piece_links__mutmut_39',
            'corridor.osm.partition.x__piece_links__mutmut_47',
            'corridor.osm.partition.x__piece_links__mutmut_49',
        ),
    ),
    (
        'the ownership masks as floats (0.0 and 1.0) select the same ways (`np.flatnonzero`) '
        'and count the same',
        (
            'corridor.osm.partition.x__ownership__mutmut_21',
            'corridor.osm.partition.x__ownership__mutmut_23',
        ),
    ),
    (
        'sorting values already sorted changes nothing (only slower)',
        (
            'corridor.osm.partition.x__sorted_unique__mutmut_3',
            'corridor.osm.partition.x__in_two__mutmut_5',
            'corridor.osm.partition.x__in_two__mutmut_7',
            'corridor.osm.partition.x__in_two__mutmut_13',
            'corridor.osm.partition.x__borders__mutmut_6',
            'corridor.osm.partition.x__borders__mutmut_8',
            'corridor.osm.partition.x__borders__mutmut_11',
        ),
    ),
    (
        'pieces give no snapping candidates only when no place is of a snapping kind, and '
        '`_snap_resolve` then snaps nothing and lists no place as unsnapped: the same as not '
        'calling it',
        (
            'corridor.osm.partition.x__snapped__mutmut_3',
        ),
    ),
    (
        'the attribute index as int64 instead of int32: the same values; the padding entry '
        '(so that a piece without attributes still gives an int array) is never indexed',
        (
            'corridor.osm.partition.x__join__mutmut_5',
            'corridor.osm.partition.x__join__mutmut_7',
            'corridor.osm.partition.x__join__mutmut_13',
        ),
    ),
    (
        '`np.full(n, None)` is an object array without the dtype too',
        (
            'corridor.osm.partition.x__join__mutmut_37',
            'corridor.osm.partition.x__join__mutmut_40',
        ),
    ),
    (
        'start and end rows are not read after the merge at the borders (the last step that '
        'orders links by segments)',
        (
            'corridor.osm.partition.x__without_degenerate__mutmut_14',
            'corridor.osm.partition.x__without_degenerate__mutmut_15',
            'corridor.osm.partition.x__without_degenerate__mutmut_23',
            'corridor.osm.partition.x__without_degenerate__mutmut_24',
        ),
    ),
    (
        '`shapely.points` of an (n, 2) array is already one-dimensional; `reshape(None)` and '
        '`reshape(-2)` leave it so',
        (
            'corridor.osm.partition.x__junctions__mutmut_7',
            'corridor.osm.partition.x__junctions__mutmut_10',
        ),
    ),
    (
        'Dask placement hints: Dask runs a task where its input is held anyway, and naming '
        'the worker only stops work stealing (or, with `allow_other_workers`, a lost worker) '
        'from moving it, which no deterministic test provokes; `who_has(None)` lists every '
        "key held, the futures' among them. The Dask tests are left out of the run; checked "
        'by hand, they pass with these (and fail with the misnamed options, mutants 5-9)',
        (
            'corridor.osm.partition.x__where__mutmut_2',
            'corridor.osm.partition.x__where__mutmut_3',
            'corridor.osm.partition.x__where__mutmut_10',
            'corridor.osm.partition.x__where__mutmut_11',
            'corridor.osm.partition.x__where__mutmut_12',
            'corridor.osm.partition.x__where__mutmut_17',
            'corridor.osm.partition.x__where__mutmut_18',
            'corridor.osm.partition.x_build_partitioned__mutmut_50',
            'corridor.osm.partition.x_build_partitioned__mutmut_73',
            'corridor.osm.partition.x_build_partitioned__mutmut_110',
        ),
    ),
    (
        '`pure` is a Dask option (dropped in process): on Dask it decides only whether a '
        "task's key is a hash of its inputs, and every task here has inputs of its own "
        '(another extract or future), so the same tasks run',
        (
            'corridor.osm.partition.x_build_partitioned__mutmut_12',
            'corridor.osm.partition.x_build_partitioned__mutmut_15',
            'corridor.osm.partition.x_build_partitioned__mutmut_17',
            'corridor.osm.partition.x_build_partitioned__mutmut_22',
            'corridor.osm.partition.x_build_partitioned__mutmut_25',
            'corridor.osm.partition.x_build_partitioned__mutmut_26',
            'corridor.osm.partition.x_build_partitioned__mutmut_45',
            'corridor.osm.partition.x_build_partitioned__mutmut_49',
            'corridor.osm.partition.x_build_partitioned__mutmut_51',
            'corridor.osm.partition.x_build_partitioned__mutmut_67',
            'corridor.osm.partition.x_build_partitioned__mutmut_72',
            'corridor.osm.partition.x_build_partitioned__mutmut_74',
            'corridor.osm.partition.x_build_partitioned__mutmut_104',
            'corridor.osm.partition.x_build_partitioned__mutmut_109',
            'corridor.osm.partition.x_build_partitioned__mutmut_111',
        ),
    ),
    (
        '`zip(..., strict=True)` over one entry per extract in each list: equal length by '
        'construction',
        (
            'corridor.osm.partition.x_build_partitioned__mutmut_55',
            'corridor.osm.partition.x_build_partitioned__mutmut_59',
            'corridor.osm.partition.x_build_partitioned__mutmut_60',
            'corridor.osm.partition.x_build_partitioned__mutmut_77',
            'corridor.osm.partition.x_build_partitioned__mutmut_80',
            'corridor.osm.partition.x_build_partitioned__mutmut_81',
            'corridor.osm.partition.x_build_partitioned__mutmut_114',
            'corridor.osm.partition.x_build_partitioned__mutmut_117',
            'corridor.osm.partition.x_build_partitioned__mutmut_118',
        ),
    ),
    (
        'the snapped node ids are ints (int64 without the dtype too); none snapped gives an '
        'empty float array, which `isin`, `setdiff1d` and `unique` treat as the empty int one',
        (
            'corridor.osm.partition.x_build_partitioned__mutmut_94',
            'corridor.osm.partition.x_build_partitioned__mutmut_96',
        ),
    ),
    # tariffs (session 6)
    (
        'a local edge carries no `link_id` and is never a ferry (it joins land layers only), so '
        'whether its link id is read or not, it has none',
        (
            'corridor.network.costs.x__line_cost__mutmut_22',
            'corridor.network.costs.x__line_cost__mutmut_26',
            'corridor.network.costs.x__line_cost__mutmut_27',
            'corridor.network.costs.x__line_cost__mutmut_28',
            'corridor.network.costs.x__line_cost__mutmut_30',
            'corridor.network.costs.x__line_cost__mutmut_31',
        ),
    ),
    (
        'the km of a ferry line with a published fare is not read: the fare is per crossing',
        (
            'corridor.network.costs.x__line_cost__mutmut_35',
        ),
    ),
)
EQUIVALENT: dict[str, str] = {name: reason for reason, names in _EQUIVALENT_GROUPS
                                for name in names}


def _scratch_copy(dest: Path) -> None:
    """Extract the committed tree (HEAD) into ``dest``."""
    archive = subprocess.run(["git", "archive", "HEAD"], cwd=ROOT, check=True,
                             capture_output=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(dest, filter="data")


def _configure(copy: Path, modules: list[str], tests: list[str]) -> None:
    """Append a ``[tool.mutmut]`` section for one target to the copy's pyproject.toml."""
    quoted = ", ".join(f'"{m}"' for m in modules)
    selection = ", ".join(f'"{t}"' for t in tests)
    section = (
        "\n[tool.mutmut]\n"
        'source_paths = ["corridor/"]\n'
        f"only_mutate = [{quoted}]\n"
        'also_copy = ["geodata/", "scripts/", "benchmarks/", "README.md"]\n'
        f"pytest_add_cli_args_test_selection = [{selection}]\n"
        'pytest_add_cli_args = ["-p", "no:cacheprovider", "-q", "-x"]\n'
    )
    path = copy / "pyproject.toml"
    text = re.sub(r"\n\[tool\.mutmut\].*?(?=\n\[|\Z)", "", path.read_text(encoding="utf-8"),
                  flags=re.S)
    path.write_text(text + section, encoding="utf-8")


def run_target(name: str, max_children: int) -> tuple[Counter[str], list[str], float]:
    """Mutate one target; return status counts, surviving mutant names and seconds."""
    modules, tests = TARGETS[name]
    mutmut = Path(sys.executable).with_name("mutmut")
    with tempfile.TemporaryDirectory(prefix=f"mutation-{name}-") as tmp:
        copy = Path(tmp)
        _scratch_copy(copy)
        _configure(copy, modules, tests)
        start = time.perf_counter()
        subprocess.run([str(mutmut), "run", "--max-children", str(max_children)], cwd=copy,
                       check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        seconds = time.perf_counter() - start
        listing = subprocess.run([str(mutmut), "results", "--all", "true"], cwd=copy,
                                 check=False, capture_output=True, text=True).stdout
        counts: Counter[str] = Counter()
        survivors: list[str] = []
        for line in listing.splitlines():
            if ": " not in line:
                continue
            mutant, status = (part.strip() for part in line.rsplit(": ", 1))
            counts[status] += 1
            if status in ("survived", "no tests"):
                survivors.append(f"`{mutant}` ({status}): {_change(mutmut, copy, mutant)}")
    return counts, survivors, seconds


def _change(mutmut: Path, copy: Path, mutant: str) -> str:
    """The mutated line of ``mutant`` as ``old`` → ``new`` (from ``mutmut show``)."""
    diff = subprocess.run([str(mutmut), "show", mutant], cwd=copy, check=False,
                          capture_output=True, text=True).stdout.splitlines()
    old = [ln[1:].strip() for ln in diff if ln.startswith("-") and not ln.startswith("---")]
    new = [ln[1:].strip() for ln in diff if ln.startswith("+") and not ln.startswith("+++")]
    return f"`{' / '.join(old)[:120]}` → `{' / '.join(new)[:120]}`"


def score(counts: Counter[str]) -> float:
    """Killed share of the mutants that were run (NaN when none were)."""
    total = sum(counts[s] for s in COUNTED)
    return counts["killed"] / total if total else float("nan")


def main() -> int:
    """Run the targets named on the command line (all by default) and write the report."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("targets", nargs="*", metavar="TARGET",
                        help=f"targets to run (default: all): {', '.join(TARGETS)}")
    parser.add_argument("--max-children", type=int, default=2)
    parser.add_argument("--report", type=Path, default=ROOT / "docs" / "mutation-report.md")
    args = parser.parse_args()
    unknown = [t for t in args.targets if t not in TARGETS]
    if unknown:
        parser.error(f"unknown target(s) {unknown}; expected from {list(TARGETS)}")
    lines = ["# Mutation testing report", "",
             "Made by `python scripts/mutation.py` (mutmut); see the script's docstring.", "",
             "| target | modules | mutants run | killed | survived | no tests | score | time |",
             "|---|---|---|---|---|---|---|---|"]
    survivors_all: dict[str, list[str]] = {}
    for name in args.targets or list(TARGETS):
        counts, survivors, seconds = run_target(name, args.max_children)
        run = sum(counts[s] for s in COUNTED)
        lines.append(f"| {name} | {', '.join(TARGETS[name][0])} | {run} | {counts['killed']} "
                     f"| {counts['survived']} | {counts['no tests']} | {score(counts):.1%} "
                     f"| {seconds / 60:.1f} min |")
        print(lines[-1], flush=True)
        survivors_all[name] = survivors
        _write_report(args.report, lines, survivors_all)  # after each target: nothing lost
    print(f"wrote {args.report}")
    return 0


def annotate(survivor: str) -> str:
    """One report line: the survivor and, if judged equivalent, why (else "open")."""
    name = survivor.split("`", 2)[1]
    reason = EQUIVALENT.get(name)
    return f"- {survivor} — " + (f"**equivalent**: {reason}" if reason else "**open**")


def _write_report(path: Path, table: list[str], survivors_all: dict[str, list[str]]) -> None:
    """Write the score table and every target's survivors to ``path``."""
    lines = [*table, "", "## Survivors", ""]
    for name, survivors in survivors_all.items():
        lines.append(f"### {name} ({len(survivors)})")
        lines += [annotate(s) for s in survivors] or ["- none"]
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
