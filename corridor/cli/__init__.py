"""The ``corridor`` command: argument parsing and printing only, each command one library call."""

from corridor.cli.app import main
from corridor.cli.parser import COMMANDS, build_parser
from corridor.cli.route import _endpoint as _endpoint  # tests check the lon,lat parsing

__all__ = ["COMMANDS", "build_parser", "main"]
