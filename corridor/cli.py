"""The ``corridor`` command: argument parsing and printing only, each command one library call."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from corridor import geodata
from corridor._errors import CorridorError, GeodataError, NoRoute

Handler = Callable[[argparse.Namespace], int]


class _Parser(argparse.ArgumentParser):
    """ArgumentParser that exits with code 2 and a one-line message on bad input."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message}\n")


def _add_geodata_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--geodata",
        metavar="DIR",
        default=None,
        help="geodata folder (default: $CORRIDOR_GEODATA or the shipped data)",
    )


# --------------------------------------------------------------------------- validate


def _cmd_validate(args: argparse.Namespace) -> int:
    report = geodata.validate(args.dir or args.geodata)
    for warning in report.warnings:
        print(f"warning: {warning}")
    if not report.ok:
        for problem in report.problems:
            print(problem)
        print(f"{len(report.problems)} problem(s) found", file=sys.stderr)
        return 1
    assert report.data is not None
    print(geodata.summary(report.data))
    return 0


def _add_validate(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help="check a geodata folder and list every problem")
    p.add_argument("dir", nargs="?", default=None, help="geodata folder to check")
    _add_geodata_option(p)
    p.set_defaults(handler=_cmd_validate)


# --------------------------------------------------------------------------- main

#: Functions that add one sub-command each (in the order ``corridor --help`` lists them).
COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [_add_validate]


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``corridor`` command."""
    parser = _Parser(
        prog="corridor",
        description="Model the TRIPP corridor and the Middle Corridor: validate geodata, "
        "route, report, map.",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for add in COMMANDS:
        add(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``corridor`` command; return its exit code (no traceback reaches the user)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        return handler(args)
    except GeodataError as exc:
        print(f"corridor: error: {exc}", file=sys.stderr)
        return 2
    except NoRoute as exc:
        print(f"corridor: no route: {exc}", file=sys.stderr)
        return 1
    except CorridorError as exc:
        print(f"corridor: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("corridor: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # last resort: never show a traceback to a CLI user
        if args.debug:
            raise
        print(
            f"corridor: internal error: {type(exc).__name__}: {exc} (run with --debug for details)",
            file=sys.stderr,
        )
        return 3


if __name__ == "__main__":
    sys.exit(main())
