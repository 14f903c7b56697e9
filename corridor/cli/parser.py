"""The argument parser of the ``corridor`` command, assembled from the command modules."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from corridor.cli.data import _add_osm, _add_validate
from corridor.cli.options import _Parser
from corridor.cli.outputs import _add_flows, _add_map, _add_plot, _add_report
from corridor.cli.route import _add_check, _add_route, _add_scenarios
from corridor.cli.toolbox import _add_toolbox

#: Functions that add one sub-command each (in the order ``corridor --help`` lists them).
COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [
    _add_validate, _add_route, _add_scenarios, _add_map, _add_report, _add_check,
]
COMMANDS.append(_add_osm)  # issue 7: ``corridor osm build``
COMMANDS.insert(COMMANDS.index(_add_map) + 1, _add_plot)  # issue 15: static figures
COMMANDS.append(_add_toolbox)  # issue 16: ``od``, ``export``, what-ifs, ``scenarios --show``
COMMANDS.append(_add_flows)  # issue 17: freight demand assignment


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``corridor`` command."""
    parser = _Parser(
        prog="corridor",
        description="Model the TRIPP corridor and the Middle Corridor: validate geodata, "
        "route, report, map.",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for add in COMMANDS:
        add(sub)
    return parser

